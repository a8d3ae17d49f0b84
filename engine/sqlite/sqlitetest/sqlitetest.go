// Package sqlitetest holds what the engine's database tests share: a fresh
// in-memory database per test, a full dump of a database, and schema
// equality as autogenerate sees it. Only tests import it.
package sqlitetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/schema"
	"retort/engine/sqlite"
)

// Open opens a new in-memory database that is closed (and gone) when the test ends.
func Open(tb testing.TB) *sqlite.DB {
	tb.Helper()
	db, err := sqlite.OpenMemory()
	require.NoError(tb, err)
	tb.Cleanup(func() { db.Close() })
	return db
}

// Exec runs SQL statements (a script) on db.
func Exec(tb testing.TB, db *sqlite.DB, script ...string) {
	tb.Helper()
	for _, s := range script {
		_, err := db.Exec(context.Background(), s)
		require.NoError(tb, err, "%s", s)
	}
}

// Inspect reads db's schema.
func Inspect(tb testing.TB, db *sqlite.DB) *schema.MetaData {
	tb.Helper()
	md, err := sqlite.Inspect(context.Background(), db)
	require.NoError(tb, err)
	return md
}

// Rows returns a table's rows as text, one line per row, in rowid (or
// primary key) order; each line starts with the rowid when the table has one
// (but for sqlite_sequence).
func Rows(tb testing.TB, db *sqlite.DB, table string) []string {
	tb.Helper()
	ctx := context.Background()
	var withoutRowid bool
	require.NoError(tb, db.QueryRow(ctx, "SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = ?", table).Scan(&withoutRowid))
	// sqlite_sequence's rowids mean nothing (a rebuild moves its rows).
	withoutRowid = withoutRowid || table == "sqlite_sequence"
	q := "SELECT _rowid_, * FROM " + sqlite.Quote(table) + " ORDER BY _rowid_"
	if withoutRowid {
		q = "SELECT * FROM " + sqlite.Quote(table)
	}
	rows, err := db.Query(ctx, q)
	require.NoError(tb, err)
	defer rows.Close()
	cols, err := rows.Columns()
	require.NoError(tb, err)
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		require.NoError(tb, rows.Scan(ptrs...))
		parts := make([]string, len(vals))
		for i, v := range vals {
			switch x := v.(type) {
			case nil:
				parts[i] = "NULL"
			case []byte:
				parts[i] = fmt.Sprintf("x'%x'", x)
			case string:
				parts[i] = fmt.Sprintf("%q", x)
			default:
				parts[i] = fmt.Sprint(x)
			}
		}
		out = append(out, strings.Join(parts, "|"))
	}
	require.NoError(tb, rows.Err())
	if withoutRowid {
		slices.Sort(out)
	}
	return out
}

// Dump returns everything a database holds: each schema object's type, name,
// table and CREATE statement (whitespace collapsed), sorted, then each table's
// rows.
func Dump(tb testing.TB, db *sqlite.DB) string {
	tb.Helper()
	ctx := context.Background()
	rows, err := db.Query(ctx, "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema ORDER BY type, name")
	require.NoError(tb, err)
	var b strings.Builder
	var tables []string
	for rows.Next() {
		var typ, name, tbl, text string
		require.NoError(tb, rows.Scan(&typ, &name, &tbl, &text))
		fmt.Fprintf(&b, "%s %s on %s: %s\n", typ, name, tbl, Collapse(text))
		if typ == "table" && !strings.HasPrefix(text, "CREATE VIRTUAL") {
			tables = append(tables, name)
		}
	}
	require.NoError(tb, rows.Err())
	rows.Close()
	for _, t := range tables {
		fmt.Fprintf(&b, "rows of %s:\n", t)
		for _, r := range Rows(tb, db, t) {
			fmt.Fprintf(&b, "  %s\n", r)
		}
	}
	return b.String()
}

// Collapse collapses runs of whitespace into one space, and drops it after
// "(" and before ")".
func Collapse(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.ReplaceAll(s, "( ", "(")
	return strings.ReplaceAll(s, " )", ")")
}
