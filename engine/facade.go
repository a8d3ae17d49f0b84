package engine

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"retort/engine/project"
	"retort/engine/python"
	"retort/engine/revision"
	"retort/engine/script"
	"retort/engine/sqlite"
)

// Options configure a Session.
type Options struct {
	// FS holds the project: the folder the command runs in (natively) or the
	// page's files in memory.
	FS project.FS
	// Config is the ini file, "alembic.ini" when empty (-c overrides it):
	// the command line passes ALEMBIC_CONFIG.
	Config string
	// Prog is the program's name in usage lines: "retort" or "alembic".
	Prog string
	// DB, when set, is the one database every sqlalchemy.url means (the page's
	// in-memory database). When nil each command opens the file the URL names.
	DB *sqlite.DB
	// Ask answers questions (rename candidates, data-loss confirmations); nil
	// means there is no one to ask.
	Ask Asker
	// ConfirmDataLoss makes upgrade and downgrade ask before a step that
	// destroys data (the page) instead of printing a WARNING and going on (the
	// command line).
	ConfirmDataLoss bool
	// Now and NewRevisionID are for tests; nil uses the clock and random ids.
	Now           func() time.Time
	NewRevisionID func() string
	// Progress receives the progress of long steps.
	Progress func(done, total int)
	// Environ is the environment env.py, models and scripts read through
	// os.environ and os.getenv: the process's for the command line, none
	// (nil) in the page.
	Environ map[string]string
	// Columns is the terminal's width, for help text as argparse lays it out
	// (the command line passes COLUMNS); 0 means 80.
	Columns int
	// Debug adds the stack to the report of an internal error (the command
	// line's RETORT_DEBUG).
	Debug bool
}

// Session is a project and its database, ready for commands. A Session is
// not safe for concurrent use: a command keeps its output and context on it
// while it runs.
type Session struct {
	opts Options

	// set while a command runs
	out *out
	ctx context.Context
	// sqlLog holds the statements the last command's migration steps ran.
	sqlLog []string
	// lastSteps is the last upgrade, downgrade or stamp run on the database
	// (see LastStepsSQL).
	lastSteps *stepsRun
	// scripts holds the revision scripts the last command parsed, by path,
	// with their text: while a file holds the same text its parse is reused
	// (a parsed script is never changed). Parsing is most of loading a
	// project of many or long revisions, and the page runs command after
	// command on one session.
	scripts map[string]parsedScript
	// modules holds the Python modules autogenerate last parsed (env.py,
	// models.py, …), by path, with their text, reused the same way.
	modules map[string]parsedModule
	// rt is the last command's interpreter (env.py, the models, the scripts).
	rt *script.Runtime
}

type parsedModule struct {
	src  string
	tree *python.Module
}

type parsedScript struct {
	src  string
	file *script.File
}

// SQLLog returns the statements the last command's migration steps ran, in
// order: the page's SQL log, where the 12-step rebuild is visible.
func (s *Session) SQLLog() []string { return slices.Clone(s.sqlLog) }

// Open makes a session over a project.
func Open(opts Options) (*Session, error) {
	if opts.FS == nil {
		return nil, errors.New("engine: Options.FS is required")
	}
	if opts.Prog == "" {
		opts.Prog = "retort"
	}
	return &Session{opts: opts}, nil
}

// FS returns the session's project files.
func (s *Session) FS() project.FS { return s.opts.FS }

// configFile is the ini file a command reads: -c, then Options.Config (the
// command line's ALEMBIC_CONFIG), then alembic.ini.
func (s *Session) configFile(inv *invocation) string {
	switch {
	case inv != nil && inv.config != "":
		return inv.config
	case s.opts.Config != "":
		return s.opts.Config
	}
	return "alembic.ini"
}

// env is a loaded project: its configuration and its revision scripts.
type env struct {
	cfg     *project.Config
	files   []*script.File
	byID    map[string]*script.File
	graph   *revision.Graph
	version []string // version locations, as FS paths
}

// flaskMigrateConfig is the ini of Flask-Migrate's layout (flask db init):
// migrations/ holds alembic.ini, env.py and the versions.
const flaskMigrateConfig = "migrations/alembic.ini"

func (s *Session) loadConfig(inv *invocation) (*project.Config, error) {
	file := s.configFile(inv)
	if file == "alembic.ini" && !project.Exists(s.opts.FS, file) &&
		project.Exists(s.opts.FS, flaskMigrateConfig) && project.Exists(s.opts.FS, "migrations/env.py") {
		// A Flask-Migrate project has no alembic.ini: `flask db` reads
		// migrations/alembic.ini, and so do commands without -c (the page's
		// buttons) and the page's panels.
		file = flaskMigrateConfig
	}
	if !project.Exists(s.opts.FS, file) {
		return nil, fmt.Errorf("No config file %s found, or file has no '[alembic]' section", python.Quote(file))
	}
	cfg, err := project.Load(s.opts.FS, file)
	if err != nil {
		return nil, err
	}
	return cfg, nil
}

// versionLocations are the folders revision scripts live in.
func versionLocations(cfg *project.Config) []string {
	if cfg.VersionLocationsSet && len(cfg.VersionLocations) > 0 {
		return cfg.VersionLocations
	}
	return []string{path.Join(cfg.ScriptLocation, "versions")}
}

// parallel runs f(0) … f(n-1) on as many goroutines as there are cores.
func parallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				f(i)
			}
		})
	}
	wg.Wait()
}

// loadEnv reads the configuration and every revision script.
func (s *Session) loadEnv(inv *invocation) (*env, error) {
	cfg, err := s.loadConfig(inv)
	if err != nil {
		return nil, err
	}
	if !project.IsDir(s.opts.FS, cfg.ScriptLocation) {
		return nil, fmt.Errorf("Path doesn't exist: %s.  Please use the 'init' command to create a new scripts folder.", python.Quote(s.opts.FS.Abs(cfg.ScriptLocation)))
	}
	e := &env{cfg: cfg, byID: map[string]*script.File{}, version: versionLocations(cfg)}
	var headers []revision.Header
	parsed := map[string]parsedScript{}
	defer func() { s.scripts = parsed }()
	for _, dir := range e.version {
		entries, err := s.opts.FS.ReadDir(dir)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", dir, err)
		}
		names := make([]string, 0, len(entries))
		for _, de := range entries {
			if !de.IsDir() && strings.HasSuffix(de.Name(), ".py") && !strings.HasPrefix(de.Name(), "__") {
				names = append(names, de.Name())
			}
		}
		slices.Sort(names)
		// Read and parsed on every core (project.FS is safe for concurrent
		// reads): a history of 1,000 scripts is 1,000 files and parses.
		scripts := make([]parsedScript, len(names))
		readErrs := make([]error, len(names))
		parseErrs := make([]error, len(names))
		parallel(len(names), func(i int) {
			p := path.Join(dir, names[i])
			src, err := s.opts.FS.ReadFile(p)
			if err != nil {
				readErrs[i] = err
				return
			}
			c, ok := s.scripts[p]
			if !ok || c.src != string(src) {
				c = parsedScript{src: string(src)}
				c.file, parseErrs[i] = script.Parse(p, src)
			}
			scripts[i] = c
		})
		for i, name := range names {
			p := path.Join(dir, name)
			if readErrs[i] != nil {
				return nil, fmt.Errorf("reading %s: %w", p, readErrs[i])
			}
			if parseErrs[i] != nil {
				return nil, firstError(parseErrs[i])
			}
			c := scripts[i]
			if c.file.Tree == nil {
				continue
			}
			parsed[p] = c
			f := c.file
			if f.Header.Revision == "" {
				// Not a revision script (Alembic skips such files too).
				continue
			}
			e.files = append(e.files, f)
			e.byID[f.Header.Revision] = f
		}
	}
	if err := script.ResolveHeaders(script.Project{FS: modelFS{fs: s.opts.FS, s: s}, Root: s.opts.FS.Abs(".")}, e.files); err != nil {
		return nil, firstError(err)
	}
	for _, f := range e.files {
		// The graph names each script by its full path, as Alembic's
		// history -v and show print it ("Path: /…/alembic/versions/x.py").
		h := f.Header
		h.Path = s.opts.FS.Abs(f.Header.Path)
		headers = append(headers, h)
	}
	g, err := revision.New(headers)
	if err != nil {
		return nil, err
	}
	e.graph = g
	return e, nil
}
