package runner

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/ops"
	"retort/engine/schema"
	"retort/engine/sqlite/sqlitetest"
)

// A rebuilt table keeps what its CREATE TABLE said and what hangs on it.
func TestRebuildKeepsEverything(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	sqlitetest.Exec(t, db,
		"PRAGMA foreign_keys=ON",
		`CREATE TABLE parent (id INTEGER PRIMARY KEY AUTOINCREMENT, code TEXT COLLATE NOCASE NOT NULL DEFAULT 'x',
			qty INTEGER DEFAULT (1 + 1) CHECK (qty >= 0), note TEXT,
			CONSTRAINT ck_code CHECK (length(code) < 10), CONSTRAINT uq_code UNIQUE (code))`,
		`CREATE TABLE child (id INTEGER NOT NULL PRIMARY KEY, parent_id INTEGER REFERENCES parent (id) ON DELETE CASCADE)`,
		`CREATE TABLE strict_wr (k TEXT NOT NULL PRIMARY KEY, v INTEGER) WITHOUT ROWID, STRICT`,
		`CREATE INDEX ix_parent_note ON parent (lower(note)) WHERE note IS NOT NULL`,
		`CREATE VIEW parent_codes AS SELECT code FROM parent`,
		`CREATE VIEW parent_codes_upper AS SELECT upper(code) AS c FROM parent_codes`,
		`CREATE TRIGGER parent_log AFTER UPDATE ON parent BEGIN UPDATE parent SET note = 'changed' WHERE id = new.id AND note IS NULL; END`,
		`CREATE TRIGGER child_touch AFTER INSERT ON child BEGIN UPDATE parent SET qty = qty + 1 WHERE id = new.parent_id; END`,
		`INSERT INTO parent (code, qty, note) VALUES ('a', 1, NULL), ('b', 2, 'bee'), ('c', 3, NULL)`,
		`DELETE FROM parent WHERE code = 'c'`, // the AUTOINCREMENT counter stays at 3
		`INSERT INTO child VALUES (1, 1), (2, 2), (3, 2)`,
		`INSERT INTO strict_wr VALUES ('k1', 1), ('k2', 2)`,
	)
	before := sqlitetest.Dump(t, db)
	start := sqlitetest.Inspect(t, db)

	// Rebuild every table with a change that leaves its schema as it was:
	// recreate='always'.
	var stmts []string
	err := Run(ctx, db, []Step{{Label: "rebuild", Ops: []ops.Op{
		&ops.Batch{Table: "parent", Recreate: "always", Ops: []ops.Op{&ops.AlterColumn{Table: "parent", Column: "note", Comment: ops.Ptr("x")}}},
		&ops.Batch{Table: "child", Recreate: "always", Ops: []ops.Op{&ops.AlterColumn{Table: "child", Column: "parent_id", Comment: ops.Ptr("x")}}},
		&ops.Batch{Table: "strict_wr", Recreate: "always", Ops: []ops.Op{&ops.AlterColumn{Table: "strict_wr", Column: "v", Comment: ops.Ptr("x")}}},
	}}}, Hooks{SQL: func(s string) { stmts = append(stmts, s) }})
	require.NoError(t, err)
	require.Equal(t, 3, countRebuilds(stmts))
	require.Equal(t, "PRAGMA foreign_keys=OFF", stmts[0])
	require.Equal(t, "PRAGMA foreign_keys=ON", stmts[len(stmts)-1])

	after := sqlitetest.Inspect(t, db)
	sqlitetest.RequireSameSchema(t, start, after)
	// Views and triggers come back word for word.
	require.Equal(t, start.Views, after.Views)
	require.ElementsMatch(t, start.Triggers, after.Triggers)
	p := after.Table("parent")
	require.Equal(t, "NOCASE", p.Column("code").Collation)
	require.Equal(t, "'x'", p.Column("code").ServerDefault)
	require.Equal(t, "1 + 1", p.Column("qty").ServerDefault)
	require.True(t, p.Column("id").Autoincrement)
	require.ElementsMatch(t, []*schema.Check{{SQL: "qty >= 0"}, {Name: "ck_code", SQL: "length(code) < 10"}}, p.Checks)
	require.True(t, after.Table("strict_wr").Strict)
	require.True(t, after.Table("strict_wr").WithoutRowID)

	// Rows (with their rowids), the children of the CASCADE key, and the
	// AUTOINCREMENT counter are all there: the dump is unchanged but for the
	// CREATE statements' layout.
	require.Equal(t, rowsOf(before), rowsOf(sqlitetest.Dump(t, db)))
	var seq int
	require.NoError(t, db.QueryRow(ctx, "SELECT seq FROM sqlite_sequence WHERE name = 'parent'").Scan(&seq))
	require.Equal(t, 3, seq)

	// The recreated triggers and STRICT work.
	sqlitetest.Exec(t, db, "INSERT INTO child VALUES (4, 1)")
	var qty int
	require.NoError(t, db.QueryRow(ctx, "SELECT qty FROM parent WHERE id = 1").Scan(&qty))
	require.Equal(t, 3, qty, "child_touch added one (it was 2)")
	_, err = db.Exec(ctx, "INSERT INTO strict_wr VALUES ('k3', 'not a number')")
	require.ErrorContains(t, err, "cannot store TEXT value in INTEGER column")
	var n int
	require.NoError(t, db.QueryRow(ctx, "SELECT count(*) FROM parent_codes_upper").Scan(&n))
	require.Equal(t, 2, n)
}

// rowsOf keeps the rows part of a dump.
func rowsOf(dump string) string {
	i := strings.Index(dump, "rows of ")
	if i < 0 {
		return ""
	}
	return dump[i:]
}

// With foreign keys on, rebuilding a parent must not cascade its DROP TABLE
// into the children (nor fail on them): foreign keys go off around the step.
func TestRebuildParentKeepsCascadeChildren(t *testing.T) {
	db := sqlitetest.Open(t)
	sqlitetest.Exec(t, db,
		"PRAGMA foreign_keys=ON",
		`CREATE TABLE users (id INTEGER NOT NULL, name TEXT, PRIMARY KEY (id))`,
		`CREATE TABLE posts (id INTEGER NOT NULL, user_id INTEGER NOT NULL, PRIMARY KEY (id), FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE)`,
		`INSERT INTO users VALUES (1, 'ann'), (2, 'bob')`,
		`INSERT INTO posts VALUES (1, 1), (2, 1), (3, 2)`,
	)
	fourPhase(t, db, []ops.Op{&ops.AlterColumn{Table: "users", Column: "name", Nullable: ops.Ptr(false), ExistingNullable: ops.Ptr(true)}}, false)
	require.Equal(t, []string{"1|1|1", "2|2|1", "3|3|2"}, sqlitetest.Rows(t, db, "posts"))
	// And the cascade still works afterwards.
	sqlitetest.Exec(t, db, "DELETE FROM users WHERE id = 1")
	require.Equal(t, []string{"3|3|2"}, sqlitetest.Rows(t, db, "posts"))
}

// With foreign keys off (SQLite's default, though not this build's), a
// rebuild adding a foreign key still checks the rows it covers.
func TestForeignKeyCheckWithForeignKeysOff(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	sqlitetest.Exec(t, db,
		"PRAGMA foreign_keys=OFF",
		`CREATE TABLE users (id INTEGER NOT NULL, PRIMARY KEY (id))`,
		`CREATE TABLE posts (id INTEGER NOT NULL, user_id INTEGER, PRIMARY KEY (id))`,
		`INSERT INTO users VALUES (1)`,
		`INSERT INTO posts VALUES (1, 1), (2, 7)`,
	)
	before := sqlitetest.Dump(t, db)
	var stmts []string
	err := Run(ctx, db, []Step{{Label: "fk", Ops: []ops.Op{&ops.CreateForeignKey{Table: "posts",
		ForeignKey: &schema.ForeignKey{Name: "fk_posts_user", Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}}}}}},
		Hooks{SQL: func(s string) { stmts = append(stmts, s) }})
	require.ErrorIs(t, err, ErrForeignKey)
	require.EqualError(t, err, `foreign key violation: table "posts" rowid 2 refers to a missing row of "users"`)
	require.Contains(t, stmts, `PRAGMA foreign_key_check("posts")`)
	require.NotContains(t, stmts, "PRAGMA foreign_keys=OFF")
	require.Equal(t, before, sqlitetest.Dump(t, db))
}
