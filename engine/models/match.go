package models

import "strings"

// Hand-written matchers for the few fixed shapes of Python source the models
// loader recognises. They replace regular expressions: package regexp (with
// the Unicode tables it pulls in) is ~84 KB of the brotli-compressed wasm and
// ~20 ms of its start-up. Each one documents the expression it implements;
// match_test.go checks them against package regexp and fuzzes the difference.

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
