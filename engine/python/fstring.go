package python

import (
	"strings"
)

// F-strings: the parts of a string literal that has f-string (or t-string) parts.
//
// The lexer has already found where each string token ends, scanning replacement
// fields as Python 3.12 does (any quotes inside a field, fields over several
// lines). The parser splits each f-string token into literal text and fields the
// same way, and parses the expression of each field with a parser of its own over
// the field's text, so that the nodes have their true offsets in the file. A
// malformed token (which the lexer reported) gets no parts.

// partsBuilder collects the Parts of a String: runs of literal text and fields.
type partsBuilder struct {
	parts    []Expr
	lit      strings.Builder
	from, to int    // the span of the current run of literal text; from < 0 when none
	prefix   string // the prefix of the token the run starts in
}

// text adds literal text: the source from-to, whose decoded value is value.
func (b *partsBuilder) text(from, to int, value, prefix string) {
	if b.from < 0 {
		b.from, b.prefix = from, prefix
	}
	b.to = to
	b.lit.WriteString(value)
}

// field ends the current run of literal text and adds x.
func (b *partsBuilder) field(p *parser, x Expr) {
	b.flush(p)
	b.parts = append(b.parts, x)
}

// flush adds the current run of literal text, unless its value is empty.
func (b *partsBuilder) flush(p *parser) {
	if b.from >= 0 && b.lit.Len() > 0 {
		b.parts = append(b.parts, &String{
			Span:   Span{b.from, b.to},
			Value:  b.lit.String(),
			Raw:    p.src[b.from:b.to],
			Prefix: b.prefix,
		})
	}
	b.lit.Reset()
	b.from = -1
}

// fstringParts returns the Parts of the String made of the string tokens toks.
func (p *parser) fstringParts(toks []*token) []Expr {
	b := &partsBuilder{from: -1}
	for _, t := range toks {
		prefix, quoteLen, body := splitString(p.text(t))
		lower := strings.ToLower(prefix)
		raw := strings.Contains(lower, "r")
		if !strings.ContainsAny(lower, "ft") {
			b.text(t.pos, t.end, decodeText(body, raw), lower)
			continue
		}
		from := t.pos + len(prefix) + quoteLen
		p.fstringBody(b, from, from+len(body), lower, raw, p.src[t.pos+len(prefix)], false)
	}
	b.flush(p)
	if b.parts == nil {
		return []Expr{}
	}
	return b.parts
}

// decodeText returns the value of literal text: its escapes resolved unless raw
// (a malformed escape was reported with the whole literal).
func decodeText(s string, raw bool) string {
	if raw {
		return normalizeNewlines(s)
	}
	var b strings.Builder
	decodeEscapes(&b, s, false)
	return b.String()
}

// fstringBody splits the text from-end of an f-string (its body, or the format
// spec of a field when spec is set, which ends at the field's "}") into literal
// text and fields, and adds them to b. It returns where it stopped: end, or in a
// spec the offset of the "}".
func (p *parser) fstringBody(b *partsBuilder, from, end int, prefix string, raw bool, quote byte, spec bool) int {
	s := p.src
	run := from // the start of the literal text not yet added
	lit := func(to int) {
		if to > run {
			b.text(run, to, decodeText(s[run:to], raw), prefix)
		}
	}
	// doubled adds the literal text up to a doubled brace at i, which stands for
	// one brace.
	doubled := func(i int) {
		b.text(run, i+2, decodeText(s[run:i+1], raw), prefix)
		run = i + 2
	}
	i := from
	for i < end {
		switch c := s[i]; {
		case c == '\\':
			if i+1 < end && s[i+1] == '{' && !spec {
				i++ // "\{" is a backslash, then a field
				continue
			}
			if !raw && !spec && i+2 < end && s[i+1] == 'N' && s[i+2] == '{' {
				j := i + 3
				for j < end && s[j] != '}' && s[j] != quote && s[j] != '\n' && s[j] != '\r' {
					j++
				}
				if j < end && s[j] == '}' {
					i = j + 1 // "\N{name}" is an escape, not a field
					continue
				}
			}
			i++
			if i < end {
				i = skipEscaped(s, i)
			}
		case c == '{':
			if !spec && i+1 < end && s[i+1] == '{' {
				doubled(i)
				i += 2
				continue
			}
			lit(i)
			fv, next := p.parseField(i, end, prefix, raw, quote)
			b.field(p, fv)
			i, run = next, next
		case c == '}':
			if spec {
				lit(i)
				return i
			}
			if i+1 < end && s[i+1] == '}' {
				doubled(i)
				i += 2
				continue
			}
			p.failAt(i, "f-string: single '}' is not allowed")
		default:
			i++
		}
	}
	if spec {
		p.failAt(end, "f-string: expecting '}'")
	}
	lit(end)
	return end
}

// parseField parses the replacement field whose "{" is at open, in an f-string
// body that ends at end, and returns it and the offset after its "}".
func (p *parser) parseField(open, end int, prefix string, raw bool, quote byte) (*FormattedValue, int) {
	p.enter()
	defer p.leave()
	s := p.src
	fv := &FormattedValue{}
	from := open + 1
	e := p.fieldExprEnd(from, end)
	if e >= end {
		p.failAt(min(e, end), "f-string: expecting '}'")
	}
	fv.X = p.parseFieldExpr(from, e)
	if fv.X == nil {
		if s[e] == '}' {
			p.failAt(e, "f-string: empty expression not allowed")
		}
		p.failAt(e, "f-string: expression required before '"+s[e:e+1]+"'")
	}
	if s[e] == '=' {
		e++
		for e < end && strings.IndexByte(" \t\f\r\n", s[e]) >= 0 {
			e++
		}
		fv.Debug = s[from:e]
		if e >= end {
			p.failAt(end, "f-string: expecting '}'")
		}
	}
	if s[e] == '!' {
		if e+1 >= end || strings.IndexByte("rsa", s[e+1]) < 0 {
			p.failAt(min(e+1, end), "f-string: invalid conversion character: expected 's', 'r', or 'a'")
		}
		fv.Conversion = s[e+1]
		e += 2
		if e >= end || s[e] != ':' && s[e] != '}' {
			p.failAt(min(e, end), "f-string: expecting '}'")
		}
	}
	hasSpec := false
	if s[e] == ':' {
		hasSpec = true
		sb := &partsBuilder{from: -1}
		e = p.fstringBody(sb, e+1, end, prefix, raw, quote, true)
		sb.flush(p)
		fv.Spec = sb.parts
	}
	if s[e] != '}' {
		p.failAt(e, "f-string: expecting '}'")
	}
	if fv.Debug != "" && fv.Conversion == 0 && !hasSpec {
		fv.Conversion = 'r' // as Python prints "{x=}"
	}
	fv.Span = Span{open, e + 1}
	return fv, e + 1
}

// fieldExprEnd returns the offset of the character that ends the expression of a
// replacement field starting at i: "}", or at bracket depth 0 a ":", a "!" (not
// "!=") or an "=" (not "==", "<=", ">=" or "!="). It returns end if there is none.
// Strings and comments are skipped as the lexer skips them.
func (p *parser) fieldExprEnd(i, end int) int {
	s := p.src
	lx := &lexer{src: s[:end], file: p.file, errs: &ErrorList{}, truncated: -1, ends: p.stringEnds}
	depth := 0
	for i < end {
		switch c := s[i]; {
		case c == '\'' || c == '"':
			j, st := lx.stringEnd(i, false, false, 0)
			if st != strOK {
				return end
			}
			i = j
		case isIdentStartByte(c):
			j := i
			for j < end && isIdentByte(s[j]) {
				j++
			}
			if j < end && (s[j] == '\'' || s[j] == '"') && isStringPrefix(s[i:j]) {
				pre := strings.ToLower(s[i:j])
				k, st := lx.stringEnd(j, strings.ContainsAny(pre, "ft"), strings.Contains(pre, "r"), 0)
				if st != strOK {
					return end
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
			if depth == 0 {
				return i
			}
			depth--
			i++
		case c == '#':
			i = min(lineEnd(s, i), end)
		case c == '\\':
			i++
			if i < end {
				i = skipEscaped(s, i)
			}
		case depth > 0:
			i++
		case c == ':':
			return i
		case c == '!' || c == '=' || c == '<' || c == '>':
			if i+1 < end && s[i+1] == '=' {
				i += 2 // "!=", "==", "<=", ">="
				continue
			}
			if c == '!' || c == '=' {
				return i
			}
			i++
		default:
			i++
		}
	}
	return end
}

// parseFieldExpr parses the expression of a replacement field, the source from-to,
// with a lexer and a parser of its own; it returns nil when there is none. A
// syntax error abandons the statement the f-string is in, as any other does.
func (p *parser) parseFieldExpr(from, to int) Expr {
	// The field's lexer keeps its comments to itself: they are not the file's.
	f := *p.file
	f.Comments = nil
	var lexErrs ErrorList
	lx := &lexer{src: p.src[:to], file: &f, errs: &lexErrs, truncated: -1, ends: p.stringEnds}
	lx.runFrom(from)
	for _, e := range lexErrs {
		p.errs.Add(e.Pos, e.Msg)
	}
	if len(lx.toks) == 1 {
		return nil
	}
	sub := &parser{file: p.file, src: p.src, errs: p.errs, toks: lx.toks, nest: p.nest, prevEnd: from, inField: true, stringEnds: p.stringEnds}
	sub.tok = &sub.toks[0]
	x := sub.parseStarExprsOrYield()
	if sub.tok.kind != tEOF {
		sub.unexpected()
	}
	if _, ok := x.(*Starred); ok {
		sub.failAt(x.Pos(), "cannot use starred expression here")
	}
	return x
}
