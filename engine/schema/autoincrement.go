package schema

import "strings"

// IntegerAffinity reports whether SQLAlchemy's _type_affinity of a type is
// Integer (Integer, SmallInteger, BigInteger and their uppercase names).
func IntegerAffinity(t Type) bool {
	switch t.Name {
	case "Integer", "SmallInteger", "BigInteger", "INTEGER", "INT", "SMALLINT", "BIGINT":
		return true
	}
	return false
}

// NumericAffinity reports whether a type's affinity is Numeric (Numeric,
// Float, Double and their uppercase names).
func NumericAffinity(t Type) bool {
	switch t.Name {
	case "Numeric", "Float", "Double", "NUMERIC", "DECIMAL", "FLOAT", "REAL", "DOUBLE", "DOUBLE_PRECISION":
		return true
	}
	return false
}

// AutoincrementColumn returns the column SQLAlchemy treats as the table's
// autoincrement column (Table._autoincrement_column): the one PostgreSQL's
// dialect writes as SERIAL, BIGSERIAL or SMALLSERIAL, and the one on which
// Alembic's autogenerate writes autoincrement=True; nil when none:
//
//   - a single-column primary key of integer or numeric type, unless
//     autoincrement=False, it has a server default, or (autoincrement left
//     to "auto") it is a foreign key; autoincrement=True overrides the last two;
//   - of a composite primary key, the column marked autoincrement=True.
//
// (PostgreSQL never writes an identity column as SERIAL: see postgres.)
func (t *Table) AutoincrementColumn() *Column {
	if t.PrimaryKey == nil || len(t.PrimaryKey.Columns) == 0 {
		return nil
	}
	if len(t.PrimaryKey.Columns) > 1 {
		for _, name := range t.PrimaryKey.Columns {
			if c := t.Column(name); c != nil && strings.EqualFold(c.AutoincrementArg, "true") {
				return c
			}
		}
		return nil
	}
	c := t.Column(t.PrimaryKey.Columns[0])
	if c == nil || !(IntegerAffinity(c.Type) || NumericAffinity(c.Type)) {
		return nil
	}
	switch strings.ToLower(c.AutoincrementArg) {
	case "true":
		return c
	case "false":
		return nil
	case "ignore_fk":
		if c.ServerDefault != "" || c.Computed != nil {
			return nil
		}
		return c
	}
	if c.ServerDefault != "" || c.Computed != nil || isForeignKey(t, c.Name) {
		return nil
	}
	return c
}

func isForeignKey(t *Table, col string) bool {
	for _, fk := range t.ForeignKeys {
		for _, c := range fk.Columns {
			if strings.EqualFold(c, col) {
				return true
			}
		}
	}
	return false
}
