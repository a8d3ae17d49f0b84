package models

import (
	"errors"
	"io/fs"
	"slices"
	"strings"

	"retort/engine/interp"
	"retort/engine/python"
)

// Finder finds a project's modules in an FS, for the interpreter: name.py,
// name/__init__.py, and folders without __init__.py (namespace packages). It
// records the files it read, in order.
type Finder struct {
	FS FS
	// Root is the project's folder as an absolute path (what __file__
	// starts with); "/project" when empty.
	Root  string
	Files []string
}

// FindModule implements interp.Finder.
func (f *Finder) FindModule(name string) (interp.Source, bool, error) {
	rel := strings.ReplaceAll(name, ".", "/")
	for _, cand := range []struct {
		path string
		pkg  bool
	}{{rel + ".py", false}, {rel + "/__init__.py", true}} {
		src, err := f.FS.ReadFile(cand.path)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			return interp.Source{}, false, err
		}
		if !slices.Contains(f.Files, cand.path) {
			f.Files = append(f.Files, cand.path)
		}
		return interp.Source{Path: cand.path, Abs: f.abs(cand.path), Src: src, Package: cand.pkg}, true, nil
	}
	// A namespace package (a folder without __init__.py) has no file of its
	// own; it exists when some module inside it does. An installed package
	// wins over a namespace folder of the same name (the project's alembic/
	// folder is not the alembic package).
	top, _, _ := strings.Cut(name, ".")
	if !interp.KnownOutside(top) && top != "alembic" && f.hasDir(rel) {
		return interp.Source{Path: rel, Abs: f.abs(rel), Package: true}, true, nil
	}
	return interp.Source{}, false, nil
}

func (f *Finder) abs(p string) string {
	root := f.Root
	if root == "" {
		root = "/project"
	}
	return strings.TrimSuffix(root, "/") + "/" + p
}

// Cwd is the project's folder (os.getcwd(), relative paths).
func (f *Finder) Cwd() string {
	if f.Root == "" {
		return "/project"
	}
	return f.Root
}

// hasDir reports whether the project has a folder that holds Python files.
func (f *Finder) hasDir(rel string) bool {
	if rd, ok := f.FS.(DirFS); ok {
		entries, err := rd.ReadDir(rel)
		return err == nil && len(entries) > 0
	}
	if m, ok := f.FS.(Files); ok {
		for name := range m {
			if strings.HasPrefix(name, rel+"/") {
				return true
			}
		}
	}
	return false
}

// Modules lists the project's top-level modules and packages, for
// suggestions.
func (f *Finder) Modules() []string {
	var files []string
	switch x := f.FS.(type) {
	case Files:
		for name := range x {
			files = append(files, name)
		}
	case DirFS:
		if entries, err := x.ReadDir("."); err == nil {
			for _, e := range entries {
				if e.IsDir() {
					files = append(files, e.Name()+"/__init__.py")
				} else {
					files = append(files, e.Name())
				}
			}
		}
	}
	slices.Sort(files)
	var out []string
	for _, name := range files {
		if !strings.HasSuffix(name, ".py") || strings.HasPrefix(name, "alembic/") {
			continue
		}
		mod := strings.TrimSuffix(strings.TrimSuffix(name, ".py"), "/__init__")
		if i := strings.IndexByte(mod, '/'); i >= 0 {
			mod = mod[:i]
		}
		mod = strings.ReplaceAll(mod, "/", ".")
		if !slices.Contains(out, mod) {
			out = append(out, mod)
		}
	}
	return out
}

// Parser returns the interpreter's parser for an FS: a ParserFS's own (it may
// reuse earlier parses), python.Parse otherwise.
func Parser(fsys FS) interp.Parser {
	if p, ok := fsys.(ParserFS); ok {
		return p.ParsePython
	}
	return python.Parse
}

// Load runs the model modules (dotted names, as env.py imports them:
// "models", "app.models") and every project module they import, and returns
// the schema of the metadata they define: the only declarative base or
// MetaData, or, when there are several, the first that holds tables.
//
// On mistakes it returns the Result as far as it could be built and a
// python.ErrorList of every independent mistake, sorted by position.
func Load(fsys FS, modules []string) (*Result, error) {
	finder := &Finder{FS: fsys}
	in := interp.New(interp.Options{Finder: finder, Parse: Parser(fsys), Recover: true, Known: interp.KnownOutside})
	l := Register(in, Options{ReadFile: fsys.ReadFile})
	for _, name := range modules {
		if _, err := in.Import(name, interp.Loc{}); err != nil {
			var e *interp.Exception
			if errors.As(err, &e) && e.Class == interp.ExceptionClassNamed("ModuleNotFoundError") && strings.Contains(e.Text(), "'"+name+"'") {
				file := strings.ReplaceAll(name, ".", "/")
				in.Report(interp.Loc{}, "No module named '%s' (no %s.py or %s/__init__.py)%s", name, file, file, didYouMean(name, finder.Modules()))
				continue
			}
			in.ReportError(err)
		}
	}
	res := l.Result(nil)
	res.Files = finder.Files
	res.Warnings = in.Warnings()
	return res, in.Errors().Err()
}
