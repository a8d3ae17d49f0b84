package engine

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"

	"retort/engine/models"
	"retort/engine/postgres"
	"retort/engine/project"
	"retort/engine/python"
	"retort/engine/script"
	"retort/engine/sqlite"
)

// Commands that work on the database run env.py, as Alembic does: env.py
// imports the models and calls context.configure(connection=...,
// target_metadata=...) and context.run_migrations(), where the command
// does its work with what env.py configured.

// envRun is a command's work inside context.run_migrations().
type envRun struct {
	rt  *script.Runtime
	env *script.Environment
	// db is the database of the connection env.py configured (nil offline).
	db database
	// dialect is the database's dialect, online or offline (from the URL
	// env.py configured).
	dialect string
}

// envOptions say how env.py runs for a command.
type envOptions struct {
	offline      bool
	autogenerate bool
	// recover reports every independent mistake of the models (autogenerate,
	// the editor) instead of the first.
	recover bool
	// dialect, offline, writes the SQL for this dialect whatever the URL
	// names.
	dialect string
	// loadAs is the dialect the models are loaded for, when env.py's
	// connection turned out to be another one's than sqlalchemy.url named
	// (a Flask app's URL): env.py runs again for it.
	loadAs string
}

// errLoadAgain stops a run of env.py whose models were loaded for another
// dialect than its connection's.
var errLoadAgain = errors.New("load the models again for the connection's dialect")

// runEnv runs env.py; run is what its context.run_migrations() does.
func (s *Session) runEnv(e *env, inv *invocation, o envOptions, run func(x *envRun) error) error {
	envPath := path.Join(e.cfg.ScriptLocation, "env.py")
	src, err := s.opts.FS.ReadFile(envPath)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("Can't find Python file %s", s.opts.FS.Abs(envPath))
		}
		return fmt.Errorf("reading %s: %w", envPath, err)
	}
	var opened []database
	defer func() {
		for _, db := range opened {
			db.close()
		}
	}()
	conns := map[script.DB]database{}
	called := false
	warned := map[string]bool{}
	// The models' server defaults and variants are the dialect's: load
	// them for the one sqlalchemy.url names (again, below, when env.py
	// connects to another).
	loadedAs := s.urlDialect(e.cfg.URL)
	switch {
	case o.loadAs != "":
		loadedAs = o.loadAs
	case o.dialect != "":
		loadedAs = o.dialect
	}
	again := ""
	var runErr error
	var stdout io.Writer // print() in env.py and the scripts, as Alembic's stdout
	if s.out != nil {
		stdout = s.out.stdout
	}
	opts := script.Options{
		Stdout:  stdout,
		Context: s.ctx,
		Config:  iniConfig{e.cfg},
		Offline: o.offline,
		Recover: o.recover,
		Open: func(url string) (script.DB, error) {
			db, err := s.openURL(e.cfg, url)
			if err != nil {
				return nil, err
			}
			opened = append(opened, db)
			c := db.conn(s.ctx)
			conns[c] = db
			return c, nil
		},
		RunMigrations: func(env *script.Environment) error {
			called = true
			x := &envRun{env: env}
			x.rt = s.rt
			if errs := s.rt.Interp().Errors(); len(errs) > 0 {
				return errs[0]
			}
			if env.DB != nil {
				x.db = conns[env.DB]
			}
			if x.db == nil && !o.offline {
				// env.py configured no connection: Alembic would fail on
				// its first statement. Use the URL's database.
				db, err := s.openURL(e.cfg, e.cfg.URL)
				if err != nil {
					return err
				}
				opened = append(opened, db)
				x.db = db
			}
			if x.db != nil {
				x.dialect = x.db.dialect()
			} else if o.dialect != "" {
				x.dialect = o.dialect
			} else {
				url := env.URL
				if url == "" {
					url = e.cfg.URL
				}
				x.dialect = "sqlite"
				if d, err := e.cfg.DatabaseURL(url); err == nil {
					x.dialect = d.Dialect
				}
			}
			if x.dialect != loadedAs {
				if o.loadAs == "" {
					again = x.dialect
					return errLoadAgain
				}
				s.rt.Lib().SetDialect(x.dialect)
			}
			if !o.autogenerate {
				// What Retort did not run that has side effects (os.system in
				// env.py or a model module): said before the work, as
				// autogenerate says it beside its Detected lines.
				s.warnSideEffects(warned)
			}
			runErr = run(x)
			if !o.autogenerate {
				s.warnSideEffects(warned)
			}
			return runErr
		},
		Autogenerate: o.autogenerate,
		Dialect:      loadedAs,
	}
	opts.Environ = s.opts.Environ
	if s.out != nil {
		// print() in env.py, models and scripts writes to the command's
		// stdout, as under Alembic.
		opts.Stdout = s.out.stdout
	}
	if inv != nil {
		opts.XArgs = inv.list("x")
		opts.Tag = inv.str("tag")
	}
	root := s.opts.FS.Abs(".")
	s.rt = script.New(script.Project{FS: modelFS{fs: s.opts.FS, s: s}, Root: root}, opts)
	_, err = s.rt.RunEnv(envPath, s.opts.FS.Abs(envPath), src)
	if again != "" {
		for _, db := range opened {
			db.close()
		}
		opened = nil
		o.loadAs = again
		return s.runEnv(e, inv, o, run)
	}
	if runErr != nil {
		return runErr
	}
	if err != nil {
		return err
	}
	if !called {
		return fmt.Errorf("%s did not call context.run_migrations(), so there was nothing for the command to do (Alembic's env.py ends by calling run_migrations_online() or run_migrations_offline())", envPath)
	}
	return nil
}

// warnSideEffects prints the interpreter's warnings not printed yet (done
// holds those that were).
func (s *Session) warnSideEffects(done map[string]bool) {
	for _, w := range s.rt.Interp().Warnings() {
		if msg := w.Error(); !done[msg] {
			done[msg] = true
			s.out.warn(logMigration, msg)
		}
	}
}

// openURL opens the database a sqlalchemy.url names: the session's own (the
// page's) for a SQLite URL, the file it names, or the PostgreSQL database.
// The caller closes it.
func (s *Session) openURL(cfg *project.Config, url string) (database, error) {
	d, err := cfg.DatabaseURL(url)
	if err != nil {
		return nil, err
	}
	if d.Dialect == "postgresql" {
		return openPostgres(s.ctx, d.URL)
	}
	if s.opts.DB != nil {
		return &sqliteDatabase{db: s.opts.DB}, nil
	}
	var db *sqlite.DB
	if d.Memory {
		db, err = sqlite.OpenMemory()
	} else {
		db, err = sqlite.Open(d.Path)
	}
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", d.URL, err)
	}
	return &sqliteDatabase{db: db, own: true}, nil
}

// urlDialect is the dialect a URL names ("sqlite" when it names none
// Retort knows: the error comes when the database is opened).
func (s *Session) urlDialect(url string) string {
	if postgres.IsURL(url) {
		return "postgresql"
	}
	return "sqlite"
}

// iniConfig is alembic.ini as context.config reads it.
type iniConfig struct{ cfg *project.Config }

func (c iniConfig) FileName() string { return c.cfg.File }
func (c iniConfig) Section() string  { return c.cfg.Section }
func (c iniConfig) Get(section, key string) (string, bool, error) {
	return c.cfg.INI.Get(section, key)
}
func (c iniConfig) Keys(section string) []string { return c.cfg.INI.Keys(section) }

// modelFS reads model modules from the project; paths are as the models
// loader asks for them (relative to the folder the command runs in).
type modelFS struct {
	fs project.FS
	// s keeps parses between commands (the page parses models.py once per
	// edit, not once per command); nil for a load that keeps nothing.
	s *Session
}

// ParsePython parses a module, reusing the session's earlier parse of the
// same text (a tree is never changed after parsing). Only clean parses are
// kept: a file with errors is parsed again, for its diagnostics.
func (m modelFS) ParsePython(filename string, src []byte) (*python.Module, error) {
	if m.s == nil {
		return python.Parse(filename, src)
	}
	if c, ok := m.s.modules[filename]; ok && c.src == string(src) {
		return c.tree, nil
	}
	tree, err := python.Parse(filename, src)
	if err == nil && tree != nil {
		if m.s.modules == nil {
			m.s.modules = map[string]parsedModule{}
		}
		m.s.modules[filename] = parsedModule{string(src), tree}
	}
	return tree, err
}

func (m modelFS) ReadFile(name string) ([]byte, error) { return m.fs.ReadFile(name) }

// MkdirAll creates a project folder the project's code would (a Flask app's
// instance folder).
func (m modelFS) MkdirAll(name string) error { return m.fs.MkdirAll(name) }

// ReadDir lets the loader find packages without __init__.py and suggest names.
func (m modelFS) ReadDir(name string) ([]fs.DirEntry, error) { return m.fs.ReadDir(name) }

var _ models.DirFS = modelFS{}

// targetSchema is the schema of what env.py gave as target_metadata.
func (x *envRun) targetSchema() (*models.Result, error) {
	res := x.rt.Lib().Result(x.env.TargetMetadata)
	if errs := x.rt.Interp().Errors(); len(errs) > 0 {
		return res, errs[0]
	}
	res.Files = x.rt.Files()
	res.Warnings = append(x.rt.Lib().StrayTables(x.env.TargetMetadata), x.rt.Interp().Warnings()...)
	return res, nil
}

// firstError returns a list's first error alone: a command reports one line.
func firstError(err error) error {
	var pl python.ErrorList
	if errors.As(err, &pl) && len(pl) > 0 {
		return pl[0]
	}
	type lister interface{ Unwrap() []error }
	var l lister
	if errors.As(err, &l) {
		if list := l.Unwrap(); len(list) > 0 {
			return list[0]
		}
	}
	return err
}
