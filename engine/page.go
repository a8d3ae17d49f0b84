package engine

import (
	"context"
	"fmt"
	"io"
	"path"
	"strings"

	"retort/engine/project"
	"retort/engine/python"
	"retort/engine/revision"
	"retort/engine/script"
)

// What the page asks of any session besides command lines: files,
// diagnostics as the user types, the SQL of one step, the names of its
// downloads. What needs the page's own database (tables, rows, the user's
// SQL, the revision graph with the current revisions, the database's bytes)
// is the Playground's (playground.go).

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
// with a failed request too. Any other error has none (nil).
func DiagnosticsOf(err error) []Diagnostic {
	list := python.ErrorsOf(err)
	if len(list) == 0 {
		return nil
	}
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
	// The step's other end: its parent, or base. A merge revision has
	// several parents: the range is taken from the first (down_revision's
	// first entry), one fixed choice so that the page shows the same SQL
	// for it every time.
	parent := "base"
	if d := r.DownRevisions(); len(d) > 0 {
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
