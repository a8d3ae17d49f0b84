//go:build !js

package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/postgres/pgtest"
)

// pgDB is a PostgreSQL database of the test's own (pgtest): its libpq
// connection string and the same as a sqlalchemy.url.
type pgDB struct {
	tb       testing.TB
	dsn, url string
}

func newPGDB(tb testing.TB) *pgDB {
	tb.Helper()
	dsn := pgtest.DSN(tb)
	return &pgDB{tb, dsn, pgtest.URLOf(tb, dsn)}
}

// psql runs SQL text through psql -v ON_ERROR_STOP=1 and returns what it
// printed: with -A -t, rows one a line, columns separated by "|".
func (d *pgDB) psql(sql string) (string, error) {
	d.tb.Helper()
	path := filepath.Join(d.tb.TempDir(), "script.sql")
	require.NoError(d.tb, os.WriteFile(path, []byte("\\pset footer off\n\\pset tuples_only on\n\\pset format unaligned\n"+sql+"\n"), 0o644))
	return pgtest.Psql(d.tb, d.dsn, path)
}

// exec runs SQL text that must succeed.
func (d *pgDB) exec(sql string) {
	d.tb.Helper()
	out, err := d.psql(sql)
	require.NoError(d.tb, err, "%s\n%s", sql, out)
}

// query returns a query's rows (see psql).
func (d *pgDB) query(sql string) string {
	d.tb.Helper()
	out, err := d.psql(sql + ";")
	require.NoError(d.tb, err, "%s\n%s", sql, out)
	return out
}

// count runs a query that returns one number.
func (d *pgDB) count(sql string) string {
	d.tb.Helper()
	return strings.TrimSpace(d.query(sql))
}

// dump is the database as pg_dump writes it, schema and rows.
func (d *pgDB) dump() string {
	d.tb.Helper()
	return pgtest.Dump(d.tb, d.dsn)
}

// tables lists the tables of the public schema, sorted, one a line.
func (d *pgDB) tables() string {
	d.tb.Helper()
	return d.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
}

// insertUsersPG inserts n users (name, email), as insertUsers does on SQLite.
func insertUsersPG(d *pgDB, n int) {
	d.tb.Helper()
	d.exec("INSERT INTO users (name, email) SELECT 'user' || i, 'user' || i || '@example.com' FROM generate_series(1, " + strconv.Itoa(n) + ") AS i;")
}
