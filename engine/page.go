package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"

	"retort/engine/models"
	"retort/engine/project"
	"retort/engine/python"
	"retort/engine/revision"
	"retort/engine/runner"
	"retort/engine/schema"
	"retort/engine/script"
	"retort/engine/sqlite"
)

// What the page asks of a session besides command lines: files, diagnostics
// as the user types, tables and rows, SQL, the revision graph, the SQL of one
// step, and the database's bytes.

// OpenMemory opens a session over files held in memory and a new in-memory
// database: the page's session. Data-loss steps are confirmed through Ask.
func OpenMemory(files map[string]string, opts Options) (*Session, error) {
	fsys, err := project.NewMapFS("", files)
	if err != nil {
		return nil, err
	}
	db, err := sqlite.OpenMemory()
	if err != nil {
		return nil, err
	}
	opts.FS = fsys
	opts.DB = db
	opts.ConfirmDataLoss = true
	if opts.Prog == "" {
		opts.Prog = "alembic"
	}
	return Open(opts)
}

// DB returns the session's own database (nil for a native session).
func (s *Session) DB() *sqlite.DB { return s.opts.DB }

// Files lists the project's files (memory sessions only), sorted.
func (s *Session) Files() []string {
	m, ok := s.opts.FS.(*project.MemFS)
	if !ok {
		return nil
	}
	var out []string
	for name := range m.Files() {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// ReadFile reads a project file.
func (s *Session) ReadFile(name string) (string, error) {
	b, err := s.opts.FS.ReadFile(name)
	return string(b), err
}

// WriteFile writes a project file: what the next command sees.
func (s *Session) WriteFile(name, content string) error {
	if dir := path.Dir(name); dir != "." {
		if err := s.opts.FS.MkdirAll(dir); err != nil {
			return err
		}
	}
	return s.opts.FS.WriteFile(name, []byte(content))
}

// Diagnostic is a python.Error (the engine's one positioned error: a syntax
// error, a mistake the interpreter or a library found, or a warning) in the
// form the page takes it: a file, a range (1-based lines and rune columns;
// 0-based byte offsets), a message and a severity. DiagnosticsOf makes them.
type Diagnostic struct {
	// Severity is python.Severity's name: "error", or "warning" for what does
	// not stop a command (code Retort did not run that has side effects).
	Severity  string `json:"severity"`
	File      string `json:"file"`
	Line      int    `json:"line"`
	Col       int    `json:"col"`
	EndLine   int    `json:"endLine"`
	EndCol    int    `json:"endCol"`
	Offset    int    `json:"offset"`
	EndOffset int    `json:"endOffset"`
	Message   string `json:"message"`
}

// Diagnostics checks a file as the next command would read it: a revision
// script for the subset Retort runs, env.py and the model modules for what
// autogenerate reads. Only the diagnostics in that file are returned.
func (s *Session) Diagnostics(name string) []Diagnostic {
	if !strings.HasSuffix(name, ".py") {
		return nil
	}
	var err error
	cfg, cerr := s.loadConfig(nil)
	inVersions := strings.Contains(name, "/versions/")
	if cerr == nil {
		for _, dir := range versionLocations(cfg) {
			if path.Dir(name) == dir {
				inVersions = true
			}
		}
	}
	if inVersions {
		src, rerr := s.opts.FS.ReadFile(name)
		if rerr != nil {
			return nil
		}
		_, err = script.Parse(name, src)
	} else if cerr == nil {
		err = s.modelErrors(cfg)
	}
	var out []Diagnostic
	for _, d := range DiagnosticsOf(err) {
		if d.File == name || d.File == "" {
			d.File = name
			out = append(out, d)
		}
	}
	if !inVersions && cerr == nil && s.rt != nil {
		// The run modelErrors just made: what it did not run.
		for _, d := range DiagnosticsOf(s.rt.Interp().Warnings().Err()) {
			if d.File == name {
				out = append(out, d)
			}
		}
	}
	return out
}

// SideEffects lists what env.py and the model modules would do outside the
// database under the real Alembic and Retort did not run (os.system,
// subprocess, shutil, ...): the page says so before it hands the project to
// the real Alembic.
func (s *Session) SideEffects() ([]Diagnostic, error) {
	cfg, err := s.loadConfig(nil)
	if err != nil {
		return nil, nil
	}
	_ = s.modelErrors(cfg)
	if s.rt == nil {
		return nil, nil
	}
	return DiagnosticsOf(s.rt.Interp().Warnings().Err()), nil
}

// DiagnosticsOf returns the diagnostics a positioned error (or list of them)
// holds, for the page: Session.Diagnostics' form, which the bridge sends
// with a failed request too. Any other error has none.
func DiagnosticsOf(err error) []Diagnostic {
	list := python.ErrorsOf(err)
	out := make([]Diagnostic, 0, len(list))
	for _, e := range list {
		p, end := e.Span()
		out = append(out, Diagnostic{Severity: e.Severity.String(), File: p.Filename, Line: p.Line, Col: p.Column,
			EndLine: end.Line, EndCol: end.Column, Offset: p.Offset, EndOffset: end.Offset, Message: e.Msg})
	}
	return out
}

// modelErrors runs env.py as autogenerate does, for every mistake in it and
// the models it imports (as a list), without comparing anything.
func (s *Session) modelErrors(cfg *project.Config) error {
	e := &env{cfg: cfg}
	saved := s.out
	if s.out == nil {
		s.out = &out{stdout: io.Discard, stderr: io.Discard, quiet: true}
		defer func() { s.out = saved }()
	}
	err := s.runEnv(e, nil, envOptions{autogenerate: true, recover: true}, func(x *envRun) error {
		if len(x.env.TargetMetadata) > 0 {
			_, err := x.targetSchema()
			return err
		}
		return nil
	})
	if s.rt != nil {
		if errs := s.rt.Interp().Errors(); len(errs) > 0 {
			return errs
		}
	}
	return err
}

// ColumnInfo describes a column for the page.
type ColumnInfo struct {
	Name    string `json:"name"`
	Type    string `json:"type"`
	NotNull bool   `json:"notNull"`
	PK      bool   `json:"pk"`
	FK      string `json:"fk,omitempty"` // "users.id"
	Default string `json:"default,omitempty"`
}

// TableInfo describes a table for the page.
type TableInfo struct {
	Name     string       `json:"name"`
	Columns  []ColumnInfo `json:"columns"`
	RowCount int64        `json:"rowCount"`
	// Error says why the table's rows could not be counted; the other tables
	// are read all the same.
	Error string `json:"error,omitempty"`
}

// Tables lists every table of the database, alembic_version included, with
// its columns and row count. A table whose rows cannot be counted is listed
// with its Error, and does not keep the others from being read.
func (s *Session) Tables(ctx context.Context) ([]TableInfo, error) {
	db, err := s.pageDB()
	if err != nil {
		return nil, err
	}
	md, err := sqlite.Inspect(ctx, db)
	if err != nil {
		return nil, err
	}
	out := make([]TableInfo, 0, len(md.Tables))
	for _, t := range md.Tables {
		ti := TableInfo{Name: t.Name, Columns: []ColumnInfo{}}
		for _, c := range t.Columns {
			ci := ColumnInfo{Name: c.Name, Type: sqlite.TypeSQL(c.Type), NotNull: !c.Nullable || t.IsPrimaryKey(c.Name),
				PK: t.IsPrimaryKey(c.Name), Default: c.ServerDefault}
			for _, fk := range t.ForeignKeys {
				if i := slices.IndexFunc(fk.Columns, func(x string) bool { return strings.EqualFold(x, c.Name) }); i >= 0 {
					ref := ""
					if i < len(fk.RefColumns) {
						ref = fk.RefColumns[i]
					}
					ci.FK = fk.RefTable + "." + ref
				}
			}
			ti.Columns = append(ti.Columns, ci)
		}
		if ti.RowCount, err = db.CountRows(ctx, t.Name); err != nil {
			ti.Error = "counting its rows: " + sqlite.Reason(err)
		}
		out = append(out, ti)
	}
	return out, nil
}

// Rows is one page of a table (engine/sqlite reads it).
type Rows = sqlite.Rows

// RowRef names a row of the page's tables: by its rowid, or in a WITHOUT
// ROWID table by its primary key's values.
type RowRef = sqlite.RowRef

// Rows reads a page of a table's rows: every column a query shows
// (generated ones too), and each row's rowid under a name no column takes.
func (s *Session) Rows(ctx context.Context, table string, offset, limit int) (*Rows, error) {
	db, err := s.pageDB()
	if err != nil {
		return nil, err
	}
	return db.ReadRows(ctx, table, offset, limit)
}

// Result is what one statement of the user's SQL gave.
type Result = sqlite.Result

// Exec runs SQL the user typed (statements ending in ';'), each query's rows
// capped at 1,000.
func (s *Session) Exec(ctx context.Context, sql string) ([]Result, error) {
	db, err := s.pageDB()
	if err != nil {
		return nil, err
	}
	return db.ExecScript(ctx, sql, 1000)
}

func (s *Session) pageDB() (*sqlite.DB, error) {
	if s.opts.DB == nil {
		return nil, errors.New("this session has no database of its own")
	}
	return s.opts.DB, nil
}

// Current returns the revisions alembic_version holds.
func (s *Session) Current(ctx context.Context) ([]string, error) {
	db, err := s.pageDB()
	if err != nil {
		return nil, err
	}
	return runner.Current(ctx, db)
}

// Node is one revision in the page's graph.
type Node struct {
	ID      string   `json:"id"`
	Message string   `json:"message"`
	Down    []string `json:"down"`
	Path    string   `json:"path"`
	Head    bool     `json:"head"`
	Current bool     `json:"current"`
}

// Graph is the revision graph, base first, with the database's current revisions.
type Graph struct {
	Nodes   []Node   `json:"nodes"`
	Current []string `json:"current"`
}

// Revisions returns the revision graph, ordered from base to heads.
func (s *Session) Revisions(ctx context.Context) (*Graph, error) {
	e, err := s.loadEnv(nil)
	if err != nil {
		return nil, err
	}
	g := &Graph{}
	if db := s.opts.DB; db != nil {
		if g.Current, err = runner.Current(ctx, db); err != nil {
			return nil, err
		}
	}
	revs, err := e.graph.Walk("base", "heads")
	if err != nil {
		return nil, err
	}
	for i := len(revs) - 1; i >= 0; i-- {
		r := revs[i]
		g.Nodes = append(g.Nodes, Node{ID: r.ID(), Message: r.Doc(), Down: r.DownRevisions(), Path: r.Header.Path,
			Head: r.IsHead(), Current: slices.Contains(g.Current, r.ID())})
	}
	return g, nil
}

// StepSQL is the SQL one revision's upgrade (or downgrade) would run, computed
// offline from the scripts, on the database sqlalchemy.url names, or on
// dialect ("sqlite", "postgresql") when it is given: the page shows the same
// step on SQLite and on PostgreSQL side by side.
func (s *Session) StepSQL(ctx context.Context, rev string, down bool, dialect string) (string, error) {
	switch dialect {
	case "", "sqlite", "postgresql":
	default:
		return "", fmt.Errorf("no dialect %q: Retort writes SQL for sqlite and postgresql", dialect)
	}
	e, err := s.loadEnv(nil)
	if err != nil {
		return "", err
	}
	r, err := e.graph.Get(rev)
	if err != nil {
		return "", err
	}
	if r == nil {
		return "", fmt.Errorf("no revision %s", rev)
	}
	parent := "base"
	if d := r.DownRevisions(); len(d) == 1 {
		parent = d[0]
	} else if len(d) > 1 {
		parent = d[0]
	}
	var b strings.Builder
	s.out = &out{stdout: &b, stderr: &strings.Builder{}, quiet: true}
	s.ctx = ctx
	defer func() { s.out, s.ctx = nil, nil }()
	err = s.runEnv(e, nil, envOptions{offline: true, dialect: dialect}, func(x *envRun) error {
		if down {
			return s.migrateOffline(e, x, revision.Down, r.ID()+":"+parent)
		} else if parent == "base" {
			return s.migrateOffline(e, x, revision.Up, r.ID())
		}
		return s.migrateOffline(e, x, revision.Up, parent+":"+r.ID())
	})
	return b.String(), err
}

// DownloadNames are the names the page gives what it downloads: the
// database file, named as sqlalchemy.url names it ("myapp.db"; "database.db"
// for a database in memory, or a URL that names none), and the zip's folder,
// the file's name without its extension ("myapp"; "project" when that leaves
// no usable name). Both are single, safe file names (see SafeFileName).
func (s *Session) DownloadNames() (dbFile, folder string) {
	dbFile = "database.db"
	if cfg, err := s.loadConfig(nil); err == nil {
		if dbc, err := cfg.Database(); err == nil && !dbc.Memory {
			name := dbc.Name
			if name == "" {
				name = dbc.Path
			}
			dbFile = SafeFileName(name, dbFile)
		}
	}
	return dbFile, SafeFileName(strings.TrimSuffix(dbFile, path.Ext(dbFile)), "project")
}

// SafeFileName is name's last element made a file name any system takes as
// one: no folder (either separator), no control characters or characters
// Windows refuses, no trailing dots or spaces (Windows drops them), not "."
// or ".."; fallback when nothing is left.
func SafeFileName(name, fallback string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	name = name[strings.LastIndex(name, "/")+1:]
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || strings.ContainsRune(`<>:"|?*`, r) {
			return '_'
		}
		return r
	}, name)
	name = strings.TrimRight(strings.TrimSpace(name), ". ")
	if name == "" || len(name) > 200 {
		return fallback
	}
	return name
}

// ExportDB returns the database file's bytes.
func (s *Session) ExportDB(ctx context.Context) ([]byte, error) {
	db, err := s.pageDB()
	if err != nil {
		return nil, err
	}
	return db.Export(ctx)
}

// ImportDB replaces the database with a file's bytes; a file that is not an
// intact SQLite database is refused and the database kept as it was.
func (s *Session) ImportDB(ctx context.Context, data []byte) error {
	db, err := s.pageDB()
	if err != nil {
		return err
	}
	return db.Import(ctx, data)
}

// CreateAll does what the app's Base.metadata.create_all() would do to the
// database: create the model tables that do not exist, and nothing else. It
// returns the tables it created and, for the first model table, the query the
// app would run (every column the model declares) — which fails when the
// table lacks a column the model has.
func (s *Session) CreateAll(ctx context.Context) (created []string, appQuery string, err error) {
	db, err := s.pageDB()
	if err != nil {
		return nil, "", err
	}
	cfg, err := s.loadConfig(nil)
	if err != nil {
		return nil, "", err
	}
	var res *models.Result
	s.out = &out{stdout: io.Discard, stderr: io.Discard, quiet: true}
	s.ctx = ctx
	defer func() { s.out, s.ctx = nil, nil }()
	err = s.runEnv(&env{cfg: cfg}, nil, envOptions{autogenerate: true}, func(x *envRun) error {
		var err error
		res, err = x.targetSchema()
		return err
	})
	if err != nil {
		return nil, "", firstError(err)
	}
	if res == nil || res.MetaData == nil || len(res.MetaData.Tables) == 0 {
		return nil, "", errors.New("env.py's target_metadata holds no models")
	}
	live, err := sqlite.Inspect(ctx, db)
	if err != nil {
		return nil, "", err
	}
	for _, t := range res.MetaData.Tables {
		if live.Table(t.Name) != nil {
			continue
		}
		if err := sqlite.CreateTables(ctx, db, []*schema.Table{t}); err != nil {
			return created, "", err
		}
		created = append(created, t.Name)
	}
	if len(res.MetaData.Tables) > 0 {
		appQuery = sqlite.SelectColumnsSQL(res.MetaData.Tables[0])
	}
	return created, appQuery, nil
}

// InsertRow adds a row to a table: the values by column name (missing columns
// take their defaults).
func (s *Session) InsertRow(ctx context.Context, table string, values map[string]any) error {
	db, err := s.pageDB()
	if err != nil {
		return err
	}
	return db.InsertRow(ctx, table, values)
}

// UpdateCell sets one value of a row. It changes exactly that row or
// nothing.
func (s *Session) UpdateCell(ctx context.Context, table string, row RowRef, column string, value any) error {
	db, err := s.pageDB()
	if err != nil {
		return err
	}
	return db.UpdateCell(ctx, table, row, column, value)
}

// DeleteRow deletes a row. It deletes exactly that row or nothing.
func (s *Session) DeleteRow(ctx context.Context, table string, row RowRef) error {
	db, err := s.pageDB()
	if err != nil {
		return err
	}
	return db.DeleteRow(ctx, table, row)
}
