package diff

import (
	"slices"

	"retort/engine/schema"
	"retort/engine/sqlite"
)

// sameType is sqlite.SameType without building and re-parsing the types' SQL
// text for the types models and Inspect give (a known name, numeric
// arguments); any other type goes to sqlite.SameType.
func sameType(a, b schema.Type) bool {
	na, aa, okA := sqlTypeName(a)
	nb, ab, okB := sqlTypeName(b)
	if !okA || !okB || !shortcuts {
		return sqlite.SameType(a, b)
	}
	if na != nb {
		return false
	}
	return len(aa) != len(ab) || slices.Equal(aa, ab)
}

// sqlTypeName is what sqlite.SameType compares of a type: its name as
// sqlite.TypeSQL spells it, with SQLite's synonyms folded, and its arguments.
// ok is false for a type it leaves to sqlite.SameType.
func sqlTypeName(t schema.Type) (name string, args []int, ok bool) {
	name, args = t.Name, t.Args
	switch t.Name {
	case "Integer":
		name = "INTEGER"
	case "SmallInteger":
		name = "SMALLINT"
	case "BigInteger":
		name = "BIGINT"
	case "String", "Unicode":
		name = "VARCHAR"
	case "Text", "UnicodeText":
		name = "TEXT"
	case "Boolean":
		name = "BOOLEAN"
	case "Date":
		name = "DATE"
	case "DateTime", "Interval":
		name, args = "DATETIME", nil
	case "Time":
		name = "TIME"
	case "Float":
		name = "FLOAT"
	case "Double":
		name = "DOUBLE"
	case "Numeric":
		name = "NUMERIC"
	case "LargeBinary":
		name, args = "BLOB", nil
	case "JSON":
		name = "JSON"
	default:
		if !plainSQLName(t.Name) {
			return "", nil, false
		}
	}
	switch name {
	case "INT":
		name = "INTEGER"
	case "DECIMAL":
		name = "NUMERIC"
	case "BOOL":
		name = "BOOLEAN"
	case "DOUBLE_PRECISION":
		name = "DOUBLE PRECISION"
	}
	return name, args, true
}

// plainSQLName reports whether s is an uppercase SQL type name that
// sqlite.TypeSQL writes as it is and upper-casing and splitting leave alone.
func plainSQLName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}
