package postgres

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// A small lexer for PostgreSQL's SQL text: enough to split op.execute's SQL
// into statements, to tell DDL from other statements, and to find the
// identifiers an expression names. It knows what hides a ";" or a name:
// quoted strings ('…', E'…' with backslash escapes), dollar-quoted strings
// ($$…$$, $tag$…$tag$), quoted identifiers ("…"), and comments (-- and
// nested /* */).

type tokKind int

const (
	tokWord   tokKind = iota // a keyword or bare identifier
	tokIdent                 // a quoted identifier; Text is the name
	tokString                // a string literal of any kind
	tokNumber
	tokPunct // anything else, one byte (or ::)
	tokSemi
)

type token struct {
	Kind       tokKind
	Text       string
	Start, End int
}

// errUnterminated is returned for a quote or comment that does not end.
var errUnterminated = errors.New("unterminated quoted text or comment")

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func isIdentPart(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' || c == '$' }

// lex splits SQL text into tokens, leaving out space and comments.
func lex(s string) ([]token, error) {
	var out []token
	i := 0
	for i < len(s) {
		c := s[i]
		start := i
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
			continue
		case c == '-' && i+1 < len(s) && s[i+1] == '-':
			for i < len(s) && s[i] != '\n' {
				i++
			}
			continue
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			depth := 0
			for {
				if i+1 >= len(s) {
					return nil, errUnterminated
				}
				if s[i] == '/' && s[i+1] == '*' {
					depth++
					i += 2
				} else if s[i] == '*' && s[i+1] == '/' {
					depth--
					i += 2
					if depth == 0 {
						break
					}
				} else {
					i++
				}
			}
			continue
		case c == '\'':
			end, err := skipQuoted(s, i, false)
			if err != nil {
				return nil, err
			}
			i = end
			out = append(out, token{tokString, s[start:i], start, i})
		case (c == 'e' || c == 'E') && i+1 < len(s) && s[i+1] == '\'':
			end, err := skipQuoted(s, i+1, true)
			if err != nil {
				return nil, err
			}
			i = end
			out = append(out, token{tokString, s[start:i], start, i})
		case c == '"':
			var name strings.Builder
			i++
			for {
				if i >= len(s) {
					return nil, errUnterminated
				}
				if s[i] == '"' {
					if i+1 < len(s) && s[i+1] == '"' {
						name.WriteByte('"')
						i += 2
						continue
					}
					i++
					break
				}
				name.WriteByte(s[i])
				i++
			}
			out = append(out, token{tokIdent, name.String(), start, i})
		case c == '$' && dollarTag(s, i) != "":
			tag := dollarTag(s, i)
			j := strings.Index(s[i+len(tag):], tag)
			if j < 0 {
				return nil, errUnterminated
			}
			i += len(tag) + j + len(tag)
			out = append(out, token{tokString, s[start:i], start, i})
		case isIdentStart(c):
			for i < len(s) && isIdentPart(s[i]) {
				i++
			}
			out = append(out, token{tokWord, s[start:i], start, i})
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.' || s[i] == '_' ||
				s[i] == 'e' || s[i] == 'E' || (s[i] == '+' || s[i] == '-') && (s[i-1] == 'e' || s[i-1] == 'E')) {
				i++
			}
			out = append(out, token{tokNumber, s[start:i], start, i})
		case c == ';':
			i++
			out = append(out, token{tokSemi, ";", start, i})
		case c == ':' && i+1 < len(s) && s[i+1] == ':':
			i += 2
			out = append(out, token{tokPunct, "::", start, i})
		default:
			i++
			out = append(out, token{tokPunct, s[start:i], start, i})
		}
	}
	return out, nil
}

// skipQuoted returns the end of the quoted string that starts at s[i] ('),
// with doubled quotes and, in an escape string, backslash escapes.
func skipQuoted(s string, i int, escapes bool) (int, error) {
	i++
	for i < len(s) {
		switch {
		case escapes && s[i] == '\\':
			i += 2
		case s[i] == '\'':
			if i+1 < len(s) && s[i+1] == '\'' {
				i += 2
				continue
			}
			return i + 1, nil
		default:
			i++
		}
	}
	return 0, errUnterminated
}

// dollarTag returns the $tag$ that starts at s[i], or "" when s[i] does not
// begin one ($1 is a parameter, not a tag).
func dollarTag(s string, i int) string {
	j := i + 1
	if j < len(s) && s[j] == '$' {
		return "$$"
	}
	if j >= len(s) || !isIdentStart(s[j]) {
		return ""
	}
	for j < len(s) && isIdentPart(s[j]) && s[j] != '$' {
		j++
	}
	if j < len(s) && s[j] == '$' {
		return s[i : j+1]
	}
	return ""
}

// splitStatements splits SQL text into its statements, each trimmed of
// space and of comments around it; empty statements are left out.
func splitStatements(s string) ([]string, error) {
	toks, err := lex(s)
	if err != nil {
		return nil, err
	}
	var out []string
	first := -1
	for i, t := range toks {
		if t.Kind == tokSemi {
			if first >= 0 {
				out = append(out, s[toks[first].Start:toks[i-1].End])
			}
			first = -1
			continue
		}
		if first < 0 {
			first = i
		}
	}
	if first >= 0 {
		out = append(out, s[toks[first].Start:toks[len(toks)-1].End])
	}
	return out, nil
}

// trimSQL trims SQL text of surrounding space and of comments after its last
// token, so that the text can be followed by ";".
func trimSQL(s string) string {
	s = strings.TrimSpace(s)
	if toks, err := lex(s); err == nil && len(toks) > 0 {
		return s[:toks[len(toks)-1].End]
	}
	return s
}

// changesSchema reports whether SQL text may change the schema: a statement
// that is not plainly data (SELECT, INSERT, UPDATE, DELETE, …), or text this
// lexer cannot read.
func changesSchema(s string) bool {
	stmts, err := splitStatements(s)
	if err != nil {
		return true
	}
	for _, st := range stmts {
		toks, err := lex(st)
		if err != nil || len(toks) == 0 {
			return true
		}
		if toks[0].Kind != tokWord {
			if toks[0].Kind == tokPunct && toks[0].Text == "(" {
				continue // (SELECT …)
			}
			return true
		}
		switch strings.ToUpper(toks[0].Text) {
		case "SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "WITH", "VALUES", "TABLE",
			"SET", "SHOW", "RESET", "COPY", "NOTIFY", "LISTEN", "UNLISTEN", "LOCK",
			"ANALYZE", "VACUUM", "EXPLAIN", "SAVEPOINT", "RELEASE", "CALL":
			if hasWord(toks, "INTO") && strings.EqualFold(toks[0].Text, "SELECT") {
				return true // SELECT … INTO creates a table
			}
		default:
			return true
		}
	}
	return false
}

func hasWord(toks []token, w string) bool {
	for _, t := range toks {
		if t.Kind == tokWord && strings.EqualFold(t.Text, w) {
			return true
		}
	}
	return false
}

// mentions reports whether SQL text (an expression) names the identifier
// name: a bare word that folds to it (PostgreSQL folds bare names to lower
// case) or a quoted identifier equal to it. Text that cannot be read counts
// as naming it.
func mentions(s, name string) bool {
	toks, err := lex(s)
	if err != nil {
		return true
	}
	for _, t := range toks {
		switch t.Kind {
		case tokWord:
			if strings.ToLower(t.Text) == name || strings.EqualFold(t.Text, name) {
				return true
			}
		case tokIdent:
			if t.Text == name {
				return true
			}
		}
	}
	return false
}

// ChangesSchema reports whether op.execute's or conn.execute's SQL text may
// change the schema (DDL), so that the schema must be read back after it.
func ChangesSchema(s string) bool { return changesSchema(s) }

// namedParams finds SQLAlchemy's named parameters (:name) in SQL text, as
// tokens: a ':' not part of '::' directly followed by a bare word.
func namedParams(s string) ([][2]int, []string, error) {
	toks, err := lex(s)
	if err != nil {
		return nil, nil, err
	}
	var spans [][2]int
	var names []string
	for i := 0; i+1 < len(toks); i++ {
		t, next := toks[i], toks[i+1]
		if t.Kind == tokPunct && t.Text == ":" && next.Kind == tokWord && next.Start == t.End &&
			(i == 0 || toks[i-1].End < t.Start || toks[i-1].Text != ":") {
			spans = append(spans, [2]int{t.Start, next.End})
			names = append(names, next.Text)
			i++
		}
	}
	return spans, names, nil
}

// BindNamed turns SQLAlchemy's named parameters (:name) into PostgreSQL's
// positional ones ($1, $2, …), returning the arguments in order. Text
// without parameters is returned as it is, with no arguments (and may then
// hold several statements).
func BindNamed(s string, params map[string]any) (string, []any, error) {
	if !strings.Contains(s, ":") {
		return s, nil, nil
	}
	spans, names, err := namedParams(s)
	if err != nil || len(spans) == 0 {
		return s, nil, err
	}
	var b strings.Builder
	var args []any
	pos := map[string]int{}
	last := 0
	for i, sp := range spans {
		v, ok := params[names[i]]
		if !ok {
			return "", nil, fmt.Errorf("no value for the parameter :%s", names[i])
		}
		n, seen := pos[names[i]]
		if !seen {
			args = append(args, v)
			n = len(args)
			pos[names[i]] = n
		}
		b.WriteString(s[last:sp[0]])
		b.WriteString("$" + strconv.Itoa(n))
		last = sp[1]
	}
	b.WriteString(s[last:])
	return b.String(), args, nil
}

// BindLiterals writes SQLAlchemy's named parameters (:name) as literals, as
// the --sql output shows a statement with parameters.
func BindLiterals(s string, params map[string]any) (string, error) {
	if len(params) == 0 || !strings.Contains(s, ":") {
		return s, nil
	}
	spans, names, err := namedParams(s)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	last := 0
	for i, sp := range spans {
		v, ok := params[names[i]]
		if !ok {
			return "", fmt.Errorf("no value for the parameter :%s", names[i])
		}
		lit, err := Literal(v)
		if err != nil {
			return "", err
		}
		b.WriteString(s[last:sp[0]])
		b.WriteString(lit)
		last = sp[1]
	}
	b.WriteString(s[last:])
	return b.String(), nil
}
