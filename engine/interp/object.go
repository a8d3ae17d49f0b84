package interp

import (
	"retort/engine/python"
)

// The interfaces a Go value implements to behave as a Python object. Each is
// optional: a value that does not implement one raises Python's TypeError or
// AttributeError for that use.
type (
	// Object is any Go value with a Python class (for type(), isinstance and
	// messages). Values without one are described by their Go type.
	Object interface {
		PyClass() *Class
	}

	// Attrs has attributes: GetAttr returns (nil, nil) for a missing one, so
	// that the interpreter raises AttributeError in Python's words.
	Attrs interface {
		GetAttr(in *Interp, name string) (Value, error)
	}

	// AttrSetter takes attribute assignments (x.name = v).
	AttrSetter interface {
		SetAttr(in *Interp, name string, v Value) error
	}

	// Callable can be called.
	Callable interface {
		Call(in *Interp, a *Args) (Value, error)
	}

	// Indexable supports x[key].
	Indexable interface {
		GetItem(in *Interp, key Value, at Loc) (Value, error)
	}

	// ItemSetter supports x[key] = v.
	ItemSetter interface {
		SetItem(in *Interp, key, v Value) error
	}

	// Iterable can be iterated: Iter calls yield for each item until it
	// returns false or an error.
	Iterable interface {
		Iter(in *Interp, yield func(Value) (bool, error)) error
	}

	// Operand takes part in a binary operator or comparison ("+", "==", "<",
	// "contains" for "in"): it returns NotImplemented to let the other side
	// try. reflected is true when the value is the right operand: the
	// expression is then "other op self".
	Operand interface {
		BinaryOp(in *Interp, op string, other Value, reflected bool) (Value, error)
	}

	// UnaryOperand takes part in a unary operator ("-", "~", "not" is never asked).
	UnaryOperand interface {
		UnaryOp(in *Interp, op string) (Value, error)
	}

	// Truther has a truth value.
	Truther interface {
		Truth(in *Interp) (bool, error)
	}

	// Reprer has a repr().
	Reprer interface {
		Repr(in *Interp) (string, error)
	}

	// Stringer has a str() different from its repr().
	Stringer interface {
		Str(in *Interp) (string, error)
	}

	// ContextManager is a with statement's object.
	ContextManager interface {
		Enter(in *Interp) (Value, error)
		// Exit runs when the block ends; exc is the exception leaving it, or
		// nil. Returning true suppresses exc.
		Exit(in *Interp, exc *Exception) (bool, error)
	}

	// Hasher gives a dict key for a value that is not comparable in Go or
	// whose equality is not identity.
	Hasher interface {
		HashKey() (any, error)
	}

	// Lenner has a len().
	Lenner interface {
		Len(in *Interp) (int, error)
	}
)

// Arg is one argument of a call: a value and where it was written.
type Arg struct {
	Name  string // keyword, "" for a positional argument
	Value Value
	Loc   Loc // the argument's expression (the zero Loc for a value Go passed)
	// NameLoc is where the keyword is written.
	NameLoc Loc
}

// Args are the arguments of a call, after *args and **kwargs are spread.
type Args struct {
	Pos []Arg
	Kw  []Arg
	// Loc is the whole call; Func is the callee expression.
	Loc, Func Loc
}

// Kwarg returns the keyword argument name.
func (a *Args) Kwarg(name string) (Arg, bool) {
	for _, k := range a.Kw {
		if k.Name == name {
			return k, true
		}
	}
	return Arg{}, false
}

// Values makes Args of plain values (a call made by Go code).
func Values(vals ...Value) *Args {
	a := &Args{Pos: make([]Arg, len(vals))}
	for i, v := range vals {
		a.Pos[i] = Arg{Value: v}
	}
	return a
}

// Builtin is a function written in Go.
type Builtin struct {
	Name string
	Fn   func(in *Interp, a *Args) (Value, error)
	// Self, when set, is passed first: a method of a native value.
	Self Value
	// Method marks a function a library put in a class's dict: taken from
	// an instance (or through super()) it receives the instance first, as
	// a def in a class body does.
	Method bool
}

// Call implements Callable.
func (b *Builtin) Call(in *Interp, a *Args) (Value, error) {
	if b.Self != nil {
		pos := make([]Arg, 0, len(a.Pos)+1)
		pos = append(pos, Arg{Value: b.Self})
		pos = append(pos, a.Pos...)
		na := *a
		na.Pos = pos
		return b.Fn(in, &na)
	}
	return b.Fn(in, a)
}

// Func is a function defined in Python (def or lambda).
type Func struct {
	Name     string
	Qualname string
	Def      *python.FuncDef // nil for a lambda
	Lambda   *python.Lambda
	Params   []*python.Param
	Defaults map[*python.Param]Value
	Module   *Module
	// Closure is the frame the function was defined in (nil at module level).
	Closure *frame
	// locals are the names the body binds (its local variables).
	locals map[string]bool
	// globals are the names declared global; nonlocals the nonlocal ones.
	globals, nonlocals map[string]bool
	// Dict holds attributes set on the function (f.x = 1) and decorators' marks.
	Dict *Namespace
	// Generator is set when the body yields: calling it is refused.
	Generator bool
	Async     bool
	Loc       Loc
	// Class is the class whose body defined the function (for super()).
	Class *Class
}

// Method is a function bound to an object.
type Method struct {
	Self Value
	Func Value
}

// Module is a module: the project's (run from its file) or a library's.
type Module struct {
	Name string
	// Path is the file, as positions name it ("models.py"), "" for a library.
	Path string
	File *python.File
	Dict *Namespace
	// Package is set for a package (__init__.py or a library package).
	Package bool
	// loading is set while the module's body runs.
	loading bool
	// futureAnnotations is set by `from __future__ import annotations`.
	futureAnnotations bool
	// failed is set when its file did not parse: names from it are poison.
	failed bool
	// Lazy, for a library module, makes attributes on first use: submodules
	// and names not in Dict.
	Lazy func(in *Interp, name string) (Value, bool, error)
}

// NewModule makes an empty library module.
func NewModule(name string) *Module {
	m := &Module{Name: name, Dict: NewNamespace()}
	m.Dict.Set("__name__", Str(name))
	return m
}

// Set binds a name in the module.
func (m *Module) Set(name string, v Value) { m.Dict.Set(name, v) }

// Func adds a Go function to the module.
func (m *Module) Func(name string, fn func(in *Interp, a *Args) (Value, error)) *Builtin {
	b := &Builtin{Name: name, Fn: fn}
	m.Dict.Set(name, b)
	return b
}

// Property is a property: a getter (and setter) run on attribute access.
type Property struct {
	Get, Set Value
}

// ClassMethod and StaticMethod are the decorators' wrappers.
type (
	ClassMethod  struct{ Func Value }
	StaticMethod struct{ Func Value }
)
