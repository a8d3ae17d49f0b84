package interp

import (
	"fmt"
	"slices"
	"strings"
)

// Class is a class: one a class statement made, or one a Go library
// defines (with its behaviour in Native).
type Class struct {
	Name   string
	Module string // the defining module's name
	Bases  []*Class
	MRO    []*Class
	Dict   *Namespace
	Native *Native
	// Data holds what a library keeps about a class (the declarative mapping
	// of a model, an enum's members).
	Data any
	Loc  Loc
	// Keywords are the class statement's keywords (table=True, metaclass=...).
	Keywords []Arg
	// Opaque is set for a class standing for an outside one (a base that is
	// an Opaque): attributes it does not define are Opaque, not missing.
	Opaque bool
	// body is what the class statement's body declared (a *ClassBody).
	body any
}

// Native is the behaviour a Go library gives a class and its subclasses. The
// interpreter looks each hook up along the MRO; nil hooks are not there.
type Native struct {
	// Metaclass makes this Native's hooks win over those of bases earlier
	// in the MRO (class Status(str, Enum): Enum's metaclass makes members).
	Metaclass bool
	// New makes an instance when the class, or a subclass (cls), is called.
	New func(in *Interp, cls *Class, a *Args) (Value, error)
	// Subclassed runs after a class statement made cls, a subclass: what a
	// metaclass or __init_subclass__ does (declarative mapping, enum members).
	Subclassed func(in *Interp, cls *Class) error
	// ClassAttr is asked for an attribute of the class (or a subclass) before
	// its dicts: ok false passes it on.
	ClassAttr func(in *Interp, cls *Class, name string) (v Value, ok bool, err error)
	// ClassItem is cls[key] (Mapped[int], Optional[...] live elsewhere).
	ClassItem func(in *Interp, cls *Class, key Value, at Loc) (Value, error)
	// ClassIter iterates the class itself (an Enum's members).
	ClassIter func(in *Interp, cls *Class) ([]Value, error)
	// InstanceAttr is asked for an attribute of an Instance of the class
	// before the instance's and the class's dicts.
	InstanceAttr func(in *Interp, obj *Instance, name string) (v Value, ok bool, err error)
	// Or and Ror make cls | other (typing unions).
	ClassOr func(in *Interp, cls *Class, other Value, reflected bool) (Value, error)
}

// Instance is an object of a class defined in Python (or of a subclass of a
// library class whose New made a plain Instance).
type Instance struct {
	Class *Class
	Dict  *Namespace
	// Data is a library's payload (an enum member's name and value).
	Data any
}

// PyClass implements Object.
func (o *Instance) PyClass() *Class { return o.Class }

// PyClass implements Object: a class's type is type.
func (c *Class) PyClass() *Class { return TypeClass }

// NewClass makes a library class with the given bases (object when none).
func NewClass(name, module string, native *Native, bases ...*Class) *Class {
	if len(bases) == 0 && ObjectClass != nil {
		bases = []*Class{ObjectClass}
	}
	c := &Class{Name: name, Module: module, Bases: bases, Dict: NewNamespace(), Native: native}
	mro, err := linearize(c)
	if err != nil {
		panic(err) // a library's classes are fixed: a bad hierarchy is a bug
	}
	c.MRO = mro
	return c
}

// QualName is the class's module-qualified name, as messages print it.
func (c *Class) QualName() string {
	if c.Module == "" || c.Module == "builtins" {
		return c.Name
	}
	return c.Module + "." + c.Name
}

// IsSubclass reports whether c is base or derives from it.
func (c *Class) IsSubclass(base *Class) bool {
	return slices.Contains(c.MRO, base)
}

// Lookup finds an attribute in the class's dicts along the MRO, without
// binding it.
func (c *Class) Lookup(name string) (Value, *Class, bool) {
	for _, k := range c.MRO {
		if v, ok := k.Dict.Get(name); ok {
			return v, k, true
		}
	}
	return nil, nil, false
}

// hook returns the first Native along the MRO for which pick is non-nil.
func (c *Class) native(pick func(*Native) bool) *Native {
	for _, k := range c.MRO {
		if k.Native != nil && k.Native.Metaclass && pick(k.Native) {
			return k.Native
		}
	}
	for _, k := range c.MRO {
		if k.Native != nil && pick(k.Native) {
			return k.Native
		}
	}
	return nil
}

// opaqueBase reports whether the class derives from an outside class.
func (c *Class) opaqueBase() bool {
	for _, k := range c.MRO {
		if k.Opaque {
			return true
		}
	}
	return false
}

// linearize computes the C3 MRO of c from its bases' MROs.
func linearize(c *Class) ([]*Class, error) {
	if b := c.Bases; len(b) == 1 && len(b[0].MRO) > 0 && b[0].MRO[0] == b[0] {
		// One base: C3's merge of its MRO and [base] is its MRO. Each of
		// the 200 model classes took ten allocations in the merge otherwise.
		mro := make([]*Class, 1+len(c.Bases[0].MRO))
		mro[0] = c
		copy(mro[1:], c.Bases[0].MRO)
		return mro, nil
	}
	var seqs [][]*Class
	for _, b := range c.Bases {
		seqs = append(seqs, slices.Clone(b.MRO))
	}
	seqs = append(seqs, slices.Clone(c.Bases))
	out := []*Class{c}
	for {
		var nonEmpty [][]*Class
		for _, s := range seqs {
			if len(s) > 0 {
				nonEmpty = append(nonEmpty, s)
			}
		}
		if len(nonEmpty) == 0 {
			return out, nil
		}
		var next *Class
		for _, s := range nonEmpty {
			cand := s[0]
			inTail := false
			for _, t := range nonEmpty {
				if slices.Contains(t[1:], cand) {
					inTail = true
					break
				}
			}
			if !inTail {
				next = cand
				break
			}
		}
		if next == nil {
			var names []string
			for _, b := range c.Bases {
				names = append(names, b.Name)
			}
			return nil, fmt.Errorf("Cannot create a consistent method resolution order (MRO) for bases %s", strings.Join(names, ", "))
		}
		out = append(out, next)
		for i, s := range nonEmpty {
			if len(s) > 0 && s[0] == next {
				nonEmpty[i] = s[1:]
			}
		}
		seqs = nonEmpty
	}
}

// The built-in classes. Their behaviour for the interpreter's own value kinds
// lives in the operators and methods; these are what type(), isinstance and
// subclassing see.
var (
	ObjectClass        *Class
	TypeClass          *Class
	NoneClass          *Class
	BoolClass          *Class
	IntClass           *Class
	FloatClass         *Class
	StrClass           *Class
	BytesClass         *Class
	ListClass          *Class
	TupleClass         *Class
	DictClass          *Class
	SetClass           *Class
	FrozenSetClass     *Class
	FunctionClass      *Class
	ModuleClass        *Class
	PropertyClass      *Class
	SliceClass         *Class
	RangeClass         *Class
	OpaqueClass        *Class
	BaseExceptionClass *Class
	ExceptionClass     *Class
)

// Exception classes by name, as the builtins module holds them.
var exceptionClasses = map[string]*Class{}

func init() {
	ObjectClass = &Class{Name: "object", Module: "builtins", Dict: NewNamespace()}
	ObjectClass.MRO = []*Class{ObjectClass}
	TypeClass = NewClass("type", "builtins", nil)
	NoneClass = NewClass("NoneType", "builtins", nil)
	IntClass = NewClass("int", "builtins", nil)
	BoolClass = NewClass("bool", "builtins", nil, IntClass)
	FloatClass = NewClass("float", "builtins", nil)
	StrClass = NewClass("str", "builtins", nil)
	BytesClass = NewClass("bytes", "builtins", nil)
	ListClass = NewClass("list", "builtins", nil)
	TupleClass = NewClass("tuple", "builtins", nil)
	DictClass = NewClass("dict", "builtins", nil)
	SetClass = NewClass("set", "builtins", nil)
	FrozenSetClass = NewClass("frozenset", "builtins", nil)
	FunctionClass = NewClass("function", "builtins", nil)
	ModuleClass = NewClass("module", "builtins", nil)
	PropertyClass = NewClass("property", "builtins", nil)
	SliceClass = NewClass("slice", "builtins", nil)
	RangeClass = NewClass("range", "builtins", nil)
	OpaqueClass = NewClass("object", "builtins", nil)
	OpaqueClass.Opaque = true

	BaseExceptionClass = NewClass("BaseException", "builtins", &Native{New: newException})
	exceptionClasses["BaseException"] = BaseExceptionClass
	tree := []struct{ name, base string }{
		{"Exception", "BaseException"},
		{"SystemExit", "BaseException"},
		{"KeyboardInterrupt", "BaseException"},
		{"GeneratorExit", "BaseException"},
		{"StopIteration", "Exception"},
		{"ArithmeticError", "Exception"},
		{"OverflowError", "ArithmeticError"},
		{"ZeroDivisionError", "ArithmeticError"},
		{"AssertionError", "Exception"},
		{"AttributeError", "Exception"},
		{"ImportError", "Exception"},
		{"ModuleNotFoundError", "ImportError"},
		{"LookupError", "Exception"},
		{"IndexError", "LookupError"},
		{"KeyError", "LookupError"},
		{"NameError", "Exception"},
		{"UnboundLocalError", "NameError"},
		{"RuntimeError", "Exception"},
		{"NotImplementedError", "RuntimeError"},
		{"RecursionError", "RuntimeError"},
		{"TypeError", "Exception"},
		{"ValueError", "Exception"},
		{"UnicodeError", "ValueError"},
		{"OSError", "Exception"},
		{"FileNotFoundError", "OSError"},
		{"PermissionError", "OSError"},
		{"Warning", "Exception"},
		{"UserWarning", "Warning"},
		{"DeprecationWarning", "Warning"},
		{"PendingDeprecationWarning", "Warning"},
		{"FutureWarning", "Warning"},
		{"RuntimeWarning", "Warning"},
		{"SyntaxWarning", "Warning"},
		{"ImportWarning", "Warning"},
		{"UnicodeWarning", "Warning"},
		{"BytesWarning", "Warning"},
		{"ResourceWarning", "Warning"},
		{"UnicodeDecodeError", "UnicodeError"},
		{"UnicodeEncodeError", "UnicodeError"},
		{"FileExistsError", "OSError"},
		{"IsADirectoryError", "OSError"},
		{"NotADirectoryError", "OSError"},
		{"TimeoutError", "OSError"},
		{"ConnectionError", "OSError"},
		{"BufferError", "Exception"},
		{"EOFError", "Exception"},
		{"MemoryError", "Exception"},
		{"ReferenceError", "Exception"},
		{"FloatingPointError", "ArithmeticError"},
		{"StopAsyncIteration", "Exception"},
	}
	for _, t := range tree {
		exceptionClasses[t.name] = NewClass(t.name, "builtins", nil, exceptionClasses[t.base])
	}
	ExceptionClass = exceptionClasses["Exception"]
	exceptionClasses["EnvironmentError"] = exceptionClasses["OSError"]
	exceptionClasses["IOError"] = exceptionClasses["OSError"]
}

// ExceptionClassNamed returns the built-in exception class of that name.
func ExceptionClassNamed(name string) *Class { return exceptionClasses[name] }
