//go:build !js

package pgtest

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// The environment variables pgtest reads.
const (
	EnvURL  = "RETORT_PG_URL"
	EnvSkip = "RETORT_PG_SKIP"
)

// howTo is what a test that finds no server says.
const howTo = "these tests need a PostgreSQL server: install PostgreSQL's server programs " +
	"(Debian: apt-get install postgresql; the tests start a throwaway cluster themselves), " +
	"or set " + EnvURL + " to a server where the role may CREATE DATABASE " +
	"(" + EnvURL + "=postgres://postgres@localhost:5432/postgres); " + EnvSkip + "=1 skips them"

var (
	mu      sync.Mutex
	server  *cluster // the cluster this binary started, when it did
	admin   string   // the connection string of the maintenance database
	started bool     // a server was looked for (admin or failure is set)
	failure error    // why there is no server
	counter int
	psqlBin string
	dumpBin string
)

// Main runs the tests and stops the cluster they started, if any; use it as
// TestMain.
func Main(m *testing.M) { os.Exit(Run(m)) }

// Run runs the tests and stops the cluster they started, if any, and
// returns the exit code, for a TestMain that has more to do after the tests.
func Run(m *testing.M) int {
	code := m.Run()
	mu.Lock()
	defer mu.Unlock()
	if server != nil {
		if err := server.stop(); err != nil {
			fmt.Fprintln(os.Stderr, "pgtest: stop the cluster:", err)
			if code == 0 {
				code = 1
			}
		}
		server = nil
	}
	return code
}

// DSN creates a fresh, empty database for the test and returns its libpq
// connection string; the database is dropped when the test ends.
func DSN(t testing.TB) string {
	t.Helper()
	adminDSN := serverDSN(t)
	mu.Lock()
	counter++
	name := fmt.Sprintf("retort_test_%d_%s", counter, strings.ToLower(rand.Text()[:8]))
	mu.Unlock()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, adminDSN)
	if err != nil {
		t.Fatalf("pgtest: connect to the server: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name+" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"); err != nil {
		t.Fatalf("pgtest: create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, adminDSN)
		if err != nil {
			t.Errorf("pgtest: drop database %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("pgtest: drop database %s: %v", name, err)
		}
	})
	return withDatabase(adminDSN, name)
}

// URL returns the same database as DSN, as a sqlalchemy.url
// (postgresql://user@/db?host=/socket/dir&port=5432), for tests of what reads
// alembic.ini. The database is dropped when the test ends.
func URL(t testing.TB) string {
	t.Helper()
	return URLOf(t, DSN(t))
}

// URLOf writes a connection string DSN returned as a sqlalchemy.url.
func URLOf(t testing.TB, dsn string) string {
	t.Helper()
	u, err := SQLAlchemyURL(dsn)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	return u
}

// Server finds or starts a server as the tests do (RETORT_PG_URL, or a
// throwaway cluster), for a program rather than a test (make bench): the
// connection string of its maintenance database, where the role may CREATE
// DATABASE (WithDatabase names another), and stop, which stops the cluster
// it started (nothing when the server was RETORT_PG_URL's). Call stop before
// the program ends.
func Server() (dsn string, stop func() error, err error) {
	mu.Lock()
	defer mu.Unlock()
	if !started {
		started = true
		admin, failure = findServer()
	}
	if failure != nil {
		return "", nil, fmt.Errorf("%w\n%s", failure, howTo)
	}
	return admin, func() error {
		mu.Lock()
		defer mu.Unlock()
		if server == nil {
			return nil
		}
		err := server.stop()
		server, started, admin = nil, false, ""
		return err
	}, nil
}

// WithDatabase is a connection string Server returned, for database db.
func WithDatabase(dsn, db string) string { return withDatabase(dsn, db) }

// SQLAlchemyURL writes a connection string as a sqlalchemy.url
// (postgresql://user@/db?host=/socket/dir&port=5432).
func SQLAlchemyURL(dsn string) (string, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return "", err
	}
	u := "postgresql://" + pathEscape(cfg.User)
	if cfg.Password != "" {
		u += ":" + pathEscape(cfg.Password)
	}
	u += "@"
	host := cfg.Host
	if !strings.HasPrefix(host, "/") {
		u += host + ":" + strconv.Itoa(int(cfg.Port)) + "/" + cfg.Database
		return u, nil
	}
	return u + "/" + cfg.Database + "?host=" + host + "&port=" + strconv.Itoa(int(cfg.Port)), nil
}

func pathEscape(s string) string {
	return strings.NewReplacer("%", "%25", ":", "%3A", "@", "%40", "/", "%2F").Replace(s)
}

// Psql runs psql -v ON_ERROR_STOP=1 on the database dsn names, with the
// SQL file path as its input (-f); it returns what psql printed and its error.
func Psql(t testing.TB, dsn, path string) (string, error) {
	t.Helper()
	serverDSN(t)
	cmd := exec.Command(psqlBin, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", dsn, "-f", path)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// Dump returns what pg_dump writes of the database dsn names, schema and
// rows (--no-owner), without what differs between two dumps of equal
// databases: comments, blank lines, and the \restrict lines that carry a
// random key. Two databases built by the same statements dump equal.
func Dump(t testing.TB, dsn string) string {
	t.Helper()
	serverDSN(t)
	cmd := exec.Command(dumpBin, "--no-owner", "--no-privileges", "-d", dsn)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pgtest: pg_dump: %v\n%s", err, stderr.String())
	}
	var b strings.Builder
	for _, line := range strings.Split(string(out), "\n") {
		if line == "" || strings.HasPrefix(line, "--") || strings.HasPrefix(line, `\restrict `) || strings.HasPrefix(line, `\unrestrict `) {
			continue
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

// withDatabase returns dsn with its database replaced.
func withDatabase(dsn, db string) string {
	return dsn + " dbname=" + db
}

// serverDSN finds or starts the server, once per binary, and returns the
// connection string of its maintenance database.
func serverDSN(t testing.TB) string {
	t.Helper()
	mu.Lock()
	defer mu.Unlock()
	if !started {
		started = true
		admin, failure = findServer()
	}
	if failure != nil {
		if os.Getenv(EnvSkip) != "" {
			t.Skipf("pgtest: %s is set: skipping a test that needs PostgreSQL (%v)", EnvSkip, failure)
		}
		t.Fatalf("pgtest: %v\n%s", failure, howTo)
	}
	return admin
}

func findServer() (string, error) {
	if u := os.Getenv(EnvURL); u != "" {
		cfg, err := pgx.ParseConfig(u)
		if err != nil {
			return "", fmt.Errorf("%s: %w", EnvURL, err)
		}
		conn, err := pgx.ConnectConfig(context.Background(), cfg)
		if err != nil {
			return "", fmt.Errorf("%s: %w", EnvURL, err)
		}
		conn.Close(context.Background())
		psqlBin, dumpBin = clientBin("", "psql"), clientBin("", "pg_dump")
		// Keyword/value form, so that dbname= can be appended.
		dsn := fmt.Sprintf("host=%s port=%d user=%s", quote(cfg.Host), cfg.Port, quote(cfg.User))
		if cfg.Password != "" {
			dsn += " password=" + quote(cfg.Password)
		}
		return dsn + " dbname=" + quote(cfg.Database), nil
	}
	bin, err := serverBin()
	if err != nil {
		return "", err
	}
	c, err := start(bin)
	if err != nil {
		return "", err
	}
	server = c
	psqlBin, dumpBin = clientBin(bin, "psql"), clientBin(bin, "pg_dump")
	return c.dsn("postgres"), nil
}

// clientBin finds a client program (psql, pg_dump): beside the server's,
// else on PATH, else Debian's newest.
func clientBin(serverBin, name string) string {
	if serverBin != "" {
		if p := filepath.Join(serverBin, name); fileExists(p) {
			return p
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if p := filepath.Join(d, name); fileExists(p) {
			return p
		}
	}
	return name
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func quote(v string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(v) + "'"
}

// serverBin finds the folder holding initdb and postgres.
func serverBin() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		dir := filepath.Dir(p)
		if _, err := os.Stat(filepath.Join(dir, "postgres")); err == nil {
			return dir, nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", errors.New("no PostgreSQL server programs found (initdb and postgres, on PATH or in /usr/lib/postgresql/*/bin), and " + EnvURL + " is not set")
}

func version(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

// cluster is a PostgreSQL cluster this binary started.
type cluster struct {
	dir  string // the temporary folder: data/, the socket, the log
	user string // the role initdb made: the OS user the server runs as
	proc *exec.Cmd
	done chan error
}

func (c *cluster) dsn(db string) string {
	return fmt.Sprintf("host=%s port=5432 user=%s dbname=%s", quote(c.dir), quote(c.user), quote(db))
}

// start creates a cluster in a temporary folder and starts its server.
func start(bin string) (*cluster, error) {
	// A short path: a unix socket's path holds at most 107 bytes.
	dir, err := os.MkdirTemp("", "retort-pg-")
	if err != nil {
		return nil, err
	}
	c := &cluster{dir: dir}
	fail := func(err error) (*cluster, error) {
		os.RemoveAll(dir)
		return nil, err
	}
	var cred *syscall.Credential
	c.user = "postgres"
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return fail(errors.New("running as root, and there is no postgres user to run the server as (PostgreSQL refuses root; Debian's postgresql package creates the user)"))
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		if err := os.Chown(dir, uid, gid); err != nil {
			return fail(err)
		}
	} else if u, err := user.Current(); err == nil {
		c.user = u.Username
	}
	run := func(name string, args ...string) error {
		cmd := exec.Command(filepath.Join(bin, name), args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "LC_ALL=C")
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("%s: %w\n%s", name, err, out)
		}
		return nil
	}
	data := filepath.Join(dir, "data")
	if err := run("initdb", "-D", data, "-U", c.user, "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"); err != nil {
		return fail(err)
	}
	log, err := os.Create(filepath.Join(dir, "server.log"))
	if err != nil {
		return fail(err)
	}
	defer log.Close()
	c.proc = exec.Command(filepath.Join(bin, "postgres"), "-D", data,
		"-k", dir, "-c", "listen_addresses=", "-c", "fsync=off", "-c", "synchronous_commit=off",
		"-c", "full_page_writes=off", "-c", "max_connections=50")
	c.proc.Dir = dir
	c.proc.Stdout, c.proc.Stderr = log, log
	// The kernel stops the server (fast shutdown) if this process dies first.
	c.proc.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGINT, Setpgid: true}
	if err := c.proc.Start(); err != nil {
		return fail(err)
	}
	c.done = make(chan error, 1)
	go func() { c.done <- c.proc.Wait() }()
	// Ready when it accepts a connection.
	deadline := time.Now().Add(60 * time.Second)
	for {
		conn, err := pgx.Connect(context.Background(), c.dsn("postgres"))
		if err == nil {
			conn.Close(context.Background())
			return c, nil
		}
		select {
		case werr := <-c.done:
			logText, _ := os.ReadFile(filepath.Join(dir, "server.log"))
			os.RemoveAll(dir)
			return nil, fmt.Errorf("the PostgreSQL server exited (%v):\n%s", werr, logText)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			c.stop()
			return nil, fmt.Errorf("the PostgreSQL server did not start within a minute: %w", err)
		}
	}
}

// stop shuts the server down (fast shutdown: sessions rolled back) and
// removes the cluster's folder.
func (c *cluster) stop() error {
	defer os.RemoveAll(c.dir)
	c.proc.Process.Signal(syscall.SIGINT)
	select {
	case <-c.done:
		return nil
	case <-time.After(30 * time.Second):
		c.proc.Process.Signal(syscall.SIGQUIT)
		select {
		case <-c.done:
		case <-time.After(5 * time.Second):
			c.proc.Process.Kill()
			<-c.done
		}
		return errors.New("the server did not stop within 30 s; it was killed")
	}
}
