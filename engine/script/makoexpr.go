package script

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// evalExpr evaluates a template expression (the Python subset described in
// mako.go) against vars.
func evalExpr(src string, vars map[string]any) (any, error) {
	toks, err := lexExpr(src)
	if err != nil {
		return nil, err
	}
	e := &exprEval{toks: toks, vars: vars}
	v, err := e.ternary()
	if err != nil {
		return nil, err
	}
	if e.pos < len(e.toks) {
		return nil, fmt.Errorf("unexpected %q", e.toks[e.pos].text)
	}
	return v, nil
}

type exprTok struct {
	kind byte // 'n' name, 's' string, 'i' int, 'o' operator
	text string
	val  any
}

func lexExpr(src string) ([]exprTok, error) {
	var toks []exprTok
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i
			for j < len(src) && (src[j] == '_' || src[j] >= 'a' && src[j] <= 'z' || src[j] >= 'A' && src[j] <= 'Z' || src[j] >= '0' && src[j] <= '9') {
				j++
			}
			// String prefixes (r'', u'') are not needed by the templates; a
			// name directly followed by a quote is an error below.
			toks = append(toks, exprTok{kind: 'n', text: src[i:j]})
			i = j
		case c >= '0' && c <= '9':
			j := i
			for j < len(src) && src[j] >= '0' && src[j] <= '9' {
				j++
			}
			n, err := strconv.Atoi(src[i:j])
			if err != nil {
				return nil, fmt.Errorf("bad number %q", src[i:j])
			}
			toks = append(toks, exprTok{kind: 'i', text: src[i:j], val: n})
			i = j
		case c == '\'' || c == '"':
			end, err := skipString(src, i)
			if err != nil {
				return nil, err
			}
			s, err := unquotePy(src[i:end])
			if err != nil {
				return nil, err
			}
			toks = append(toks, exprTok{kind: 's', text: src[i:end], val: s})
			i = end
		default:
			two := ""
			if i+1 < len(src) {
				two = src[i : i+2]
			}
			if two == "==" || two == "!=" {
				toks = append(toks, exprTok{kind: 'o', text: two})
				i += 2
				continue
			}
			if strings.IndexByte("()[],.%+-", c) >= 0 {
				toks = append(toks, exprTok{kind: 'o', text: string(c)})
				i++
				continue
			}
			return nil, fmt.Errorf("unexpected character %q", c)
		}
	}
	return toks, nil
}

// unquotePy decodes a Python string literal without prefix.
func unquotePy(lit string) (string, error) {
	q := lit[0]
	var body string
	if len(lit) >= 6 && strings.HasPrefix(lit, strings.Repeat(string(q), 3)) {
		body = lit[3 : len(lit)-3]
	} else {
		body = lit[1 : len(lit)-1]
	}
	return decodeEscapes(body, false)
}

// decodeEscapes decodes Python's backslash escapes; raw leaves them as written.
func decodeEscapes(body string, raw bool) (string, error) {
	if raw || !strings.Contains(body, `\`) {
		return body, nil
	}
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '\\' || i+1 >= len(body) {
			b.WriteByte(c)
			continue
		}
		i++
		switch e := body[i]; e {
		case '\n':
		case '\\', '\'', '"':
			b.WriteByte(e)
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'v':
			b.WriteByte('\v')
		case '0', '1', '2', '3', '4', '5', '6', '7':
			j := i
			for j < len(body) && j < i+3 && body[j] >= '0' && body[j] <= '7' {
				j++
			}
			n, _ := strconv.ParseUint(body[i:j], 8, 32)
			b.WriteRune(rune(n))
			i = j - 1
		case 'x', 'u', 'U':
			n := map[byte]int{'x': 2, 'u': 4, 'U': 8}[e]
			if i+1+n > len(body) {
				return "", fmt.Errorf("truncated \\%c escape", e)
			}
			v, err := strconv.ParseUint(body[i+1:i+1+n], 16, 32)
			if err != nil {
				return "", fmt.Errorf("bad \\%c escape", e)
			}
			if v > 0x10ffff {
				return "", fmt.Errorf("bad \\%c escape", e)
			}
			b.WriteRune(rune(v))
			i += n
		case 'N':
			return "", errors.New(`\N{...} escapes are not supported`)
		default:
			// Python keeps unknown escapes as written.
			b.WriteByte('\\')
			b.WriteByte(e)
		}
	}
	return b.String(), nil
}

type exprEval struct {
	toks []exprTok
	pos  int
	vars map[string]any
}

func (e *exprEval) peek() exprTok {
	if e.pos < len(e.toks) {
		return e.toks[e.pos]
	}
	return exprTok{}
}

func (e *exprEval) isWord(w string) bool {
	t := e.peek()
	return t.kind == 'n' && t.text == w
}

func (e *exprEval) isOp(o string) bool {
	t := e.peek()
	return t.kind == 'o' && t.text == o
}

func (e *exprEval) expectOp(o string) error {
	if !e.isOp(o) {
		if e.pos >= len(e.toks) {
			return fmt.Errorf("expected %q at end of expression", o)
		}
		return fmt.Errorf("expected %q, found %q", o, e.peek().text)
	}
	e.pos++
	return nil
}

func (e *exprEval) ternary() (any, error) {
	v, err := e.or()
	if err != nil {
		return nil, err
	}
	if !e.isWord("if") {
		return v, nil
	}
	e.pos++
	cond, err := e.or()
	if err != nil {
		return nil, err
	}
	if !e.isWord("else") {
		return nil, errors.New("expected else")
	}
	e.pos++
	other, err := e.ternary()
	if err != nil {
		return nil, err
	}
	if truthy(cond) {
		return v, nil
	}
	return other, nil
}

func (e *exprEval) or() (any, error) {
	v, err := e.and()
	if err != nil {
		return nil, err
	}
	for e.isWord("or") {
		e.pos++
		w, err := e.and()
		if err != nil {
			return nil, err
		}
		if !truthy(v) {
			v = w
		}
	}
	return v, nil
}

func (e *exprEval) and() (any, error) {
	v, err := e.not()
	if err != nil {
		return nil, err
	}
	for e.isWord("and") {
		e.pos++
		w, err := e.not()
		if err != nil {
			return nil, err
		}
		if truthy(v) {
			v = w
		}
	}
	return v, nil
}

func (e *exprEval) not() (any, error) {
	if e.isWord("not") {
		e.pos++
		v, err := e.not()
		if err != nil {
			return nil, err
		}
		return !truthy(v), nil
	}
	return e.compare()
}

func (e *exprEval) compare() (any, error) {
	v, err := e.sum()
	if err != nil {
		return nil, err
	}
	switch {
	case e.isOp("=="), e.isOp("!="):
		neg := e.isOp("!=")
		e.pos++
		w, err := e.sum()
		if err != nil {
			return nil, err
		}
		return pyEqual(v, w) != neg, nil
	case e.isWord("is"):
		e.pos++
		neg := false
		if e.isWord("not") {
			e.pos++
			neg = true
		}
		w, err := e.sum()
		if err != nil {
			return nil, err
		}
		return pyEqual(v, w) != neg, nil
	case e.isWord("in"), e.isWord("not"):
		neg := e.isWord("not")
		e.pos++
		if neg {
			if !e.isWord("in") {
				return nil, errors.New("expected in")
			}
			e.pos++
		}
		w, err := e.sum()
		if err != nil {
			return nil, err
		}
		found := false
		switch x := w.(type) {
		case string:
			s, ok := v.(string)
			if !ok {
				return nil, errors.New("'in <string>' requires string as left operand")
			}
			found = strings.Contains(x, s)
		case pySeq:
			for _, it := range x.items {
				if pyEqual(it, v) {
					found = true
				}
			}
		default:
			return nil, fmt.Errorf("argument of type '%s' is not iterable", pyTypeName(w))
		}
		return found != neg, nil
	}
	return v, nil
}

func (e *exprEval) sum() (any, error) {
	v, err := e.postfix()
	if err != nil {
		return nil, err
	}
	for e.isOp("+") || e.isOp("%") {
		op := e.peek().text
		e.pos++
		w, err := e.postfix()
		if err != nil {
			return nil, err
		}
		a, ok1 := v.(string)
		switch op {
		case "+":
			b, ok2 := w.(string)
			if !ok1 || !ok2 {
				return nil, errors.New("+ is only supported on strings")
			}
			v = a + b
		case "%":
			if !ok1 {
				return nil, errors.New("% is only supported on strings")
			}
			args := []any{w}
			if t, ok := w.(pySeq); ok && !t.list {
				args = t.items
			}
			s, err := percentFormat(a, args)
			if err != nil {
				return nil, err
			}
			v = s
		}
	}
	return v, nil
}

// percentFormat implements "%s" and "%r" formatting.
func percentFormat(f string, args []any) (string, error) {
	var b strings.Builder
	n := 0
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			b.WriteByte(f[i])
			continue
		}
		i++
		if i >= len(f) {
			return "", errors.New("incomplete format")
		}
		switch f[i] {
		case '%':
			b.WriteByte('%')
		case 's', 'r':
			if n >= len(args) {
				return "", errors.New("not enough arguments for format string")
			}
			if f[i] == 's' {
				b.WriteString(pyToStr(args[n]))
			} else {
				b.WriteString(pyRepr(args[n]))
			}
			n++
		default:
			return "", fmt.Errorf("unsupported format character %q", f[i])
		}
	}
	if n != len(args) {
		return "", errors.New("not all arguments converted during string formatting")
	}
	return b.String(), nil
}

func (e *exprEval) postfix() (any, error) {
	v, err := e.atom()
	if err != nil {
		return nil, err
	}
	for {
		switch {
		case e.isOp("("):
			e.pos++
			args, err := e.args(")")
			if err != nil {
				return nil, err
			}
			fn, ok := v.(pyFunc)
			if !ok {
				return nil, fmt.Errorf("'%s' object is not callable", pyTypeName(v))
			}
			v, err = fn(args)
			if err != nil {
				return nil, err
			}
		case e.isOp("."):
			e.pos++
			t := e.peek()
			if t.kind != 'n' {
				return nil, errors.New("expected attribute name after '.'")
			}
			e.pos++
			m, err := method(v, t.text)
			if err != nil {
				return nil, err
			}
			v = m
		case e.isOp("["):
			e.pos++
			idx, err := e.ternary()
			if err != nil {
				return nil, err
			}
			if err := e.expectOp("]"); err != nil {
				return nil, err
			}
			i, ok := idx.(int)
			if !ok {
				return nil, errors.New("indices must be integers")
			}
			var items []any
			switch x := v.(type) {
			case pySeq:
				items = x.items
			case string:
				for _, r := range x {
					items = append(items, string(r))
				}
			default:
				return nil, fmt.Errorf("'%s' object is not subscriptable", pyTypeName(v))
			}
			if i < 0 {
				i += len(items)
			}
			if i < 0 || i >= len(items) {
				return nil, errors.New("index out of range")
			}
			v = items[i]
		default:
			return v, nil
		}
	}
}

func (e *exprEval) args(closer string) ([]any, error) {
	var args []any
	for !e.isOp(closer) {
		if e.pos >= len(e.toks) {
			return nil, fmt.Errorf("expected %q", closer)
		}
		a, err := e.ternary()
		if err != nil {
			return nil, err
		}
		args = append(args, a)
		if e.isOp(",") {
			e.pos++
			continue
		}
		if !e.isOp(closer) {
			return nil, fmt.Errorf("expected ',' or %q", closer)
		}
	}
	e.pos++
	return args, nil
}

func (e *exprEval) atom() (any, error) {
	t := e.peek()
	if e.pos >= len(e.toks) {
		return nil, errors.New("unexpected end of expression")
	}
	e.pos++
	switch t.kind {
	case 's':
		s := t.val.(string)
		// Adjacent literals concatenate.
		for e.peek().kind == 's' {
			s += e.peek().val.(string)
			e.pos++
		}
		return s, nil
	case 'i':
		return t.val, nil
	case 'n':
		switch t.text {
		case "None":
			return pyNone, nil
		case "True":
			return true, nil
		case "False":
			return false, nil
		case "repr":
			return pyFunc(func(a []any) (any, error) {
				if len(a) != 1 {
					return nil, errors.New("repr() takes exactly one argument")
				}
				return pyRepr(a[0]), nil
			}), nil
		case "str":
			return pyFunc(func(a []any) (any, error) {
				if len(a) == 0 {
					return "", nil
				}
				return pyToStr(a[0]), nil
			}), nil
		case "bool":
			return pyFunc(func(a []any) (any, error) {
				return len(a) == 1 && truthy(a[0]), nil
			}), nil
		case "len":
			return pyFunc(func(a []any) (any, error) {
				if len(a) != 1 {
					return nil, errors.New("len() takes exactly one argument")
				}
				switch x := a[0].(type) {
				case string:
					return len([]rune(x)), nil
				case pySeq:
					return len(x.items), nil
				}
				return nil, fmt.Errorf("object of type '%s' has no len()", pyTypeName(a[0]))
			}), nil
		}
		if v, ok := e.vars[t.text]; ok {
			return v, nil
		}
		return nil, fmt.Errorf("name '%s' is not defined", t.text)
	case 'o':
		switch t.text {
		case "-":
			v, err := e.postfix()
			if err != nil {
				return nil, err
			}
			n, ok := v.(int)
			if !ok {
				return nil, fmt.Errorf("bad operand type for unary -: '%s'", pyTypeName(v))
			}
			return -n, nil
		case "(":
			if e.isOp(")") {
				e.pos++
				return pySeq{}, nil
			}
			v, err := e.ternary()
			if err != nil {
				return nil, err
			}
			if e.isOp(",") {
				items := []any{v}
				e.pos++
				rest, err := e.args(")")
				if err != nil {
					return nil, err
				}
				return pySeq{items: append(items, rest...)}, nil
			}
			if err := e.expectOp(")"); err != nil {
				return nil, err
			}
			return v, nil
		case "[":
			items, err := e.args("]")
			if err != nil {
				return nil, err
			}
			return pySeq{items: items, list: true}, nil
		}
	}
	return nil, fmt.Errorf("unexpected %q", t.text)
}

// method returns a bound string method.
func method(v any, name string) (any, error) {
	s, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("'%s' object has no attribute '%s'", pyTypeName(v), name)
	}
	switch name {
	case "join":
		return pyFunc(func(a []any) (any, error) {
			if len(a) != 1 {
				return nil, errors.New("join() takes exactly one argument")
			}
			seq, ok := a[0].(pySeq)
			if !ok {
				return nil, errors.New("join() needs a sequence of strings")
			}
			parts := make([]string, len(seq.items))
			for i, it := range seq.items {
				p, ok := it.(string)
				if !ok {
					return nil, fmt.Errorf("sequence item %d: expected str instance, %s found", i, pyTypeName(it))
				}
				parts[i] = p
			}
			return strings.Join(parts, s), nil
		}), nil
	case "strip":
		return pyFunc(func([]any) (any, error) { return strings.TrimSpace(s), nil }), nil
	case "lower":
		return pyFunc(func([]any) (any, error) { return strings.ToLower(s), nil }), nil
	case "upper":
		return pyFunc(func([]any) (any, error) { return strings.ToUpper(s), nil }), nil
	}
	return nil, fmt.Errorf("'str' object has no attribute '%s'", name)
}

func pyEqual(a, b any) bool {
	switch x := a.(type) {
	case pySeq:
		y, ok := b.(pySeq)
		if !ok || x.list != y.list || len(x.items) != len(y.items) {
			return false
		}
		for i := range x.items {
			if !pyEqual(x.items[i], y.items[i]) {
				return false
			}
		}
		return true
	case pyFunc:
		return false
	case nil:
		return b == nil || b == pyNone
	}
	if b == nil {
		return a == pyNone
	}
	return a == b
}
