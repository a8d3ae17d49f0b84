//go:build !js

package postgres

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/ops"
	"retort/engine/postgres/pgtest"
	"retort/engine/schema"
)

// openTestDB opens a fresh database of the test's own.
func openTestDB(t testing.TB) *DB {
	t.Helper()
	db, err := OpenDSN(context.Background(), pgtest.DSN(t))
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}

// execSQL runs SQL text, failing the test on an error.
func execSQL(t testing.TB, db *DB, sql string) {
	t.Helper()
	_, err := db.Exec(context.Background(), sql)
	require.NoError(t, err, sql)
}

// runOps plans ops on md and runs them as the runner will: in one
// transaction, but for the changes that must run outside one (COMMIT, them,
// BEGIN). It returns the schema after them.
func runOps(ctx context.Context, db *DB, md *schema.MetaData, list []ops.Op) (*schema.MetaData, error) {
	changes, after, err := PlanAll(md, list)
	if err != nil {
		return nil, err
	}
	if err := runChanges(ctx, db, changes); err != nil {
		return nil, err
	}
	return after, nil
}

func runChanges(ctx context.Context, db *DB, changes []Change) error {
	return db.Tx(ctx, func() error {
		for _, c := range changes {
			if c.Autocommit {
				if _, err := db.Exec(ctx, CommitSQL); err != nil {
					return err
				}
			}
			for _, s := range c.Statements {
				if _, err := db.Exec(ctx, s); err != nil {
					return c.Explain(fmt.Errorf("%w\n%s", err, s))
				}
			}
			if c.Autocommit {
				if _, err := db.Exec(ctx, BeginSQL); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func inspect(t testing.TB, db *DB) *schema.MetaData {
	t.Helper()
	md, err := Inspect(context.Background(), db)
	require.NoError(t, err)
	return md
}

// requireSameSchema fails the test when the database's schema (got, read
// with Inspect) is not the intended one (want): see schemaDiffs.
func requireSameSchema(t testing.TB, want, got *schema.MetaData, msgAndArgs ...any) {
	t.Helper()
	require.Empty(t, schemaDiffs(want, got), msgAndArgs...)
}

// schemaDiffs lists how the database's schema (got) differs from the
// intended one (want), in what PostgreSQL keeps: tables per schema;
// columns in order with their types as PostgreSQL stores them
// (storedType: Float is double precision), nullability, server defaults
// (Autogen.SameDefault), identity, generated columns (that there is one),
// comments and collations; primary keys, unique, foreign key and CHECK
// constraints (by name when want names them; CHECK text is PostgreSQL's
// own), indexes (columns, unique, method, INCLUDE, that there is a WHERE),
// the enum types, and the names of views.
func schemaDiffs(want, got *schema.MetaData) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	key := func(t *schema.Table) string { return t.Schema + "." + t.Name }
	for _, wt := range want.Tables {
		gt := got.TableIn(wt.Schema, wt.Name)
		if gt == nil || gt.Name != wt.Name {
			add("table %s: missing", key(wt))
			continue
		}
		out = append(out, tableDiffs(wt, gt)...)
	}
	for _, gt := range got.Tables {
		if wt := want.TableIn(gt.Schema, gt.Name); wt == nil || wt.Name != gt.Name {
			add("table %s: not expected", key(gt))
		}
	}
	enums := func(md *schema.MetaData) []string {
		var s []string
		for _, e := range md.Enums {
			s = append(s, e.Schema+"."+e.Name+"("+strings.Join(e.Values, ",")+")")
		}
		slices.Sort(s)
		return s
	}
	if a, b := enums(want), enums(got); !slices.Equal(a, b) {
		add("enum types: want %q, got %q", a, b)
	}
	views := func(md *schema.MetaData) []string {
		var s []string
		for _, v := range md.Views {
			s = append(s, v.Name)
		}
		slices.Sort(s)
		return s
	}
	if a, b := views(want), views(got); !slices.Equal(a, b) {
		add("views: want %q, got %q", a, b)
	}
	return out
}

func tableDiffs(w, g *schema.Table) []string {
	var out []string
	add := func(format string, args ...any) {
		out = append(out, fmt.Sprintf("table %s.%s: ", w.Schema, w.Name)+fmt.Sprintf(format, args...))
	}
	names := func(cols []*schema.Column) []string {
		var s []string
		for _, c := range cols {
			s = append(s, c.Name)
		}
		return s
	}
	if a, b := names(w.Columns), names(g.Columns); !slices.Equal(a, b) {
		add("columns: want %q, got %q", a, b)
	}
	serialCol := w.AutoincrementColumn()
	for _, wc := range w.Columns {
		gc := g.Column(wc.Name)
		if gc == nil || gc.Name != wc.Name {
			continue
		}
		if a, b := storedType(wc.Type), storedType(gc.Type); a != b {
			add("column %s: type %s, got %s", wc.Name, a, b)
		}
		wantNullable := wc.Nullable && !w.IsPrimaryKey(wc.Name) && wc.Identity == nil
		if wantNullable != gc.Nullable {
			add("column %s: nullable %v, got %v", wc.Name, wantNullable, gc.Nullable)
		}
		if wc != serialCol && !(Autogen{}).SameDefault(w, gc, wc) {
			add("column %s: default %q, got %q", wc.Name, wc.ServerDefault, gc.ServerDefault)
		}
		if (wc.Identity == nil) != (gc.Identity == nil) || wc.Identity != nil && identitySQL(wc.Identity) != identitySQL(gc.Identity) {
			add("column %s: identity %+v, got %+v", wc.Name, wc.Identity, gc.Identity)
		}
		if (wc.Computed == nil) != (gc.Computed == nil) {
			add("column %s: computed %+v, got %+v", wc.Name, wc.Computed, gc.Computed)
		}
		if wc.Comment != gc.Comment {
			add("column %s: comment %q, got %q", wc.Name, wc.Comment, gc.Comment)
		}
		if wc.Collation != gc.Collation {
			add("column %s: collation %q, got %q", wc.Name, wc.Collation, gc.Collation)
		}
	}
	if w.Comment != g.Comment {
		add("comment %q, got %q", w.Comment, g.Comment)
	}
	switch {
	case (w.PrimaryKey == nil) != (g.PrimaryKey == nil):
		add("primary key %+v, got %+v", w.PrimaryKey, g.PrimaryKey)
	case w.PrimaryKey != nil:
		if !slices.Equal(w.PrimaryKey.Columns, g.PrimaryKey.Columns) || w.PrimaryKey.Name != "" && w.PrimaryKey.Name != g.PrimaryKey.Name {
			add("primary key %+v, got %+v", *w.PrimaryKey, *g.PrimaryKey)
		}
	}
	str := func(format string, args ...any) string { return fmt.Sprintf(format, args...) }
	out = append(out, listDiffs(w, "unique", w.Uniques, g.Uniques, func(u *schema.Unique) string { return u.Name },
		func(u *schema.Unique) string { return str("%q", u.Columns) })...)
	out = append(out, listDiffs(w, "foreign key", w.ForeignKeys, g.ForeignKeys, func(f *schema.ForeignKey) string { return f.Name },
		func(f *schema.ForeignKey) string {
			return str("%q -> %s.%s%q delete %q update %q %s", f.Columns, f.RefSchema, f.RefTable, f.RefColumns,
				normAction(f.OnDelete), normAction(f.OnUpdate), normDeferrable(f.Deferrable))
		})...)
	out = append(out, listDiffs(w, "check", w.Checks, g.Checks, func(c *schema.Check) string { return c.Name },
		func(c *schema.Check) string { return "" })...)
	out = append(out, listDiffs(w, "index", w.Indexes, g.Indexes, func(ix *schema.Index) string { return ix.Name },
		func(ix *schema.Index) string {
			using := ix.Using
			if using == "" {
				using = "btree"
			}
			var cols []string
			for _, c := range ix.Columns {
				if w.Column(c) != nil || g.Column(c) != nil {
					cols = append(cols, c)
				} else {
					cols = append(cols, "<expression>")
				}
			}
			return str("%q unique %v %s include %q where %v", cols, ix.Unique, strings.ToLower(using), ix.Include, ix.Where != "")
		})...)
	return out
}

// listDiffs compares two lists of named things by name (an unnamed one in
// want matches whatever got has by description) and description.
func listDiffs[T any](w *schema.Table, kind string, want, got []T, name, desc func(T) string) []string {
	var out []string
	key := func(x T) string {
		if name(x) == "" {
			return "~" + desc(x)
		}
		return name(x) + " " + desc(x)
	}
	var a, b []string
	for _, x := range want {
		a = append(a, key(x))
	}
	for _, x := range got {
		if slices.Contains(a, "~"+desc(x)) {
			b = append(b, "~"+desc(x))
		} else {
			b = append(b, key(x))
		}
	}
	slices.Sort(a)
	slices.Sort(b)
	if !slices.Equal(a, b) {
		out = append(out, fmt.Sprintf("table %s.%s: %ss: want %q, got %q", w.Schema, w.Name, kind, a, b))
	}
	return out
}

func normAction(a string) string {
	if a == "" || strings.EqualFold(a, "NO ACTION") {
		return ""
	}
	return strings.ToUpper(a)
}

// normDeferrable spells a foreign key's deferrability as PostgreSQL keeps
// it: NOT DEFERRABLE and INITIALLY IMMEDIATE are the defaults.
func normDeferrable(d string) string {
	d = strings.ToUpper(strings.Join(strings.Fields(d), " "))
	switch {
	case strings.HasPrefix(d, "NOT DEFERRABLE"), d == "":
		return ""
	case strings.Contains(d, "INITIALLY DEFERRED"):
		return "DEFERRABLE INITIALLY DEFERRED"
	}
	return "DEFERRABLE"
}

// storedType is the type PostgreSQL stores for a column of type t, as
// TypeSQL writes it, lowercased, with the synonyms PostgreSQL folds: FLOAT
// is double precision, FLOAT(1..24) real, DECIMAL numeric. A type read back
// and the one a model declares compare equal when PostgreSQL stores one
// type for both.
func storedType(t schema.Type) string {
	if t.Name == "ARRAY" && t.Item != nil {
		return storedType(*t.Item) + "[]"
	}
	s, err := TypeSQL(t)
	if err != nil {
		return "<" + err.Error() + ">"
	}
	s = strings.ToLower(s)
	switch {
	case s == "float":
		return "double precision"
	case strings.HasPrefix(s, "float("):
		if n, err := strconv.Atoi(strings.Trim(s[5:], "()")); err == nil && n <= 24 {
			return "real"
		}
		return "double precision"
	case strings.HasPrefix(s, "decimal"):
		return "numeric" + strings.TrimPrefix(s, "decimal")
	}
	return s
}
