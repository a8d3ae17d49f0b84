// Package schema is the dialect-neutral model of a database: tables, columns, types,
// indexes and constraints, as SQLAlchemy's MetaData describes them.
//
// The same types hold what the models declare and what is read back from a live
// database, so that comparing the two (package diff) is one notion of "equal".
package schema

import (
	"slices"
	"strings"
)

// MetaData is a set of tables, plus the views and triggers a live database holds.
type MetaData struct {
	Tables []*Table
	// Views and Triggers are read back from a database; models never declare them.
	Views    []*View
	Triggers []*Trigger
	// Enums are the named enum types a PostgreSQL database holds (CREATE TYPE
	// … AS ENUM), read back from pg_type. Models declare theirs on columns
	// (Type.Enum); SQLite has none.
	Enums []*Enum
}

// Enum is a named enum type, as PostgreSQL's CREATE TYPE name AS ENUM (…) makes it.
type Enum struct {
	Schema string // "" is the default schema (the search_path's first)
	Name   string
	Values []string
}

// Table is one table.
type Table struct {
	Name string
	// Schema is the schema (PostgreSQL namespace) the table is in, as
	// SQLAlchemy's Table(schema=...) and the ops' schema= name it; "" is the
	// default schema (the search_path's first). SQLite tables have none.
	Schema      string
	Columns     []*Column
	PrimaryKey  *PrimaryKey // nil when the table has none
	Indexes     []*Index
	Uniques     []*Unique
	Checks      []*Check
	ForeignKeys []*ForeignKey

	Strict       bool // CREATE TABLE … STRICT
	WithoutRowID bool // CREATE TABLE … WITHOUT ROWID
	Comment      string
}

// Column is one column.
type Column struct {
	Name     string
	Type     Type
	Nullable bool
	// ServerDefault is the SQL expression of the column's DEFAULT clause as it is
	// written into DDL ('0', 1, (CURRENT_TIMESTAMP)); empty when there is none.
	ServerDefault string
	// Autoincrement asks for SQLite's AUTOINCREMENT keyword on an INTEGER PRIMARY KEY.
	Autoincrement bool
	Collation     string
	Comment       string

	// AutoincrementArg is the Column's autoincrement= argument when it is not
	// SQLAlchemy's default, "auto": "true", "false" or "ignore_fk". It decides
	// which column SQLAlchemy's PostgreSQL dialect writes as SERIAL (an
	// integer single-column primary key unless "false"; see
	// Table.AutoincrementColumn). It has nothing to do with Autoincrement above,
	// SQLite's keyword.
	AutoincrementArg string
	// Identity is sa.Identity(...): GENERATED … AS IDENTITY; nil for none.
	Identity *Identity
	// Computed is sa.Computed(...): GENERATED ALWAYS AS (…) STORED; nil for none.
	Computed *Computed
}

// Identity is an identity column's options, as sa.Identity() takes them; nil
// fields are left to the database.
type Identity struct {
	Always     bool // GENERATED ALWAYS (else BY DEFAULT)
	Start      *int64
	Increment  *int64
	MinValue   *int64
	MaxValue   *int64
	NoMinValue bool
	NoMaxValue bool
	Cache      *int64
	Cycle      *bool
}

// Computed is a generated column's expression, as sa.Computed() takes it.
type Computed struct {
	SQL string // the expression, SQL text
	// Persisted is sa.Computed(persisted=...): nil when not given (PostgreSQL
	// writes STORED; it has no virtual generated columns).
	Persisted *bool
}

// PrimaryKey is a table's primary key.
type PrimaryKey struct {
	Name    string
	Columns []string
}

// Index is an index on a table; Columns may hold expressions.
type Index struct {
	Name    string
	Table   string
	Columns []string
	Unique  bool
	Where   string // partial index predicate, SQL text (sqlite_where=, postgresql_where=)

	// Schema is the schema of the index's table ("" is the default).
	Schema string
	// Using is postgresql_using=: the index method (btree, gin, …); "" is the default.
	Using string
	// Include is postgresql_include=: columns stored in the index, not keyed on.
	Include []string
}

// Unique is a UNIQUE table constraint.
type Unique struct {
	Name    string
	Columns []string
}

// Check is a CHECK constraint; SQL is its expression text.
type Check struct {
	Name string
	SQL  string
	// TypeOf, on the CHECK a column's type makes (Enum or Boolean with
	// create_constraint=True), is that column's name: SQLAlchemy writes
	// it after the table's other constraints, and Alembic's scripts leave
	// it to the type (sa.Boolean(create_constraint=True)). A database read
	// back does not tell.
	TypeOf string
}

// ForeignKey is a FOREIGN KEY constraint.
type ForeignKey struct {
	Name       string
	Columns    []string
	RefTable   string
	RefColumns []string
	RefSchema  string // the referred table's schema ("" is the default)
	OnDelete   string // "CASCADE", "SET NULL", … or empty
	OnUpdate   string
	Deferrable string // "DEFERRABLE INITIALLY DEFERRED" etc, or empty
}

// View is a view a live database holds; SQL is its CREATE VIEW statement.
type View struct {
	Name string
	SQL  string
}

// Trigger is a trigger a live database holds; SQL is its CREATE TRIGGER statement.
type Trigger struct {
	Name  string
	Table string
	SQL   string
}

// Table returns the table named name (SQLite names are case-insensitive), or nil.
func (m *MetaData) Table(name string) *Table {
	for _, t := range m.Tables {
		if strings.EqualFold(t.Name, name) {
			return t
		}
	}
	return nil
}

// TableIn returns the table named name in schema sch ("" is the default
// schema), or nil. Names compare as Table compares them.
func (m *MetaData) TableIn(sch, name string) *Table {
	for _, t := range m.Tables {
		if strings.EqualFold(t.Name, name) && strings.EqualFold(t.Schema, sch) {
			return t
		}
	}
	return nil
}

// TableKey is SQLAlchemy's key for a table in its MetaData, as a foreign
// key's column spec and Alembic's messages name it: "schema.name", or the
// name alone in the default schema ("").
func TableKey(sch, name string) string {
	if sch == "" {
		return name
	}
	return sch + "." + name
}

// Column returns the column named name, or nil.
func (t *Table) Column(name string) *Column {
	for _, c := range t.Columns {
		if strings.EqualFold(c.Name, name) {
			return c
		}
	}
	return nil
}

// ColumnIndex returns the position of the column named name, or -1.
func (t *Table) ColumnIndex(name string) int {
	return slices.IndexFunc(t.Columns, func(c *Column) bool { return strings.EqualFold(c.Name, name) })
}

// Index returns the index named name, or nil.
func (t *Table) Index(name string) *Index {
	for _, ix := range t.Indexes {
		if strings.EqualFold(ix.Name, name) {
			return ix
		}
	}
	return nil
}

// IsPrimaryKey reports whether the column named name is part of the primary key.
func (t *Table) IsPrimaryKey(name string) bool {
	return t.PrimaryKey != nil && containsFold(t.PrimaryKey.Columns, name)
}

// Clone returns a deep copy of the metadata.
func (m *MetaData) Clone() *MetaData {
	if m == nil {
		return nil
	}
	out := &MetaData{}
	for _, t := range m.Tables {
		out.Tables = append(out.Tables, t.Clone())
	}
	for _, v := range m.Views {
		vv := *v
		out.Views = append(out.Views, &vv)
	}
	for _, tr := range m.Triggers {
		tt := *tr
		out.Triggers = append(out.Triggers, &tt)
	}
	for _, e := range m.Enums {
		ee := *e
		ee.Values = slices.Clone(e.Values)
		out.Enums = append(out.Enums, &ee)
	}
	return out
}

// Clone returns a deep copy of the table.
func (t *Table) Clone() *Table {
	if t == nil {
		return nil
	}
	out := *t
	out.Columns = nil
	if len(t.Columns) > 0 {
		// The columns in one array: autogenerate copies each table of 200
		// up to three times (the comparison's create_table, its reverse, the
		// schema Inspect keeps), 1,600 allocations a copy otherwise.
		cols := make([]Column, len(t.Columns))
		out.Columns = make([]*Column, len(t.Columns))
		for i, c := range t.Columns {
			if c != nil {
				c.cloneInto(&cols[i])
				out.Columns[i] = &cols[i]
			}
		}
	}
	if t.PrimaryKey != nil {
		pk := *t.PrimaryKey
		pk.Columns = slices.Clone(pk.Columns)
		out.PrimaryKey = &pk
	}
	out.Indexes = nil
	for _, ix := range t.Indexes {
		out.Indexes = append(out.Indexes, ix.Clone())
	}
	out.Uniques = nil
	for _, u := range t.Uniques {
		uu := *u
		uu.Columns = slices.Clone(u.Columns)
		out.Uniques = append(out.Uniques, &uu)
	}
	out.Checks = nil
	for _, c := range t.Checks {
		cc := *c
		out.Checks = append(out.Checks, &cc)
	}
	out.ForeignKeys = nil
	for _, fk := range t.ForeignKeys {
		out.ForeignKeys = append(out.ForeignKeys, fk.Clone())
	}
	return &out
}

// Clone returns a copy of the column.
func (c *Column) Clone() *Column {
	if c == nil {
		return nil
	}
	out := new(Column)
	c.cloneInto(out)
	return out
}

// cloneInto sets *out to a copy of the column.
func (c *Column) cloneInto(out *Column) {
	*out = *c
	out.Type = c.Type.Clone()
	if c.Identity != nil {
		id := *c.Identity
		out.Identity = &id
	}
	if c.Computed != nil {
		cp := *c.Computed
		out.Computed = &cp
	}
}

// Clone returns a deep copy of the index.
func (ix *Index) Clone() *Index {
	if ix == nil {
		return nil
	}
	out := *ix
	out.Columns = slices.Clone(ix.Columns)
	out.Include = slices.Clone(ix.Include)
	return &out
}

// Clone returns a deep copy of the foreign key.
func (fk *ForeignKey) Clone() *ForeignKey {
	if fk == nil {
		return nil
	}
	out := *fk
	out.Columns = slices.Clone(fk.Columns)
	out.RefColumns = slices.Clone(fk.RefColumns)
	return &out
}

func containsFold(list []string, s string) bool {
	return slices.ContainsFunc(list, func(x string) bool { return strings.EqualFold(x, s) })
}

// SameColumns reports whether two column lists name the same columns in the same
// order, ignoring case as SQLite does.
func SameColumns(a, b []string) bool {
	return slices.EqualFunc(a, b, strings.EqualFold)
}
