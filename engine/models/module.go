package models

// module is one Python module of the project (or env.py), with its namespace.
type module struct {
	name string // dotted: "models", "app.models"
	file string // "models.py", "app/models/__init__.py"
	pkg  bool   // a package (its file is __init__.py)
	src  []byte
	ns   map[string]value
	// star lists the outside modules this one did `from X import *` of:
	// a name it does not define may come from them.
	star []string
	// all is __all__, when the module sets it to a list of strings.
	all     []string
	hasAll  bool
	loading bool // being executed (an import cycle reaches it half-done)
	failed  bool // did not parse: names imported from it are not reported
}

// lookup finds a name in the module's namespace.
func (m *module) lookup(name string) (value, bool) {
	v, ok := m.ns[name]
	return v, ok
}
