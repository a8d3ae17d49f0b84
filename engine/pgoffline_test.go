//go:build !js

package engine_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine"
	"retort/internal/golden"
)

// The archives of testdata/pgoffline are Alembic projects' revisions (see
// record.py there), each run in the project of testdata/pgoffline/_project
// (alembic.ini, and env.py with the archive's "env" keywords).

// offlineURL is the sqlalchemy.url the archives were recorded with: --sql
// needs no server.
const offlineURL = "postgresql://u@localhost/db"

// pgArchiveSession opens an archive's project, its sqlalchemy.url set to url.
func pgArchiveSession(t *testing.T, a *golden.Archive, url string) *engine.Playground {
	t.Helper()
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join("testdata/pgoffline/_project", name))
		require.NoError(t, err)
		return string(b)
	}
	ini := strings.Replace(read("alembic.ini"), "sqlalchemy.url = "+offlineURL+"\n", "sqlalchemy.url = "+url+"\n", 1)
	env := read("env.py")
	if opts, _ := a.Lookup("env"); strings.TrimSpace(opts) != "" {
		env = strings.ReplaceAll(env, "        OPTIONS\n", "        "+strings.TrimSpace(opts)+",\n")
	} else {
		env = strings.ReplaceAll(env, "        OPTIONS\n", "")
	}
	files := map[string]string{"alembic.ini": ini, "migrations/env.py": env}
	for _, f := range a.Files {
		if strings.HasPrefix(f.Name, "versions/") {
			files["migrations/"+f.Name] = f.Data
		}
	}
	s, err := engine.OpenPlayground(files, engine.Options{})
	require.NoError(t, err)
	return s
}

func pgArchives(t *testing.T) []string {
	t.Helper()
	paths, err := filepath.Glob("testdata/pgoffline/*.txtar")
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	return paths
}

// offlineCommands are the two commands record.py runs, by the name of
// what they print.
var offlineCommands = []struct{ dir, line string }{
	{"upgrade", "alembic upgrade head --sql"},
	{"downgrade", "alembic downgrade head:base --sql"},
}

// TestPostgresOfflineParity runs `upgrade head --sql` and `downgrade
// head:base --sql` on every archive of testdata/pgoffline and compares what
// Retort prints with what the real Alembic 1.8.1 printed for the same
// project (recorded by record.py): the SQL (stdout) byte for byte, and the
// log lines ("Context impl PostgresqlImpl.", "Running upgrade …").
//
// Where Retort's SQL differs on purpose, the archive holds it as
// <upgrade|downgrade>.retort.sql (refreshed with -update), and its comment
// says why. The differences are:
//
//   - drop_constraint(None, …): Alembic cannot drop an unnamed constraint
//     ("Can't emit DROP CONSTRAINT …; it has no name"); Retort drops it by
//     the name PostgreSQL gave it (posts_user_id_fkey), known from the
//     schema (gallery_plain, gallery_batch).
//   - string literals holding a backslash: SQLAlchemy, offline, doubles the
//     backslash inside a plain literal, which a server with the default
//     standard_conforming_strings=on keeps doubled; Retort writes an escape
//     string, E'C:\\temp', which means C:\temp on any server (comments).
//
// Two more differences are not in the archives, because Alembic's SQL for
// them fails on a server:
//
//   - CREATE/DROP INDEX CONCURRENTLY outside Alembic's autocommit_block:
//     Alembic writes it inside the transaction (PostgreSQL refuses it there);
//     Retort commits before it and begins again after, as autocommit_block
//     does (indexes.txtar uses the block, so both agree).
//   - a create_table whose enum type the database already has (a downgrade
//     dropped the table but, as in Alembic, not the type): Alembic creates
//     it again and fails; Retort knows the type from the schema and does not.
func TestPostgresOfflineParity(t *testing.T) {
	for _, path := range pgArchives(t) {
		name := strings.TrimSuffix(filepath.Base(path), ".txtar")
		t.Run(name, func(t *testing.T) {
			a := golden.Read(t, path)
			s := pgArchiveSession(t, a, offlineURL)
			changed := false
			for _, c := range offlineCommands {
				got, log, status := runSplit(t, s, c.line)
				require.Equal(t, 0, status, "%s:\n%s%s", c.line, got, log)
				wantLog, ok := a.Lookup(c.dir + ".log")
				require.True(t, ok, "%s: no recorded %s.log: run testdata/pgoffline/record.py", path, c.dir)
				if _, failed := a.Lookup(c.dir + ".error"); !failed {
					require.Equal(t, wantLog, log, "%s: the log of %s differs from Alembic's", path, c.line)
				}

				alembic, ok := a.Lookup(c.dir + ".sql")
				if !ok {
					_, ok = a.Lookup(c.dir + ".error")
					require.True(t, ok, "%s: no recorded %s: run testdata/pgoffline/record.py", path, c.dir)
					alembic = "" // Alembic failed: Retort's SQL must be recorded as a difference
				}
				retortName := c.dir + ".retort.sql"
				if *golden.Update {
					want := got
					if got == alembic {
						want = ""
					}
					if old, _ := a.Lookup(retortName); old != want {
						setFile(a, retortName, want)
						changed = true
					}
					continue
				}
				want, differs := a.Lookup(retortName)
				if !differs {
					want = alembic
				}
				require.Equal(t, want, got, "%s: %s differs from %s", path, c.dir, map[bool]string{true: retortName, false: "Alembic's"}[differs])
				if differs {
					require.NotEqual(t, alembic, want, "%s: %s equals Alembic's output: delete it (go test -update)", path, retortName)
				}
			}
			if changed {
				require.NoError(t, os.WriteFile(path, a.Format(), 0o644))
			}
		})
	}
}

// TestPostgresOfflineRunsOnline runs every archive of testdata/pgoffline
// online on a server (upgrade head, then downgrade base), and feeds the
// --sql output of the same commands to psql -v ON_ERROR_STOP=1 -f on a
// second database: both must succeed (or both fail), and the two databases
// must dump equal (pg_dump: schema and rows) after each. Where Retort's SQL
// is Alembic's (no *.retort.sql in the archive), this is Alembic's SQL too.
//
// An upgrade that fails on PostgreSQL (the gallery's: DEFAULT 1 on a
// BOOLEAN column) must fail both ways and leave the database as it was:
// the run is one transaction.
func TestPostgresOfflineRunsOnline(t *testing.T) {
	for _, path := range pgArchives(t) {
		name := strings.TrimSuffix(filepath.Base(path), ".txtar")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a := golden.Read(t, path)
			online, viaPsql := newPGDB(t), newPGDB(t)
			if setup, ok := a.Lookup("setup.sql"); ok {
				online.exec(t, setup)
				viaPsql.exec(t, setup)
			}
			s := pgArchiveSession(t, a, online.url)
			for _, c := range []struct{ offline, online string }{
				{"alembic upgrade head --sql", "alembic upgrade head"},
				{"alembic downgrade head:base --sql", "alembic downgrade base"},
			} {
				before := online.dump(t)
				sql, log, status := runSplit(t, s, c.offline)
				require.Equal(t, 0, status, "%s:\n%s%s", c.offline, sql, log)
				psqlErr := viaPsql.psql(t, sql)
				out, log, status := runSplit(t, s, c.online)
				require.Equal(t, psqlErr == nil, status == 0, "%s: psql: %v; online:\n%s%s", c.online, psqlErr, out, log)
				require.Contains(t, log, "INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.\n")
				if status != 0 {
					require.Equal(t, before, online.dump(t), "%s failed (%s): the database must be as before it", c.online, out+log)
					return
				}
				if strings.Contains(c.online, "downgrade") {
					// Online, Alembic keeps alembic_version at base (empty);
					// --sql drops it.
					vs := versionSchema(a)
					require.Equal(t, "", online.query(t, "SELECT version_num FROM "+vs+"alembic_version"))
					online.exec(t, "DROP TABLE "+vs+"alembic_version")
				}
				require.Equal(t, viaPsql.dump(t), online.dump(t), "%s: psql and online differ", c.online)
			}
		})
	}
}

// versionSchema is the archive's version_table_schema, as a prefix
// ("meta." or "").
func versionSchema(a *golden.Archive) string {
	env, _ := a.Lookup("env")
	if m := versionSchemaRe.FindStringSubmatch(env); m != nil {
		return m[1] + "."
	}
	return ""
}

var versionSchemaRe = regexp.MustCompile(`version_table_schema\s*=\s*['"]([^'"]+)['"]`)
