package script

import (
	"strconv"
	"strings"

	"retort/engine/schema"
)

// typeParams names the parameters that a type's Args fill, in order, as
// SQLAlchemy's repr of the type writes them (String(length=50),
// Numeric(precision=10, scale=2)).
func typeParams(name string) []string {
	switch name {
	case "String", "Unicode", "Text", "UnicodeText", "LargeBinary",
		"VARCHAR", "NVARCHAR", "CHAR", "NCHAR", "TEXT", "CLOB", "BLOB", "BINARY", "VARBINARY":
		return []string{"length"}
	case "Numeric", "NUMERIC", "DECIMAL":
		return []string{"precision", "scale"}
	case "Float", "FLOAT", "REAL", "Double", "DOUBLE", "DOUBLE_PRECISION":
		return []string{"precision"}
	}
	return nil
}

// takesTimezone reports whether the type has SQLAlchemy's timezone flag.
func takesTimezone(name string) bool {
	switch name {
	case "DateTime", "Time", "DATETIME", "TIME", "TIMESTAMP":
		return true
	}
	return false
}

// takesCollation reports whether the type is one of SQLAlchemy's string types,
// which carry a column's collation.
func takesCollation(name string) bool {
	switch name {
	case "String", "Unicode", "Text", "UnicodeText", "Enum",
		"VARCHAR", "NVARCHAR", "CHAR", "NCHAR", "TEXT", "CLOB":
		return true
	}
	return false
}

// renderType renders a type as Alembic's _repr_type does for SQLAlchemy's own
// types: sa.Integer(), sa.String(length=50), sa.VARCHAR(length=50),
// sa.Numeric(precision=10, scale=2), sa.DateTime(timezone=True),
// sa.Enum('a', 'b', name='status'). collation, when set, is the type's
// collation keyword.
func renderType(t schema.Type, collation string) string {
	var args []string
	if t.Name == "Enum" {
		for _, v := range t.Enum {
			args = append(args, pyStr(v))
		}
	}
	// SQLAlchemy's types take only the numbers they name (String(length),
	// Numeric(precision, scale)); like SQLAlchemy reading INT(11) back, any other
	// numbers are dropped.
	params := typeParams(t.Name)
	for i, a := range t.Args {
		if i < len(params) {
			args = append(args, params[i]+"="+strconv.Itoa(a))
		}
	}
	if t.Timezone {
		args = append(args, "timezone=True")
	}
	if collation != "" {
		args = append(args, "collation="+pyStr(collation))
	}
	if t.Name == "Enum" && t.EnumName != "" {
		args = append(args, "name="+pyStr(t.EnumName))
	}
	return "sa." + t.Name + "(" + strings.Join(args, ", ") + ")"
}
