package sqlite

import (
	"strconv"
	"strings"

	"retort/engine/schema"
)

// sameDefault reports whether two server defaults (SQL text as written in DDL,
// "" for none) are the same default. Alembic's SQLite impl strips one level of
// parentheses and the quotes of a string literal before comparing; Retort goes
// further so that nothing that SQLite itself treats alike is a change: every
// outer pair of parentheses, whitespace, the case of keywords, quotes around a
// numeric literal ('0' is 0) and numeric spelling (1.0 is 1). func.now() in a
// model is (CURRENT_TIMESTAMP), which SQLite reads back as CURRENT_TIMESTAMP.
func sameDefault(a, b string) bool {
	if (a == "") != (b == "") {
		return false
	}
	return normDefault(a) == normDefault(b)
}

func normDefault(s string) string {
	s = stripParens(s)
	if lit, ok := stringLiteral(s); ok {
		if n, ok := number(lit); ok {
			return n
		}
		return "'" + lit
	}
	if n, ok := number(s); ok {
		return n
	}
	switch e := schema.NormExpr(s); e {
	case "TRUE":
		return "1"
	case "FALSE":
		return "0"
	default:
		return e
	}
}

// stripParens removes whitespace and every pair of parentheses that encloses
// the whole text.
func stripParens(s string) string {
	for {
		s = strings.TrimSpace(s)
		if len(s) < 2 || s[0] != '(' || s[len(s)-1] != ')' || closing(s, 0) != len(s)-1 {
			return s
		}
		s = s[1 : len(s)-1]
	}
}

// closing returns the index of the parenthesis that closes the one at open,
// skipping quoted text, or -1.
func closing(s string, open int) int {
	depth := 0
	var quote byte
	for i := open; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"' || c == '`':
			quote = c
		case c == '[':
			quote = ']'
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// stringLiteral returns the content of a single-quoted SQL string literal that
// is the whole text (a doubled quote inside stands for one).
func stringLiteral(s string) (string, bool) {
	if len(s) < 2 || s[0] != '\'' || s[len(s)-1] != '\'' {
		return "", false
	}
	inner := s[1 : len(s)-1]
	if strings.Count(strings.ReplaceAll(inner, "''", ""), "'") != 0 {
		return "", false // 'a' || 'b': more than one literal
	}
	return strings.ReplaceAll(inner, "''", "'"), true
}

// number returns the canonical spelling of a numeric literal.
func number(s string) (string, bool) {
	s = strings.TrimSpace(s)
	t := strings.TrimPrefix(strings.TrimPrefix(s, "+"), "-")
	if t == "" || !(t[0] >= '0' && t[0] <= '9' || t[0] == '.') {
		return "", false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return "", false
	}
	return strconv.FormatFloat(f, 'g', -1, 64), true
}
