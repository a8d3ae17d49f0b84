package postgres

import (
	"strconv"
	"strings"
)

// normDefault writes a server default in one spelling for what PostgreSQL
// evaluates alike, so that comparing two defaults as text answers what
// Alembic asks the server (SELECT a = b):
//
//   - outer parentheses and casts (::type) around a literal or an expression
//     go: '0'::numeric, ('x'::character varying), (0)::bigint;
//   - a string literal that reads as a number is that number ('5' is 5), and
//     numbers are spelled one way (1.0 is 1);
//   - now(), CURRENT_TIMESTAMP and transaction_timestamp() are one;
//   - on a BOOLEAN column, true/'t'/'true'/1 are one, and false/'f'/0;
//   - keywords' case and the space between tokens do not matter.
func normDefault(s string, boolean bool) string {
	toks, err := lex(s)
	if err != nil {
		return s
	}
	toks = stripDefault(stripLiteralCasts(toks))
	if len(toks) == 1 {
		t := toks[0]
		switch t.Kind {
		case tokString:
			lit, ok := stringValue(t.Text)
			if !ok {
				break
			}
			if n, ok := number(lit); ok {
				if boolean && (n == "1" || n == "0") {
					return map[string]string{"1": "TRUE", "0": "FALSE"}[n]
				}
				return n
			}
			if boolean {
				switch strings.ToLower(strings.TrimSpace(lit)) {
				case "t", "true", "y", "yes", "on", "1":
					return "TRUE"
				case "f", "false", "n", "no", "off", "0":
					return "FALSE"
				}
			}
			return "'" + lit
		case tokNumber:
			if n, ok := number(t.Text); ok {
				if boolean && (n == "1" || n == "0") {
					return map[string]string{"1": "TRUE", "0": "FALSE"}[n]
				}
				return n
			}
		case tokWord:
			switch strings.ToUpper(t.Text) {
			case "CURRENT_TIMESTAMP":
				return "NOW()"
			case "TRUE", "FALSE":
				return strings.ToUpper(t.Text)
			}
		}
	}
	if len(toks) == 2 && toks[0].Kind == tokPunct && (toks[0].Text == "-" || toks[0].Text == "+") && toks[1].Kind == tokNumber {
		if n, ok := number(toks[0].Text + toks[1].Text); ok {
			return n
		}
	}
	if len(toks) == 3 && toks[0].Kind == tokWord && toks[1].Text == "(" && toks[2].Text == ")" {
		switch strings.ToLower(toks[0].Text) {
		case "now", "transaction_timestamp":
			return "NOW()"
		}
	}
	var b strings.Builder
	for _, t := range toks {
		switch t.Kind {
		case tokWord:
			b.WriteString(strings.ToUpper(t.Text))
		case tokIdent:
			b.WriteString(quoteAlways(t.Text))
		default:
			b.WriteString(t.Text)
		}
		b.WriteByte(' ')
	}
	return strings.TrimSpace(b.String())
}

// typeWords are the words that continue a type name after its first:
// character varying, double precision, timestamp without time zone.
var typeWords = map[string]bool{"varying": true, "precision": true, "with": true, "without": true, "time": true, "zone": true}

// stripLiteralCasts removes the casts PostgreSQL prints after literals
// inside an expression: 'x'::text || 'y'::text is 'x' || 'y', and
// (0)::numeric is (0).
func stripLiteralCasts(toks []token) []token {
	var out []token
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.Kind == tokPunct && t.Text == "::" && i+1 < len(toks) && castsLiteral(out) {
			j := i + 1
			if toks[j].Kind != tokWord && toks[j].Kind != tokIdent {
				out = append(out, t)
				continue
			}
			j++
			for j < len(toks) && toks[j].Kind == tokWord && typeWords[strings.ToLower(toks[j].Text)] {
				j++
			}
			if j < len(toks) && toks[j].Kind == tokPunct && toks[j].Text == "(" {
				if k := closingParen(toks, j); k > 0 {
					j = k + 1
				}
			}
			for j+1 < len(toks) && toks[j].Text == "[" && toks[j+1].Text == "]" {
				j += 2
			}
			i = j - 1
			continue
		}
		out = append(out, t)
	}
	return out
}

// castsLiteral reports whether the tokens end with a literal, or a literal
// in parentheses.
func castsLiteral(toks []token) bool {
	n := len(toks)
	lit := func(t token) bool { return t.Kind == tokString || t.Kind == tokNumber }
	switch {
	case n >= 1 && lit(toks[n-1]):
		return true
	case n >= 3 && toks[n-1].Text == ")" && lit(toks[n-2]) && toks[n-3].Text == "(":
		return true
	case n >= 4 && toks[n-1].Text == ")" && toks[n-2].Kind == tokNumber && toks[n-3].Text == "-" && toks[n-4].Text == "(":
		return true
	}
	return false
}

// stripDefault removes outer parentheses and trailing casts, repeatedly.
func stripDefault(toks []token) []token {
	for {
		n := len(toks)
		if n >= 2 && toks[0].Kind == tokPunct && toks[0].Text == "(" && closingParen(toks, 0) == n-1 {
			toks = toks[1 : n-1]
			continue
		}
		if i := lastCast(toks); i > 0 {
			toks = toks[:i]
			continue
		}
		return toks
	}
}

// closingParen returns the index of the token closing the "(" at open, or -1.
func closingParen(toks []token, open int) int {
	depth := 0
	for i := open; i < len(toks); i++ {
		if toks[i].Kind != tokPunct {
			continue
		}
		switch toks[i].Text {
		case "(":
			depth++
		case ")":
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// lastCast returns the index of a "::" that casts the whole rest of the
// expression before it to a type (::character varying, ::numeric(10,2),
// ::text[], ::"My Type"), or -1.
func lastCast(toks []token) int {
	for i := len(toks) - 1; i > 0; i-- {
		t := toks[i]
		if t.Kind == tokPunct && t.Text == "::" {
			// What precedes must be one operand: a literal, a name, or a
			// parenthesized group.
			prev := i - 1
			if toks[prev].Kind == tokPunct && toks[prev].Text == ")" {
				depth := 0
				for j := prev; j >= 0; j-- {
					if toks[j].Kind == tokPunct && toks[j].Text == ")" {
						depth++
					} else if toks[j].Kind == tokPunct && toks[j].Text == "(" {
						depth--
						if depth == 0 {
							prev = j
							break
						}
					}
				}
				if prev > 0 && toks[prev-1].Kind == tokWord {
					prev-- // a function call
				}
			}
			if prev == 0 {
				return i
			}
			return -1
		}
		switch t.Kind {
		case tokWord, tokIdent, tokNumber:
		case tokPunct:
			if t.Text != "(" && t.Text != ")" && t.Text != "," && t.Text != "[" && t.Text != "]" && t.Text != "." {
				return -1
			}
		default:
			return -1
		}
	}
	return -1
}

// stringValue returns the value of a string literal token: a plain one
// with its doubled quotes, or an E'…' escape string.
func stringValue(lit string) (string, bool) {
	switch {
	case strings.HasPrefix(lit, "'") && strings.HasSuffix(lit, "'") && len(lit) >= 2:
		return strings.ReplaceAll(lit[1:len(lit)-1], "''", "'"), true
	case (strings.HasPrefix(lit, "E'") || strings.HasPrefix(lit, "e'")) && strings.HasSuffix(lit, "'") && len(lit) >= 3:
		inner := strings.ReplaceAll(lit[2:len(lit)-1], "''", "'")
		var b strings.Builder
		for i := 0; i < len(inner); i++ {
			if inner[i] == '\\' && i+1 < len(inner) {
				i++
				switch inner[i] {
				case 'n':
					b.WriteByte('\n')
				case 't':
					b.WriteByte('\t')
				default:
					b.WriteByte(inner[i])
				}
				continue
			}
			b.WriteByte(inner[i])
		}
		return b.String(), true
	}
	return "", false
}

// number returns the canonical spelling of a numeric literal.
func number(s string) (string, bool) {
	s = strings.TrimSpace(s)
	t := strings.TrimPrefix(strings.TrimPrefix(s, "+"), "-")
	if t == "" || !(t[0] >= '0' && t[0] <= '9' || t[0] == '.') {
		return "", false
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64)
	if err != nil {
		return "", false
	}
	return strconv.FormatFloat(f, 'g', -1, 64), true
}
