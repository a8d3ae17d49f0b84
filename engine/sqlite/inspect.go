package sqlite

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"retort/engine/schema"
)

// Querier runs queries: a *DB, or anything else over database/sql.
type Querier interface {
	Query(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Inspect reads a live database's schema: every table (alembic_version
// included: callers filter), index, view and trigger. It reads sqlite_schema
// once and parses each CREATE statement. A table whose statement the parser
// reads exactly as SQLite does (tableDecl.Exact: what Alembic, SQLAlchemy
// and people write) takes its columns, keys and constraints from it; the
// others' come from the PRAGMAs (table_info, foreign_key_list and the
// UNIQUE constraints' indexes), in three queries over the pragma
// table-valued functions for all of them. Each PRAGMA is a statement
// SQLite prepares: at 200 tables, preparing them was most of a read in
// wasm. What the PRAGMAs do not report (constraint names, CHECKs,
// collations, AUTOINCREMENT, index expressions) comes from the statements
// either way. On a *DB, a schema unchanged since its last read is not read
// again (schemacache.go); the result is the caller's to change.
func Inspect(ctx context.Context, db Querier) (*schema.MetaData, error) {
	if d, ok := db.(*DB); ok {
		return d.inspectCached(ctx, false)
	}
	return inspect(ctx, db, "")
}

// InspectShared is Inspect for a caller that only reads the result: on a
// *DB it is the read the DB keeps, not a copy, and changing it would change
// what the next Inspect returns. Autogenerate reads the schema so (diff
// copies a table before it changes one): the copy of 200 tables cost about
// 3 ms of each comparison in wasm.
func InspectShared(ctx context.Context, db Querier) (*schema.MetaData, error) {
	if d, ok := db.(*DB); ok {
		return d.inspectCached(ctx, true)
	}
	return inspect(ctx, db, "")
}

// InspectTable reads one table as Inspect does (its columns, keys,
// constraints and indexes), in the same queries narrowed to it; nil when
// there is no such table. A foreign key declared without its referred
// columns keeps them empty unless it refers to the table itself (Inspect
// fills in the parent's primary key). The page reads each shown table's rows
// with it: a whole Inspect per table shown is 22 ms × 200 with 200 tables in
// wasm.
func InspectTable(ctx context.Context, db Querier, name string) (*schema.Table, error) {
	md, err := inspect(ctx, db, name)
	if err != nil {
		return nil, err
	}
	return md.Table(name), nil
}

// Reinspect brings md, a schema Inspect read (or this function returned),
// up to date after changes to the named tables only: each is read again
// (its columns, keys, constraints, indexes and triggers), replacing the
// old one in place, added after the others when new, or removed when the
// database no longer has it. With views set the views and every trigger are
// read again too (a rebuild or a rename rewrites them). The tables not named
// are md's, shared. A foreign key declared without its referred columns
// takes the parent's primary key, whichever of the two was read again.
// The result is what Inspect would return now, bar the order of the tables
// (Inspect lists them in the order the database made them; a table read
// again keeps its place) — as long as the database changed nothing else.
// It costs what the named tables cost, whatever md's size: a long history's
// steps each read back only what they touched.
func Reinspect(ctx context.Context, db Querier, md *schema.MetaData, tables []string, views bool) (*schema.MetaData, error) {
	if len(tables) == 0 && !views {
		return md, nil
	}
	keys := map[string]bool{}
	var only []string
	for _, t := range tables {
		if k := strings.ToLower(t); !keys[k] {
			keys[k] = true
			only = append(only, k)
		}
	}
	in := newInspector()
	in.only, in.base = only, md
	if len(only) > 0 {
		if err := in.read(ctx, db); err != nil {
			return nil, err
		}
	}
	out := &schema.MetaData{Enums: md.Enums}
	for _, t := range md.Tables {
		k := strings.ToLower(t.Name)
		if !keys[k] {
			out.Tables = append(out.Tables, t)
		} else if nt := in.tables[k]; nt != nil {
			out.Tables = append(out.Tables, nt)
			delete(in.tables, k)
		}
	}
	for _, nt := range in.md.Tables {
		if in.tables[strings.ToLower(nt.Name)] != nil {
			out.Tables = append(out.Tables, nt)
		}
	}
	if views {
		all := newInspector()
		all.only = []string{}
		if err := all.viewsAndTriggers(ctx, db); err != nil {
			return nil, fmt.Errorf("inspect database: %w", err)
		}
		out.Views, out.Triggers = all.md.Views, all.md.Triggers
		return out, nil
	}
	out.Views = md.Views
	// The named tables' triggers as read; the others' as they were.
	for _, tr := range md.Triggers {
		if !keys[strings.ToLower(tr.Table)] {
			out.Triggers = append(out.Triggers, tr)
		}
	}
	for _, tr := range in.md.Triggers {
		out.Triggers = append(out.Triggers, tr)
	}
	return out, nil
}

// AddedColumn brings md up to date after ALTER TABLE … ADD COLUMN (as
// AddColumnSQL writes it) added c to table, which md holds as the database
// held it before: SQLite appends the column to the table's definition and
// changes nothing else of the table, unless the column declares a
// constraint. It reads the new column's row of PRAGMA table_info, one query
// of one row, where reading the table back is four; ok is false when the
// column declares a constraint (a CHECK, a foreign key, a key), or when the
// row is not the column appended: read the table back then (Reinspect).
func AddedColumn(ctx context.Context, db Querier, md *schema.MetaData, table string, c *schema.Column) (out *schema.MetaData, ok bool, err error) {
	t := md.Table(table)
	if t == nil || c == nil {
		return md, false, nil
	}
	decl, err := parseCreateTable("CREATE TABLE x (" + columnSQL(nil, c) + ")")
	if err != nil || len(decl.Columns) != 1 || decl.PKName != "" || len(decl.Uniques)+len(decl.Checks)+len(decl.ForeignKeys) > 0 {
		return md, false, nil
	}
	var col *schema.Column
	err = query(ctx, db, `SELECT p.cid, p.name, p.type, p."notnull", p.dflt_value, p.pk
		FROM pragma_table_info(?) p LIMIT 1 OFFSET ?`, []any{t.Name, len(t.Columns)},
		func(r *sql.Rows) error {
			var name, typ string
			var cid, pk int
			var notNull bool
			var dflt sql.NullString
			if err := r.Scan(&cid, &name, &typ, &notNull, &dflt, &pk); err != nil {
				return err
			}
			if cid == len(t.Columns) && pk == 0 && strings.EqualFold(name, c.Name) && strings.EqualFold(name, decl.Columns[0].Name) {
				col = &schema.Column{Name: name, Type: ParseType(typ), Nullable: !notNull, ServerDefault: dflt.String,
					Collation: decl.Columns[0].Collation, Autoincrement: decl.Columns[0].Autoincrement}
			}
			return nil
		})
	if err != nil {
		return nil, false, fmt.Errorf("inspect database: %w", err)
	}
	if col == nil {
		return md, false, nil
	}
	nt := *t
	nt.Columns = append(slices.Clone(t.Columns), col)
	return withTable(md, t, &nt), true, nil
}

// DroppedColumn brings md up to date after ALTER TABLE … DROP COLUMN (as
// DropColumnSQL writes it) dropped column from table, which md holds as the
// database held it before. SQLite drops a column that way only when nothing
// else of the table names it (no key, index, constraint, view or trigger:
// see canDropColumn), and changes nothing else: the table is md's without
// the column. It checks, in one query of one row, that the table has one
// column less; ok is false otherwise: read the table back then (Reinspect).
func DroppedColumn(ctx context.Context, db Querier, md *schema.MetaData, table, column string) (out *schema.MetaData, ok bool, err error) {
	t := md.Table(table)
	if t == nil || t.Column(column) == nil {
		return md, false, nil
	}
	n := -1
	err = query(ctx, db, `SELECT count(*) FROM pragma_table_info(?)`, []any{t.Name}, func(r *sql.Rows) error { return r.Scan(&n) })
	if err != nil {
		return nil, false, fmt.Errorf("inspect database: %w", err)
	}
	if n != len(t.Columns)-1 {
		return md, false, nil
	}
	nt := *t
	nt.Columns = slices.DeleteFunc(slices.Clone(t.Columns), func(c *schema.Column) bool { return strings.EqualFold(c.Name, column) })
	return withTable(md, t, &nt), true, nil
}

// withTable is md with old replaced by nt; the other tables, views and
// triggers are md's, shared (whoever changes a table copies it first).
func withTable(md *schema.MetaData, old, nt *schema.Table) *schema.MetaData {
	out := &schema.MetaData{Tables: slices.Clone(md.Tables), Views: md.Views, Triggers: md.Triggers, Enums: md.Enums}
	for i, x := range out.Tables {
		if x == old {
			out.Tables[i] = nt
		}
	}
	return out
}

// inspect reads the schema, or one table's part of it.
func inspect(ctx context.Context, db Querier, only string) (*schema.MetaData, error) {
	in := newInspector()
	if only != "" {
		in.only = []string{strings.ToLower(only)}
	}
	if err := in.read(ctx, db); err != nil {
		return nil, err
	}
	return in.md, nil
}

func newInspector() *inspector {
	return &inspector{md: &schema.MetaData{}, tables: map[string]*schema.Table{}, decls: map[string]*tableDecl{}}
}

// read runs the inspector's queries.
func (in *inspector) read(ctx context.Context, db Querier) error {
	for _, step := range []func(context.Context, Querier) error{in.objects, in.columns, in.foreignKeys, in.uniques} {
		if err := step(ctx, db); err != nil {
			return fmt.Errorf("inspect database: %w", err)
		}
	}
	return nil
}

type inspector struct {
	md     *schema.MetaData
	tables map[string]*schema.Table // by lowercase name
	decls  map[string]*tableDecl    // by lowercase name
	// only are the lowercased names of the tables to read (nil: all).
	only []string
	// base is the schema the tables not read come from (Reinspect).
	base *schema.MetaData
	// declared are the tables read whose CREATE statement says all the
	// PRAGMAs would (tableDecl.Exact); pragma the others, read by the PRAGMAs.
	declared, pragma []*schema.Table
	// refs and uniq are the pragma tables whose CREATE statement says
	// REFERENCES, UNIQUE (in any case): the only ones with rows in
	// pragma_foreign_key_list, with origin 'u' indexes in pragma_index_list.
	refs, uniq []*schema.Table
	// pragmasOnly reads every table by the PRAGMAs (tests compare the two).
	pragmasOnly bool
}

// narrow is the condition and arguments that keep a query to in.only's
// objects (the tables, their indexes and triggers); nothing when it reads all.
func (in *inspector) narrow() (string, []any) {
	switch len(in.only) {
	case 0:
		return "", nil
	case 1:
		return " AND s.tbl_name = ? COLLATE NOCASE", []any{in.only[0]}
	}
	args := make([]any, len(in.only))
	for i, t := range in.only {
		args[i] = t
	}
	return " AND lower(s.tbl_name) IN (?" + strings.Repeat(", ?", len(in.only)-1) + ")", args
}

// The column, foreign key and UNIQUE queries run a pragma for each table
// objects read, over the list of them (json_each of tableList), rather than
// over sqlite_schema again: a scan that read every CREATE statement, for its
// filters, three more times. Each name goes hex-encoded (tableArg gives its
// bytes back, whatever they are) and j.key is its index in the list. The
// foreign key and UNIQUE queries take only the tables whose CREATE statement
// has the word (a foreign key is declared by REFERENCES and a UNIQUE
// constraint by UNIQUE, nowhere else), a PRAGMA statement prepared and run
// less for each table without.
const (
	eachTable = `json_each(?) j`
	tableArg  = `CAST(unhex(j.value) AS TEXT)`
)

// tableList is the tables' names as eachTable's argument.
func tableList(tables []*schema.Table) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, t := range tables {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		b.WriteString(hex.EncodeToString([]byte(t.Name)))
		b.WriteByte('"')
	}
	b.WriteByte(']')
	return b.String()
}

// containsFold reports whether s contains word (ASCII upper case) in any
// case, as SQLite reads keywords.
func containsFold(s, word string) bool {
	for i := 0; i+len(word) <= len(s); i++ {
		j := 0
		for j < len(word) && s[i+j]&^0x20 == word[j] {
			j++
		}
		if j == len(word) {
			return true
		}
	}
	return false
}

func (in *inspector) table(name string) *schema.Table { return in.tables[strings.ToLower(name)] }

// parent is the table a foreign key refers to: one read, or the base's.
func (in *inspector) parent(name string) *schema.Table {
	if t := in.table(name); t != nil {
		return t
	}
	if in.base != nil {
		return in.base.Table(name)
	}
	return nil
}

// viewsAndTriggers reads every view and trigger, in the order they were made.
func (in *inspector) viewsAndTriggers(ctx context.Context, db Querier) error {
	return query(ctx, db, `SELECT s.type, s.name, s.tbl_name, coalesce(s.sql, '')
		FROM sqlite_schema s WHERE s.type IN ('view', 'trigger') AND s.name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY s.rowid`, nil,
		func(r *sql.Rows) error {
			var typ, name, tbl, text string
			if err := r.Scan(&typ, &name, &tbl, &text); err != nil {
				return err
			}
			if typ == "view" {
				in.md.Views = append(in.md.Views, &schema.View{Name: name, SQL: text})
			} else {
				in.md.Triggers = append(in.md.Triggers, &schema.Trigger{Name: name, Table: tbl, SQL: text})
			}
			return nil
		})
}

// objects reads sqlite_schema: tables (with STRICT and WITHOUT ROWID, from
// their CREATE statements: pragma_table_list would cost a scan per table), indexes
// made by CREATE INDEX, views and triggers, in the order they were made.
func (in *inspector) objects(ctx context.Context, db Querier) error {
	var indexes []*schema.Index
	cond, args := in.narrow()
	err := query(ctx, db, `SELECT s.type, s.name, s.tbl_name, coalesce(s.sql, '')
		FROM sqlite_schema s WHERE s.name NOT LIKE 'sqlite\_%' ESCAPE '\'`+cond+` ORDER BY s.rowid`, args,
		func(r *sql.Rows) error {
			var typ, name, tbl, text string
			if err := r.Scan(&typ, &name, &tbl, &text); err != nil {
				return err
			}
			switch typ {
			case "table":
				if strings.HasPrefix(strings.ToUpper(text), "CREATE VIRTUAL") {
					return nil
				}
				decl, err := parseCreateTable(text)
				if err != nil {
					return fmt.Errorf("table %q: %w", name, err)
				}
				t := &schema.Table{Name: name, Strict: decl.Strict, WithoutRowID: decl.WithoutRowID}
				in.tables[strings.ToLower(name)] = t
				in.decls[strings.ToLower(name)] = decl
				in.md.Tables = append(in.md.Tables, t)
				if decl.Exact && !in.pragmasOnly {
					in.declared = append(in.declared, t)
					return nil
				}
				in.pragma = append(in.pragma, t)
				if containsFold(text, "REFERENCES") {
					in.refs = append(in.refs, t)
				}
				if containsFold(text, "UNIQUE") {
					in.uniq = append(in.uniq, t)
				}
			case "index":
				if text == "" {
					return nil
				}
				decl, err := parseCreateIndex(text)
				if err != nil {
					return fmt.Errorf("index %q: %w", name, err)
				}
				indexes = append(indexes, &schema.Index{Name: name, Table: tbl, Columns: decl.Columns, Unique: decl.Unique, Where: decl.Where})
			case "view":
				in.md.Views = append(in.md.Views, &schema.View{Name: name, SQL: text})
			case "trigger":
				in.md.Triggers = append(in.md.Triggers, &schema.Trigger{Name: name, Table: tbl, SQL: text})
			}
			return nil
		})
	if err != nil {
		return err
	}
	for _, ix := range indexes {
		if t := in.table(ix.Table); t != nil {
			ix.Table = t.Name
			t.Indexes = append(t.Indexes, ix)
		}
	}
	return nil
}

// columns reads every table's columns and primary key. The rows are not
// sorted in SQL (a sorter over every column of every table cost more than
// the pragma in wasm): they come table by table in cid order from the join,
// and are put in cid order per table here should they not.
func (in *inspector) columns(ctx context.Context, db Querier) error {
	type colRow struct {
		cid, pk int
		col     *schema.Column
	}
	in.declaredColumns()
	in.checks()
	rows := map[*schema.Table][]colRow{}
	list := in.pragma
	if len(list) == 0 {
		return nil
	}
	err := query(ctx, db, `SELECT j.key, p.cid, p.name, p.type, p."notnull", p.dflt_value, p.pk
		FROM `+eachTable+` JOIN pragma_table_info(`+tableArg+`) p`, []any{tableList(list)},
		func(r *sql.Rows) error {
			var name, typ string
			var i, cid, pk int
			var notNull bool
			var dflt sql.NullString
			if err := r.Scan(&i, &cid, &name, &typ, &notNull, &dflt, &pk); err != nil {
				return err
			}
			t := list[i]
			c := &schema.Column{Name: name, Type: ParseType(typ), Nullable: !notNull, ServerDefault: dflt.String}
			for _, cd := range in.decls[strings.ToLower(t.Name)].Columns {
				if strings.EqualFold(cd.Name, name) {
					c.Collation, c.Autoincrement = cd.Collation, cd.Autoincrement
				}
			}
			rows[t] = append(rows[t], colRow{cid, pk, c})
			return nil
		})
	if err != nil {
		return err
	}
	for _, t := range list {
		cols := rows[t]
		slices.SortStableFunc(cols, func(a, b colRow) int { return a.cid - b.cid })
		var pk []string
		for _, c := range cols {
			t.Columns = append(t.Columns, c.col)
			if c.pk > 0 {
				for len(pk) < c.pk {
					pk = append(pk, "")
				}
				pk[c.pk-1] = c.col.Name
			}
		}
		if len(pk) > 0 {
			t.PrimaryKey = &schema.PrimaryKey{Name: in.decls[strings.ToLower(t.Name)].PKName, Columns: pk}
		}
	}
	return nil
}

// declaredColumns gives the declared tables their columns and primary key
// from their CREATE statements, as PRAGMA table_info would.
func (in *inspector) declaredColumns() {
	for _, t := range in.declared {
		decl := in.decls[strings.ToLower(t.Name)]
		t.Columns = make([]*schema.Column, len(decl.Columns))
		var pk []string
		for i, cd := range decl.Columns {
			t.Columns[i] = &schema.Column{Name: cd.Name, Type: ParseType(cd.Type), Nullable: !cd.NotNull,
				ServerDefault: cd.Default, Collation: cd.Collation, Autoincrement: cd.Autoincrement}
			if cd.PK {
				pk = append(pk, cd.Name)
			}
		}
		if len(decl.PKColumns) > 0 {
			pk = canonicalNames(t, decl.PKColumns)
		}
		if len(pk) > 0 {
			t.PrimaryKey = &schema.PrimaryKey{Name: decl.PKName, Columns: pk}
		}
	}
}

// checks gives every table read its CHECK constraints.
func (in *inspector) checks() {
	for key, decl := range in.decls {
		t := in.tables[key]
		for _, c := range decl.Checks {
			t.Checks = append(t.Checks, &schema.Check{Name: c.Name, SQL: c.SQL})
		}
	}
}

// foreignKeys reads every table's foreign keys; names and DEFERRABLE come
// from the CREATE TABLE statement.
func (in *inspector) foreignKeys(ctx context.Context, db Querier) error {
	type key struct {
		table string
		id    int
	}
	var order []key
	fks := map[key]*schema.ForeignKey{}
	in.declaredForeignKeys()
	if len(in.refs) == 0 {
		return nil
	}
	list := in.refs
	err := query(ctx, db, `SELECT j.key, f.id, f."table", f."from", f."to", f.on_update, f.on_delete
		FROM `+eachTable+` JOIN pragma_foreign_key_list(`+tableArg+`) f
		ORDER BY j.key, f.id, f.seq`, []any{tableList(list)},
		func(r *sql.Rows) error {
			var ref, from, onUpdate, onDelete string
			var to sql.NullString
			var i, id int
			if err := r.Scan(&i, &id, &ref, &from, &to, &onUpdate, &onDelete); err != nil {
				return err
			}
			k := key{strings.ToLower(list[i].Name), id}
			fk := fks[k]
			if fk == nil {
				fk = &schema.ForeignKey{RefTable: ref, OnDelete: fkAction(onDelete), OnUpdate: fkAction(onUpdate)}
				fks[k] = fk
				order = append(order, k)
			}
			fk.Columns = append(fk.Columns, from)
			if to.Valid {
				fk.RefColumns = append(fk.RefColumns, to.String)
			}
			return nil
		})
	if err != nil {
		return err
	}
	// PRAGMA foreign_key_list numbers a table's foreign keys from the last
	// declared; the declarations give their names.
	byTable := map[string][]*schema.ForeignKey{}
	for _, k := range order {
		byTable[k.table] = append(byTable[k.table], fks[k])
	}
	for tkey, list := range byTable {
		t := in.tables[tkey]
		decl := in.decls[tkey]
		used := make([]bool, len(decl.ForeignKeys))
		for i := len(list) - 1; i >= 0; i-- {
			fk := list[i]
			if len(fk.RefColumns) == 0 {
				// REFERENCES parent with no columns means the parent's primary key.
				if p := in.parent(fk.RefTable); p != nil && p.PrimaryKey != nil {
					fk.RefColumns = append([]string(nil), p.PrimaryKey.Columns...)
				}
			}
			for j, d := range decl.ForeignKeys {
				if !used[j] && strings.EqualFold(d.RefTable, fk.RefTable) && schema.SameColumns(d.Columns, fk.Columns) {
					used[j] = true
					fk.Name, fk.Deferrable = d.Name, d.Deferrable
					break
				}
			}
			fk.Columns = canonicalNames(t, fk.Columns)
			t.ForeignKeys = append(t.ForeignKeys, fk)
		}
	}
	return nil
}

// declaredForeignKeys gives the declared tables their foreign keys from
// their CREATE statements, in the order they are declared (the order the
// PRAGMA's are put in), a key with no referred columns the parent's
// primary key.
func (in *inspector) declaredForeignKeys() {
	for _, t := range in.declared {
		for _, d := range in.decls[strings.ToLower(t.Name)].ForeignKeys {
			fk := &schema.ForeignKey{Name: d.Name, Columns: canonicalNames(t, d.Columns), RefTable: d.RefTable,
				RefColumns: slices.Clone(d.RefColumns), OnDelete: fkAction(d.OnDelete), OnUpdate: fkAction(d.OnUpdate),
				Deferrable: d.Deferrable}
			if len(fk.RefColumns) == 0 {
				if p := in.parent(fk.RefTable); p != nil && p.PrimaryKey != nil {
					fk.RefColumns = slices.Clone(p.PrimaryKey.Columns)
				}
			}
			t.ForeignKeys = append(t.ForeignKeys, fk)
		}
	}
}

func fkAction(a string) string {
	if a == "NO ACTION" {
		return ""
	}
	return a
}

// uniques reads UNIQUE constraints: the indexes SQLite made for them
// (sqlite_autoindex_…) give their columns, the declarations their names.
func (in *inspector) uniques(ctx context.Context, db Querier) error {
	type key struct{ table, index string }
	var order []key
	cols := map[key][]string{}
	list := in.uniq
	var err error
	if len(list) > 0 {
		err = query(ctx, db, `SELECT j.key, il.name, ii.name
		FROM `+eachTable+` JOIN pragma_index_list(`+tableArg+`) il JOIN pragma_index_info(il.name) ii
		WHERE il.origin = 'u' ORDER BY j.key, il.seq DESC, ii.seqno`, []any{tableList(list)},
			func(r *sql.Rows) error {
				var iname string
				var i int
				var col sql.NullString
				if err := r.Scan(&i, &iname, &col); err != nil {
					return err
				}
				k := key{strings.ToLower(list[i].Name), iname}
				if _, ok := cols[k]; !ok {
					order = append(order, k)
				}
				cols[k] = append(cols[k], col.String)
				return nil
			})
	}
	if err != nil {
		return err
	}
	found := map[string][][]string{}
	for _, k := range order {
		found[k.table] = append(found[k.table], cols[k])
	}
	for tkey, decl := range in.decls {
		t := in.tables[tkey]
		for _, u := range decl.Uniques {
			t.Uniques = append(t.Uniques, &schema.Unique{Name: u.Name, Columns: canonicalNames(t, u.Columns)})
		}
		// A UNIQUE the declarations missed (SQLite made an index for it) is
		// still a constraint.
		for _, c := range found[tkey] {
			if !hasUnique(t, c) {
				t.Uniques = append(t.Uniques, &schema.Unique{Columns: c})
			}
		}
	}
	return nil
}

func hasUnique(t *schema.Table, cols []string) bool {
	for _, u := range t.Uniques {
		if schema.SameColumns(u.Columns, cols) {
			return true
		}
	}
	return false
}

// canonicalNames spells column names as the table does.
func canonicalNames(t *schema.Table, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		if c := t.Column(n); c != nil {
			out[i] = c.Name
		} else {
			out[i] = n
		}
	}
	return out
}

func query(ctx context.Context, db Querier, q string, args []any, row func(*sql.Rows) error) error {
	rows, err := db.Query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
