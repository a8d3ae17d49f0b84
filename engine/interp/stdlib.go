package interp

import (
	"embed"
	"math"
	"path"
	"slices"
	"sort"
	"strings"
)

// The parts of the standard library that models and scripts use for what
// they mean (types in annotations, enums, paths, the environment), run as
// Python would. Modules Retort does not model are Opaque (KnownOutside).

// KnownOutside reports whether a top-level module name is one of the
// standard library's or a usual third-party package's: importing it gives an
// Opaque module (when no library models it) rather than ModuleNotFoundError.
func KnownOutside(top string) bool { return slices.Contains(outsideModules, top) }

var outsideModules = []string{
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
	// Third-party packages that models, env.py and scripts commonly use.
	"aiosqlite", "alembic_postgresql_enum", "alembic_utils", "asyncpg", "attr",
	"attrs", "bcrypt", "celery", "click", "databases", "decouple", "django", "dotenv",
	"email_validator", "environs", "fastapi", "flask_login", "flask_wtf", "flask_mail",
	"flask_babel", "flask_cors", "flask_jwt_extended", "flask_bcrypt", "flask_moment",
	"flask_restful", "flask_marshmallow", "geoalchemy2", "httpx", "itsdangerous", "jose",
	"jwt", "markdown", "marshmallow", "msgspec", "orjson", "pandas", "passlib",
	"psycopg", "psycopg2", "pydantic_settings", "pymysql", "pytz", "redis", "requests",
	"slugify", "sqlalchemy_utils", "starlette", "typer", "ujson", "uvicorn", "werkzeug",
	"wtforms", "yaml", "dateutil", "babel", "jinja2", "bleach", "boto3", "stripe",
	"sentry_sdk", "pytest", "hypothesis", "mysqlclient", "MySQLdb", "cx_Oracle", "oracledb",
	"pyodbc", "greenlet", "anyio", "sniffio", "authlib", "oauthlib", "jsonschema",
	"rich", "loguru", "structlog", "tenacity", "cryptography", "nacl", "phonenumbers",
	"pendulum", "arrow", "humanize", "emails", "aiohttp", "grpc", "google", "azure",
}

// pylib holds the modules Retort carries as Python source.
//
//go:embed pylib/*.py
var pylib embed.FS

func registerStdlib(in *Interp) {
	in.Register("typing", typingModule("typing"))
	in.Register("typing_extensions", typingModule("typing_extensions"))
	in.Register("enum", enumModule)
	in.Register("dataclasses", dataclassesModule)
	in.Register("datetime", datetimeModule)
	in.Register("uuid", uuidModule)
	in.Register("importlib", importlibModule)
	in.Register("decimal", decimalModule)
	in.Register("os", osModule)
	in.Register("os.path", osPathModule)
	in.Register("sys", sysModule)
	in.Register("functools", functoolsModule)
	in.Register("asyncio", asyncioModule)
	in.Register("pathlib", pathlibModule)
	in.Register("math", mathModule)
	in.Register("contextlib", contextlibModule)
	in.Register("abc", abcModule)
	in.Register("collections", collectionsModule)
	in.Register("json", jsonModule)
	in.Register("re", reModule)
	in.Register("pickle", pickleModule)
	for _, name := range []string{"six", "packaging", "packaging.version", "textwrap", "numpy"} {
		src, err := pylib.ReadFile("pylib/" + name + ".py")
		if err != nil {
			panic(err) // embedded
		}
		in.RegisterSource(name, string(src))
	}
	in.HintImport("typing", "Optional", "List", "Dict", "Set", "Tuple", "Union", "Annotated", "Literal", "Any", "ClassVar", "TYPE_CHECKING")
	in.HintImport("datetime", "datetime", "date", "time", "timedelta", "timezone")
	in.HintImport("decimal", "Decimal")
	in.HintImport("uuid", "UUID", "uuid4")
	in.HintImport("enum", "Enum", "IntEnum", "auto")
	in.HintImport("dataclasses", "dataclass", "field")
	for _, name := range []string{"subprocess", "shutil"} {
		name := name
		in.Register(name, func(in *Interp) (*Module, error) {
			m := NewModule(name)
			m.Lazy = func(in *Interp, attr string) (Value, bool, error) {
				return &Builtin{Name: attr, Fn: func(in *Interp, a *Args) (Value, error) {
					in.Warn(a.Loc, "Retort does not run %s.%s(): a command with side effects, which the real Alembic would run", name, attr)
					return &Opaque{What: name + "." + attr + "()", Loc: a.Loc}, nil
				}}, true, nil
			}
			return m, nil
		})
	}
}

// typeClass makes a typing construct: subscripting it gives a Generic.
func typeClass(module, name string) *Class {
	return NewClass(name, module, &Native{
		ClassItem: func(in *Interp, cls *Class, key Value, at Loc) (Value, error) {
			return &Generic{Origin: cls, Args: tupleArgs(key), Loc: at}, nil
		},
	})
}

// Typing classes other libraries recognise.
var (
	TypingAny         = typeClass("typing", "Any")
	TypingAnnotated   = typeClass("typing", "Annotated")
	TypingClassVar    = typeClass("typing", "ClassVar")
	TypingLiteral     = typeClass("typing", "Literal")
	TypingList        = typeClass("typing", "List")
	TypingDict        = typeClass("typing", "Dict")
	TypingSet         = typeClass("typing", "Set")
	TypingTuple       = typeClass("typing", "Tuple")
	TypingFinal       = typeClass("typing", "Final")
	TypingType        = typeClass("typing", "Type")
	TypingCallable    = typeClass("typing", "Callable")
	TypingSequence    = typeClass("typing", "Sequence")
	TypingNewType     = NewClass("NewType", "typing", nil)
	TypingTypeVarType = NewClass("TypeVar", "typing", nil)
)

func typingModule(name string) func(in *Interp) (*Module, error) {
	return func(in *Interp) (*Module, error) {
		m := NewModule(name)
		for _, c := range []*Class{TypingAny, TypingAnnotated, TypingClassVar, TypingLiteral, TypingList, TypingDict,
			TypingSet, TypingTuple, TypingFinal, TypingType, TypingCallable, TypingSequence} {
			m.Set(c.Name, c)
		}
		for _, alias := range []string{"Iterable", "Iterator", "Mapping", "MutableMapping", "MutableSequence",
			"FrozenSet", "DefaultDict", "OrderedDict", "Deque", "Awaitable", "Coroutine", "AsyncIterator",
			"Generator", "Collection", "Container", "Hashable", "Sized", "Pattern", "Match", "IO", "TextIO",
			"BinaryIO", "AbstractSet", "MutableSet", "Counter", "ChainMap", "Union", "Optional",
			"TypeAlias", "ParamSpec", "Concatenate", "TypeGuard", "Self", "LiteralString", "Never",
			"NoReturn", "Required", "NotRequired", "Unpack", "TypeVarTuple"} {
			if _, ok := m.Dict.Get(alias); !ok {
				m.Set(alias, typeClass(name, alias))
			}
		}
		optional := NewClass("Optional", name, &Native{ClassItem: func(in *Interp, cls *Class, key Value, at Loc) (Value, error) {
			return MakeUnion(key, None), nil
		}})
		union := NewClass("Union", name, &Native{ClassItem: func(in *Interp, cls *Class, key Value, at Loc) (Value, error) {
			return MakeUnion(tupleArgs(key)...), nil
		}})
		m.Set("Optional", optional)
		m.Set("Union", union)
		m.Set("TYPE_CHECKING", Bool(false))
		generic := NewClass("Generic", name, &Native{ClassItem: func(in *Interp, cls *Class, key Value, at Loc) (Value, error) {
			return cls, nil // class Foo(Generic[T]) derives from Generic
		}})
		m.Set("Generic", generic)
		m.Set("Protocol", NewClass("Protocol", name, &Native{ClassItem: func(in *Interp, cls *Class, key Value, at Loc) (Value, error) {
			return cls, nil
		}}))
		m.Set("NamedTuple", NewClass("NamedTuple", name, nil))
		m.Set("TypedDict", NewClass("TypedDict", name, nil))
		m.Func("TypeVar", func(in *Interp, a *Args) (Value, error) {
			return &Instance{Class: TypingTypeVarType, Dict: NewNamespace()}, nil
		})
		m.Func("NewType", func(in *Interp, a *Args) (Value, error) {
			if err := want(a, "NewType", 2, 2); err != nil {
				return nil, err
			}
			// A NewType stands for its supertype wherever a type is looked up.
			return a.Pos[1].Value, nil
		})
		m.Func("cast", func(in *Interp, a *Args) (Value, error) {
			if err := want(a, "cast", 2, 2); err != nil {
				return nil, err
			}
			return a.Pos[1].Value, nil
		})
		identity := func(in *Interp, a *Args) (Value, error) {
			if len(a.Pos) == 0 {
				return None, nil
			}
			return a.Pos[0].Value, nil
		}
		for _, n := range []string{"overload", "final", "no_type_check", "runtime_checkable", "override", "dataclass_transform"} {
			m.Func(n, identity)
		}
		m.Func("get_type_hints", func(in *Interp, a *Args) (Value, error) { return NewDict(), nil })
		return m, nil
	}
}

// EnumMember is a member of an enum.Enum class.
type EnumMember struct {
	Class *Class
	Name  string
	Value Value
}

// PyClass implements Object.
func (e *EnumMember) PyClass() *Class { return e.Class }

// HashKey implements Hasher: a member is itself.
func (e *EnumMember) HashKey() (any, error) { return e, nil }

// GetAttr implements Attrs.
func (e *EnumMember) GetAttr(in *Interp, name string) (Value, error) {
	switch name {
	case "name", "_name_":
		return Str(e.Name), nil
	case "value", "_value_":
		return e.Value, nil
	case "__class__":
		return e.Class, nil
	}
	if v, owner, ok := e.Class.Lookup(name); ok {
		if _, isMember := v.(*EnumMember); !isMember {
			return bindAttr(v, e, owner)
		}
	}
	if mixin := enumMixin(e.Class); mixin != nil {
		if m, ok := builtinMethod(in, e.Value, name); ok {
			return m, nil
		}
	}
	return nil, nil
}

// BinaryOp implements Operand: a member of a str or int enum compares as its value.
func (e *EnumMember) BinaryOp(in *Interp, op string, other Value, reflected bool) (Value, error) {
	if enumMixin(e.Class) == nil {
		return NotImplemented, nil
	}
	if o, ok := other.(*EnumMember); ok {
		other = o.Value
	}
	if reflected {
		if op == "contains" {
			return NotImplemented, nil
		}
		switch op {
		case "==", "!=", "<", "<=", ">", ">=":
			return in.Compare(op, other, e.Value)
		}
		return in.BinaryOp(op, other, e.Value)
	}
	switch op {
	case "==", "!=", "<", "<=", ">", ">=":
		return in.Compare(op, e.Value, other)
	}
	return in.BinaryOp(op, e.Value, other)
}

// Repr implements Reprer.
func (e *EnumMember) Repr(in *Interp) (string, error) {
	v, err := in.Repr(e.Value)
	return "<" + e.Class.Name + "." + e.Name + ": " + v + ">", err
}

// Str implements Stringer.
func (e *EnumMember) Str(in *Interp) (string, error) {
	if e.Class.IsSubclass(strEnumClass) || e.Class.IsSubclass(intEnumClass) {
		return in.Str(e.Value)
	}
	return e.Class.Name + "." + e.Name, nil
}

// Members returns an enum class's members in definition order.
func EnumMembers(c *Class) []*EnumMember {
	if d, ok := c.Data.(*enumData); ok {
		return d.members
	}
	return nil
}

type enumData struct {
	members []*EnumMember
	byName  map[string]*EnumMember
}

var (
	// EnumClass is enum.Enum.
	EnumClass    *Class
	intEnumClass *Class
	strEnumClass *Class
	autoClass    = NewClass("auto", "enum", nil)
)

// enumMixin returns the built-in type an enum derives from (str in class
// Status(str, Enum)), or nil.
func enumMixin(c *Class) *Class {
	for _, k := range c.MRO {
		switch k {
		case StrClass, IntClass, FloatClass:
			return k
		}
	}
	return nil
}

func init() {
	EnumClass = NewClass("Enum", "enum", &Native{
		Metaclass: true,
		Subclassed: func(in *Interp, cls *Class) error {
			d := &enumData{byName: map[string]*EnumMember{}}
			// members inherited from nothing: an enum with members cannot be subclassed.
			for _, b := range cls.Bases {
				if bd, ok := b.Data.(*enumData); ok && len(bd.members) > 0 {
					return typeError("%s: cannot extend enumeration '%s'", cls.Name, b.Name)
				}
			}
			autoN := int64(0)
			for _, name := range cls.Dict.Names() {
				if strings.HasPrefix(name, "_") {
					continue
				}
				v, _ := cls.Dict.Get(name)
				switch v.(type) {
				case *Func, *Builtin, *ClassMethod, *StaticMethod, *Property, *Class:
					continue
				}
				if inst, ok := v.(*Instance); ok && inst.Class == autoClass {
					autoN++
					if cls.IsSubclass(strEnumClass) {
						v = Str(strings.ToLower(name))
					} else {
						v = Int(autoN)
					}
				} else if n, ok := intOf(v); ok {
					autoN = n
				}
				if t, ok := v.(*Tuple); ok && enumMixin(cls) == nil && len(t.Items) > 0 {
					v = t // a tuple value stays a tuple
				}
				if mixin := enumMixin(cls); mixin != nil {
					if conv, err := in.instantiate(mixin, Values(v)); err == nil {
						v = conv
					}
				}
				member := &EnumMember{Class: cls, Name: name, Value: v}
				// An alias (the same value again) names the first member.
				for _, m := range d.members {
					if eq, _ := in.Equal(m.Value, v); eq {
						member = m
						break
					}
				}
				if member.Name == name {
					d.members = append(d.members, member)
				}
				d.byName[name] = member
				cls.Dict.Set(name, member)
			}
			cls.Data = d
			return nil
		},
		ClassIter: func(in *Interp, cls *Class) ([]Value, error) {
			out := []Value{}
			for _, m := range EnumMembers(cls) {
				out = append(out, m)
			}
			return out, nil
		},
		ClassItem: func(in *Interp, cls *Class, key Value, at Loc) (Value, error) {
			if s, ok := key.(Str); ok {
				if d, ok := cls.Data.(*enumData); ok {
					if m, ok := d.byName[string(s)]; ok {
						return m, nil
					}
				}
			}
			return nil, &Exception{Class: exceptionClasses["KeyError"], Args: []Value{key}}
		},
		New: func(in *Interp, cls *Class, a *Args) (Value, error) {
			if len(a.Pos) != 1 {
				return nil, typeError("%s() takes one value", cls.Name)
			}
			for _, m := range EnumMembers(cls) {
				if eq, _ := in.Equal(m.Value, a.Pos[0].Value); eq {
					return m, nil
				}
				if m == a.Pos[0].Value {
					return m, nil
				}
			}
			r, _ := in.Repr(a.Pos[0].Value)
			return nil, valueError("%s is not a valid %s", r, cls.Name)
		},
	})
	intEnumClass = NewClass("IntEnum", "enum", nil, IntClass, EnumClass)
	strEnumClass = NewClass("StrEnum", "enum", nil, StrClass, EnumClass)
	autoClass.Native = &Native{New: func(in *Interp, cls *Class, a *Args) (Value, error) {
		return &Instance{Class: autoClass, Dict: NewNamespace()}, nil
	}}
}

func enumModule(in *Interp) (*Module, error) {
	m := NewModule("enum")
	m.Set("Enum", EnumClass)
	m.Set("IntEnum", intEnumClass)
	m.Set("StrEnum", strEnumClass)
	m.Set("Flag", NewClass("Flag", "enum", nil, EnumClass))
	m.Set("IntFlag", NewClass("IntFlag", "enum", nil, IntClass, EnumClass))
	m.Set("auto", autoClass)
	m.Func("unique", func(in *Interp, a *Args) (Value, error) { return a.Pos[0].Value, nil })
	m.Set("EnumMeta", TypeClass)
	m.Set("EnumType", TypeClass)
	return m, nil
}

// decoratorOrFactory makes a decorator usable bare (@dataclass) or called
// (@dataclass(frozen=True)): either way the decorated object is returned
// unchanged.
func decoratorOrFactory(name string) *Builtin {
	var b *Builtin
	b = &Builtin{Name: name, Fn: func(in *Interp, a *Args) (Value, error) {
		if len(a.Pos) == 1 && len(a.Kw) == 0 {
			switch a.Pos[0].Value.(type) {
			case *Class, *Func, *Builtin, *Method:
				return a.Pos[0].Value, nil
			}
		}
		return &Builtin{Name: name, Fn: func(in *Interp, a *Args) (Value, error) {
			if len(a.Pos) == 0 {
				return None, nil
			}
			return a.Pos[0].Value, nil
		}}, nil
	}}
	return b
}

func dataclassesModule(in *Interp) (*Module, error) {
	m := NewModule("dataclasses")
	m.Set("dataclass", decoratorOrFactory("dataclass"))
	m.Func("field", func(in *Interp, a *Args) (Value, error) {
		if d, ok := a.Kwarg("default"); ok {
			return d.Value, nil
		}
		return &Opaque{What: "dataclasses.field()", Loc: a.Loc}, nil
	})
	m.Set("MISSING", &Opaque{What: "dataclasses.MISSING"})
	m.Set("InitVar", typeClass("dataclasses", "InitVar"))
	m.Set("KW_ONLY", &Opaque{What: "dataclasses.KW_ONLY"})
	return m, nil
}

// outsideValueClass makes a class whose instances Retort does not follow
// (datetime.datetime(...)): calling it, or its class methods, gives Opaque.
func outsideValueClass(module, name string, classFuncs ...string) *Class {
	c := NewClass(name, module, &Native{
		New: func(in *Interp, cls *Class, a *Args) (Value, error) {
			return &Opaque{What: module + "." + name + "()", Loc: a.Loc}, nil
		},
	})
	for _, fn := range classFuncs {
		fn := fn
		c.Dict.Set(fn, &StaticMethod{Func: &Builtin{Name: fn, Fn: func(in *Interp, a *Args) (Value, error) {
			return &Opaque{What: module + "." + name + "." + fn + "()", Loc: a.Loc}, nil
		}}})
	}
	return c
}

// DecimalClass is decimal.Decimal, a column type in annotations; its values
// are not followed.
var DecimalClass = outsideValueClass("decimal", "Decimal")

func decimalModule(in *Interp) (*Module, error) {
	m := NewModule("decimal")
	m.Set("Decimal", DecimalClass)
	return m, nil
}

// osModule is os: the environment is Options.Environ, paths are joined as
// POSIX paths, and what would change the machine is not run (and said so).
func osModule(in *Interp) (*Module, error) {
	m := NewModule("os")
	m.Package = true
	environ := NewDict()
	keys := make([]string, 0, len(in.opts.Environ))
	for k := range in.opts.Environ {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		environ.Set(Str(k), Str(in.opts.Environ[k]))
	}
	m.Set("environ", environ)
	m.Func("getenv", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "getenv", 1, 2); err != nil {
			return nil, err
		}
		if len(a.Pos) > 0 {
			if v, ok, _ := environ.Get(a.Pos[0].Value); ok {
				return v, nil
			}
		}
		if len(a.Pos) == 2 {
			return a.Pos[1].Value, nil
		}
		return kwarg(a, "default", None), nil
	})
	m.Set("sep", Str("/"))
	m.Set("name", Str("posix"))
	m.Set("linesep", Str("\n"))
	m.Set("curdir", Str("."))
	m.Func("getcwd", func(in *Interp, a *Args) (Value, error) { return Str(in.cwd()), nil })
	for _, fn := range []string{"system", "remove", "unlink", "rmdir", "removedirs", "makedirs", "mkdir", "rename", "replace", "chmod", "chdir", "popen", "kill", "putenv", "startfile", "symlink"} {
		fn := fn
		m.Func(fn, func(in *Interp, a *Args) (Value, error) {
			in.Warn(a.Loc, "Retort does not run os.%s(): it has side effects, which the real Alembic would carry out", fn)
			if fn == "system" {
				return Int(0), nil
			}
			return None, nil
		})
	}
	m.Func("listdir", func(in *Interp, a *Args) (Value, error) { return NewList(), nil })
	m.Lazy = func(in *Interp, name string) (Value, bool, error) {
		if name == "path" {
			p, err := in.Import("os.path", Loc{})
			return p, err == nil, err
		}
		return nil, false, nil
	}
	return m, nil
}

func (in *Interp) cwd() string {
	if c, ok := in.opts.Finder.(interface{ Cwd() string }); ok {
		return c.Cwd()
	}
	return "/"
}

func strArgs(a *Args, name string) ([]string, error) {
	out := make([]string, len(a.Pos))
	for i, p := range a.Pos {
		s, ok := p.Value.(Str)
		if !ok {
			if o, isOpaque := p.Value.(*Opaque); isOpaque {
				return nil, Errorf(p.Loc, "%s() needs a path, but %s comes from outside the project, which Retort does not run", name, o.What)
			}
			return nil, typeError("%s() argument must be str, not %s", name, TypeOf(p.Value).Name)
		}
		out[i] = string(s)
	}
	return out, nil
}

func osPathModule(in *Interp) (*Module, error) {
	m := NewModule("os.path")
	str1 := func(name string, f func(in *Interp, s string) Value) {
		m.Func(name, func(in *Interp, a *Args) (Value, error) {
			if err := want(a, name, 1, 1); err != nil {
				return nil, err
			}
			s, err := strArgs(a, name)
			if err != nil {
				return nil, err
			}
			return f(in, s[0]), nil
		})
	}
	m.Func("join", func(in *Interp, a *Args) (Value, error) {
		parts, err := strArgs(a, "join")
		if err != nil {
			return nil, err
		}
		out := ""
		for _, p := range parts {
			switch {
			case strings.HasPrefix(p, "/"):
				out = p
			case out == "" || strings.HasSuffix(out, "/"):
				out += p
			default:
				out += "/" + p
			}
		}
		return Str(out), nil
	})
	str1("dirname", func(in *Interp, s string) Value {
		i := strings.LastIndexByte(s, '/')
		if i < 0 {
			return Str("")
		}
		head := s[:i]
		if strings.Trim(head, "/") == "" {
			return Str(s[:i+1])
		}
		return Str(strings.TrimRight(head, "/"))
	})
	str1("basename", func(in *Interp, s string) Value { return Str(s[strings.LastIndexByte(s, '/')+1:]) })
	abs := func(in *Interp, s string) Value {
		if !strings.HasPrefix(s, "/") {
			s = in.cwd() + "/" + s
		}
		return Str(path.Clean(s))
	}
	str1("abspath", abs)
	str1("realpath", abs)
	str1("normpath", func(in *Interp, s string) Value { return Str(path.Clean(s)) })
	str1("expanduser", func(in *Interp, s string) Value { return Str(s) })
	str1("isabs", func(in *Interp, s string) Value { return Bool(strings.HasPrefix(s, "/")) })
	for _, fn := range []string{"exists", "isfile", "isdir", "islink"} {
		str1(fn, func(in *Interp, s string) Value { return Bool(false) })
	}
	str1("splitext", func(in *Interp, s string) Value {
		base := s[strings.LastIndexByte(s, '/')+1:]
		if i := strings.LastIndexByte(base, '.'); i > 0 {
			cut := len(s) - len(base) + i
			return NewTuple(Str(s[:cut]), Str(s[cut:]))
		}
		return NewTuple(Str(s), Str(""))
	})
	str1("split", func(in *Interp, s string) Value {
		i := strings.LastIndexByte(s, '/')
		return NewTuple(Str(strings.TrimRight(s[:i+1], "/")), Str(s[i+1:]))
	})
	m.Set("sep", Str("/"))
	return m, nil
}

func sysModule(in *Interp) (*Module, error) {
	m := NewModule("sys")
	m.Set("path", NewList())
	m.Set("argv", NewList(Str("alembic")))
	m.Set("version_info", NewTuple(Int(3), Int(11), Int(0), Str("final"), Int(0)))
	m.Set("version", Str("3.11.0"))
	m.Set("platform", Str("linux"))
	m.Set("maxsize", Int(1<<63-1))
	m.Set("modules", NewDict())
	m.Set("stdout", &Opaque{What: "sys.stdout"})
	m.Set("stderr", &Opaque{What: "sys.stderr"})
	m.Func("exit", func(in *Interp, a *Args) (Value, error) {
		return nil, &Exception{Class: exceptionClasses["SystemExit"], Args: []Value{Str("sys.exit() called")}, Plain: true}
	})
	return m, nil
}

// Partial is functools.partial.
type Partial struct {
	Func Value
	Args *Args
}

// PyClass implements Object.
func (p *Partial) PyClass() *Class { return partialClass }

var partialClass = NewClass("partial", "functools", nil)

// Call implements Callable.
func (p *Partial) Call(in *Interp, a *Args) (Value, error) {
	na := &Args{Loc: a.Loc, Func: a.Func}
	na.Pos = append(append([]Arg(nil), p.Args.Pos...), a.Pos...)
	na.Kw = append(append([]Arg(nil), p.Args.Kw...), a.Kw...)
	return in.Call(p.Func, na)
}

func functoolsModule(in *Interp) (*Module, error) {
	m := NewModule("functools")
	m.Func("partial", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "partial", 1, -1); err != nil {
			return nil, err
		}
		return &Partial{Func: a.Pos[0].Value, Args: &Args{Pos: a.Pos[1:], Kw: a.Kw}}, nil
	})
	for _, n := range []string{"lru_cache", "cache", "cached_property", "total_ordering", "singledispatch"} {
		m.Set(n, decoratorOrFactory(n))
	}
	m.Func("wraps", func(in *Interp, a *Args) (Value, error) {
		return &Builtin{Name: "wraps", Fn: func(in *Interp, a *Args) (Value, error) { return a.Pos[0].Value, nil }}, nil
	})
	m.Func("reduce", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "reduce", 2, 3); err != nil {
			return nil, err
		}
		items, err := in.List(a.Pos[1].Value)
		if err != nil {
			return nil, err
		}
		var acc Value
		if len(a.Pos) == 3 {
			acc = a.Pos[2].Value
		} else {
			if len(items) == 0 {
				return nil, typeError("reduce() of empty iterable with no initial value")
			}
			acc, items = items[0], items[1:]
		}
		for _, it := range items {
			if acc, err = in.Call(a.Pos[0].Value, Values(acc, it)); err != nil {
				return nil, err
			}
		}
		return acc, nil
	})
	return m, nil
}

func asyncioModule(in *Interp) (*Module, error) {
	m := NewModule("asyncio")
	m.Func("run", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "run", 1, 1); err != nil {
			return nil, err
		}
		return in.Await(a.Pos[0].Value)
	})
	m.Lazy = func(in *Interp, name string) (Value, bool, error) {
		return &Opaque{What: "asyncio." + name}, true, nil
	}
	return m, nil
}

func mathModule(in *Interp) (*Module, error) {
	m := NewModule("math")
	m.Set("pi", Float(3.141592653589793))
	m.Set("e", Float(2.718281828459045))
	m.Set("inf", Float(posInf))
	m.Func("floor", func(in *Interp, a *Args) (Value, error) {
		f, _ := floatOf(a.Pos[0].Value)
		return Int(int64(floor(f))), nil
	})
	m.Func("ceil", func(in *Interp, a *Args) (Value, error) {
		f, _ := floatOf(a.Pos[0].Value)
		return Int(int64(-floor(-f))), nil
	})
	m.Set("nan", Float(math.NaN()))
	m.Set("tau", Float(2*math.Pi))
	unary := map[string]func(float64) float64{"sqrt": math.Sqrt, "fabs": math.Abs, "exp": math.Exp,
		"log10": math.Log10, "log2": math.Log2, "sin": math.Sin, "cos": math.Cos, "tan": math.Tan}
	for name, fn := range unary {
		fn := fn
		m.Func(name, func(in *Interp, a *Args) (Value, error) {
			if err := want(a, name, 1, 1); err != nil {
				return nil, err
			}
			f, ok := floatOf(a.Pos[0].Value)
			if !ok {
				return nil, typeError("must be real number, not %s", TypeOf(a.Pos[0].Value).Name)
			}
			return Float(fn(f)), nil
		})
	}
	m.Func("log", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "log", 1, 2); err != nil {
			return nil, err
		}
		f, _ := floatOf(a.Pos[0].Value)
		if len(a.Pos) == 2 {
			b, _ := floatOf(a.Pos[1].Value)
			return Float(math.Log(f) / math.Log(b)), nil
		}
		return Float(math.Log(f)), nil
	})
	preds := map[string]func(float64) bool{
		"isnan":    math.IsNaN,
		"isinf":    func(f float64) bool { return math.IsInf(f, 0) },
		"isfinite": func(f float64) bool { return !math.IsInf(f, 0) && !math.IsNaN(f) },
	}
	for name, fn := range preds {
		fn := fn
		m.Func(name, func(in *Interp, a *Args) (Value, error) {
			if err := want(a, name, 1, 1); err != nil {
				return nil, err
			}
			f, ok := floatOf(a.Pos[0].Value)
			if !ok {
				return nil, typeError("must be real number, not %s", TypeOf(a.Pos[0].Value).Name)
			}
			return Bool(fn(f)), nil
		})
	}
	m.Func("isclose", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "isclose", 2, 2); err != nil {
			return nil, err
		}
		x, _ := floatOf(a.Pos[0].Value)
		y, _ := floatOf(a.Pos[1].Value)
		rel, abs := 1e-09, 0.0
		if v, ok := floatOf(kwarg(a, "rel_tol", Float(rel))); ok {
			rel = v
		}
		if v, ok := floatOf(kwarg(a, "abs_tol", Float(abs))); ok {
			abs = v
		}
		if x == y {
			return Bool(true), nil
		}
		if math.IsInf(x, 0) || math.IsInf(y, 0) {
			return Bool(false), nil
		}
		d := math.Abs(x - y)
		return Bool(d <= math.Max(rel*math.Max(math.Abs(x), math.Abs(y)), abs)), nil
	})
	return m, nil
}

func contextlibModule(in *Interp) (*Module, error) {
	m := NewModule("contextlib")
	m.Func("contextmanager", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "contextmanager", 1, 1); err != nil {
			return nil, err
		}
		fn := a.Pos[0].Value
		return &Builtin{Name: "contextmanager", Fn: func(in *Interp, ca *Args) (Value, error) {
			return nil, Errorf(ca.Loc, "Retort does not run generator-based context managers (@contextmanager %s)", Describe(fn))
		}}, nil
	})
	m.Func("suppress", func(in *Interp, a *Args) (Value, error) {
		var classes []Value
		for _, p := range a.Pos {
			classes = append(classes, p.Value)
		}
		return &suppressCM{classes: NewTuple(classes...)}, nil
	})
	m.Func("nullcontext", func(in *Interp, a *Args) (Value, error) {
		var v Value = None
		if len(a.Pos) > 0 {
			v = a.Pos[0].Value
		}
		return &nullCM{v: v}, nil
	})
	return m, nil
}

type suppressCM struct{ classes *Tuple }

func (s *suppressCM) PyClass() *Class                 { return ObjectClass }
func (s *suppressCM) Enter(in *Interp) (Value, error) { return None, nil }
func (s *suppressCM) Exit(in *Interp, exc *Exception) (bool, error) {
	if exc == nil {
		return false, nil
	}
	return exceptionMatches(exc, s.classes)
}

type nullCM struct{ v Value }

func (n *nullCM) PyClass() *Class                               { return ObjectClass }
func (n *nullCM) Enter(in *Interp) (Value, error)               { return n.v, nil }
func (n *nullCM) Exit(in *Interp, exc *Exception) (bool, error) { return false, nil }

func abcModule(in *Interp) (*Module, error) {
	m := NewModule("abc")
	m.Set("ABC", NewClass("ABC", "abc", nil))
	m.Set("ABCMeta", TypeClass)
	m.Set("abstractmethod", decoratorOrFactory("abstractmethod"))
	m.Set("abstractproperty", PropertyClass)
	return m, nil
}

func collectionsModule(in *Interp) (*Module, error) {
	m := NewModule("collections")
	m.Set("OrderedDict", DictClass)
	m.Func("defaultdict", func(in *Interp, a *Args) (Value, error) {
		return nil, Errorf(a.Loc, "Retort does not run collections.defaultdict")
	})
	m.Func("namedtuple", func(in *Interp, a *Args) (Value, error) {
		return nil, Errorf(a.Loc, "Retort does not run collections.namedtuple")
	})
	m.Lazy = func(in *Interp, name string) (Value, bool, error) {
		if name == "abc" {
			return &Opaque{What: "collections.abc"}, true, nil
		}
		return nil, false, nil
	}
	return m, nil
}
