package diff

import (
	"retort/engine/schema"
	"retort/engine/sqlite"
)

// Dialect is what the comparison asks of the database's dialect: whether a
// column's type and server default, as the database reports them, are the
// ones the models declare. Each dialect package has one (Options.Dialect);
// the comparison's other rules are Alembic's, whatever the dialect.
type Dialect interface {
	// SameType is Alembic's impl.compare_type, inverted: db is the type
	// the database reports, model the one the models declare.
	SameType(db, model schema.Type) bool
	// SameDefault is the impl's compare_server_default, inverted: db and
	// model are the column on each side, table the model's table (whose
	// autoincrement column PostgreSQL's impl leaves out).
	SameDefault(table *schema.Table, db, model *schema.Column) bool
	// SupportsComments is the SQLAlchemy dialect's supports_comments:
	// Alembic compares table and column comments only where it is true.
	SupportsComments() bool
}

// sqliteDialect is SQLite's: sqlite.SameType, and the defaults compared as
// sameDefault reads them.
type sqliteDialect struct{}

func (sqliteDialect) SameType(db, model schema.Type) bool { return sqlite.SameType(db, model) }

func (sqliteDialect) SameDefault(_ *schema.Table, db, model *schema.Column) bool {
	return sameDefault(db.ServerDefault, model.ServerDefault)
}

// SupportsComments is false: SQLite has no comments.
func (sqliteDialect) SupportsComments() bool { return false }

// dialect is Options.Dialect, SQLite's when unset.
func (c *comparer) dialect() Dialect {
	if c.opts.Dialect == nil {
		return sqliteDialect{}
	}
	return c.opts.Dialect
}
