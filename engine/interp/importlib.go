package interp

// importlibModule is importlib: import_module(name) imports a module by its
// dotted name, as the import statement does (a revision script that loads
// another by name, whose file name starts with a digit).
func importlibModule(in *Interp) (*Module, error) {
	m := NewModule("importlib")
	m.Package = true
	m.Func("import_module", func(in *Interp, a *Args) (Value, error) {
		if len(a.Pos) < 1 || len(a.Pos) > 2 {
			return nil, typeError("import_module() takes a module name and an optional package")
		}
		name, ok := a.Pos[0].Value.(Str)
		if !ok {
			return nil, typeError("import_module() argument must be str, not %s", TypeOf(a.Pos[0].Value).Name)
		}
		if len(name) > 0 && name[0] == '.' {
			return nil, withLoc(NewError("ImportError", "Retort's import_module() takes absolute module names, not %s", quote(string(name))), a.Loc)
		}
		return in.Import(string(name), a.Loc)
	})
	return m, nil
}
