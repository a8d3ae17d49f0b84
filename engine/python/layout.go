package python

// layout turns the lexer's physical-line tokens into logical lines: it drops line
// breaks inside brackets and adds NEWLINE, INDENT and DEDENT tokens.
//
// It also recovers from an opening bracket that is never closed, which would
// otherwise swallow the rest of the file: a first pass finds the brackets that stay
// open to the end; while such a bracket is the innermost open one, the first line
// that looks like the start of a new statement (indented no deeper than the
// statement that opened the bracket, after a line that ends like a complete
// expression) starts a new logical line. Its NEWLINE records the bracket, so that
// the parser reports "unclosed '(' opened at line:col". Valid Python is never
// affected: all its brackets are closed.
func layout(raw []token, lx *lexer) []token {
	type open struct {
		pos      int
		char     byte
		unclosed bool
		indent   int32 // indentation of the logical line that opened it
	}

	// Pass 1: which brackets are never closed. A closing bracket that does not match
	// the innermost open one closes the nearest one it matches (the ones inside it
	// are then closed too); one that matches none is ignored here (the parser
	// reports it).
	var stack []int
	for i := range raw {
		t := &raw[i]
		if t.kind != tOp || t.end != t.pos+1 {
			continue
		}
		switch c := lx.src[t.pos]; c {
		case '(', '[', '{':
			stack = append(stack, i)
		case ')', ']', '}':
			for j := len(stack) - 1; j >= 0; j-- {
				if lx.src[raw[stack[j]].pos] == openerOf(c) {
					stack = stack[:j]
					break
				}
			}
		}
	}
	for _, i := range stack {
		raw[i].unclosed = true
	}

	// Pass 2.
	out := make([]token, 0, len(raw)+len(raw)/4+2)
	var brackets []open
	type level struct{ col, alt int32 }
	indents := []level{{0, 0}}
	inLine := false // the current logical line has tokens
	stmtIndent := int32(0)
	prev := -1 // index in raw of the previous token
tokens:
	for i := range raw {
		t := raw[i]
		if t.kind == tEOF {
			break
		}
		if t.lineStart {
			cut := int32(-1)
			if n := len(brackets); n > 0 {
				top := brackets[n-1]
				if top.unclosed && t.col <= top.indent && (endsExpr(&raw[prev], lx.src) || startsStmtOnly(&t, lx.src)) {
					cut = int32(top.pos)
					brackets = brackets[:0]
				}
			}
			if len(brackets) == 0 {
				if inLine {
					out = append(out, token{kind: tNewline, pos: raw[prev].end, end: raw[prev].end, aux: cut})
				}
				stmtIndent = t.col
				top := indents[len(indents)-1]
				switch {
				case t.col == top.col:
					if t.alt != top.alt {
						lx.error(t.lineOff(), "inconsistent use of tabs and spaces in indentation")
					}
				case t.col > top.col:
					if t.alt <= top.alt {
						lx.error(t.lineOff(), "inconsistent use of tabs and spaces in indentation")
					}
					if len(indents) > maxIndents {
						// As CPython, stop here: the rest is not parsed.
						lx.error(t.lineOff(), "too many levels of indentation")
						lx.truncated = t.lineOff()
						inLine = false // its NEWLINE is out
						break tokens
					}
					indents = append(indents, level{t.col, t.alt})
					out = append(out, token{kind: tIndent, pos: t.lineOff(), end: t.pos, aux: -1})
				default:
					for t.col < indents[len(indents)-1].col {
						if t.col > indents[len(indents)-2].col {
							// Between two levels: count the line in the inner block.
							lx.error(t.lineOff(), "unindent does not match any outer indentation level")
							indents[len(indents)-1] = level{t.col, t.alt}
							break
						}
						indents = indents[:len(indents)-1]
						out = append(out, token{kind: tDedent, pos: t.pos, end: t.pos, aux: -1})
					}
					if top := indents[len(indents)-1]; t.col == top.col && t.alt != top.alt {
						lx.error(t.lineOff(), "inconsistent use of tabs and spaces in indentation")
					}
				}
			}
		}
		t.lineStart = false
		out = append(out, t)
		inLine = true
		prev = i
		if t.kind == tOp && t.end == t.pos+1 {
			switch c := lx.src[t.pos]; c {
			case '(', '[', '{':
				brackets = append(brackets, open{t.pos, c, t.unclosed, stmtIndent})
			case ')', ']', '}':
				for j := len(brackets) - 1; j >= 0; j-- {
					if brackets[j].char == openerOf(c) {
						brackets = brackets[:j]
						break
					}
				}
			}
		}
	}
	end := len(lx.src)
	if inLine {
		cut := int32(-1)
		if n := len(brackets); n > 0 && lx.truncated < 0 {
			cut = int32(brackets[n-1].pos)
		}
		out = append(out, token{kind: tNewline, pos: raw[prev].end, end: raw[prev].end, aux: cut})
	}
	for range indents[1:] {
		out = append(out, token{kind: tDedent, pos: end, end: end, aux: -1})
	}
	return append(out, token{kind: tEOF, pos: end, end: end, aux: -1})
}

// openerOf returns the opening bracket that the closing bracket c matches.
func openerOf(c byte) byte {
	switch c {
	case ')':
		return '('
	case ']':
		return '['
	}
	return '{'
}

// endsExpr reports whether a line that ends with t may be a complete statement.
func endsExpr(t *token, src string) bool {
	text := src[t.pos:t.end]
	switch t.kind {
	case tNumber, tString:
		return true
	case tName:
		return !isKeyword(text) || text == "True" || text == "False" || text == "None"
	case tOp:
		return text == ")" || text == "]" || text == "}" || text == "..."
	}
	return false
}

// startsStmtOnly reports whether t is a keyword that can only start a statement,
// never continue an expression inside brackets.
func startsStmtOnly(t *token, src string) bool {
	if t.kind != tName {
		return false
	}
	switch src[t.pos:t.end] {
	case "def", "class", "import", "pass", "return", "with", "while", "try", "except",
		"finally", "raise", "del", "global", "nonlocal", "assert", "break", "continue", "elif":
		return true
	}
	return false
}

// isKeyword reports whether s is one of Python's hard keywords.
func isKeyword(s string) bool {
	switch s {
	case "False", "None", "True", "and", "as", "assert", "async", "await", "break",
		"class", "continue", "def", "del", "elif", "else", "except", "finally", "for",
		"from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or",
		"pass", "raise", "return", "try", "while", "with", "yield":
		return true
	}
	return false
}
