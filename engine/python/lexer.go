package python

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind is the kind of a token.
type tokKind uint8

const (
	tEOF     tokKind = iota
	tNewline         // the end of a logical line (zero width, at the end of its last token)
	tIndent          // from the start of a line to its first token
	tDedent          // zero width, at the first token of the line
	tName            // identifiers and keywords
	tNumber
	tString
	tOp // operators and delimiters
)

var kindNames = [...]string{"EOF", "NEWLINE", "INDENT", "DEDENT", "NAME", "NUMBER", "STRING", "OP"}

func (k tokKind) String() string { return kindNames[k] }

// token is one token. The lexer fills in the physical-line fields; layout adds
// NEWLINE, INDENT and DEDENT and the bracket fields.
type token struct {
	kind      tokKind
	lineStart bool // first token of a physical line that does not continue another with '\'
	unclosed  bool // an opening bracket that is never closed
	bad       bool // a malformed string literal (the lexer reported it)
	// aux is, for a lineStart token, the offset of its line; for a NEWLINE, the
	// offset of the unclosed bracket that the line break cuts off, or -1.
	aux      int32
	pos, end int
	col, alt int32 // (lineStart) indentation: tabs to multiples of 8, and each tab as 1
}

// opener returns the offset of the unclosed bracket a NEWLINE cuts off, or -1.
func (t *token) opener() int { return int(t.aux) }

// lineOff returns the offset of the line a lineStart token starts.
func (t *token) lineOff() int { return int(t.aux) }

// Limits, as CPython's, so that no input makes the parser recurse without bound.
const (
	maxBrackets    = 200 // nested (, [ and {
	maxIndents     = 100 // indentation levels
	maxFStringNest = 150 // f-strings in f-strings
)

// lexer turns source text into tokens of physical lines.
type lexer struct {
	src       string
	file      *File
	errs      *ErrorList
	toks      []token
	depth     int  // bracket nesting, only to enforce maxBrackets
	truncated int  // where lexing stopped early (too deeply nested), or -1
	badString bool // the last string literal scanned is malformed
	filter    errorFilter
	// ends holds the ends of the strings inside f-string replacement fields, by
	// the offset of their opening quote: the parser lexes a field's expression
	// again, and without them would scan the strings nested in it once per level.
	ends map[int]int
}

func (lx *lexer) error(off int, msg string) {
	if !lx.filter.skip(lx.file, off) {
		lx.errs.Add(lx.file.Position(off), msg)
	}
}

func (lx *lexer) run() {
	pos := 0
	if strings.HasPrefix(lx.src, "\uFEFF") {
		pos = 3
	}
	lx.runFrom(pos)
}

// runFrom scans the tokens from pos to the end of lx.src (which, for the expression
// of an f-string replacement field, is cut off where the expression ends).
func (lx *lexer) runFrom(pos int) {
	s := lx.src
	atLine := true   // at the start of a physical line
	pending := false // the next token is the first of its line
	var lineOff, col, alt int32
	lx.toks = make([]token, 0, (len(s)-pos)/4+1)
scan:
	for pos < len(s) {
		if atLine {
			atLine = false
			lineOff, col, alt = int32(pos), 0, 0
		indent:
			for ; pos < len(s); pos++ {
				switch s[pos] {
				case ' ':
					col++
					alt++
				case '\t':
					col = (col/8 + 1) * 8
					alt++
				case '\f':
					col, alt = 0, 0
				default:
					break indent
				}
			}
			pending = true
			continue
		}
		switch c := s[pos]; c {
		case ' ', '\t', '\f':
			pos++
		case '\n', '\r':
			pos = skipNewline(s, pos)
			atLine, pending = true, false
		case '#':
			end := lineEnd(s, pos)
			lx.file.Comments = append(lx.file.Comments, &Comment{Span{pos, end}, s[pos:end]})
			lx.checkUTF8(pos, end)
			pos = end
		case '\\':
			if pos+1 < len(s) && (s[pos+1] == '\n' || s[pos+1] == '\r') {
				pos = skipNewline(s, pos+1) // a continuation line: no NEWLINE, no indentation
				continue
			}
			if pos+1 >= len(s) {
				lx.error(pos, "unexpected end of file after line continuation character")
			} else {
				lx.error(pos, "unexpected character after line continuation character")
			}
			pos++
		default:
			end, kind := lx.scan(pos)
			if kind == tEOF { // an invalid character, reported and skipped
				pos = end
				continue
			}
			if kind == tOp && end == pos+1 {
				switch c {
				case '(', '[', '{':
					lx.depth++
					if lx.depth > maxBrackets {
						lx.error(pos, "too many nested parentheses")
						lx.truncated = pos
						break scan
					}
				case ')', ']', '}':
					lx.depth = max(0, lx.depth-1)
				}
			}
			lx.toks = append(lx.toks, token{kind: kind, pos: pos, end: end, lineStart: pending, aux: lineOff, col: col, alt: alt,
				bad: kind == tString && lx.badString})
			pending = false
			pos = end
		}
	}
	lx.toks = append(lx.toks, token{kind: tEOF, pos: len(s), end: len(s), aux: -1})
}

// skipNewline returns the offset after the line break at pos.
func skipNewline(s string, pos int) int {
	if s[pos] == '\r' && pos+1 < len(s) && s[pos+1] == '\n' {
		return pos + 2
	}
	return pos + 1
}

// lineEnd returns the offset of the line break that ends the line holding pos.
func lineEnd(s string, pos int) int {
	if i := strings.IndexAny(s[pos:], "\r\n"); i >= 0 {
		return pos + i
	}
	return len(s)
}

func (lx *lexer) checkUTF8(from, to int) {
	text := lx.src[from:to]
	if utf8.ValidString(text) {
		return
	}
	for i, r := range text {
		if r == utf8.RuneError {
			if _, w := utf8.DecodeRuneInString(text[i:]); w == 1 {
				lx.error(from+i, "invalid UTF-8 encoding")
				return
			}
		}
	}
}

// scan scans the token at pos and returns its end and kind; tEOF means an invalid
// character that has been reported.
func (lx *lexer) scan(pos int) (int, tokKind) {
	s := lx.src
	c := s[pos]
	switch {
	case isIdentStartByte(c) || c >= utf8.RuneSelf:
		end, ok := lx.scanIdent(pos)
		if !ok {
			return end, tEOF
		}
		if end < len(s) && (s[end] == '"' || s[end] == '\'') && isStringPrefix(s[pos:end]) {
			return lx.scanString(pos, end), tString
		}
		return end, tName
	case isDigit(c) || c == '.' && pos+1 < len(s) && isDigit(s[pos+1]):
		return lx.scanNumber(pos), tNumber
	case c == '"' || c == '\'':
		return lx.scanString(pos, pos), tString
	}
	if n := opLen(s[pos:]); n > 0 {
		return pos + n, tOp
	}
	r, w := utf8.DecodeRuneInString(s[pos:])
	switch {
	case c == 0:
		lx.error(pos, "source code cannot contain null bytes")
	case unicode.IsPrint(r):
		lx.error(pos, fmt.Sprintf("invalid character '%c' (U+%04X)", r, r))
	default:
		lx.error(pos, fmt.Sprintf("invalid non-printable character U+%04X", r))
	}
	return pos + w, tEOF
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isIdentStartByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_'
}

func isIdentByte(c byte) bool { return isIdentStartByte(c) || isDigit(c) }

func isIdentStartRune(r rune) bool {
	return unicode.IsLetter(r) || r == '_' || unicode.In(r, unicode.Nl, unicode.Other_ID_Start)
}

func isIdentRune(r rune) bool {
	return isIdentStartRune(r) || unicode.In(r, unicode.Mn, unicode.Mc, unicode.Nd, unicode.Pc, unicode.Other_ID_Continue)
}

// scanIdent scans an identifier; false means the first character cannot start one
// (reported).
func (lx *lexer) scanIdent(pos int) (int, bool) {
	s := lx.src
	i := pos
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if isIdentByte(c) && (i > pos || !isDigit(c)) {
				i++
				continue
			}
			break
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if i == pos {
			switch {
			case r == utf8.RuneError && w == 1:
				lx.error(i, "invalid UTF-8 encoding")
				return i + 1, false
			case !isIdentStartRune(r):
				if unicode.IsPrint(r) {
					lx.error(i, fmt.Sprintf("invalid character '%c' (U+%04X)", r, r))
				} else {
					lx.error(i, fmt.Sprintf("invalid non-printable character U+%04X", r))
				}
				return i + w, false
			}
		} else if r == utf8.RuneError && w == 1 || !isIdentRune(r) {
			break
		}
		i += w
	}
	return i, true
}

// isStringPrefix reports whether s is a string prefix (r, u, b, f, t and their
// valid combinations, in any case).
func isStringPrefix(s string) bool {
	switch strings.ToLower(s) {
	case "r", "u", "b", "br", "rb", "f", "fr", "rf", "t", "tr", "rt":
		return true
	}
	return false
}

// opLen returns the length of the operator or delimiter s starts with, or 0.
func opLen(s string) int {
	if len(s) >= 3 {
		switch s[:3] {
		case "**=", "//=", ">>=", "<<=", "...":
			return 3
		}
	}
	if len(s) >= 2 {
		switch s[:2] {
		case "->", ":=", "**", "//", "<<", ">>", "<=", ">=", "==", "!=",
			"+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=":
			return 2
		}
	}
	switch s[0] {
	case '+', '-', '*', '/', '%', '@', '&', '|', '^', '~', '<', '>',
		'(', ')', '[', ']', '{', '}', ',', ':', ';', '.', '=':
		return 1
	}
	return 0
}

// scanNumber scans a numeric literal and reports a malformed one.
func (lx *lexer) scanNumber(pos int) int {
	s := lx.src
	i := pos
	if s[i] == '0' && i+1 < len(s) && strings.IndexByte("xXoObB", s[i+1]) >= 0 {
		var digit func(byte) bool
		var kind string
		switch s[i+1] | 0x20 {
		case 'x':
			digit, kind = func(c byte) bool { return isDigit(c) || 'a' <= c|0x20 && c|0x20 <= 'f' }, "hexadecimal"
		case 'o':
			digit, kind = func(c byte) bool { return '0' <= c && c <= '7' }, "octal"
		default:
			digit, kind = func(c byte) bool { return c == '0' || c == '1' }, "binary"
		}
		end, ok := digits(s, i+2, digit, true)
		if e := identEnd(s, end); e > end {
			end, ok = e, false
		}
		if !ok {
			lx.error(pos, "invalid "+kind+" literal")
		}
		return end
	}
	ok, isInt := true, true
	if s[i] != '.' {
		i, ok = digits(s, i, isDigit, false)
	}
	if i < len(s) && s[i] == '.' {
		isInt = false
		i++
		if i < len(s) && isDigit(s[i]) {
			var ok2 bool
			i, ok2 = digits(s, i, isDigit, false)
			ok = ok && ok2
		}
	}
	if i < len(s) && s[i]|0x20 == 'e' {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && isDigit(s[j]) {
			var ok2 bool
			i, ok2 = digits(s, j, isDigit, false)
			ok = ok && ok2
			isInt = false
		}
	}
	if i < len(s) && s[i]|0x20 == 'j' {
		i++
		isInt = false
	}
	if end := identEnd(s, i); end > i {
		// "1if x else 2" is valid (if deprecated) Python; "1abc" is not.
		switch s[i:end] {
		case "and", "else", "for", "if", "in", "is", "not", "or":
		default:
			lx.error(pos, "invalid decimal literal")
			return end
		}
	}
	if !ok {
		lx.error(pos, "invalid decimal literal")
	} else if isInt && s[pos] == '0' && strings.Trim(s[pos:i], "0_") != "" {
		lx.error(pos, "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers")
	}
	return i
}

// digits scans digits with single underscores between them (and, with lead, one
// right after a base prefix); false means there were none or an underscore is
// misplaced.
func digits(s string, i int, digit func(byte) bool, lead bool) (int, bool) {
	start := i
	ok := true
	for i < len(s) && (digit(s[i]) || s[i] == '_') {
		if s[i] == '_' {
			if i+1 >= len(s) || !digit(s[i+1]) || i == start && !lead {
				ok = false
			}
		}
		i++
	}
	return i, ok && i > start && s[i-1] != '_'
}

// identEnd returns the end of the run of identifier characters at i.
func identEnd(s string, i int) int {
	for i < len(s) {
		if s[i] < utf8.RuneSelf {
			if !isIdentByte(s[i]) {
				break
			}
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if !isIdentRune(r) {
			break
		}
		i += w
	}
	return i
}

// Outcomes of scanning (part of) a string literal.
type strStatus uint8

const (
	strOK        strStatus = iota
	strOpen                // ran into the end of the line or of the file
	strBrace               // an f-string replacement field is not closed
	strTooNested           // f-strings nested beyond maxFStringNest
)

// scanString scans the string literal whose prefix is s[start:q] and whose opening
// quote is at q, reports it if it is malformed and returns its end.
func (lx *lexer) scanString(start, q int) int {
	s := lx.src
	p := strings.ToLower(s[start:q])
	fstr := strings.ContainsAny(p, "ft")
	raw := strings.Contains(p, "r")
	end, st := lx.stringEnd(q, fstr, raw, 0)
	lx.badString = st != strOK
	triple := q+2 < len(s) && s[q+1] == s[q] && s[q+2] == s[q]
	switch st {
	case strOK:
		lx.checkUTF8(start, end)
	case strOpen:
		if triple {
			lx.error(start, "unterminated triple-quoted string literal")
		} else {
			lx.error(start, "unterminated string literal")
			end = lineEnd(s, q) // an f-string field may have run on: lex the next lines anew
		}
	case strBrace:
		lx.error(end, "f-string: expecting '}'")
		// End the token at the closing quote(s), if that is where the field broke off.
		if end < len(s) && s[end] == s[q] {
			if triple && end+2 < len(s) && s[end+1] == s[q] && s[end+2] == s[q] {
				end += 3
			} else if !triple {
				end++
			}
		}
	case strTooNested:
		lx.error(end, "f-string: too many nested expressions")
		end = lineEnd(s, end)
	}
	return end
}

// stringEnd scans the string whose opening quote is at q and returns the offset past
// its closing quote, or where scanning stopped and why.
func (lx *lexer) stringEnd(q int, fstr, raw bool, nest int) (int, strStatus) {
	if end, ok := lx.ends[q]; ok && end <= len(lx.src) {
		return end, strOK
	}
	end, st := lx.scanStringEnd(q, fstr, raw, nest)
	if st == strOK && nest > 0 && lx.ends != nil {
		lx.ends[q] = end
	}
	return end, st
}

func (lx *lexer) scanStringEnd(q int, fstr, raw bool, nest int) (int, strStatus) {
	s := lx.src
	n := len(s)
	quote := s[q]
	triple := q+2 < n && s[q+1] == quote && s[q+2] == quote
	i := q + 1
	if triple {
		i = q + 3
	}
	for i < n {
		switch c := s[i]; {
		case c == '\\':
			if fstr && i+1 < n && s[i+1] == '{' {
				i++ // "\{" still opens a replacement field
				continue
			}
			if fstr && !raw && i+2 < n && s[i+1] == 'N' && s[i+2] == '{' {
				j := i + 3
				for j < n && s[j] != '}' && s[j] != quote && s[j] != '\n' && s[j] != '\r' {
					j++
				}
				if j < n && s[j] == '}' {
					i = j + 1
					continue
				}
			}
			i++
			if i < n {
				i = skipEscaped(s, i)
			}
		case c == quote:
			if !triple {
				return i + 1, strOK
			}
			if i+2 < n && s[i+1] == quote && s[i+2] == quote {
				return i + 3, strOK
			}
			i++
		case c == '\n' || c == '\r':
			if !triple {
				return i, strOpen
			}
			i++
		case fstr && c == '{':
			if i+1 < n && s[i+1] == '{' {
				i += 2
				continue
			}
			var st strStatus
			if i, st = lx.fieldEnd(i+1, quote, triple, nest+1); st != strOK {
				return i, st
			}
		default:
			i++
		}
	}
	return n, strOpen
}

// skipEscaped returns the offset after the character at i that a backslash escapes
// (a line break counts as one character).
func skipEscaped(s string, i int) int {
	if s[i] == '\r' || s[i] == '\n' {
		return skipNewline(s, i)
	}
	return i + 1
}

// fieldEnd scans an f-string replacement field from just after its "{" and returns
// the offset after its "}". The expression may hold strings with any quotes
// (Python 3.12).
func (lx *lexer) fieldEnd(i int, quote byte, triple bool, nest int) (int, strStatus) {
	if nest > maxFStringNest {
		return i, strTooNested
	}
	s := lx.src
	n := len(s)
	depth := 0
	for i < n {
		switch c := s[i]; {
		case c == '\n' || c == '\r':
			i++ // Python 3.12 lets an expression span lines, even in a '...' string
		case c == '\'' || c == '"':
			j, st := lx.stringEnd(i, false, false, nest)
			if st != strOK {
				return j, st
			}
			i = j
		case isIdentStartByte(c):
			j := i
			for j < n && isIdentByte(s[j]) {
				j++
			}
			if j < n && (s[j] == '\'' || s[j] == '"') && isStringPrefix(s[i:j]) {
				p := strings.ToLower(s[i:j])
				k, st := lx.stringEnd(j, strings.ContainsAny(p, "ft"), strings.Contains(p, "r"), nest)
				if st != strOK {
					return k, st
				}
				j = k
			}
			i = j
		case c == '(' || c == '[' || c == '{':
			depth++
			i++
		case c == ')' || c == ']':
			depth = max(0, depth-1)
			i++
		case c == '}':
			if depth > 0 {
				depth--
				i++
				continue
			}
			return i + 1, strOK
		case c == ':' && depth == 0:
			return lx.specEnd(i+1, quote, triple, nest)
		case c == '#':
			i = lineEnd(s, i)
		case c == '\\':
			i++
			if i < n {
				i = skipEscaped(s, i)
			}
		default:
			i++
		}
	}
	return n, strOpen
}

// specEnd scans the format spec of a replacement field, from just after its ":",
// and returns the offset after the field's "}".
func (lx *lexer) specEnd(i int, quote byte, triple bool, nest int) (int, strStatus) {
	s := lx.src
	n := len(s)
	for i < n {
		switch c := s[i]; {
		case c == '{':
			var st strStatus
			if i, st = lx.fieldEnd(i+1, quote, triple, nest+1); st != strOK {
				return i, st
			}
		case c == '}':
			return i + 1, strOK
		case c == quote:
			if !triple || i+2 < n && s[i+1] == quote && s[i+2] == quote {
				return i, strBrace
			}
			i++
		case c == '\n' || c == '\r':
			if !triple {
				return i, strOpen
			}
			i++
		case c == '\\':
			i++
			if i < n {
				i = skipEscaped(s, i)
			}
		default:
			i++
		}
	}
	return n, strOpen
}
