package interp

import (
	"regexp"
	"strings"
)

// reModule is re, on Go's regexp: Python's syntax where RE2 shares it
// (named groups (?P<name>...), classes, anchors, flags). Backreferences
// and lookaround, which RE2 does not have, are an error naming the pattern.
func reModule(in *Interp) (*Module, error) {
	m := NewModule("re")
	flags := map[string]int64{"IGNORECASE": 2, "I": 2, "MULTILINE": 8, "M": 8, "DOTALL": 16, "S": 16, "VERBOSE": 64, "X": 64, "ASCII": 256, "A": 256, "UNICODE": 32, "U": 32}
	for n, v := range flags {
		m.Set(n, Int(v))
	}
	m.Set("error", exceptionClasses["ValueError"])
	compile := func(a *Args, pos int) (*rePattern, error) {
		if len(a.Pos) == 0 {
			return nil, typeError("missing the pattern")
		}
		if p, ok := a.Pos[0].Value.(*rePattern); ok {
			return p, nil
		}
		s, ok := a.Pos[0].Value.(Str)
		if !ok {
			return nil, typeError("first argument must be string or compiled pattern")
		}
		var fl int64
		if len(a.Pos) > pos {
			if n, ok := a.Pos[pos].Value.(Int); ok {
				fl = int64(n)
			}
		}
		if v, ok := a.Kwarg("flags"); ok {
			if n, ok := v.Value.(Int); ok {
				fl = int64(n)
			}
		}
		return compileRe(string(s), fl)
	}
	m.Func("compile", func(in *Interp, a *Args) (Value, error) { return compile(a, 1) })
	m.Func("escape", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "escape", 1, 1); err != nil {
			return nil, err
		}
		s, _ := a.Pos[0].Value.(Str)
		return Str(regexp.QuoteMeta(string(s))), nil
	})
	// The module functions take (pattern, string, ...) and call the
	// pattern's method with the rest.
	for _, name := range []string{"match", "search", "fullmatch", "findall", "finditer", "split"} {
		name := name
		m.Func(name, func(in *Interp, a *Args) (Value, error) {
			flagPos := 2
			if name == "split" {
				flagPos = 3
			}
			p, err := compile(a, flagPos)
			if err != nil {
				return nil, err
			}
			rest := *a
			rest.Pos = a.Pos[1:]
			if len(rest.Pos) > flagPos-1 {
				rest.Pos = rest.Pos[:flagPos-1]
			}
			return p.method(in, name, &rest)
		})
	}
	m.Func("sub", func(in *Interp, a *Args) (Value, error) {
		p, err := compile(a, 4)
		if err != nil {
			return nil, err
		}
		rest := *a
		rest.Pos = a.Pos[1:]
		if len(rest.Pos) > 3 {
			rest.Pos = rest.Pos[:3]
		}
		return p.method(in, "sub", &rest)
	})
	return m, nil
}

// compileRe compiles a Python pattern with Python's flags.
func compileRe(pattern string, flags int64) (*rePattern, error) {
	src := pattern
	if flags&64 != 0 {
		src = stripVerbose(src)
	}
	src = strings.ReplaceAll(src, `\Z`, `\z`)
	prefix := ""
	if flags&2 != 0 {
		prefix += "i"
	}
	if flags&8 != 0 {
		prefix += "m"
	}
	if flags&16 != 0 {
		prefix += "s"
	}
	if prefix != "" {
		src = "(?" + prefix + ")" + src
	}
	re, err := regexp.Compile(src)
	if err != nil {
		return nil, NewError("ValueError", "Retort cannot run the regular expression %q: %v", pattern, err)
	}
	return &rePattern{re: re, pattern: pattern, flags: flags}, nil
}

// stripVerbose drops re.VERBOSE's whitespace and comments (outside classes
// and escapes).
func stripVerbose(s string) string {
	var b strings.Builder
	inClass := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			b.WriteByte(c)
			b.WriteByte(s[i+1])
			i++
		case inClass:
			if c == ']' {
				inClass = false
			}
			b.WriteByte(c)
		case c == '[':
			inClass = true
			b.WriteByte(c)
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
		case c == '#':
			for i < len(s) && s[i] != '\n' {
				i++
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// rePattern is a compiled pattern (re.Pattern).
type rePattern struct {
	re      *regexp.Regexp
	pattern string
	flags   int64
}

var rePatternClass = NewClass("Pattern", "re", nil)

// PyClass implements Object.
func (p *rePattern) PyClass() *Class { return rePatternClass }

// GetAttr implements Attrs.
func (p *rePattern) GetAttr(in *Interp, name string) (Value, error) {
	switch name {
	case "pattern":
		return Str(p.pattern), nil
	case "flags":
		return Int(p.flags), nil
	case "groups":
		return Int(p.re.NumSubexp()), nil
	case "match", "search", "fullmatch", "findall", "finditer", "split", "sub", "subn":
		return &Builtin{Name: name, Fn: func(in *Interp, a *Args) (Value, error) { return p.method(in, name, a) }}, nil
	}
	return nil, nil
}

func (p *rePattern) method(in *Interp, name string, a *Args) (Value, error) {
	str := func(i int) (string, error) {
		if len(a.Pos) <= i {
			return "", typeError("%s() missing the string", name)
		}
		s, ok := a.Pos[i].Value.(Str)
		if !ok {
			return "", typeError("expected string, got %s", TypeOf(a.Pos[i].Value).Name)
		}
		return string(s), nil
	}
	switch name {
	case "match", "search", "fullmatch":
		s, err := str(0)
		if err != nil {
			return nil, err
		}
		loc := p.re.FindStringSubmatchIndex(s)
		switch name {
		case "match":
			if loc != nil && loc[0] != 0 {
				// Find the leftmost match that starts at 0, if any.
				anchored := regexp.MustCompile(`\A(?:` + p.re.String() + `)`)
				loc = anchored.FindStringSubmatchIndex(s)
			}
		case "fullmatch":
			anchored := regexp.MustCompile(`\A(?:` + p.re.String() + `)\z`)
			loc = anchored.FindStringSubmatchIndex(s)
		}
		if loc == nil {
			return None, nil
		}
		return &reMatch{p: p, s: s, loc: loc}, nil
	case "findall":
		s, err := str(0)
		if err != nil {
			return nil, err
		}
		var out []Value
		for _, loc := range p.re.FindAllStringSubmatchIndex(s, -1) {
			m := &reMatch{p: p, s: s, loc: loc}
			switch n := p.re.NumSubexp(); n {
			case 0:
				out = append(out, Str(s[loc[0]:loc[1]]))
			case 1:
				out = append(out, m.group(1))
			default:
				items := make([]Value, n)
				for i := range items {
					items[i] = m.group(i + 1)
					if items[i] == None {
						items[i] = Str("")
					}
				}
				out = append(out, NewTuple(items...))
			}
		}
		return NewList(out...), nil
	case "finditer":
		s, err := str(0)
		if err != nil {
			return nil, err
		}
		var out []Value
		for _, loc := range p.re.FindAllStringSubmatchIndex(s, -1) {
			out = append(out, &reMatch{p: p, s: s, loc: loc})
		}
		return NewList(out...), nil
	case "split":
		s, err := str(0)
		if err != nil {
			return nil, err
		}
		max := -1
		if len(a.Pos) > 1 {
			if n, ok := a.Pos[1].Value.(Int); ok && n > 0 {
				max = int(n) + 1
			}
		}
		var out []Value
		last := 0
		for _, loc := range p.re.FindAllStringSubmatchIndex(s, max-1) {
			out = append(out, Str(s[last:loc[0]]))
			m := &reMatch{p: p, s: s, loc: loc}
			for g := 1; g <= p.re.NumSubexp(); g++ {
				out = append(out, m.group(g))
			}
			last = loc[1]
		}
		out = append(out, Str(s[last:]))
		return NewList(out...), nil
	case "sub", "subn":
		if len(a.Pos) < 2 {
			return nil, typeError("%s() takes a replacement and a string", name)
		}
		s, err := str(1)
		if err != nil {
			return nil, err
		}
		count := -1
		if len(a.Pos) > 2 {
			if n, ok := a.Pos[2].Value.(Int); ok && n > 0 {
				count = int(n)
			}
		}
		if v, ok := a.Kwarg("count"); ok {
			if n, ok := v.Value.(Int); ok && n > 0 {
				count = int(n)
			}
		}
		var b strings.Builder
		last, n := 0, 0
		for _, loc := range p.re.FindAllStringSubmatchIndex(s, count) {
			b.WriteString(s[last:loc[0]])
			m := &reMatch{p: p, s: s, loc: loc}
			switch r := a.Pos[0].Value.(type) {
			case Str:
				b.WriteString(m.expand(string(r)))
			default:
				v, err := in.Call(r, Values(m))
				if err != nil {
					return nil, err
				}
				rs, ok := v.(Str)
				if !ok {
					return nil, typeError("expected str instance, %s found", TypeOf(v).Name)
				}
				b.WriteString(string(rs))
			}
			last = loc[1]
			n++
		}
		b.WriteString(s[last:])
		if name == "subn" {
			return NewTuple(Str(b.String()), Int(n)), nil
		}
		return Str(b.String()), nil
	}
	return nil, attributeError("'re.Pattern' object has no attribute '%s'", name)
}

// reMatch is a match (re.Match).
type reMatch struct {
	p   *rePattern
	s   string
	loc []int
}

var reMatchClass = NewClass("Match", "re", nil)

// PyClass implements Object.
func (m *reMatch) PyClass() *Class { return reMatchClass }

// Truth implements Truther: a match is true.
func (m *reMatch) Truth(in *Interp) (bool, error) { return true, nil }

func (m *reMatch) group(i int) Value {
	if i < 0 || 2*i+1 >= len(m.loc) || m.loc[2*i] < 0 {
		return None
	}
	return Str(m.s[m.loc[2*i]:m.loc[2*i+1]])
}

func (m *reMatch) index(v Value) (int, error) {
	switch x := v.(type) {
	case Int:
		return int(x), nil
	case Str:
		if i := m.p.re.SubexpIndex(string(x)); i >= 0 {
			return i, nil
		}
		return 0, NewError("IndexError", "no such group")
	}
	return 0, NewError("IndexError", "no such group")
}

// expand writes a replacement template: \1, \g<1>, \g<name>, \n.
func (m *reMatch) expand(t string) string {
	var b strings.Builder
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c != '\\' || i+1 >= len(t) {
			b.WriteByte(c)
			continue
		}
		i++
		switch d := t[i]; {
		case d >= '0' && d <= '9':
			n := int(d - '0')
			if i+1 < len(t) && t[i+1] >= '0' && t[i+1] <= '9' {
				n = n*10 + int(t[i+1]-'0')
				i++
			}
			if g, ok := m.group(n).(Str); ok {
				b.WriteString(string(g))
			}
		case d == 'g' && i+1 < len(t) && t[i+1] == '<':
			end := strings.IndexByte(t[i:], '>')
			if end < 0 {
				b.WriteString(`\g`)
				continue
			}
			name := t[i+2 : i+end]
			i += end
			idx, err := m.index(Str(name))
			if err != nil {
				var n int
				for _, r := range name {
					n = n*10 + int(r-'0')
				}
				idx = n
			}
			if g, ok := m.group(idx).(Str); ok {
				b.WriteString(string(g))
			}
		case d == 'n':
			b.WriteByte('\n')
		case d == 't':
			b.WriteByte('\t')
		case d == '\\':
			b.WriteByte('\\')
		default:
			b.WriteByte('\\')
			b.WriteByte(d)
		}
	}
	return b.String()
}

// GetAttr implements Attrs.
func (m *reMatch) GetAttr(in *Interp, name string) (Value, error) {
	switch name {
	case "string":
		return Str(m.s), nil
	case "re":
		return m.p, nil
	case "group":
		return &Builtin{Name: name, Fn: func(in *Interp, a *Args) (Value, error) {
			if len(a.Pos) == 0 {
				return m.group(0), nil
			}
			var out []Value
			for _, p := range a.Pos {
				i, err := m.index(p.Value)
				if err != nil {
					return nil, err
				}
				out = append(out, m.group(i))
			}
			if len(out) == 1 {
				return out[0], nil
			}
			return NewTuple(out...), nil
		}}, nil
	case "groups":
		return &Builtin{Name: name, Fn: func(in *Interp, a *Args) (Value, error) {
			def := kwarg(a, "default", None)
			if len(a.Pos) > 0 {
				def = a.Pos[0].Value
			}
			out := make([]Value, m.p.re.NumSubexp())
			for i := range out {
				out[i] = m.group(i + 1)
				if out[i] == None {
					out[i] = def
				}
			}
			return NewTuple(out...), nil
		}}, nil
	case "groupdict":
		return &Builtin{Name: name, Fn: func(in *Interp, a *Args) (Value, error) {
			d := NewDict()
			for i, n := range m.p.re.SubexpNames() {
				if n != "" {
					d.SetStr(n, m.group(i))
				}
			}
			return d, nil
		}}, nil
	case "start", "end", "span":
		return &Builtin{Name: name, Fn: func(in *Interp, a *Args) (Value, error) {
			i := 0
			if len(a.Pos) > 0 {
				var err error
				if i, err = m.index(a.Pos[0].Value); err != nil {
					return nil, err
				}
			}
			start, end := m.loc[2*i], m.loc[2*i+1]
			// Python counts characters, not bytes.
			if start >= 0 {
				start = len([]rune(m.s[:start]))
				end = len([]rune(m.s[:end]))
			}
			switch name {
			case "start":
				return Int(start), nil
			case "end":
				return Int(end), nil
			}
			return NewTuple(Int(start), Int(end)), nil
		}}, nil
	}
	return nil, nil
}
