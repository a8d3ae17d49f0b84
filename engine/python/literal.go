package python

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Quote returns Python's repr() of s: single quotes unless s holds a single
// quote and no double quote, with Python's escapes.
func Quote(s string) string {
	quote := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		quote = '"'
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte(quote)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			// Not UTF-8: Python strings cannot hold such a byte; show it escaped.
			b.WriteString(`\x`)
			b.WriteString(hex2(s[i]))
			i++
			continue
		}
		i += size
		switch {
		case r == rune(quote) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < ' ' || r == 0x7f:
			b.WriteString(`\x`)
			b.WriteString(hex2(byte(r)))
		case r < 0x7f:
			b.WriteRune(r)
		case unicode.IsPrint(r):
			b.WriteRune(r)
		case r <= 0xff:
			b.WriteString(`\x`)
			b.WriteString(hex2(byte(r)))
		case r <= 0xffff:
			b.WriteString(`\u`)
			b.WriteString(padHex(uint64(r), 4))
		default:
			b.WriteString(`\U`)
			b.WriteString(padHex(uint64(r), 8))
		}
	}
	b.WriteByte(quote)
	return b.String()
}

func hex2(c byte) string { return padHex(uint64(c), 2) }

func padHex(v uint64, n int) string {
	s := strconv.FormatUint(v, 16)
	return strings.Repeat("0", max(0, n-len(s))) + s
}

// QuoteList returns Python's repr() of a list of strings: ['a', 'b'].
func QuoteList(list []string) string {
	parts := make([]string, len(list))
	for i, s := range list {
		parts[i] = Quote(s)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// QuoteTuple returns Python's repr() of a tuple of strings: ('a',) or ('a', 'b').
func QuoteTuple(list []string) string {
	if len(list) == 1 {
		return "(" + Quote(list[0]) + ",)"
	}
	parts := make([]string, len(list))
	for i, s := range list {
		parts[i] = Quote(s)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// NameRepr returns the repr() of an optional name, as Alembic prints a
// constraint's: its Quote, or None when it is empty (unnamed).
func NameRepr(name string) string {
	if name == "" {
		return "None"
	}
	return Quote(name)
}

// BytesRepr returns Python's repr() of a bytes value: b'...' with the quote
// Quote would choose, printable ASCII as itself and every other byte escaped.
func BytesRepr(data []byte) string {
	quote := byte('\'')
	if bytes.IndexByte(data, '\'') >= 0 && bytes.IndexByte(data, '"') < 0 {
		quote = '"'
	}
	var b strings.Builder
	b.Grow(len(data) + 3)
	b.WriteString("b")
	b.WriteByte(quote)
	for _, c := range data {
		switch {
		case c == quote || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\t':
			b.WriteString(`\t`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c < ' ' || c >= 0x7f:
			b.WriteString(`\x`)
			b.WriteString(hex2(c))
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte(quote)
	return b.String()
}

// BoolRepr returns Python's repr() of a bool.
func BoolRepr(v bool) string {
	if v {
		return "True"
	}
	return "False"
}

// FloatRepr returns Python's repr() of a float: the shortest digits that read
// back as f, in fixed notation when the exponent is in [-4, 16), else
// scientific with at least two exponent digits.
func FloatRepr(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // -1.2345e+06
	neg := strings.HasPrefix(e, "-")
	e = strings.TrimPrefix(e, "-")
	mant, expStr, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expStr)
	digits := strings.Replace(mant, ".", "", 1)
	var out string
	if exp >= -4 && exp < 16 {
		if exp < 0 {
			out = "0." + strings.Repeat("0", -exp-1) + digits
		} else if len(digits) <= exp+1 {
			out = digits + strings.Repeat("0", exp+1-len(digits)) + ".0"
		} else {
			out = digits[:exp+1] + "." + digits[exp+1:]
		}
	} else {
		out = digits[:1]
		if len(digits) > 1 {
			out += "." + digits[1:]
		}
		sign := "+"
		if exp < 0 {
			sign, exp = "-", -exp
		}
		es := strconv.Itoa(exp)
		if len(es) < 2 {
			es = "0" + es
		}
		out += "e" + sign + es
	}
	if neg {
		out = "-" + out
	}
	return out
}

// Literal returns Python's repr() of a literal value as ops carry them: nil,
// bool (or an optional one, *bool), integers, float64, string, []byte.
func Literal(v any) string {
	switch x := v.(type) {
	case nil:
		return "None"
	case bool:
		return BoolRepr(x)
	case *bool:
		if x == nil {
			return "None"
		}
		return BoolRepr(*x)
	case []byte:
		return BytesRepr(x)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return FloatRepr(x)
	case string:
		return Quote(x)
	}
	return Quote(fmt.Sprint(v))
}
