package interp

import (
	"fmt"
	"strings"

	"retort/engine/python"
)

// evalCall evaluates a call expression: the callee, then the arguments in
// order, *args and **kwargs spread.
func (in *Interp) evalCall(f *frame, e *python.Call) (Value, error) {
	fn, err := in.eval(f, e.Func)
	if err != nil {
		return nil, err
	}
	a := &Args{Loc: f.loc(e), Func: f.loc(e.Func)}
	// One array for both lists, each capped to its own part (a spread
	// *args or **kwargs appends past it into an array of its own): a model's
	// Column(String(50), nullable=False, index=True) took three allocations
	// of its keywords (80 bytes an Arg, the list grown 1, 2, 4) and one of
	// its positional arguments.
	if np, nk := len(e.Args), len(e.Keywords); np+nk > 0 {
		args := make([]Arg, 0, np+nk)
		if np > 0 {
			a.Pos = args[:0:np]
		}
		if nk > 0 {
			a.Kw = args[np : np : np+nk]
		}
	}
	for _, x := range e.Args {
		if st, ok := x.(*python.Starred); ok {
			v, err := in.eval(f, st.X)
			if err != nil {
				return nil, err
			}
			at := f.loc(st)
			if err := in.Iterate(v, func(it Value) (bool, error) {
				a.Pos = append(a.Pos, Arg{Value: it, Loc: at})
				return true, nil
			}); err != nil {
				return nil, withLoc(err, at)
			}
			continue
		}
		v, err := in.eval(f, x)
		if err != nil {
			return nil, err
		}
		a.Pos = append(a.Pos, Arg{Value: v, Loc: f.loc(x)})
	}
	for _, kw := range e.Keywords {
		v, err := in.eval(f, kw.Value)
		if err != nil {
			return nil, err
		}
		if kw.Name == nil {
			at := f.loc(kw)
			d := NewDict()
			if err := in.mergeInto(d, v); err != nil {
				return nil, withLoc(err, at)
			}
			for i, k := range d.Keys() {
				ks, ok := k.(Str)
				if !ok {
					return nil, withLoc(typeError("keywords must be strings"), at)
				}
				a.Kw = append(a.Kw, Arg{Name: string(ks), Value: d.Values()[i], Loc: at, NameLoc: at})
			}
			continue
		}
		a.Kw = append(a.Kw, Arg{Name: kw.Name.Id, Value: v, Loc: f.loc(kw.Value), NameLoc: f.loc(kw.Name)})
	}
	v, err := in.call(fn, a)
	if err != nil {
		return nil, withLoc(err, a.Loc)
	}
	return v, nil
}

// call calls fn.
func (in *Interp) call(fn Value, a *Args) (Value, error) {
	if err := in.step(); err != nil {
		return nil, err
	}
	if err := in.enter(); err != nil {
		return nil, err
	}
	defer in.leave()
	switch fn := fn.(type) {
	case *Func:
		return in.callFunc(fn, nil, a)
	case *Method:
		if pf, ok := fn.Func.(*Func); ok {
			return in.callFunc(pf, fn.Self, a)
		}
		pos := make([]Arg, 0, len(a.Pos)+1)
		pos = append(pos, Arg{Value: fn.Self})
		pos = append(pos, a.Pos...)
		na := *a
		na.Pos = pos
		return in.call(fn.Func, &na)
	case *Class:
		return in.instantiate(fn, a)
	case Callable:
		return fn.Call(in, a)
	case *Opaque:
		return &Opaque{What: fn.What + "()", Loc: a.Loc}, nil
	case *Undefined:
		// Calling a missing name gives the same missing name: the library
		// that receives Strng(50) reports it in its words, as it would Strng.
		return fn, nil
	case Poison:
		return nil, errReported
	case *Instance:
		if m, err := in.getAttr(fn, "__call__", a.Func); err == nil {
			return in.call(m, a)
		}
	}
	return nil, withLoc(typeError("'%s' object is not callable", TypeOf(fn).Name), a.Func)
}

// instantiate calls a class.
func (in *Interp) instantiate(c *Class, a *Args) (Value, error) {
	if c == TypeClass && len(a.Pos) == 1 && len(a.Kw) == 0 {
		return TypeOf(a.Pos[0].Value), nil
	}
	if nat := c.native(func(n *Native) bool { return n.New != nil }); nat != nil {
		return nat.New(in, c, a)
	}
	if c.opaqueBase() {
		// A class deriving from an outside one: its constructor is not
		// Retort's to run. The object still has the class's attributes.
		obj := &Instance{Class: c, Dict: NewNamespace()}
		return obj, nil
	}
	obj := &Instance{Class: c, Dict: NewNamespace()}
	if init, _, ok := c.Lookup("__init__"); ok {
		if _, err := in.call(&Method{Self: obj, Func: init}, a); err != nil {
			return nil, err
		}
	} else if len(a.Pos) > 0 || len(a.Kw) > 0 {
		return nil, typeError("%s() takes no arguments", c.Name)
	}
	return obj, nil
}

// makeFunc makes the function a def statement defines.
func (in *Interp) makeFunc(f *frame, s *python.FuncDef) (*Func, error) {
	fn := &Func{
		Name: s.Name.Id, Def: s, Params: s.Params, Module: f.mod, Async: s.Async,
		Loc: f.loc(s.Name), Dict: NewNamespace(),
	}
	fn.Qualname = fn.Name
	if f.class != nil {
		fn.Qualname = f.class.Name + "." + fn.Name
		fn.Class = f.class
	}
	if err := in.setDefaults(f, fn); err != nil {
		return nil, err
	}
	fn.Closure = closureOf(f)
	scanLocals(fn, s.Params, s.Body)
	return fn, nil
}

// closureOf is the frame a function made in f sees names of: f itself,
// unless f is a class body (methods do not see the class's names).
func closureOf(f *frame) *frame {
	for f != nil && f.class != nil {
		f = f.parent
	}
	if f != nil && f.fn == nil {
		return nil // module level: globals are the module's dict
	}
	return f
}

func (in *Interp) makeLambda(f *frame, e *python.Lambda) (*Func, error) {
	fn := &Func{Name: "<lambda>", Qualname: "<lambda>", Lambda: e, Params: e.Params, Module: f.mod, Loc: f.loc(e), Dict: NewNamespace()}
	if err := in.setDefaults(f, fn); err != nil {
		return nil, err
	}
	fn.Closure = closureOf(f)
	fn.locals = map[string]bool{}
	for _, p := range e.Params {
		if p.Name != nil {
			fn.locals[p.Name.Id] = true
		}
	}
	return fn, nil
}

func (in *Interp) setDefaults(f *frame, fn *Func) error {
	for _, p := range fn.Params {
		if p.Default == nil {
			continue
		}
		v, err := in.eval(f, p.Default)
		if err != nil {
			return err
		}
		if fn.Defaults == nil {
			fn.Defaults = map[*python.Param]Value{}
		}
		fn.Defaults[p] = v
	}
	return nil
}

// scanLocals finds the names a function body binds (its locals), the ones
// it declares global or nonlocal, and whether it yields.
func scanLocals(fn *Func, params []*python.Param, body []python.Stmt) {
	fn.locals = map[string]bool{}
	for _, p := range params {
		if p.Name != nil {
			fn.locals[p.Name.Id] = true
		}
	}
	target := func(x python.Expr) { targetNames(x, func(name string) { fn.locals[name] = true }) }
	var walkExpr func(x python.Expr)
	walkExpr = func(x python.Expr) {
		python.Inspect(x, func(n python.Node) bool {
			switch n := n.(type) {
			case *python.Lambda, *python.Comprehension:
				return false
			case *python.NamedExpr:
				fn.locals[n.Target.Id] = true
			case *python.Yield:
				fn.Generator = true
			}
			return true
		})
	}
	var walk func(list []python.Stmt)
	walk = func(list []python.Stmt) {
		for _, st := range list {
			switch s := st.(type) {
			case *python.Assign:
				for _, t := range s.Targets {
					target(t)
				}
				if s.Value != nil {
					walkExpr(s.Value)
				}
			case *python.AugAssign:
				target(s.Target)
				walkExpr(s.Value)
			case *python.For:
				target(s.Target)
				walkExpr(s.Iter)
				walk(s.Body)
				walk(s.Else)
			case *python.While:
				walkExpr(s.Test)
				walk(s.Body)
				walk(s.Else)
			case *python.If:
				walkExpr(s.Test)
				walk(s.Body)
				walk(s.Else)
			case *python.With:
				for _, it := range s.Items {
					walkExpr(it.Expr)
					if it.As != nil {
						target(it.As)
					}
				}
				walk(s.Body)
			case *python.Try:
				walk(s.Body)
				for _, h := range s.Handlers {
					if h.Name != nil {
						fn.locals[h.Name.Id] = true
					}
					walk(h.Body)
				}
				walk(s.Else)
				walk(s.Finally)
			case *python.FuncDef:
				fn.locals[s.Name.Id] = true
			case *python.ClassDef:
				fn.locals[s.Name.Id] = true
			case *python.Import:
				for _, al := range s.Names {
					if al.As != nil {
						fn.locals[al.As.Id] = true
					} else {
						top, _, _ := cutDot(al.Name)
						fn.locals[top] = true
					}
				}
			case *python.ImportFrom:
				for _, al := range s.Names {
					if al.As != nil {
						fn.locals[al.As.Id] = true
					} else if al.Name != "*" {
						fn.locals[al.Name] = true
					}
				}
			case *python.Global:
				if fn.globals == nil {
					fn.globals = map[string]bool{}
				}
				for _, n := range s.Names {
					fn.globals[n.Id] = true
				}
			case *python.Nonlocal:
				if fn.nonlocals == nil {
					fn.nonlocals = map[string]bool{}
				}
				for _, n := range s.Names {
					fn.nonlocals[n.Id] = true
				}
			case *python.ExprStmt:
				walkExpr(s.X)
			case *python.Return:
				if s.Value != nil {
					walkExpr(s.Value)
				}
			case *python.Delete:
				for _, t := range s.Targets {
					target(t)
				}
			}
		}
	}
	walk(body)
	for n := range fn.globals {
		delete(fn.locals, n)
	}
	for n := range fn.nonlocals {
		delete(fn.locals, n)
	}
}

// decorate applies decorators, innermost (last written) first.
func (in *Interp) decorate(f *frame, decorators []python.Expr, v Value) (Value, error) {
	for i := len(decorators) - 1; i >= 0; i-- {
		d, err := in.eval(f, decorators[i])
		if err != nil {
			return nil, err
		}
		at := f.loc(decorators[i])
		if v, err = in.call(d, &Args{Pos: []Arg{{Value: v, Loc: at}}, Loc: at, Func: at}); err != nil {
			return nil, withLoc(err, at)
		}
	}
	return v, nil
}

// callFunc runs a Python function.
func (in *Interp) callFunc(fn *Func, self Value, a *Args) (Value, error) {
	if fn.Generator {
		return nil, withLoc(Errorf(fn.Loc, "Retort does not run generator functions ('yield' in %s())", fn.Name), fn.Loc)
	}
	locals := NewNamespace()
	if err := bindParams(fn, self, a, locals); err != nil {
		return nil, withLoc(err, a.Loc)
	}
	f := &frame{mod: fn.Module, file: fn.Module.File, fn: fn, locals: locals, parent: fn.Closure}
	if fn.Async {
		return &Coroutine{run: func() (Value, error) { return in.runFunc(f, fn) }, name: fn.Name}, nil
	}
	return in.runFunc(f, fn)
}

func (in *Interp) runFunc(f *frame, fn *Func) (Value, error) {
	prev := in.top
	in.top = f
	defer func() { in.top = prev }()
	if fn.Lambda != nil {
		v, err := in.eval(f, fn.Lambda.Body)
		if err != nil {
			return nil, traced(err, fn.Loc)
		}
		return v, nil
	}
	c, err := in.block(f, fn.Def.Body)
	if err != nil {
		return nil, traced(err, fn.Loc)
	}
	if c == ctrlReturn {
		return f.ret, nil
	}
	return None, nil
}

// traced records that an exception came out of a call.
func traced(err error, at Loc) error {
	if e, ok := err.(*Exception); ok && e != errReported {
		e.Trace = append(e.Trace, at)
	}
	return err
}

// bindParams binds a call's arguments to a function's parameters.
func bindParams(fn *Func, self Value, a *Args, locals *Namespace) error {
	pos := a.Pos
	if self != nil {
		pos = append([]Arg{{Value: self}}, pos...)
	}
	var (
		star, starstar *python.Param
		kwOnly         bool
		named          []*python.Param
	)
	posCount := 0
	for _, p := range fn.Params {
		switch {
		case p.Star == "*" && p.Name != nil:
			star = p
			kwOnly = true
		case p.Star == "*":
			kwOnly = true
		case p.Star == "**":
			starstar = p
		case p.Star == "/":
		default:
			named = append(named, p)
			if !kwOnly {
				posCount++
			}
		}
	}
	i := 0
	for ; i < len(pos) && i < posCount; i++ {
		locals.Set(named[i].Name.Id, pos[i].Value)
	}
	if i < len(pos) {
		if star == nil {
			return typeError("%s() takes %d positional argument%s but %d %s given", fn.Name, posCount, plural(posCount), len(pos), wasWere(len(pos)))
		}
		rest := make([]Value, 0, len(pos)-i)
		for ; i < len(pos); i++ {
			rest = append(rest, pos[i].Value)
		}
		locals.Set(star.Name.Id, NewTuple(rest...))
	} else if star != nil {
		locals.Set(star.Name.Id, NewTuple())
	}
	var extra *Dict
	if starstar != nil {
		extra = NewDict()
		locals.Set(starstar.Name.Id, extra)
	}
	for _, kw := range a.Kw {
		found := false
		for j, p := range named {
			if p.Name.Id == kw.Name {
				if j < len(pos) && j < posCount {
					return typeError("%s() got multiple values for argument '%s'", fn.Name, kw.Name)
				}
				locals.Set(kw.Name, kw.Value)
				found = true
				break
			}
		}
		if found {
			continue
		}
		if extra == nil {
			return typeError("%s() got an unexpected keyword argument '%s'%s", fn.Name, kw.Name, didYouMean(kw.Name, paramNames(named)))
		}
		extra.SetStr(kw.Name, kw.Value)
	}
	var missing []string
	for _, p := range named {
		if _, ok := locals.Get(p.Name.Id); ok {
			continue
		}
		if d, ok := fn.Defaults[p]; ok {
			locals.Set(p.Name.Id, d)
			continue
		}
		missing = append(missing, "'"+p.Name.Id+"'")
	}
	if len(missing) > 0 {
		return typeError("%s() missing %d required argument%s: %s", fn.Name, len(missing), plural(len(missing)), joinAnd(missing))
	}
	return nil
}

func paramNames(ps []*python.Param) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Name.Id
	}
	return out
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func wasWere(n int) string {
	if n == 1 {
		return "was"
	}
	return "were"
}

func joinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// evalComprehension evaluates a list, set or dict comprehension or a
// generator expression (eagerly, into a list).
func (in *Interp) evalComprehension(f *frame, e *python.Comprehension) (Value, error) {
	// The comprehension's own scope: its targets do not leak.
	inner := &frame{mod: f.mod, file: f.file, fn: &Func{Name: "<" + e.Kind + "comp>", locals: map[string]bool{}}, locals: NewNamespace(), parent: f, tries: f.tries}
	if f.class != nil {
		inner.parent = f // a class body's comprehension sees its names (a simplification)
	}
	for _, c := range e.Fors {
		collectTargets(c.Target, inner.fn.locals)
	}
	var items []Value
	d := NewDict()
	var loop func(i int, fr *frame) error
	loop = func(i int, fr *frame) error {
		if i == len(e.Fors) {
			if e.Kind == "dict" {
				k, err := in.eval(fr, e.Key)
				if err != nil {
					return err
				}
				v, err := in.eval(fr, e.Value)
				if err != nil {
					return err
				}
				return withLoc(d.Set(k, v), fr.loc(e.Key))
			}
			v, err := in.eval(fr, e.Elt)
			if err != nil {
				return err
			}
			items = append(items, v)
			return nil
		}
		c := e.Fors[i]
		src := fr
		if i == 0 {
			src = f // the first iterable is evaluated in the enclosing scope
		}
		it, err := in.eval(src, c.Iter)
		if err != nil {
			return err
		}
		return withLoc(in.Iterate(it, func(v Value) (bool, error) {
			if err := in.assignTo(fr, c.Target, v); err != nil {
				return false, err
			}
			for _, cond := range c.Ifs {
				b, err := in.truth(fr, cond)
				if err != nil {
					return false, err
				}
				if !b {
					return true, nil
				}
			}
			if err := loop(i+1, fr); err != nil {
				return false, err
			}
			return true, in.step()
		}), fr.loc(c.Iter))
	}
	if err := loop(0, inner); err != nil {
		return nil, err
	}
	switch e.Kind {
	case "dict":
		return d, nil
	case "set":
		s := NewSet()
		for _, it := range items {
			if err := s.Add(it); err != nil {
				return nil, withLoc(err, f.loc(e))
			}
		}
		return s, nil
	case "generator":
		return &Generator{items: items}, nil
	}
	return NewList(items...), nil
}

func collectTargets(x python.Expr, into map[string]bool) {
	switch t := x.(type) {
	case *python.Name:
		into[t.Id] = true
	case *python.Tuple:
		for _, e := range t.Elts {
			collectTargets(e, into)
		}
	case *python.List:
		for _, e := range t.Elts {
			collectTargets(e, into)
		}
	case *python.Starred:
		collectTargets(t.X, into)
	}
}

// Generator is a generator expression's result, computed eagerly.
type Generator struct {
	items []Value
	pos   int
}

// PyClass implements Object.
func (g *Generator) PyClass() *Class { return generatorClass }

var generatorClass = NewClass("generator", "builtins", nil)

// Iter implements Iterable.
func (g *Generator) Iter(in *Interp, yield func(Value) (bool, error)) error {
	for g.pos < len(g.items) {
		v := g.items[g.pos]
		g.pos++
		if ok, err := yield(v); err != nil || !ok {
			return err
		}
	}
	return nil
}

// Coroutine is what calling an async function gives; awaiting it runs it.
type Coroutine struct {
	run  func() (Value, error)
	name string
	done bool
}

// PyClass implements Object.
func (c *Coroutine) PyClass() *Class { return coroutineClass }

var coroutineClass = NewClass("coroutine", "builtins", nil)

// Await runs an awaitable to its result (Retort runs async code in order:
// there is nothing to wait for).
func (in *Interp) await(v Value, at Loc) (Value, error) {
	switch c := v.(type) {
	case *Coroutine:
		if c.done {
			return nil, withLoc(NewError("RuntimeError", "cannot reuse already awaited coroutine"), at)
		}
		c.done = true
		return c.run()
	case *Opaque:
		return &Opaque{What: c.What, Loc: at}, nil
	case Poison:
		return nil, errReported
	case *Undefined:
		return nil, undefinedError(c)
	}
	return v, nil // a library's synchronous result
}

// Await is await for libraries (asyncio.run).
func (in *Interp) Await(v Value) (Value, error) { return in.await(v, Loc{}) }

// execClass runs a class statement.
func (in *Interp) execClass(f *frame, s *python.ClassDef) error {
	// A class body binds about a name a statement: the maps are sized for
	// them (a model of 8 columns has 10; past 8 a map grows once, copying).
	n := len(s.Body)
	cls := &Class{Name: s.Name.Id, Module: f.mod.Name, Dict: newNamespace(n + 2), Loc: classLoc(f, s)}
	for _, b := range s.Bases {
		if st, ok := b.(*python.Starred); ok {
			return Errorf(f.loc(st), "Retort does not run class statements with *bases")
		}
		v, err := in.eval(f, b)
		if err != nil {
			return err
		}
		switch bv := v.(type) {
		case *Class:
			cls.Bases = append(cls.Bases, bv)
		case *Opaque:
			cls.Bases = append(cls.Bases, in.opaqueBase(bv))
		case *Undefined:
			return undefinedError(bv)
		case Poison:
			return errReported
		case BaseMaker:
			base, err := bv.MakeBase(in, f.loc(b))
			if err != nil {
				return withLoc(err, f.loc(b))
			}
			cls.Bases = append(cls.Bases, base)
		default:
			return withLoc(typeError("a class can only derive from classes, not %s", Describe(v)), f.loc(b))
		}
	}
	for _, kw := range s.Keywords {
		v, err := in.eval(f, kw.Value)
		if err != nil {
			return err
		}
		name := ""
		if kw.Name != nil {
			name = kw.Name.Id
		}
		cls.Keywords = append(cls.Keywords, Arg{Name: name, Value: v, Loc: f.loc(kw.Value), NameLoc: f.loc(kw)})
	}
	if len(cls.Bases) == 0 {
		cls.Bases = []*Class{ObjectClass}
	}
	mro, err := linearize(cls)
	if err != nil {
		return withLoc(typeError("%s", err.Error()), cls.Loc)
	}
	cls.MRO = mro
	cls.body = &ClassBody{Locs: make(map[string]Loc, n), ValueLocs: make(map[string]Loc, n), Module: f.mod, Order: make([]string, 0, n)}
	cls.Dict.Set("__module__", Str(f.mod.Name))
	cls.Dict.Set("__qualname__", Str(cls.Name))
	body := &frame{mod: f.mod, file: f.file, locals: cls.Dict, class: cls, parent: f}
	if err := in.execBody(body, s.Body, true); err != nil {
		return err
	}
	if nat := cls.native(func(n *Native) bool { return n.Subclassed != nil }); nat != nil {
		if err := nat.Subclassed(in, cls); err != nil {
			return withLoc(err, cls.Loc)
		}
	}
	// __init_subclass__ of a Python base.
	for _, k := range cls.MRO[1:] {
		if hook, ok := k.Dict.Get("__init_subclass__"); ok {
			fn := hook
			if cm, ok := hook.(*ClassMethod); ok {
				fn = cm.Func
			}
			var kws []Arg
			for _, kw := range cls.Keywords {
				if kw.Name != "metaclass" {
					kws = append(kws, kw)
				}
			}
			if _, err := in.call(&Method{Self: cls, Func: fn}, &Args{Kw: kws, Loc: cls.Loc}); err != nil {
				return withLoc(err, cls.Loc)
			}
			break
		}
	}
	v, err := in.decorate(f, s.Decorators, cls)
	if err != nil {
		return err
	}
	in.bindName(f, s.Name.Id, v)
	return nil
}

// BaseMaker is a value that can stand as a class statement's base without
// being a class: what declarative_base() returns is a class; db.Model in a
// library may be an object that makes one.
type BaseMaker interface {
	MakeBase(in *Interp, at Loc) (*Class, error)
}

// classLoc is where a class's errors point: "class Name".
func classLoc(f *frame, s *python.ClassDef) Loc {
	start := s.Name.Pos()
	src := f.file.Source()
	if i := strings.LastIndex(src[s.Pos():start], "class"); i >= 0 {
		start = s.Pos() + i
	}
	return Loc{File: f.file, From: start, To: s.Name.End()}
}

// String makes the interpreter's values printable in Go (for tests).
func (f *Func) String() string { return fmt.Sprintf("<function %s>", f.Qualname) }
