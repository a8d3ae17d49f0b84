package script

import (
	"strings"

	"retort/engine/interp"
	"retort/engine/models"
	"retort/engine/ops"
	"retort/engine/python"
	"retort/engine/schema"
)

// Environment is what env.py configured with context.configure(...).
type Environment struct {
	// Configured is set once context.configure ran.
	Configured bool
	// TargetMetadata is target_metadata: MetaData objects (a list gives
	// several); TargetSet says whether it was given at all.
	TargetMetadata []interp.Value
	TargetSet      bool
	// URL is configure(url=...) (offline mode).
	URL string
	// DB is the database of configure(connection=...), nil offline.
	DB DB
	// Options holds every keyword configure received, by name.
	Options map[string]interp.Value

	conn *conn
}

// Bool returns a boolean option (compare_type=True), or def when not given.
func (e *Environment) Bool(in *interp.Interp, name string, def bool) bool {
	v, ok := e.Options[name]
	if !ok {
		return def
	}
	b, err := in.Truth(v)
	if err != nil {
		return def
	}
	return b
}

// Str returns a string option (version_table=...), or def.
func (e *Environment) Str(name, def string) string {
	if s, ok := e.Options[name].(interp.Str); ok {
		return string(s)
	}
	return def
}

// Callable returns a callable option (include_object=...), nil when absent.
func (e *Environment) Callable(name string) interp.Value {
	v, ok := e.Options[name]
	if !ok || isNone(v) {
		return nil
	}
	return v
}

// RunEnv runs env.py (path names it in positions; abs is its __file__):
// its context.run_migrations() calls Options.RunMigrations with what it
// configured. The error is the first mistake, positioned (in env.py, a
// model module, or a script).
func (rt *Runtime) RunEnv(path, abs string, src []byte) (*Environment, error) {
	rt.env = &Environment{Options: map[string]interp.Value{}}
	m, err := rt.in.ExecFile("env", path, abs, src)
	rt.envModule = m
	if err == nil {
		if errs := rt.in.Errors(); len(errs) > 0 {
			return rt.env, errs[0]
		}
		return rt.env, nil
	}
	return rt.env, rt.scriptError(err)
}

// EnvGlobal returns a module-level name of env.py (nil when unset).
func (rt *Runtime) EnvGlobal(name string) interp.Value {
	if rt.envModule == nil {
		return nil
	}
	v, _ := rt.envModule.Dict.Get(name)
	return v
}

// Env returns what env.py configured so far.
func (rt *Runtime) Env() *Environment { return rt.env }

func (rt *Runtime) register() {
	in := rt.in
	in.HintImport("alembic", "op", "context")
	in.Register("alembic", func(in *interp.Interp) (*interp.Module, error) {
		m := interp.NewModule("alembic")
		m.Package = true
		m.Set("__version__", interp.Str("1.19.2"))
		m.Lazy = func(in *interp.Interp, name string) (interp.Value, bool, error) {
			switch name {
			case "op", "context", "config", "command", "operations", "runtime", "script", "autogenerate", "util", "ddl":
				mod, err := in.Import("alembic."+name, interp.Loc{})
				return mod, err == nil, err
			}
			return nil, false, nil
		}
		return m, nil
	})
	in.Register("alembic.op", func(in *interp.Interp) (*interp.Module, error) {
		m := interp.NewModule("alembic.op")
		m.Lazy = func(in *interp.Interp, name string) (interp.Value, bool, error) {
			if v, ok := rt.opFunc(name, nil); ok {
				return v, true, nil
			}
			if strings.HasPrefix(name, "__") {
				return nil, false, nil
			}
			msg := "op." + name + " is not an Alembic operation"
			if near := didYouMeanOp(name, opSignatures); near != "" {
				msg += " (did you mean op." + near + "?)"
			}
			return in.MissingAttr(name, msg, interp.Loc{}), true, nil
		}
		return m, nil
	})
	in.Register("alembic.context", func(in *interp.Interp) (*interp.Module, error) {
		m := interp.NewModule("alembic.context")
		m.Lazy = func(in *interp.Interp, name string) (interp.Value, bool, error) {
			v, ok := rt.contextAttr(name)
			return v, ok, nil
		}
		return m, nil
	})
	in.Register("alembic.config", func(in *interp.Interp) (*interp.Module, error) {
		m := interp.NewModule("alembic.config")
		m.Set("Config", interp.NewClass("Config", "alembic.config", nil))
		return m, nil
	})
	for _, name := range []string{"alembic.operations", "alembic.operations.ops", "alembic.runtime", "alembic.runtime.migration",
		"alembic.runtime.environment", "alembic.script", "alembic.autogenerate", "alembic.autogenerate.api", "alembic.util",
		"alembic.ddl", "alembic.ddl.impl", "alembic.command", "alembic.migration", "alembic.environment", "alembic.operations.base"} {
		name := name
		in.Register(name, func(in *interp.Interp) (*interp.Module, error) {
			m := interp.NewModule(name)
			m.Package = true
			m.Lazy = func(in *interp.Interp, attr string) (interp.Value, bool, error) {
				if name == "alembic.operations" && attr == "Operations" {
					return &interp.Opaque{What: "alembic.operations.Operations"}, true, nil
				}
				return &interp.Opaque{What: name + "." + attr}, true, nil
			}
			return m, nil
		})
	}
}

// contextAttr is alembic.context.name.
func (rt *Runtime) contextAttr(name string) (interp.Value, bool) {
	fn := func(f func(a *interp.Args) (interp.Value, error)) (interp.Value, bool) {
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) { return f(a) }}, true
	}
	switch name {
	case "config":
		return &configObj{rt: rt}, true
	case "configure":
		return fn(rt.configure)
	case "is_offline_mode":
		return fn(func(a *interp.Args) (interp.Value, error) { return interp.Bool(rt.opts.Offline), nil })
	case "is_transactional_ddl":
		return fn(func(a *interp.Args) (interp.Value, error) { return interp.Bool(true), nil })
	case "begin_transaction":
		return fn(func(a *interp.Args) (interp.Value, error) { return &nullContext{v: interp.None}, nil })
	case "run_migrations":
		return fn(func(a *interp.Args) (interp.Value, error) {
			if !rt.env.Configured {
				return nil, interp.Errorf(a.Loc, "context.run_migrations() before context.configure()")
			}
			if rt.opts.RunMigrations == nil {
				return interp.None, nil
			}
			if err := rt.opts.RunMigrations(rt.env); err != nil {
				return nil, err
			}
			return interp.None, nil
		})
	case "get_x_argument":
		return fn(func(a *interp.Args) (interp.Value, error) {
			asDict := false
			if v, ok := a.Kwarg("as_dictionary"); ok {
				asDict, _ = rt.in.Truth(v.Value)
			}
			if asDict {
				d := interp.NewDict()
				for _, x := range rt.opts.XArgs {
					k, v, _ := strings.Cut(x, "=")
					d.SetStr(k, interp.Str(v))
				}
				return d, nil
			}
			return strList(rt.opts.XArgs), nil
		})
	case "get_tag_argument":
		return fn(func(a *interp.Args) (interp.Value, error) { return strOrNone(rt.opts.Tag), nil })
	case "get_head_revision", "get_head_revisions":
		return fn(func(a *interp.Args) (interp.Value, error) { return strOrNone(rt.opts.Head), nil })
	case "get_starting_revision_argument":
		return fn(func(a *interp.Args) (interp.Value, error) { return strOrNone(rt.opts.Starting), nil })
	case "get_revision_argument":
		return fn(func(a *interp.Args) (interp.Value, error) { return strOrNone(rt.opts.Destination), nil })
	case "get_context":
		return fn(func(a *interp.Args) (interp.Value, error) { return &migrationContext{rt: rt}, nil })
	case "get_bind":
		return fn(func(a *interp.Args) (interp.Value, error) { return rt.bind(a.Loc) })
	case "execute":
		return fn(func(a *interp.Args) (interp.Value, error) {
			c, err := bindOp(opSignatures["execute"], a)
			if err != nil {
				return nil, err
			}
			c.rt = rt
			return interp.None, rt.execute(c)
		})
	case "static_output":
		return fn(func(a *interp.Args) (interp.Value, error) { return interp.None, nil })
	case "script":
		return &interp.Opaque{What: "context.script"}, true
	}
	return nil, false
}

// configure is context.configure(connection=..., url=..., target_metadata=..., **kw).
func (rt *Runtime) configure(a *interp.Args) (interp.Value, error) {
	if len(a.Pos) > 0 {
		return nil, interp.Errorf(a.Loc, "context.configure() takes keyword arguments only")
	}
	env := rt.env
	env.Configured = true
	for _, kw := range a.Kw {
		env.Options[kw.Name] = kw.Value
		switch kw.Name {
		case "connection":
			switch c := kw.Value.(type) {
			case *conn:
				env.conn = c
				env.DB = c.db
			case interp.NoneType:
			default:
				return nil, interp.Errorf(kw.Loc, "context.configure(connection=...) takes a connection (engine.connect()), not %s", interp.Describe(kw.Value))
			}
		case "url":
			s, err := rt.in.Str(kw.Value)
			if err != nil {
				return nil, withLoc(err, kw.Loc)
			}
			env.URL = s
		case "target_metadata":
			env.TargetSet = true
			switch t := kw.Value.(type) {
			case interp.NoneType:
			case *interp.List, *interp.Tuple:
				items, _ := rt.in.List(t)
				env.TargetMetadata = items
			default:
				env.TargetMetadata = []interp.Value{t}
			}
			if err := rt.checkTarget(kw); err != nil {
				return nil, err
			}
		}
	}
	return interp.None, nil
}

// checkTarget checks that target_metadata holds MetaData objects.
func (rt *Runtime) checkTarget(kw interp.Arg) error {
	for _, v := range rt.env.TargetMetadata {
		if err := rt.in.Use(v); err != nil {
			return err
		}
		if !models.IsMetaData(v) {
			if c, ok := v.(*interp.Class); ok {
				return interp.Errorf(kw.Loc, "target_metadata must be a MetaData, such as %s.metadata, not the class itself", c.Name)
			}
			return interp.Errorf(kw.Loc, "target_metadata must be a MetaData, such as Base.metadata, not %s", interp.Describe(v))
		}
	}
	return nil
}

// configObj is context.config: alembic.ini.
type configObj struct{ rt *Runtime }

var configClass = interp.NewClass("Config", "alembic.config", nil)

func (c *configObj) PyClass() *interp.Class { return configClass }

func (c *configObj) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	cfg := c.rt.opts.Config
	overrides := c.rt.overrides()
	get := func(section, key string) (string, bool, error) {
		if v, ok := overrides[section+"\x00"+key]; ok {
			return v, true, nil
		}
		if cfg == nil {
			return "", false, nil
		}
		return cfg.Get(section, key)
	}
	main := "alembic"
	if cfg != nil {
		main = cfg.Section()
	}
	fn := func(f func(a *interp.Args) (interp.Value, error)) (interp.Value, error) {
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) { return f(a) }}, nil
	}
	strArg := func(a *interp.Args, i int) string {
		if i < len(a.Pos) {
			if s, ok := a.Pos[i].Value.(interp.Str); ok {
				return string(s)
			}
		}
		return ""
	}
	def := func(a *interp.Args, i int) interp.Value {
		if i < len(a.Pos) {
			return a.Pos[i].Value
		}
		if v, ok := a.Kwarg("default"); ok {
			return v.Value
		}
		return interp.None
	}
	switch name {
	case "config_file_name":
		if cfg == nil {
			return interp.None, nil
		}
		return interp.Str(cfg.FileName()), nil
	case "config_ini_section":
		return interp.Str(main), nil
	case "get_main_option":
		return fn(func(a *interp.Args) (interp.Value, error) {
			v, ok, err := get(main, strArg(a, 0))
			if err != nil {
				return nil, interp.Errorf(a.Loc, "%s", err.Error())
			}
			if !ok {
				return def(a, 1), nil
			}
			return interp.Str(v), nil
		})
	case "get_section_option":
		return fn(func(a *interp.Args) (interp.Value, error) {
			v, ok, err := get(strArg(a, 0), strArg(a, 1))
			if err != nil {
				return nil, interp.Errorf(a.Loc, "%s", err.Error())
			}
			if !ok {
				return def(a, 2), nil
			}
			return interp.Str(v), nil
		})
	case "get_section":
		return fn(func(a *interp.Args) (interp.Value, error) {
			section := strArg(a, 0)
			d := interp.NewDict()
			if cfg != nil {
				keys := cfg.Keys(section)
				if len(keys) == 0 && len(a.Pos) > 1 {
					return a.Pos[1].Value, nil
				}
				for _, k := range keys {
					v, _, err := get(section, k)
					if err != nil {
						return nil, interp.Errorf(a.Loc, "%s", err.Error())
					}
					d.SetStr(k, interp.Str(v))
				}
			}
			for k, v := range overrides {
				if s, key, ok := strings.Cut(k, "\x00"); ok && s == section {
					d.SetStr(key, interp.Str(v))
				}
			}
			return d, nil
		})
	case "set_main_option", "set_section_option":
		return fn(func(a *interp.Args) (interp.Value, error) {
			section, i := main, 0
			if name == "set_section_option" {
				section, i = strArg(a, 0), 1
			}
			if i+1 >= len(a.Pos) {
				return nil, interp.Errorf(a.Loc, "config.%s() takes a name and a value", name)
			}
			v, err := in.Str(a.Pos[i+1].Value)
			if err != nil {
				return nil, err
			}
			overrides[section+"\x00"+strArg(a, i)] = strings.ReplaceAll(v, "%%", "%")
			return interp.None, nil
		})
	case "attributes":
		return interp.NewDict(), nil
	case "cmd_opts":
		return &cmdOpts{rt: c.rt}, nil
	case "print_stdout":
		return fn(func(a *interp.Args) (interp.Value, error) { return interp.None, nil })
	case "file_config":
		return &interp.Opaque{What: "config.file_config"}, nil
	}
	return nil, nil
}

func (rt *Runtime) overrides() map[string]string {
	if rt.configOverrides == nil {
		rt.configOverrides = map[string]string{}
	}
	return rt.configOverrides
}

// MainOption returns a [alembic] option as env.py left it (set_main_option
// included): the URL Flask-Migrate's env.py sets.
func (rt *Runtime) MainOption(key string) (string, bool) {
	main := "alembic"
	if rt.opts.Config != nil {
		main = rt.opts.Config.Section()
	}
	if v, ok := rt.overrides()[main+"\x00"+key]; ok {
		return v, true
	}
	if rt.opts.Config == nil {
		return "", false
	}
	v, ok, err := rt.opts.Config.Get(main, key)
	return v, ok && err == nil
}

// cmdOpts is config.cmd_opts (Flask-Migrate's env.py reads .autogenerate).
type cmdOpts struct{ rt *Runtime }

func (c *cmdOpts) PyClass() *interp.Class { return interp.ObjectClass }

func (c *cmdOpts) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	switch name {
	case "autogenerate":
		return interp.Bool(c.rt.opts.Autogenerate), nil
	case "x":
		return strList(c.rt.opts.XArgs), nil
	}
	return interp.None, nil
}

// batchOp is the batch_op of `with op.batch_alter_table(t) as batch_op:`.
type batchOp struct {
	rt *Runtime
	b  *ops.Batch
	at interp.Loc // the batch_alter_table call
	// copyFrom, naming and reflectArgs are copy_from=, naming_convention=
	// and reflect_args=, when given.
	copyFrom, naming, reflectArgs *interp.Arg
}

var batchOpClass = interp.NewClass("BatchOperations", "alembic.operations.base", nil)

func (b *batchOp) PyClass() *interp.Class { return batchOpClass }

func (b *batchOp) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	if v, ok := b.rt.opFunc(name, b); ok {
		return v, nil
	}
	msg := "batch_op." + name + " is not an Alembic batch operation"
	if near := didYouMeanOp(name, batchSignatures); near != "" {
		msg += " (did you mean batch_op." + near + "?)"
	}
	return nil, interp.NewError("AttributeError", "%s", msg)
}

func (b *batchOp) Enter(in *interp.Interp) (interp.Value, error) {
	if b.rt.batch != nil {
		return nil, interp.NewError("RuntimeError", "batch_alter_table blocks cannot be nested")
	}
	b.rt.batch = b.b
	return b, nil
}

func (b *batchOp) Exit(in *interp.Interp, exc *interp.Exception) (bool, error) {
	b.rt.batch = nil
	if exc != nil {
		return false, nil
	}
	if len(b.b.Ops) == 0 && b.b.Recreate != "always" {
		return false, nil
	}
	if (b.copyFrom != nil || b.naming != nil || b.reflectArgs != nil) && b.b.Recreates() && b.rt.dialect() == "sqlite" {
		var err error
		if b.copyFrom != nil {
			b.b.From, err = b.rt.lib.BatchTable(*b.copyFrom)
		} else if !b.rt.opts.Offline {
			b.b.From, err = b.reflect()
		}
		if err != nil {
			return false, b.rt.libError(err)
		}
	}
	return false, b.rt.emit(b.b, interp.Loc{})
}

// reflect is the live table as Alembic's batch reflects it, under
// naming_convention= and with reflect_args=.
func (b *batchOp) reflect() (*schema.Table, error) {
	at := b.at
	mig, err := b.rt.current(at, "op.batch_alter_table")
	if err != nil {
		return nil, err
	}
	md, err := mig.Inspect()
	if err != nil {
		return nil, b.rt.dbError(err, at)
	}
	t := md.Table(b.b.Table)
	if t == nil {
		return nil, interp.Errorf(at, "batch_alter_table: no table '%s'", b.b.Table)
	}
	var args []interp.Arg
	if b.reflectArgs != nil {
		items, err := b.rt.in.List(b.reflectArgs.Value)
		if err != nil {
			return nil, err
		}
		for _, v := range items {
			args = append(args, interp.Arg{Value: v, Loc: b.reflectArgs.Loc})
		}
	}
	return b.rt.lib.BatchReflect(b.naming, args, t, at)
}

// batchAlterTable is op.batch_alter_table(table, ...).
func (rt *Runtime) batchAlterTable(a *interp.Args) (interp.Value, error) {
	c, err := bindOp(opSignatures["batch_alter_table"], a)
	if err != nil {
		return nil, err
	}
	c.rt = rt
	t, err := c.str("table_name")
	if err != nil {
		return nil, err
	}
	b := &ops.Batch{Table: t, Recreate: "auto"}
	if rt.dialect() != "sqlite" {
		if b.Schema, err = c.optStr("schema"); err != nil {
			return nil, err
		}
	}
	if r, err := c.optStr("recreate"); err != nil {
		return nil, err
	} else if r != "" {
		switch r {
		case "auto", "always", "never":
		default:
			ra, _ := c.get("recreate")
			return nil, interp.Errorf(ra.Loc, "recreate must be 'auto', 'always' or 'never', not %s", python.Quote(r))
		}
		b.Recreate = r
	}
	bo := &batchOp{rt: rt, b: b, at: a.Loc}
	if a, ok := c.has("copy_from"); ok {
		bo.copyFrom = &a
	}
	if a, ok := c.has("naming_convention"); ok {
		bo.naming = &a
	}
	if a, ok := c.has("reflect_args"); ok {
		bo.reflectArgs = &a
	}
	return bo, nil
}

func didYouMeanOp(name string, sigs map[string]*signature) string {
	return python.Suggest(name, opNames(sigs))
}
