package models

import (
	"strings"
	"unicode"

	"retort/engine/python"
)

// Env is what Alembic's env.py configures, as far as autogenerate cares.
type Env struct {
	// Imports are env.py's top-level imports of modules that are not outside
	// packages (alembic, sqlalchemy, logging, ...): the project's own.
	Imports []EnvImport
	// ModelModules are the project modules env.py imports so that the models
	// are defined: `import models`, `from app import models`,
	// `from app.models import *`, `from models import User, Post`. A module
	// env.py imports only for the target's name (`from database import Base`)
	// is not one: it is TargetMetadata.Module.
	ModelModules []string
	// TargetMetadata is target_metadata = ...; nil for target_metadata = None
	// (or when env.py does not set it).
	TargetMetadata *TargetMetadata
	// Settings from the context.configure(...) calls (offline and online; a
	// keyword given in either counts).
	RenderAsBatch        bool
	CompareType          bool // current Alembic's default: True
	CompareServerDefault bool // default False
	IncludeSchemas       bool
	VersionTable         string // default "alembic_version"
	// Configure holds every keyword of the context.configure calls, as source
	// text, later calls overriding earlier ones.
	Configure map[string]string
}

// EnvImport is one import statement of env.py.
type EnvImport struct {
	Module   string   // dotted, with leading dots for a relative import
	Names    []string // the imported names of a from-import ("*" for all); nil for `import X`
	Pos, End Pos
}

// TargetMetadata is the right-hand side of target_metadata = ...
type TargetMetadata struct {
	Expr string // as written: "Base.metadata", "[a.metadata, b.metadata]"
	// Module is the module the expression's first name comes from
	// ("database" for `from database import Base`), "" if env.py defines it.
	Module string
	// Name is the object the expression starts from inside Module: "Base" for
	// Base.metadata, "Base" for models.Base.metadata (Module "models").
	Name     string
	Pos, End Pos
}

// LoadEnv reads env.py's source. It returns what it could read and the syntax
// errors, if any.
func LoadEnv(filename string, src []byte) (*Env, error) {
	tree, err := python.Parse(filename, src)
	env := &Env{CompareType: true, VersionTable: "alembic_version", Configure: map[string]string{}}
	if tree == nil {
		return env, convertSyntax(filename, err)
	}
	file := tree.File
	pos := func(off int) Pos {
		p := file.Position(off)
		return Pos{File: filename, Line: p.Line, Col: p.Column, Offset: p.Offset}
	}
	text := func(n python.Node) string { return file.Source()[n.Pos():n.End()] }
	// names bound by imports: name -> (module, name inside it)
	type origin struct{ module, name string }
	bound := map[string]origin{}
	var targetExpr python.Expr
	for _, st := range tree.Body {
		switch s := st.(type) {
		case *python.Import:
			for _, al := range s.Names {
				top := al.Name
				if i := strings.IndexByte(top, '.'); i >= 0 {
					top = top[:i]
				}
				if knownExternal(top) {
					continue
				}
				env.Imports = append(env.Imports, EnvImport{Module: al.Name, Pos: pos(al.Pos()), End: pos(al.End())})
				if al.As != nil {
					bound[al.As.Id] = origin{module: al.Name}
				} else {
					bound[top] = origin{module: top}
				}
			}
		case *python.ImportFrom:
			mod := strings.Repeat(".", s.Level) + s.Module
			top := s.Module
			if i := strings.IndexByte(top, '.'); i >= 0 {
				top = top[:i]
			}
			if s.Level == 0 && knownExternal(top) {
				continue
			}
			imp := EnvImport{Module: mod, Pos: pos(s.Pos()), End: pos(s.End())}
			for _, al := range s.Names {
				imp.Names = append(imp.Names, al.Name)
				as := al.Name
				if al.As != nil {
					as = al.As.Id
				}
				bound[as] = origin{module: mod, name: al.Name}
			}
			env.Imports = append(env.Imports, imp)
		case *python.Assign:
			for _, t := range s.Targets {
				if n, ok := t.(*python.Name); ok && n.Id == "target_metadata" && s.Value != nil {
					targetExpr = s.Value
				}
			}
		}
	}
	var targetRoot string
	if targetExpr != nil {
		if c, ok := targetExpr.(*python.Const); !ok || c.Value != "None" {
			tm := &TargetMetadata{Expr: text(targetExpr), Pos: pos(targetExpr.Pos()), End: pos(targetExpr.End())}
			first := targetExpr
			if l, ok := first.(*python.List); ok && len(l.Elts) > 0 {
				first = l.Elts[0]
			} else if t, ok := first.(*python.Tuple); ok && len(t.Elts) > 0 {
				first = t.Elts[0]
			}
			if dotted, ok := python.DottedName(first); ok {
				parts := strings.Split(dotted, ".")
				targetRoot = parts[0]
				if o, ok := bound[parts[0]]; ok {
					tm.Module = o.module
					tm.Name = o.name
					if o.name == "" && len(parts) > 1 { // import models; models.Base.metadata
						tm.Name = parts[1]
					}
				} else {
					tm.Name = parts[0]
				}
			}
			env.TargetMetadata = tm
		}
	}
	seen := map[string]bool{}
	addModel := func(m string) {
		if !seen[m] {
			seen[m] = true
			env.ModelModules = append(env.ModelModules, m)
		}
	}
	for _, imp := range env.Imports {
		if imp.Names == nil {
			addModel(imp.Module)
			continue
		}
		for _, n := range imp.Names {
			switch {
			case n == "*":
				addModel(imp.Module)
			case n == targetRoot:
			case startsLower(n):
				addModel(strings.TrimSuffix(imp.Module, ".") + "." + n)
			default:
				addModel(imp.Module)
			}
		}
	}
	// context.configure(...) keywords, wherever the calls are.
	python.Inspect(tree, func(n python.Node) bool {
		call, ok := n.(*python.Call)
		if !ok {
			return true
		}
		if name, ok := python.DottedName(call.Func); !ok || name != "context.configure" {
			return true
		}
		for _, kw := range call.Keywords {
			if kw.Name == nil {
				continue
			}
			env.Configure[kw.Name.Id] = text(kw.Value)
			b, isBool := constBool(kw.Value)
			switch kw.Name.Id {
			case "render_as_batch":
				env.RenderAsBatch = isBool && b
			case "compare_type":
				env.CompareType = !isBool || b // a function compares types too
			case "compare_server_default":
				env.CompareServerDefault = !isBool || b
			case "include_schemas":
				env.IncludeSchemas = isBool && b
			case "version_table":
				if s, ok := kw.Value.(*python.String); ok {
					env.VersionTable = s.Value
				}
			}
		}
		return true
	})
	return env, convertSyntax(filename, err)
}

func startsLower(s string) bool {
	for _, r := range s {
		return unicode.IsLower(r) || r == '_'
	}
	return false
}

func constBool(e python.Expr) (value, isBool bool) {
	c, ok := e.(*python.Const)
	if !ok {
		return false, false
	}
	switch c.Value {
	case "True":
		return true, true
	case "False", "None":
		return false, true
	}
	return false, false
}

// convertSyntax turns the python package's syntax errors into an ErrorList.
func convertSyntax(filename string, err error) error {
	if err == nil {
		return nil
	}
	m := &module{path: filename}
	ev := &evaluator{}
	ev.syntaxErrors(m, err)
	return ev.syntax.Err()
}
