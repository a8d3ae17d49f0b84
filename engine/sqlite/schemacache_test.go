package sqlite_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/schema"
	"retort/engine/sqlite"
	"retort/engine/sqlite/sqlitetest"
)

// uncached reads the schema through a Querier that is not a *DB: Inspect
// reads it whole, with no cache.
func uncached(t *testing.T, db *sqlite.DB) *schema.MetaData {
	t.Helper()
	md, err := sqlite.Inspect(context.Background(), struct{ sqlite.Querier }{db})
	require.NoError(t, err)
	return md
}

// TestInspectCache: after every kind of change, Inspect on a DB returns what
// a whole read returns, and what it returns is the caller's own.
func TestInspectCache(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	check := func(step string) {
		t.Helper()
		first, err := sqlite.Inspect(ctx, db)
		require.NoError(t, err, step)
		require.Equal(t, uncached(t, db), first, step)
		// The cached read is not the one handed out: changing it changes
		// nothing of the next.
		for _, tb := range first.Tables {
			tb.Name += "_changed"
			if len(tb.Columns) > 0 {
				tb.Columns[0].Name = "changed"
			}
		}
		first.Tables = append(first.Tables, &schema.Table{Name: "extra"})
		again, err := sqlite.Inspect(ctx, db)
		require.NoError(t, err, step)
		require.Equal(t, uncached(t, db), again, step)
	}
	check("empty")
	sqlitetest.Exec(t, db, `CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL, email VARCHAR UNIQUE)`)
	check("create table")
	sqlitetest.Exec(t, db, `CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id), body TEXT DEFAULT '')`)
	check("a second table")
	sqlitetest.Exec(t, db, `ALTER TABLE users ADD COLUMN age INTEGER`)
	check("add column")
	sqlitetest.Exec(t, db, `CREATE INDEX ix_posts_user ON posts (user_id)`)
	check("create index")
	sqlitetest.Exec(t, db, `CREATE VIEW v AS SELECT name FROM users`)
	check("create view")
	// Changed and changed back in one transaction: the same schema.
	sqlitetest.Exec(t, db, `BEGIN`, `DROP INDEX ix_posts_user`, `CREATE INDEX ix_posts_user ON posts (user_id)`, `COMMIT`)
	check("dropped and made again")
	// A change rolled back leaves the schema as it was.
	sqlitetest.Exec(t, db, `BEGIN`, `DROP TABLE posts`)
	check("dropped in a transaction")
	sqlitetest.Exec(t, db, `ROLLBACK`)
	check("rolled back")
	// A temporary table of the same name is what the pragmas read.
	sqlitetest.Exec(t, db, `CREATE TEMP TABLE users (id INTEGER, other TEXT)`)
	check("temp table over users")
	sqlitetest.Exec(t, db, `DROP TABLE temp.users`)
	check("temp table dropped")
	sqlitetest.Exec(t, db, `ALTER TABLE users RENAME COLUMN name TO full_name`)
	check("rename column")
}

// TestInspectCacheImport: a database imported over another is read afresh,
// even when its schema cookie equals the one it replaced.
func TestInspectCacheImport(t *testing.T) {
	ctx := context.Background()
	other := sqlitetest.Open(t)
	sqlitetest.Exec(t, other, `CREATE TABLE a (id INTEGER PRIMARY KEY, x TEXT)`)
	data, err := other.Export(ctx)
	require.NoError(t, err)

	db := sqlitetest.Open(t)
	sqlitetest.Exec(t, db, `CREATE TABLE b (id INTEGER PRIMARY KEY, y INTEGER NOT NULL)`)
	var v1, v2 int
	require.NoError(t, db.QueryRow(ctx, `PRAGMA schema_version`).Scan(&v1))
	require.NoError(t, other.QueryRow(ctx, `PRAGMA schema_version`).Scan(&v2))
	require.Equal(t, v1, v2, "the test wants two databases with the same schema cookie")
	before, err := sqlite.Inspect(ctx, db)
	require.NoError(t, err)
	require.NotNil(t, before.Table("b"))

	require.NoError(t, db.Import(ctx, data))
	after, err := sqlite.Inspect(ctx, db)
	require.NoError(t, err)
	require.Nil(t, after.Table("b"))
	require.NotNil(t, after.Table("a"))
	require.Equal(t, uncached(t, db), after)
}
