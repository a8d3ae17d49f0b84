package diff

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

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
			kw = append(kw, pyRepr(v))
		}
		if t.EnumName != "" {
			kw = append(kw, "name="+pyRepr(t.EnumName))
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

// pyRepr is Python's repr() of a str: single quotes unless the text holds a
// single quote and no double quote.
func pyRepr(s string) string {
	quote := byte('\'')
	if strings.ContainsRune(s, '\'') && !strings.ContainsRune(s, '"') {
		quote = '"'
	}
	var b strings.Builder
	b.WriteByte(quote)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i-1])
		case r == '\\':
			b.WriteString(`\\`)
		case r == rune(quote):
			b.WriteByte('\\')
			b.WriteByte(quote)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(quote)
	return b.String()
}

// pyTuple is Python's repr() of a tuple of str: ('a',) or ('a', 'b').
func pyTuple(items []string) string {
	parts := make([]string, len(items))
	for i, s := range items {
		parts[i] = pyRepr(s)
	}
	if len(parts) == 1 {
		return "(" + parts[0] + ",)"
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// pyName is %r of a constraint name: 'uq_users_email', or None when unnamed.
func pyName(name string) string {
	if name == "" {
		return "None"
	}
	return pyRepr(name)
}
