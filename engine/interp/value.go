package interp

import (
	"retort/engine/python"
)

// Value is a Python object. The interpreter's own kinds are the types of this
// file (None, Bool, Int, Float, Str, Bytes, *List, *Tuple, *Dict, *Set,
// *Func, *Builtin, *Method, *Class, *Instance, *Module, *Exception, ...);
// libraries written in Go (sqlalchemy, alembic's op) add their own through
// the Object interfaces of object.go.
type Value = any

type (
	// NoneType is the type of None.
	NoneType struct{}
	// Bool is True or False.
	Bool bool
	// Int is an int (64-bit: an overflow is an OverflowError, not a big int).
	Int int64
	// Float is a float.
	Float float64
	// Str is a str.
	Str string
	// Bytes is a bytes object.
	Bytes string

	// List is a list.
	List struct{ Items []Value }
	// Tuple is a tuple.
	Tuple struct{ Items []Value }

	// Slice is a slice object (a[lo:hi:step]); nil fields are None.
	Slice struct{ Lo, Hi, Step Value }

	// Ellipsis is "...".
	EllipsisType struct{}

	// NotImplementedType is NotImplemented, what a binary operator's hook returns
	// to let the other operand try.
	NotImplementedType struct{}
)

// None is Python's None.
var None = NoneType{}

// Ellipsis is Python's "...".
var Ellipsis = EllipsisType{}

// NotImplemented is Python's NotImplemented.
var NotImplemented = NotImplementedType{}

// NewList makes a list holding items (not copied).
func NewList(items ...Value) *List { return &List{Items: items} }

// NewTuple makes a tuple holding items (not copied).
func NewTuple(items ...Value) *Tuple { return &Tuple{Items: items} }

// Loc is where a value was written: a span of a source file. The zero Loc is
// "nowhere" (a value made by Go code).
type Loc struct {
	File     *python.File
	From, To int
}

// At returns the Loc of a node in file.
func At(file *python.File, n python.Node) Loc {
	if n == nil {
		return Loc{File: file}
	}
	return Loc{File: file, From: n.Pos(), To: n.End()}
}

// Valid reports whether the Loc names a place.
func (l Loc) Valid() bool { return l.File != nil }

// Pos returns the start as a printable position.
func (l Loc) Pos() python.Position {
	if l.File == nil {
		return python.Position{}
	}
	return l.File.Position(l.From)
}

// End returns the end as a printable position.
func (l Loc) End() python.Position {
	if l.File == nil {
		return python.Position{}
	}
	return l.File.Position(l.To)
}

// Text returns the source text the Loc covers.
func (l Loc) Text() string {
	if l.File == nil {
		return ""
	}
	src := l.File.Source()
	from, to := max(0, min(l.From, len(src))), max(0, min(l.To, len(src)))
	if to < from {
		return ""
	}
	return src[from:to]
}

// String is "file:line:col".
func (l Loc) String() string { return l.Pos().String() }

// Undefined is a name (or attribute) that does not exist. Looking one up does
// not raise at once: a library that receives it says what was wrong in its own
// words ("unknown column type 'Strng'"); any other use raises NameError, and a
// statement that ends with one unused reports it.
type Undefined struct {
	Name string
	Msg  string // Python's message: "name 'x' is not defined — did you mean y?"
	Loc  Loc
	// Attr marks a missing attribute (AttributeError) rather than a missing
	// name (NameError).
	Attr bool
	// Handled is set once the mistake was reported.
	Handled bool
	// forward marks a name in an annotation: maybe a class defined later.
	forward bool
}

// Poison stands for a value whose mistake has been reported already: using
// it raises nothing new, so one mistake gives one error.
type Poison struct{}

// Opaque is a value from outside what Retort runs: an object of a package it
// does not model (flask_login.UserMixin, a pydantic setting, an engine). It
// can be carried around, called, subclassed and have attributes taken (each
// giving another Opaque); using its value (truth, arithmetic, iteration)
// raises an error that says where it came from.
type Opaque struct {
	What string // a dotted path or a description: "flask_login.UserMixin"
	Loc  Loc
}

// Truth is Python's bool(v), for the interpreter's own kinds; ok is false for
// values whose truth needs a hook (instances, natives).
func truthOf(v Value) (b, ok bool) {
	switch v := v.(type) {
	case NoneType:
		return false, true
	case Bool:
		return bool(v), true
	case Int:
		return v != 0, true
	case Float:
		return v != 0, true
	case Str:
		return v != "", true
	case Bytes:
		return v != "", true
	case *List:
		return len(v.Items) > 0, true
	case *Tuple:
		return len(v.Items) > 0, true
	case *Dict:
		return v.Len() > 0, true
	case *Set:
		return v.Len() > 0, true
	case *Func, *Builtin, *Method, *Class, *Module:
		return true, true
	}
	return false, false
}
