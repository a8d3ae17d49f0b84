package models

import (
	"slices"
	"strconv"
	"strings"

	"retort/engine/interp"
)

// Flask, Flask-SQLAlchemy (2.x and 3.x) and Flask-Migrate, as far as a
// project's models and Flask-Migrate's env.py use them: the app's config,
// db = SQLAlchemy(app) with db.Model (table names made from class names,
// Flask-SQLAlchemy 3's rules), db.Table, every sqlalchemy name through db.,
// and Migrate(app, db), which env.py reaches through
// current_app.extensions['migrate'].
//
// Flask-Migrate's env.py runs under `flask db`, which finds the app: Retort
// finds it the same way (flask's locate_app): FLASK_APP from .flaskenv or
// .env, else the module wsgi or app; in it, an app named app or
// application, or a factory create_app() or make_app(), called with no
// arguments.

type flaskState struct {
	// app is the app current_app stands for, once found.
	app *appObj
	// apps are the Flask apps made so far.
	apps []*appObj
}

// appObj is a Flask app.
type appObj struct {
	name       string
	config     *configObj
	extensions *interp.Dict
	root       string
}

var appClass = interp.NewClass("Flask", "flask.app", nil)

func (a *appObj) PyClass() *interp.Class { return appClass }

func (a *appObj) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	decorator := func() (interp.Value, error) {
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, args *interp.Args) (interp.Value, error) {
			if len(args.Pos) == 1 && len(args.Kw) == 0 {
				if _, ok := args.Pos[0].Value.(*interp.Func); ok {
					return args.Pos[0].Value, nil // @app.before_request
				}
			}
			return identityDecorator, nil // @app.route("/")
		}}, nil
	}
	switch name {
	case "config":
		return a.config, nil
	case "debug", "testing":
		v, _ := a.config.d.GetStr(strings.ToUpper(name))
		if v == nil {
			v = interp.Bool(false)
		}
		return v, nil
	case "extensions":
		return a.extensions, nil
	case "name", "import_name":
		return interp.Str(a.name), nil
	case "root_path":
		return interp.Str(a.root), nil
	case "instance_path":
		return interp.Str(strings.TrimSuffix(a.root, "/") + "/instance"), nil
	case "app_context", "test_request_context", "test_client", "test_cli_runner":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, args *interp.Args) (interp.Value, error) {
			return &flaskContext{app: a}, nil
		}}, nil
	case "route", "before_request", "after_request", "teardown_request", "teardown_appcontext",
		"errorhandler", "context_processor", "template_filter", "template_global", "shell_context_processor",
		"before_first_request", "url_value_preprocessor", "url_defaults", "get", "post", "put", "delete", "patch",
		"template_test", "before_app_request", "app_errorhandler":
		return decorator()
	case "register_blueprint", "add_url_rule", "run", "register_error_handler", "add_template_filter", "add_template_global", "wsgi_app":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, args *interp.Args) (interp.Value, error) { return interp.None, nil }}, nil
	}
	return &interp.Opaque{What: "app." + name}, nil
}

func (a *appObj) SetAttr(in *interp.Interp, name string, v interp.Value) error { return nil }

// flaskContext is app.app_context(): a with block.
type flaskContext struct{ app *appObj }

func (c *flaskContext) PyClass() *interp.Class { return interp.ObjectClass }

func (c *flaskContext) Enter(in *interp.Interp) (interp.Value, error) {
	if l := lib(in); l.flask.app == nil {
		l.flask.app = c.app
	}
	return c, nil
}

func (c *flaskContext) Exit(in *interp.Interp, exc *interp.Exception) (bool, error) {
	return false, nil
}

func (c *flaskContext) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	if name == "push" || name == "pop" {
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			if name == "push" {
				lib(in).flask.app = c.app
			}
			return interp.None, nil
		}}, nil
	}
	return nil, nil
}

var identityDecorator = &interp.Builtin{Name: "decorator", Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
	if len(a.Pos) == 0 {
		return interp.None, nil
	}
	return a.Pos[0].Value, nil
}}

// configObj is app.config: a dict with Flask's loaders.
type configObj struct {
	d *interp.Dict
}

var configClass = interp.NewClass("Config", "flask.config", nil, interp.DictClass)

func (c *configObj) PyClass() *interp.Class { return configClass }

func (c *configObj) GetItem(in *interp.Interp, key interp.Value, at interp.Loc) (interp.Value, error) {
	return in.GetItem(c.d, key)
}

func (c *configObj) SetItem(in *interp.Interp, key, v interp.Value) error { return c.d.Set(key, v) }

func (c *configObj) Iter(in *interp.Interp, yield func(interp.Value) (bool, error)) error {
	return in.Iterate(c.d, yield)
}

func (c *configObj) Len(in *interp.Interp) (int, error) { return c.d.Len(), nil }

func (c *configObj) BinaryOp(in *interp.Interp, op string, other interp.Value, reflected bool) (interp.Value, error) {
	if op == "contains" {
		ok, err := in.Contains(c.d, other)
		return interp.Bool(ok), err
	}
	return interp.NotImplemented, nil
}

func (c *configObj) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	method := func(f func(a *interp.Args) (interp.Value, error)) (interp.Value, error) {
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) { return f(a) }}, nil
	}
	switch name {
	case "from_object":
		return method(func(a *interp.Args) (interp.Value, error) {
			if len(a.Pos) != 1 {
				return nil, interp.NewError("TypeError", "from_object() takes one object")
			}
			obj := a.Pos[0].Value
			if s, ok := obj.(interp.Str); ok {
				// "config.Config": an import path.
				modName, attr := string(s), ""
				if i := strings.LastIndexAny(modName, ".:"); i >= 0 {
					modName, attr = modName[:i], modName[i+1:]
				}
				m, err := in.Import(modName, a.Loc)
				if err != nil {
					return nil, err
				}
				if obj, err = in.GetAttr(m, attr, a.Loc); err != nil {
					return nil, err
				}
			}
			var names []string
			switch o := obj.(type) {
			case *interp.Class:
				for _, k := range o.MRO {
					names = append(names, k.Dict.Names()...)
				}
			case *interp.Module:
				names = o.Dict.Names()
			case *interp.Instance:
				names = o.Dict.Names()
				for _, k := range o.Class.MRO {
					names = append(names, k.Dict.Names()...)
				}
			case *interp.Opaque:
				return nil, interp.Errorf(a.Pos[0].Loc, "app.config.from_object(): %s comes from outside the project, which Retort does not run", o.What)
			}
			seen := map[string]bool{}
			for _, n := range names {
				if seen[n] || strings.ToUpper(n) != n || strings.HasPrefix(n, "_") {
					continue
				}
				seen[n] = true
				v, err := in.GetAttr(obj, n, a.Loc)
				if err != nil {
					return nil, err
				}
				c.d.SetStr(n, v)
			}
			return interp.None, nil
		})
	case "from_mapping", "update":
		return method(func(a *interp.Args) (interp.Value, error) {
			for _, p := range a.Pos {
				if d, ok := p.Value.(*interp.Dict); ok {
					for i, k := range d.Keys() {
						_ = c.d.Set(k, d.Values()[i])
					}
				}
			}
			for _, kw := range a.Kw {
				c.d.SetStr(kw.Name, kw.Value)
			}
			return interp.Bool(true), nil
		})
	case "from_pyfile", "from_envvar", "from_prefixed_env", "from_file", "from_json":
		return method(func(a *interp.Args) (interp.Value, error) { return interp.Bool(false), nil })
	case "get":
		return method(func(a *interp.Args) (interp.Value, error) {
			v, ok, err := c.d.Get(a.Pos[0].Value)
			if err != nil || ok {
				return v, err
			}
			if len(a.Pos) > 1 {
				return a.Pos[1].Value, nil
			}
			return interp.None, nil
		})
	case "setdefault":
		return method(func(a *interp.Args) (interp.Value, error) {
			v, ok, err := c.d.Get(a.Pos[0].Value)
			if err != nil || ok {
				return v, err
			}
			var def interp.Value = interp.None
			if len(a.Pos) > 1 {
				def = a.Pos[1].Value
			}
			return def, c.d.Set(a.Pos[0].Value, def)
		})
	}
	return in.GetAttr(c.d, name, interp.Loc{})
}

// newApp is Flask(__name__, ...).
func (l *Lib) newApp(in *interp.Interp, cls *interp.Class, a *interp.Args) (interp.Value, error) {
	name := "app"
	if len(a.Pos) > 0 {
		if s, ok := a.Pos[0].Value.(interp.Str); ok {
			name = string(s)
		}
	}
	root := "/"
	if c, ok := in.Module(name); ok && c.Path != "" {
		if f, ok := c.Dict.Get("__file__"); ok {
			if fs, ok := f.(interp.Str); ok {
				root = string(fs[:strings.LastIndexByte(string(fs), '/')+1])
				if strings.HasSuffix(c.Path, "__init__.py") {
					root = strings.TrimSuffix(root, "/")
				}
			}
		}
	}
	app := &appObj{name: name, config: &configObj{d: interp.NewDict()}, extensions: interp.NewDict(), root: strings.TrimSuffix(root, "/")}
	app.config.d.SetStr("DEBUG", interp.Bool(l.debugFlag()))
	app.config.d.SetStr("TESTING", interp.Bool(false))
	l.flask.apps = append(l.flask.apps, app)
	return app, nil
}

// environ is os.environ.
func (l *Lib) environ() (*interp.Dict, bool) {
	m, err := l.in.Import("os", interp.Loc{})
	if err != nil {
		return nil, false
	}
	v, ok := m.Dict.Get("environ")
	if !ok {
		return nil, false
	}
	d, ok := v.(*interp.Dict)
	return d, ok
}

// debugFlag is Flask's get_debug_flag(): FLASK_DEBUG set to anything but
// 0, false or no (the `flask` command puts .flaskenv's in os.environ).
func (l *Lib) debugFlag() bool {
	env, ok := l.environ()
	if !ok {
		return false
	}
	v, ok := env.GetStr("FLASK_DEBUG")
	s, isStr := v.(interp.Str)
	if !ok || !isStr || s == "" {
		return false
	}
	switch strings.ToLower(string(s)) {
	case "0", "false", "no":
		return false
	}
	return true
}

// loadDotenv puts the variables of .flaskenv and .env in os.environ, as the
// `flask` command does before it finds the app (python-dotenv: a variable
// already set keeps its value; .env's win over .flaskenv's). It returns
// FLASK_APP.
func (l *Lib) loadDotenv() string {
	if l.opts.ReadFile == nil {
		return ""
	}
	env, _ := l.environ()
	target := ""
	for _, f := range []string{".env", ".flaskenv"} {
		data, err := l.opts.ReadFile(f)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(data), "\n") {
			line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "export "))
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			k, v, ok := strings.Cut(line, "=")
			if !ok {
				continue
			}
			k = strings.TrimSpace(k)
			v = strings.TrimSpace(v)
			if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
				v = v[1 : len(v)-1]
			} else if i := strings.Index(v, " #"); i >= 0 {
				v = strings.TrimSpace(v[:i])
			}
			if k == "FLASK_APP" && target == "" {
				target = v
			}
			if env != nil {
				if _, set := env.GetStr(k); !set {
					env.SetStr(k, interp.Str(v))
				}
			}
		}
	}
	if env != nil {
		if v, ok := env.GetStr("FLASK_APP"); ok {
			if s, ok := v.(interp.Str); ok {
				target = string(s)
			}
		}
	}
	return target
}

// flaskDB is Flask-SQLAlchemy's db = SQLAlchemy(...).
type flaskDB struct {
	meta  *metaObj
	model *interp.Class
	app   *appObj
}

var flaskDBClass = interp.NewClass("SQLAlchemy", "flask_sqlalchemy", nil)

func (d *flaskDB) PyClass() *interp.Class { return flaskDBClass }

func (d *flaskDB) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	l := lib(in)
	switch name {
	case "Model":
		return d.model, nil
	case "metadata":
		return d.meta, nil
	case "metadatas":
		m := interp.NewDict()
		_ = m.Set(interp.None, d.meta)
		return m, nil
	case "Table":
		return l.builtin(name, func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			if len(a.Pos) > 1 {
				if _, isMeta := a.Pos[1].Value.(*metaObj); isMeta {
					return l.makeTable(a, nil), nil
				}
			}
			return l.makeTable(a, d.meta), nil
		}), nil
	case "init_app":
		return l.builtin(name, func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			if len(a.Pos) > 0 {
				if app, ok := a.Pos[0].Value.(*appObj); ok {
					d.app = app
					app.extensions.SetStr("sqlalchemy", d)
				}
			}
			return interp.None, nil
		}), nil
	case "engine":
		return d.engine(in)
	case "get_engine":
		return l.builtin(name, func(in *interp.Interp, a *interp.Args) (interp.Value, error) { return d.engine(in) }), nil
	case "session", "Query", "event", "get_app", "paginate", "get_or_404", "first_or_404", "one_or_404", "engines":
		return &interp.Opaque{What: "db." + name}, nil
	case "create_all", "drop_all", "reflect":
		return l.builtin(name, func(in *interp.Interp, a *interp.Args) (interp.Value, error) { return interp.None, nil }), nil
	}
	if v, ok := l.name(name); ok {
		return v, nil
	}
	if slices.Contains(saOpaqueNames, name) {
		return &interp.Opaque{What: "db." + name}, nil
	}
	return nil, nil
}

// engine is db.engine: the app's SQLALCHEMY_DATABASE_URI (a relative SQLite
// path is in the app's instance folder, as Flask-SQLAlchemy 3 puts it).
func (d *flaskDB) engine(in *interp.Interp) (interp.Value, error) {
	l := lib(in)
	app := d.app
	if app == nil {
		app = l.flask.app
	}
	if app == nil {
		return nil, interp.NewError("RuntimeError", "Working outside of application context: db.engine needs the Flask app (db = SQLAlchemy(app), or db.init_app(app))")
	}
	v, ok := app.config.d.GetStr("SQLALCHEMY_DATABASE_URI")
	if !ok || isNone(v) {
		return nil, interp.NewError("RuntimeError", "Either 'SQLALCHEMY_DATABASE_URI' or 'SQLALCHEMY_BINDS' must be set (the app's config has neither)")
	}
	s, ok := v.(interp.Str)
	if !ok {
		return nil, interp.NewError("TypeError", "SQLALCHEMY_DATABASE_URI must be a string, not %s", interp.Describe(v))
	}
	url := string(s)
	if rest, ok := strings.CutPrefix(url, "sqlite:///"); ok && rest != "" && rest != ":memory:" && !strings.HasPrefix(rest, "/") {
		url = "sqlite:///" + app.root + "/instance/" + rest
		// Flask-SQLAlchemy creates the instance folder it puts the
		// database in.
		if l.opts.MakeDir != nil {
			if err := l.opts.MakeDir(app.root + "/instance"); err != nil {
				return nil, interp.NewError("OSError", "creating the app's instance folder: %v", err)
			}
		}
	}
	return &engineObj{url: url}, nil
}

// newFlaskDB is SQLAlchemy(app=None, metadata=None, model_class=...).
func (l *Lib) newFlaskDB(in *interp.Interp, cls *interp.Class, a *interp.Args) (interp.Value, error) {
	b, _, ok := l.bindArgs(a, "SQLAlchemy", []string{"app"}, []string{"metadata", "session_options", "query_class", "model_class", "engine_options", "add_models_to_shell", "disable_autonaming", "use_native_unicode"}, "", nil)
	if !ok {
		return interp.Poison{}, nil
	}
	d := &flaskDB{}
	if mc := b.get("model_class"); mc != nil && !isNone(mc.Value) {
		c, isClass := mc.Value.(*interp.Class)
		if !isClass {
			l.in.Report(mc.Loc, "model_class must be a class, not %s", interp.Describe(mc.Value))
			return interp.Poison{}, nil
		}
		if base, isBase := baseOf(c); base != nil && isBase {
			// SQLAlchemy(model_class=Base) with class Base(DeclarativeBase):
			// db.Model is Base, named as Flask-SQLAlchemy names models.
			base.flask = true
			d.model, d.meta = c, base.meta
		} else {
			meta, _ := l.metadataArg(b.get("metadata"), a.Loc)
			d.meta = meta
			d.model = l.newBase("Model", meta, nil, a.Loc)
			d.model.Bases = append([]*interp.Class{c}, d.model.Bases...)
			d.model.MRO = append([]*interp.Class{d.model}, c.MRO...)
			d.model.Data.(*declBase).flask = true
		}
	} else {
		meta, good := l.metadataArg(b.get("metadata"), a.Loc)
		if !good {
			return interp.Poison{}, nil
		}
		d.meta = meta
		d.model = l.newBase("Model", meta, nil, a.Loc)
		d.model.Data.(*declBase).flask = true
	}
	if l.pinnedMajor("flask-sqlalchemy") == 2 {
		d.model.Data.(*declBase).flask2 = true
	}
	if dis := b.get("disable_autonaming"); dis != nil {
		if v, _ := l.wantBool(*dis, "disable_autonaming"); v {
			d.model.Data.(*declBase).flask = false
		}
	}
	if app := b.get("app"); app != nil {
		if ao, ok := app.Value.(*appObj); ok {
			d.app = ao
			ao.extensions.SetStr("sqlalchemy", d)
		}
	}
	return d, nil
}

// pinnedMajor is the major version of a package the project pins in its
// requirements.txt (Flask-SQLAlchemy==2.5.1, flask_sqlalchemy~=2.5,
// Flask-SQLAlchemy<3): what decides rules that differ between releases
// when the files alone do not. 0: not pinned.
func (l *Lib) pinnedMajor(pkg string) int {
	if l.opts.ReadFile == nil {
		return 0
	}
	data, err := l.opts.ReadFile("requirements.txt")
	if err != nil {
		return 0
	}
	norm := func(s string) string { return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "_", "-") }
	for _, line := range strings.Split(string(data), "\n") {
		line, _, _ = strings.Cut(line, "#")
		i := strings.IndexAny(line, "=<>~!;[ ")
		if i < 0 || norm(line[:i]) != norm(pkg) {
			continue
		}
		spec := strings.TrimSpace(line[i:])
		for _, op := range []string{"==", "~=", "<=", "<"} {
			rest, ok := strings.CutPrefix(spec, op)
			if !ok {
				continue
			}
			major, _, _ := strings.Cut(strings.TrimSpace(rest), ".")
			n, err := strconv.Atoi(strings.TrimSpace(strings.Trim(major, ",")))
			if err != nil {
				return 0
			}
			if op == "<" {
				return n - 1
			}
			return n
		}
	}
	return 0
}

// flaskTableName says whether a Flask-SQLAlchemy model without
// __tablename__ gets one made from its class name: a model with no mapped
// parent does; a subclass of one does when it has a primary key of its own
// (joined-table inheritance), and otherwise shares its parent's table.
func (l *Lib) flaskTableName(cls, parent *interp.Class, decls []colDecl) bool {
	if parent == nil {
		return true
	}
	for _, d := range decls {
		if d.own && d.cv.primaryKey {
			return true
		}
	}
	return false
}

// migrateObj is Flask-Migrate's Migrate(app, db, ...); migrateConfig is
// what it puts in app.extensions['migrate'].
type migrateObj struct {
	db     interp.Value
	kwargs *interp.Dict
	dir    string
}

var migrateClass = interp.NewClass("Migrate", "flask_migrate", nil)

func (m *migrateObj) PyClass() *interp.Class { return migrateClass }

func (m *migrateObj) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	switch name {
	case "init_app":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			if len(a.Pos) > 1 {
				m.db = a.Pos[1].Value
			} else if d, ok := a.Kwarg("db"); ok {
				m.db = d.Value
			}
			for _, kw := range a.Kw {
				if kw.Name != "db" && kw.Name != "app" && kw.Name != "directory" {
					m.kwargs.SetStr(kw.Name, kw.Value)
				}
			}
			if len(a.Pos) > 0 {
				if app, ok := a.Pos[0].Value.(*appObj); ok {
					m.register(app)
				}
			}
			return interp.None, nil
		}}, nil
	case "db":
		return m.db, nil
	case "configure", "configure_callbacks":
		return identityDecorator, nil
	}
	return nil, nil
}

func (m *migrateObj) register(app *appObj) {
	app.extensions.SetStr("migrate", &migrateConfig{m: m})
}

type migrateConfig struct{ m *migrateObj }

var migrateConfigClass = interp.NewClass("_MigrateConfig", "flask_migrate", nil)

func (c *migrateConfig) PyClass() *interp.Class { return migrateConfigClass }

func (c *migrateConfig) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	switch name {
	case "db":
		if c.m.db == nil {
			return interp.None, nil
		}
		return c.m.db, nil
	case "configure_args":
		return c.m.kwargs, nil
	case "directory":
		return interp.Str(c.m.dir), nil
	case "metadata":
		if d, ok := c.m.db.(*flaskDB); ok {
			return d.meta, nil
		}
	}
	return nil, nil
}

// newMigrate is Migrate(app=None, db=None, directory='migrations', ...).
func (l *Lib) newMigrate(in *interp.Interp, cls *interp.Class, a *interp.Args) (interp.Value, error) {
	m := &migrateObj{kwargs: interp.NewDict(), dir: "migrations"}
	// Flask-Migrate 4's defaults.
	m.kwargs.SetStr("compare_type", interp.Bool(true))
	m.kwargs.SetStr("render_as_batch", interp.Bool(true))
	var app *appObj
	if len(a.Pos) > 0 {
		app, _ = a.Pos[0].Value.(*appObj)
	}
	if len(a.Pos) > 1 {
		m.db = a.Pos[1].Value
	}
	for _, kw := range a.Kw {
		switch kw.Name {
		case "app":
			app, _ = kw.Value.(*appObj)
		case "db":
			m.db = kw.Value
		case "directory":
			if s, ok := kw.Value.(interp.Str); ok {
				m.dir = string(s)
			}
		case "command":
		default:
			m.kwargs.SetStr(kw.Name, kw.Value)
		}
	}
	if app != nil {
		m.register(app)
	}
	return m, nil
}

// currentApp is flask.current_app: the app Flask-Migrate's env.py works
// with, found on first use.
type currentApp struct{}

var currentAppClass = interp.NewClass("LocalProxy", "werkzeug.local", nil)

func (currentApp) PyClass() *interp.Class { return currentAppClass }

func (currentApp) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	app, err := lib(in).findApp()
	if err != nil {
		return nil, err
	}
	return app.GetAttr(in, name)
}

// findApp returns the app current_app stands for: one pushed with
// app_context(), else the one `flask db` would load.
func (l *Lib) findApp() (*appObj, error) {
	if l.flask.app != nil {
		return l.flask.app, nil
	}
	target := l.loadDotenv()
	var candidates []string
	if target != "" {
		candidates = []string{target}
	} else {
		candidates = []string{"wsgi", "app"}
	}
	var tried []string
	for _, c := range candidates {
		modName, expr, _ := strings.Cut(c, ":")
		modName = strings.TrimSuffix(strings.ReplaceAll(modName, "/", "."), ".py")
		m, err := l.in.Import(modName, interp.Loc{})
		if err != nil {
			if e, ok := err.(*interp.Exception); ok && e.Class == interp.ExceptionClassNamed("ModuleNotFoundError") && strings.Contains(e.Text(), "'"+modName+"'") {
				tried = append(tried, modName)
				continue
			}
			return nil, err
		}
		app, err := l.appIn(m, expr)
		if err != nil {
			return nil, err
		}
		if app != nil {
			l.flask.app = app
			return app, nil
		}
		tried = append(tried, modName)
	}
	if len(l.flask.apps) > 0 {
		l.flask.app = l.flask.apps[0]
		return l.flask.app, nil
	}
	how := "set FLASK_APP in .flaskenv (FLASK_APP=myapp:create_app), or put the app in app.py or wsgi.py"
	return nil, interp.NewError("RuntimeError", "Retort could not find the Flask app that Flask-Migrate's env.py works with (looked in %s): %s", strings.Join(tried, ", "), how)
}

// appIn finds the app in a module, as flask's find_best_app does.
func (l *Lib) appIn(m *interp.Module, expr string) (*appObj, error) {
	if expr != "" {
		v, err := l.in.EvalIn(m, expr)
		if err != nil {
			return nil, err
		}
		if f, ok := v.(*interp.Func); ok {
			if v, err = l.in.Call(f, nil); err != nil {
				return nil, err
			}
		}
		app, _ := v.(*appObj)
		return app, nil
	}
	for _, n := range []string{"app", "application"} {
		if v, ok := m.Dict.Get(n); ok {
			if app, ok := v.(*appObj); ok {
				return app, nil
			}
		}
	}
	for _, n := range m.Dict.Names() {
		v, _ := m.Dict.Get(n)
		if app, ok := v.(*appObj); ok {
			return app, nil
		}
	}
	for _, n := range []string{"create_app", "make_app"} {
		if v, ok := m.Dict.Get(n); ok {
			if f, ok := v.(*interp.Func); ok {
				r, err := l.in.Call(f, nil)
				if err != nil {
					return nil, err
				}
				if app, ok := r.(*appObj); ok {
					return app, nil
				}
			}
		}
	}
	return nil, nil
}

func (l *Lib) registerFlask() {
	l.flask = &flaskState{}
	appCls := interp.NewClass("Flask", "flask", &interp.Native{New: l.newApp})
	l.in.Register("flask", func(in *interp.Interp) (*interp.Module, error) {
		m := interp.NewModule("flask")
		m.Package = true
		m.Set("Flask", appCls)
		m.Set("current_app", currentApp{})
		m.Lazy = func(in *interp.Interp, name string) (interp.Value, bool, error) {
			return &interp.Opaque{What: "flask." + name}, true, nil
		}
		return m, nil
	})
	dbCls := interp.NewClass("SQLAlchemy", "flask_sqlalchemy", &interp.Native{New: l.newFlaskDB})
	l.in.Register("flask_sqlalchemy", func(in *interp.Interp) (*interp.Module, error) {
		m := interp.NewModule("flask_sqlalchemy")
		m.Package = true
		m.Set("SQLAlchemy", dbCls)
		m.Lazy = func(in *interp.Interp, name string) (interp.Value, bool, error) {
			if name == "model" {
				mod, err := in.Import("flask_sqlalchemy.model", interp.Loc{})
				return mod, err == nil, err
			}
			return &interp.Opaque{What: "flask_sqlalchemy." + name}, true, nil
		}
		return m, nil
	})
	// flask_sqlalchemy.model.Model: the base of db.Model, which
	// SQLAlchemy(model_class=...) takes a subclass of.
	modelCls := interp.NewClass("Model", "flask_sqlalchemy.model", nil)
	l.in.Register("flask_sqlalchemy.model", func(in *interp.Interp) (*interp.Module, error) {
		m := interp.NewModule("flask_sqlalchemy.model")
		m.Set("Model", modelCls)
		m.Lazy = func(in *interp.Interp, name string) (interp.Value, bool, error) {
			return &interp.Opaque{What: "flask_sqlalchemy.model." + name}, true, nil
		}
		return m, nil
	})
	migCls := interp.NewClass("Migrate", "flask_migrate", &interp.Native{New: l.newMigrate})
	l.in.Register("flask_migrate", func(in *interp.Interp) (*interp.Module, error) {
		m := interp.NewModule("flask_migrate")
		m.Set("Migrate", migCls)
		m.Lazy = func(in *interp.Interp, name string) (interp.Value, bool, error) {
			return &interp.Opaque{What: "flask_migrate." + name}, true, nil
		}
		return m, nil
	})
}

// engineObj is an Engine (create_engine(url), engine_from_config(...), db.engine).
type engineObj struct {
	url string
}

var engineClass = interp.NewClass("Engine", "sqlalchemy.engine.base", nil)

func (e *engineObj) PyClass() *interp.Class { return engineClass }

// URL returns the engine's database URL.
func (e *engineObj) URL() string { return e.url }

func (e *engineObj) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	l := lib(in)
	switch name {
	case "url":
		return &urlObj{s: e.url}, nil
	case "dialect":
		return &dialectValue{name: dialectOfURL(e.url)}, nil
	case "name":
		return interp.Str(dialectOfURL(e.url)), nil
	case "connect", "begin":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			if l.opts.Connect == nil {
				return nil, interp.Errorf(a.Loc, "Retort does not connect to a database here")
			}
			return l.opts.Connect(in, e.url)
		}}, nil
	case "dispose":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) { return interp.None, nil }}, nil
	}
	return &interp.Opaque{What: "engine." + name}, nil
}

// dialectOfURL is the dialect name of a database URL.
func dialectOfURL(url string) string {
	scheme, _, _ := strings.Cut(url, ":")
	scheme, _, _ = strings.Cut(scheme, "+")
	if scheme == "postgres" {
		return "postgresql"
	}
	return scheme
}

// urlObj is an engine's URL.
type urlObj struct{ s string }

var urlClass = interp.NewClass("URL", "sqlalchemy.engine.url", nil)

func (u *urlObj) PyClass() *interp.Class { return urlClass }

func (u *urlObj) Str(in *interp.Interp) (string, error) { return u.s, nil }

func (u *urlObj) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	switch name {
	case "render_as_string", "__to_string__":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) { return interp.Str(u.s), nil }}, nil
	case "drivername":
		scheme, _, _ := strings.Cut(u.s, ":")
		return interp.Str(scheme), nil
	case "database":
		_, rest, _ := strings.Cut(u.s, ":///")
		return interp.Str(rest), nil
	case "get_backend_name", "get_dialect":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			return interp.Str(dialectOfURL(u.s)), nil
		}}, nil
	}
	return &interp.Opaque{What: "url." + name}, nil
}

// makeEngine is create_engine(url, ...) and engine_from_config(section, prefix=...).
func (l *Lib) makeEngine(name string, a *interp.Args) (interp.Value, error) {
	if name == "create_engine" {
		if len(a.Pos) == 0 {
			return nil, interp.NewError("TypeError", "create_engine() takes a URL")
		}
		s, err := l.in.Str(a.Pos[0].Value)
		if err != nil {
			return nil, err
		}
		return &engineObj{url: s}, nil
	}
	if len(a.Pos) == 0 {
		return nil, interp.NewError("TypeError", "engine_from_config() takes a configuration dict")
	}
	prefix := "sqlalchemy."
	if p, ok := a.Kwarg("prefix"); ok {
		if ps, ok := p.Value.(interp.Str); ok {
			prefix = string(ps)
		}
	} else if len(a.Pos) > 1 {
		if ps, ok := a.Pos[1].Value.(interp.Str); ok {
			prefix = string(ps)
		}
	}
	v, err := l.in.GetItem(a.Pos[0].Value, interp.Str(prefix+"url"))
	if err != nil {
		return nil, interp.Errorf(a.Loc, "engine_from_config(): the configuration has no %surl", prefix)
	}
	s, err := l.in.Str(v)
	if err != nil {
		return nil, err
	}
	return &engineObj{url: s}, nil
}
