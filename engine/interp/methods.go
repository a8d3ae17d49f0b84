package interp

import (
	"encoding/hex"
	"strings"
	"unicode"
)

// method is a method of a built-in type: self is the receiver.
type method func(in *Interp, self Value, a *Args) (Value, error)

var methods map[*Class]map[string]method

// builtinMethod returns obj.name for a method of a built-in type.
func builtinMethod(in *Interp, obj Value, name string) (Value, bool) {
	for _, c := range TypeOf(obj).MRO {
		if m, ok := methods[c][name]; ok {
			return &Builtin{Name: name, Fn: func(in *Interp, a *Args) (Value, error) { return m(in, obj, a) }}, true
		}
	}
	return nil, false
}

// builtinClassMethod returns cls.name for a built-in type's method taken from
// the class (str.lower, dict.fromkeys).
func builtinClassMethod(in *Interp, cls *Class, name string) (Value, bool) {
	if cls == BytesClass && name == "fromhex" {
		return &Builtin{Name: name, Fn: func(in *Interp, a *Args) (Value, error) {
			s, err := strArg(a, 0, name)
			if err != nil {
				return nil, err
			}
			b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
			if err != nil {
				return nil, valueError("non-hexadecimal number found in fromhex() arg")
			}
			return Bytes(b), nil
		}}, true
	}
	if cls == DictClass && name == "fromkeys" {
		return &Builtin{Name: name, Fn: func(in *Interp, a *Args) (Value, error) {
			if err := want(a, "fromkeys", 1, 2); err != nil {
				return nil, err
			}
			var v Value = None
			if len(a.Pos) == 2 {
				v = a.Pos[1].Value
			}
			d := NewDict()
			err := in.Iterate(a.Pos[0].Value, func(k Value) (bool, error) { return true, d.Set(k, v) })
			return d, err
		}}, true
	}
	for _, c := range cls.MRO {
		if m, ok := methods[c][name]; ok {
			return &Builtin{Name: name, Fn: func(in *Interp, a *Args) (Value, error) {
				if len(a.Pos) == 0 {
					return nil, typeError("unbound method %s.%s() needs an argument", cls.Name, name)
				}
				rest := *a
				rest.Pos = a.Pos[1:]
				return m(in, a.Pos[0].Value, &rest)
			}}, true
		}
	}
	return nil, false
}

func strArg(a *Args, i int, fname string) (string, error) {
	if i >= len(a.Pos) {
		return "", typeError("%s() missing an argument", fname)
	}
	s, ok := a.Pos[i].Value.(Str)
	if !ok {
		return "", typeError("%s() argument must be str, not %s", fname, TypeOf(a.Pos[i].Value).Name)
	}
	return string(s), nil
}

func optStr(a *Args, i int) (string, bool) {
	if i >= len(a.Pos) {
		return "", false
	}
	s, ok := a.Pos[i].Value.(Str)
	return string(s), ok
}

func strList(items []string) *List {
	out := make([]Value, len(items))
	for i, s := range items {
		out[i] = Str(s)
	}
	return NewList(out...)
}

func init() {
	str := func(f func(s string, a *Args) (Value, error)) method {
		return func(in *Interp, self Value, a *Args) (Value, error) { return f(string(self.(Str)), a) }
	}
	strMethods := map[string]method{
		"lower":    str(func(s string, a *Args) (Value, error) { return Str(strings.ToLower(s)), nil }),
		"upper":    str(func(s string, a *Args) (Value, error) { return Str(strings.ToUpper(s)), nil }),
		"casefold": str(func(s string, a *Args) (Value, error) { return Str(strings.ToLower(s)), nil }),
		"title": str(func(s string, a *Args) (Value, error) {
			var b strings.Builder
			prev := false
			for _, r := range s {
				if unicode.IsLetter(r) {
					if prev {
						b.WriteRune(unicode.ToLower(r))
					} else {
						b.WriteRune(unicode.ToUpper(r))
					}
					prev = true
				} else {
					b.WriteRune(r)
					prev = false
				}
			}
			return Str(b.String()), nil
		}),
		"capitalize": str(func(s string, a *Args) (Value, error) {
			if s == "" {
				return Str(""), nil
			}
			r := []rune(strings.ToLower(s))
			r[0] = unicode.ToUpper(r[0])
			return Str(string(r)), nil
		}),
		"swapcase": str(func(s string, a *Args) (Value, error) {
			return Str(strings.Map(func(r rune) rune {
				if unicode.IsUpper(r) {
					return unicode.ToLower(r)
				}
				return unicode.ToUpper(r)
			}, s)), nil
		}),
		"strip": str(func(s string, a *Args) (Value, error) {
			return Str(stripWith(s, a, strings.Trim, strings.TrimSpace)), nil
		}),
		"lstrip": str(func(s string, a *Args) (Value, error) {
			return Str(stripWith(s, a, strings.TrimLeft, trimLeftSpace)), nil
		}),
		"rstrip": str(func(s string, a *Args) (Value, error) {
			return Str(stripWith(s, a, strings.TrimRight, trimRightSpace)), nil
		}),
		"split": str(func(s string, a *Args) (Value, error) {
			sep, hasSep := optStr(a, 0)
			if v, ok := a.Kwarg("sep"); ok {
				sep, hasSep = string(v.Value.(Str)), v.Value != None
			}
			n := -1
			if len(a.Pos) > 1 {
				m, _ := intOf(a.Pos[1].Value)
				n = int(m)
			} else if v, ok := a.Kwarg("maxsplit"); ok {
				m, _ := intOf(v.Value)
				n = int(m)
			}
			if !hasSep {
				f := strings.Fields(s)
				if n >= 0 && len(f) > n+1 {
					// re-split keeping the rest whole
					parts := strings.SplitN(strings.TrimLeftFunc(s, unicode.IsSpace), " ", n+1)
					return strList(parts), nil
				}
				return strList(f), nil
			}
			if sep == "" {
				return nil, valueError("empty separator")
			}
			if n >= 0 {
				return strList(strings.SplitN(s, sep, n+1)), nil
			}
			return strList(strings.Split(s, sep)), nil
		}),
		"rsplit": str(func(s string, a *Args) (Value, error) {
			sep, hasSep := optStr(a, 0)
			n := -1
			if len(a.Pos) > 1 {
				m, _ := intOf(a.Pos[1].Value)
				n = int(m)
			} else if v, ok := a.Kwarg("maxsplit"); ok {
				m, _ := intOf(v.Value)
				n = int(m)
			}
			if !hasSep {
				return strList(strings.Fields(s)), nil
			}
			parts := strings.Split(s, sep)
			if n >= 0 && len(parts) > n+1 {
				head := strings.Join(parts[:len(parts)-n], sep)
				parts = append([]string{head}, parts[len(parts)-n:]...)
			}
			return strList(parts), nil
		}),
		"splitlines": str(func(s string, a *Args) (Value, error) {
			keep := false
			if len(a.Pos) > 0 {
				b, _ := a.Pos[0].Value.(Bool)
				keep = bool(b)
			} else if k, ok := a.Kwarg("keepends"); ok {
				b, _ := k.Value.(Bool)
				keep = bool(b)
			}
			var lines []string
			for len(s) > 0 {
				i := strings.IndexAny(s, "\n\r")
				if i < 0 {
					lines = append(lines, s)
					break
				}
				end := i + 1
				if s[i] == '\r' && end < len(s) && s[end] == '\n' {
					end++
				}
				if keep {
					lines = append(lines, s[:end])
				} else {
					lines = append(lines, s[:i])
				}
				s = s[end:]
			}
			return strList(lines), nil
		}),
		"replace": str(func(s string, a *Args) (Value, error) {
			old, err := strArg(a, 0, "replace")
			if err != nil {
				return nil, err
			}
			nw, err := strArg(a, 1, "replace")
			if err != nil {
				return nil, err
			}
			n := -1
			if len(a.Pos) > 2 {
				m, _ := intOf(a.Pos[2].Value)
				n = int(m)
			}
			return Str(strings.Replace(s, old, nw, n)), nil
		}),
		"startswith": str(func(s string, a *Args) (Value, error) { return prefixTest(s, a, strings.HasPrefix) }),
		"endswith":   str(func(s string, a *Args) (Value, error) { return prefixTest(s, a, strings.HasSuffix) }),
		"find": str(func(s string, a *Args) (Value, error) {
			sub, err := strArg(a, 0, "find")
			if err != nil {
				return nil, err
			}
			i := strings.Index(s, sub)
			if i < 0 {
				return Int(-1), nil
			}
			return Int(len([]rune(s[:i]))), nil
		}),
		"rfind": str(func(s string, a *Args) (Value, error) {
			sub, err := strArg(a, 0, "rfind")
			if err != nil {
				return nil, err
			}
			i := strings.LastIndex(s, sub)
			if i < 0 {
				return Int(-1), nil
			}
			return Int(len([]rune(s[:i]))), nil
		}),
		"index": str(func(s string, a *Args) (Value, error) {
			sub, err := strArg(a, 0, "index")
			if err != nil {
				return nil, err
			}
			i := strings.Index(s, sub)
			if i < 0 {
				return nil, valueError("substring not found")
			}
			return Int(len([]rune(s[:i]))), nil
		}),
		"count": str(func(s string, a *Args) (Value, error) {
			sub, err := strArg(a, 0, "count")
			if err != nil {
				return nil, err
			}
			return Int(strings.Count(s, sub)), nil
		}),
		"join": func(in *Interp, self Value, a *Args) (Value, error) {
			if err := want(a, "join", 1, 1); err != nil {
				return nil, err
			}
			var parts []string
			err := in.Iterate(a.Pos[0].Value, func(v Value) (bool, error) {
				s, ok := v.(Str)
				if !ok {
					return false, typeError("sequence item %d: expected str instance, %s found", len(parts), TypeOf(v).Name)
				}
				parts = append(parts, string(s))
				return true, nil
			})
			return Str(strings.Join(parts, string(self.(Str)))), err
		},
		"format": func(in *Interp, self Value, a *Args) (Value, error) {
			s, err := in.strFormat(string(self.(Str)), a)
			return Str(s), err
		},
		"format_map": func(in *Interp, self Value, a *Args) (Value, error) {
			if err := want(a, "format_map", 1, 1); err != nil {
				return nil, err
			}
			d, ok := a.Pos[0].Value.(*Dict)
			if !ok {
				return nil, typeError("format_map() argument must be a mapping")
			}
			kw := &Args{}
			for i, k := range d.Keys() {
				if ks, ok := k.(Str); ok {
					kw.Kw = append(kw.Kw, Arg{Name: string(ks), Value: d.Values()[i]})
				}
			}
			s, err := in.strFormat(string(self.(Str)), kw)
			return Str(s), err
		},
		"encode": str(func(s string, a *Args) (Value, error) { return Bytes(s), nil }),
		"isdigit": str(func(s string, a *Args) (Value, error) {
			return Bool(s != "" && strings.IndexFunc(s, func(r rune) bool { return !unicode.IsDigit(r) }) < 0), nil
		}),
		"isnumeric": str(func(s string, a *Args) (Value, error) {
			return Bool(s != "" && strings.IndexFunc(s, func(r rune) bool { return !unicode.IsNumber(r) }) < 0), nil
		}),
		"isdecimal": str(func(s string, a *Args) (Value, error) {
			return Bool(s != "" && strings.IndexFunc(s, func(r rune) bool { return !unicode.IsDigit(r) }) < 0), nil
		}),
		"isalpha": str(func(s string, a *Args) (Value, error) {
			return Bool(s != "" && strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) < 0), nil
		}),
		"isalnum": str(func(s string, a *Args) (Value, error) {
			return Bool(s != "" && strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) < 0), nil
		}),
		"isspace": str(func(s string, a *Args) (Value, error) { return Bool(s != "" && strings.TrimSpace(s) == ""), nil }),
		"islower": str(func(s string, a *Args) (Value, error) {
			return Bool(strings.ToLower(s) == s && strings.ToUpper(s) != s), nil
		}),
		"isupper": str(func(s string, a *Args) (Value, error) {
			return Bool(strings.ToUpper(s) == s && strings.ToLower(s) != s), nil
		}),
		"isidentifier": str(func(s string, a *Args) (Value, error) {
			if s == "" {
				return Bool(false), nil
			}
			for i, r := range s {
				if !(r == '_' || unicode.IsLetter(r) || (i > 0 && unicode.IsDigit(r))) {
					return Bool(false), nil
				}
			}
			return Bool(true), nil
		}),
		"zfill": str(func(s string, a *Args) (Value, error) {
			n, _ := intOf(a.Pos[0].Value)
			sign := ""
			if s != "" && (s[0] == '-' || s[0] == '+') {
				sign, s = s[:1], s[1:]
			}
			for len([]rune(sign+s)) < int(n) {
				s = "0" + s
			}
			return Str(sign + s), nil
		}),
		"ljust":  str(func(s string, a *Args) (Value, error) { return justify(s, a, "<") }),
		"rjust":  str(func(s string, a *Args) (Value, error) { return justify(s, a, ">") }),
		"center": str(func(s string, a *Args) (Value, error) { return justify(s, a, "^") }),
		"partition": str(func(s string, a *Args) (Value, error) {
			sep, err := strArg(a, 0, "partition")
			if err != nil {
				return nil, err
			}
			before, after, found := strings.Cut(s, sep)
			if !found {
				return NewTuple(Str(s), Str(""), Str("")), nil
			}
			return NewTuple(Str(before), Str(sep), Str(after)), nil
		}),
		"rpartition": str(func(s string, a *Args) (Value, error) {
			sep, err := strArg(a, 0, "rpartition")
			if err != nil {
				return nil, err
			}
			i := strings.LastIndex(s, sep)
			if i < 0 {
				return NewTuple(Str(""), Str(""), Str(s)), nil
			}
			return NewTuple(Str(s[:i]), Str(sep), Str(s[i+len(sep):])), nil
		}),
		"removeprefix": str(func(s string, a *Args) (Value, error) {
			p, err := strArg(a, 0, "removeprefix")
			return Str(strings.TrimPrefix(s, p)), err
		}),
		"removesuffix": str(func(s string, a *Args) (Value, error) {
			p, err := strArg(a, 0, "removesuffix")
			return Str(strings.TrimSuffix(s, p)), err
		}),
		"__len__": str(func(s string, a *Args) (Value, error) { return Int(len([]rune(s))), nil }),
	}
	listMethods := map[string]method{
		"append": func(in *Interp, self Value, a *Args) (Value, error) {
			if err := want(a, "append", 1, 1); err != nil {
				return nil, err
			}
			l := self.(*List)
			l.Items = append(l.Items, a.Pos[0].Value)
			return None, nil
		},
		"extend": func(in *Interp, self Value, a *Args) (Value, error) {
			if err := want(a, "extend", 1, 1); err != nil {
				return nil, err
			}
			items, err := in.List(a.Pos[0].Value)
			l := self.(*List)
			l.Items = append(l.Items, items...)
			return None, err
		},
		"insert": func(in *Interp, self Value, a *Args) (Value, error) {
			if err := want(a, "insert", 2, 2); err != nil {
				return nil, err
			}
			l := self.(*List)
			i64, _ := intOf(a.Pos[0].Value)
			i := int(i64)
			if i < 0 {
				i += len(l.Items)
			}
			i = max(0, min(i, len(l.Items)))
			l.Items = append(l.Items[:i], append([]Value{a.Pos[1].Value}, l.Items[i:]...)...)
			return None, nil
		},
		"pop": func(in *Interp, self Value, a *Args) (Value, error) {
			l := self.(*List)
			if len(l.Items) == 0 {
				return nil, NewError("IndexError", "pop from empty list")
			}
			i := len(l.Items) - 1
			if len(a.Pos) > 0 {
				var err error
				if i, err = in.index(a.Pos[0].Value, len(l.Items)); err != nil {
					return nil, err
				}
			}
			v := l.Items[i]
			l.Items = append(l.Items[:i], l.Items[i+1:]...)
			return v, nil
		},
		"remove": func(in *Interp, self Value, a *Args) (Value, error) {
			l := self.(*List)
			for i, v := range l.Items {
				eq, err := in.Eq(v, a.Pos[0].Value)
				if err != nil {
					return nil, err
				}
				if eq {
					l.Items = append(l.Items[:i], l.Items[i+1:]...)
					return None, nil
				}
			}
			return nil, valueError("list.remove(x): x not in list")
		},
		"index": func(in *Interp, self Value, a *Args) (Value, error) {
			for i, v := range seqItems(self) {
				eq, err := in.Eq(v, a.Pos[0].Value)
				if err != nil {
					return nil, err
				}
				if eq {
					return Int(i), nil
				}
			}
			return nil, valueError("x not in sequence")
		},
		"count": func(in *Interp, self Value, a *Args) (Value, error) {
			n := 0
			for _, v := range seqItems(self) {
				eq, err := in.Eq(v, a.Pos[0].Value)
				if err != nil {
					return nil, err
				}
				if eq {
					n++
				}
			}
			return Int(n), nil
		},
		"sort": func(in *Interp, self Value, a *Args) (Value, error) {
			return None, in.sortValues(self.(*List).Items, kwarg(a, "key", None), kwarg(a, "reverse", Bool(false)))
		},
		"reverse": func(in *Interp, self Value, a *Args) (Value, error) {
			items := self.(*List).Items
			for i, j := 0, len(items)-1; i < j; i, j = i+1, j-1 {
				items[i], items[j] = items[j], items[i]
			}
			return None, nil
		},
		"copy": func(in *Interp, self Value, a *Args) (Value, error) {
			return NewList(append([]Value(nil), self.(*List).Items...)...), nil
		},
		"clear": func(in *Interp, self Value, a *Args) (Value, error) {
			self.(*List).Items = nil
			return None, nil
		},
	}
	tupleMethods := map[string]method{"index": listMethods["index"], "count": listMethods["count"]}
	dictMethods := map[string]method{
		"get": func(in *Interp, self Value, a *Args) (Value, error) {
			if err := want(a, "get", 1, 2); err != nil {
				return nil, err
			}
			v, ok, err := self.(*Dict).Get(a.Pos[0].Value)
			if err != nil {
				return nil, err
			}
			if !ok {
				if len(a.Pos) == 2 {
					return a.Pos[1].Value, nil
				}
				return None, nil
			}
			return v, nil
		},
		"keys": func(in *Interp, self Value, a *Args) (Value, error) {
			return NewList(append([]Value(nil), self.(*Dict).Keys()...)...), nil
		},
		"values": func(in *Interp, self Value, a *Args) (Value, error) {
			return NewList(append([]Value(nil), self.(*Dict).Values()...)...), nil
		},
		"items": func(in *Interp, self Value, a *Args) (Value, error) {
			d := self.(*Dict)
			out := make([]Value, d.Len())
			for i, k := range d.Keys() {
				out[i] = NewTuple(k, d.Values()[i])
			}
			return NewList(out...), nil
		},
		"setdefault": func(in *Interp, self Value, a *Args) (Value, error) {
			if err := want(a, "setdefault", 1, 2); err != nil {
				return nil, err
			}
			d := self.(*Dict)
			v, ok, err := d.Get(a.Pos[0].Value)
			if err != nil || ok {
				return v, err
			}
			var def Value = None
			if len(a.Pos) == 2 {
				def = a.Pos[1].Value
			}
			return def, d.Set(a.Pos[0].Value, def)
		},
		"pop": func(in *Interp, self Value, a *Args) (Value, error) {
			if err := want(a, "pop", 1, 2); err != nil {
				return nil, err
			}
			d := self.(*Dict)
			v, ok, err := d.Get(a.Pos[0].Value)
			if err != nil {
				return nil, err
			}
			if !ok {
				if len(a.Pos) == 2 {
					return a.Pos[1].Value, nil
				}
				return nil, &Exception{Class: exceptionClasses["KeyError"], Args: []Value{a.Pos[0].Value}}
			}
			_, err = d.Delete(a.Pos[0].Value)
			return v, err
		},
		"popitem": func(in *Interp, self Value, a *Args) (Value, error) {
			d := self.(*Dict)
			if d.Len() == 0 {
				return nil, NewError("KeyError", "popitem(): dictionary is empty")
			}
			k, v := d.Keys()[d.Len()-1], d.Values()[d.Len()-1]
			_, err := d.Delete(k)
			return NewTuple(k, v), err
		},
		"update": func(in *Interp, self Value, a *Args) (Value, error) {
			d := self.(*Dict)
			if len(a.Pos) > 0 {
				if err := in.dictUpdate(d, a.Pos[0].Value); err != nil {
					return nil, err
				}
			}
			for _, kw := range a.Kw {
				d.SetStr(kw.Name, kw.Value)
			}
			return None, nil
		},
		"copy": func(in *Interp, self Value, a *Args) (Value, error) { return self.(*Dict).Copy(), nil },
		"clear": func(in *Interp, self Value, a *Args) (Value, error) {
			*self.(*Dict) = *NewDict()
			return None, nil
		},
	}
	setMethods := map[string]method{
		"pop": func(in *Interp, self Value, a *Args) (Value, error) {
			s := self.(*Set)
			if s.Frozen || s.Len() == 0 {
				return nil, &Exception{Class: exceptionClasses["KeyError"], Args: []Value{Str("pop from an empty set")}}
			}
			v := s.Items()[0]
			_, err := s.d.Delete(v)
			return v, err
		},
		"add": func(in *Interp, self Value, a *Args) (Value, error) {
			if err := want(a, "add", 1, 1); err != nil {
				return nil, err
			}
			return None, self.(*Set).Add(a.Pos[0].Value)
		},
		"update": func(in *Interp, self Value, a *Args) (Value, error) {
			s := self.(*Set)
			for _, p := range a.Pos {
				if err := in.Iterate(p.Value, func(v Value) (bool, error) { return true, s.Add(v) }); err != nil {
					return nil, err
				}
			}
			return None, nil
		},
		"discard": func(in *Interp, self Value, a *Args) (Value, error) {
			_, err := self.(*Set).d.Delete(a.Pos[0].Value)
			return None, err
		},
		"remove": func(in *Interp, self Value, a *Args) (Value, error) {
			ok, err := self.(*Set).d.Delete(a.Pos[0].Value)
			if err == nil && !ok {
				return nil, &Exception{Class: exceptionClasses["KeyError"], Args: []Value{a.Pos[0].Value}}
			}
			return None, err
		},
		"union":                setMethod("|"),
		"intersection":         setMethod("&"),
		"difference":           setMethod("-"),
		"symmetric_difference": setMethod("^"),
		"issubset": func(in *Interp, self Value, a *Args) (Value, error) {
			other, err := toSet(in, a.Pos[0].Value)
			if err != nil {
				return nil, err
			}
			for _, v := range self.(*Set).Items() {
				if ok, _ := other.Has(v); !ok {
					return Bool(false), nil
				}
			}
			return Bool(true), nil
		},
		"issuperset": func(in *Interp, self Value, a *Args) (Value, error) {
			other, err := toSet(in, a.Pos[0].Value)
			if err != nil {
				return nil, err
			}
			for _, v := range other.Items() {
				if ok, _ := self.(*Set).Has(v); !ok {
					return Bool(false), nil
				}
			}
			return Bool(true), nil
		},
		"copy": func(in *Interp, self Value, a *Args) (Value, error) {
			s := NewSet()
			for _, v := range self.(*Set).Items() {
				_ = s.Add(v)
			}
			return s, nil
		},
	}
	intMethods := map[string]method{
		"bit_length": func(in *Interp, self Value, a *Args) (Value, error) {
			n, _ := intOf(self)
			l := 0
			for n = abs64(n); n > 0; n >>= 1 {
				l++
			}
			return Int(l), nil
		},
	}
	floatMethods := map[string]method{
		"is_integer": func(in *Interp, self Value, a *Args) (Value, error) {
			f := float64(self.(Float))
			return Bool(f == float64(int64(f))), nil
		},
	}
	bytesMethods := map[string]method{
		"decode": func(in *Interp, self Value, a *Args) (Value, error) { return Str(self.(Bytes)), nil },
		"hex": func(in *Interp, self Value, a *Args) (Value, error) {
			return Str(hex.EncodeToString([]byte(self.(Bytes)))), nil
		},
	}
	methods = map[*Class]map[string]method{
		StrClass: strMethods, ListClass: listMethods, TupleClass: tupleMethods, DictClass: dictMethods,
		SetClass: setMethods, FrozenSetClass: setMethods, IntClass: intMethods, FloatClass: floatMethods,
		BytesClass: bytesMethods,
	}
}

func seqItems(v Value) []Value {
	switch x := v.(type) {
	case *List:
		return x.Items
	case *Tuple:
		return x.Items
	}
	return nil
}

func setMethod(op string) method {
	return func(in *Interp, self Value, a *Args) (Value, error) {
		var acc Value = self
		for _, p := range a.Pos {
			other, err := toSet(in, p.Value)
			if err != nil {
				return nil, err
			}
			if acc, err = setOp(op, acc.(*Set), other); err != nil {
				return nil, err
			}
		}
		if acc == self {
			s := NewSet()
			for _, v := range self.(*Set).Items() {
				_ = s.Add(v)
			}
			return s, nil
		}
		return acc, nil
	}
}

func toSet(in *Interp, v Value) (*Set, error) {
	if s, ok := v.(*Set); ok {
		return s, nil
	}
	s := NewSet()
	err := in.Iterate(v, func(x Value) (bool, error) { return true, s.Add(x) })
	return s, err
}

func stripWith(s string, a *Args, trim func(string, string) string, space func(string) string) string {
	if chars, ok := optStr(a, 0); ok {
		return trim(s, chars)
	}
	return space(s)
}

func trimLeftSpace(s string) string  { return strings.TrimLeftFunc(s, unicode.IsSpace) }
func trimRightSpace(s string) string { return strings.TrimRightFunc(s, unicode.IsSpace) }

func prefixTest(s string, a *Args, test func(string, string) bool) (Value, error) {
	if len(a.Pos) == 0 {
		return nil, typeError("startswith() takes at least 1 argument")
	}
	switch p := a.Pos[0].Value.(type) {
	case Str:
		return Bool(test(s, string(p))), nil
	case *Tuple:
		for _, it := range p.Items {
			if ps, ok := it.(Str); ok && test(s, string(ps)) {
				return Bool(true), nil
			}
		}
		return Bool(false), nil
	}
	return nil, typeError("startswith first arg must be str or a tuple of str")
}

func justify(s string, a *Args, align string) (Value, error) {
	if len(a.Pos) == 0 {
		return nil, typeError("justify needs a width")
	}
	n, _ := intOf(a.Pos[0].Value)
	fill := " "
	if f, ok := optStr(a, 1); ok {
		fill = f
	}
	fs := formatSpec{fill: []rune(fill)[0], align: align[0], width: int(n), prec: -1}
	return Str(pad(s, fs, false)), nil
}
