//go:build !js

package engine_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine"
	"retort/engine/postgres"
	"retort/engine/postgres/pgtest"
	"retort/internal/golden"
)

// The tests that need a PostgreSQL server get a fresh database each from
// pgtest (see its package comment for where the server comes from).
func TestMain(m *testing.M) { pgtest.Main(m) }

// pgDB is a database of the test's own: its libpq connection string and
// the same as a sqlalchemy.url.
type pgDB struct{ dsn, url string }

func newPGDB(t *testing.T) pgDB {
	t.Helper()
	dsn := pgtest.DSN(t)
	return pgDB{dsn, pgtest.URLOf(t, dsn)}
}

// psql runs SQL text through psql -v ON_ERROR_STOP=1 -f; it returns psql's
// error, with what it printed.
func (d pgDB) psql(t *testing.T, sql string) error {
	t.Helper()
	path := filepath.Join(t.TempDir(), "script.sql")
	require.NoError(t, os.WriteFile(path, []byte(sql), 0o644))
	out, err := pgtest.Psql(t, d.dsn, path)
	if err != nil {
		return &psqlError{err, out}
	}
	return nil
}

type psqlError struct {
	err error
	out string
}

func (e *psqlError) Error() string { return e.err.Error() + ": " + e.out }

// exec runs SQL text that must succeed.
func (d pgDB) exec(t *testing.T, sql string) {
	t.Helper()
	require.NoError(t, d.psql(t, sql))
}

// dump is the database as pg_dump writes it, schema and rows.
func (d pgDB) dump(t *testing.T) string {
	t.Helper()
	return pgtest.Dump(t, d.dsn)
}

// query runs a query and returns its rows, one a line, values separated
// by "|" (NULL written as NULL).
func (d pgDB) query(t *testing.T, sql string) string {
	t.Helper()
	ctx := context.Background()
	db, err := postgres.OpenDSN(ctx, d.dsn)
	require.NoError(t, err)
	defer db.Close()
	_, rows, err := db.Rows(ctx, sql)
	require.NoError(t, err, sql)
	var b strings.Builder
	for _, r := range rows {
		for i, v := range r {
			if i > 0 {
				b.WriteString("|")
			}
			if v == nil {
				b.WriteString("NULL")
			} else {
				fmt.Fprint(&b, v)
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

// runSplit runs a command line, returning its stdout, stderr and status.
func runSplit(t *testing.T, s commander, line string) (stdout, stderr string, status int) {
	t.Helper()
	argv, err := engine.SplitCommand(line)
	require.NoError(t, err)
	var o, e bytes.Buffer
	status = s.Run(context.Background(), argv, &o, &e)
	return o.String(), e.String(), status
}

// setFile replaces (or adds, at the end) the file named name; data ""
// removes it.
func setFile(a *golden.Archive, name, data string) {
	for i, f := range a.Files {
		if f.Name == name {
			if data == "" {
				a.Files = append(a.Files[:i], a.Files[i+1:]...)
			} else {
				a.Files[i].Data = data
			}
			return
		}
	}
	if data != "" {
		a.Files = append(a.Files, golden.File{Name: name, Data: data})
	}
}
