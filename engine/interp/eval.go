package interp

import (
	"strconv"
	"strings"

	"retort/engine/python"
)

// eval evaluates an expression.
func (in *Interp) eval(f *frame, x python.Expr) (Value, error) {
	if err := in.enter(); err != nil {
		return nil, withLoc(err, f.loc(x))
	}
	v, err := in.eval1(f, x)
	in.leave()
	if err != nil {
		return nil, withLoc(err, f.loc(x))
	}
	return v, nil
}

func (in *Interp) eval1(f *frame, x python.Expr) (Value, error) {
	switch e := x.(type) {
	case *python.Name:
		return in.lookupName(f, e)
	case *python.Number:
		return numberValue(e)
	case *python.String:
		switch {
		case e.Parts != nil:
			return in.evalFString(f, e.Parts)
		case e.FString:
			return Str(e.Value), nil
		case e.Bytes:
			return Bytes(e.Value), nil
		}
		return Str(e.Value), nil
	case *python.Const:
		switch e.Value {
		case "True":
			return Bool(true), nil
		case "False":
			return Bool(false), nil
		case "None":
			return None, nil
		}
		return Ellipsis, nil
	case *python.Attribute:
		obj, err := in.eval(f, e.X)
		if err != nil {
			return nil, err
		}
		return in.getAttr(obj, e.Name.Id, f.loc(e))
	case *python.Call:
		return in.evalCall(f, e)
	case *python.Subscript:
		obj, err := in.eval(f, e.X)
		if err != nil {
			return nil, err
		}
		key, err := in.evalIndex(f, e.Index)
		if err != nil {
			return nil, err
		}
		return in.getItem(obj, key, f.loc(e))
	case *python.Tuple:
		items, err := in.evalElts(f, e.Elts)
		if err != nil {
			return nil, err
		}
		return NewTuple(items...), nil
	case *python.List:
		items, err := in.evalElts(f, e.Elts)
		if err != nil {
			return nil, err
		}
		return NewList(items...), nil
	case *python.Set:
		items, err := in.evalElts(f, e.Elts)
		if err != nil {
			return nil, err
		}
		s := NewSet()
		for _, it := range items {
			if err := s.Add(it); err != nil {
				return nil, err
			}
		}
		return s, nil
	case *python.Dict:
		d := NewDict()
		for i, k := range e.Keys {
			v, err := in.eval(f, e.Values[i])
			if err != nil {
				return nil, err
			}
			if k == nil {
				if err := in.mergeInto(d, v); err != nil {
					return nil, withLoc(err, f.loc(e.Values[i]))
				}
				continue
			}
			kv, err := in.eval(f, k)
			if err != nil {
				return nil, err
			}
			if err := in.use(kv, f.loc(k)); err != nil {
				return nil, err
			}
			if err := d.Set(kv, v); err != nil {
				return nil, withLoc(err, f.loc(k))
			}
		}
		return d, nil
	case *python.UnaryOp:
		v, err := in.eval(f, e.X)
		if err != nil {
			return nil, err
		}
		if e.Op == "not" {
			b, err := in.Truth(v)
			if err != nil {
				return nil, withLoc(err, f.loc(e.X))
			}
			return Bool(!b), nil
		}
		return in.UnaryOp(e.Op, v)
	case *python.BinOp:
		return in.evalBinOp(f, e)
	case *python.BoolOp:
		var v Value
		for _, operand := range e.Values {
			var err error
			if v, err = in.eval(f, operand); err != nil {
				return nil, err
			}
			b, err := in.Truth(v)
			if err != nil {
				return nil, withLoc(err, f.loc(operand))
			}
			if (e.Op == "and") != b {
				return v, nil
			}
		}
		return v, nil
	case *python.Compare:
		left, err := in.eval(f, e.X)
		if err != nil {
			return nil, err
		}
		var result Value = Bool(true)
		for i, op := range e.Ops {
			right, err := in.eval(f, e.Ys[i])
			if err != nil {
				return nil, err
			}
			r, err := in.Compare(op, left, right)
			if err != nil {
				return nil, err
			}
			if i == len(e.Ops)-1 {
				return r, nil
			}
			b, err := in.Truth(r)
			if err != nil {
				return nil, err
			}
			if !b {
				return r, nil
			}
			result, left = r, right
		}
		return result, nil
	case *python.IfExp:
		b, err := in.truth(f, e.Test)
		if err != nil {
			return nil, err
		}
		if b {
			return in.eval(f, e.Body)
		}
		return in.eval(f, e.Else)
	case *python.Lambda:
		return in.makeLambda(f, e)
	case *python.Comprehension:
		return in.evalComprehension(f, e)
	case *python.NamedExpr:
		v, err := in.eval(f, e.Value)
		if err != nil {
			return nil, err
		}
		in.bindName(f, e.Target.Id, v)
		return v, nil
	case *python.Starred:
		return nil, Errorf(f.loc(e), "can't use starred expression here")
	case *python.Slice:
		return in.evalSlice(f, e)
	case *python.Await:
		v, err := in.eval(f, e.X)
		if err != nil {
			return nil, err
		}
		return in.await(v, f.loc(e))
	case *python.Yield:
		return nil, Errorf(f.loc(e), "Retort does not run generators ('yield')")
	case *python.OpaqueExpr:
		return nil, Errorf(f.loc(e), "Retort does not run this expression (%s)", e.Kind)
	}
	return nil, Errorf(f.loc(x), "Retort does not run this expression")
}

// lookupName resolves a name: the frame's scopes, then the builtins.
func (in *Interp) lookupName(f *frame, n *python.Name) (Value, error) {
	if v, ok := in.lookupBound(f, n.Id); ok {
		if _, unbound := v.(unboundLocal); unbound {
			return nil, withLoc(NewError("UnboundLocalError", "local variable '%s' referenced before assignment", n.Id), f.loc(n))
		}
		return v, nil
	}
	if v, ok := in.builtins.Get(n.Id); ok {
		return v, nil
	}
	if f.mod.failed {
		return Poison{}, nil
	}
	msg := "name '" + n.Id + "' is not defined"
	if dym := didYouMean(n.Id, in.visibleNames(f)); dym != "" {
		msg += dym
	} else if stmt := in.importHint(f.mod, n.Id); stmt != "" {
		msg += " — import it: " + stmt
	}
	u := &Undefined{Name: n.Id, Loc: f.loc(n), Msg: msg}
	if f.tries > 0 {
		return nil, undefinedError(u)
	}
	in.pending = append(in.pending, u)
	return u, nil
}

// visibleNames lists the names a frame sees, for suggestions.
func (in *Interp) visibleNames(f *frame) []string {
	seen := map[string]bool{}
	var names []string
	add := func(ns *Namespace) {
		for _, n := range ns.Names() {
			if !seen[n] && !strings.HasPrefix(n, "__") {
				seen[n] = true
				names = append(names, n)
			}
		}
	}
	for fr := f; fr != nil; fr = fr.parent {
		if fr.locals != nil {
			add(fr.locals)
		}
	}
	add(f.mod.Dict)
	return names
}

// undefinedError is the NameError a missing name raises when it is used.
func undefinedError(u *Undefined) *Exception {
	u.Handled = true
	e := NewError("NameError", "%s", u.Msg)
	if u.Attr {
		e = NewError("AttributeError", "%s", u.Msg)
	}
	e.Loc = u.Loc
	return e
}

// use checks that a value can be used as one: a missing name raises
// NameError, a reported mistake unwinds silently.
func (in *Interp) use(v Value, at Loc) error {
	switch v := v.(type) {
	case *Undefined:
		return undefinedError(v)
	case Poison:
		return errReported
	}
	return nil
}

// Use is use for libraries: it returns the error to raise for a missing name
// or a reported mistake, nil for any other value.
func (in *Interp) Use(v Value) error { return in.use(v, Loc{}) }

// MarkHandled records that a library reported a missing name in its own
// words: the statement does not report it again.
func MarkHandled(v Value) {
	if u, ok := v.(*Undefined); ok {
		u.Handled = true
	}
}

func (in *Interp) evalElts(f *frame, elts []python.Expr) ([]Value, error) {
	out := make([]Value, 0, len(elts))
	for _, x := range elts {
		if st, ok := x.(*python.Starred); ok {
			v, err := in.eval(f, st.X)
			if err != nil {
				return nil, err
			}
			if err := in.Iterate(v, func(it Value) (bool, error) { out = append(out, it); return true, nil }); err != nil {
				return nil, withLoc(err, f.loc(st))
			}
			continue
		}
		v, err := in.eval(f, x)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// mergeInto copies a mapping's items into d ({**m} and f(**m)).
func (in *Interp) mergeInto(d *Dict, m Value) error {
	switch m := m.(type) {
	case *Dict:
		for i, k := range m.Keys() {
			if err := d.Set(k, m.Values()[i]); err != nil {
				return err
			}
		}
		return nil
	case Poison:
		return errReported
	case *Undefined:
		return undefinedError(m)
	}
	keys, err := in.CallMethod(m, "keys", nil)
	if err != nil {
		return typeError("'%s' object is not a mapping", TypeOf(m).Name)
	}
	return in.Iterate(keys, func(k Value) (bool, error) {
		v, err := in.getItem(m, k, Loc{})
		if err != nil {
			return false, err
		}
		return true, d.Set(k, v)
	})
}

// evalIndex evaluates a subscript's index (slices included).
func (in *Interp) evalIndex(f *frame, x python.Expr) (Value, error) {
	if t, ok := x.(*python.Tuple); ok {
		items := make([]Value, len(t.Elts))
		for i, e := range t.Elts {
			v, err := in.eval(f, e)
			if err != nil {
				return nil, err
			}
			items[i] = v
		}
		return NewTuple(items...), nil
	}
	return in.eval(f, x)
}

func (in *Interp) evalSlice(f *frame, e *python.Slice) (Value, error) {
	s := &Slice{Lo: None, Hi: None, Step: None}
	for _, p := range []struct {
		x   python.Expr
		dst *Value
	}{{e.Lo, &s.Lo}, {e.Hi, &s.Hi}, {e.Step, &s.Step}} {
		if p.x == nil {
			continue
		}
		v, err := in.eval(f, p.x)
		if err != nil {
			return nil, err
		}
		*p.dst = v
	}
	return s, nil
}

// evalBinOp evaluates a binary operator; a long left-leaning chain
// (1 + 1 + ... + 1) is walked without recursing once per operand.
func (in *Interp) evalBinOp(f *frame, e *python.BinOp) (Value, error) {
	var chain []*python.BinOp
	x := python.Expr(e)
	for {
		b, ok := x.(*python.BinOp)
		if !ok {
			break
		}
		chain = append(chain, b)
		x = b.X
	}
	acc, err := in.eval(f, x)
	if err != nil {
		return nil, err
	}
	for i := len(chain) - 1; i >= 0; i-- {
		b := chain[i]
		right, err := in.eval(f, b.Y)
		if err != nil {
			return nil, err
		}
		if acc, err = in.BinaryOp(b.Op, acc, right); err != nil {
			return nil, withLoc(err, f.loc(b))
		}
		if err := in.step(); err != nil {
			return nil, withLoc(err, f.loc(b))
		}
	}
	return acc, nil
}

// evalFString evaluates an f-string's parts.
func (in *Interp) evalFString(f *frame, parts []python.Expr) (Value, error) {
	var b strings.Builder
	for _, p := range parts {
		switch p := p.(type) {
		case *python.String:
			b.WriteString(p.Value)
		case *python.FormattedValue:
			v, err := in.eval(f, p.X)
			if err != nil {
				return nil, err
			}
			if err := in.use(v, f.loc(p.X)); err != nil {
				return nil, err
			}
			if p.Debug != "" {
				b.WriteString(p.Debug)
			}
			conv := p.Conversion
			if p.Debug != "" && conv == 0 && p.Spec == nil {
				conv = 'r'
			}
			switch conv {
			case 'r', 'a':
				s, err := in.Repr(v)
				if err != nil {
					return nil, withLoc(err, f.loc(p.X))
				}
				v = Str(s)
			case 's':
				s, err := in.Str(v)
				if err != nil {
					return nil, withLoc(err, f.loc(p.X))
				}
				v = Str(s)
			}
			spec := ""
			if p.Spec != nil {
				sv, err := in.evalFString(f, p.Spec)
				if err != nil {
					return nil, err
				}
				spec = string(sv.(Str))
			}
			s, err := in.Format(v, spec)
			if err != nil {
				return nil, withLoc(err, f.loc(p))
			}
			b.WriteString(s)
		default:
			v, err := in.eval(f, p)
			if err != nil {
				return nil, err
			}
			s, err := in.Str(v)
			if err != nil {
				return nil, err
			}
			b.WriteString(s)
		}
	}
	return Str(b.String()), nil
}

// numberValue is a numeric literal's value: an int (python.Number.Int
// reads those), else a float.
func numberValue(n *python.Number) (Value, error) {
	if v, ok := n.Int(); ok {
		return Int(v), nil
	}
	lower := strings.ToLower(strings.ReplaceAll(n.Raw, "_", ""))
	switch {
	case strings.HasSuffix(lower, "j"):
		return nil, NewError("ValueError", "Retort does not run complex numbers (%s)", n.Raw)
	case strings.HasPrefix(lower, "0x"), strings.HasPrefix(lower, "0o"), strings.HasPrefix(lower, "0b"), !strings.ContainsAny(lower, ".e"):
		return nil, NewError("OverflowError", "integer %s is too large for Retort (64-bit)", n.Raw)
	}
	fl, err := strconv.ParseFloat(lower, 64)
	if err != nil {
		return nil, NewError("ValueError", "invalid number %s", n.Raw)
	}
	return Float(fl), nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
