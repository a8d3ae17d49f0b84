package interp

import (
	"sort"
	"strings"

	"retort/engine/python"
)

func (in *Interp) execImport(f *frame, s *python.Import) error {
	for _, al := range s.Names {
		at := f.loc(al)
		m, err := in.Import(al.Name, at)
		if err != nil {
			return withLoc(err, at)
		}
		if al.As != nil {
			in.bindName(f, al.As.Id, m)
			continue
		}
		top, _, dotted := cutDot(al.Name)
		if dotted {
			tm, err := in.Import(top, at)
			if err != nil {
				return withLoc(err, at)
			}
			in.bindName(f, top, tm)
			continue
		}
		in.bindName(f, top, m)
	}
	return nil
}

func (in *Interp) execImportFrom(f *frame, s *python.ImportFrom) error {
	at := f.loc(s)
	if s.Level == 0 && s.Module == "__future__" {
		for _, al := range s.Names {
			if al.Name == "annotations" {
				f.mod.futureAnnotations = true
			}
		}
		return nil
	}
	modAt := at
	if i := strings.Index(at.Text(), " "+strings.Repeat(".", s.Level)+s.Module); i >= 0 {
		modAt = Loc{File: at.File, From: at.From + i + 1, To: at.From + i + 1 + s.Level + len(s.Module)}
	}
	name, err := resolveRelative(f.mod, s.Module, s.Level)
	if err != nil {
		return withLoc(err, modAt)
	}
	m, err := in.Import(name, modAt)
	if err != nil {
		return withLoc(err, modAt)
	}
	for _, al := range s.Names {
		alAt := f.loc(al)
		if al.Name == "*" {
			if err := in.importStar(f, m); err != nil {
				return withLoc(err, alAt)
			}
			continue
		}
		v, err := in.importName(m, al.Name, alAt)
		if err != nil {
			return withLoc(err, alAt)
		}
		bind := al.Name
		if al.As != nil {
			bind = al.As.Id
		}
		in.bindName(f, bind, v)
	}
	return nil
}

// importName is one name of "from m import name".
func (in *Interp) importName(m *Module, name string, at Loc) (Value, error) {
	if v, ok := m.Dict.Get(name); ok {
		return v, nil
	}
	if m.Lazy != nil {
		v, ok, err := m.Lazy(in, name)
		if err != nil {
			return nil, err
		}
		if u, missing := v.(*Undefined); ok && missing {
			u.Handled = true
			ok = false
		}
		if ok {
			m.Dict.Set(name, v)
			return v, nil
		}
	}
	if sub, ok, err := in.importSubmodule(m, name, at); err != nil || ok {
		return sub, err
	}
	if m.failed {
		return Poison{}, nil
	}
	msg := "cannot import name '" + name + "' from '" + m.Name + "'"
	if m.Path != "" {
		msg += " (" + m.Path + ")"
	}
	if m.loading {
		msg += " (most likely due to a circular import)"
	}
	msg += didYouMean(name, publicNames(m.Dict))
	e := NewError("ImportError", "%s", msg)
	e.Loc = at
	return nil, e
}

// importStar binds a module's public names (its __all__, when it has one).
func (in *Interp) importStar(f *frame, m *Module) error {
	if all, ok := m.Dict.Get("__all__"); ok {
		items, err := in.List(all)
		if err != nil {
			return err
		}
		for _, it := range items {
			n, ok := it.(Str)
			if !ok {
				continue
			}
			v, err := in.importName(m, string(n), Loc{})
			if err != nil {
				return err
			}
			in.bindName(f, string(n), v)
		}
		return nil
	}
	if m.Lazy != nil && m.Path == "" {
		if lister, ok := in.starNames[m]; ok {
			for _, n := range lister {
				v, err := in.importName(m, n, Loc{})
				if err == nil {
					in.bindName(f, n, v)
				}
			}
		}
	}
	for _, n := range m.Dict.Names() {
		if strings.HasPrefix(n, "_") {
			continue
		}
		v, _ := m.Dict.Get(n)
		in.bindName(f, n, v)
	}
	return nil
}

// resolveRelative turns "from ..x import y" into an absolute module name.
func resolveRelative(m *Module, name string, level int) (string, error) {
	if level == 0 {
		return name, nil
	}
	pkg := m.Name
	if !m.Package {
		if i := strings.LastIndexByte(pkg, '.'); i >= 0 {
			pkg = pkg[:i]
		} else {
			pkg = ""
		}
	}
	for i := 1; i < level; i++ {
		j := strings.LastIndexByte(pkg, '.')
		if j < 0 {
			if pkg == "" {
				return "", NewError("ImportError", "attempted relative import beyond top-level package")
			}
			pkg = ""
			continue
		}
		pkg = pkg[:j]
	}
	if pkg == "" {
		if m.Path == "" || !strings.Contains(m.Path, "/") && !m.Package {
			return "", NewError("ImportError", "attempted relative import with no known parent package")
		}
		return name, nil
	}
	if name == "" {
		return pkg, nil
	}
	return pkg + "." + name, nil
}

// Import imports a module by its absolute dotted name, as `import name`
// does: its parent packages first.
func (in *Interp) Import(name string, at Loc) (*Module, error) {
	if m, ok := in.modules[name]; ok {
		return m, nil
	}
	var parent *Module
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		p, err := in.Import(name[:i], at)
		if err != nil {
			return nil, err
		}
		parent = p
		if m, ok := in.modules[name]; ok { // the parent's __init__ imported it
			return m, nil
		}
		if v, ok := p.Dict.Get(name[i+1:]); ok {
			if sm, ok := v.(*Module); ok && p.Path == "" {
				return sm, nil
			}
		}
	}
	if build, ok := in.libs[name]; ok {
		m, err := build(in)
		if err != nil {
			return nil, err
		}
		in.modules[name] = m
		if parent != nil {
			parent.Dict.Set(name[strings.LastIndexByte(name, '.')+1:], m)
		}
		return m, nil
	}
	if in.opts.Finder != nil && (parent == nil || parent.Path != "" || parent.Package && parent.Lazy == nil) {
		src, ok, err := in.opts.Finder.FindModule(name)
		if err != nil {
			return nil, NewError("ImportError", "%s", err.Error())
		}
		if ok {
			m := &Module{Name: name, Path: src.Path, Dict: NewNamespace(), Package: src.Package}
			m.Dict.Set("__name__", Str(name))
			m.Dict.Set("__file__", Str(src.Abs))
			if src.Package {
				m.Dict.Set("__path__", NewList(Str(strings.TrimSuffix(src.Abs, "/__init__.py"))))
			}
			in.modules[name] = m
			if parent != nil {
				parent.Dict.Set(name[strings.LastIndexByte(name, '.')+1:], m)
			}
			if src.Src != nil || !src.Package {
				tree, perr := in.opts.Parse(src.Path, src.Src)
				if tree != nil {
					m.File = tree.File
				}
				if perr != nil {
					in.addSyntax(perr)
					m.failed = true
					return m, nil
				}
				if err := in.runModule(m, tree); err != nil {
					if in.opts.Recover && !isFatal(err) {
						in.reportException(err)
						return m, nil
					}
					delete(in.modules, name)
					return nil, err
				}
			}
			return m, nil
		}
	}
	top, _, _ := cutDot(name)
	if parent != nil && parent.Path == "" && parent.Lazy != nil {
		if _, isLib := in.libs[top]; isLib {
			return nil, in.moduleNotFound(name, at)
		}
		if parent.Dict.Len() >= 0 && in.isOpaqueModule(parent) {
			return in.opaqueModule(name), nil
		}
	}
	if _, isLib := in.libs[top]; isLib {
		return nil, in.moduleNotFound(name, at)
	}
	if in.opts.Known != nil && in.opts.Known(top) {
		return in.opaqueModule(name), nil
	}
	return nil, in.moduleNotFound(name, at)
}

func (in *Interp) moduleNotFound(name string, at Loc) *Exception {
	hint := ""
	if l, ok := in.opts.Finder.(interface{ Modules() []string }); ok && !strings.Contains(name, ".") {
		hint = didYouMean(name, l.Modules())
	}
	e := NewError("ModuleNotFoundError", "No module named '%s'%s", name, hint)
	e.Loc = at
	return e
}

// opaqueModule makes an outside module Retort does not run: every attribute
// is an Opaque.
func (in *Interp) opaqueModule(name string) *Module {
	if m, ok := in.modules[name]; ok {
		return m
	}
	m := NewModule(name)
	m.Package = true
	m.Lazy = func(in *Interp, attr string) (Value, bool, error) {
		return &Opaque{What: name + "." + attr}, true, nil
	}
	in.modules[name] = m
	in.opaque[m] = true
	return m
}

func (in *Interp) isOpaqueModule(m *Module) bool { return in.opaque[m] }

// importSubmodule finds module.name as a submodule (a.b after import a).
func (in *Interp) importSubmodule(m *Module, name string, at Loc) (Value, bool, error) {
	if !m.Package {
		return nil, false, nil
	}
	full := m.Name + "." + name
	if sm, ok := in.modules[full]; ok {
		return sm, true, nil
	}
	if _, ok := in.libs[full]; ok {
		sm, err := in.Import(full, at)
		return sm, err == nil, err
	}
	if m.Path != "" && in.opts.Finder != nil {
		if _, ok, _ := in.opts.Finder.FindModule(full); ok {
			sm, err := in.Import(full, at)
			return sm, err == nil, err
		}
	}
	return nil, false, nil
}

// HintImport records that names are usually imported from module, so a
// NameError for one of them can say "import it: from module import name".
func (in *Interp) HintImport(module string, names ...string) {
	for _, n := range names {
		in.HintStatement(n, "from "+module+" import "+n)
	}
}

// HintStatement records the import statement that usually binds name
// ("import sqlalchemy as sa" for sa).
func (in *Interp) HintStatement(name, stmt string) {
	if _, ok := in.hints[name]; !ok {
		in.hints[name] = stmt
	}
}

// importHint is the import statement that would bind a missing name: the
// one it is usually bound by, else one from a project module already run
// that defines it at its top level.
func (in *Interp) importHint(from *Module, name string) string {
	if stmt, ok := in.hints[name]; ok {
		return stmt
	}
	var mods []string
	for n, m := range in.modules {
		if m == from || m.Path == "" || in.opaque[m] {
			continue
		}
		if v, ok := m.Dict.Get(name); ok && in.definedIn(v, m) {
			mods = append(mods, n)
		}
	}
	if len(mods) == 0 {
		return ""
	}
	sort.Strings(mods)
	return "from " + mods[0] + " import " + name
}

// definedIn reports whether v was made by module m rather than imported
// into it from another project module (a class a library made in m, such as
// declarative_base()'s, counts as m's).
func (in *Interp) definedIn(v Value, m *Module) bool {
	switch v := v.(type) {
	case *Class:
		if v.Module == m.Name {
			return true
		}
		other, ok := in.modules[v.Module]
		return !ok || other.Path == ""
	case *Func:
		return v.Module == m
	case *Module:
		return false
	}
	return true
}

// SetStarNames lists the names "from m import *" binds for a library module
// that makes its names on first use.
func (in *Interp) SetStarNames(m *Module, names []string) { in.starNames[m] = names }
