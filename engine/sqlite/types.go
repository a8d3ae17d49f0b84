package sqlite

import (
	"strconv"
	"strings"

	"retort/engine/schema"
)

// TypeSQL renders a column type as SQLAlchemy's SQLite dialect writes it in DDL:
// String(50) is VARCHAR(50), BigInteger is BIGINT, Numeric(10, 2) is
// NUMERIC(10, 2), DateTime is DATETIME, Enum is VARCHAR of its longest value.
func TypeSQL(t schema.Type) string {
	name := t.Name
	args := t.Args
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
	case "Uuid":
		name, args = "CHAR", []int{32}
	case "Enum":
		n := 0
		for _, v := range t.Enum {
			n = max(n, len([]rune(v)))
		}
		name, args = "VARCHAR", []int{n}
	case "DOUBLE_PRECISION":
		name = "DOUBLE PRECISION"
	}
	if len(args) == 0 {
		return name
	}
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = strconv.Itoa(a)
	}
	return name + "(" + strings.Join(parts, ", ") + ")"
}

// SameType reports whether two types are the same column type on SQLite: what
// autogenerate's compare_type asks. Spellings SQLite treats alike (INT and
// INTEGER) are the same; a length or precision that differs is a change.
func SameType(a, b schema.Type) bool {
	return canonicalType(TypeSQL(a)) == canonicalType(TypeSQL(b))
}

func canonicalType(s string) string {
	s = strings.ToUpper(strings.Join(strings.Fields(s), " "))
	s = strings.ReplaceAll(s, " (", "(")
	s = strings.ReplaceAll(s, ",", ", ")
	s = strings.ReplaceAll(s, ",  ", ", ")
	if s == "INT" {
		return "INTEGER"
	}
	return s
}
