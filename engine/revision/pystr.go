package revision

import (
	"strings"
	"unicode"
)

// Small stand-ins for the Python string operations Alembic's output depends on,
// so docstrings and targets are cut exactly where Python cuts them.

// pyIsSpace reports whether Python's str.isspace() is true for r: Go's
// unicode.IsSpace plus the ASCII information separators U+001C..U+001F.
func pyIsSpace(r rune) bool {
	return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f)
}

// pyStrip is Python's str.strip() with no argument.
func pyStrip(s string) string {
	return strings.TrimFunc(s, pyIsSpace)
}

// pySplitLines is Python's str.splitlines(): it splits on every line boundary
// Python knows, drops the boundaries, and gives no trailing empty element.
func pySplitLines(s string) []string {
	var lines []string
	start := 0
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		switch rs[i] {
		case '\n', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
			lines = append(lines, string(rs[start:i]))
			start = i + 1
		case '\r':
			lines = append(lines, string(rs[start:i]))
			if i+1 < len(rs) && rs[i+1] == '\n' {
				i++
			}
			start = i + 1
		}
	}
	if start < len(rs) {
		lines = append(lines, string(rs[start:]))
	}
	return lines
}

// pyInt parses s as Python's int(s) does for the forms that matter here:
// surrounding whitespace, an optional sign, ASCII digits with single
// underscores between them. Values too large for an int are clamped, which
// only matters for walking: a walk stops at the end of the graph anyway.
func pyInt(s string) (int, bool) {
	s = pyStrip(s)
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s == "" || s[0] == '_' || s[len(s)-1] == '_' {
		return 0, false
	}
	const limit = 1 << 30
	n := 0
	prevUnderscore := false
	for _, c := range s {
		switch {
		case c == '_':
			if prevUnderscore {
				return 0, false
			}
			prevUnderscore = true
			continue
		case c >= '0' && c <= '9':
			if n < limit {
				n = n*10 + int(c-'0')
			}
		default:
			return 0, false
		}
		prevUnderscore = false
	}
	if n > limit {
		n = limit
	}
	if neg {
		n = -n
	}
	return n, true
}

// absDigits renders the absolute value of a signed decimal string the way
// Python's "%d" % abs(int(s)) does: no sign, no leading zeros.
func absDigits(s string) string {
	s = strings.TrimLeft(s, "+-")
	s = strings.TrimLeft(s, "0")
	if s == "" {
		return "0"
	}
	return s
}

// formatAsComma is alembic.util.format_as_comma for a tuple of strings.
func formatAsComma(ids []string) string {
	return strings.Join(ids, ", ")
}
