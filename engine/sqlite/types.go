package sqlite

import (
	"slices"
	"strconv"
	"strings"

	"retort/engine/schema"
)

// TypeSQL renders a column type as SQLAlchemy's SQLite dialect writes it in DDL:
// String(50) is VARCHAR(50), BigInteger is BIGINT, Numeric(10, 2) is
// NUMERIC(10, 2), DateTime is DATETIME, Enum is VARCHAR of its length= or its longest value.
func TypeSQL(t schema.Type) string {
	name, args := sqlType(t)
	if len(args) == 0 {
		return name
	}
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = strconv.Itoa(a)
	}
	return name + "(" + strings.Join(parts, ", ") + ")"
}

// sqlType is TypeSQL's name and arguments, before they are joined.
func sqlType(t schema.Type) (name string, args []int) {
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
	case "Float", "FLOAT":
		// SQLAlchemy writes FLOAT without its precision but on the
		// dialects that take one (PostgreSQL, MySQL): FLOAT on SQLite.
		name, args = "FLOAT", nil
	case "Double":
		name = "DOUBLE"
	case "Numeric":
		name = "NUMERIC"
	case "LargeBinary", "PickleType": // PickleType's impl is LargeBinary
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
		if t.EnumLength > 0 {
			n = t.EnumLength // Enum(length=...)
		}
		name, args = "VARCHAR", []int{n}
	case "DOUBLE_PRECISION":
		name = "DOUBLE PRECISION"
	}
	return name, args
}

// SameType reports whether two types are the same column type on SQLite: what
// autogenerate's compare_type asks, as Alembic's DefaultImpl.compare_type does.
// The type names must match after spelling synonyms (INT and INTEGER, DECIMAL and
// NUMERIC, BOOL and BOOLEAN); the arguments are compared only when both sides
// give the same number of them, so the less specific side never flags a change
// (String vs VARCHAR(50) is no change, String(50) vs VARCHAR(100) is one).
//
// Autogenerate asks it for every column of every table: the types models and
// Inspect give (a known name, numbers) are compared without writing and
// re-reading their SQL text.
func SameType(a, b schema.Type) bool {
	na, aa := typeKey(a)
	nb, ab := typeKey(b)
	if na != nb {
		return false
	}
	return len(aa) != len(ab) || slices.Equal(aa, ab)
}

// typeKey is what SameType compares of a type: splitType(TypeSQL(t)),
// which it is unless sqlType gives a plain name (uppercase letters, digits
// and underscores: text that splitType leaves as it is but for synonyms).
func typeKey(t schema.Type) (string, []int) {
	name, args := sqlType(t)
	if !plainSQLName(name) {
		return splitType(TypeSQL(t))
	}
	return foldSynonym(name), args
}

// plainSQLName reports whether s is a non-empty run of uppercase letters,
// digits and underscores.
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

// TypeName returns the SQL name of a type without its arguments, uppercase, with
// SQLite's spelling synonyms folded: String(50) is VARCHAR, INT is INTEGER.
func TypeName(t schema.Type) string {
	n, _ := splitType(TypeSQL(t))
	return n
}

// TypeArgs returns the numbers in parentheses of the type's SQL spelling.
func TypeArgs(t schema.Type) []int {
	_, args := splitType(TypeSQL(t))
	return args
}

// splitType splits "NUMERIC(10, 2)" into "NUMERIC" and [10 2].
func splitType(s string) (string, []int) {
	s = strings.ToUpper(strings.Join(strings.Fields(s), " "))
	var args []int
	if i := strings.IndexByte(s, '('); i >= 0 {
		inner := s[i+1:]
		if j := strings.IndexByte(inner, ')'); j >= 0 {
			inner = inner[:j]
		}
		for _, p := range strings.Split(inner, ",") {
			if n, err := strconv.Atoi(strings.TrimSpace(p)); err == nil {
				args = append(args, n)
			}
		}
		s = strings.TrimSpace(s[:i])
	}
	return foldSynonym(s), args
}

// foldSynonym spells SQLite's type-name synonyms one way.
func foldSynonym(s string) string {
	switch s {
	case "INT":
		return "INTEGER"
	case "DECIMAL":
		return "NUMERIC"
	case "BOOL":
		return "BOOLEAN"
	case "DOUBLE_PRECISION":
		return "DOUBLE PRECISION"
	}
	return s
}
