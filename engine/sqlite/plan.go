package sqlite

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"retort/engine/ops"
	"retort/engine/schema"
)

// Item is one op as the planner sees it: batches are opened up (Batch is the
// batch block an op came from, or nil), and an alter_column that both renames
// a column and changes it is split into the rename and the change.
type Item struct {
	Op    ops.Op
	Batch *ops.Batch
	// Start marks the first item of its batch: where a batch with From
	// replaces its table.
	Start bool
}

// Flatten opens up a list of ops into items, in order.
func Flatten(list []ops.Op) []Item {
	var out []Item
	var add func(op ops.Op, b *ops.Batch)
	add = func(op ops.Op, b *ops.Batch) {
		if b != nil {
			op = ops.InBatch(op, b)
		}
		switch o := op.(type) {
		case *ops.Batch:
			n := len(out)
			for _, inner := range o.Ops {
				add(inner, o)
			}
			if len(out) > n {
				out[n].Start = true
			}
			return
		case *ops.AlterColumn:
			if o.NewName != "" && !strings.EqualFold(o.NewName, o.Column) && (o.Nullable != nil || o.Type != nil || o.ServerDefault != nil) {
				rename := &ops.AlterColumn{Table: o.Table, Column: o.Column, NewName: o.NewName}
				change := *o
				change.Column, change.NewName = o.NewName, ""
				out = append(out, Item{Op: rename, Batch: b}, Item{Op: &change, Batch: b})
				return
			}
		}
		out = append(out, Item{Op: op, Batch: b})
	}
	for _, op := range list {
		add(op, nil)
	}
	return out
}

// Change is one unit of a plan: one op done with native statements, or
// consecutive ops on one table done by one rebuild of that table.
type Change struct {
	Items      []Item   // the items it carries out
	What       string   // what it does, for messages: `rebuild table "users"`
	Table      string   // the table it acts on, when one
	Rebuild    bool     // whether it recreates Table (SQLite's 12-step procedure)
	Execute    bool     // whether it is an op.execute of the user's SQL
	DDL        bool     // an op.execute whose SQL changes the schema
	Statements []string // the SQL, in order
	// Check lists the tables whose foreign keys the change may have broken
	// (a rebuilt table and the tables referring to it).
	Check []string

	tmp string // the new table of a rebuild: new_X
}

// Explain wraps an error from running the change's statements with what the
// change was doing. In a rebuild, SQLite's messages name the new table
// ("new_users.email"): they are made to name the table ("users.email"), and a
// NOT NULL failure says why it happens.
func (c Change) Explain(err error) error {
	if !c.Rebuild {
		return fmt.Errorf("%s: %w", c.What, err)
	}
	msg := strings.ReplaceAll(err.Error(), c.tmp+".", c.Table+".")
	if IsNotNullError(err) {
		col := ""
		if i := strings.LastIndex(msg, c.Table+"."); i >= 0 {
			col = msg[i+len(c.Table)+1:]
		}
		msg = fmt.Sprintf("column %q is NOT NULL without a default, and rows would hold NULL (%s)", col, msg)
	}
	return &changeError{msg: c.What + ": " + msg, err: err}
}

// changeError is an error with a message of its own over SQLite's.
type changeError struct {
	msg string
	err error
}

func (e *changeError) Error() string { return e.msg }
func (e *changeError) Unwrap() error { return e.err }

// Plan returns the statements that carry out op on a database whose schema
// is md (md is not changed).
func Plan(md *schema.MetaData, op ops.Op) ([]string, error) {
	changes, _, err := PlanAll(md, []ops.Op{op})
	if err != nil {
		return nil, err
	}
	var out []string
	for _, c := range changes {
		out = append(out, c.Statements...)
	}
	return out, nil
}

// PlanAll plans a list of ops run in order on a database whose schema is md,
// coalescing consecutive ops on one table into one rebuild. It returns the
// changes and the schema after them; md is not changed. The schema after an
// op.execute is taken to be the schema before it.
func PlanAll(md *schema.MetaData, list []ops.Op) ([]Change, *schema.MetaData, error) {
	items := Flatten(list)
	var changes []Change
	for len(items) > 0 {
		c, after, err := PlanNext(md, items)
		if err != nil {
			return nil, nil, err
		}
		changes = append(changes, c)
		md, items = after, items[len(c.Items):]
	}
	return changes, md.Clone(), nil
}

// NeedsRebuild reports whether any change in the list of ops may rebuild a
// table, as far as md tells: after an op.execute (which may change the schema
// in ways md does not show), any op that could need a rebuild counts.
func NeedsRebuild(md *schema.MetaData, list []ops.Op) bool {
	items := Flatten(list)
	unknown := false
	for len(items) > 0 {
		if _, ok := items[0].Op.(*ops.Execute); ok {
			unknown = true
			items = items[1:]
			continue
		}
		if unknown && mayRebuild(items[0]) {
			return true
		}
		c, after, err := PlanNext(md, items)
		if err != nil {
			// The step will fail anyway; a rebuild is the safe guess.
			return mayRebuild(items[0])
		}
		if c.Rebuild {
			return true
		}
		md, items = after, items[len(c.Items):]
	}
	return false
}

func mayRebuild(it Item) bool {
	switch it.Op.(type) {
	case *ops.CreateTable, *ops.DropTable, *ops.RenameTable, *ops.CreateIndex, *ops.DropIndex, *ops.Execute, *ops.BulkInsert,
		*ops.CreateTableComment, *ops.DropTableComment:
		return false
	}
	return true
}

// TableOf returns the table a table-altering item acts on, or "" for ops that
// are not coalesced into a rebuild (create/drop/rename table, execute, bulk
// insert); a drop_index that does not name its table is found by its name.
func TableOf(md *schema.MetaData, it Item) string {
	if t := ops.AltersTable(it.Op); t != "" {
		return t
	}
	if o, ok := it.Op.(*ops.DropIndex); ok {
		for _, t := range md.Tables {
			if t.Index(o.Name) != nil {
				return t.Name
			}
		}
	}
	return ""
}

func isRenameColumn(it Item) bool {
	o, ok := it.Op.(*ops.AlterColumn)
	return ok && o.NewName != "" && !strings.EqualFold(o.NewName, o.Column) &&
		o.Nullable == nil && o.Type == nil && o.ServerDefault == nil
}

// PlanNext plans the first change of items on a database whose schema is md:
// the change covers items[:len(change.Items)]. It returns the change and the
// schema after it; md is not changed.
func PlanNext(md *schema.MetaData, items []Item) (Change, *schema.MetaData, error) {
	if len(items) == 0 {
		return Change{}, md.Clone(), errors.New("plan: no ops")
	}
	it := items[0]
	after := cloneFor(md, it)
	one := func(what, table string, stmts ...string) (Change, *schema.MetaData, error) {
		if err := ops.Apply(after, it.Op); err != nil {
			return Change{}, nil, err
		}
		return Change{Items: items[:1], What: what, Table: table, Statements: stmts}, after, nil
	}
	switch o := it.Op.(type) {
	case *ops.Execute:
		heads, err := statementHeads(o.SQL)
		ddl := err != nil
		for _, h := range heads {
			if h == "CREATE" || h == "DROP" || h == "ALTER" {
				ddl = true
			}
		}
		text, err := BindLiterals(o.SQL, o.Params)
		if err != nil {
			return Change{}, nil, fmt.Errorf("op.execute: %w", err)
		}
		return Change{Items: items[:1], What: "op.execute", Execute: true, DDL: ddl, Statements: []string{trimSQL(text)}}, after, nil
	case *ops.BulkInsert:
		if md.Table(o.Table) == nil {
			return Change{}, nil, fmt.Errorf("bulk insert into %q: table %w", o.Table, ops.ErrNotFound)
		}
		var stmts []string
		for _, row := range o.Rows {
			// The columns the row gives a value, in the table's order: a
			// column left out takes its default, as SQLAlchemy's INSERT
			// names only the keys of the row.
			var cols []string
			for _, c := range o.Columns {
				if _, ok := row[c]; ok {
					cols = append(cols, c)
				}
			}
			if len(o.Columns) == 0 {
				for k := range row {
					cols = append(cols, k)
				}
				slices.Sort(cols)
			}
			vals := make([]any, len(cols))
			for i, c := range cols {
				vals[i] = row[c]
			}
			s, err := insertRowSQL(o.Table, cols, vals)
			if err != nil {
				return Change{}, nil, fmt.Errorf("bulk insert: %w", err)
			}
			stmts = append(stmts, s)
		}
		return one(fmt.Sprintf("bulk insert into %q", o.Table), o.Table, stmts...)
	case *ops.CreateTable:
		if o.Table == nil {
			return Change{}, nil, errors.New("create table: no table definition")
		}
		if err := validTable(o.Table); err != nil {
			return Change{}, nil, err
		}
		stmts := []string{CreateTableSQL(o.Table)}
		for _, ix := range o.Table.Indexes {
			ix := ix.Clone()
			if ix.Table == "" {
				ix.Table = o.Table.Name
			}
			stmts = append(stmts, CreateIndexSQL(o.Table, ix))
		}
		return one(fmt.Sprintf("create table %q", o.Table.Name), o.Table.Name, stmts...)
	case *ops.DropTable:
		return one(fmt.Sprintf("drop table %q", o.Name), o.Name, dropTableSQL(o.Name))
	case *ops.CreateTableComment, *ops.DropTableComment:
		// SQLite keeps no comments: the schema records it, no statement runs.
		var table string
		if c, ok := o.(*ops.CreateTableComment); ok {
			table = c.Table
		} else {
			table = o.(*ops.DropTableComment).Table
		}
		return one(fmt.Sprintf("table comment on %q", table), table)
	case *ops.RenameTable:
		c, after, err := one(fmt.Sprintf("rename table %q to %q", o.Old, o.New), o.Old, renameTableSQL(o.Old, o.New))
		if err == nil {
			// SQLite rewrites the views and triggers that name the table.
			for _, v := range after.Views {
				v.SQL = renameInText(v.SQL, o.Old, o.New)
			}
			for _, tr := range after.Triggers {
				tr.SQL = renameInText(tr.SQL, o.Old, o.New)
			}
		}
		return c, after, err
	}

	table := TableOf(md, it)
	if table == "" {
		return Change{}, nil, fmt.Errorf("plan: unsupported op %T", it.Op)
	}
	if isRenameColumn(it) {
		o := it.Op.(*ops.AlterColumn)
		t := md.Table(o.Table)
		if t == nil {
			return Change{}, nil, fmt.Errorf("rename column %q of %q: table %w", o.Column, o.Table, ops.ErrNotFound)
		}
		c, after, err := one(fmt.Sprintf("rename column %q of %q to %q", o.Column, o.Table, o.NewName), t.Name, renameColumnSQL(t.Name, o.Column, o.NewName))
		if err == nil {
			// SQLite rewrites the table's CHECKs and index expressions that
			// name the column.
			nt := after.Table(t.Name)
			for _, ck := range nt.Checks {
				ck.SQL = renameInText(ck.SQL, o.Column, o.NewName)
			}
			for _, ix := range nt.Indexes {
				for i, col := range ix.Columns {
					if nt.Column(col) == nil {
						ix.Columns[i] = renameInText(col, o.Column, o.NewName)
					}
				}
				if ix.Where != "" {
					ix.Where = renameInText(ix.Where, o.Column, o.NewName)
				}
			}
		}
		return c, after, err
	}

	// The run of consecutive items on this table: one rebuild, if any needs it.
	n, rebuild := 0, false
	// Every item of the run changes only this table (tableOf, no renames).
	state := cloneTable(md, table)
	for n < len(items) && !isRenameColumn(items[n]) && strings.EqualFold(TableOf(state, items[n]), table) {
		if b := items[n].Batch; items[n].Start && b != nil && b.From != nil {
			// Alembic's batch recreates the table from copy_from= (or
			// the table reflected under its naming_convention=).
			for i, t := range state.Tables {
				if strings.EqualFold(t.Name, table) {
					from := b.From.Clone()
					from.Name, from.Schema = t.Name, t.Schema
					state.Tables[i] = from
				}
			}
			rebuild = true
		}
		if items[n].Batch != nil {
			replaceNamed(state.Table(table), items[n].Op)
		}
		need, err := needsRebuild(state, items[n])
		if err != nil {
			if n == 0 {
				return Change{}, nil, err
			}
			break // the failing op gets its own change, and its own error
		}
		rebuild = rebuild || need
		if err := ops.Apply(state, items[n].Op); err != nil {
			if n == 0 {
				return Change{}, nil, err
			}
			break
		}
		n++
	}
	if !rebuild {
		stmts, what, err := nativeSQL(md, it)
		if err != nil {
			return Change{}, nil, err
		}
		return one(what, table, stmts...)
	}
	return planRebuild(md, state, table, items[:n])
}

// replaceNamed removes the constraint a batch op creates again under the
// same name: Alembic's batch keeps the table's named constraints by name,
// and a new one of that name takes the old one's place.
func replaceNamed(t *schema.Table, op ops.Op) {
	name := ""
	switch o := op.(type) {
	case *ops.CreatePrimaryKey:
		// Alembic's batch add_constraint drops the table's unnamed
		// primary key for the new one, and a named one of the same name.
		if t != nil && t.PrimaryKey != nil && (t.PrimaryKey.Name == "" || strings.EqualFold(t.PrimaryKey.Name, o.PrimaryKey.Name)) {
			t.PrimaryKey = nil
		}
		return
	case *ops.CreateUnique:
		name = o.Unique.Name
	case *ops.CreateCheck:
		name = o.Check.Name
	case *ops.CreateForeignKey:
		name = o.ForeignKey.Name
	}
	if t == nil || name == "" {
		return
	}
	t.Uniques = dropNamed(t.Uniques, name, func(u *schema.Unique) string { return u.Name })
	t.Checks = dropNamed(t.Checks, name, func(c *schema.Check) string { return c.Name })
	t.ForeignKeys = dropNamed(t.ForeignKeys, name, func(fk *schema.ForeignKey) string { return fk.Name })
}

// dropNamed removes the items named name, leaving nil rather than an empty list.
func dropNamed[S ~[]E, E any](s S, name string, nameOf func(E) string) S {
	s = slices.DeleteFunc(s, func(e E) bool { return strings.EqualFold(nameOf(e), name) })
	if len(s) == 0 {
		return nil
	}
	return s
}

// cloneFor returns a copy of md that ops.Apply(copy, it.Op) may change
// without changing md. Apply changes at most one existing table for most ops
// (the op's own: a column, an index, a constraint), and none for
// create_table and drop_table (it appends a clone of the new table, or drops
// one from the lists): the copy deep-copies only that table and shares the
// others with md. Renames, which reach into other tables' foreign keys, and
// anything else get a deep copy. A step of many ops (a first migration of
// 200 tables and their indexes) then plans in linear time, not quadratic.
func cloneFor(md *schema.MetaData, it Item) *schema.MetaData {
	switch it.Op.(type) {
	case *ops.CreateTable, *ops.DropTable:
		return cloneTable(md, "")
	}
	if t := TableOf(md, it); t != "" && !isRenameColumn(it) {
		return cloneTable(md, t)
	}
	return md.Clone()
}

// cloneTable copies md's lists and deep-copies the table named table (none
// when ""); the other tables, views and triggers are shared.
func cloneTable(md *schema.MetaData, table string) *schema.MetaData {
	// New slices: Apply deletes from them in place (slices.DeleteFunc).
	out := &schema.MetaData{Tables: slices.Clone(md.Tables), Views: slices.Clone(md.Views), Triggers: slices.Clone(md.Triggers)}
	if table != "" {
		for i, t := range out.Tables {
			if strings.EqualFold(t.Name, table) {
				out.Tables[i] = t.Clone()
			}
		}
	}
	return out
}

// needsRebuild reports whether an item needs the table rebuilt, given the
// schema md just before it.
func needsRebuild(md *schema.MetaData, it Item) (bool, error) {
	if it.Batch != nil && it.Batch.Recreate == "always" {
		return true, nil
	}
	if it.Batch != nil && it.Batch.Recreate != "never" && ops.BatchRecreates(it.Op) {
		return true, nil
	}
	switch o := it.Op.(type) {
	case *ops.AddColumn:
		t := md.Table(o.Table)
		if t == nil {
			return false, fmt.Errorf("add column %q to %q: table %w", o.Column.Name, o.Table, ops.ErrNotFound)
		}
		return !canAddColumn(o.Column), nil
	case *ops.DropColumn:
		t := md.Table(o.Table)
		if t == nil {
			return false, fmt.Errorf("drop column %q from %q: table %w", o.Name, o.Table, ops.ErrNotFound)
		}
		return !canDropColumn(md, t, o.Name), nil
	case *ops.AlterColumn:
		t := md.Table(o.Table)
		if t == nil {
			return false, fmt.Errorf("alter column %q of %q: table %w", o.Column, o.Table, ops.ErrNotFound)
		}
		c := t.Column(o.Column)
		if c == nil {
			return false, fmt.Errorf("alter column %q of %q: column %w", o.Column, o.Table, ops.ErrNotFound)
		}
		return alterChanges(c, o), nil
	case *ops.CreateIndex, *ops.DropIndex:
		return false, nil
	case *ops.CreateUnique, *ops.CreateCheck, *ops.CreateForeignKey, *ops.CreatePrimaryKey, *ops.DropConstraint:
		// SQLite has no ALTER TABLE … ADD/DROP CONSTRAINT.
		return true, nil
	}
	return false, fmt.Errorf("plan: unsupported op %T", it.Op)
}

// alterChanges reports whether an alter_column changes what SQLite stores
// (NULL-ability, type or default); comments do not exist in SQLite.
func alterChanges(c *schema.Column, o *ops.AlterColumn) bool {
	if o.Nullable != nil && *o.Nullable != c.Nullable {
		return true
	}
	if o.Type != nil && (TypeName(*o.Type) != TypeName(c.Type) || !slices.Equal(TypeArgs(*o.Type), TypeArgs(c.Type))) {
		// Not SameType, which lets String equal VARCHAR(50): the declared
		// type changes.
		return true
	}
	if o.ServerDefault != nil && normalizeDefault(*o.ServerDefault) != normalizeDefault(c.ServerDefault) {
		return true
	}
	return false
}

// normalizeDefault strips what SQLite drops when it stores a default: outer
// parentheses and surrounding space.
func normalizeDefault(s string) string {
	s = strings.TrimSpace(s)
	for {
		toks, err := tokenize(s)
		if err != nil || len(toks) < 2 || !toks[0].isPunct("(") || matchParen(toks, 0) != len(toks)-1 {
			return s
		}
		s = strings.TrimSpace(s[toks[0].End:toks[len(toks)-1].Start])
	}
}

// canAddColumn reports whether ALTER TABLE ADD COLUMN can add c: SQLite
// refuses a NOT NULL column without a non-NULL default, a default that is not
// a constant (CURRENT_TIMESTAMP, an expression), a PRIMARY KEY and a UNIQUE
// column (the latter two are not column properties in Retort's model).
func canAddColumn(c *schema.Column) bool {
	if c.Autoincrement {
		return false
	}
	if c.ServerDefault == "" || strings.EqualFold(normalizeDefault(c.ServerDefault), "NULL") {
		return c.Nullable
	}
	return constantDefault(c.ServerDefault)
}

// canDropColumn reports whether ALTER TABLE DROP COLUMN can drop the column:
// SQLite refuses one that is part of the primary key, a UNIQUE constraint, an
// index, a CHECK constraint, a foreign key, a view or a trigger.
func canDropColumn(md *schema.MetaData, t *schema.Table, name string) bool {
	has := func(cols []string) bool {
		return slices.ContainsFunc(cols, func(c string) bool { return strings.EqualFold(c, name) || mentions(c, name) })
	}
	if t.IsPrimaryKey(name) || len(t.Columns) <= 1 {
		return false
	}
	for _, u := range t.Uniques {
		if has(u.Columns) {
			return false
		}
	}
	for _, ix := range t.Indexes {
		if has(ix.Columns) || (ix.Where != "" && mentions(ix.Where, name)) {
			return false
		}
	}
	for _, c := range t.Checks {
		if mentions(c.SQL, name) {
			return false
		}
	}
	for _, fk := range t.ForeignKeys {
		if has(fk.Columns) {
			return false
		}
	}
	for _, v := range md.Views {
		if mentions(v.SQL, name) {
			return false
		}
	}
	for _, tr := range md.Triggers {
		if mentions(tr.SQL, name) {
			return false
		}
	}
	return true
}

// nativeSQL writes the statements for an op SQLite's ALTER TABLE (or CREATE/
// DROP INDEX) does in place.
func nativeSQL(md *schema.MetaData, it Item) ([]string, string, error) {
	switch o := it.Op.(type) {
	case *ops.AddColumn:
		return []string{addColumnSQL(o.Table, o.Column)}, fmt.Sprintf("add column %q to %q", o.Column.Name, o.Table), nil
	case *ops.DropColumn:
		return []string{dropColumnSQL(o.Table, o.Name)}, fmt.Sprintf("drop column %q from %q", o.Name, o.Table), nil
	case *ops.AlterColumn:
		return nil, fmt.Sprintf("alter column %q of %q", o.Column, o.Table), nil
	case *ops.CreateIndex:
		if o.Index == nil {
			return nil, "", errors.New("create index: no index definition")
		}
		return []string{CreateIndexSQL(md.Table(o.Index.Table), o.Index)}, fmt.Sprintf("create index %q", o.Index.Name), nil
	case *ops.DropIndex:
		return []string{dropIndexSQL(o.Name)}, fmt.Sprintf("drop index %q", o.Name), nil
	}
	return nil, "", fmt.Errorf("plan: %T cannot be done in place", it.Op)
}

func validTable(t *schema.Table) error {
	if t.Name == "" {
		return errors.New("create table: the table has no name")
	}
	if len(t.Columns) == 0 {
		return fmt.Errorf("create table %q: the table has no columns", t.Name)
	}
	return nil
}
