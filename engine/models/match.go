package models

import "strings"

// Hand-written matchers for the few fixed shapes of Python source the models
// loader recognises. They replace regular expressions: package regexp (with
// the Unicode tables it pulls in) is ~84 KB of the brotli-compressed wasm and
// ~20 ms of its start-up. Each one documents the expression it implements;
// match_test.go checks them against package regexp and fuzzes the difference.

// isReSpace is \s in Go's regexp syntax: [\t\n\f\r ].
func isReSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// isReWord is \w in Go's regexp syntax: [0-9A-Za-z_].
func isReWord(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// shape matches a string piece by piece, each piece greedy: enough for
// expressions whose pieces never compete for the same characters.
type shape struct {
	s  string
	i  int
	ok bool
}

func newShape(s string) *shape { return &shape{s: s, ok: true} }

// lit matches a literal.
func (p *shape) lit(l string) *shape {
	if p.ok && strings.HasPrefix(p.s[p.i:], l) {
		p.i += len(l)
	} else {
		p.ok = false
	}
	return p
}

// opt matches a literal if it is there (l?).
func (p *shape) opt(l string) *shape {
	if p.ok && strings.HasPrefix(p.s[p.i:], l) {
		p.i += len(l)
	}
	return p
}

// space matches \s* (min 0) or \s+ (min 1).
func (p *shape) space(min int) *shape {
	start := p.i
	for p.ok && p.i < len(p.s) && isReSpace(p.s[p.i]) {
		p.i++
	}
	if p.i-start < min {
		p.ok = false
	}
	return p
}

// word matches (\w+) into *w.
func (p *shape) word(w *string) *shape {
	start := p.i
	for p.ok && p.i < len(p.s) && isReWord(p.s[p.i]) {
		p.i++
	}
	if p.i == start {
		p.ok = false
	}
	*w = p.s[start:p.i]
	return p
}

// quoted matches (?:"([^"]*)"|'([^']*)') into *dq or *sq.
func (p *shape) quoted(dq, sq *string) *shape {
	if !p.ok || p.i >= len(p.s) || (p.s[p.i] != '"' && p.s[p.i] != '\'') {
		p.ok = false
		return p
	}
	q := p.s[p.i]
	end := strings.IndexByte(p.s[p.i+1:], q)
	if end < 0 {
		p.ok = false
		return p
	}
	text := p.s[p.i+1 : p.i+1+end]
	if q == '"' {
		*dq = text
	} else {
		*sq = text
	}
	p.i += end + 2
	return p
}

// end matches $ (the end of the text).
func (p *shape) end() bool { return p.ok && p.i == len(p.s) }

// joinToken is a match of matchJoinToken: lambda constraint, table: "sep".join([column.name for column in constraint.columns.values()]).
type joinToken struct {
	arg, table, dq, sq, col, forCol, in string
}

// matchJoinToken implements
// ^lambda\s+(\w+)\s*,\s*(\w+)\s*:\s*(?:"([^"]*)"|'([^']*)')\s*\.\s*join\s*\(\s*\[?\s*(\w+)\.name\s+for\s+(\w+)\s+in\s+(\w+)\.columns(?:\.values\(\))?\s*\]?\s*\)$
func matchJoinToken(src string) (joinToken, bool) {
	var m joinToken
	p := newShape(src).lit("lambda").space(1).word(&m.arg).space(0).lit(",").space(0).word(&m.table).space(0).lit(":").space(0).
		quoted(&m.dq, &m.sq).space(0).lit(".").space(0).lit("join").space(0).lit("(").space(0).opt("[").space(0).
		word(&m.col).lit(".name").space(1).lit("for").space(1).word(&m.forCol).space(1).lit("in").space(1).
		word(&m.in).lit(".columns").opt(".values()").space(0).opt("]").space(0).lit(")")
	if !p.end() {
		return joinToken{}, false
	}
	return m, true
}

// valuesCallable is a match of matchValuesCallable: the usual
// values_callable, which stores the members' values instead of their names:
// lambda x: [e.value for e in x].
type valuesCallable struct {
	arg, value, forVar, in string
}

// matchValuesCallable implements
// ^lambda\s+(\w+)\s*:\s*\[\s*(\w+)\.value\s+for\s+(\w+)\s+in\s+(\w+)\s*\]$
func matchValuesCallable(src string) (valuesCallable, bool) {
	var m valuesCallable
	p := newShape(src).lit("lambda").space(1).word(&m.arg).space(0).lit(":").space(0).lit("[").space(0).
		word(&m.value).lit(".value").space(1).lit("for").space(1).word(&m.forVar).space(1).lit("in").space(1).
		word(&m.in).space(0).lit("]")
	if !p.end() {
		return valuesCallable{}, false
	}
	return m, true
}

// matchColumnToken implements ^.*_?column_(\d+)(_?N)?_.+ (a naming
// convention token such as column_0_name or column_0N_label): the last
// "column_<digits>" on the first line that the rest of the expression
// follows ('.*' is greedy and stops at a newline).
func matchColumnToken(key string) (idx, multiples string, ok bool) {
	line := key
	if i := strings.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	for at := strings.LastIndex(line, "column_"); at >= 0; at = strings.LastIndex(line[:at], "column_") {
		i := at + len("column_")
		d := i
		for d < len(line) && '0' <= line[d] && line[d] <= '9' {
			d++
		}
		if d == i {
			continue
		}
		// (_?N)? is greedy: with it first, then without.
		for _, m := range []string{"_N", "N", ""} {
			if !strings.HasPrefix(line[d:], m) {
				continue
			}
			rest := line[d+len(m):]
			if len(rest) >= 2 && rest[0] == '_' {
				return line[i:d], m, true
			}
		}
	}
	return "", "", false
}

// isDefaultLiteral reports whether a server default's SQL needs no
// parentheses: ^[0-9.]$, ^'.+'$ or ^\(.+\)$ ('.' stops at a newline).
func isDefaultLiteral(sql string) bool {
	if len(sql) == 1 {
		return sql[0] == '.' || '0' <= sql[0] && sql[0] <= '9'
	}
	if len(sql) < 3 || strings.IndexByte(sql[1:len(sql)-1], '\n') >= 0 {
		return false
	}
	first, last := sql[0], sql[len(sql)-1]
	return first == '\'' && last == '\'' || first == '(' && last == ')'
}
