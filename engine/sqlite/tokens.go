package sqlite

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// tokKind is the kind of an SQL token.
type tokKind int

const (
	tokWord   tokKind = iota // a bare word: keyword or identifier
	tokQuoted                // "x", `x` or [x]: an identifier
	tokString                // 'x'
	tokNumber                // 1, 1.5, 1e3, 0x1F
	tokBlob                  // x'00'
	tokPunct                 // ( ) , ; .
	tokOp                    // any other operator or parameter
)

// token is one SQL token; Start and End are byte offsets into the source.
type token struct {
	Kind       tokKind
	Text       string // the source text
	Start, End int
}

// ident returns the identifier a word or quoted token names, unquoted.
func (t token) ident() string {
	if t.Kind != tokQuoted {
		return t.Text
	}
	body := t.Text[1 : len(t.Text)-1]
	switch t.Text[0] {
	case '"':
		return strings.ReplaceAll(body, `""`, `"`)
	case '`':
		return strings.ReplaceAll(body, "``", "`")
	}
	return body
}

// isIdent reports whether the token can name something.
func (t token) isIdent() bool { return t.Kind == tokWord || t.Kind == tokQuoted }

// is reports whether the token is the bare word kw (case-insensitive).
func (t token) is(kw string) bool { return t.Kind == tokWord && strings.EqualFold(t.Text, kw) }

// isPunct reports whether the token is the punctuation p.
func (t token) isPunct(p string) bool { return t.Kind == tokPunct && t.Text == p }

// tokenize splits SQL text into tokens, dropping whitespace and comments.
func tokenize(src string) ([]token, error) {
	// About a token per 4 bytes of DDL: one allocation, not a slice grown
	// eight times (Inspect tokenizes every CREATE statement).
	toks := make([]token, 0, len(src)/4+8)
	i := 0
	for i < len(src) {
		c := src[i]
		start := i
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
			continue
		case c == '-' && i+1 < len(src) && src[i+1] == '-':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			continue
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				i = len(src) // SQLite accepts an unterminated comment at the end
			} else {
				i += 2 + end + 2
			}
			continue
		case c == '\'':
			end, err := closeQuote(src, i, '\'')
			if err != nil {
				return nil, err
			}
			i = end
			toks = append(toks, token{tokString, src[start:i], start, i})
		case c == '"' || c == '`':
			end, err := closeQuote(src, i, c)
			if err != nil {
				return nil, err
			}
			i = end
			toks = append(toks, token{tokQuoted, src[start:i], start, i})
		case c == '[':
			end := strings.IndexByte(src[i:], ']')
			if end < 0 {
				return nil, fmt.Errorf("offset %d: unterminated [identifier", i)
			}
			i += end + 1
			toks = append(toks, token{tokQuoted, src[start:i], start, i})
		case (c == 'x' || c == 'X') && i+1 < len(src) && src[i+1] == '\'':
			end, err := closeQuote(src, i+1, '\'')
			if err != nil {
				return nil, err
			}
			i = end
			toks = append(toks, token{tokBlob, src[start:i], start, i})
		case isDigit(c) || (c == '.' && i+1 < len(src) && isDigit(src[i+1])):
			i = scanNumber(src, i)
			toks = append(toks, token{tokNumber, src[start:i], start, i})
		case isWordStart(c):
			for i < len(src) && isWordPart(src[i]) {
				i++
			}
			toks = append(toks, token{tokWord, src[start:i], start, i})
		case c == '(' || c == ')' || c == ',' || c == ';' || c == '.':
			i++
			toks = append(toks, token{tokPunct, src[start:i], start, i})
		case c == '?' || c == ':' || c == '@' || c == '$':
			i++
			for i < len(src) && isWordPart(src[i]) {
				i++
			}
			toks = append(toks, token{tokOp, src[start:i], start, i})
		default:
			i += opLen(src[i:])
			toks = append(toks, token{tokOp, src[start:i], start, i})
		}
	}
	return toks, nil
}

func closeQuote(src string, i int, q byte) (int, error) {
	for j := i + 1; j < len(src); j++ {
		if src[j] == q {
			if j+1 < len(src) && src[j+1] == q {
				j++
				continue
			}
			return j + 1, nil
		}
	}
	return 0, fmt.Errorf("offset %d: unterminated %c quote", i, q)
}

func scanNumber(src string, i int) int {
	if src[i] == '0' && i+1 < len(src) && (src[i+1] == 'x' || src[i+1] == 'X') {
		i += 2
		for i < len(src) && (isDigit(src[i]) || strings.IndexByte("abcdefABCDEF", src[i]) >= 0) {
			i++
		}
		return i
	}
	for i < len(src) && (isDigit(src[i]) || src[i] == '.' || src[i] == '_') {
		i++
	}
	if i < len(src) && (src[i] == 'e' || src[i] == 'E') {
		j := i + 1
		if j < len(src) && (src[j] == '+' || src[j] == '-') {
			j++
		}
		if j < len(src) && isDigit(src[j]) {
			i = j
			for i < len(src) && isDigit(src[i]) {
				i++
			}
		}
	}
	return i
}

func opLen(s string) int {
	for _, op := range []string{"->>", "||", "<=", ">=", "<>", "!=", "==", "<<", ">>", "->"} {
		if strings.HasPrefix(s, op) {
			return len(op)
		}
	}
	_, n := utf8.DecodeRuneInString(s)
	return n
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isWordStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80
}

func isWordPart(c byte) bool { return isWordStart(c) || isDigit(c) || c == '$' }

// matchParen returns the index of the token closing the parenthesis opened at
// toks[open], or -1.
func matchParen(toks []token, open int) int {
	depth := 0
	for i := open; i < len(toks); i++ {
		switch {
		case toks[i].isPunct("("):
			depth++
		case toks[i].isPunct(")"):
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// splitTop splits toks at commas outside parentheses.
func splitTop(toks []token) [][]token {
	var parts [][]token
	depth, from := 0, 0
	for i, t := range toks {
		switch {
		case t.isPunct("("):
			depth++
		case t.isPunct(")"):
			depth--
		case t.isPunct(",") && depth == 0:
			parts = append(parts, toks[from:i])
			from = i + 1
		}
	}
	return append(parts, toks[from:])
}

// mentions reports whether the SQL text names the identifier name anywhere
// (as a bare or quoted identifier), ignoring case as SQLite does.
func mentions(sqlText, name string) bool {
	toks, err := tokenize(sqlText)
	if err != nil {
		// Unparsable text: assume it does, the safe answer for every caller.
		return true
	}
	for _, t := range toks {
		if t.Kind == tokWord && reserved[strings.ToUpper(t.Text)] {
			continue // a keyword that cannot be a bare name
		}
		if t.isIdent() && strings.EqualFold(t.ident(), name) {
			return true
		}
	}
	return false
}

// renameInText replaces the identifier old with new, quoted, wherever the SQL
// text names it, as SQLite's ALTER TABLE … RENAME does in the schema's text.
func renameInText(sqlText, old, new string) string {
	toks, err := tokenize(sqlText)
	if err != nil {
		return sqlText
	}
	var b strings.Builder
	last := 0
	for _, t := range toks {
		if t.Kind == tokWord && reserved[strings.ToUpper(t.Text)] {
			continue
		}
		if t.isIdent() && strings.EqualFold(t.ident(), old) {
			b.WriteString(sqlText[last:t.Start])
			b.WriteString(Quote(new))
			last = t.End
		}
	}
	b.WriteString(sqlText[last:])
	return b.String()
}

// reserved lists SQLite's keywords that are never bare identifiers (those
// its grammar has no fallback to ID for).
var reserved = map[string]bool{}

func init() {
	for _, k := range strings.Fields(`ADD ALL ALTER AND AS AUTOINCREMENT BETWEEN CASE CHECK COLLATE
		COMMIT CONSTRAINT CREATE DEFAULT DEFERRABLE DELETE DISTINCT DROP ELSE ESCAPE EXCEPT
		EXISTS FOREIGN FROM GROUP HAVING IN INDEX INSERT INTERSECT INTO IS ISNULL JOIN LIMIT
		NOT NOTNULL NULL ON OR ORDER PRIMARY REFERENCES RETURNING SELECT SET TABLE THEN TO
		TRANSACTION UNION UNIQUE UPDATE USING VALUES WHEN WHERE`) {
		reserved[k] = true
	}
}

// statementHeads returns the first words of each statement in a script
// (uppercased): what kind of statements it holds.
func statementHeads(script string) ([]string, error) {
	toks, err := tokenize(script)
	if err != nil {
		return nil, err
	}
	var heads []string
	first := true
	for _, t := range toks {
		switch {
		case t.isPunct(";"):
			first = true
		case first:
			heads = append(heads, strings.ToUpper(t.Text))
			first = false
		}
	}
	return heads, nil
}

// BindLiterals writes a statement's :name parameters as SQL literals (what
// Alembic's offline mode and literal_binds do), leaving the rest of the text
// as written. A parameter without a value is an error.
func BindLiterals(sqlText string, params map[string]any) (string, error) {
	if len(params) == 0 || !strings.Contains(sqlText, ":") {
		return sqlText, nil
	}
	toks, err := tokenize(sqlText)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	last := 0
	for _, t := range toks {
		if t.Kind != tokOp || len(t.Text) < 2 || t.Text[0] != ':' {
			continue
		}
		v, ok := params[t.Text[1:]]
		if !ok {
			return "", fmt.Errorf("no value for the parameter %s", t.Text)
		}
		lit, err := Literal(v)
		if err != nil {
			return "", err
		}
		b.WriteString(sqlText[last:t.Start])
		b.WriteString(lit)
		last = t.End
	}
	b.WriteString(sqlText[last:])
	return b.String(), nil
}
