//go:build !js

package main

// Helpers for the end-to-end tests: they build the retort binary once per test
// run and drive it in temporary project folders, as a learner's shell would.

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"retort/engine/diff"
	"retort/engine/postgres/pgtest"
	"retort/engine/schema"
	"retort/engine/sqlite"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
	binDir    string
)

// cleanups run once every test and benchmark is done (shared fixtures).
var cleanups []func()

// TestMain removes the binary and the shared projects the tests made, and
// stops the PostgreSQL cluster the tests started (pgtest), if any.
func TestMain(m *testing.M) {
	flag.Parse()
	code := pgtest.Run(m)
	for _, f := range cleanups {
		f()
	}
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// retortBinary builds the command once per run (go build, into a temporary
// folder) and returns its path.
func retortBinary(tb testing.TB) string {
	tb.Helper()
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "retort-bin-")
		if buildErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "retort")
		goTool, err := exec.LookPath("go")
		if err != nil {
			goTool = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
		}
		cmd := exec.Command(goTool, "build", "-o", binPath, ".")
		out, err := cmd.CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %w\n%s", err, out)
		}
	})
	require.NoError(tb, buildErr)
	return binPath
}

// result is what one command printed and its exit status.
type result struct {
	args           []string
	stdout, stderr string
	code           int
}

func (r result) String() string {
	return fmt.Sprintf("retort %s (exit %d)\n--- stdout\n%s--- stderr\n%s", strings.Join(r.args, " "), r.code, r.stdout, r.stderr)
}

// errorLines are stderr's lines that are not log lines (INFO/WARNI).
func (r result) errorLines() []string {
	var out []string
	for _, l := range lines(r.stderr) {
		if !isLogLine(l) {
			out = append(out, l)
		}
	}
	return out
}

func isLogLine(l string) bool {
	return strings.HasPrefix(l, "INFO  [") || strings.HasPrefix(l, "WARNI [") || strings.HasPrefix(l, "ERROR [")
}

func lines(s string) []string {
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// proj is a project folder the binary runs in.
type proj struct {
	tb  testing.TB
	dir string
	env []string // extra environment
}

func newProj(tb testing.TB) *proj {
	return &proj{tb: tb, dir: tb.TempDir()}
}

func (p *proj) path(name string) string { return filepath.Join(p.dir, filepath.FromSlash(name)) }

// run runs `retort args...` in the folder, stdin not a terminal. It fails the
// test if the command panicked or printed a Go stack trace.
func (p *proj) run(args ...string) result {
	p.tb.Helper()
	return runIn(p.tb, p.dir, retortBinary(p.tb), p.env, args...)
}

func runIn(tb testing.TB, dir, bin string, env []string, args ...string) result {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "COLUMNS=80"), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{args: args, stdout: stdout.String(), stderr: stderr.String()}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	case err != nil:
		tb.Fatalf("%s %v: %v", bin, args, err)
	}
	noPanic(tb, r)
	return r
}

// noPanic fails the test when a command let a Go panic or stack trace through.
func noPanic(tb testing.TB, r result) {
	tb.Helper()
	for _, s := range []string{"goroutine ", "panic:", "runtime error", "internal error"} {
		require.NotContains(tb, r.stderr, s, "%s", r)
		require.NotContains(tb, r.stdout, s, "%s", r)
	}
}

// ok runs a command that must succeed.
func (p *proj) ok(args ...string) result {
	p.tb.Helper()
	r := p.run(args...)
	require.Equal(p.tb, 0, r.code, "%s", r)
	return r
}

// fails runs a command that must fail as a user error: exit status 1 and one
// line on stderr besides the log lines, which is the last line.
func (p *proj) fails(args ...string) (result, string) {
	p.tb.Helper()
	r := p.run(args...)
	require.Equal(p.tb, 1, r.code, "%s", r)
	errs := r.errorLines()
	require.Len(p.tb, errs, 1, "%s", r)
	all := lines(r.stderr)
	require.Equal(p.tb, errs[0], all[len(all)-1], "%s", r)
	return r, errs[0]
}

func (p *proj) write(name, content string) {
	p.tb.Helper()
	require.NoError(p.tb, os.MkdirAll(filepath.Dir(p.path(name)), 0o755))
	require.NoError(p.tb, os.WriteFile(p.path(name), []byte(content), 0o644))
}

func (p *proj) read(name string) string {
	p.tb.Helper()
	b, err := os.ReadFile(p.path(name))
	require.NoError(p.tb, err)
	return string(b)
}

// edit replaces old by new in a file; old must occur exactly once.
func (p *proj) edit(name, old, new string) {
	p.tb.Helper()
	s := p.read(name)
	require.Equal(p.tb, 1, strings.Count(s, old), "%s: %q", name, old)
	p.write(name, strings.Replace(s, old, new, 1))
}

// copyFile copies a testdata file into the project.
func (p *proj) copyFile(src, name string) {
	p.tb.Helper()
	b, err := os.ReadFile(src)
	require.NoError(p.tb, err)
	p.write(name, string(b))
}

var urlLine = regexp.MustCompile(`(?m)^sqlalchemy\.url = .*$`)

// setURL points alembic.ini at a database file, as the tutorial says.
func (p *proj) setURL(url string) {
	p.tb.Helper()
	s := p.read("alembic.ini")
	require.Len(p.tb, urlLine.FindAllString(s, -1), 1)
	p.write("alembic.ini", urlLine.ReplaceAllLiteralString(s, "sqlalchemy.url = "+url))
}

// pointEnvAtModels edits alembic/env.py as the tutorial says.
func (p *proj) pointEnvAtModels() {
	p.tb.Helper()
	p.edit("alembic/env.py", "target_metadata = None\n",
		"from database import Base\nimport models\n\ntarget_metadata = Base.metadata\n")
}

// initTutorial makes the tutorial's project up to its first revision:
// init, the URL, database.py, models.py (User), env.py.
func (p *proj) initTutorial() {
	p.tb.Helper()
	p.ok("init", "alembic")
	p.setURL("sqlite:///./myapp.db")
	p.copyFile("testdata/tutorial/database.py", "database.py")
	p.copyFile("testdata/tutorial/models_1.py", "models.py")
	p.pointEnvAtModels()
}

// versions lists the revision files, sorted by name.
func (p *proj) versions() []string {
	p.tb.Helper()
	m, err := filepath.Glob(p.path("alembic/versions/*.py"))
	require.NoError(p.tb, err)
	for i := range m {
		m[i] = filepath.Base(m[i])
	}
	return m
}

// db opens the project's database through the engine's SQLite.
func (p *proj) db(name string) *sqlite.DB {
	p.tb.Helper()
	db, err := sqlite.Open(p.path(name))
	require.NoError(p.tb, err)
	p.tb.Cleanup(func() { db.Close() })
	return db
}

func exec1(tb testing.TB, db *sqlite.DB, query string, args ...any) {
	tb.Helper()
	_, err := db.Exec(context.Background(), query, args...)
	require.NoError(tb, err, query)
}

func queryInt(tb testing.TB, db *sqlite.DB, query string, args ...any) int64 {
	tb.Helper()
	var n int64
	require.NoError(tb, db.QueryRow(context.Background(), query, args...).Scan(&n), query)
	return n
}

func queryString(tb testing.TB, db *sqlite.DB, query string, args ...any) string {
	tb.Helper()
	var v string
	require.NoError(tb, db.QueryRow(context.Background(), query, args...).Scan(&v), query)
	return v
}

// insertUsers inserts n users (name, email) in one statement.
func insertUsers(tb testing.TB, db *sqlite.DB, n int) {
	tb.Helper()
	exec1(tb, db, `WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < ?)
		INSERT INTO users (name, email) SELECT 'user' || i, 'user' || i || '@example.com' FROM c`, n)
}

func inspect(tb testing.TB, db *sqlite.DB) *schema.MetaData {
	tb.Helper()
	md, err := sqlite.Inspect(context.Background(), db)
	require.NoError(tb, err)
	return md
}

// requireSameSchema fails unless two databases have the same schema as
// autogenerate sees it (alembic_version aside).
func requireSameSchema(tb testing.TB, want, got *schema.MetaData) {
	tb.Helper()
	d, ok := diff.Equal(got, want, sqlite.Autogen{})
	require.True(tb, ok, "schemas differ: %s", strings.Join(d, "; "))
}

// columnsOf lists a table's column names in order.
func columnsOf(tb testing.TB, md *schema.MetaData, table string) []string {
	tb.Helper()
	t := md.Table(table)
	require.NotNil(tb, t, "table %s", table)
	var out []string
	for _, c := range t.Columns {
		out = append(out, c.Name)
	}
	return out
}
