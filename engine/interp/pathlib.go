package interp

import (
	"math"
	"path"
	"strings"
)

var (
	posInf = math.Inf(1)
	floor  = math.Floor
)

// PathValue is a pathlib.Path: a POSIX path, computed as pathlib does, never
// touching the disk.
type PathValue struct{ p string }

var pathClass = NewClass("PosixPath", "pathlib", &Native{New: func(in *Interp, cls *Class, a *Args) (Value, error) {
	parts, err := strArgs(pathArgs(a), "Path")
	if err != nil {
		return nil, err
	}
	if len(parts) == 0 {
		return &PathValue{p: "."}, nil
	}
	return &PathValue{p: joinPath(parts...)}, nil
}})

// pathArgs turns Path arguments into strings.
func pathArgs(a *Args) *Args {
	out := &Args{Loc: a.Loc}
	for _, p := range a.Pos {
		if pv, ok := p.Value.(*PathValue); ok {
			p.Value = Str(pv.p)
		}
		out.Pos = append(out.Pos, p)
	}
	return out
}

func joinPath(parts ...string) string {
	out := ""
	for _, p := range parts {
		switch {
		case strings.HasPrefix(p, "/"):
			out = p
		case out == "":
			out = p
		default:
			out = strings.TrimSuffix(out, "/") + "/" + p
		}
	}
	if out == "" {
		return "."
	}
	c := path.Clean(out)
	return c
}

// PyClass implements Object.
func (p *PathValue) PyClass() *Class { return pathClass }

// Str implements Stringer.
func (p *PathValue) Str(in *Interp) (string, error) { return p.p, nil }

// Repr implements Reprer.
func (p *PathValue) Repr(in *Interp) (string, error) { return "PosixPath(" + quote(p.p) + ")", nil }

// BinaryOp implements Operand: path / "name".
func (p *PathValue) BinaryOp(in *Interp, op string, other Value, reflected bool) (Value, error) {
	var o string
	switch x := other.(type) {
	case Str:
		o = string(x)
	case *PathValue:
		o = x.p
	default:
		return NotImplemented, nil
	}
	switch op {
	case "/":
		if reflected {
			return &PathValue{p: joinPath(o, p.p)}, nil
		}
		return &PathValue{p: joinPath(p.p, o)}, nil
	case "==":
		return Bool(p.p == o), nil
	case "!=":
		return Bool(p.p != o), nil
	}
	return NotImplemented, nil
}

// GetAttr implements Attrs.
func (p *PathValue) GetAttr(in *Interp, name string) (Value, error) {
	base := path.Base(p.p)
	switch name {
	case "parent":
		return &PathValue{p: path.Dir(p.p)}, nil
	case "name":
		return Str(base), nil
	case "stem":
		return Str(strings.TrimSuffix(base, path.Ext(base))), nil
	case "suffix":
		return Str(path.Ext(base)), nil
	case "parts":
		var items []Value
		for _, s := range strings.Split(strings.Trim(p.p, "/"), "/") {
			items = append(items, Str(s))
		}
		if strings.HasPrefix(p.p, "/") {
			items = append([]Value{Str("/")}, items...)
		}
		return NewTuple(items...), nil
	case "parents":
		var items []Value
		for d := path.Dir(p.p); ; d = path.Dir(d) {
			items = append(items, &PathValue{p: d})
			if d == "/" || d == "." {
				break
			}
		}
		return NewTuple(items...), nil
	}
	method := func(f func(a *Args) (Value, error)) (Value, error) {
		return &Builtin{Name: name, Fn: func(in *Interp, a *Args) (Value, error) { return f(a) }}, nil
	}
	switch name {
	case "resolve", "absolute", "expanduser":
		return method(func(a *Args) (Value, error) {
			if strings.HasPrefix(p.p, "/") {
				return p, nil
			}
			return &PathValue{p: joinPath(in.cwd(), p.p)}, nil
		})
	case "joinpath":
		return method(func(a *Args) (Value, error) {
			parts, err := strArgs(pathArgs(a), "joinpath")
			if err != nil {
				return nil, err
			}
			return &PathValue{p: joinPath(append([]string{p.p}, parts...)...)}, nil
		})
	case "exists", "is_file", "is_dir":
		return method(func(a *Args) (Value, error) { return Bool(false), nil })
	case "as_posix", "__fspath__":
		return method(func(a *Args) (Value, error) { return Str(p.p), nil })
	case "with_suffix":
		return method(func(a *Args) (Value, error) {
			s, err := strArg(a, 0, "with_suffix")
			if err != nil {
				return nil, err
			}
			return &PathValue{p: strings.TrimSuffix(p.p, path.Ext(p.p)) + s}, nil
		})
	case "mkdir", "touch", "unlink", "write_text", "write_bytes", "rmdir":
		return method(func(a *Args) (Value, error) {
			in.Warn(a.Loc, "Retort does not run Path.%s(): it has side effects, which the real Alembic would carry out", name)
			return None, nil
		})
	}
	return nil, nil
}

func pathlibModule(in *Interp) (*Module, error) {
	m := NewModule("pathlib")
	m.Set("Path", pathClass)
	m.Set("PosixPath", pathClass)
	m.Set("PurePath", pathClass)
	m.Set("PurePosixPath", pathClass)
	return m, nil
}
