package sqlitetest

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/diff"
	"retort/engine/schema"
	"retort/engine/sqlite"
)

// RequireSameSchema fails the test when the two schemas differ: in anything
// autogenerate compares (diff.Equal: re-diffing gives nothing, types and
// server defaults compared), or in what Retort keeps beyond that (see
// Differences). got is the database's schema, want the intended one.
func RequireSameSchema(tb testing.TB, want, got *schema.MetaData, msgAndArgs ...any) {
	tb.Helper()
	detected, equal := diff.Equal(got, want, sqlite.Autogen{})
	require.True(tb, equal, "autogenerate detects %q %s", detected, fmt.Sprint(msgAndArgs...))
	require.Empty(tb, Differences(want, got), msgAndArgs...)
}

// Differences lists how two schemas differ in what a rebuild must keep, which
// is more than autogenerate compares (diff.Equal): tables; columns (in any
// order) with their types (as SQLite sees them: String(50)
// is VARCHAR(50)), NULL-ability, defaults (outer parentheses aside, as SQLite
// stores them), collations and AUTOINCREMENT; primary keys; indexes; unique,
// check and foreign key constraints; STRICT and WITHOUT ROWID; the names of
// views and triggers (SQLite rewrites their text on renames). Comments, which SQLite does not store, are not compared. Empty
// means equal.
func Differences(a, b *schema.MetaData) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	for _, ta := range a.Tables {
		tb := b.Table(ta.Name)
		if tb == nil {
			add("table %q: missing from the second schema", ta.Name)
			continue
		}
		out = append(out, tableDifferences(ta, tb)...)
	}
	for _, tb := range b.Tables {
		if a.Table(tb.Name) == nil {
			add("table %q: missing from the first schema", tb.Name)
		}
	}
	views := func(md *schema.MetaData) []string {
		var s []string
		for _, v := range md.Views {
			s = append(s, strings.ToLower(v.Name))
		}
		slices.Sort(s)
		return s
	}
	if va, vb := views(a), views(b); !slices.Equal(va, vb) {
		add("views differ: %q vs %q", va, vb)
	}
	triggers := func(md *schema.MetaData) []string {
		var s []string
		for _, t := range md.Triggers {
			s = append(s, strings.ToLower(t.Name)+" on "+strings.ToLower(t.Table))
		}
		slices.Sort(s)
		return s
	}
	if ta, tb := triggers(a), triggers(b); !slices.Equal(ta, tb) {
		add("triggers differ: %q vs %q", ta, tb)
	}
	return out
}

func tableDifferences(a, b *schema.Table) []string {
	var out []string
	add := func(format string, args ...any) {
		out = append(out, fmt.Sprintf("table %q: ", a.Name)+fmt.Sprintf(format, args...))
	}
	if a.Name != b.Name {
		add("named %q vs %q", a.Name, b.Name)
	}
	// Column order is not compared: Alembic does not (add_column appends).
	for _, ca := range a.Columns {
		cb := b.Column(ca.Name)
		switch {
		case cb == nil:
			add("column %q missing from the second schema", ca.Name)
		case ca.Name != cb.Name:
			add("column named %q vs %q", ca.Name, cb.Name)
		case !sqlite.SameType(ca.Type, cb.Type):
			add("column %q type %s vs %s", ca.Name, sqlite.TypeSQL(ca.Type), sqlite.TypeSQL(cb.Type))
		case ca.Nullable != cb.Nullable:
			add("column %q nullable %v vs %v", ca.Name, ca.Nullable, cb.Nullable)
		case normalizeDefault(ca.ServerDefault) != normalizeDefault(cb.ServerDefault):
			add("column %q default %q vs %q", ca.Name, ca.ServerDefault, cb.ServerDefault)
		case !strings.EqualFold(ca.Collation, cb.Collation):
			add("column %q collation %q vs %q", ca.Name, ca.Collation, cb.Collation)
		case ca.Autoincrement != cb.Autoincrement:
			add("column %q autoincrement %v vs %v", ca.Name, ca.Autoincrement, cb.Autoincrement)
		}
	}
	for _, cb := range b.Columns {
		if a.Column(cb.Name) == nil {
			add("column %q missing from the first schema", cb.Name)
		}
	}
	pk := func(t *schema.Table) string {
		if t.PrimaryKey == nil || len(t.PrimaryKey.Columns) == 0 {
			return "none"
		}
		return t.PrimaryKey.Name + "(" + strings.ToLower(strings.Join(t.PrimaryKey.Columns, ",")) + ")"
	}
	if pk(a) != pk(b) {
		add("primary key %s vs %s", pk(a), pk(b))
	}
	if a.Strict != b.Strict || a.WithoutRowID != b.WithoutRowID {
		add("STRICT %v vs %v, WITHOUT ROWID %v vs %v", a.Strict, b.Strict, a.WithoutRowID, b.WithoutRowID)
	}
	compare := func(what string, fa, fb []string) {
		slices.Sort(fa)
		slices.Sort(fb)
		if !slices.Equal(fa, fb) {
			add("%s %q vs %q", what, fa, fb)
		}
	}
	indexes := func(t *schema.Table) []string {
		var s []string
		for _, ix := range t.Indexes {
			s = append(s, fmt.Sprintf("%s unique=%v (%s) where %s", ix.Name, ix.Unique,
				strings.ToLower(Collapse(strings.Join(ix.Columns, ","))), Collapse(ix.Where)))
		}
		return s
	}
	compare("indexes", indexes(a), indexes(b))
	uniques := func(t *schema.Table) []string {
		var s []string
		for _, u := range t.Uniques {
			s = append(s, u.Name+"("+strings.ToLower(strings.Join(u.Columns, ","))+")")
		}
		return s
	}
	compare("unique constraints", uniques(a), uniques(b))
	checks := func(t *schema.Table) []string {
		var s []string
		for _, c := range t.Checks {
			s = append(s, c.Name+": "+Collapse(c.SQL))
		}
		return s
	}
	compare("check constraints", checks(a), checks(b))
	fks := func(t *schema.Table) []string {
		var s []string
		for _, fk := range t.ForeignKeys {
			action := func(x string) string {
				x = strings.ToUpper(x)
				if x == "NO ACTION" {
					return ""
				}
				return x
			}
			s = append(s, fmt.Sprintf("%s(%s) -> %s(%s) delete=%s update=%s %s", fk.Name,
				strings.ToLower(strings.Join(fk.Columns, ",")), strings.ToLower(fk.RefTable),
				strings.ToLower(strings.Join(fk.RefColumns, ",")), action(fk.OnDelete), action(fk.OnUpdate),
				strings.ToUpper(fk.Deferrable)))
		}
		return s
	}
	compare("foreign keys", fks(a), fks(b))
	return out
}

// normalizeDefault drops what SQLite drops when it stores a default: outer
// parentheses and surrounding space.
func normalizeDefault(s string) string {
	s = strings.TrimSpace(s)
	for strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") && balanced(s[1:len(s)-1]) {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	return s
}

// balanced reports whether parentheses balance in s, outside quotes.
func balanced(s string) bool {
	depth := 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth < 0 {
				return false
			}
		}
	}
	return depth == 0
}
