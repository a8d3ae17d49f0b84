package project

import "strings"

// Hand-written matchers for the few patterns the project files need. They
// replace regular expressions: package regexp (with the Unicode tables it
// pulls in) is ~84 KB of the brotli-compressed wasm and ~20 ms of its start-up.
// Each one documents the expression it implements; match_test.go checks them
// against package regexp, input by input, and fuzzes the difference.

// isReSpace is \s in Go's regexp syntax: [\t\n\f\r ].
func isReSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// matchSection implements ^\[(.+)\] (a section header): the name runs to the
// line's last ']' ('.' stops at a newline).
func matchSection(value string) (name string, ok bool) {
	if !strings.HasPrefix(value, "[") {
		return "", false
	}
	line := value
	if i := strings.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	j := strings.LastIndexByte(line, ']')
	if j < 2 {
		return "", false
	}
	return line[1:j], true
}

// matchOption implements ^(.*?)\s*([=:])\s*(.*)$ (a key = value line):
// key is everything before the first '=' or ':' but the \s run just before
// it, value everything after the \s run just after it. '.' stops at a
// newline (\s does not), so a later '=' or ':' is tried when the value would
// hold one, until the key would.
func matchOption(line string) (key, value string, ok bool) {
	for k := 0; k < len(line); k++ {
		if line[k] != '=' && line[k] != ':' {
			continue
		}
		p := k
		for p > 0 && isReSpace(line[p-1]) {
			p--
		}
		if strings.IndexByte(line[:p], '\n') >= 0 {
			return "", "", false
		}
		v := k + 1
		for v < len(line) && isReSpace(line[v]) {
			v++
		}
		if strings.IndexByte(line[v:], '\n') < 0 {
			return line[:p], line[v:], true
		}
	}
	return "", "", false
}

// matchVar implements ^%\(([^)]+)\)s (an interpolation %(name)s): the name,
// and the length of the whole reference.
func matchVar(s string) (name string, n int, ok bool) {
	if !strings.HasPrefix(s, "%(") {
		return "", 0, false
	}
	j := strings.IndexByte(s[2:], ')')
	if j < 1 || 2+j+1 >= len(s) || s[2+j+1] != 's' {
		return "", 0, false
	}
	return s[2 : 2+j], 2 + j + 2, true
}

// formatMatch is a match of formatSpec: its groups, and the whole length.
type formatMatch struct {
	n                             int
	name, flags, width, precision string
	conv                          byte
}

// matchFormatSpec implements
// ^%\(([^)]*)\)([-+ 0#]*)([0-9]*)(?:\.([0-9]*))?([diouxXsr%]) (a
// file_template token such as %(rev)s or %(epoch)08d).
func matchFormatSpec(s string) (formatMatch, bool) {
	var m formatMatch
	if !strings.HasPrefix(s, "%(") {
		return m, false
	}
	j := strings.IndexByte(s[2:], ')')
	if j < 0 {
		return m, false
	}
	m.name = s[2 : 2+j]
	i := 2 + j + 1
	run := func(in func(byte) bool) string {
		start := i
		for i < len(s) && in(s[i]) {
			i++
		}
		return s[start:i]
	}
	isDigit := func(c byte) bool { return '0' <= c && c <= '9' }
	m.flags = run(func(c byte) bool { return strings.IndexByte("-+ 0#", c) >= 0 })
	m.width = run(isDigit)
	if i < len(s) && s[i] == '.' {
		i++
		m.precision = run(isDigit)
	}
	if i >= len(s) || strings.IndexByte("diouxXsr%", s[i]) < 0 {
		return formatMatch{}, false
	}
	m.conv = s[i]
	m.n = i + 1
	return m, true
}

// splitLegacy splits a legacy version_locations or prepend_sys_path value as
// Alembic's re.split(", *| +", …) (with colon, also ':'), dropping empty parts.
func splitLegacy(s string, colon bool) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || (colon && r == ':') })
}

// matchSQLiteURL implements ^sqlite(\+[A-Za-z0-9_]+)?://(.*)$: the part
// after "://" ('.' and $: no newline in it).
func matchSQLiteURL(url string) (rest string, ok bool) {
	s, found := strings.CutPrefix(url, "sqlite")
	if !found {
		return "", false
	}
	if strings.HasPrefix(s, "+") {
		i := 1
		for i < len(s) && (s[i] == '_' || '0' <= s[i] && s[i] <= '9' || 'a' <= s[i] && s[i] <= 'z' || 'A' <= s[i] && s[i] <= 'Z') {
			i++
		}
		if i == 1 {
			return "", false
		}
		s = s[i:]
	}
	rest, found = strings.CutPrefix(s, "://")
	if !found || strings.IndexByte(rest, '\n') >= 0 {
		return "", false
	}
	return rest, true
}

// obfuscatePassword hides a URL's password as Alembic's obfuscate_url_pw
// does: ^([^:/]+://[^:/@]*):[^@]*@ becomes $1:***@.
func obfuscatePassword(url string) string {
	scheme := strings.IndexAny(url, ":/")
	if scheme < 1 || !strings.HasPrefix(url[scheme:], "://") {
		return url
	}
	user := scheme + 3
	for user < len(url) && strings.IndexByte(":/@", url[user]) < 0 {
		user++
	}
	if user >= len(url) || url[user] != ':' {
		return url
	}
	at := strings.IndexByte(url[user:], '@')
	if at < 0 {
		return url
	}
	return url[:user] + ":***@" + url[user+at+1:]
}
