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
	fixed *[2]loc
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
	// The standard library's top-level modules.
	"__future__", "abc", "argparse", "array", "ast", "asyncio", "atexit", "base64", "binascii",
	"bisect", "builtins", "bz2", "calendar", "cgi", "cmath", "codecs", "collections",
	"colorsys", "concurrent", "configparser", "contextlib", "contextvars", "copy", "csv",
	"ctypes", "dataclasses", "datetime", "dbm", "decimal", "difflib", "dis", "email",
	"encodings", "enum", "errno", "faulthandler", "fnmatch", "fractions", "functools", "gc",
	"getpass", "gettext", "glob", "graphlib", "gzip", "hashlib", "heapq", "hmac", "html",
	"http", "importlib", "inspect", "io", "ipaddress", "itertools", "json", "keyword",
	"locale", "logging", "lzma", "math", "mimetypes", "multiprocessing", "numbers",
	"operator", "os", "pathlib", "pickle", "platform", "pprint", "queue", "random", "re",
	"secrets", "select", "shlex", "shutil", "signal", "socket", "sqlite3", "ssl", "stat",
	"statistics", "string", "struct", "subprocess", "sys", "sysconfig", "tempfile",
	"textwrap", "threading", "time", "timeit", "tomllib", "traceback", "types", "typing",
	"unicodedata", "unittest", "urllib", "uuid", "warnings", "weakref", "xml", "zipfile",
	"zlib", "zoneinfo",
	// Third-party packages env.py and models commonly use.
	"aiosqlite", "alembic", "alembic_postgresql_enum", "alembic_utils", "asyncpg", "attr",
	"attrs", "bcrypt", "celery", "click", "databases", "decouple", "django", "dotenv",
	"environs", "fastapi", "flask", "flask_login", "flask_migrate", "flask_sqlalchemy",
	"geoalchemy2", "httpx", "itsdangerous", "jose", "jwt", "marshmallow", "msgspec",
	"numpy", "orjson", "pandas", "passlib", "psycopg", "psycopg2", "pydantic",
	"pydantic_settings", "pymysql", "pytz", "redis", "requests", "sqlalchemy",
	"sqlalchemy_utils", "sqlmodel", "starlette", "typer", "typing_extensions", "ujson",
	"uvicorn", "werkzeug", "yaml",
}

func knownExternal(top string) bool { return slices.Contains(externalModules, top) }
