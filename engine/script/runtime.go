package script

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"retort/engine/interp"
	"retort/engine/models"
	"retort/engine/ops"
	"retort/engine/postgres"
	"retort/engine/runner"
	"retort/engine/schema"
)

// Revision scripts run, as Alembic runs them: the module is executed by the
// interpreter (engine/interp) and its upgrade() or downgrade() is called
// with alembic's op and context as Go objects whose calls become
// operations, sent to a Migration: a step of an online run, executed at
// once inside the step's transaction, or of an offline one (--sql), written
// out. op.get_bind() is a connection whose execute() runs SQL the same way;
// sa.inspect(bind) reads the database's schema as the step has left it.

// DB is a database as scripts and env.py reach it: SQL with parameters, and
// its schema.
type DB interface {
	// Dialect is "sqlite" or "postgresql".
	Dialect() string
	// Execute runs one statement with named parameters (:name): once per
	// parameter set (executemany), or once with none.
	Execute(sql string, params []map[string]any) (*Rows, error)
	// Inspect reads the database's schema.
	Inspect() (*schema.MetaData, error)
}

// Migration is one step of a run as its script sees it (engine/runner's).
type Migration = runner.Migration

// Rows are the rows a statement returned.
type Rows = runner.Rows

// ErrOffline is what Inspect returns offline.
var ErrOffline = errors.New("there is no database to inspect when writing SQL (--sql)")

// Runtime is alembic (op, context, config) registered in an interpreter,
// beside sqlalchemy (engine/models).
type Runtime struct {
	in   *interp.Interp
	lib  *models.Lib
	opts Options
	// mig is the step running a script's function, nil outside one.
	mig Migration
	// batch is the batch_alter_table block being filled, nil outside one.
	batch *ops.Batch
	env   *Environment
	// modules are the revision scripts executed, by file.
	modules map[*File]*interp.Module
	// convNames are the names scripts wrote as op.f('name').
	convNames map[string]bool
	// configOverrides are config.set_main_option()'s values.
	configOverrides map[string]string
	finder          *models.Finder
	envModule       *interp.Module
}

type runtimeKey struct{}

// Options configure a Runtime.
type Options struct {
	// Context stops a run when cancelled.
	Context context.Context
	// Recover reports every independent mistake of a model module (for
	// autogenerate and the editor's diagnostics) instead of stopping at
	// the first.
	Recover bool
	// Stdout receives print().
	Stdout io.Writer
	// Environ is what os.environ holds (nil: nothing).
	Environ map[string]string
	// Config is alembic.ini, what context.config reads.
	Config Config
	// Offline is context.is_offline_mode().
	Offline bool
	// Dialect is the database's ("sqlite" by default).
	Dialect string
	// Open opens the database of a URL (engine.connect()); nil: connecting
	// is an error.
	Open func(url string) (DB, error)
	// RunMigrations is what context.run_migrations() does: the command's
	// work, with what env.py configured.
	RunMigrations func(env *Environment) error
	// XArgs are the -x arguments (context.get_x_argument()).
	XArgs []string
	// Tag is --tag (context.get_tag_argument()).
	Tag string
	// Head and Starting are what context.get_head_revision() and
	// get_starting_revision_argument() return.
	Head, Starting, Destination string
	// Autogenerate is set for `revision --autogenerate` (config.cmd_opts.autogenerate).
	Autogenerate bool
}

// Config is an alembic.ini as context.config reads it.
type Config interface {
	// FileName is the ini file's path (config.config_file_name).
	FileName() string
	// Section is the main section's name ("alembic").
	Section() string
	// Get returns an option of a section, interpolated.
	Get(section, key string) (string, bool, error)
	// Keys returns a section's options, in order.
	Keys(section string) []string
}

// Project is where a Runtime reads the project's modules.
type Project struct {
	// FS holds the project's files (what prepend_sys_path puts on
	// sys.path), Root is its absolute path (what __file__ starts with).
	FS   models.FS
	Root string
}

// New makes an interpreter with sqlalchemy (engine/models) and alembic
// registered, for a project.
func New(p Project, opts Options) *Runtime {
	if opts.Dialect == "" {
		opts.Dialect = "sqlite"
	}
	finder := &models.Finder{FS: p.FS, Root: p.Root}
	in := interp.New(interp.Options{
		Context: opts.Context, Finder: finder, Parse: models.Parser(p.FS), Recover: opts.Recover, Known: interp.KnownOutside,
		Stdout: opts.Stdout, Environ: opts.Environ,
	})
	rt := &Runtime{in: in, opts: opts, modules: map[*File]*interp.Module{}, convNames: map[string]bool{}, finder: finder}
	rt.lib = models.Register(in, models.Options{
		Dialect:  opts.Dialect,
		ReadFile: p.FS.ReadFile,
		Scripts:  true,
		MakeDir: func(abs string) error {
			mk, ok := p.FS.(interface{ MkdirAll(name string) error })
			rel, inside := strings.CutPrefix(abs, strings.TrimSuffix(p.Root, "/")+"/")
			if !ok || !inside {
				return nil
			}
			return mk.MkdirAll(rel)
		},
		Connect: func(in *interp.Interp, url string) (interp.Value, error) {
			if opts.Open == nil {
				return nil, interp.NewError("RuntimeError", "Retort does not connect to a database here")
			}
			db, err := opts.Open(url)
			if err != nil {
				return nil, err
			}
			return &conn{rt: rt, db: db, url: url}, nil
		},
		TypeDDL: func(in *interp.Interp, bind interp.Value, t schema.Type, create, checkfirst bool) error {
			return rt.typeDDL(t, create, checkfirst)
		},
		IndexDDL: func(in *interp.Interp, bind interp.Value, ix *schema.Index, create bool, at interp.Loc) error {
			if create {
				return rt.emit(&ops.CreateIndex{Index: ix}, at)
			}
			return rt.emit(&ops.DropIndex{Name: ix.Name, Table: ix.Table}, at)
		},
		Reflect: func(in *interp.Interp, bind interp.Value) (*schema.MetaData, error) {
			switch b := bind.(type) {
			case *conn:
				return (&inspector{rt: rt, c: b}).schema(interp.Loc{})
			case *engineRef:
				return (&inspector{rt: rt, c: b.c}).schema(interp.Loc{})
			}
			return nil, interp.NewError("TypeError", "reflecting tables takes a connection (op.get_bind()), not %s", interp.Describe(bind))
		},
		Inspect: func(in *interp.Interp, bind interp.Value) (interp.Value, error) {
			switch b := bind.(type) {
			case *conn:
				return &inspector{rt: rt, c: b}, nil
			case *engineRef:
				return &inspector{rt: rt, c: b.c}, nil
			}
			return nil, interp.NewError("TypeError", "inspect() takes a connection (op.get_bind()), not %s", interp.Describe(bind))
		},
	})
	in.SetExt(runtimeKey{}, rt)
	rt.register()
	return rt
}

// Files returns the project files the run read, in order.
func (rt *Runtime) Files() []string { return rt.finder.Files }

// Interp returns the interpreter.
func (rt *Runtime) Interp() *interp.Interp { return rt.in }

// Lib returns the sqlalchemy library.
func (rt *Runtime) Lib() *models.Lib { return rt.lib }

// ConvNames returns the names scripts wrote as op.f('name').
func (rt *Runtime) ConvNames() []string {
	out := make([]string, 0, len(rt.convNames))
	for n := range rt.convNames {
		out = append(out, n)
	}
	return out
}

// Direction names a revision script's function.
type Direction string

// The two functions of a revision script.
const (
	Upgrade   Direction = "upgrade"
	Downgrade Direction = "downgrade"
)

// Run runs a revision script's upgrade() or downgrade() as one step: its
// operations go to mig. The module is executed on the first Run of the file
// (as Alembic imports it once). The error is positioned at the construct at
// fault in the script (or the module it called into).
func (rt *Runtime) Run(f *File, dir Direction, mig Migration) error {
	m, err := rt.module(f)
	if err != nil {
		return err
	}
	fn, ok := m.Dict.Get(string(dir))
	if !ok {
		return fmt.Errorf("%s:1:1: the script has no %s() function", f.Header.Path, dir)
	}
	prev, prevBatch := rt.mig, rt.batch
	rt.mig, rt.batch = mig, nil
	defer func() { rt.mig, rt.batch = prev, prevBatch }()
	_, err = rt.in.Call(fn, nil)
	if err != nil {
		return rt.scriptError(err)
	}
	if errs := rt.in.Errors(); len(errs) > 0 {
		return errs[0]
	}
	return nil
}

// scriptError turns an error a script's run ended with into the one error
// the user reads.
func (rt *Runtime) scriptError(err error) error {
	if interp.IsReported(err) {
		if errs := rt.in.Errors(); len(errs) > 0 {
			return errs[0]
		}
	}
	if errs := rt.in.Errors(); len(errs) > 0 {
		return errs[0]
	}
	return err
}

// module executes a revision script's module once.
func (rt *Runtime) module(f *File) (*interp.Module, error) {
	if m, ok := rt.modules[f]; ok {
		return m, nil
	}
	name := "alembic_versions_" + f.Header.Revision
	m, err := rt.in.ExecTree(name, f.Header.Path, f.Header.Path, f.Tree)
	if err == nil {
		if errs := rt.in.Errors(); len(errs) > 0 {
			err = errs[0]
		}
	}
	if err != nil {
		return nil, rt.scriptError(err)
	}
	rt.modules[f] = m
	return m, nil
}

// op returns the step a script's op.* call belongs to.
func (rt *Runtime) current(at interp.Loc, what string) (Migration, error) {
	if rt.mig == nil {
		return nil, interp.Errorf(at, "%s can only be called while a migration runs (inside upgrade() or downgrade())", what)
	}
	return rt.mig, nil
}

// emit sends an op to the step, or to the batch block being filled.
func (rt *Runtime) emit(op ops.Op, at interp.Loc) error {
	if rt.batch != nil {
		rt.batch.Ops = append(rt.batch.Ops, op)
		return nil
	}
	mig, err := rt.current(at, "op."+opName(op))
	if err != nil {
		return err
	}
	if err := mig.Emit(op); err != nil {
		return rt.dbError(err, at)
	}
	return nil
}

// dbError makes a database error a Python exception (sqlalchemy.exc's
// OperationalError or IntegrityError, as SQLAlchemy raises), positioned at
// the call that ran the SQL; the Go error stays reachable.
func (rt *Runtime) dbError(err error, at interp.Loc) error {
	var e *interp.Exception
	if errors.As(err, &e) {
		return err
	}
	cls := rt.lib.ExceptionClass("OperationalError")
	msg := err.Error()
	if strings.Contains(msg, "constraint failed") || strings.Contains(msg, "UNIQUE") || strings.Contains(msg, "FOREIGN KEY") || strings.Contains(msg, "NOT NULL") {
		cls = rt.lib.ExceptionClass("IntegrityError")
	}
	return &interp.Exception{Class: cls, Args: []interp.Value{interp.Str(msg)}, Loc: at, Plain: true, Go: err}
}

func opName(op ops.Op) string {
	switch op.(type) {
	case *ops.CreateTable:
		return "create_table"
	case *ops.DropTable:
		return "drop_table"
	case *ops.RenameTable:
		return "rename_table"
	case *ops.AddColumn:
		return "add_column"
	case *ops.DropColumn:
		return "drop_column"
	case *ops.AlterColumn:
		return "alter_column"
	case *ops.CreateIndex:
		return "create_index"
	case *ops.DropIndex:
		return "drop_index"
	case *ops.CreateUnique:
		return "create_unique_constraint"
	case *ops.CreatePrimaryKey:
		return "create_primary_key"
	case *ops.CreateCheck:
		return "create_check_constraint"
	case *ops.CreateForeignKey:
		return "create_foreign_key"
	case *ops.DropConstraint:
		return "drop_constraint"
	case *ops.Execute:
		return "execute"
	case *ops.BulkInsert:
		return "bulk_insert"
	case *ops.Batch:
		return "batch_alter_table"
	}
	return "operation"
}

// Collect runs a script's function offline and returns its operations, as
// written: what the page previews and re-rendering need. Scripts that look
// at the database (get_bind().execute, inspect) run as they do for --sql.
func (rt *Runtime) Collect(f *File, dir Direction, dialect string) ([]ops.Op, error) {
	rec := &recorder{dialect: dialect}
	saved := rt.opts.Offline
	rt.opts.Offline = true
	defer func() { rt.opts.Offline = saved }()
	if err := rt.Run(f, dir, rec); err != nil {
		return nil, err
	}
	return rec.ops, nil
}

// recorder is an offline Migration that keeps the operations.
type recorder struct {
	dialect string
	ops     []ops.Op
}

func (r *recorder) Dialect() string { return r.dialect }
func (r *recorder) Offline() bool   { return true }
func (r *recorder) Emit(op ops.Op) error {
	r.ops = append(r.ops, op)
	return nil
}
func (r *recorder) Execute(sql string, params []map[string]any) (*Rows, error) {
	r.ops = append(r.ops, &ops.Execute{SQL: sql, Params: firstParams(params)})
	return &Rows{}, nil
}
func (r *recorder) Inspect() (*schema.MetaData, error) { return nil, ErrOffline }

func firstParams(params []map[string]any) map[string]any {
	if len(params) == 0 {
		return nil
	}
	return params[0]
}

// ResolveHeaders evaluates the header values scripts compute (f.Dynamic):
// it runs each such module, as Alembic imports it, in one interpreter, and
// reads them from it. The error is positioned where running a module
// failed, or names the value that is not None, a string or a tuple of
// strings.
func ResolveHeaders(p Project, files []*File) error {
	var rt *Runtime
	for _, f := range files {
		if len(f.Dynamic) == 0 {
			continue
		}
		if rt == nil {
			rt = New(p, Options{})
		}
		if err := rt.resolveHeader(f); err != nil {
			return err
		}
	}
	return nil
}

func (rt *Runtime) resolveHeader(f *File) error {
	m, err := rt.module(f)
	if err != nil {
		return err
	}
	for _, name := range f.Dynamic {
		v, _ := m.Dict.Get(name)
		list, ok := headerList(rt.in, v)
		if !ok {
			return fmt.Errorf("%s: %s must be None, a string, or a tuple of strings, not %s", f.Header.Path, name, interp.Describe(v))
		}
		switch name {
		case "down_revision":
			f.Header.DownRevisions = list
		case "branch_labels":
			f.Header.BranchLabels = list
		case "depends_on":
			f.Header.DependsOn = list
		}
	}
	f.Dynamic = nil
	return nil
}

// headerList reads a header value: None, a string, or a tuple or list of
// strings.
func headerList(in *interp.Interp, v interp.Value) ([]string, bool) {
	switch x := v.(type) {
	case interp.NoneType:
		return nil, true
	case interp.Str:
		return []string{string(x)}, true
	case *interp.Tuple, *interp.List:
		items, err := in.List(x)
		if err != nil {
			return nil, false
		}
		out := make([]string, 0, len(items))
		for _, it := range items {
			s, ok := it.(interp.Str)
			if !ok {
				return nil, false
			}
			out = append(out, string(s))
		}
		return out, true
	}
	return nil, false
}

// typeDDL is Enum(...).create(bind) / drop(bind) in a step: PostgreSQL's
// CREATE TYPE / DROP TYPE for a named native enum (checkfirst: only when
// the database does not have it / has it); nothing on SQLite, which has no
// named types.
func (rt *Runtime) typeDDL(t schema.Type, create, checkfirst bool) error {
	if rt.mig == nil || rt.mig.Dialect() != "postgresql" || !postgres.NativeEnum(t) || t.EnumName == "" {
		return nil
	}
	if checkfirst && !rt.mig.Offline() {
		md, err := rt.mig.Inspect()
		if err != nil {
			return err
		}
		has := slices.ContainsFunc(md.Enums, func(e *schema.Enum) bool { return e.Name == t.EnumName && e.Schema == t.Schema })
		if has == create {
			return nil
		}
	}
	stmt := postgres.DropEnumSQL(t.Schema, t.EnumName)
	if create {
		var err error
		if stmt, err = postgres.CreateEnumSQL(t.Schema, t.EnumName, t.Enum); err != nil {
			return err
		}
	}
	_, err := rt.mig.Execute(stmt, nil)
	return err
}
