package interp

import (
	"errors"
	"fmt"
	"strings"

	"retort/engine/python"
)

// Exception is a Python exception: a value (raise/except see it) and a Go
// error (it unwinds the Go calls of the interpreter).
type Exception struct {
	Class *Class
	Args  []Value
	Dict  *Namespace
	// Loc is where it was raised: the innermost expression being evaluated.
	Loc Loc
	// Trace holds the calls it came out of, innermost first.
	Trace []Loc
	Cause *Exception
	// Plain exceptions are the interpreter's own (a missing name, a library's
	// complaint): their message is said without the class name.
	Plain bool
	// Go is the Go error a library failed with, when there is one (a database
	// error inside conn.execute): errors.As reaches it.
	Go error
}

// PyClass implements Object.
func (e *Exception) PyClass() *Class { return e.Class }

// Message is str(exception): the argument when there is one.
func (e *Exception) Message() string {
	switch len(e.Args) {
	case 0:
		return ""
	case 1:
		if s, ok := e.Args[0].(Str); ok {
			if e.Class == exceptionClasses["KeyError"] && !e.Plain {
				return quote(string(s))
			}
			return string(s)
		}
		return plainRepr(e.Args[0])
	}
	parts := make([]string, len(e.Args))
	for i, a := range e.Args {
		parts[i] = plainRepr(a)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// Text is what the user reads: "ValueError: bad input", or the message alone
// for the interpreter's own.
func (e *Exception) Text() string {
	msg := e.Message()
	if e.Plain {
		return msg
	}
	if msg == "" {
		return e.Class.Name
	}
	return e.Class.Name + ": " + msg
}

// Error is "file:line:col: text".
func (e *Exception) Error() string {
	if e.Loc.Valid() {
		return e.Loc.String() + ": " + e.Text()
	}
	return e.Text()
}

// Unwrap reaches the Go error a library failed with.
func (e *Exception) Unwrap() error { return e.Go }

// IsA reports whether e is an instance of cls.
func (e *Exception) IsA(cls *Class) bool { return e.Class.IsSubclass(cls) }

// Diagnostic returns the exception as a positioned error.
func (e *Exception) Diagnostic() *python.Error {
	return &python.Error{Pos: e.Loc.Pos(), End: e.Loc.End(), Msg: e.Text()}
}

// NewError makes an exception of the built-in class name (ValueError,
// TypeError, ...) with a message in the interpreter's own words.
func NewError(class, format string, args ...any) *Exception {
	cls := exceptionClasses[class]
	if cls == nil {
		cls = ExceptionClass
	}
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	return &Exception{Class: cls, Args: []Value{Str(msg)}, Plain: true}
}

// Errorf makes a plain error (an Exception of class Exception) at a place:
// what a library reports about a value it cannot use.
func Errorf(at Loc, format string, args ...any) *Exception {
	e := NewError("Exception", format, args...)
	e.Loc = at
	return e
}

func typeError(format string, args ...any) *Exception {
	return NewError("TypeError", format, args...)
}

func valueError(format string, args ...any) *Exception {
	return NewError("ValueError", format, args...)
}

func attributeError(format string, args ...any) *Exception {
	return NewError("AttributeError", format, args...)
}

// errReported unwinds a statement whose mistake was reported already (a use
// of Poison): it is not an exception Python code can catch.
var errReported = &Exception{Class: NewClass("Reported", "retort", nil), Plain: true}

// Reported returns the error that unwinds a statement whose mistake a
// library has reported already (with Interp.Report).
func Reported() error { return errReported }

// IsReported reports whether err only stands for mistakes reported already.
func IsReported(err error) bool { return errors.Is(err, errReported) }

// asException returns err as a Python exception: a Go error from a library
// becomes a RuntimeError carrying it.
func asException(err error) *Exception {
	var e *Exception
	if errors.As(err, &e) {
		return e
	}
	return &Exception{Class: exceptionClasses["RuntimeError"], Args: []Value{Str(err.Error())}, Plain: true, Go: err}
}

// newException is BaseException's constructor.
func newException(in *Interp, cls *Class, a *Args) (Value, error) {
	e := &Exception{Class: cls, Dict: NewNamespace()}
	for _, p := range a.Pos {
		e.Args = append(e.Args, p.Value)
	}
	if init, _, ok := cls.Lookup("__init__"); ok {
		if _, isFunc := init.(*Func); isFunc {
			if _, err := in.Call(&Method{Self: e, Func: init}, a); err != nil {
				return nil, err
			}
		}
	}
	return e, nil
}

// withLoc gives an exception made without a place the Loc at, and returns err.
func withLoc(err error, at Loc) error {
	var e *Exception
	if errors.As(err, &e) && !e.Loc.Valid() && e != errReported {
		e.Loc = at
	}
	return err
}
