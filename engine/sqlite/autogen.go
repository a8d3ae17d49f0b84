package sqlite

import (
	"strings"

	"retort/engine/schema"
)

// Autogen is autogenerate's comparison hooks for SQLite, as Alembic's
// SQLiteImpl decides them: package diff takes it as Options.Dialect. The
// zero value is ready to use.
type Autogen struct{}

// SameType is Alembic's compare_type, inverted: db is the type the database
// reports, model the one the models declare (see SameType).
func (Autogen) SameType(db, model schema.Type) bool { return SameType(db, model) }

// SameDefault is compare_server_default, inverted: the defaults compared as
// sameDefault reads them.
func (Autogen) SameDefault(_ *schema.Table, db, model *schema.Column) bool {
	return sameDefault(db.ServerDefault, model.ServerDefault)
}

// SupportsComments is false: SQLite has no comments.
func (Autogen) SupportsComments() bool { return false }

// TypeSQL is the type as SQLite's DDL writes it.
func (Autogen) TypeSQL(t schema.Type) string { return TypeSQL(t) }

// TypeName is TypeSQL's name, synonyms folded, and its arguments.
func (Autogen) TypeName(t schema.Type) (string, []int) { return splitType(TypeSQL(t)) }

// NeverNull reports whether the column is the table's INTEGER PRIMARY KEY:
// the rowid, which is never NULL whatever the DDL says, so a database that
// reads it back as nullable is not a change.
func (Autogen) NeverNull(t *schema.Table, col *schema.Column) bool {
	return t.PrimaryKey != nil && len(t.PrimaryKey.Columns) == 1 &&
		strings.EqualFold(t.PrimaryKey.Columns[0], col.Name) && TypeName(col.Type) == "INTEGER"
}
