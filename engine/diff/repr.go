package diff

import (
	"fmt"
	"strconv"
	"strings"

	"retort/engine/python"
	"retort/engine/schema"
)

// TypeRepr renders a type as Python's repr() of the SQLAlchemy type object, the
// way Alembic's log lines show it: String(length=100), VARCHAR(length=50),
// INTEGER(), Numeric(precision=10, scale=2), DateTime(timezone=True),
// Enum('active', 'banned', name='status'). Script rendering prefixes it with "sa.".
func TypeRepr(t schema.Type) string {
	name := t.Name
	if name == "" {
		return "NullType()"
	}
	var kw []string
	arg := func(i int) (int, bool) {
		if i < len(t.Args) {
			return t.Args[i], true
		}
		return 0, false
	}
	switch strings.ToUpper(name) {
	case "STRING", "UNICODE", "VARCHAR", "NVARCHAR", "CHAR", "NCHAR", "TEXT", "UNICODETEXT", "CLOB",
		"LARGEBINARY", "BINARY", "VARBINARY", "BLOB":
		if n, ok := arg(0); ok {
			kw = append(kw, fmt.Sprintf("length=%d", n))
		}
	case "NUMERIC", "DECIMAL", "FLOAT", "DOUBLE", "REAL", "DOUBLE_PRECISION":
		if n, ok := arg(0); ok {
			kw = append(kw, fmt.Sprintf("precision=%d", n))
		}
		if n, ok := arg(1); ok {
			kw = append(kw, fmt.Sprintf("scale=%d", n))
		}
	case "ENUM":
		for _, v := range t.Enum {
			kw = append(kw, python.Quote(v))
		}
		if t.EnumName != "" {
			kw = append(kw, "name="+python.Quote(t.EnumName))
		}
	case "INT":
		// sa.INT is sa.INTEGER; its repr says INTEGER().
		name = "INTEGER"
	default:
		for i, a := range t.Args {
			if i == 0 && (strings.EqualFold(name, "DateTime") || strings.EqualFold(name, "Time") || strings.EqualFold(name, "TIMESTAMP")) {
				continue
			}
			kw = append(kw, strconv.Itoa(a))
		}
	}
	if t.Timezone {
		kw = append(kw, "timezone=True")
	}
	return name + "(" + strings.Join(kw, ", ") + ")"
}
