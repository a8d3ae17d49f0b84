package postgres

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"retort/engine/schema"
)

// ErrEnumName is wrapped when a native enum has no name: PostgreSQL's
// CREATE TYPE needs one (SQLAlchemy: "PostgreSQL ENUM type requires a name.").
var ErrEnumName = errors.New("a PostgreSQL ENUM type requires a name")

// TypeSQL renders a column type as SQLAlchemy 1.4's PostgreSQL type compiler
// writes it in DDL: String(50) is VARCHAR(50), DateTime is TIMESTAMP WITHOUT
// TIME ZONE, LargeBinary is BYTEA, Enum is its type's (quoted) name,
// ARRAY(String) is VARCHAR[], Float(10) is FLOAT(10). Names SQLAlchemy's
// PostgreSQL dialect has no rule for are written as they are (DATETIME,
// BLOB: PostgreSQL refuses them, as it does under Alembic).
//
// SQLAlchemy 2.0's Double and Uuid, which Debian's 1.4 cannot run, are
// written by 2.0's documented rules: DOUBLE PRECISION and UUID.
func TypeSQL(t schema.Type) (string, error) {
	return typeSQL(t, "")
}

// typeSQL is TypeSQL with a collation (a string type's collation= keyword,
// which SQLAlchemy writes as part of the type).
func typeSQL(t schema.Type, collation string) (string, error) {
	s, err := baseTypeSQL(t)
	if err != nil {
		return "", err
	}
	if collation != "" {
		s += " COLLATE " + Quote(collation)
	}
	return s, nil
}

func baseTypeSQL(t schema.Type) (string, error) {
	args := func(name string, n int) string {
		if len(t.Args) == 0 || n == 0 {
			return name
		}
		a := t.Args
		if len(a) > n {
			a = a[:n]
		}
		parts := make([]string, len(a))
		for i, x := range a {
			parts[i] = strconv.Itoa(x)
		}
		return name + "(" + strings.Join(parts, ", ") + ")"
	}
	zone := func(name string) string {
		if len(t.Args) > 0 {
			name += "(" + strconv.Itoa(t.Args[0]) + ")"
		}
		if t.Timezone {
			return name + " WITH TIME ZONE"
		}
		return name + " WITHOUT TIME ZONE"
	}
	switch t.Name {
	case "Integer", "INTEGER", "INT":
		return "INTEGER", nil
	case "SmallInteger", "SMALLINT":
		return "SMALLINT", nil
	case "BigInteger", "BIGINT":
		return "BIGINT", nil
	case "String", "Unicode", "VARCHAR":
		return args("VARCHAR", 1), nil
	case "NVARCHAR", "CHAR", "NCHAR", "BINARY", "VARBINARY":
		return args(t.Name, 1), nil
	case "Text", "UnicodeText", "TEXT":
		return args("TEXT", 1), nil
	case "Boolean", "BOOLEAN":
		return "BOOLEAN", nil
	case "Date", "DATE":
		return "DATE", nil
	case "DateTime", "TIMESTAMP":
		return zone("TIMESTAMP"), nil
	case "Time", "TIME":
		return zone("TIME"), nil
	case "Float", "FLOAT":
		return args("FLOAT", 1), nil
	case "Double", "DOUBLE_PRECISION":
		return "DOUBLE PRECISION", nil
	case "Numeric", "NUMERIC":
		return args("NUMERIC", 2), nil
	case "DECIMAL":
		return args("DECIMAL", 2), nil
	case "Interval", "INTERVAL":
		s := "INTERVAL"
		if f := pyStringOption(t, "fields"); f != "" {
			s += " " + f
		}
		if len(t.Args) > 0 {
			s += " (" + strconv.Itoa(t.Args[0]) + ")"
		}
		return s, nil
	case "LargeBinary", "BYTEA", "PickleType": // PickleType's impl is LargeBinary
		return "BYTEA", nil
	case "JSON":
		return "JSON", nil
	case "Uuid", "UUID":
		return "UUID", nil
	case "BIT":
		if pyBoolOption(t, "varying") {
			return args("BIT VARYING", 1), nil
		}
		n := 1
		if len(t.Args) > 0 {
			n = t.Args[0]
		}
		return "BIT(" + strconv.Itoa(n) + ")", nil
	case "Enum", "ENUM":
		if !NativeEnum(t) {
			n := 0
			for _, v := range t.Enum {
				n = max(n, len([]rune(v)))
			}
			if t.EnumLength > 0 {
				n = t.EnumLength // Enum(length=...)
			}
			return "VARCHAR(" + strconv.Itoa(n) + ")", nil
		}
		if t.EnumName == "" {
			return "", fmt.Errorf("Enum(%s): %w", strings.Join(t.Enum, ", "), ErrEnumName)
		}
		return Qualify(t.Schema, t.EnumName), nil
	case "ARRAY":
		if t.Item == nil {
			return "", errors.New("ARRAY needs an item type")
		}
		inner, err := baseTypeSQL(*t.Item)
		if err != nil {
			return "", err
		}
		dims := t.Dimensions
		if dims == 0 {
			dims = 1
		}
		return inner + strings.Repeat("[]", dims), nil
	}
	// JSONB, INET, CIDR, MACADDR, MACADDR8, MONEY, OID, REGCLASS, TSVECTOR,
	// HSTORE, the range types, REAL, and names PostgreSQL may or may not know.
	return args(t.Name, 2), nil
}

// NativeEnum reports whether an Enum is a PostgreSQL enum type (CREATE TYPE
// … AS ENUM), as it is unless native_enum=False; a non-native one is a VARCHAR.
func NativeEnum(t schema.Type) bool {
	if t.Name != "Enum" && t.Name != "ENUM" {
		return false
	}
	return !t.NonNative
}

// createsType reports whether creating a table with a column of type t
// creates t's enum type first, as SQLAlchemy's Enum does on table create:
// a named native enum, unless postgresql.ENUM(create_type=False).
func createsType(t schema.Type) bool {
	return NativeEnum(t) && t.EnumName != "" && t.Options["create_type"] != "False"
}

// pyStringOption returns a type's keyword option that is a Python string
// literal ('DAY'), unquoted; "" when absent.
func pyStringOption(t schema.Type, key string) string {
	v := strings.TrimSpace(t.Options[key])
	if len(v) >= 2 && (v[0] == '\'' || v[0] == '"') && v[len(v)-1] == v[0] {
		return v[1 : len(v)-1]
	}
	return ""
}

func pyBoolOption(t schema.Type, key string) bool {
	return strings.TrimSpace(t.Options[key]) == "True"
}

// serial returns the SERIAL keyword that column c of table t is written
// with, or "": the autoincrement column, when it is not an identity column.
func serial(t *schema.Table, c *schema.Column) string {
	if t == nil || c.Identity != nil || t.AutoincrementColumn() != c {
		return ""
	}
	switch c.Type.Name {
	case "BigInteger", "BIGINT":
		return "BIGSERIAL"
	case "SmallInteger", "SMALLINT":
		return "SMALLSERIAL"
	}
	return "SERIAL"
}
