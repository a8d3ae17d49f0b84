package interp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"retort/engine/python"
)

// Source is a project module's file, as a Finder returns it.
type Source struct {
	// Path names the file in positions ("models.py", "app/__init__.py").
	Path string
	// Abs is the file's absolute path, what __file__ holds.
	Abs string
	Src []byte
	// Package is set for a package's __init__.py (or a folder without one:
	// Src is then nil, a namespace package).
	Package bool
}

// Finder finds the project's modules by dotted name ("models",
// "app.models"). ok is false when the project has no such module.
type Finder interface {
	FindModule(name string) (src Source, ok bool, err error)
}

// Parser parses a file; a caller may hand back an earlier parse of the same
// text. The interpreter never changes a tree.
type Parser func(path string, src []byte) (*python.Module, error)

// Options configure an interpreter.
type Options struct {
	// Context stops a run when cancelled (checked every few thousand steps).
	Context context.Context
	// Finder finds the project's modules; nil means the project has none.
	Finder Finder
	// Parse parses a module's source; nil uses python.Parse.
	Parse Parser
	// Recover makes a module or class body go on after a statement that
	// raised: the exception is reported, the names the statement would have
	// bound become Poison, and the next statement runs. That is how a models
	// file gets every independent mistake reported at once; a revision
	// script is run without it, as Python runs it.
	Recover bool
	// MaxSteps bounds the statements and calls a run may execute (default
	// 50 million); MaxDepth the nesting of calls and expressions (default 1000).
	MaxSteps, MaxDepth int
	// Stdout receives print(); nil discards it.
	Stdout io.Writer
	// Environ is the environment os.environ and os.getenv read: the real
	// one for the command line, none in the page (nil), so that the same
	// files give the same result everywhere.
	Environ map[string]string
	// Known reports whether an outside module (not the project's, not one a
	// library registered) is one Retort lets code import as Opaque: the
	// standard library and the usual third-party packages. Nil knows none.
	Known func(top string) bool
}

// DefaultMaxSteps and DefaultMaxDepth are the limits Options default to:
// enough for a 1,000-table models package or a data migration looping over
// a few hundred thousand rows, small enough that a runaway loop stops in
// seconds; and Python's own recursion limit.
const (
	DefaultMaxSteps = 50_000_000
	DefaultMaxDepth = 1000
)

// Interp runs Python modules. It is not safe for concurrent use.
type Interp struct {
	opts     Options
	ctx      context.Context
	modules  map[string]*Module
	libs     map[string]func(in *Interp) (*Module, error)
	builtins *Namespace
	files    map[string]*python.File

	errs     python.ErrorList
	warnings python.ErrorList
	syntax   python.ErrorList
	reported map[string]bool
	pending  []*Undefined

	steps, depth int
	opaqueBases  map[string]*Class
	opaque       map[*Module]bool
	starNames    map[*Module][]string
	// hints names the module a missing name is usually imported from.
	hints map[string]string
	// top is the innermost running call's frame (for super()).
	top *frame
	// ext holds what libraries keep per interpreter.
	ext map[any]any
}

// Ext returns what a library stored under key (nil when nothing).
func (in *Interp) Ext(key any) any { return in.ext[key] }

// SetExt stores a library's state under key.
func (in *Interp) SetExt(key, v any) {
	if in.ext == nil {
		in.ext = map[any]any{}
	}
	in.ext[key] = v
}

// New makes an interpreter.
func New(opts Options) *Interp {
	if opts.MaxSteps <= 0 {
		opts.MaxSteps = DefaultMaxSteps
	}
	if opts.MaxDepth <= 0 {
		opts.MaxDepth = DefaultMaxDepth
	}
	if opts.Parse == nil {
		opts.Parse = python.Parse
	}
	ctx := opts.Context
	if ctx == nil {
		ctx = context.Background()
	}
	in := &Interp{
		opts:        opts,
		ctx:         ctx,
		modules:     map[string]*Module{},
		libs:        map[string]func(in *Interp) (*Module, error){},
		files:       map[string]*python.File{},
		reported:    map[string]bool{},
		opaqueBases: map[string]*Class{},
		opaque:      map[*Module]bool{},
		starNames:   map[*Module][]string{},
		hints:       map[string]string{},
	}
	in.builtins = newBuiltins(in)
	registerStdlib(in)
	return in
}

// Context returns the run's context.
func (in *Interp) Context() context.Context { return in.ctx }

// Register makes a library module importable by name ("sqlalchemy",
// "sqlalchemy.orm"): build runs on its first import.
func (in *Interp) Register(name string, build func(in *Interp) (*Module, error)) {
	in.libs[name] = build
}

// RegisterSource makes a module importable by name whose code is Python
// source Retort carries (interp/pylib: small packages such as six).
func (in *Interp) RegisterSource(name, src string) {
	in.Register(name, func(in *Interp) (*Module, error) {
		tree, err := parseSource(name, src)
		if err != nil {
			return nil, fmt.Errorf("internal: %s: %w", name, err)
		}
		m := &Module{Name: name, Dict: NewNamespace(), File: tree.File, Package: true}
		m.Dict.Set("__name__", Str(name))
		return m, in.runModule(m, tree)
	})
}

// sourceTrees keeps the parse of each module Retort carries as source: a
// tree is never changed once parsed, and every command's interpreter (every
// keystroke's, in the page) would otherwise parse the same text again.
var sourceTrees sync.Map // name + "\x00" + src -> *python.Module

func parseSource(name, src string) (*python.Module, error) {
	key := name + "\x00" + src
	if t, ok := sourceTrees.Load(key); ok {
		return t.(*python.Module), nil
	}
	tree, err := python.Parse("<"+name+">", []byte(src))
	if err != nil {
		return nil, err
	}
	sourceTrees.Store(key, tree)
	return tree, nil
}

// Report records a mistake that does not stop the run: a library's complaint
// about an argument, worded for the user. Reported mistakes are returned by
// Errors; a run with any has failed.
func (in *Interp) Report(at Loc, format string, args ...any) {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	in.errs = append(in.errs, &python.Error{Pos: at.Pos(), End: at.End(), Msg: msg})
}

// Warn records something that does not stop the run but that the user should
// know: a statement Retort does not run although it has side effects.
func (in *Interp) Warn(at Loc, format string, args ...any) {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	in.warnings = append(in.warnings, &python.Error{Pos: at.Pos(), End: at.End(), Msg: msg, Severity: python.SeverityWarning})
}

// Errors returns the mistakes found so far, sorted: the syntax errors when
// there are any (what follows one is too often its consequence), every
// reported mistake otherwise.
func (in *Interp) Errors() python.ErrorList {
	list := in.errs
	if len(in.syntax) > 0 {
		list = in.syntax
	}
	list = slices.Clone(list)
	list.Sort()
	return slices.CompactFunc(list, func(a, b *python.Error) bool { return a.Pos == b.Pos && a.Msg == b.Msg })
}

// Warnings returns the warnings, sorted.
func (in *Interp) Warnings() python.ErrorList {
	list := slices.Clone(in.warnings)
	list.Sort()
	return slices.CompactFunc(list, func(a, b *python.Error) bool { return a.Pos == b.Pos && a.Msg == b.Msg })
}

// ReportError records an error a run ended with (an exception at its
// place), unless it stands for mistakes reported already.
func (in *Interp) ReportError(err error) { in.reportException(err) }

// reportException records an exception that ended a statement.
func (in *Interp) reportException(err error) {
	if IsReported(err) {
		return
	}
	e := asException(err)
	key := e.Loc.String() + "\x00" + e.Text()
	if in.reported[key] {
		return
	}
	in.reported[key] = true
	in.errs = append(in.errs, e.Diagnostic())
}

// step counts one statement or call against the limits, and notices
// cancellation.
func (in *Interp) step() error {
	in.steps++
	if in.steps > in.opts.MaxSteps {
		return NewError("RuntimeError", "the code ran more than %d steps without finishing (an endless loop?): Retort stopped it", in.opts.MaxSteps)
	}
	if in.steps&0xfff == 0 {
		if err := in.ctx.Err(); err != nil {
			return &Exception{Class: exceptionClasses["KeyboardInterrupt"], Args: []Value{Str("stopped: " + err.Error())}, Plain: true, Go: err}
		}
	}
	return nil
}

// enter counts one level of nesting (a call, an expression); leave undoes it.
func (in *Interp) enter() error {
	in.depth++
	if in.depth > in.opts.MaxDepth {
		in.depth--
		return NewError("RecursionError", "maximum recursion depth exceeded (more than %d nested calls or expressions)", in.opts.MaxDepth)
	}
	return nil
}

func (in *Interp) leave() { in.depth-- }

// Module returns an imported module by name.
func (in *Interp) Module(name string) (*Module, bool) {
	m, ok := in.modules[name]
	return m, ok
}

// ExecFile runs a file as a module of the given name that no import finds
// (env.py, a revision script). The module is returned even when the run
// failed, holding what its statements bound.
func (in *Interp) ExecFile(name, path, abs string, src []byte) (*Module, error) {
	m := &Module{Name: name, Path: path, Dict: NewNamespace()}
	m.Dict.Set("__name__", Str(name))
	m.Dict.Set("__file__", Str(abs))
	tree, err := in.opts.Parse(path, src)
	if tree != nil {
		m.File = tree.File
	}
	if err != nil {
		in.addSyntax(err)
		m.failed = true
		return m, err
	}
	return m, in.runModule(m, tree)
}

// ExecTree runs a parsed file as a module of the given name that no import
// finds (a revision script).
func (in *Interp) ExecTree(name, path, abs string, tree *python.Module) (*Module, error) {
	m := &Module{Name: name, Path: path, Dict: NewNamespace(), File: tree.File}
	m.Dict.Set("__name__", Str(name))
	m.Dict.Set("__file__", Str(abs))
	return m, in.runModule(m, tree)
}

func (in *Interp) addSyntax(err error) {
	var list python.ErrorList
	if errors.As(err, &list) {
		in.syntax = append(in.syntax, list...)
		return
	}
	var e *python.Error
	if errors.As(err, &e) {
		in.syntax = append(in.syntax, e)
	}
}

// runModule runs a module's statements.
func (in *Interp) runModule(m *Module, tree *python.Module) error {
	m.loading = true
	defer func() { m.loading = false }()
	f := &frame{mod: m, file: tree.File}
	return in.execBody(f, tree.Body, true)
}

// EvalIn evaluates an expression's source text in a module's namespace (a
// string annotation, as typing.get_type_hints does).
func (in *Interp) EvalIn(m *Module, src string) (Value, error) {
	tree, err := python.Parse(m.Path, []byte(src))
	if err != nil || tree == nil || len(tree.Body) != 1 {
		return nil, NewError("SyntaxError", "not an expression: %s", src)
	}
	es, ok := tree.Body[0].(*python.ExprStmt)
	if !ok {
		return nil, NewError("SyntaxError", "not an expression: %s", src)
	}
	f := &frame{mod: m, file: tree.File, tries: 1}
	return in.eval(f, es.X)
}

// Call calls a Python callable with arguments.
func (in *Interp) Call(fn Value, a *Args) (Value, error) {
	if a == nil {
		a = &Args{}
	}
	return in.call(fn, a)
}

// CallMethod calls obj.name(args...).
func (in *Interp) CallMethod(obj Value, name string, a *Args) (Value, error) {
	m, err := in.GetAttr(obj, name, Loc{})
	if err != nil {
		return nil, err
	}
	return in.Call(m, a)
}

// Opaque makes an Opaque value.
func (in *Interp) Opaque(what string, at Loc) *Opaque { return &Opaque{What: what, Loc: at} }

// opaqueBase returns the class that stands for an outside class as a base.
func (in *Interp) opaqueBase(o *Opaque) *Class {
	if c, ok := in.opaqueBases[o.What]; ok {
		return c
	}
	name := o.What
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	c := NewClass(name, "", nil)
	c.Opaque = true
	in.opaqueBases[o.What] = c
	return c
}

// Describe names a value's kind in messages: "a str", "None", "class User",
// "module 'sqlalchemy'".
func Describe(v Value) string {
	switch v := v.(type) {
	case nil:
		return "nothing"
	case NoneType:
		return "None"
	case Bool:
		if v {
			return "True"
		}
		return "False"
	case Int:
		return fmt.Sprint(int64(v))
	case Float:
		return python.FloatRepr(float64(v))
	case Str:
		return quote(string(v))
	case *Class:
		return "class " + v.Name
	case *Module:
		return "module '" + v.Name + "'"
	case *Func:
		return "function " + v.Name + "()"
	case *Opaque:
		return v.What
	case *Instance:
		return "a " + v.Class.Name + " object"
	case *Exception:
		return "a " + v.Class.Name
	case Object:
		return article(v.PyClass().Name)
	}
	return article(TypeOf(v).Name)
}

func article(name string) string {
	if name != "" && strings.ContainsRune("aeiouAEIOU", rune(name[0])) {
		return "an " + name
	}
	return "a " + name
}

// TypeOf returns a value's class.
func TypeOf(v Value) *Class {
	switch v := v.(type) {
	case NoneType:
		return NoneClass
	case Bool:
		return BoolClass
	case Int:
		return IntClass
	case Float:
		return FloatClass
	case Str:
		return StrClass
	case Bytes:
		return BytesClass
	case *List:
		return ListClass
	case *Tuple:
		return TupleClass
	case *Dict:
		return DictClass
	case *Set:
		if v.Frozen {
			return FrozenSetClass
		}
		return SetClass
	case *Func, *Builtin, *Method:
		return FunctionClass
	case *Module:
		return ModuleClass
	case *Property:
		return PropertyClass
	case *Slice:
		return SliceClass
	case Object:
		return v.PyClass()
	case *Opaque, *Undefined, Poison:
		return OpaqueClass
	}
	return ObjectClass
}
