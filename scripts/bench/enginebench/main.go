// Command enginebench times the engine through its facade, the same way
// natively and compiled to wasm (run under Node with go_js_wasm_exec), for
// scripts/bench. It prints one JSON object per figure on stdout:
//
//	{"name": "steps/add-age", "ms": [12.1, 11.8, ...]}
//
// Suites (-suite, comma-separated):
//
//	steps    the tutorial on 10,000 users: the add-age upgrade, and the upgrade
//	         that makes users.email NOT NULL (a table rebuild)
//	rebuild  the NOT NULL rebuild of users at each of -rows, against a raw
//	         INSERT … SELECT of the same rows in the same SQLite
//	autogen  revision --autogenerate on a generated -tables-table model
//	sql      prints (as {"name":"sql","sql":[…]}) the statements of the rebuild
//	         step, for sql.js to run the same SQL
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"retort/engine"
	"retort/engine/sqlite"
	"retort/examples"
)

func main() {
	suites := flag.String("suite", "steps,rebuild,autogen", "suites to run, comma-separated")
	rows := flag.String("rows", "10000,100000", "row counts for the rebuild suite, comma-separated")
	reps := flag.Int("reps", 5, "repetitions per figure (the median is reported)")
	onceAbove := flag.Int("once-above", 100000, "row counts above this are timed once")
	tables := flag.Int("tables", 200, "tables in the autogenerate suite's model")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the suites to this file (native only)")
	sqlFile := flag.String("sqlfile", "", "run this file of SQL on the database -db names with the engine's SQLite, and exit (make bench's floor under a tool's upgrade)")
	dbPath := flag.String("db", "", "the database file -sqlfile runs on")
	flag.Parse()
	if *sqlFile != "" {
		if err := runSQLFile(*sqlFile, *dbPath); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	b := &bench{reps: *reps}
	for _, s := range strings.Split(*suites, ",") {
		var err error
		switch s {
		case "steps":
			err = b.steps()
		case "rebuild":
			for _, f := range strings.Split(*rows, ",") {
				n, perr := strconv.Atoi(f)
				if perr != nil {
					err = fmt.Errorf("-rows: %w", perr)
					break
				}
				reps := b.reps
				if n > *onceAbove {
					reps = 1
				}
				if err = b.rebuild(n, reps); err != nil {
					break
				}
			}
		case "autogen":
			err = b.autogen(*tables)
		case "sql":
			err = b.rebuildSQL()
		case "":
		default:
			err = fmt.Errorf("unknown suite %q", s)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "enginebench %s: %v\n", s, err)
			pprof.StopCPUProfile()
			os.Exit(1)
		}
	}
}

type bench struct {
	reps int
}

type figure struct {
	Name string    `json:"name"`
	MS   []float64 `json:"ms,omitempty"`
	SQL  []string  `json:"sql,omitempty"`
}

func emit(f figure) {
	raw, _ := json.Marshal(f)
	fmt.Println(string(raw))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// The tutorial's models.py at each stage the benchmarks need.
const (
	modelsHead = `from sqlalchemy import Column, ForeignKey, Integer, String

from database import Base


class User(Base):
    __tablename__ = "users"

    id = Column(Integer, primary_key=True)
    name = Column(String, nullable=False)
`
	emailLine        = "    email = Column(String, unique=True)\n"
	emailNotNullLine = "    email = Column(String, unique=True, nullable=False)\n"
	ageLine          = "    age = Column(Integer, nullable=True)\n"
)

// seedSQL is the page's "Seed 10,000 users" (web/src/database.ts) for
// users(id, name, email[, age]): an INSERT … SELECT over a recursive CTE.
// n is the row count's SQL: a number, or a parameter.
func seedSQL(n string, age bool) string {
	cols, exprs := `"name", "email"`, `'User ' || n, 'user' || n || '@example.com'`
	if age {
		cols += `, "age"`
		exprs += `, 18 + (n * 7) % 60`
	}
	return fmt.Sprintf("WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < %s)\n"+
		"INSERT INTO \"users\" (%s)\nSELECT %s FROM seq;", n, cols, exprs)
}

// session is the page's session over the tutorial's starting project.
type session struct {
	*engine.Playground
	ctx context.Context
}

func newSession() (*session, error) {
	lesson, err := examples.Load(examples.Default)
	if err != nil {
		return nil, err
	}
	s, err := engine.OpenPlayground(lesson.Files, engine.Options{
		Ask: func(engine.Question) (string, bool) { return "y", true },
	})
	if err != nil {
		return nil, err
	}
	return &session{s, context.Background()}, nil
}

// run runs a command line and fails on a non-zero status.
func (s *session) run(line string) error {
	argv, err := engine.SplitCommand(line)
	if err != nil {
		return err
	}
	var out, errs bytes.Buffer
	if status := s.Run(s.ctx, argv, &out, &errs); status != 0 {
		return fmt.Errorf("%s: exit %d\n%s%s", line, status, out.String(), errs.String())
	}
	return nil
}

// timed runs a command line and returns its wall time. A collection first,
// as testing.B does: the figure carries the command's own garbage, not the
// setup's (in wasm, where the collector runs on the one thread, a cycle
// that happens to fall into a command moves it by 10 ms or more).
func (s *session) timed(line string) (float64, error) {
	runtime.GC()
	var err error
	start := time.Now()
	// Labelled for -cpuprofile: `go tool pprof -tagfocus 'cmd=…'` shows one command.
	pprof.Do(s.ctx, pprof.Labels("cmd", line), func(context.Context) { err = s.run(line) })
	return ms(time.Since(start)), err
}

// timedPending times the page's Pending changes as timed times a command.
func (s *session) timedPending() (float64, error) {
	runtime.GC()
	var p *engine.Pending
	var err error
	start := time.Now()
	pprof.Do(s.ctx, pprof.Labels("cmd", "pending"), func(ctx context.Context) { p, err = s.Pending(ctx) })
	t := ms(time.Since(start))
	if err == nil && p.Error != "" {
		err = fmt.Errorf("pending: %s", p.Error)
	}
	return t, err
}

func (s *session) exec(sql string) error {
	_, err := s.Exec(s.ctx, sql)
	return err
}

// revise writes models.py and autogenerates a revision.
func (s *session) revise(models, msg string) error {
	if err := s.WriteFile("models.py", models); err != nil {
		return err
	}
	return s.run(`alembic revision --autogenerate -m "` + msg + `"`)
}

// upDown times "upgrade +1" reps times, with "downgrade -1" (untimed) between.
func (s *session) upDown(reps int) ([]float64, error) {
	var times []float64
	for i := range reps {
		t, err := s.timed("alembic upgrade +1")
		if err != nil {
			return nil, err
		}
		times = append(times, t)
		if i < reps-1 {
			if err := s.run("alembic downgrade -1"); err != nil {
				return nil, err
			}
		}
	}
	return times, nil
}

// steps: the tutorial on 10,000 users, as the page's benchmark does it.
func (b *bench) steps() error {
	s, err := newSession()
	if err != nil {
		return err
	}
	defer s.DB().Close()
	if err := s.revise(modelsHead+emailLine, "create users table"); err != nil {
		return err
	}
	if err := s.run("alembic upgrade head"); err != nil {
		return err
	}
	if err := s.exec(seedSQL("10000", false)); err != nil {
		return err
	}
	if err := s.revise(modelsHead+emailLine+ageLine, "add age to users"); err != nil {
		return err
	}
	times, err := s.upDown(b.reps)
	if err != nil {
		return err
	}
	emit(figure{Name: "steps/add-age", MS: times})
	if err := s.revise(modelsHead+emailNotNullLine+ageLine, "email not null"); err != nil {
		return err
	}
	times, err = s.upDown(b.reps)
	if err != nil {
		return err
	}
	emit(figure{Name: "steps/not-null", MS: times})
	return nil
}

// rebuildSession is a session whose users table has n rows and whose next
// revision makes users.email NOT NULL: SQLite cannot do that in place, so the
// upgrade is the 12-step rebuild.
func rebuildSession(n int) (*session, error) {
	s, err := newSession()
	if err != nil {
		return nil, err
	}
	if err := s.revise(modelsHead+emailLine+ageLine, "create users table"); err != nil {
		return nil, err
	}
	if err := s.run("alembic upgrade head"); err != nil {
		return nil, err
	}
	if err := s.exec(seedSQL(strconv.Itoa(n), true)); err != nil {
		return nil, err
	}
	if err := s.revise(modelsHead+emailNotNullLine+ageLine, "email not null"); err != nil {
		return nil, err
	}
	return s, nil
}

// rawCopy is the floor a rebuild is measured against: the same rows copied
// by one INSERT … SELECT into a table defined as the rebuilt one (email NOT
// NULL, the UNIQUE index), in a transaction. Dropping the copy is not timed.
var rawCopy = []string{
	`BEGIN`,
	`CREATE TABLE "raw_copy" ("id" INTEGER NOT NULL, "name" VARCHAR NOT NULL, "email" VARCHAR NOT NULL, "age" INTEGER, PRIMARY KEY ("id"), UNIQUE ("email"))`,
	`INSERT INTO "raw_copy" ("id", "name", "email", "age") SELECT "id", "name", "email", "age" FROM "users"`,
	`COMMIT`,
}

func (b *bench) rebuild(n, reps int) error {
	s, err := rebuildSession(n)
	if err != nil {
		return err
	}
	defer s.DB().Close()
	// Interleaved, so that neither side always runs on a freshly grown database.
	var raw, times []float64
	for range reps {
		runtime.GC()
		start := time.Now()
		for _, q := range rawCopy {
			if _, err := s.DB().Exec(s.ctx, q); err != nil {
				return fmt.Errorf("%s: %w", q, err)
			}
		}
		raw = append(raw, ms(time.Since(start)))
		if _, err := s.DB().Exec(s.ctx, `DROP TABLE "raw_copy"`); err != nil {
			return err
		}
		t, err := s.timed("alembic upgrade +1")
		if err != nil {
			return err
		}
		times = append(times, t)
		if err := s.run("alembic downgrade -1"); err != nil {
			return err
		}
	}
	emit(figure{Name: fmt.Sprintf("rebuild/%d/engine", n), MS: times})
	emit(figure{Name: fmt.Sprintf("rebuild/%d/insert-select", n), MS: raw})
	return nil
}

// rebuildSQL prints the statements the rebuild step runs (the SQL log), and
// the table and seed they run on, for sql.js.
func (b *bench) rebuildSQL() error {
	s, err := rebuildSession(10)
	if err != nil {
		return err
	}
	defer s.DB().Close()
	var schema []string
	rows, err := s.DB().Query(s.ctx, `SELECT sql FROM sqlite_schema WHERE type = 'table' AND name IN ('users', 'alembic_version')`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var q string
		if err := rows.Scan(&q); err != nil {
			return err
		}
		schema = append(schema, q)
	}
	rows.Close()
	if err := s.run("alembic upgrade +1"); err != nil {
		return err
	}
	up := s.SQLLog()
	if err := s.run("alembic downgrade -1"); err != nil {
		return err
	}
	emit(figure{Name: "sql/schema", SQL: schema})
	emit(figure{Name: "sql/seed", SQL: []string{seedSQL("$rows", true)}})
	emit(figure{Name: "sql/rebuild", SQL: up})
	emit(figure{Name: "sql/rebuild-down", SQL: s.SQLLog()})
	emit(figure{Name: "sql/insert-select", SQL: rawCopy})
	return nil
}

// autogen times revision --autogenerate on a model of n tables: against an
// empty database (n create_table ops), and against a database already at
// head (nothing to change); and the upgrade between them (200 create_table
// ops in one step). Each repetition gets a fresh session (a revision
// file cannot be taken back), set up untimed. Both autogenerates are the
// first since the schema changed: each reads the schema back whole. Then,
// with the empty revision applied, the page's Pending changes (the same
// comparison, no file written) on the unchanged database: the schema read
// is the one kept from before (sqlite.Inspect's cache).
func (b *bench) autogen(n int) error {
	models := examples.ManyModels(n)
	var empty, same, upgrade, pending []float64
	for range b.reps {
		s, err := newSession()
		if err != nil {
			return err
		}
		if err := s.WriteFile("models.py", models); err != nil {
			return err
		}
		t, err := s.timed(`alembic revision --autogenerate -m "all tables"`)
		if err != nil {
			return err
		}
		empty = append(empty, t)
		t, err = s.timed("alembic upgrade head")
		if err != nil {
			return err
		}
		upgrade = append(upgrade, t)
		t, err = s.timed(`alembic revision --autogenerate -m "nothing"`)
		if err != nil {
			return err
		}
		same = append(same, t)
		if err := s.run("alembic upgrade head"); err != nil {
			return err
		}
		if t, err = s.timedPending(); err != nil {
			return err
		}
		pending = append(pending, t)
		s.DB().Close()
	}
	emit(figure{Name: fmt.Sprintf("autogen/%d/empty-db", n), MS: empty})
	emit(figure{Name: fmt.Sprintf("autogen/%d/at-head", n), MS: same})
	emit(figure{Name: fmt.Sprintf("autogen/%d/pending-again", n), MS: pending})
	emit(figure{Name: fmt.Sprintf("autogen/%d/upgrade", n), MS: upgrade})
	return nil
}

// runSQLFile runs a file of SQL statements on a database file, as they are.
func runSQLFile(file, path string) error {
	text, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	db, err := sqlite.Open(path)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.Exec(context.Background(), string(text))
	return err
}
