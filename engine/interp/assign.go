package interp

import (
	"retort/engine/python"
)

// Annotation is one annotated name of a class body (x: Mapped[int] = ...),
// in the order the body declares them.
type Annotation struct {
	Name  string
	Value Value // the evaluated annotation; a Str when it is a string (or under `from __future__ import annotations`)
	Loc   Loc   // the annotation expression
	// Target is where the name is written; HasValue says whether the
	// statement also assigns it.
	Target   Loc
	HasValue bool
}

// ClassBody is what a class statement's body declared, in order: kept in
// Class.Data's reach for libraries (the declarative scan reads it).
type ClassBody struct {
	Annotations []Annotation
	// Locs are where each name of the body is bound (the statement's target).
	Locs map[string]Loc
	// ValueLocs are where each name's value expression is written.
	ValueLocs map[string]Loc
	// Module is the module the class statement ran in (string annotations
	// are evaluated in its namespace).
	Module *Module
	// Order lists the names the body binds or annotates, in the order it
	// first does.
	Order []string
	// Replaced lists the names the body assigned again, with the values
	// the later assignments replaced.
	Replaced []Replaced
}

// Replaced is a class attribute assigned twice: Old, assigned at OldLoc, was
// replaced at Loc.
type Replaced struct {
	Name        string
	Old         Value
	OldLoc, Loc Loc
}

// note records that the body binds or annotates name.
func (b *ClassBody) note(name string) {
	if _, ok := b.Locs[name]; !ok {
		b.Order = append(b.Order, name)
	}
}

// Body returns what the class statement's body declared (nil for a library
// class).
func (c *Class) Body() *ClassBody {
	b, _ := c.body.(*ClassBody)
	return b
}

func (in *Interp) execAssign(f *frame, s *python.Assign) error {
	var v Value
	if s.Value != nil {
		var err error
		if v, err = in.eval(f, s.Value); err != nil {
			return err
		}
	}
	if s.Annotation != nil {
		name, _ := s.Targets[0].(*python.Name)
		ann, err := in.evalAnnotation(f, s.Annotation)
		if err != nil {
			return err
		}
		if f.class != nil && name != nil {
			b := f.class.Body()
			b.note(name.Id)
			b.Annotations = append(b.Annotations, Annotation{
				Name: name.Id, Value: ann, Loc: f.loc(s.Annotation), Target: f.loc(name), HasValue: s.Value != nil,
			})
			if s.Value == nil {
				b.Locs[name.Id] = f.loc(name)
			}
		}
		if s.Value == nil {
			return nil
		}
	}
	for _, t := range s.Targets {
		if f.class != nil {
			if n, ok := t.(*python.Name); ok {
				b := f.class.Body()
				b.note(n.Id)
				if old, ok := f.locals.Get(n.Id); ok && b.Locs[n.Id].Valid() {
					b.Replaced = append(b.Replaced, Replaced{Name: n.Id, Old: old, OldLoc: b.Locs[n.Id], Loc: f.loc(n)})
				}
				b.Locs[n.Id] = f.loc(n)
				b.ValueLocs[n.Id] = f.loc(s.Value)
			}
		}
		if err := in.assignTo(f, t, v); err != nil {
			return err
		}
	}
	return nil
}

// evalAnnotation evaluates an annotation. Under `from __future__ import
// annotations` it is its source text, as Python keeps it. A missing name in
// an annotation may be a forward reference: it is not reported by the
// statement (the library that reads the annotation says what is wrong).
func (in *Interp) evalAnnotation(f *frame, x python.Expr) (Value, error) {
	if f.mod.futureAnnotations {
		return Str(f.loc(x).Text()), nil
	}
	n := len(in.pending)
	v, err := in.eval(f, x)
	for _, u := range in.pending[n:] {
		u.forward = true
	}
	kept := in.pending[:n]
	for _, u := range in.pending[n:] {
		if !u.forward {
			kept = append(kept, u)
		}
	}
	in.pending = kept
	return v, err
}

func (in *Interp) execAugAssign(f *frame, s *python.AugAssign) error {
	rhs, err := in.eval(f, s.Value)
	if err != nil {
		return err
	}
	at := f.loc(s)
	switch t := s.Target.(type) {
	case *python.Name:
		cur, err := in.eval(f, t)
		if err != nil {
			return err
		}
		v, err := in.inplace(cur, s.Op, rhs, at)
		if err != nil {
			return err
		}
		in.bindName(f, t.Id, v)
		return nil
	case *python.Attribute:
		obj, err := in.eval(f, t.X)
		if err != nil {
			return err
		}
		cur, err := in.getAttr(obj, t.Name.Id, f.loc(t))
		if err != nil {
			return err
		}
		v, err := in.inplace(cur, s.Op, rhs, at)
		if err != nil {
			return err
		}
		return withLoc(in.SetAttr(obj, t.Name.Id, v), f.loc(t))
	case *python.Subscript:
		obj, err := in.eval(f, t.X)
		if err != nil {
			return err
		}
		key, err := in.evalIndex(f, t.Index)
		if err != nil {
			return err
		}
		cur, err := in.getItem(obj, key, f.loc(t))
		if err != nil {
			return err
		}
		v, err := in.inplace(cur, s.Op, rhs, at)
		if err != nil {
			return err
		}
		return withLoc(in.setItem(obj, key, v), f.loc(t))
	}
	return Errorf(f.loc(s.Target), "cannot assign to this")
}

// inplace is "a op= b": lists extend in place, everything else rebinds.
func (in *Interp) inplace(cur Value, op string, rhs Value, at Loc) (Value, error) {
	if l, ok := cur.(*List); ok && op == "+" {
		var items []Value
		if err := in.Iterate(rhs, func(v Value) (bool, error) { items = append(items, v); return true, nil }); err != nil {
			return nil, withLoc(err, at)
		}
		l.Items = append(l.Items, items...)
		return l, nil
	}
	if d, ok := cur.(*Dict); ok && op == "|" {
		if o, ok := rhs.(*Dict); ok {
			for i, k := range o.Keys() {
				_ = d.Set(k, o.Values()[i])
			}
			return d, nil
		}
	}
	v, err := in.BinaryOp(op, cur, rhs)
	return v, withLoc(err, at)
}

// assignTo assigns v to a target expression.
func (in *Interp) assignTo(f *frame, t python.Expr, v Value) error {
	switch t := t.(type) {
	case *python.Name:
		in.bindName(f, t.Id, v)
		return nil
	case *python.Tuple:
		return in.unpack(f, t.Elts, v, f.loc(t))
	case *python.List:
		return in.unpack(f, t.Elts, v, f.loc(t))
	case *python.Attribute:
		obj, err := in.eval(f, t.X)
		if err != nil {
			return err
		}
		return withLoc(in.SetAttr(obj, t.Name.Id, v), f.loc(t))
	case *python.Subscript:
		obj, err := in.eval(f, t.X)
		if err != nil {
			return err
		}
		key, err := in.evalIndex(f, t.Index)
		if err != nil {
			return err
		}
		return withLoc(in.setItem(obj, key, v), f.loc(t))
	case *python.Starred:
		return Errorf(f.loc(t), "starred assignment target must be in a list or tuple")
	}
	return Errorf(f.loc(t), "cannot assign to this")
}

// unpack assigns the items of v to targets (a, b = ... / a, *rest = ...).
func (in *Interp) unpack(f *frame, targets []python.Expr, v Value, at Loc) error {
	switch v.(type) {
	case Poison:
		for _, t := range targets {
			if err := in.assignTo(f, t, Poison{}); err != nil {
				return err
			}
		}
		return nil
	case *Opaque:
		for _, t := range targets {
			if err := in.assignTo(f, t, v); err != nil {
				return err
			}
		}
		return nil
	}
	var items []Value
	if err := in.Iterate(v, func(x Value) (bool, error) { items = append(items, x); return true, nil }); err != nil {
		return withLoc(err, at)
	}
	star := -1
	for i, t := range targets {
		if _, ok := t.(*python.Starred); ok {
			star = i
		}
	}
	if star < 0 {
		if len(items) != len(targets) {
			if len(items) > len(targets) {
				return withLoc(valueError("too many values to unpack (expected %d)", len(targets)), at)
			}
			return withLoc(valueError("not enough values to unpack (expected %d, got %d)", len(targets), len(items)), at)
		}
		for i, t := range targets {
			if err := in.assignTo(f, t, items[i]); err != nil {
				return err
			}
		}
		return nil
	}
	after := len(targets) - star - 1
	if len(items) < star+after {
		return withLoc(valueError("not enough values to unpack (expected at least %d, got %d)", star+after, len(items)), at)
	}
	for i := 0; i < star; i++ {
		if err := in.assignTo(f, targets[i], items[i]); err != nil {
			return err
		}
	}
	rest := append([]Value(nil), items[star:len(items)-after]...)
	if err := in.assignTo(f, targets[star].(*python.Starred).X, NewList(rest...)); err != nil {
		return err
	}
	for i := 0; i < after; i++ {
		if err := in.assignTo(f, targets[star+1+i], items[len(items)-after+i]); err != nil {
			return err
		}
	}
	return nil
}

// bindName binds a name in the frame's scope.
func (in *Interp) bindName(f *frame, name string, v Value) {
	if f.fn != nil {
		if f.fn.globals[name] {
			f.mod.Dict.Set(name, v)
			return
		}
		if f.fn.nonlocals[name] {
			for p := f.parent; p != nil; p = p.parent {
				if p.fn != nil && p.locals != nil {
					if _, ok := p.locals.Get(name); ok {
						p.locals.Set(name, v)
						return
					}
				}
			}
		}
		f.locals.Set(name, v)
		return
	}
	if f.locals != nil {
		if f.class != nil {
			if b := f.class.Body(); b != nil {
				if _, seen := b.Locs[name]; !seen {
					b.Order = append(b.Order, name)
					b.Locs[name] = Loc{}
				}
			}
		}
		f.locals.Set(name, v)
		return
	}
	f.mod.Dict.Set(name, v)
}

// unboundLocal marks a function-local name read before it is assigned.
type unboundLocal struct{}

// lookupBound finds a name bound in the frame's scopes (locals, enclosing
// functions, the module), not the builtins.
func (in *Interp) lookupBound(f *frame, name string) (Value, bool) {
	for fr := f; fr != nil; fr = fr.parent {
		if fr.fn != nil {
			if fr.fn.globals[name] {
				break
			}
			if v, ok := fr.locals.Get(name); ok {
				return v, true
			}
			if fr == f && fr.fn.locals[name] && !fr.fn.nonlocals[name] {
				return unboundLocal{}, true
			}
			continue
		}
		if fr.class != nil {
			if fr == f {
				if v, ok := fr.locals.Get(name); ok {
					return v, true
				}
			}
			continue
		}
		break // the module's frame
	}
	return f.mod.Dict.Get(name)
}
