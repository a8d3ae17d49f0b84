package diff

import "retort/engine/schema"

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
	// TypeSQL is the type as the dialect's DDL writes it (rename
	// candidates show it).
	TypeSQL(t schema.Type) string
	// TypeName is TypeSQL's uppercased name, synonyms spelled one way
	// (INT is INTEGER, DECIMAL is NUMERIC), and its numeric arguments:
	// what the data-loss check for a narrowed type compares.
	TypeName(t schema.Type) (string, []int)
	// NeverNull reports whether the database never holds NULL in the
	// column whatever its DDL says (SQLite's INTEGER PRIMARY KEY, the
	// rowid), so a nullable read back is not a change.
	NeverNull(t *schema.Table, col *schema.Column) bool
}

// dialect is Options.Dialect.
func (c *comparer) dialect() Dialect { return c.opts.Dialect }
