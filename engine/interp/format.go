package interp

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"retort/engine/python"
)

func quote(s string) string { return python.Quote(s) }

// plainRepr is repr() for the interpreter's own kinds, without hooks.
func plainRepr(v Value) string {
	s, err := (&Interp{}).reprNoHooks(v)
	if err != nil {
		return "<" + TypeOf(v).Name + ">"
	}
	return s
}

// Repr is repr(v).
func (in *Interp) Repr(v Value) (string, error) {
	if err := in.use(v, Loc{}); err != nil {
		return "", err
	}
	switch x := v.(type) {
	case Reprer:
		return x.Repr(in)
	case *Instance:
		if m, _, ok := x.Class.Lookup("__repr__"); ok {
			r, err := in.call(&Method{Self: x, Func: m}, &Args{})
			if err != nil {
				return "", err
			}
			s, ok := r.(Str)
			if !ok {
				return "", typeError("__repr__ returned non-string (type %s)", TypeOf(r).Name)
			}
			return string(s), nil
		}
	}
	return in.reprNoHooks(v)
}

func (in *Interp) reprNoHooks(v Value) (string, error) {
	seq := func(open, close string, items []Value, trailing bool) (string, error) {
		parts := make([]string, len(items))
		for i, it := range items {
			var err error
			if in.builtins != nil {
				parts[i], err = in.Repr(it)
			} else {
				parts[i], err = in.reprNoHooks(it)
			}
			if err != nil {
				return "", err
			}
		}
		s := open + strings.Join(parts, ", ")
		if trailing && len(items) == 1 {
			s += ","
		}
		return s + close, nil
	}
	switch x := v.(type) {
	case NoneType:
		return "None", nil
	case Bool:
		return python.BoolRepr(bool(x)), nil
	case Int:
		return strconv.FormatInt(int64(x), 10), nil
	case Float:
		return python.FloatRepr(float64(x)), nil
	case Str:
		return python.Quote(string(x)), nil
	case Bytes:
		return python.BytesRepr([]byte(x)), nil
	case EllipsisType:
		return "Ellipsis", nil
	case NotImplementedType:
		return "NotImplemented", nil
	case *List:
		return seq("[", "]", x.Items, false)
	case *Tuple:
		return seq("(", ")", x.Items, true)
	case *Set:
		if x.Len() == 0 {
			if x.Frozen {
				return "frozenset()", nil
			}
			return "set()", nil
		}
		s, err := seq("{", "}", x.Items(), false)
		if x.Frozen {
			s = "frozenset(" + s + ")"
		}
		return s, err
	case *Dict:
		parts := make([]string, x.Len())
		for i, k := range x.Keys() {
			ks, err := in.reprOf(k)
			if err != nil {
				return "", err
			}
			vs, err := in.reprOf(x.Values()[i])
			if err != nil {
				return "", err
			}
			parts[i] = ks + ": " + vs
		}
		return "{" + strings.Join(parts, ", ") + "}", nil
	case *Class:
		return "<class '" + x.QualName() + "'>", nil
	case *Func:
		return "<function " + x.Qualname + ">", nil
	case *Builtin:
		return "<built-in function " + x.Name + ">", nil
	case *Method:
		return "<bound method>", nil
	case *Module:
		return "<module '" + x.Name + "'>", nil
	case *Exception:
		parts := make([]string, len(x.Args))
		for i, a := range x.Args {
			s, err := in.reprOf(a)
			if err != nil {
				return "", err
			}
			parts[i] = s
		}
		return x.Class.Name + "(" + strings.Join(parts, ", ") + ")", nil
	case *Instance:
		return "<" + x.Class.QualName() + " object>", nil
	case *Opaque:
		return "<" + x.What + ">", nil
	case *Slice:
		return fmt.Sprintf("slice(%s, %s, %s)", plainRepr(x.Lo), plainRepr(x.Hi), plainRepr(x.Step)), nil
	case *Generic:
		args := make([]string, len(x.Args))
		for i, a := range x.Args {
			args[i] = typeRepr(a)
		}
		return typeRepr(x.Origin) + "[" + strings.Join(args, ", ") + "]", nil
	case *Union:
		parts := make([]string, len(x.Members))
		for i, m := range x.Members {
			parts[i] = typeRepr(m)
		}
		return strings.Join(parts, " | "), nil
	case Object:
		return "<" + x.PyClass().QualName() + " object>", nil
	}
	return fmt.Sprintf("<%T>", v), nil
}

func (in *Interp) reprOf(v Value) (string, error) {
	if in.builtins != nil {
		return in.Repr(v)
	}
	return in.reprNoHooks(v)
}

// typeRepr writes a type as typing does inside Generic reprs.
func typeRepr(v Value) string {
	switch x := v.(type) {
	case *Class:
		if x.Module == "builtins" {
			return x.Name
		}
		return x.QualName()
	case NoneType:
		return "None"
	case Str:
		return python.Quote(string(x))
	}
	return plainRepr(v)
}

// Str is str(v).
func (in *Interp) Str(v Value) (string, error) {
	switch x := v.(type) {
	case Str:
		return string(x), nil
	case *Exception:
		return x.Message(), nil
	case Stringer:
		return x.Str(in)
	case *Instance:
		if m, _, ok := x.Class.Lookup("__str__"); ok {
			r, err := in.call(&Method{Self: x, Func: m}, &Args{})
			if err != nil {
				return "", err
			}
			s, ok := r.(Str)
			if !ok {
				return "", typeError("__str__ returned non-string (type %s)", TypeOf(r).Name)
			}
			return string(s), nil
		}
	case *Opaque:
		return "", Errorf(x.Loc, "cannot make a string of %s: it comes from outside the project, which Retort does not run", x.What)
	}
	return in.Repr(v)
}

// Format is format(v, spec): the format-spec mini-language for numbers and
// strings, and __format__ for classes that define it.
func (in *Interp) Format(v Value, spec string) (string, error) {
	if x, ok := v.(*Instance); ok {
		if m, _, found := x.Class.Lookup("__format__"); found {
			r, err := in.call(&Method{Self: x, Func: m}, Values(Str(spec)))
			if err != nil {
				return "", err
			}
			s, _ := r.(Str)
			return string(s), nil
		}
	}
	if spec == "" {
		return in.Str(v)
	}
	if d, ok := v.(*DateTime); ok {
		return strftime(d, spec), nil
	}
	fs, err := parseSpec(spec)
	if err != nil {
		return "", err
	}
	var body string
	numeric := false
	switch x := v.(type) {
	case Bool:
		if fs.typ == 0 || fs.typ == 's' {
			body = python.BoolRepr(bool(x))
			break
		}
		return in.Format(Int(boolInt(bool(x))), spec)
	case Int:
		n := int64(x)
		numeric = true
		switch fs.typ {
		case 0, 'd', 'n':
			body = strconv.FormatInt(abs64(n), 10)
			if fs.comma {
				body = groupDigits(body, ",")
			} else if fs.underscore {
				body = groupDigits(body, "_")
			}
		case 'x':
			body = strconv.FormatInt(abs64(n), 16)
		case 'X':
			body = strings.ToUpper(strconv.FormatInt(abs64(n), 16))
		case 'o':
			body = strconv.FormatInt(abs64(n), 8)
		case 'b':
			body = strconv.FormatInt(abs64(n), 2)
		case 'c':
			body, numeric = string(rune(n)), false
		case 'f', 'F', 'e', 'E', 'g', 'G', '%':
			return in.Format(Float(n), spec)
		default:
			return "", valueError("Unknown format code '%c' for object of type 'int'", fs.typ)
		}
		if fs.alt && strings.ContainsRune("xXob", rune(fs.typ)) {
			body = "0" + string(fs.typ) + body
		}
		body = signed(n < 0, fs.sign) + body
	case Float:
		f := float64(x)
		numeric = true
		prec := fs.prec
		switch fs.typ {
		case 'f', 'F':
			if prec < 0 {
				prec = 6
			}
			body = strconv.FormatFloat(math.Abs(f), 'f', prec, 64)
		case 'e', 'E':
			if prec < 0 {
				prec = 6
			}
			body = strconv.FormatFloat(math.Abs(f), 'e', prec, 64)
			body = fixExponent(body)
			if fs.typ == 'E' {
				body = strings.ToUpper(body)
			}
		case '%':
			if prec < 0 {
				prec = 6
			}
			body = strconv.FormatFloat(math.Abs(f)*100, 'f', prec, 64) + "%"
		case 'g', 'G':
			if prec < 0 {
				prec = 6
			}
			body = fixExponent(strconv.FormatFloat(math.Abs(f), 'g', max(prec, 1), 64))
		case 0:
			if prec >= 0 {
				body = fixExponent(strconv.FormatFloat(math.Abs(f), 'g', max(prec, 1), 64))
			} else {
				body = python.FloatRepr(math.Abs(f))
			}
		default:
			return "", valueError("Unknown format code '%c' for object of type 'float'", fs.typ)
		}
		if fs.comma {
			intPart, frac, _ := strings.Cut(body, ".")
			body = groupDigits(intPart, ",")
			if frac != "" {
				body += "." + frac
			}
		}
		body = signed(math.Signbit(f) && f != 0, fs.sign) + body
	default:
		s, err := in.Str(v)
		if err != nil {
			return "", err
		}
		if fs.typ != 0 && fs.typ != 's' {
			return "", valueError("Unknown format code '%c' for object of type '%s'", fs.typ, TypeOf(v).Name)
		}
		if fs.prec >= 0 && utf8.RuneCountInString(s) > fs.prec {
			s = string([]rune(s)[:fs.prec])
		}
		body = s
	}
	return pad(body, fs, numeric), nil
}

type formatSpec struct {
	fill              rune
	align             byte
	sign              byte
	alt, zero         bool
	width             int
	comma, underscore bool
	prec              int
	typ               byte
}

// parseSpec parses [[fill]align][sign][#][0][width][,|_][.precision][type].
func parseSpec(s string) (formatSpec, error) {
	fs := formatSpec{fill: ' ', prec: -1}
	r := []rune(s)
	i := 0
	isAlign := func(c rune) bool { return c == '<' || c == '>' || c == '^' || c == '=' }
	if len(r) >= 2 && isAlign(r[1]) {
		fs.fill, fs.align, i = r[0], byte(r[1]), 2
	} else if len(r) >= 1 && isAlign(r[0]) {
		fs.align, i = byte(r[0]), 1
	}
	if i < len(r) && (r[i] == '+' || r[i] == '-' || r[i] == ' ') {
		fs.sign = byte(r[i])
		i++
	}
	if i < len(r) && r[i] == '#' {
		fs.alt = true
		i++
	}
	if i < len(r) && r[i] == '0' {
		fs.zero = true
		i++
	}
	start := i
	for i < len(r) && r[i] >= '0' && r[i] <= '9' {
		i++
	}
	if i > start {
		fs.width, _ = strconv.Atoi(string(r[start:i]))
	}
	if i < len(r) && r[i] == ',' {
		fs.comma = true
		i++
	} else if i < len(r) && r[i] == '_' {
		fs.underscore = true
		i++
	}
	if i < len(r) && r[i] == '.' {
		i++
		start = i
		for i < len(r) && r[i] >= '0' && r[i] <= '9' {
			i++
		}
		if i == start {
			return fs, valueError("Format specifier missing precision")
		}
		fs.prec, _ = strconv.Atoi(string(r[start:i]))
	}
	if i < len(r) {
		fs.typ = byte(r[i])
		i++
	}
	if i != len(r) {
		return fs, valueError("Invalid format specifier '%s'", s)
	}
	return fs, nil
}

func pad(body string, fs formatSpec, numeric bool) string {
	n := utf8.RuneCountInString(body)
	if fs.width <= n {
		return body
	}
	gap := fs.width - n
	align := fs.align
	fill := string(fs.fill)
	if align == 0 {
		if fs.zero && numeric {
			align, fill = '=', "0"
		} else if numeric {
			align = '>'
		} else {
			align = '<'
		}
	}
	switch align {
	case '<':
		return body + strings.Repeat(fill, gap)
	case '^':
		left := gap / 2
		return strings.Repeat(fill, left) + body + strings.Repeat(fill, gap-left)
	case '=':
		sign := ""
		if body != "" && (body[0] == '-' || body[0] == '+' || body[0] == ' ') {
			sign, body = body[:1], body[1:]
		}
		return sign + strings.Repeat(fill, gap) + body
	}
	return strings.Repeat(fill, gap) + body
}

func signed(neg bool, sign byte) string {
	switch {
	case neg:
		return "-"
	case sign == '+':
		return "+"
	case sign == ' ':
		return " "
	}
	return ""
}

func abs64(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

func groupDigits(s, sep string) string {
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}

// fixExponent writes Go's e+6 as Python's e+06.
func fixExponent(s string) string {
	i := strings.IndexAny(s, "eE")
	if i < 0 || i+2 >= len(s) {
		return s
	}
	digits := s[i+2:]
	if len(digits) < 2 {
		return s[:i+2] + "0" + digits
	}
	return s
}

// percentFormat is "format % args".
func (in *Interp) percentFormat(format string, args Value) (string, error) {
	var list []Value
	var mapping *Dict
	switch a := args.(type) {
	case *Tuple:
		list = a.Items
	case *Dict:
		mapping = a
	default:
		list = []Value{args}
	}
	var b strings.Builder
	next := 0
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(format) {
			return "", valueError("incomplete format")
		}
		if format[i] == '%' {
			b.WriteByte('%')
			continue
		}
		var arg Value
		if format[i] == '(' {
			end := strings.IndexByte(format[i:], ')')
			if end < 0 || mapping == nil {
				return "", typeError("format requires a mapping")
			}
			key := format[i+1 : i+end]
			v, ok := mapping.GetStr(key)
			if !ok {
				return "", &Exception{Class: exceptionClasses["KeyError"], Args: []Value{Str(key)}}
			}
			arg = v
			i += end + 1
		}
		specStart := i
		for i < len(format) && strings.IndexByte("-+ #0123456789.", format[i]) >= 0 {
			i++
		}
		if i >= len(format) {
			return "", valueError("incomplete format")
		}
		flags := format[specStart:i]
		conv := format[i]
		if arg == nil {
			if next >= len(list) {
				return "", typeError("not enough arguments for format string")
			}
			arg = list[next]
			next++
		}
		spec := strings.Replace(flags, "-", "<", 1)
		var s string
		var err error
		switch conv {
		case 's':
			s, err = in.Str(arg)
			if err == nil && spec != "" {
				s, err = in.Format(Str(s), spec)
			}
		case 'r', 'a':
			s, err = in.Repr(arg)
		case 'd', 'i', 'u':
			if f, ok := arg.(Float); ok {
				arg = Int(int64(f))
			}
			s, err = in.Format(arg, spec+"d")
		case 'f', 'F', 'e', 'E', 'g', 'G', 'x', 'X', 'o':
			s, err = in.Format(arg, spec+string(conv))
		default:
			return "", valueError("unsupported format character '%c'", conv)
		}
		if err != nil {
			return "", err
		}
		b.WriteString(s)
	}
	if mapping == nil && next < len(list) {
		return "", typeError("not all arguments converted during string formatting")
	}
	return b.String(), nil
}

// strFormat is str.format(*args, **kwargs).
func (in *Interp) strFormat(format string, a *Args) (string, error) {
	var b strings.Builder
	auto := 0
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c == '}' {
			if i+1 < len(format) && format[i+1] == '}' {
				b.WriteByte('}')
				i++
				continue
			}
			return "", valueError("Single '}' encountered in format string")
		}
		if c != '{' {
			b.WriteByte(c)
			continue
		}
		if i+1 < len(format) && format[i+1] == '{' {
			b.WriteByte('{')
			i++
			continue
		}
		depth, j := 1, i+1
		for ; j < len(format) && depth > 0; j++ {
			switch format[j] {
			case '{':
				depth++
			case '}':
				depth--
			}
		}
		if depth > 0 {
			return "", valueError("expected '}' before end of string")
		}
		field := format[i+1 : j-1]
		i = j - 1
		name, spec, _ := strings.Cut(field, ":")
		conv := byte(0)
		if k := strings.IndexByte(name, '!'); k >= 0 {
			if k+1 < len(name) {
				conv = name[k+1]
			}
			name = name[:k]
		}
		// the first part of the name: an index, a keyword, or nothing.
		head := name
		rest := ""
		if k := strings.IndexAny(name, ".["); k >= 0 {
			head, rest = name[:k], name[k:]
		}
		var v Value
		if head == "" {
			if auto >= len(a.Pos) {
				return "", NewError("IndexError", "Replacement index %d out of range for positional args tuple", auto)
			}
			v = a.Pos[auto].Value
			auto++
		} else if n, err := strconv.Atoi(head); err == nil {
			if n >= len(a.Pos) {
				return "", NewError("IndexError", "Replacement index %d out of range for positional args tuple", n)
			}
			v = a.Pos[n].Value
		} else {
			kw, ok := a.Kwarg(head)
			if !ok {
				return "", &Exception{Class: exceptionClasses["KeyError"], Args: []Value{Str(head)}}
			}
			v = kw.Value
		}
		for rest != "" {
			if rest[0] == '.' {
				k := strings.IndexAny(rest[1:], ".[")
				attr := rest[1:]
				if k >= 0 {
					attr, rest = rest[1:1+k], rest[1+k:]
				} else {
					rest = ""
				}
				var err error
				if v, err = in.getAttr(v, attr, Loc{}); err != nil {
					return "", err
				}
				continue
			}
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return "", valueError("Missing ']' in format string")
			}
			key := rest[1:end]
			rest = rest[end+1:]
			var kv Value = Str(key)
			if n, err := strconv.Atoi(key); err == nil {
				kv = Int(n)
			}
			var err error
			if v, err = in.getItem(v, kv, Loc{}); err != nil {
				return "", err
			}
		}
		if strings.Contains(spec, "{") {
			var err error
			if spec, err = in.strFormat(spec, a); err != nil {
				return "", err
			}
		}
		switch conv {
		case 'r', 'a':
			s, err := in.Repr(v)
			if err != nil {
				return "", err
			}
			v = Str(s)
		case 's':
			s, err := in.Str(v)
			if err != nil {
				return "", err
			}
			v = Str(s)
		}
		s, err := in.Format(v, spec)
		if err != nil {
			return "", err
		}
		b.WriteString(s)
	}
	return b.String(), nil
}
