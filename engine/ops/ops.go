// Package ops holds Alembic's migration operations as data: one struct per
// operation (op.create_table, op.add_column, …), each with its Reverse.
//
// Ops name tables and columns; they never hold SQL that Retort writes (only the
// SQL a user gave, as in op.execute). The dialects (packages sqlite and
// postgres) turn them into statements; package script turns them into
// revision-script text.
//
// A Schema field is the op's schema= argument (a table's schema, the
// PostgreSQL namespace); "" is the default schema. SQLite has none.
package ops

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"retort/engine/schema"
)

// Op is one migration operation. The set is closed: only this package's types
// implement it.
type Op interface {
	// Reverse returns the operation that undoes this one, or an error wrapping
	// ErrIrreversible when the op does not carry what its reverse needs.
	Reverse() (Op, error)
	isOp()
}

// ErrIrreversible is wrapped by Reverse when an operation cannot be undone.
var ErrIrreversible = errors.New("operation cannot be reversed")

// ConstraintKind names a kind of constraint, as drop_constraint's type_ argument does.
type ConstraintKind string

// Constraint kinds, spelled as Alembic's type_ argument.
const (
	KindUnique     ConstraintKind = "unique"
	KindForeignKey ConstraintKind = "foreignkey"
	KindCheck      ConstraintKind = "check"
	KindPrimary    ConstraintKind = "primary"
)

// CreateTable is op.create_table.
type CreateTable struct {
	Table *schema.Table
}

// DropTable is op.drop_table. Table, when known, is the dropped table's
// definition; it is what Reverse needs.
type DropTable struct {
	Name   string
	Table  *schema.Table
	Schema string
}

// RenameTable is op.rename_table.
type RenameTable struct {
	Old, New string
	Schema   string
}

// AddColumn is op.add_column.
type AddColumn struct {
	Table  string
	Column *schema.Column
	Schema string
}

// DropColumn is op.drop_column. Column, when known, is the dropped column's
// definition; it is what Reverse needs.
type DropColumn struct {
	Table  string
	Name   string
	Column *schema.Column
	Schema string
}

// AlterColumn is op.alter_column. Nil fields are left as they are; Existing*
// fields describe the column before the change (what Reverse needs, and what a
// table rebuild needs when it cannot read the database).
type AlterColumn struct {
	Table  string
	Column string

	Nullable      *bool
	Type          *schema.Type
	ServerDefault *string // a pointer to "" removes the default
	Comment       *string
	NewName       string

	ExistingType          *schema.Type
	ExistingNullable      *bool
	ExistingServerDefault *string
	ExistingComment       *string
	// Autoincrement is the autoincrement= Alembic's autogenerate writes
	// on the table's autoincrement column (and where the models say it);
	// nil writes none. Nothing runs differently for it.
	Autoincrement *bool

	Schema string
	// Using is postgresql_using=: the expression of ALTER COLUMN … TYPE …
	// USING, SQL text; only with Type. Other dialects ignore it.
	Using string
}

// CreateIndex is op.create_index.
type CreateIndex struct {
	Index *schema.Index // its Schema is the op's schema=
	// Concurrently is postgresql_concurrently=True: CREATE INDEX
	// CONCURRENTLY, which PostgreSQL runs only outside a transaction.
	Concurrently bool
}

// DropIndex is op.drop_index. Index, when known, is the dropped index's definition.
type DropIndex struct {
	Name   string
	Table  string
	Index  *schema.Index
	Schema string
	// Concurrently is postgresql_concurrently=True: DROP INDEX CONCURRENTLY.
	Concurrently bool
}

// CreateUnique is op.create_unique_constraint.
type CreateUnique struct {
	Table  string
	Unique *schema.Unique
	Schema string
}

// CreatePrimaryKey is op.create_primary_key: a primary key on existing
// columns (the table must have none).
type CreatePrimaryKey struct {
	Table      string
	PrimaryKey *schema.PrimaryKey
	Schema     string
}

// CreateCheck is op.create_check_constraint.
type CreateCheck struct {
	Table  string
	Check  *schema.Check
	Schema string
}

// CreateForeignKey is op.create_foreign_key. Schema is source_schema=; the
// referent_schema= is ForeignKey.RefSchema.
type CreateForeignKey struct {
	Table      string
	ForeignKey *schema.ForeignKey
	Schema     string
}

// DropConstraint is op.drop_constraint. Name may be empty (Alembic writes
// op.drop_constraint(None, 'posts', type_='foreignkey') for an unnamed
// constraint): the constraint is then found by table, kind and, when the
// definition is known, its columns. The definition, when known, is what Reverse
// needs; at most one of Unique, Check, ForeignKey, PrimaryKey is set,
// matching Kind.
type DropConstraint struct {
	Name       string
	Table      string
	Kind       ConstraintKind
	Unique     *schema.Unique
	Check      *schema.Check
	ForeignKey *schema.ForeignKey
	PrimaryKey *schema.PrimaryKey
	Schema     string
}

// CreateTableComment is op.create_table_comment: it sets a table's comment.
// ExistingComment, when known, is the comment it replaces (what Reverse needs).
type CreateTableComment struct {
	Table           string
	Comment         string
	ExistingComment *string
	Schema          string
}

// DropTableComment is op.drop_table_comment: it removes a table's comment.
// ExistingComment, when known, is the removed comment (what Reverse needs).
type DropTableComment struct {
	Table           string
	ExistingComment *string
	Schema          string
}

// Execute is op.execute with SQL the user wrote.
type Execute struct {
	SQL string
	// Params are the values of the statement's :name parameters
	// (sa.text(...).bindparams(...)); nil when it has none.
	Params map[string]any
}

// BulkInsert is op.bulk_insert: rows of values (nil, bool, int64, float64, string)
// keyed by column name.
type BulkInsert struct {
	Table   string
	Columns []string
	Rows    []map[string]any
	Schema  string
}

// Batch is `with op.batch_alter_table(table) as batch_op:`: its ops all act on
// Table. On SQLite Retort rebuilds whatever needs it, batch or not.
type Batch struct {
	Table    string
	Recreate string // "auto" (default), "always" or "never"
	Ops      []Op
	Schema   string
	// From, when set, is the table a batch that recreates its table starts
	// from instead of the live one, as Alembic's does: copy_from=, or the
	// live table reflected under the batch's naming_convention= (which
	// names its unnamed constraints). Its name is the live table's.
	From *schema.Table
}

func (*CreateTable) isOp()        {}
func (*DropTable) isOp()          {}
func (*RenameTable) isOp()        {}
func (*AddColumn) isOp()          {}
func (*DropColumn) isOp()         {}
func (*AlterColumn) isOp()        {}
func (*CreateIndex) isOp()        {}
func (*DropIndex) isOp()          {}
func (*CreateUnique) isOp()       {}
func (*CreatePrimaryKey) isOp()   {}
func (*CreateCheck) isOp()        {}
func (*CreateForeignKey) isOp()   {}
func (*DropConstraint) isOp()     {}
func (*CreateTableComment) isOp() {}
func (*DropTableComment) isOp()   {}
func (*Execute) isOp()            {}
func (*BulkInsert) isOp()         {}
func (*Batch) isOp()              {}

// Reverse implements Op.
func (o *CreateTable) Reverse() (Op, error) {
	return &DropTable{Name: o.Table.Name, Table: o.Table.Clone(), Schema: o.Table.Schema}, nil
}

// Reverse implements Op.
func (o *DropTable) Reverse() (Op, error) {
	if o.Table == nil {
		return nil, fmt.Errorf("drop_table(%q) does not carry the table's definition: %w", o.Name, ErrIrreversible)
	}
	t := o.Table.Clone()
	if t.Schema == "" {
		t.Schema = o.Schema
	}
	return &CreateTable{Table: t}, nil
}

// Reverse implements Op.
func (o *RenameTable) Reverse() (Op, error) {
	return &RenameTable{Old: o.New, New: o.Old, Schema: o.Schema}, nil
}

// Reverse implements Op.
func (o *AddColumn) Reverse() (Op, error) {
	return &DropColumn{Table: o.Table, Name: o.Column.Name, Column: o.Column.Clone(), Schema: o.Schema}, nil
}

// Reverse implements Op.
func (o *DropColumn) Reverse() (Op, error) {
	if o.Column == nil {
		return nil, fmt.Errorf("drop_column(%q, %q) does not carry the column's definition: %w", o.Table, o.Name, ErrIrreversible)
	}
	return &AddColumn{Table: o.Table, Column: o.Column.Clone(), Schema: o.Schema}, nil
}

// Reverse implements Op.
func (o *AlterColumn) Reverse() (Op, error) {
	missing := func(what string) error {
		return fmt.Errorf("alter_column(%q, %q) changes %s without existing_%s: %w", o.Table, o.Column, what, what, ErrIrreversible)
	}
	r := &AlterColumn{Table: o.Table, Column: o.Column, Schema: o.Schema, Autoincrement: o.Autoincrement}
	if o.NewName != "" {
		r.Column, r.NewName = o.NewName, o.Column
	}
	if o.Nullable != nil {
		if o.ExistingNullable == nil {
			return nil, missing("nullable")
		}
		r.Nullable, r.ExistingNullable = Ptr(*o.ExistingNullable), Ptr(*o.Nullable)
	} else if o.ExistingNullable != nil {
		r.ExistingNullable = Ptr(*o.ExistingNullable)
	}
	if o.Type != nil {
		if o.ExistingType == nil {
			return nil, missing("type")
		}
		r.Type, r.ExistingType = Ptr(o.ExistingType.Clone()), Ptr(o.Type.Clone())
	} else if o.ExistingType != nil {
		r.ExistingType = Ptr(o.ExistingType.Clone())
	}
	if o.ServerDefault != nil {
		old := ""
		if o.ExistingServerDefault != nil {
			old = *o.ExistingServerDefault
		}
		r.ServerDefault, r.ExistingServerDefault = Ptr(old), Ptr(*o.ServerDefault)
	} else if o.ExistingServerDefault != nil {
		r.ExistingServerDefault = Ptr(*o.ExistingServerDefault)
	}
	if o.Comment != nil {
		old := ""
		if o.ExistingComment != nil {
			old = *o.ExistingComment
		}
		r.Comment, r.ExistingComment = Ptr(old), Ptr(*o.Comment)
	} else if o.ExistingComment != nil {
		r.ExistingComment = Ptr(*o.ExistingComment)
	}
	return r, nil
}

// Reverse implements Op.
func (o *CreateIndex) Reverse() (Op, error) {
	return &DropIndex{Name: o.Index.Name, Table: o.Index.Table, Index: o.Index.Clone(), Schema: o.Index.Schema, Concurrently: o.Concurrently}, nil
}

// Reverse implements Op.
func (o *DropIndex) Reverse() (Op, error) {
	if o.Index == nil {
		return nil, fmt.Errorf("drop_index(%q) does not carry the index's definition: %w", o.Name, ErrIrreversible)
	}
	ix := o.Index.Clone()
	if ix.Schema == "" {
		ix.Schema = o.Schema
	}
	return &CreateIndex{Index: ix, Concurrently: o.Concurrently}, nil
}

// Reverse implements Op.
func (o *CreateUnique) Reverse() (Op, error) {
	u := *o.Unique
	return &DropConstraint{Name: u.Name, Table: o.Table, Kind: KindUnique, Unique: &u, Schema: o.Schema}, nil
}

// Reverse implements Op: drop_constraint(name, table, type_='primary'), as
// Alembic's CreatePrimaryKeyOp reverses.
func (o *CreatePrimaryKey) Reverse() (Op, error) {
	pk := clonePK(o.PrimaryKey)
	return &DropConstraint{Name: pk.Name, Table: o.Table, Kind: KindPrimary, PrimaryKey: pk, Schema: o.Schema}, nil
}

func clonePK(pk *schema.PrimaryKey) *schema.PrimaryKey {
	c := *pk
	c.Columns = slices.Clone(pk.Columns)
	return &c
}

// Reverse implements Op.
func (o *CreateCheck) Reverse() (Op, error) {
	c := *o.Check
	return &DropConstraint{Name: c.Name, Table: o.Table, Kind: KindCheck, Check: &c, Schema: o.Schema}, nil
}

// Reverse implements Op.
func (o *CreateForeignKey) Reverse() (Op, error) {
	return &DropConstraint{Name: o.ForeignKey.Name, Table: o.Table, Kind: KindForeignKey, ForeignKey: o.ForeignKey.Clone(), Schema: o.Schema}, nil
}

// Reverse implements Op.
func (o *DropConstraint) Reverse() (Op, error) {
	switch {
	case o.Unique != nil:
		u := *o.Unique
		u.Columns = slices.Clone(u.Columns)
		return &CreateUnique{Table: o.Table, Unique: &u, Schema: o.Schema}, nil
	case o.Check != nil:
		c := *o.Check
		return &CreateCheck{Table: o.Table, Check: &c, Schema: o.Schema}, nil
	case o.ForeignKey != nil:
		return &CreateForeignKey{Table: o.Table, ForeignKey: o.ForeignKey.Clone(), Schema: o.Schema}, nil
	case o.PrimaryKey != nil:
		return &CreatePrimaryKey{Table: o.Table, PrimaryKey: clonePK(o.PrimaryKey), Schema: o.Schema}, nil
	}
	name := o.Name
	if name == "" {
		name = "None"
	}
	return nil, fmt.Errorf("drop_constraint(%s, %q) does not carry the constraint's definition: %w", name, o.Table, ErrIrreversible)
}

// Reverse implements Op: the comment it replaced set again, or dropped when
// there was none (as Alembic's CreateTableCommentOp.reverse does).
func (o *CreateTableComment) Reverse() (Op, error) {
	if o.ExistingComment == nil || *o.ExistingComment == "" {
		return &DropTableComment{Table: o.Table, ExistingComment: Ptr(o.Comment), Schema: o.Schema}, nil
	}
	return &CreateTableComment{Table: o.Table, Comment: *o.ExistingComment, ExistingComment: Ptr(o.Comment), Schema: o.Schema}, nil
}

// Reverse implements Op: the dropped comment set again.
func (o *DropTableComment) Reverse() (Op, error) {
	if o.ExistingComment == nil {
		return nil, fmt.Errorf("drop_table_comment(%q) without existing_comment: %w", o.Table, ErrIrreversible)
	}
	return &CreateTableComment{Table: o.Table, Comment: *o.ExistingComment, Schema: o.Schema}, nil
}

// Reverse implements Op.
func (o *Execute) Reverse() (Op, error) {
	return nil, fmt.Errorf("op.execute: raw SQL %w", ErrIrreversible)
}

// Reverse implements Op.
func (o *BulkInsert) Reverse() (Op, error) {
	return nil, fmt.Errorf("op.bulk_insert into %q: %w", o.Table, ErrIrreversible)
}

// Reverse implements Op: the batch's ops reversed, in reverse order.
func (o *Batch) Reverse() (Op, error) {
	rev, err := ReverseAll(o.Ops)
	if err != nil {
		return nil, err
	}
	return &Batch{Table: o.Table, Recreate: o.Recreate, Ops: rev, Schema: o.Schema}, nil
}

// ReverseAll reverses a list of ops: each op reversed, in reverse order.
func ReverseAll(list []Op) ([]Op, error) {
	out := make([]Op, 0, len(list))
	for i := len(list) - 1; i >= 0; i-- {
		r, err := list[i].Reverse()
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// BatchRecreates reports whether Alembic's SQLite batch (recreate="auto")
// recreates the table for op (SQLiteImpl.requires_recreate_in_batch): for
// everything but an index, and an add_column of a column without a SQL
// server default (text() or an expression; a string's is a quoted literal)
// or a persisted computed value.
func BatchRecreates(op Op) bool {
	switch o := op.(type) {
	case *CreateIndex, *DropIndex:
		return false
	case *AddColumn:
		d := o.Column.ServerDefault
		return d != "" && !strings.HasPrefix(d, "'") || o.Column.Computed != nil && (o.Column.Computed.Persisted == nil || *o.Column.Computed.Persisted)
	}
	return true
}

// Recreates reports whether Alembic's SQLite batch recreates the table for
// the block: recreate="always", or "auto" with an op that needs it.
func (o *Batch) Recreates() bool {
	switch o.Recreate {
	case "always":
		return true
	case "never":
		return false
	}
	return slices.ContainsFunc(o.Ops, BatchRecreates)
}

// Ptr returns a pointer to v; it spells optional fields in literals.
func Ptr[T any](v T) *T { return &v }

// AltersTable returns the existing table a table-level op changes (the ops
// Alembic's batch mode groups, and that Retort coalesces into one rebuild), or
// "" for other ops (create, drop and rename table, execute, bulk insert,
// batch). A drop_index may not name its table: it is "" then.
func AltersTable(op Op) string {
	switch o := op.(type) {
	case *AddColumn:
		return o.Table
	case *DropColumn:
		return o.Table
	case *AlterColumn:
		return o.Table
	case *CreateIndex:
		if o.Index != nil {
			return o.Index.Table
		}
	case *DropIndex:
		return o.Table
	case *CreateUnique:
		return o.Table
	case *CreatePrimaryKey:
		return o.Table
	case *CreateCheck:
		return o.Table
	case *CreateForeignKey:
		return o.Table
	case *DropConstraint:
		return o.Table
	}
	return ""
}

// InBatch is an op of a batch block as it acts: on the block's table (and
// schema) when it names none itself.
func InBatch(op Op, b *Batch) Op {
	fill := func(table, sch *string) {
		if *table == "" {
			*table = b.Table
		}
		if *sch == "" {
			*sch = b.Schema
		}
	}
	switch o := op.(type) {
	case *AddColumn:
		c := *o
		fill(&c.Table, &c.Schema)
		return &c
	case *DropColumn:
		c := *o
		fill(&c.Table, &c.Schema)
		return &c
	case *AlterColumn:
		c := *o
		fill(&c.Table, &c.Schema)
		return &c
	case *CreateIndex:
		if o.Index != nil {
			c := *o
			c.Index = o.Index.Clone()
			fill(&c.Index.Table, &c.Index.Schema)
			return &c
		}
	case *DropIndex:
		c := *o
		fill(&c.Table, &c.Schema)
		return &c
	case *CreateUnique:
		c := *o
		fill(&c.Table, &c.Schema)
		return &c
	case *CreatePrimaryKey:
		c := *o
		fill(&c.Table, &c.Schema)
		return &c
	case *CreateCheck:
		c := *o
		fill(&c.Table, &c.Schema)
		return &c
	case *CreateForeignKey:
		c := *o
		fill(&c.Table, &c.Schema)
		return &c
	case *DropConstraint:
		c := *o
		fill(&c.Table, &c.Schema)
		return &c
	case *CreateTableComment:
		c := *o
		fill(&c.Table, &c.Schema)
		return &c
	case *DropTableComment:
		c := *o
		fill(&c.Table, &c.Schema)
		return &c
	}
	return op
}
