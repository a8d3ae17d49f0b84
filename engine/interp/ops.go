package interp

import (
	"math"
	"strings"
)

// Generic is a subscripted type: List[int], Mapped[Optional[str]],
// Annotated[int, mapped_column(...)], dict[str, Any].
type Generic struct {
	Origin Value
	Args   []Value
	Loc    Loc
}

// Union is X | Y between types, Optional[X] and Union[X, Y].
type Union struct {
	Members []Value
}

// PyClass implements Object.
func (g *Generic) PyClass() *Class { return genericClass }

// PyClass implements Object.
func (u *Union) PyClass() *Class { return unionClass }

var (
	genericClass = NewClass("_GenericAlias", "typing", nil)
	unionClass   = NewClass("UnionType", "types", nil)
)

// typeLike reports whether v can be a member of a type union.
func typeLike(v Value) bool {
	switch v.(type) {
	case *Class, NoneType, *Generic, *Union, *Opaque, Str:
		return true
	}
	return false
}

// MakeUnion joins types into a Union, flattening nested ones.
func MakeUnion(members ...Value) *Union {
	u := &Union{}
	for _, m := range members {
		if inner, ok := m.(*Union); ok {
			u.Members = append(u.Members, inner.Members...)
			continue
		}
		u.Members = append(u.Members, m)
	}
	return u
}

// Truth is bool(v).
func (in *Interp) Truth(v Value) (bool, error) {
	if b, ok := truthOf(v); ok {
		return b, nil
	}
	switch o := v.(type) {
	case Truther:
		return o.Truth(in)
	case *Undefined:
		return false, undefinedError(o)
	case Poison:
		return false, errReported
	case *Opaque:
		return false, Errorf(o.Loc, "cannot tell whether %s is true: it comes from outside the project, which Retort does not run", o.What)
	case *Instance:
		if m, _, ok := o.Class.Lookup("__bool__"); ok {
			r, err := in.call(&Method{Self: o, Func: m}, &Args{})
			if err != nil {
				return false, err
			}
			return in.Truth(r)
		}
		if m, _, ok := o.Class.Lookup("__len__"); ok {
			r, err := in.call(&Method{Self: o, Func: m}, &Args{})
			if err != nil {
				return false, err
			}
			return in.Truth(r)
		}
		if o.Class.opaqueBase() {
			return false, typeError("cannot tell whether a %s object is true: its class derives from one outside the project", o.Class.Name)
		}
	case Lenner:
		n, err := o.Len(in)
		return n > 0, err
	}
	return true, nil
}

// UnaryOp is -v, +v or ~v.
func (in *Interp) UnaryOp(op string, v Value) (Value, error) {
	if err := in.use(v, Loc{}); err != nil {
		return nil, err
	}
	switch x := v.(type) {
	case Bool:
		return in.UnaryOp(op, Int(boolInt(bool(x))))
	case Int:
		switch op {
		case "-":
			return -x, nil
		case "+":
			return x, nil
		case "~":
			return ^x, nil
		}
	case Float:
		switch op {
		case "-":
			return -x, nil
		case "+":
			return x, nil
		}
	case UnaryOperand:
		return x.UnaryOp(in, op)
	case *Opaque:
		return nil, Errorf(x.Loc, "cannot compute %s%s: it comes from outside the project, which Retort does not run", op, x.What)
	}
	return nil, typeError("bad operand type for unary %s: '%s'", op, TypeOf(v).Name)
}

// BinaryOp is "a op b" for the arithmetic and bitwise operators.
func (in *Interp) BinaryOp(op string, a, b Value) (Value, error) {
	if err := in.use(a, Loc{}); err != nil {
		return nil, err
	}
	if err := in.use(b, Loc{}); err != nil {
		return nil, err
	}
	if op == "|" && typeLike(a) && typeLike(b) {
		if ca, ok := a.(*Class); ok {
			if nat := ca.native(func(n *Native) bool { return n.ClassOr != nil }); nat != nil {
				return nat.ClassOr(in, ca, b, false)
			}
		}
		if _, isStr := a.(Str); !isStr {
			if _, isStr := b.(Str); !isStr {
				return MakeUnion(a, b), nil
			}
		}
	}
	if o, ok := a.(Operand); ok {
		r, err := o.BinaryOp(in, op, b, false)
		if err != nil || r != NotImplemented {
			return r, err
		}
	}
	if o, ok := b.(Operand); ok {
		r, err := o.BinaryOp(in, op, a, true)
		if err != nil || r != NotImplemented {
			return r, err
		}
	}
	if r, ok, err := in.userOp(op, a, b); ok || err != nil {
		return r, err
	}
	if r, ok, err := arith(op, a, b); ok || err != nil {
		return r, err
	}
	switch x := a.(type) {
	case Str:
		switch op {
		case "+":
			if y, ok := b.(Str); ok {
				return x + y, nil
			}
		case "*":
			if n, ok := intOf(b); ok {
				return Str(strings.Repeat(string(x), max(0, int(n)))), nil
			}
		case "%":
			s, err := in.percentFormat(string(x), b)
			return Str(s), err
		}
	case Bytes:
		if y, ok := b.(Bytes); ok && op == "+" {
			return x + y, nil
		}
		if n, ok := intOf(b); ok && op == "*" {
			return Bytes(strings.Repeat(string(x), max(0, int(n)))), nil
		}
	case *List:
		switch op {
		case "+":
			if y, ok := b.(*List); ok {
				return NewList(append(append([]Value(nil), x.Items...), y.Items...)...), nil
			}
		case "*":
			if n, ok := intOf(b); ok {
				var items []Value
				for i := int64(0); i < n; i++ {
					items = append(items, x.Items...)
				}
				return NewList(items...), nil
			}
		}
	case *Tuple:
		switch op {
		case "+":
			if y, ok := b.(*Tuple); ok {
				return NewTuple(append(append([]Value(nil), x.Items...), y.Items...)...), nil
			}
		case "*":
			if n, ok := intOf(b); ok {
				var items []Value
				for i := int64(0); i < n; i++ {
					items = append(items, x.Items...)
				}
				return NewTuple(items...), nil
			}
		}
	case *Dict:
		if y, ok := b.(*Dict); ok && op == "|" {
			out := x.Copy()
			for i, k := range y.Keys() {
				_ = out.Set(k, y.Values()[i])
			}
			return out, nil
		}
	case *Set:
		if y, ok := b.(*Set); ok {
			return setOp(op, x, y)
		}
	}
	if n, ok := intOf(a); ok {
		if _, isStr := b.(Str); isStr && op == "*" {
			return Str(strings.Repeat(string(b.(Str)), max(0, int(n)))), nil
		}
		if l, isList := b.(*List); isList && op == "*" {
			return in.BinaryOp("*", l, Int(n))
		}
	}
	for _, v := range []Value{a, b} {
		if o, ok := v.(*Opaque); ok {
			return nil, Errorf(o.Loc, "cannot compute with %s: it comes from outside the project, which Retort does not run", o.What)
		}
	}
	return nil, typeError("unsupported operand type(s) for %s: '%s' and '%s'", op, TypeOf(a).Name, TypeOf(b).Name)
}

var dunders = map[string][2]string{
	"+": {"__add__", "__radd__"}, "-": {"__sub__", "__rsub__"}, "*": {"__mul__", "__rmul__"},
	"/": {"__truediv__", "__rtruediv__"}, "//": {"__floordiv__", "__rfloordiv__"},
	"%": {"__mod__", "__rmod__"}, "**": {"__pow__", "__rpow__"}, "|": {"__or__", "__ror__"},
	"&": {"__and__", "__rand__"}, "^": {"__xor__", "__rxor__"}, "<<": {"__lshift__", "__rlshift__"},
	">>": {"__rshift__", "__rrshift__"}, "@": {"__matmul__", "__rmatmul__"},
	"==": {"__eq__", "__eq__"}, "!=": {"__ne__", "__ne__"}, "<": {"__lt__", "__gt__"},
	">": {"__gt__", "__lt__"}, "<=": {"__le__", "__ge__"}, ">=": {"__ge__", "__le__"},
}

// userOp applies an operator a Python class defines (__add__, __eq__, ...).
func (in *Interp) userOp(op string, a, b Value) (Value, bool, error) {
	names, ok := dunders[op]
	if !ok {
		return nil, false, nil
	}
	try := func(obj Value, name string, other Value) (Value, bool, error) {
		o, ok := obj.(*Instance)
		if !ok {
			return nil, false, nil
		}
		m, _, ok := o.Class.Lookup(name)
		if !ok {
			return nil, false, nil
		}
		r, err := in.call(&Method{Self: o, Func: m}, Values(other))
		if err != nil {
			return nil, true, err
		}
		if r == NotImplemented {
			return nil, false, nil
		}
		return r, true, nil
	}
	if r, ok, err := try(a, names[0], b); ok || err != nil {
		return r, ok, err
	}
	return try(b, names[1], a)
}

func intOf(v Value) (int64, bool) {
	switch x := v.(type) {
	case Int:
		return int64(x), true
	case Bool:
		return int64(boolInt(bool(x))), true
	}
	return 0, false
}

func floatOf(v Value) (float64, bool) {
	switch x := v.(type) {
	case Float:
		return float64(x), true
	case Int:
		return float64(x), true
	case Bool:
		return float64(boolInt(bool(x))), true
	}
	return 0, false
}

// arith is the arithmetic of ints, bools and floats.
func arith(op string, a, b Value) (Value, bool, error) {
	ia, aInt := intOf(a)
	ib, bInt := intOf(b)
	if aInt && bInt {
		switch op {
		case "+":
			r := ia + ib
			if (r > ia) != (ib > 0) {
				return nil, true, NewError("OverflowError", "integer overflow (Retort's ints are 64-bit)")
			}
			return Int(r), true, nil
		case "-":
			r := ia - ib
			if (r < ia) != (ib > 0) {
				return nil, true, NewError("OverflowError", "integer overflow (Retort's ints are 64-bit)")
			}
			return Int(r), true, nil
		case "*":
			if ia != 0 && ((ia*ib)/ia != ib || (ia == -1 && ib == math.MinInt64)) {
				return nil, true, NewError("OverflowError", "integer overflow (Retort's ints are 64-bit)")
			}
			return Int(ia * ib), true, nil
		case "/":
			if ib == 0 {
				return nil, true, NewError("ZeroDivisionError", "division by zero")
			}
			return Float(float64(ia) / float64(ib)), true, nil
		case "//":
			if ib == 0 {
				return nil, true, NewError("ZeroDivisionError", "integer division or modulo by zero")
			}
			q := ia / ib
			if (ia%ib != 0) && ((ia < 0) != (ib < 0)) {
				q--
			}
			return Int(q), true, nil
		case "%":
			if ib == 0 {
				return nil, true, NewError("ZeroDivisionError", "integer division or modulo by zero")
			}
			m := ia % ib
			if m != 0 && ((m < 0) != (ib < 0)) {
				m += ib
			}
			return Int(m), true, nil
		case "**":
			if ib < 0 {
				return Float(math.Pow(float64(ia), float64(ib))), true, nil
			}
			r := int64(1)
			for i := int64(0); i < ib; i++ {
				n := r * ia
				if ia != 0 && n/ia != r {
					return nil, true, NewError("OverflowError", "integer overflow (Retort's ints are 64-bit)")
				}
				r = n
			}
			return Int(r), true, nil
		case "&":
			return Int(ia & ib), true, nil
		case "|":
			if _, ok := a.(Bool); ok {
				if _, ok := b.(Bool); ok {
					return Bool(ia|ib != 0), true, nil
				}
			}
			return Int(ia | ib), true, nil
		case "^":
			return Int(ia ^ ib), true, nil
		case "<<":
			if ib < 0 {
				return nil, true, valueError("negative shift count")
			}
			if ib >= 63 {
				return nil, true, NewError("OverflowError", "integer overflow (Retort's ints are 64-bit)")
			}
			return Int(ia << ib), true, nil
		case ">>":
			if ib < 0 {
				return nil, true, valueError("negative shift count")
			}
			return Int(ia >> min(ib, 63)), true, nil
		}
		return nil, false, nil
	}
	fa, aNum := floatOf(a)
	fb, bNum := floatOf(b)
	if !aNum || !bNum {
		return nil, false, nil
	}
	switch op {
	case "+":
		return Float(fa + fb), true, nil
	case "-":
		return Float(fa - fb), true, nil
	case "*":
		return Float(fa * fb), true, nil
	case "/":
		if fb == 0 {
			return nil, true, NewError("ZeroDivisionError", "float division by zero")
		}
		return Float(fa / fb), true, nil
	case "//":
		if fb == 0 {
			return nil, true, NewError("ZeroDivisionError", "float floor division by zero")
		}
		return Float(math.Floor(fa / fb)), true, nil
	case "%":
		if fb == 0 {
			return nil, true, NewError("ZeroDivisionError", "float modulo")
		}
		m := math.Mod(fa, fb)
		if m != 0 && ((m < 0) != (fb < 0)) {
			m += fb
		}
		return Float(m), true, nil
	case "**":
		return Float(math.Pow(fa, fb)), true, nil
	}
	return nil, false, nil
}

func setOp(op string, x, y *Set) (Value, error) {
	out := NewSet()
	out.Frozen = x.Frozen
	switch op {
	case "|":
		for _, v := range x.Items() {
			_ = out.Add(v)
		}
		for _, v := range y.Items() {
			_ = out.Add(v)
		}
	case "&":
		for _, v := range x.Items() {
			if ok, _ := y.Has(v); ok {
				_ = out.Add(v)
			}
		}
	case "-":
		for _, v := range x.Items() {
			if ok, _ := y.Has(v); !ok {
				_ = out.Add(v)
			}
		}
	case "^":
		for _, v := range x.Items() {
			if ok, _ := y.Has(v); !ok {
				_ = out.Add(v)
			}
		}
		for _, v := range y.Items() {
			if ok, _ := x.Has(v); !ok {
				_ = out.Add(v)
			}
		}
	default:
		return nil, typeError("unsupported operand type(s) for %s: 'set' and 'set'", op)
	}
	return out, nil
}

// Compare evaluates a comparison operator.
func (in *Interp) Compare(op string, a, b Value) (Value, error) {
	switch op {
	case "is", "is not":
		if err := in.use(a, Loc{}); err != nil {
			return nil, err
		}
		if err := in.use(b, Loc{}); err != nil {
			return nil, err
		}
		same := Identical(a, b)
		if op == "is not" {
			same = !same
		}
		return Bool(same), nil
	case "in", "not in":
		ok, err := in.Contains(b, a)
		if err != nil {
			return nil, err
		}
		if op == "not in" {
			ok = !ok
		}
		return Bool(ok), nil
	}
	if err := in.use(a, Loc{}); err != nil {
		return nil, err
	}
	if err := in.use(b, Loc{}); err != nil {
		return nil, err
	}
	if o, ok := a.(Operand); ok {
		r, err := o.BinaryOp(in, op, b, false)
		if err != nil || r != NotImplemented {
			return r, err
		}
	}
	if o, ok := b.(Operand); ok {
		r, err := o.BinaryOp(in, op, a, true)
		if err != nil || r != NotImplemented {
			return r, err
		}
	}
	if r, ok, err := in.userOp(op, a, b); ok || err != nil {
		return r, err
	}
	switch op {
	case "==", "!=":
		eq, err := in.Equal(a, b)
		if err != nil {
			return nil, err
		}
		if op == "!=" {
			eq = !eq
		}
		return Bool(eq), nil
	}
	c, err := in.order(a, b)
	if err != nil {
		return nil, typeError("'%s' not supported between instances of '%s' and '%s'", op, TypeOf(a).Name, TypeOf(b).Name)
	}
	switch op {
	case "<":
		return Bool(c < 0), nil
	case "<=":
		return Bool(c <= 0), nil
	case ">":
		return Bool(c > 0), nil
	case ">=":
		return Bool(c >= 0), nil
	}
	return nil, typeError("unknown comparison %s", op)
}

// Identical is Python's "is".
func Identical(a, b Value) bool {
	switch x := a.(type) {
	case NoneType, Bool, EllipsisType, NotImplementedType:
		return a == b
	case Int, Float, Str, Bytes:
		return a == b
	case *Opaque:
		y, ok := b.(*Opaque)
		return ok && (x == y || x.What == y.What)
	}
	defer func() { _ = recover() }() // incomparable Go values are never identical
	return a == b
}

// Equal is "==" for the interpreter's kinds (hooks aside).
func (in *Interp) Equal(a, b Value) (bool, error) {
	if fa, ok := floatOf(a); ok {
		if fb, ok := floatOf(b); ok {
			return fa == fb, nil
		}
		return false, nil
	}
	switch x := a.(type) {
	case Str:
		y, ok := b.(Str)
		return ok && x == y, nil
	case Bytes:
		y, ok := b.(Bytes)
		return ok && x == y, nil
	case NoneType:
		_, ok := b.(NoneType)
		return ok, nil
	case *List:
		y, ok := b.(*List)
		if !ok {
			return false, nil
		}
		return in.equalSeq(x.Items, y.Items)
	case *Tuple:
		y, ok := b.(*Tuple)
		if !ok {
			return false, nil
		}
		return in.equalSeq(x.Items, y.Items)
	case *Dict:
		y, ok := b.(*Dict)
		if !ok || x.Len() != y.Len() {
			return false, nil
		}
		for i, k := range x.Keys() {
			v, found, err := y.Get(k)
			if err != nil || !found {
				return false, err
			}
			eq, err := in.Equal(x.Values()[i], v)
			if err != nil || !eq {
				return false, err
			}
		}
		return true, nil
	case *Set:
		y, ok := b.(*Set)
		if !ok || x.Len() != y.Len() {
			return false, nil
		}
		for _, v := range x.Items() {
			if ok, err := y.Has(v); err != nil || !ok {
				return false, err
			}
		}
		return true, nil
	case *Opaque:
		return false, Errorf(x.Loc, "cannot compare %s: it comes from outside the project, which Retort does not run", x.What)
	}
	if o, ok := b.(*Opaque); ok {
		return false, Errorf(o.Loc, "cannot compare %s: it comes from outside the project, which Retort does not run", o.What)
	}
	return Identical(a, b), nil
}

// Eq is "==" with every hook, for libraries.
func (in *Interp) Eq(a, b Value) (bool, error) {
	r, err := in.Compare("==", a, b)
	if err != nil {
		return false, err
	}
	return in.Truth(r)
}

func (in *Interp) equalSeq(a, b []Value) (bool, error) {
	if len(a) != len(b) {
		return false, nil
	}
	for i := range a {
		eq, err := in.Eq(a[i], b[i])
		if err != nil || !eq {
			return false, err
		}
	}
	return true, nil
}

// order compares two values for <, <=, >, >= (and sorted()).
func (in *Interp) order(a, b Value) (int, error) {
	if fa, ok := floatOf(a); ok {
		if fb, ok := floatOf(b); ok {
			switch {
			case fa < fb:
				return -1, nil
			case fa > fb:
				return 1, nil
			}
			return 0, nil
		}
	}
	switch x := a.(type) {
	case Str:
		if y, ok := b.(Str); ok {
			return strings.Compare(string(x), string(y)), nil
		}
	case Bytes:
		if y, ok := b.(Bytes); ok {
			return strings.Compare(string(x), string(y)), nil
		}
	case *Tuple:
		if y, ok := b.(*Tuple); ok {
			return in.orderSeq(x.Items, y.Items)
		}
	case *List:
		if y, ok := b.(*List); ok {
			return in.orderSeq(x.Items, y.Items)
		}
	case *Instance:
		if r, ok, err := in.userOp("<", a, b); ok || err != nil {
			if err != nil {
				return 0, err
			}
			if lt, _ := in.Truth(r); lt {
				return -1, nil
			}
			if r2, ok2, err := in.userOp("<", b, a); ok2 && err == nil {
				if gt, _ := in.Truth(r2); gt {
					return 1, nil
				}
			}
			return 0, nil
		}
	}
	if _, ok := a.(Operand); ok { // datetime values and the like
		for i, pair := range [2][2]Value{{a, b}, {b, a}} {
			r, err := in.Compare("<", pair[0], pair[1])
			if err != nil {
				return 0, err
			}
			if lt, _ := in.Truth(r); lt {
				return 2*i - 1, nil
			}
		}
		return 0, nil
	}
	return 0, typeError("not orderable")
}

func (in *Interp) orderSeq(a, b []Value) (int, error) {
	for i := 0; i < len(a) && i < len(b); i++ {
		eq, err := in.Eq(a[i], b[i])
		if err != nil {
			return 0, err
		}
		if !eq {
			return in.order(a[i], b[i])
		}
	}
	switch {
	case len(a) < len(b):
		return -1, nil
	case len(a) > len(b):
		return 1, nil
	}
	return 0, nil
}

// Contains is "item in container".
func (in *Interp) Contains(container, item Value) (bool, error) {
	if err := in.use(container, Loc{}); err != nil {
		return false, err
	}
	if err := in.use(item, Loc{}); err != nil {
		return false, err
	}
	switch c := container.(type) {
	case Str:
		s, ok := item.(Str)
		if !ok {
			return false, typeError("'in <string>' requires string as left operand, not %s", TypeOf(item).Name)
		}
		return strings.Contains(string(c), string(s)), nil
	case Bytes:
		s, ok := item.(Bytes)
		return ok && strings.Contains(string(c), string(s)), nil
	case *Dict:
		_, ok, err := c.Get(item)
		return ok, err
	case *Set:
		return c.Has(item)
	case Operand:
		r, err := c.BinaryOp(in, "contains", item, true)
		if err != nil {
			return false, err
		}
		if r != NotImplemented {
			return in.Truth(r)
		}
	case *Instance:
		if m, _, ok := c.Class.Lookup("__contains__"); ok {
			r, err := in.call(&Method{Self: c, Func: m}, Values(item))
			if err != nil {
				return false, err
			}
			return in.Truth(r)
		}
	case *Opaque:
		return false, Errorf(c.Loc, "cannot look inside %s: it comes from outside the project, which Retort does not run", c.What)
	}
	found := false
	err := in.Iterate(container, func(v Value) (bool, error) {
		eq, err := in.Eq(v, item)
		if err != nil {
			return false, err
		}
		if eq {
			found = true
			return false, nil
		}
		return true, nil
	})
	return found, err
}

// Iterate calls yield with each item of v until it returns false.
func (in *Interp) Iterate(v Value, yield func(Value) (bool, error)) error {
	each := func(items []Value) error {
		for _, it := range items {
			if ok, err := yield(it); err != nil || !ok {
				return err
			}
		}
		return nil
	}
	switch x := v.(type) {
	case *List:
		// A copy: the loop may change the list (Python's behaviour there
		// differs; no model or script relies on it).
		return each(append([]Value(nil), x.Items...))
	case *Tuple:
		return each(x.Items)
	case Str:
		for _, r := range string(x) {
			if ok, err := yield(Str(string(r))); err != nil || !ok {
				return err
			}
		}
		return nil
	case Bytes:
		for i := 0; i < len(x); i++ {
			if ok, err := yield(Int(x[i])); err != nil || !ok {
				return err
			}
		}
		return nil
	case *Dict:
		return each(append([]Value(nil), x.Keys()...))
	case *Set:
		return each(append([]Value(nil), x.Items()...))
	case Iterable:
		return x.Iter(in, yield)
	case *Class:
		if nat := x.native(func(n *Native) bool { return n.ClassIter != nil }); nat != nil {
			items, err := nat.ClassIter(in, x)
			if err != nil {
				return err
			}
			return each(items)
		}
	case *Instance:
		if m, _, ok := x.Class.Lookup("__iter__"); ok {
			it, err := in.call(&Method{Self: x, Func: m}, &Args{})
			if err != nil {
				return err
			}
			if it == x {
				next, _, ok := x.Class.Lookup("__next__")
				if !ok {
					return typeError("iter() returned non-iterator of type '%s'", x.Class.Name)
				}
				for {
					v, err := in.call(&Method{Self: x, Func: next}, &Args{})
					if err != nil {
						if e, ok := err.(*Exception); ok && e.Class == exceptionClasses["StopIteration"] {
							return nil
						}
						return err
					}
					if ok, err := yield(v); err != nil || !ok {
						return err
					}
					if err := in.step(); err != nil {
						return err
					}
				}
			}
			return in.Iterate(it, yield)
		}
		if m, _, ok := x.Class.Lookup("__getitem__"); ok {
			for i := int64(0); ; i++ {
				v, err := in.call(&Method{Self: x, Func: m}, Values(Int(i)))
				if err != nil {
					if e, ok := err.(*Exception); ok && (e.Class == exceptionClasses["IndexError"] || e.Class == exceptionClasses["StopIteration"]) {
						return nil
					}
					return err
				}
				if ok, err := yield(v); err != nil || !ok {
					return err
				}
			}
		}
	case *Undefined:
		return undefinedError(x)
	case Poison:
		return errReported
	case *Opaque:
		return Errorf(x.Loc, "cannot loop over %s: it comes from outside the project, which Retort does not run", x.What)
	}
	return typeError("'%s' object is not iterable", TypeOf(v).Name)
}

// List returns the items of an iterable.
func (in *Interp) List(v Value) ([]Value, error) {
	var out []Value
	err := in.Iterate(v, func(x Value) (bool, error) { out = append(out, x); return true, nil })
	return out, err
}

// index converts a subscript to a position in a sequence of length n.
func (in *Interp) index(k Value, n int) (int, error) {
	i, ok := intOf(k)
	if !ok {
		if ix, isInst := k.(*Instance); isInst {
			if m, _, found := ix.Class.Lookup("__index__"); found {
				r, err := in.call(&Method{Self: ix, Func: m}, &Args{})
				if err != nil {
					return 0, err
				}
				return in.index(r, n)
			}
		}
		return 0, typeError("indices must be integers or slices, not %s", TypeOf(k).Name)
	}
	if i < 0 {
		i += int64(n)
	}
	if i < 0 || i >= int64(n) {
		return 0, NewError("IndexError", "index out of range")
	}
	return int(i), nil
}

// sliceBounds resolves a slice against a sequence of length n.
func (in *Interp) sliceBounds(s *Slice, n int) (start, stop, step int, err error) {
	step = 1
	if s.Step != None {
		st, ok := intOf(s.Step)
		if !ok {
			return 0, 0, 0, typeError("slice indices must be integers or None")
		}
		if st == 0 {
			return 0, 0, 0, valueError("slice step cannot be zero")
		}
		step = int(st)
	}
	bound := func(v Value, def int) (int, error) {
		if v == None {
			return def, nil
		}
		i, ok := intOf(v)
		if !ok {
			return 0, typeError("slice indices must be integers or None")
		}
		x := int(i)
		if x < 0 {
			x += n
		}
		if step > 0 {
			return max(0, min(x, n)), nil
		}
		return max(-1, min(x, n-1)), nil
	}
	if step > 0 {
		if start, err = bound(s.Lo, 0); err != nil {
			return
		}
		stop, err = bound(s.Hi, n)
		return
	}
	if start, err = bound(s.Lo, n-1); err != nil {
		return
	}
	stop, err = bound(s.Hi, -1)
	return
}

func (in *Interp) sliceItems(items []Value, s *Slice) ([]Value, error) {
	start, stop, step, err := in.sliceBounds(s, len(items))
	if err != nil {
		return nil, err
	}
	var out []Value
	if step > 0 {
		for i := start; i < stop; i += step {
			out = append(out, items[i])
		}
	} else {
		for i := start; i > stop; i += step {
			out = append(out, items[i])
		}
	}
	return out, nil
}

// getItem is obj[key].
func (in *Interp) getItem(obj, key Value, at Loc) (Value, error) {
	if err := in.use(key, at); err != nil {
		if u, ok := key.(*Undefined); ok && isTypeOrigin(obj) {
			// Mapped[Later]: a forward reference inside an annotation,
			// reported by the library that reads it.
			u.Handled = false
			return &Generic{Origin: obj, Args: []Value{u}, Loc: at}, nil
		}
		return nil, err
	}
	switch o := obj.(type) {
	case *List:
		if s, ok := key.(*Slice); ok {
			items, err := in.sliceItems(o.Items, s)
			return NewList(items...), err
		}
		i, err := in.index(key, len(o.Items))
		if err != nil {
			return nil, err
		}
		return o.Items[i], nil
	case *Tuple:
		if s, ok := key.(*Slice); ok {
			items, err := in.sliceItems(o.Items, s)
			return NewTuple(items...), err
		}
		i, err := in.index(key, len(o.Items))
		if err != nil {
			return nil, err
		}
		return o.Items[i], nil
	case Str:
		runes := []rune(string(o))
		if s, ok := key.(*Slice); ok {
			items := make([]Value, len(runes))
			for i, r := range runes {
				items[i] = Str(string(r))
			}
			sub, err := in.sliceItems(items, s)
			if err != nil {
				return nil, err
			}
			var b strings.Builder
			for _, v := range sub {
				b.WriteString(string(v.(Str)))
			}
			return Str(b.String()), nil
		}
		i, err := in.index(key, len(runes))
		if err != nil {
			return nil, err
		}
		return Str(string(runes[i])), nil
	case Bytes:
		if s, ok := key.(*Slice); ok {
			start, stop, step, err := in.sliceBounds(s, len(o))
			if err != nil {
				return nil, err
			}
			var b []byte
			for i := start; (step > 0 && i < stop) || (step < 0 && i > stop); i += step {
				b = append(b, o[i])
			}
			return Bytes(b), nil
		}
		i, err := in.index(key, len(o))
		if err != nil {
			return nil, err
		}
		return Int(o[i]), nil
	case *Dict:
		v, ok, err := o.Get(key)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, &Exception{Class: exceptionClasses["KeyError"], Args: []Value{key}}
		}
		return v, nil
	case Indexable:
		return o.GetItem(in, key, at)
	case *Class:
		if nat := o.native(func(n *Native) bool { return n.ClassItem != nil }); nat != nil {
			return nat.ClassItem(in, o, key, at)
		}
		if cg, _, ok := o.Lookup("__class_getitem__"); ok {
			fn := cg
			if cm, ok := cg.(*ClassMethod); ok {
				fn = cm.Func
			}
			return in.call(&Method{Self: o, Func: fn}, Values(key))
		}
		// list[int], dict[str, Any], a Generic user class.
		return &Generic{Origin: o, Args: tupleArgs(key), Loc: at}, nil
	case *Generic:
		return &Generic{Origin: o, Args: tupleArgs(key), Loc: at}, nil
	case *Instance:
		if m, _, ok := o.Class.Lookup("__getitem__"); ok {
			return in.call(&Method{Self: o, Func: m}, Values(key))
		}
	case *Opaque:
		return &Generic{Origin: o, Args: tupleArgs(key), Loc: at}, nil
	case *Undefined:
		return nil, undefinedError(o)
	case Poison:
		return nil, errReported
	}
	return nil, typeError("'%s' object is not subscriptable", TypeOf(obj).Name)
}

func isTypeOrigin(v Value) bool {
	switch v.(type) {
	case *Class, *Generic, *Opaque:
		return true
	}
	return false
}

// tupleArgs is a subscript's key as a list of type arguments.
func tupleArgs(key Value) []Value {
	if t, ok := key.(*Tuple); ok {
		return t.Items
	}
	return []Value{key}
}

// GetItem is obj[key] for libraries.
func (in *Interp) GetItem(obj, key Value) (Value, error) { return in.getItem(obj, key, Loc{}) }

// setItem is obj[key] = v.
func (in *Interp) setItem(obj, key, v Value) error {
	if err := in.use(key, Loc{}); err != nil {
		return err
	}
	switch o := obj.(type) {
	case *List:
		i, err := in.index(key, len(o.Items))
		if err != nil {
			return err
		}
		o.Items[i] = v
		return nil
	case *Dict:
		return o.Set(key, v)
	case ItemSetter:
		return o.SetItem(in, key, v)
	case *Instance:
		if m, _, ok := o.Class.Lookup("__setitem__"); ok {
			_, err := in.call(&Method{Self: o, Func: m}, Values(key, v))
			return err
		}
	case *Opaque:
		return nil
	case *Undefined:
		return undefinedError(o)
	case Poison:
		return errReported
	}
	return typeError("'%s' object does not support item assignment", TypeOf(obj).Name)
}

// Len is len(v).
func (in *Interp) Len(v Value) (int, error) {
	switch x := v.(type) {
	case Str:
		return len([]rune(string(x))), nil
	case Bytes:
		return len(x), nil
	case *List:
		return len(x.Items), nil
	case *Tuple:
		return len(x.Items), nil
	case *Dict:
		return x.Len(), nil
	case *Set:
		return x.Len(), nil
	case Lenner:
		return x.Len(in)
	case *Instance:
		if m, _, ok := x.Class.Lookup("__len__"); ok {
			r, err := in.call(&Method{Self: x, Func: m}, &Args{})
			if err != nil {
				return 0, err
			}
			n, _ := intOf(r)
			return int(n), nil
		}
	case *Undefined:
		return 0, undefinedError(x)
	case Poison:
		return 0, errReported
	case *Opaque:
		return 0, Errorf(x.Loc, "cannot take the length of %s: it comes from outside the project, which Retort does not run", x.What)
	}
	items, err := in.List(v)
	if err != nil {
		return 0, typeError("object of type '%s' has no len()", TypeOf(v).Name)
	}
	return len(items), nil
}
