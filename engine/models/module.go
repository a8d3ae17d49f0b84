package models

import (
	"slices"
	"sort"

	"retort/engine/python"
)

// module is one Python module of the project (or env.py), with its namespace.
type module struct {
	name string // dotted: "models", "app.models"
	path string // "models.py", "app/models/__init__.py"
	file *python.File
	pkg  bool // a package (its file is __init__.py)
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
	env     bool // alembic's env.py
	// fixed, when set, is the span every position of this (string annotation's)
	// source maps to.
	fixed *[2]Pos
}

// lookup finds a name in the module's namespace.
func (m *module) lookup(name string) (value, bool) {
	v, ok := m.ns[name]
	return v, ok
}

func sortStrings(s []string) { sort.Strings(s) }

func sortedKeys(m map[string]value) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// externalModules are the outside packages env.py and models commonly import:
// the standard library's and the usual third-party ones. In env.py, a module
// that is neither one of these nor in the project is a mistake.
var externalModules = []string{
	"__future__", "abc", "alembic", "argparse", "asyncio", "base64", "collections",
	"configparser", "contextlib", "copy", "dataclasses", "datetime", "decimal", "dotenv",
	"enum", "fastapi", "flask", "flask_sqlalchemy", "functools", "geoalchemy2", "hashlib",
	"importlib", "inspect", "ipaddress", "itertools", "json", "logging", "math", "os",
	"passlib", "pathlib", "pydantic", "pydantic_settings", "random", "re", "secrets",
	"sqlalchemy", "sqlalchemy_utils", "sqlmodel", "string", "sys", "time", "types",
	"typing", "typing_extensions", "uuid", "warnings", "zoneinfo", "bcrypt", "jose", "jwt",
	"starlette", "werkzeug", "marshmallow", "psycopg2", "asyncpg", "aiosqlite", "sqlite3",
}

func knownExternal(top string) bool { return slices.Contains(externalModules, top) }
