package diff_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/diff"
	"retort/engine/schema"
	"retort/engine/sqlite"
)

// counts is a Counter over fixed numbers: rows by table, non-NULL values by
// "table.column". It fails for names it does not know, so the tests see that
// the comparison asks with the database's own names.
type counts struct {
	rows    map[string]int64
	nonNull map[string]int64
}

func (c counts) RowCount(_, table string) (int64, error) {
	n, ok := c.rows[table]
	if !ok {
		return 0, fmt.Errorf("no table %s", table)
	}
	return n, nil
}

func (c counts) NonNullCount(_, table, column string) (int64, error) {
	n, ok := c.nonNull[table+"."+column]
	if !ok {
		return 0, fmt.Errorf("no column %s.%s", table, column)
	}
	return n, nil
}

func TestWarnings(t *testing.T) {
	for _, tc := range []struct {
		name     string
		db       *schema.MetaData
		models   *schema.MetaData
		renames  map[string]string
		counts   counts
		warnings []string
	}{{
		name:     "removed column holding data",
		db:       md(users(null("bio", ty("TEXT")), null("city", vc50), null("x", INTEGER))),
		models:   md(usersModel()),
		counts:   counts{nonNull: map[string]int64{"users.bio": 3, "users.city": 1, "users.x": 0}},
		warnings: []string{"Detected removed column 'users.bio' holds 3 non-NULL values; they will be lost on upgrade", "Detected removed column 'users.city' holds 1 non-NULL value; it will be lost on upgrade"},
	}, {
		name:     "removed table holding rows",
		db:       md(users(), tbl("audit_log", col("id", INTEGER)), tbl("empty", col("id", INTEGER)), tbl("one", col("id", INTEGER))),
		models:   md(usersModel()),
		counts:   counts{rows: map[string]int64{"audit_log": 12, "empty": 0, "one": 1}},
		warnings: []string{"Detected removed table 'audit_log' holds 12 rows; they will be lost on upgrade", "Detected removed table 'one' holds 1 row; it will be lost on upgrade"},
	}, {
		name:     "added NOT NULL column without a server default",
		db:       md(users()),
		models:   md(usersModel(col("age", integer), withDefault(col("score", integer), "0"), null("note", ty("Text")))),
		counts:   counts{rows: map[string]int64{"users": 10000}},
		warnings: []string{"Detected added column 'users.age' is NOT NULL without a server default and will fail on upgrade: the table has 10000 rows; give the column a server_default"},
	}, {
		name:     "added NOT NULL column to an empty table",
		db:       md(users()),
		models:   md(usersModel(col("age", integer))),
		counts:   counts{rows: map[string]int64{"users": 0}},
		warnings: nil,
	}, {
		name:     "NOT NULL on a column holding NULLs",
		db:       md(users()),
		models:   md(tbl("users", col("id", integer), col("name", str50))),
		counts:   counts{rows: map[string]int64{"users": 5}, nonNull: map[string]int64{"users.name": 3}},
		warnings: []string{"NOT NULL on column 'users.name' will fail on upgrade: 2 rows hold NULL there; fill them in first (an op.execute UPDATE before the alter_column), or give the column a server_default"},
	}, {
		name:     "NOT NULL on a column without NULLs",
		db:       md(users()),
		models:   md(tbl("users", col("id", integer), col("name", str50))),
		counts:   counts{rows: map[string]int64{"users": 5}, nonNull: map[string]int64{"users.name": 5}},
		warnings: nil,
	}, {
		name: "narrowed types holding data",
		db: md(users(
			null("a", ty("VARCHAR", 100)), null("b", ty("TEXT")), null("c", INTEGER), null("d", ty("NUMERIC", 10, 2)),
			null("e", ty("REAL")), null("f", ty("DATETIME")), null("g", vc50), null("h", ty("VARCHAR", 100)),
		)),
		models: md(usersModel(
			null("a", str50), null("b", ty("String", 20)), null("c", ty("SmallInteger")), null("d", ty("Numeric", 8, 2)),
			null("e", integer), null("f", ty("Date")), null("g", ty("Text")), null("h", ty("String", 200)),
		)),
		counts: counts{nonNull: map[string]int64{"users.a": 3, "users.b": 1, "users.c": 2, "users.d": 2, "users.e": 2, "users.f": 2, "users.g": 2, "users.h": 2}},
		warnings: []string{
			"Detected type change from VARCHAR(length=100) to String(length=50) on 'users.a' narrows a column that holds 3 non-NULL values; values that do not fit may be lost on upgrade",
			"Detected type change from TEXT() to String(length=20) on 'users.b' narrows a column that holds 1 non-NULL value; values that do not fit may be lost on upgrade",
			"Detected type change from INTEGER() to SmallInteger() on 'users.c' narrows a column that holds 2 non-NULL values; values that do not fit may be lost on upgrade",
			"Detected type change from NUMERIC(precision=10, scale=2) to Numeric(precision=8, scale=2) on 'users.d' narrows a column that holds 2 non-NULL values; values that do not fit may be lost on upgrade",
			"Detected type change from REAL() to Integer() on 'users.e' narrows a column that holds 2 non-NULL values; values that do not fit may be lost on upgrade",
			"Detected type change from DATETIME() to Date() on 'users.f' narrows a column that holds 2 non-NULL values; values that do not fit may be lost on upgrade",
		},
	}, {
		name:     "narrowed type of an empty column",
		db:       md(users(null("a", ty("VARCHAR", 100)))),
		models:   md(usersModel(null("a", str50))),
		counts:   counts{nonNull: map[string]int64{"users.a": 0}},
		warnings: nil,
	}, {
		name:     "renamed table and column: counted under the database's names",
		db:       md(tbl("audit_log", col("id", INTEGER), null("msg", ty("TEXT")), null("gone", INTEGER))),
		models:   md(tbl("log", col("id", integer), col("message", ty("Text")))),
		renames:  map[string]string{"audit_log": "log", "log.msg": "message"},
		counts:   counts{rows: map[string]int64{"audit_log": 4}, nonNull: map[string]int64{"audit_log.msg": 3, "audit_log.gone": 4}},
		warnings: []string{"NOT NULL on column 'log.message' will fail on upgrade: 1 row holds NULL there; fill them in first (an op.execute UPDATE before the alter_column), or give the column a server_default", "Detected removed column 'log.gone' holds 4 non-NULL values; they will be lost on upgrade"},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := diff.Compare(tc.db, tc.models, diff.Options{Dialect: sqlite.Autogen{}, Counter: tc.counts, Renames: tc.renames})
			require.NoError(t, err)
			require.Equal(t, tc.warnings, res.Warnings)
			// Each warning is logged right after the line it is about, which it
			// begins with (or names the same column as).
			for i, line := range res.Log {
				if line.Level != diff.Warning {
					continue
				}
				require.Positive(t, i)
				prev := res.Log[i-1]
				require.Equal(t, diff.Info, prev.Level)
				subject := strings.SplitN(prev.Text, "'", 3)[1]
				require.Contains(t, line.Text, subject, "warning %q after %q", line.Text, prev.Text)
			}
			// Without a Counter, the same comparison warns about nothing.
			quiet, err := diff.Compare(tc.db, tc.models, diff.Options{Dialect: sqlite.Autogen{}, Renames: tc.renames})
			require.NoError(t, err)
			require.Empty(t, quiet.Warnings)
			require.Equal(t, quiet.Detected, res.Detected)
		})
	}
}

type failing struct{ err error }

func (f failing) RowCount(string, string) (int64, error)             { return 0, f.err }
func (f failing) NonNullCount(string, string, string) (int64, error) { return 0, f.err }

func TestCounterError(t *testing.T) {
	boom := errors.New("database is locked")
	_, err := diff.Compare(md(users(null("bio", ty("TEXT")))), md(usersModel()), diff.Options{Dialect: sqlite.Autogen{}, Counter: failing{boom}})
	require.ErrorIs(t, err, boom)
	require.ErrorContains(t, err, "users.bio")
	_, err = diff.Compare(md(users(), tbl("t", col("id", INTEGER))), md(usersModel()), diff.Options{Dialect: sqlite.Autogen{}, Counter: failing{boom}})
	require.ErrorIs(t, err, boom)
}
