package postgres

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"retort/engine/ops"
	"retort/engine/schema"
)

// Change is what one op does on PostgreSQL: its statements, in order.
// PostgreSQL alters tables in place, so each op is one change (a batch
// block's ops are one change each, plain ALTERs as Alembic runs them there).
type Change struct {
	Op    ops.Op     // the op; inside a batch, the inner op with its table and schema filled in
	Batch *ops.Batch // the batch block the op came from, or nil
	What  string     // what it does, for messages: `add column "age" to "users"`
	Table string     // the table it acts on, when one
	// Statements are the SQL, in order, as Alembic writes them (none for an
	// alter_column that asks for no change), whether or not the database
	// already is as they make it.
	Statements []string
	// Autocommit says the statements must run outside a transaction:
	// CREATE/DROP INDEX CONCURRENTLY, which PostgreSQL refuses inside one.
	// The runner commits what came before, runs them, and begins again, as
	// Alembic's autocommit_block does (in --sql output: COMMIT; the
	// statements; BEGIN;).
	Autocommit bool
	Execute    bool // an op.execute of the user's SQL
	DDL        bool // an op.execute whose SQL may change the schema
}

// Explain wraps an error from running the change's statements with what the
// change was doing.
func (c Change) Explain(err error) error { return fmt.Errorf("%s: %w", c.What, err) }

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

// PlanAll plans a list of ops run in order on a database whose schema is md.
// It returns the changes and the schema after them; md is not changed. The
// schema after an op.execute is taken to be the schema before it.
//
// The schema after a change is what PostgreSQL makes of it: a constraint
// created without a name gets the name PostgreSQL gives it (users_pkey,
// users_email_key, posts_user_id_fkey; see pgConstraintName), and the enum
// types CREATE TYPE made are in md.Enums, so that a later create_table does
// not create them again (SQLAlchemy's enum memo does the same within one run;
// Retort also does not re-create a type the database already has).
func PlanAll(md *schema.MetaData, list []ops.Op) ([]Change, *schema.MetaData, error) {
	p := NewPlanner(md)
	var out []Change
	for _, op := range list {
		changes, err := p.Plan(op)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, changes...)
	}
	return out, p.Schema(), nil
}

// PlanOp plans one op (a batch gives one change per inner op) on a database
// whose schema is md, and returns the changes and the schema after them; md
// is not changed.
func PlanOp(md *schema.MetaData, op ops.Op) ([]Change, *schema.MetaData, error) {
	return PlanAll(md, []ops.Op{op})
}

// Planner plans ops one after another, keeping the schema they leave: the
// runner, which receives a script's ops one at a time, plans each on what
// the ones before it left, without copying the schema each time.
type Planner struct {
	md *schema.MetaData
}

// NewPlanner starts planning on a database whose schema is md (nil: an
// empty one); md is copied, not changed.
func NewPlanner(md *schema.MetaData) *Planner {
	if md == nil {
		return &Planner{md: &schema.MetaData{}}
	}
	return &Planner{md: md.Clone()}
}

// Plan plans one op (a batch gives one change per inner op) and moves the
// schema past it. After an error the schema is not to be trusted: a step
// that fails is rolled back, and the next plan starts from a schema read
// back (Inspect) or known.
func (p *Planner) Plan(op ops.Op) ([]Change, error) {
	return planOp(p.md, op, nil)
}

// Schema is the schema after the ops planned so far (the Planner's own:
// clone it to keep it past the next Plan).
func (p *Planner) Schema() *schema.MetaData { return p.md }

// planOp plans op on md and applies it to md.
func planOp(md *schema.MetaData, op ops.Op, batch *ops.Batch) ([]Change, error) {
	if batch != nil {
		op = ops.InBatch(op, batch)
	}
	if b, ok := op.(*ops.Batch); ok {
		var out []Change
		for _, inner := range b.Ops {
			cs, err := planOp(md, inner, b)
			if err != nil {
				return nil, err
			}
			out = append(out, cs...)
		}
		return out, nil
	}
	if o, ok := op.(*ops.DropConstraint); ok && o.Name == "" {
		// Drop it by the name it has, and find it by that name in md.
		name, err := constraintToDrop(md, o)
		if err != nil {
			return nil, err
		}
		named := *o
		named.Name = name
		op = &named
	}
	c, err := change(md, op)
	if err != nil {
		return nil, err
	}
	c.Op, c.Batch = op, batch
	if !c.Execute {
		if err := ops.Apply(md, op); err != nil {
			return nil, err
		}
		nameConstraints(md, op)
	}
	return []Change{c}, nil
}

// change writes the statements of one op (not a batch) on md, before it.
func change(md *schema.MetaData, op ops.Op) (Change, error) {
	one := func(what, table string, stmts ...string) (Change, error) {
		return Change{What: what, Table: table, Statements: stmts}, nil
	}
	switch o := op.(type) {
	case *ops.Execute:
		s := trimSQL(o.SQL)
		return Change{What: "op.execute", Execute: true, DDL: changesSchema(s), Statements: []string{s}}, nil

	case *ops.CreateTable:
		if o.Table == nil || o.Table.Name == "" {
			return Change{}, errors.New("create table: no table definition")
		}
		t := o.Table
		if len(t.Columns) == 0 {
			return Change{}, fmt.Errorf("create table %q: the table has no columns", t.Name)
		}
		var stmts []string
		for _, e := range newEnums(md, t) {
			s, err := CreateEnumSQL(e.Schema, e.Name, e.Values)
			if err != nil {
				return Change{}, err
			}
			stmts = append(stmts, s)
		}
		s, err := CreateTableSQL(t)
		if err != nil {
			return Change{}, err
		}
		stmts = append(stmts, s)
		for _, ix := range t.Indexes {
			ix := ix.Clone()
			if ix.Table == "" {
				ix.Table = t.Name
			}
			if ix.Schema == "" {
				ix.Schema = t.Schema
			}
			s, err := CreateIndexSQL(t, ix, false)
			if err != nil {
				return Change{}, err
			}
			stmts = append(stmts, s)
		}
		if t.Comment != "" {
			stmts = append(stmts, TableCommentSQL(t.Schema, t.Name, t.Comment))
		}
		for _, c := range t.Columns {
			if c.Comment != "" {
				stmts = append(stmts, ColumnCommentSQL(t.Schema, t.Name, c.Name, c.Comment))
			}
		}
		return one(fmt.Sprintf("create table %q", t.Name), t.Name, stmts...)

	case *ops.DropTable:
		return one(fmt.Sprintf("drop table %q", o.Name), o.Name, DropTableSQL(o.Schema, o.Name))

	case *ops.RenameTable:
		return one(fmt.Sprintf("rename table %q to %q", o.Old, o.New), o.Old, RenameTableSQL(o.Schema, o.Old, o.New))

	case *ops.AddColumn:
		if o.Column == nil {
			return Change{}, fmt.Errorf("add column to %q: no column definition", o.Table)
		}
		s, err := AddColumnSQL(o.Schema, o.Table, o.Column)
		if err != nil {
			return Change{}, fmt.Errorf("add column %q to %q: %w", o.Column.Name, o.Table, err)
		}
		stmts := []string{s}
		if o.Column.Comment != "" {
			stmts = append(stmts, ColumnCommentSQL(o.Schema, o.Table, o.Column.Name, o.Column.Comment))
		}
		return one(fmt.Sprintf("add column %q to %q", o.Column.Name, o.Table), o.Table, stmts...)

	case *ops.DropColumn:
		return one(fmt.Sprintf("drop column %q from %q", o.Name, o.Table), o.Table, DropColumnSQL(o.Schema, o.Table, o.Name))

	case *ops.AlterColumn:
		stmts, err := alterColumnSQL(o)
		if err != nil {
			return Change{}, err
		}
		return one(fmt.Sprintf("alter column %q of %q", o.Column, o.Table), o.Table, stmts...)

	case *ops.CreateIndex:
		if o.Index == nil {
			return Change{}, errors.New("create index: no index definition")
		}
		s, err := CreateIndexSQL(md.TableIn(o.Index.Schema, o.Index.Table), o.Index, o.Concurrently)
		if err != nil {
			return Change{}, err
		}
		c, _ := one(fmt.Sprintf("create index %q", o.Index.Name), o.Index.Table, s)
		c.Autocommit = o.Concurrently
		return c, nil

	case *ops.DropIndex:
		c, _ := one(fmt.Sprintf("drop index %q", o.Name), o.Table, DropIndexSQL(o.Schema, o.Name, o.Concurrently))
		c.Autocommit = o.Concurrently
		return c, nil

	case *ops.CreateUnique:
		if o.Unique == nil {
			return Change{}, fmt.Errorf("create unique constraint on %q: no definition", o.Table)
		}
		return one(fmt.Sprintf("create unique constraint on %q", o.Table), o.Table, AddUniqueSQL(o.Schema, o.Table, o.Unique))

	case *ops.CreatePrimaryKey:
		if o.PrimaryKey == nil {
			return Change{}, fmt.Errorf("create primary key on %q: no definition", o.Table)
		}
		return one(fmt.Sprintf("create primary key on %q", o.Table), o.Table, AddPrimaryKeySQL(o.Schema, o.Table, o.PrimaryKey))

	case *ops.CreateCheck:
		if o.Check == nil {
			return Change{}, fmt.Errorf("create check constraint on %q: no definition", o.Table)
		}
		return one(fmt.Sprintf("create check constraint on %q", o.Table), o.Table, AddCheckSQL(o.Schema, o.Table, o.Check))

	case *ops.CreateForeignKey:
		if o.ForeignKey == nil {
			return Change{}, fmt.Errorf("create foreign key on %q: no definition", o.Table)
		}
		s, err := AddForeignKeySQL(o.Schema, o.Table, o.ForeignKey)
		if err != nil {
			return Change{}, fmt.Errorf("create foreign key on %q: %w", o.Table, err)
		}
		return one(fmt.Sprintf("create foreign key on %q", o.Table), o.Table, s)

	case *ops.DropConstraint:
		name, err := constraintToDrop(md, o)
		if err != nil {
			return Change{}, err
		}
		return one(fmt.Sprintf("drop constraint %q on %q", name, o.Table), o.Table, DropConstraintSQL(o.Schema, o.Table, name))

	case *ops.CreateTableComment:
		return one(fmt.Sprintf("comment on table %q", o.Table), o.Table, TableCommentSQL(o.Schema, o.Table, o.Comment))

	case *ops.DropTableComment:
		return one(fmt.Sprintf("drop the comment on table %q", o.Table), o.Table, TableCommentSQL(o.Schema, o.Table, ""))

	case *ops.BulkInsert:
		stmts, err := bulkInsertSQL(o)
		if err != nil {
			return Change{}, err
		}
		return one(fmt.Sprintf("bulk insert into %q", o.Table), o.Table, stmts...)
	}
	return Change{}, fmt.Errorf("plan: unsupported op %T", op)
}

// alterColumnSQL writes alter_column as Alembic's PostgresqlImpl does: the
// type (with USING) first, then NULL/NOT NULL, the default, the comment, and
// the rename last; each part only when the op gives it.
func alterColumnSQL(o *ops.AlterColumn) ([]string, error) {
	if o.Using != "" && o.Type == nil {
		return nil, fmt.Errorf("alter column %q of %q: postgresql_using must be used with the type_ parameter", o.Column, o.Table)
	}
	var stmts []string
	if o.Type != nil {
		s, err := AlterTypeSQL(o.Schema, o.Table, o.Column, *o.Type, "", o.Using)
		if err != nil {
			return nil, err
		}
		stmts = append(stmts, s)
	}
	if o.Nullable != nil {
		stmts = append(stmts, NullableSQL(o.Schema, o.Table, o.Column, *o.Nullable))
	}
	if o.ServerDefault != nil {
		stmts = append(stmts, DefaultSQL(o.Schema, o.Table, &schema.Column{Name: o.Column, ServerDefault: *o.ServerDefault}))
	}
	if o.Comment != nil {
		stmts = append(stmts, ColumnCommentSQL(o.Schema, o.Table, o.Column, *o.Comment))
	}
	if o.NewName != "" && o.NewName != o.Column {
		stmts = append(stmts, RenameColumnSQL(o.Schema, o.Table, o.Column, o.NewName))
	}
	return stmts, nil
}

// bulkInsertSQL writes one INSERT per row, as Alembic's --sql mode does: the
// row's columns in the order the table (sa.table's columns) lists them.
func bulkInsertSQL(o *ops.BulkInsert) ([]string, error) {
	var stmts []string
	for _, row := range o.Rows {
		var cols []string
		if len(o.Columns) == 0 {
			for k := range row {
				cols = append(cols, k)
			}
			slices.Sort(cols)
		} else {
			for _, c := range o.Columns {
				if _, ok := row[c]; ok {
					cols = append(cols, c)
				}
			}
			for k := range row {
				if !slices.Contains(o.Columns, k) {
					return nil, fmt.Errorf("bulk insert into %q: the row names column %q, which the table does not list", o.Table, k)
				}
			}
		}
		vals := make([]any, len(cols))
		for i, c := range cols {
			vals[i] = row[c]
		}
		s, err := InsertRowSQL(o.Schema, o.Table, cols, vals)
		if err != nil {
			return nil, fmt.Errorf("bulk insert: %w", err)
		}
		stmts = append(stmts, s)
	}
	return stmts, nil
}

// newEnums returns the enum types creating t creates first, in column
// order, each once: the named native enums (ARRAY items included) that md
// does not hold yet.
func newEnums(md *schema.MetaData, t *schema.Table) []*schema.Enum {
	var out []*schema.Enum
	var add func(ty schema.Type)
	add = func(ty schema.Type) {
		if ty.Item != nil {
			add(*ty.Item)
			return
		}
		if !createsType(ty) {
			return
		}
		if findEnum(md.Enums, ty.Schema, ty.EnumName) != nil || findEnum(out, ty.Schema, ty.EnumName) != nil {
			return
		}
		out = append(out, &schema.Enum{Schema: ty.Schema, Name: ty.EnumName, Values: slices.Clone(ty.Enum)})
	}
	for _, c := range t.Columns {
		add(c.Type)
	}
	return out
}

func findEnum(list []*schema.Enum, sch, name string) *schema.Enum {
	for _, e := range list {
		if e.Name == name && e.Schema == sch {
			return e
		}
	}
	return nil
}

// constraintToDrop returns the name of the constraint a drop_constraint
// drops: its own, or, when the op names none, the name of the one it finds
// in md by kind and columns (PostgreSQL named it when it was created).
// Alembic needs the name; Retort can tell it from the schema. A constraint
// that bears the name PostgreSQL gives an unnamed one counts as unnamed.
func constraintToDrop(md *schema.MetaData, o *ops.DropConstraint) (string, error) {
	if o.Name != "" {
		return o.Name, nil
	}
	t := md.TableIn(o.Schema, o.Table)
	if t == nil {
		return "", fmt.Errorf("drop unnamed constraint on %q: table %w", o.Table, ops.ErrNotFound)
	}
	kind, i, err := ops.FindConstraint(t, o)
	if err != nil && errors.Is(err, ops.ErrNotFound) {
		// Find it among the constraints named as PostgreSQL names unnamed ones.
		unnamed := t.Clone()
		for _, u := range unnamed.Uniques {
			if defaultName(t.Name, u.Columns, "key", u.Name) {
				u.Name = ""
			}
		}
		for _, fk := range unnamed.ForeignKeys {
			if defaultName(t.Name, fk.Columns, "fkey", fk.Name) {
				fk.Name = ""
			}
		}
		for _, c := range unnamed.Checks {
			if strings.HasPrefix(c.Name, t.Name+"_") && strings.Contains(c.Name, "_check") {
				c.Name = ""
			}
		}
		kind, i, err = ops.FindConstraint(unnamed, o)
	}
	if err != nil {
		return "", err
	}
	name := ""
	switch kind {
	case ops.KindUnique:
		name = t.Uniques[i].Name
	case ops.KindForeignKey:
		name = t.ForeignKeys[i].Name
	case ops.KindCheck:
		name = t.Checks[i].Name
	case ops.KindPrimary:
		name = t.PrimaryKey.Name
	}
	if name == "" {
		return "", fmt.Errorf("drop unnamed %s constraint on %q: PostgreSQL gave it a name the schema does not know; name it in the op", kind, o.Table)
	}
	return name, nil
}

// defaultName reports whether name is one PostgreSQL gives an unnamed
// constraint on table's columns cols: table_cols_label, or with a number
// after the label.
func defaultName(table string, cols []string, label, name string) bool {
	base := makeObjectName(table, strings.Join(cols, "_"), label)
	if name == base {
		return true
	}
	for n := 1; n < 10; n++ {
		if name == makeObjectName(table, strings.Join(cols, "_"), fmt.Sprintf("%s%d", label, n)) {
			return true
		}
	}
	return false
}

// nameConstraints gives the constraints op created without a name the names
// PostgreSQL gives them, records the enum types a create_table made, drops
// what PostgreSQL drops with a column (CHECKs and indexes whose expressions
// name it), and renames a column in the expressions that name it, as
// PostgreSQL does (it keeps expressions parsed, not as text).
func nameConstraints(md *schema.MetaData, op ops.Op) {
	switch o := op.(type) {
	case *ops.CreateTable:
		t := md.TableIn(o.Table.Schema, o.Table.Name)
		md.Enums = append(md.Enums, newEnums(&schema.MetaData{Enums: md.Enums}, o.Table)...)
		nameTable(md, t)
	case *ops.AddColumn, *ops.CreateUnique, *ops.CreateForeignKey, *ops.CreateCheck:
		sch, name := tableOf(op)
		if t := md.TableIn(sch, name); t != nil {
			nameTable(md, t)
		}
	case *ops.CreatePrimaryKey:
		if t := md.TableIn(o.Schema, o.Table); t != nil {
			nameTable(md, t)
			// ADD PRIMARY KEY makes its columns NOT NULL.
			for _, name := range o.PrimaryKey.Columns {
				if c := t.Column(name); c != nil {
					c.Nullable = false
				}
			}
		}
	case *ops.DropColumn:
		if t := md.TableIn(o.Schema, o.Table); t != nil {
			t.Checks = slices.DeleteFunc(t.Checks, func(c *schema.Check) bool { return mentions(c.SQL, o.Name) })
			if len(t.Checks) == 0 {
				t.Checks = nil
			}
			t.Indexes = slices.DeleteFunc(t.Indexes, func(ix *schema.Index) bool {
				return mentions(ix.Where, o.Name) || slices.ContainsFunc(ix.Columns, func(c string) bool { return t.Column(c) == nil && mentions(c, o.Name) })
			})
			if len(t.Indexes) == 0 {
				t.Indexes = nil
			}
		}
	case *ops.AlterColumn:
		if o.NewName == "" || o.NewName == o.Column {
			return
		}
		t := md.TableIn(o.Schema, o.Table)
		if t == nil {
			return
		}
		for _, c := range t.Checks {
			c.SQL = renameInSQL(c.SQL, o.Column, o.NewName)
		}
		for _, ix := range t.Indexes {
			for i, c := range ix.Columns {
				if t.Column(c) == nil {
					ix.Columns[i] = renameInSQL(c, o.Column, o.NewName)
				}
			}
			ix.Where = renameInSQL(ix.Where, o.Column, o.NewName)
		}
		for _, c := range t.Columns {
			if c.Computed != nil {
				c.Computed.SQL = renameInSQL(c.Computed.SQL, o.Column, o.NewName)
			}
		}
	}
}

// renameInSQL rewrites the names of a column in an expression: a bare word
// that folds to old, or a quoted identifier equal to it, becomes new, quoted
// (function names, a word followed by "(", stay).
func renameInSQL(sql, old, new string) string {
	toks, err := lex(sql)
	if err != nil || sql == "" {
		return sql
	}
	var b strings.Builder
	last := 0
	for i, t := range toks {
		match := t.Kind == tokIdent && t.Text == old || t.Kind == tokWord && strings.ToLower(t.Text) == old
		if !match || i+1 < len(toks) && toks[i+1].Kind == tokPunct && toks[i+1].Text == "(" {
			continue
		}
		b.WriteString(sql[last:t.Start])
		b.WriteString(Quote(new))
		last = t.End
	}
	b.WriteString(sql[last:])
	return b.String()
}

func tableOf(op ops.Op) (string, string) {
	switch o := op.(type) {
	case *ops.AddColumn:
		return o.Schema, o.Table
	case *ops.CreateUnique:
		return o.Schema, o.Table
	case *ops.CreateForeignKey:
		return o.Schema, o.Table
	case *ops.CreateCheck:
		return o.Schema, o.Table
	}
	return "", ""
}

// nameTable names t's unnamed primary key, unique constraints and foreign
// keys as PostgreSQL does. Unnamed CHECKs keep no name: PostgreSQL names
// them after the one column they name, if only one, which text cannot tell
// for sure.
func nameTable(md *schema.MetaData, t *schema.Table) {
	taken := takenNames(md, t.Schema)
	if t.PrimaryKey != nil && t.PrimaryKey.Name == "" {
		t.PrimaryKey.Name = pgConstraintName(t.Name, nil, "pkey", taken)
	}
	for _, u := range t.Uniques {
		if u.Name == "" {
			u.Name = pgConstraintName(t.Name, u.Columns, "key", taken)
		}
	}
	for _, fk := range t.ForeignKeys {
		if fk.Name == "" {
			fk.Name = pgConstraintName(t.Name, fk.Columns, "fkey", taken)
		}
	}
}

// takenNames lists the names of relations and constraints in a schema,
// which a generated constraint name must not repeat.
func takenNames(md *schema.MetaData, sch string) map[string]bool {
	taken := map[string]bool{}
	for _, t := range md.Tables {
		if t.Schema != sch {
			continue
		}
		taken[t.Name] = true
		if t.PrimaryKey != nil && t.PrimaryKey.Name != "" {
			taken[t.PrimaryKey.Name] = true
		}
		for _, ix := range t.Indexes {
			taken[ix.Name] = true
		}
		for _, u := range t.Uniques {
			taken[u.Name] = true
		}
		for _, fk := range t.ForeignKeys {
			taken[fk.Name] = true
		}
		for _, c := range t.Checks {
			taken[c.Name] = true
		}
	}
	return taken
}

// nameDataLen is PostgreSQL's NAMEDATALEN: names hold at most 63 bytes.
const nameDataLen = 64

// pgConstraintName is the name PostgreSQL chooses for an unnamed constraint
// (ChooseConstraintName over makeObjectName): table_col1_col2_label, the
// longer of the two parts cut first to fit 63 bytes, and a number added to
// the label (key1, key2, …) until the name is not taken. It marks the name taken.
func pgConstraintName(table string, cols []string, label string, taken map[string]bool) string {
	var name2 string
	if len(cols) > 0 {
		var b strings.Builder
		for _, c := range cols {
			if b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteString(c)
			if b.Len() >= nameDataLen {
				break
			}
		}
		name2 = b.String()
	}
	for pass := 0; ; pass++ {
		l := label
		if pass > 0 {
			l = fmt.Sprintf("%s%d", label, pass)
		}
		n := makeObjectName(table, name2, l)
		if !taken[n] {
			taken[n] = true
			return n
		}
	}
}

// makeObjectName is PostgreSQL's makeObjectName: name1_name2_label within
// 63 bytes, cutting the longer name first, never inside a UTF-8 character.
func makeObjectName(name1, name2, label string) string {
	overhead := 0
	if name2 != "" {
		overhead++
	}
	if label != "" {
		overhead += len(label) + 1
	}
	avail := nameDataLen - 1 - overhead
	n1, n2 := len(name1), len(name2)
	for n1+n2 > avail {
		if n1 > n2 {
			n1--
		} else {
			n2--
		}
	}
	out := clip(name1, n1)
	if name2 != "" {
		out += "_" + clip(name2, n2)
	}
	if label != "" {
		out += "_" + label
	}
	return out
}

// clip cuts s to at most n bytes without splitting a UTF-8 character.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
