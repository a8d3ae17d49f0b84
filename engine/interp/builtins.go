package interp

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// arg helpers for builtins.

func want(a *Args, name string, min, max int) error {
	if len(a.Pos) < min {
		return typeError("%s() takes at least %d argument%s (%d given)", name, min, plural(min), len(a.Pos))
	}
	if max >= 0 && len(a.Pos) > max {
		return typeError("%s() takes at most %d argument%s (%d given)", name, max, plural(max), len(a.Pos))
	}
	return nil
}

func kwarg(a *Args, name string, def Value) Value {
	if k, ok := a.Kwarg(name); ok {
		return k.Value
	}
	return def
}

func newBuiltins(in *Interp) *Namespace {
	ns := NewNamespace()
	fn := func(name string, f func(in *Interp, a *Args) (Value, error)) {
		ns.Set(name, &Builtin{Name: name, Fn: f})
	}
	for name, cls := range exceptionClasses {
		ns.Set(name, cls)
	}
	for _, c := range []*Class{ObjectClass, TypeClass, BoolClass, IntClass, FloatClass, StrClass, BytesClass,
		ListClass, TupleClass, DictClass, SetClass, FrozenSetClass, PropertyClass, RangeClass, SliceClass} {
		ns.Set(c.Name, c)
	}
	ns.Set("NotImplemented", NotImplemented)
	ns.Set("Ellipsis", Ellipsis)
	ns.Set("__debug__", Bool(true))
	ns.Set("staticmethod", &Builtin{Name: "staticmethod", Fn: func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "staticmethod", 1, 1); err != nil {
			return nil, err
		}
		return &StaticMethod{Func: a.Pos[0].Value}, nil
	}})
	ns.Set("classmethod", &Builtin{Name: "classmethod", Fn: func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "classmethod", 1, 1); err != nil {
			return nil, err
		}
		return &ClassMethod{Func: a.Pos[0].Value}, nil
	}})
	fn("len", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "len", 1, 1); err != nil {
			return nil, err
		}
		n, err := in.Len(a.Pos[0].Value)
		return Int(n), err
	})
	fn("print", func(in *Interp, a *Args) (Value, error) {
		parts := make([]string, len(a.Pos))
		for i, p := range a.Pos {
			s, err := in.Str(p.Value)
			if err != nil {
				return nil, err
			}
			parts[i] = s
		}
		sep, end := " ", "\n"
		if v, ok := kwarg(a, "sep", None).(Str); ok {
			sep = string(v)
		}
		if v, ok := kwarg(a, "end", None).(Str); ok {
			end = string(v)
		}
		if in.opts.Stdout != nil && kwarg(a, "file", None) == None {
			fmt.Fprint(in.opts.Stdout, strings.Join(parts, sep)+end)
		}
		return None, nil
	})
	fn("isinstance", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "isinstance", 2, 2); err != nil {
			return nil, err
		}
		ok, err := in.IsInstance(a.Pos[0].Value, a.Pos[1].Value)
		return Bool(ok), err
	})
	fn("issubclass", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "issubclass", 2, 2); err != nil {
			return nil, err
		}
		c, ok := a.Pos[0].Value.(*Class)
		if !ok {
			return Bool(false), nil
		}
		ok, err := classMatches(in, c, a.Pos[1].Value)
		return Bool(ok), err
	})
	fn("getattr", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "getattr", 2, 3); err != nil {
			return nil, err
		}
		name, ok := a.Pos[1].Value.(Str)
		if !ok {
			return nil, typeError("attribute name must be string")
		}
		if len(a.Pos) == 3 {
			has, err := in.HasAttr(a.Pos[0].Value, string(name))
			if err != nil {
				return nil, err
			}
			if !has {
				return a.Pos[2].Value, nil
			}
		}
		v, err := in.getAttr(a.Pos[0].Value, string(name), a.Loc)
		if err != nil {
			return nil, err
		}
		if u, ok := v.(*Undefined); ok {
			return nil, undefinedError(u)
		}
		return v, nil
	})
	fn("setattr", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "setattr", 3, 3); err != nil {
			return nil, err
		}
		name, ok := a.Pos[1].Value.(Str)
		if !ok {
			return nil, typeError("attribute name must be string")
		}
		return None, in.SetAttr(a.Pos[0].Value, string(name), a.Pos[2].Value)
	})
	fn("hasattr", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "hasattr", 2, 2); err != nil {
			return nil, err
		}
		name, ok := a.Pos[1].Value.(Str)
		if !ok {
			return nil, typeError("attribute name must be string")
		}
		if o, ok := a.Pos[0].Value.(*Opaque); ok {
			return nil, Errorf(o.Loc, "cannot tell whether %s has an attribute '%s': it comes from outside the project, which Retort does not run", o.What, name)
		}
		ok, err := in.HasAttr(a.Pos[0].Value, string(name))
		return Bool(ok), err
	})
	fn("repr", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "repr", 1, 1); err != nil {
			return nil, err
		}
		s, err := in.Repr(a.Pos[0].Value)
		return Str(s), err
	})
	fn("format", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "format", 1, 2); err != nil {
			return nil, err
		}
		spec := ""
		if len(a.Pos) == 2 {
			s, _ := a.Pos[1].Value.(Str)
			spec = string(s)
		}
		s, err := in.Format(a.Pos[0].Value, spec)
		return Str(s), err
	})
	fn("abs", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "abs", 1, 1); err != nil {
			return nil, err
		}
		switch x := a.Pos[0].Value.(type) {
		case Int:
			if x < 0 {
				return -x, nil
			}
			return x, nil
		case Bool:
			return Int(boolInt(bool(x))), nil
		case Float:
			return Float(math.Abs(float64(x))), nil
		}
		return nil, typeError("bad operand type for abs(): '%s'", TypeOf(a.Pos[0].Value).Name)
	})
	fn("round", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "round", 1, 2); err != nil {
			return nil, err
		}
		f, ok := floatOf(a.Pos[0].Value)
		if !ok {
			return nil, typeError("type %s doesn't define __round__ method", TypeOf(a.Pos[0].Value).Name)
		}
		if len(a.Pos) == 1 || a.Pos[1].Value == None {
			return Int(int64(math.RoundToEven(f))), nil
		}
		n, _ := intOf(a.Pos[1].Value)
		p := math.Pow(10, float64(n))
		r := math.RoundToEven(f*p) / p
		if _, isInt := a.Pos[0].Value.(Int); isInt {
			return Int(int64(r)), nil
		}
		return Float(r), nil
	})
	fn("divmod", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "divmod", 2, 2); err != nil {
			return nil, err
		}
		q, err := in.BinaryOp("//", a.Pos[0].Value, a.Pos[1].Value)
		if err != nil {
			return nil, err
		}
		r, err := in.BinaryOp("%", a.Pos[0].Value, a.Pos[1].Value)
		return NewTuple(q, r), err
	})
	fn("pow", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "pow", 2, 2); err != nil {
			return nil, err
		}
		return in.BinaryOp("**", a.Pos[0].Value, a.Pos[1].Value)
	})
	fn("chr", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "chr", 1, 1); err != nil {
			return nil, err
		}
		n, ok := intOf(a.Pos[0].Value)
		if !ok || n < 0 || n > utf8.MaxRune {
			return nil, valueError("chr() arg not in range(0x110000)")
		}
		return Str(string(rune(n))), nil
	})
	fn("ord", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "ord", 1, 1); err != nil {
			return nil, err
		}
		s, ok := a.Pos[0].Value.(Str)
		if !ok || utf8.RuneCountInString(string(s)) != 1 {
			return nil, typeError("ord() expected a character")
		}
		r, _ := utf8.DecodeRuneInString(string(s))
		return Int(r), nil
	})
	fn("id", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "id", 1, 1); err != nil {
			return nil, err
		}
		return Int(int64(len(fmt.Sprintf("%p", a.Pos[0].Value)))), nil
	})
	fn("hash", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "hash", 1, 1); err != nil {
			return nil, err
		}
		k, err := hashKey(a.Pos[0].Value)
		if err != nil {
			return nil, err
		}
		h := int64(0)
		for _, c := range fmt.Sprint(k) {
			h = h*31 + int64(c)
		}
		return Int(h), nil
	})
	fn("callable", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "callable", 1, 1); err != nil {
			return nil, err
		}
		switch x := a.Pos[0].Value.(type) {
		case *Func, *Builtin, *Method, *Class, Callable, *Opaque:
			return Bool(true), nil
		case *Instance:
			_, _, ok := x.Class.Lookup("__call__")
			return Bool(ok), nil
		}
		return Bool(false), nil
	})
	fn("sorted", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "sorted", 1, 1); err != nil {
			return nil, err
		}
		items, err := in.List(a.Pos[0].Value)
		if err != nil {
			return nil, err
		}
		items = append([]Value(nil), items...)
		err = in.sortValues(items, kwarg(a, "key", None), kwarg(a, "reverse", Bool(false)))
		return NewList(items...), err
	})
	fn("reversed", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "reversed", 1, 1); err != nil {
			return nil, err
		}
		items, err := in.List(a.Pos[0].Value)
		if err != nil {
			return nil, err
		}
		out := make([]Value, len(items))
		for i, v := range items {
			out[len(items)-1-i] = v
		}
		return &Generator{items: out}, nil
	})
	fn("enumerate", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "enumerate", 1, 2); err != nil {
			return nil, err
		}
		start := int64(0)
		if len(a.Pos) == 2 {
			start, _ = intOf(a.Pos[1].Value)
		} else if s, ok := intOf(kwarg(a, "start", Int(0))); ok {
			start = s
		}
		items, err := in.List(a.Pos[0].Value)
		if err != nil {
			return nil, err
		}
		out := make([]Value, len(items))
		for i, v := range items {
			out[i] = NewTuple(Int(start+int64(i)), v)
		}
		return &Generator{items: out}, nil
	})
	fn("zip", func(in *Interp, a *Args) (Value, error) {
		var lists [][]Value
		n := -1
		for _, p := range a.Pos {
			items, err := in.List(p.Value)
			if err != nil {
				return nil, err
			}
			lists = append(lists, items)
			if n < 0 || len(items) < n {
				n = len(items)
			}
		}
		if n < 0 {
			n = 0
		}
		out := make([]Value, n)
		for i := range out {
			row := make([]Value, len(lists))
			for j := range lists {
				row[j] = lists[j][i]
			}
			out[i] = NewTuple(row...)
		}
		return &Generator{items: out}, nil
	})
	fn("map", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "map", 2, -1); err != nil {
			return nil, err
		}
		var lists [][]Value
		n := -1
		for _, p := range a.Pos[1:] {
			items, err := in.List(p.Value)
			if err != nil {
				return nil, err
			}
			lists = append(lists, items)
			if n < 0 || len(items) < n {
				n = len(items)
			}
		}
		out := make([]Value, 0, n)
		for i := 0; i < n; i++ {
			args := make([]Value, len(lists))
			for j := range lists {
				args[j] = lists[j][i]
			}
			v, err := in.call(a.Pos[0].Value, Values(args...))
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return &Generator{items: out}, nil
	})
	fn("filter", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "filter", 2, 2); err != nil {
			return nil, err
		}
		items, err := in.List(a.Pos[1].Value)
		if err != nil {
			return nil, err
		}
		var out []Value
		for _, v := range items {
			keep := v
			if a.Pos[0].Value != None {
				if keep, err = in.call(a.Pos[0].Value, Values(v)); err != nil {
					return nil, err
				}
			}
			b, err := in.Truth(keep)
			if err != nil {
				return nil, err
			}
			if b {
				out = append(out, v)
			}
		}
		return &Generator{items: out}, nil
	})
	minmax := func(name string, sign int) func(in *Interp, a *Args) (Value, error) {
		return func(in *Interp, a *Args) (Value, error) {
			if err := want(a, name, 1, -1); err != nil {
				return nil, err
			}
			items := []Value{}
			if len(a.Pos) == 1 {
				var err error
				if items, err = in.List(a.Pos[0].Value); err != nil {
					return nil, err
				}
			} else {
				for _, p := range a.Pos {
					items = append(items, p.Value)
				}
			}
			if len(items) == 0 {
				if d, ok := a.Kwarg("default"); ok {
					return d.Value, nil
				}
				return nil, valueError("%s() arg is an empty sequence", name)
			}
			key := kwarg(a, "key", None)
			best := items[0]
			bestKey := best
			if key != None {
				var err error
				if bestKey, err = in.call(key, Values(best)); err != nil {
					return nil, err
				}
			}
			for _, v := range items[1:] {
				k := v
				if key != None {
					var err error
					if k, err = in.call(key, Values(v)); err != nil {
						return nil, err
					}
				}
				c, err := in.order(k, bestKey)
				if err != nil {
					return nil, typeError("'<' not supported between instances of '%s' and '%s'", TypeOf(k).Name, TypeOf(bestKey).Name)
				}
				if c*sign > 0 {
					best, bestKey = v, k
				}
			}
			return best, nil
		}
	}
	fn("min", minmax("min", -1))
	fn("max", minmax("max", 1))
	fn("sum", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "sum", 1, 2); err != nil {
			return nil, err
		}
		var acc Value = Int(0)
		if len(a.Pos) == 2 {
			acc = a.Pos[1].Value
		} else if s, ok := a.Kwarg("start"); ok {
			acc = s.Value
		}
		err := in.Iterate(a.Pos[0].Value, func(v Value) (bool, error) {
			var err error
			acc, err = in.BinaryOp("+", acc, v)
			return true, err
		})
		return acc, err
	})
	anyAll := func(name string, all bool) func(in *Interp, a *Args) (Value, error) {
		return func(in *Interp, a *Args) (Value, error) {
			if err := want(a, name, 1, 1); err != nil {
				return nil, err
			}
			result := all
			err := in.Iterate(a.Pos[0].Value, func(v Value) (bool, error) {
				b, err := in.Truth(v)
				if err != nil {
					return false, err
				}
				if b != all {
					result = !all
					return false, nil
				}
				return true, nil
			})
			return Bool(result), err
		}
	}
	fn("any", anyAll("any", false))
	fn("all", anyAll("all", true))
	fn("iter", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "iter", 1, 1); err != nil {
			return nil, err
		}
		if g, ok := a.Pos[0].Value.(*Generator); ok {
			return g, nil
		}
		items, err := in.List(a.Pos[0].Value)
		return &Generator{items: items}, err
	})
	fn("next", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "next", 1, 2); err != nil {
			return nil, err
		}
		g, ok := a.Pos[0].Value.(*Generator)
		if !ok {
			return nil, typeError("'%s' object is not an iterator", TypeOf(a.Pos[0].Value).Name)
		}
		if g.pos < len(g.items) {
			g.pos++
			return g.items[g.pos-1], nil
		}
		if len(a.Pos) == 2 {
			return a.Pos[1].Value, nil
		}
		return nil, &Exception{Class: exceptionClasses["StopIteration"]}
	})
	fn("vars", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "vars", 1, 1); err != nil {
			return nil, err
		}
		return in.getAttr(a.Pos[0].Value, "__dict__", a.Loc)
	})
	fn("dir", func(in *Interp, a *Args) (Value, error) {
		var names []string
		if len(a.Pos) == 1 {
			switch x := a.Pos[0].Value.(type) {
			case *Module:
				names = append(names, x.Dict.Names()...)
			case *Class:
				for _, k := range x.MRO {
					names = append(names, k.Dict.Names()...)
				}
			case *Instance:
				names = append(names, x.Dict.Names()...)
				for _, k := range x.Class.MRO {
					names = append(names, k.Dict.Names()...)
				}
			}
		}
		sort.Strings(names)
		out := make([]Value, 0, len(names))
		for i, n := range names {
			if i == 0 || names[i-1] != n {
				out = append(out, Str(n))
			}
		}
		return NewList(out...), nil
	})
	fn("super", func(in *Interp, a *Args) (Value, error) {
		return in.super(a)
	})
	fn("property", func(in *Interp, a *Args) (Value, error) {
		p := &Property{}
		if len(a.Pos) > 0 {
			p.Get = a.Pos[0].Value
		}
		if len(a.Pos) > 1 {
			p.Set = a.Pos[1].Value
		}
		if v, ok := a.Kwarg("fget"); ok {
			p.Get = v.Value
		}
		if v, ok := a.Kwarg("fset"); ok {
			p.Set = v.Value
		}
		return p, nil
	})
	fn("globals", func(in *Interp, a *Args) (Value, error) {
		return nil, Errorf(a.Loc, "Retort does not run globals()")
	})
	fn("locals", func(in *Interp, a *Args) (Value, error) {
		return nil, Errorf(a.Loc, "Retort does not run locals()")
	})
	for _, name := range []string{"exec", "eval", "compile", "input", "breakpoint", "__import__", "memoryview"} {
		name := name
		fn(name, func(in *Interp, a *Args) (Value, error) {
			return nil, Errorf(a.Loc, "Retort does not run %s()", name)
		})
	}
	fn("open", func(in *Interp, a *Args) (Value, error) {
		return nil, withLoc(NewError("OSError", "Retort does not open files from Python code (open() in a models file or script)"), a.Loc)
	})
	for _, name := range []string{"exit", "quit"} {
		fn(name, func(in *Interp, a *Args) (Value, error) {
			return nil, &Exception{Class: exceptionClasses["SystemExit"], Args: []Value{Str("exit() called")}, Plain: true}
		})
	}
	setTypeConstructors()
	return ns
}

// IsInstance is isinstance(v, cls) (cls may be a tuple of classes).
func (in *Interp) IsInstance(v, cls Value) (bool, error) {
	if err := in.use(v, Loc{}); err != nil {
		return false, err
	}
	if _, ok := v.(*Opaque); ok {
		if _, isOpaqueClass := cls.(*Opaque); isOpaqueClass {
			return false, Errorf(cls.(*Opaque).Loc, "cannot tell whether an outside object is an instance of %s", cls.(*Opaque).What)
		}
		return false, nil
	}
	return classMatches(in, TypeOf(v), cls)
}

func classMatches(in *Interp, c *Class, cls Value) (bool, error) {
	switch t := cls.(type) {
	case *Class:
		if t == IntClass && c == BoolClass {
			return true, nil
		}
		return c.IsSubclass(t), nil
	case *Tuple:
		for _, it := range t.Items {
			if ok, err := classMatches(in, c, it); ok || err != nil {
				return ok, err
			}
		}
		return false, nil
	case *Union:
		for _, it := range t.Members {
			if ok, err := classMatches(in, c, it); ok || err != nil {
				return ok, err
			}
		}
		return false, nil
	case *Opaque:
		return c.IsSubclass(in.opaqueBase(t)), nil
	case NoneType:
		return c == NoneClass, nil
	case *Undefined:
		return false, undefinedError(t)
	case Poison:
		return false, errReported
	}
	return false, typeError("isinstance() arg 2 must be a type, a tuple of types, or a union")
}

// sortValues sorts in place, with an optional key function.
func (in *Interp) sortValues(items []Value, key, reverse Value) error {
	keys := items
	if key != None && key != nil {
		keys = make([]Value, len(items))
		for i, v := range items {
			k, err := in.call(key, Values(v))
			if err != nil {
				return err
			}
			keys[i] = k
		}
	}
	rev, _ := in.Truth(reverse)
	idx := make([]int, len(items))
	for i := range idx {
		idx[i] = i
	}
	var sortErr error
	sort.SliceStable(idx, func(i, j int) bool {
		if sortErr != nil {
			return false
		}
		c, err := in.order(keys[idx[i]], keys[idx[j]])
		if err != nil {
			sortErr = typeError("'<' not supported between instances of '%s' and '%s'", TypeOf(keys[idx[i]]).Name, TypeOf(keys[idx[j]]).Name)
			return false
		}
		if rev {
			return c > 0
		}
		return c < 0
	})
	if sortErr != nil {
		return sortErr
	}
	out := make([]Value, len(items))
	for i, j := range idx {
		out[i] = items[j]
	}
	copy(items, out)
	return nil
}

// Range is range().
type Range struct{ Start, Stop, Step int64 }

// PyClass implements Object.
func (r *Range) PyClass() *Class { return RangeClass }

// Iter implements Iterable.
func (r *Range) Iter(in *Interp, yield func(Value) (bool, error)) error {
	for i := r.Start; (r.Step > 0 && i < r.Stop) || (r.Step < 0 && i > r.Stop); i += r.Step {
		if ok, err := yield(Int(i)); err != nil || !ok {
			return err
		}
		if err := in.step(); err != nil {
			return err
		}
	}
	return nil
}

// Len implements Lenner.
func (r *Range) Len(in *Interp) (int, error) {
	if r.Step > 0 && r.Stop > r.Start {
		return int((r.Stop - r.Start + r.Step - 1) / r.Step), nil
	}
	if r.Step < 0 && r.Stop < r.Start {
		return int((r.Start - r.Stop - r.Step - 1) / -r.Step), nil
	}
	return 0, nil
}

// GetItem implements Indexable.
func (r *Range) GetItem(in *Interp, key Value, at Loc) (Value, error) {
	n, _ := r.Len(in)
	i, err := in.index(key, n)
	if err != nil {
		return nil, err
	}
	return Int(r.Start + int64(i)*r.Step), nil
}

// Super is super()'s proxy.
type Super struct {
	cls  *Class // look after this class in self's MRO
	self Value
}

// PyClass implements Object.
func (s *Super) PyClass() *Class { return superClass }

var superClass = NewClass("super", "builtins", nil)

// GetAttr implements Attrs.
func (s *Super) GetAttr(in *Interp, name string) (Value, error) {
	var mro []*Class
	switch o := s.self.(type) {
	case *Class:
		mro = o.MRO
	default:
		mro = TypeOf(o).MRO
	}
	after := false
	for _, k := range mro {
		if after {
			if v, ok := k.Dict.Get(name); ok {
				if cm, ok := v.(*ClassMethod); ok {
					self := s.self
					if _, isCls := self.(*Class); !isCls {
						self = TypeOf(self)
					}
					return &Method{Self: self, Func: cm.Func}, nil
				}
				if _, isCls := s.self.(*Class); isCls {
					return v, nil
				}
				return bindAttr(v, s.self, k)
			}
			if k == BaseExceptionClass && name == "__init__" {
				return &Builtin{Name: "__init__", Fn: func(in *Interp, a *Args) (Value, error) {
					if e, ok := s.self.(*Exception); ok {
						e.Args = nil
						for _, p := range a.Pos {
							e.Args = append(e.Args, p.Value)
						}
					}
					return None, nil
				}}, nil
			}
			if k.Opaque {
				return &Opaque{What: "super()." + name}, nil
			}
			if k == ObjectClass {
				switch name {
				case "__init__", "__init_subclass__":
					return &Builtin{Name: name, Fn: func(in *Interp, a *Args) (Value, error) { return None, nil }}, nil
				}
			}
		}
		if k == s.cls {
			after = true
		}
	}
	return nil, attributeError("'super' object has no attribute '%s'", name)
}

// super implements super(): with no arguments, the class the running method
// is defined in and its first argument.
func (in *Interp) super(a *Args) (Value, error) {
	if len(a.Pos) == 2 {
		c, ok := a.Pos[0].Value.(*Class)
		if !ok {
			return nil, typeError("super() argument 1 must be a type")
		}
		return &Super{cls: c, self: a.Pos[1].Value}, nil
	}
	f := in.top
	if f == nil || f.fn == nil || f.fn.Class == nil || f.fn.Def == nil || len(f.fn.Params) == 0 {
		return nil, NewError("RuntimeError", "super(): no arguments")
	}
	self, ok := f.locals.Get(f.fn.Params[0].Name.Id)
	if !ok {
		return nil, NewError("RuntimeError", "super(): arg[0] deleted")
	}
	return &Super{cls: f.fn.Class, self: self}, nil
}

// setTypeConstructors gives the built-in classes their constructors.
func setTypeConstructors() {
	if IntClass.Native != nil {
		return
	}
	IntClass.Native = &Native{New: func(in *Interp, cls *Class, a *Args) (Value, error) {
		if len(a.Pos) == 0 {
			return Int(0), nil
		}
		switch x := a.Pos[0].Value.(type) {
		case Int:
			return x, nil
		case Bool:
			return Int(boolInt(bool(x))), nil
		case Float:
			return Int(int64(x)), nil
		case Str:
			base := 10
			if len(a.Pos) > 1 {
				b, _ := intOf(a.Pos[1].Value)
				base = int(b)
			}
			n, err := strconv.ParseInt(strings.ReplaceAll(strings.TrimSpace(string(x)), "_", ""), base, 64)
			if err != nil {
				return nil, valueError("invalid literal for int() with base %d: %s", base, quote(string(x)))
			}
			return Int(n), nil
		case *Instance:
			if m, _, ok := x.Class.Lookup("__int__"); ok {
				return in.call(&Method{Self: x, Func: m}, &Args{})
			}
		}
		return nil, typeError("int() argument must be a string or a number, not '%s'", TypeOf(a.Pos[0].Value).Name)
	}}
	FloatClass.Native = &Native{New: func(in *Interp, cls *Class, a *Args) (Value, error) {
		if len(a.Pos) == 0 {
			return Float(0), nil
		}
		if f, ok := floatOf(a.Pos[0].Value); ok {
			return Float(f), nil
		}
		if s, ok := a.Pos[0].Value.(Str); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(string(s)), 64)
			if err != nil {
				return nil, valueError("could not convert string to float: %s", quote(string(s)))
			}
			return Float(f), nil
		}
		return nil, typeError("float() argument must be a string or a number, not '%s'", TypeOf(a.Pos[0].Value).Name)
	}}
	BoolClass.Native = &Native{New: func(in *Interp, cls *Class, a *Args) (Value, error) {
		if len(a.Pos) == 0 {
			return Bool(false), nil
		}
		b, err := in.Truth(a.Pos[0].Value)
		return Bool(b), err
	}}
	StrClass.Native = &Native{New: func(in *Interp, cls *Class, a *Args) (Value, error) {
		if len(a.Pos) == 0 {
			return Str(""), nil
		}
		if b, ok := a.Pos[0].Value.(Bytes); ok && len(a.Pos) > 1 {
			return Str(b), nil
		}
		s, err := in.Str(a.Pos[0].Value)
		return Str(s), err
	}}
	BytesClass.Native = &Native{New: func(in *Interp, cls *Class, a *Args) (Value, error) {
		if len(a.Pos) == 0 {
			return Bytes(""), nil
		}
		switch x := a.Pos[0].Value.(type) {
		case Str:
			return Bytes(x), nil
		case Bytes:
			return x, nil
		}
		items, err := in.List(a.Pos[0].Value)
		if err != nil {
			return nil, err
		}
		b := make([]byte, len(items))
		for i, it := range items {
			n, _ := intOf(it)
			b[i] = byte(n)
		}
		return Bytes(b), nil
	}}
	ListClass.Native = &Native{New: func(in *Interp, cls *Class, a *Args) (Value, error) {
		if len(a.Pos) == 0 {
			return NewList(), nil
		}
		items, err := in.List(a.Pos[0].Value)
		return NewList(append([]Value(nil), items...)...), err
	}}
	TupleClass.Native = &Native{New: func(in *Interp, cls *Class, a *Args) (Value, error) {
		if len(a.Pos) == 0 {
			return NewTuple(), nil
		}
		items, err := in.List(a.Pos[0].Value)
		return NewTuple(append([]Value(nil), items...)...), err
	}}
	newSet := func(frozen bool) func(in *Interp, cls *Class, a *Args) (Value, error) {
		return func(in *Interp, cls *Class, a *Args) (Value, error) {
			s := NewSet()
			s.Frozen = frozen
			if len(a.Pos) > 0 {
				if err := in.Iterate(a.Pos[0].Value, func(v Value) (bool, error) { return true, s.Add(v) }); err != nil {
					return nil, err
				}
			}
			return s, nil
		}
	}
	SetClass.Native = &Native{New: newSet(false)}
	FrozenSetClass.Native = &Native{New: newSet(true)}
	DictClass.Native = &Native{New: func(in *Interp, cls *Class, a *Args) (Value, error) {
		d := NewDict()
		if len(a.Pos) > 0 {
			if err := in.dictUpdate(d, a.Pos[0].Value); err != nil {
				return nil, err
			}
		}
		for _, kw := range a.Kw {
			d.SetStr(kw.Name, kw.Value)
		}
		return d, nil
	}}
	RangeClass.Native = &Native{New: func(in *Interp, cls *Class, a *Args) (Value, error) {
		if err := want(a, "range", 1, 3); err != nil {
			return nil, err
		}
		var n [3]int64
		for i, p := range a.Pos {
			v, ok := intOf(p.Value)
			if !ok {
				return nil, typeError("'%s' object cannot be interpreted as an integer", TypeOf(p.Value).Name)
			}
			n[i] = v
		}
		r := &Range{Step: 1}
		switch len(a.Pos) {
		case 1:
			r.Stop = n[0]
		case 2:
			r.Start, r.Stop = n[0], n[1]
		case 3:
			r.Start, r.Stop, r.Step = n[0], n[1], n[2]
			if r.Step == 0 {
				return nil, valueError("range() arg 3 must not be zero")
			}
		}
		return r, nil
	}}
	ObjectClass.Native = &Native{New: func(in *Interp, cls *Class, a *Args) (Value, error) {
		obj := &Instance{Class: cls, Dict: NewNamespace()}
		if init, owner, ok := cls.Lookup("__init__"); ok && owner != ObjectClass {
			if _, err := in.call(&Method{Self: obj, Func: init}, a); err != nil {
				return nil, err
			}
		} else if cls != ObjectClass && (len(a.Pos) > 0 || len(a.Kw) > 0) && !cls.opaqueBase() {
			return nil, typeError("%s() takes no arguments", cls.Name)
		}
		return obj, nil
	}}
	SliceClass.Native = &Native{New: func(in *Interp, cls *Class, a *Args) (Value, error) {
		s := &Slice{Lo: None, Hi: None, Step: None}
		switch len(a.Pos) {
		case 1:
			s.Hi = a.Pos[0].Value
		case 2:
			s.Lo, s.Hi = a.Pos[0].Value, a.Pos[1].Value
		case 3:
			s.Lo, s.Hi, s.Step = a.Pos[0].Value, a.Pos[1].Value, a.Pos[2].Value
		}
		return s, nil
	}}
	PropertyClass.Native = &Native{New: func(in *Interp, cls *Class, a *Args) (Value, error) {
		p := &Property{}
		if len(a.Pos) > 0 {
			p.Get = a.Pos[0].Value
		}
		if len(a.Pos) > 1 {
			p.Set = a.Pos[1].Value
		}
		return p, nil
	}}
}

// dictUpdate adds a mapping's or an iterable of pairs' items to d.
func (in *Interp) dictUpdate(d *Dict, src Value) error {
	switch s := src.(type) {
	case *Dict:
		for i, k := range s.Keys() {
			if err := d.Set(k, s.Values()[i]); err != nil {
				return err
			}
		}
		return nil
	case *Opaque:
		return Errorf(s.Loc, "cannot read the items of %s: it comes from outside the project, which Retort does not run", s.What)
	}
	if _, ok := src.(*Instance); ok {
		if has, _ := in.HasAttr(src, "keys"); has {
			return in.mergeInto(d, src)
		}
	}
	return in.Iterate(src, func(pair Value) (bool, error) {
		items, err := in.List(pair)
		if err != nil {
			return false, err
		}
		if len(items) != 2 {
			return false, valueError("dictionary update sequence element has length %d; 2 is required", len(items))
		}
		return true, d.Set(items[0], items[1])
	})
}
