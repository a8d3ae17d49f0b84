package python

import (
	"strings"
	"unicode/utf8"
)

// parseStrings parses one or more adjacent string literals into one String.
func (p *parser) parseStrings() Expr {
	start := p.tok.pos
	s := &String{}
	var b strings.Builder
	var toks []*token
	bad := false
	for i := 0; p.tok.kind == tString; i++ {
		t := p.tok
		toks = append(toks, t)
		bad = bad || t.bad
		prefix, quoteLen, body := splitString(p.text(t))
		lower := strings.ToLower(prefix)
		bytes := strings.Contains(lower, "b")
		if i == 0 {
			s.Prefix, s.Bytes = lower, bytes
		} else if bytes != s.Bytes {
			p.errorAt(t.pos, "cannot mix bytes and nonbytes literals")
		}
		if strings.ContainsAny(lower, "ft") {
			s.FString = true
		}
		bodyPos := t.pos + len(prefix) + quoteLen
		if bytes {
			for j := 0; j < len(body); j++ {
				if body[j] >= utf8.RuneSelf {
					p.errorAt(bodyPos+j, "bytes can only contain ASCII literal characters")
					break
				}
			}
		}
		if strings.Contains(lower, "r") {
			b.WriteString(normalizeNewlines(body))
		} else if off, msg := decodeEscapes(&b, body, bytes); msg != "" {
			p.errorAt(bodyPos+off, msg)
		}
		p.next()
	}
	s.Span = Span{start, p.prevEnd}
	s.Value = b.String()
	s.Raw = p.src[start:p.prevEnd]
	if s.FString && !bad && !s.Bytes {
		s.Parts = p.fstringParts(toks)
	}
	return s
}

// splitString splits a string token into its prefix, the length of its quotes and
// its body. The body of an unterminated string runs to the end of the token.
func splitString(text string) (prefix string, quoteLen int, body string) {
	q := strings.IndexAny(text, `'"`)
	prefix = text[:q]
	quote := text[q : q+1]
	quoteLen = 1
	if strings.HasPrefix(text[q:], quote+quote+quote) {
		quoteLen = 3
	}
	body = text[q+quoteLen:]
	if closing := strings.Repeat(quote, quoteLen); strings.HasSuffix(body, closing) {
		body = body[:len(body)-quoteLen]
	}
	return prefix, quoteLen, body
}

// normalizeNewlines turns "\r\n" and "\r" into "\n", as Python reads source.
func normalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// decodeEscapes writes the value of a string body with its backslash escapes
// resolved to b. It returns the offset and text of the first malformed escape, if
// any (which is then kept as written).
func decodeEscapes(b *strings.Builder, s string, bytes bool) (errOff int, errMsg string) {
	if !strings.ContainsAny(s, "\\\r") {
		b.WriteString(s)
		return 0, ""
	}
	fail := func(off int, msg string) {
		if errMsg == "" {
			errOff, errMsg = off, msg
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c == '\r' {
			b.WriteByte('\n')
			i = skipNewline(s, i)
			continue
		}
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			i++
			continue
		}
		e := s[i+1]
		switch e {
		case '\n', '\r':
			i = skipNewline(s, i+1) // line continuation
			continue
		case '\\', '\'', '"':
			b.WriteByte(e)
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte('\v')
		case '0', '1', '2', '3', '4', '5', '6', '7':
			v, j := 0, i+1
			for ; j < len(s) && j < i+4 && '0' <= s[j] && s[j] <= '7'; j++ {
				v = v*8 + int(s[j]-'0')
			}
			if bytes {
				b.WriteByte(byte(v))
			} else {
				b.WriteRune(rune(v))
			}
			i = j
			continue
		case 'x', 'u', 'U':
			n, what := 2, `truncated \xXX escape`
			switch e {
			case 'u':
				n, what = 4, `truncated \uXXXX escape`
			case 'U':
				n, what = 8, `truncated \UXXXXXXXX escape`
			}
			if e != 'x' && bytes {
				b.WriteString(s[i : i+2]) // not an escape in bytes
				break
			}
			v, ok := hexValue(s, i+2, n)
			switch {
			case !ok:
				fail(i, what)
				b.WriteString(s[i : i+2])
			case bytes:
				b.WriteByte(byte(v))
				i += 2 + n
				continue
			case v > utf8.MaxRune:
				fail(i, "illegal Unicode character")
				b.WriteString(s[i : i+2])
			default:
				b.WriteRune(rune(v))
				i += 2 + n
				continue
			}
		default:
			// "\N{name}" (names are not resolved) and unknown escapes stay as written.
			b.WriteByte('\\')
			b.WriteByte(e)
		}
		i += 2
	}
	return errOff, errMsg
}

// hexValue reads n hex digits at s[i:].
func hexValue(s string, i, n int) (int, bool) {
	if i+n > len(s) {
		return 0, false
	}
	v := 0
	for _, c := range []byte(s[i : i+n]) {
		switch {
		case '0' <= c && c <= '9':
			v = v*16 + int(c-'0')
		case 'a' <= c|0x20 && c|0x20 <= 'f':
			v = v*16 + int(c|0x20-'a'+10)
		default:
			return 0, false
		}
	}
	return v, true
}
