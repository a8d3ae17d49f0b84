package runner

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/ops"
	"retort/engine/schema"
	"retort/engine/sqlite"
	"retort/engine/sqlite/sqlitetest"
)

// A step that fails part-way leaves the database exactly as before it:
// schema, rows and alembic_version, compared as a full dump.
func TestFailedStepChangesNothing(t *testing.T) {
	n := plainNames
	addAge := &ops.AddColumn{Table: n.users, Column: &schema.Column{Name: "age", Type: ty("Integer"), Nullable: true}}
	rebuildUsers := &ops.AlterColumn{Table: n.users, Column: n.name, Nullable: ops.Ptr(false)}
	cases := []struct {
		name  string
		ops   []ops.Op
		error string
	}{
		{"op does not apply", []ops.Op{addAge, &ops.CreateTable{Table: &schema.Table{Name: n.posts, Columns: []*schema.Column{{Name: "x", Type: ty("Integer")}}}}},
			`create table "posts": already exists`},
		{"native statement fails", []ops.Op{addAge, &ops.CreateIndex{Index: &schema.Index{Name: "ix_bad", Table: n.users, Columns: []string{"nosuchcolumn"}}}},
			`create index "ix_bad": sqlite3: SQL logic error: no such column: nosuchcolumn`},
		{"after a rebuild", []ops.Op{rebuildUsers, &ops.Execute{SQL: "INSERT INTO nowhere VALUES (1)"}},
			`op.execute: sqlite3: SQL logic error: no such table: nowhere`},
		{"rebuild fails on NOT NULL", []ops.Op{addAge, &ops.AddColumn{Table: n.users, Column: &schema.Column{Name: "score", Type: ty("Integer")}}},
			`rebuild table "users": column "score" is NOT NULL without a default, and rows would hold NULL (sqlite3: constraint failed: NOT NULL constraint failed: users.score)`},
		{"alter to NOT NULL over NULLs", []ops.Op{addAge, &ops.AlterColumn{Table: n.users, Column: n.email, Nullable: ops.Ptr(false)}},
			`rebuild table "users": column "email" is NOT NULL without a default, and rows would hold NULL (sqlite3: constraint failed: NOT NULL constraint failed: users.email)`},
		{"unique over duplicates", []ops.Op{addAge, &ops.CreateUnique{Table: n.posts, Unique: &schema.Unique{Name: "uq", Columns: []string{n.userID}}}},
			`rebuild table "posts": sqlite3: constraint failed: UNIQUE constraint failed: posts.user_id`},
		{"foreign key check", []ops.Op{addAge, &ops.Execute{SQL: "DELETE FROM users WHERE id = 2"}, &ops.AlterColumn{Table: n.posts, Column: n.title, Type: ops.Ptr(ty("String", 300))}},
			`foreign key violation: table "posts" rowid 2 refers to a missing row of "users"`},
		{"unnamed constraint not found", []ops.Op{addAge, &ops.DropConstraint{Table: n.users, Kind: ops.KindCheck}},
			`drop unnamed check constraint on "users": no such constraint: not found`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			db := fixture(t, n)
			sqlitetest.Exec(t, db, sqlite.CreateVersionTableSQL(), sqlite.InsertVersionSQL("aaaaaaaaaaaa"))
			if tc.name == "foreign key check" {
				// The DELETE must not cascade: foreign keys are off in a rebuild step.
				sqlitetest.Exec(t, db, "PRAGMA foreign_keys=ON")
			}
			before := sqlitetest.Dump(t, db)
			var stmts []string
			err := Run(ctx, db, []Step{{Label: "Running upgrade aaaaaaaaaaaa -> bbbbbbbbbbbb, fails", Ops: tc.ops,
				Version: VersionChange{Update: []VersionUpdate{{From: "aaaaaaaaaaaa", To: "bbbbbbbbbbbb"}}}}},
				Hooks{SQL: func(s string) { stmts = append(stmts, s) }})
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.error)
			var se *StepError
			require.True(t, errors.As(err, &se))
			require.Equal(t, "Running upgrade aaaaaaaaaaaa -> bbbbbbbbbbbb, fails", se.Step)
			require.Contains(t, stmts, "ROLLBACK")
			require.Equal(t, before, sqlitetest.Dump(t, db))
			on, err := db.ForeignKeys(ctx)
			require.NoError(t, err)
			require.True(t, on)
			in, err := db.InTransaction(ctx)
			require.NoError(t, err)
			require.False(t, in)
		})
	}
}

// Steps before a failing one stay done; the failing one and those after it
// do not happen.
func TestRunStopsAtFailingStep(t *testing.T) {
	ctx := context.Background()
	db := fixture(t, plainNames)
	steps := []Step{
		{Label: "one", Ops: []ops.Op{&ops.AddColumn{Table: "users", Column: &schema.Column{Name: "age", Type: ty("Integer"), Nullable: true}}},
			Version: VersionChange{Insert: []string{"aaaaaaaaaaaa"}}},
		{Label: "two", Ops: []ops.Op{&ops.Execute{SQL: "SELECT nonsense FROM nowhere"}},
			Version: VersionChange{Update: []VersionUpdate{{From: "aaaaaaaaaaaa", To: "bbbbbbbbbbbb"}}}},
		{Label: "three", Version: VersionChange{Update: []VersionUpdate{{From: "bbbbbbbbbbbb", To: "cccccccccccc"}}}},
	}
	var logged []string
	err := Run(ctx, db, steps, Hooks{Log: func(l string) { logged = append(logged, l) }})
	require.Error(t, err)
	require.Equal(t, []string{"one", "two"}, logged)
	cur, err := Current(ctx, db)
	require.NoError(t, err)
	require.Equal(t, []string{"aaaaaaaaaaaa"}, cur)
	require.NotNil(t, sqlitetest.Inspect(t, db).Table("users").Column("age"))
}

// Alembic checks that moving a head matches exactly one row.
func TestVersionUpdateMustMatchOneRow(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	err := Run(ctx, db, []Step{{Label: "x", Version: VersionChange{Update: []VersionUpdate{{From: "aaaaaaaaaaaa", To: "bbbbbbbbbbbb"}}}}}, Hooks{})
	require.EqualError(t, err, "Online migration expected to match one row when updating 'aaaaaaaaaaaa' to 'bbbbbbbbbbbb' in 'alembic_version'; 0 found")
	require.Nil(t, sqlitetest.Inspect(t, db).Table("alembic_version"), "the failed step's CREATE TABLE is rolled back too")
}

func TestWarningDeclined(t *testing.T) {
	ctx := context.Background()
	db := fixture(t, plainNames)
	before := sqlitetest.Dump(t, db)
	var asked []Warning
	err := Run(ctx, db, []Step{{Label: "drop", Ops: []ops.Op{
		&ops.DropColumn{Table: "users", Name: "bio"},
		&ops.AddColumn{Table: "users", Column: &schema.Column{Name: "score", Type: ty("Integer")}},
		&ops.AlterColumn{Table: "users", Column: "email", Nullable: ops.Ptr(false)},
		&ops.DropTable{Name: "audit_log"},
	}}}, Hooks{Warn: func(w Warning) bool { asked = append(asked, w); return len(asked) < 4 }})
	require.ErrorIs(t, err, ErrDeclined)
	require.Equal(t, []Warning{
		{Step: "drop", Kind: DropsColumn, Table: "users", Column: "bio", Count: 2},
		{Step: "drop", Kind: NotNullFails, Table: "users", Column: "score", Count: 3, Fails: true},
		{Step: "drop", Kind: NotNullFails, Table: "users", Column: "email", Count: 1, Fails: true},
		{Step: "drop", Kind: DropsTable, Table: "audit_log", Count: 2},
	}, asked)
	require.Equal(t, "Column 'users.score' becomes NOT NULL without a server default, but 3 rows would hold NULL: the step will fail", asked[1].String())
	require.Equal(t, before, sqlitetest.Dump(t, db))
}

// Data-loss questions about ops that follow an op.execute are asked once the
// raw SQL ran, with what the data then is: a backfill removes the NOT NULL
// warning, and a drop after copying counts what is left to lose.
func TestWarningsAfterExecute(t *testing.T) {
	ctx := context.Background()
	db := fixture(t, plainNames)
	var asked []Warning
	err := Run(ctx, db, []Step{{Label: "backfill", Ops: []ops.Op{
		&ops.Execute{SQL: "UPDATE users SET email = 'none' WHERE email IS NULL"},
		&ops.AlterColumn{Table: "users", Column: "email", Nullable: ops.Ptr(false)},
		&ops.Execute{SQL: "UPDATE users SET bio = NULL WHERE id = 1"},
		&ops.DropColumn{Table: "users", Name: "bio"},
	}}}, Hooks{Warn: func(w Warning) bool { asked = append(asked, w); return true }})
	require.NoError(t, err)
	require.Equal(t, []Warning{{Step: "backfill", Kind: DropsColumn, Table: "users", Column: "bio", Count: 1}}, asked)
}
