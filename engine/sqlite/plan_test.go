package sqlite_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/ops"
	"retort/engine/schema"
	"retort/engine/sqlite"
	"retort/engine/sqlite/sqlitetest"
)

func ty(name string, args ...int) schema.Type { return schema.Type{Name: name, Args: args} }

const planSchema = `
CREATE TABLE users (id INTEGER NOT NULL, name VARCHAR(50), email VARCHAR(120), bio TEXT, city VARCHAR(40),
	PRIMARY KEY (id), CONSTRAINT uq_email UNIQUE (email), CHECK (length(bio) < 500));
CREATE INDEX ix_users_city ON users (city);
CREATE TABLE posts (id INTEGER NOT NULL, user_id INTEGER, PRIMARY KEY (id), FOREIGN KEY(user_id) REFERENCES users (id));
CREATE VIEW v AS SELECT name FROM users;
`

// Which ops SQLite's ALTER TABLE does in place, and which need a rebuild.
func TestPlanNativeOrRebuild(t *testing.T) {
	db := sqlitetest.Open(t)
	sqlitetest.Exec(t, db, planSchema)
	md := sqlitetest.Inspect(t, db)
	col := func(name string, typ schema.Type, nullable bool, dflt string) *schema.Column {
		return &schema.Column{Name: name, Type: typ, Nullable: nullable, ServerDefault: dflt}
	}
	cases := []struct {
		name string
		op   ops.Op
		want []string // the statements, or nil for "a rebuild"
	}{
		{"add nullable column", &ops.AddColumn{Table: "users", Column: col("age", ty("Integer"), true, "")},
			[]string{`ALTER TABLE "users" ADD COLUMN "age" INTEGER`}},
		{"add NOT NULL column with a constant default", &ops.AddColumn{Table: "users", Column: col("n", ty("Integer"), false, "0")},
			[]string{`ALTER TABLE "users" ADD COLUMN "n" INTEGER DEFAULT 0 NOT NULL`}},
		{"add column with a string default", &ops.AddColumn{Table: "users", Column: col("s", ty("String", 5), true, "'a''b'")},
			[]string{`ALTER TABLE "users" ADD COLUMN "s" VARCHAR(5) DEFAULT 'a''b'`}},
		{"add column with a negative default", &ops.AddColumn{Table: "users", Column: col("s", ty("Integer"), true, "-1")},
			[]string{`ALTER TABLE "users" ADD COLUMN "s" INTEGER DEFAULT -1`}},
		{"add NOT NULL column without default", &ops.AddColumn{Table: "users", Column: col("n", ty("Integer"), false, "")}, nil},
		{"add column with CURRENT_TIMESTAMP", &ops.AddColumn{Table: "users", Column: col("at", ty("DateTime"), true, "CURRENT_TIMESTAMP")}, nil},
		{"add column with an expression default", &ops.AddColumn{Table: "users", Column: col("x", ty("Integer"), true, "(1 + 1)")}, nil},
		{"drop plain column", &ops.DropColumn{Table: "users", Name: "city"}, nil}, // indexed
		{"drop unindexed column", &ops.DropColumn{Table: "posts", Name: "user_id"}, nil},
		{"drop column in a CHECK", &ops.DropColumn{Table: "users", Name: "bio"}, nil},
		{"drop UNIQUE column", &ops.DropColumn{Table: "users", Name: "email"}, nil},
		{"drop column a view names", &ops.DropColumn{Table: "users", Name: "name"}, nil},
		{"drop primary key column", &ops.DropColumn{Table: "users", Name: "id"}, nil},
		{"rename column", &ops.AlterColumn{Table: "users", Column: "bio", NewName: "about"},
			[]string{`ALTER TABLE "users" RENAME COLUMN "bio" TO "about"`}},
		{"alter without a change", &ops.AlterColumn{Table: "users", Column: "name", Nullable: ops.Ptr(true), Type: ops.Ptr(ty("String", 50)), Comment: ops.Ptr("x")}, []string{}},
		{"alter nullable", &ops.AlterColumn{Table: "users", Column: "name", Nullable: ops.Ptr(false)}, nil},
		{"alter type", &ops.AlterColumn{Table: "users", Column: "name", Type: ops.Ptr(ty("String", 100))}, nil},
		{"alter default", &ops.AlterColumn{Table: "users", Column: "name", ServerDefault: ops.Ptr("'x'")}, nil},
		{"create index", &ops.CreateIndex{Index: &schema.Index{Name: "ix", Table: "users", Columns: []string{"name", "lower(email)"}, Where: "name IS NOT NULL"}},
			[]string{`CREATE INDEX "ix" ON "users" ("name", lower(email)) WHERE name IS NOT NULL`}},
		{"drop index", &ops.DropIndex{Name: "ix_users_city", Table: "users"}, []string{`DROP INDEX "ix_users_city"`}},
		{"rename table", &ops.RenameTable{Old: "posts", New: "articles"}, []string{`ALTER TABLE "posts" RENAME TO "articles"`}},
		{"drop table", &ops.DropTable{Name: "posts"}, []string{`DROP TABLE "posts"`}},
		{"create unique", &ops.CreateUnique{Table: "users", Unique: &schema.Unique{Name: "uq", Columns: []string{"name"}}}, nil},
		{"create check", &ops.CreateCheck{Table: "users", Check: &schema.Check{Name: "ck", SQL: "id > 0"}}, nil},
		{"create foreign key", &ops.CreateForeignKey{Table: "posts", ForeignKey: &schema.ForeignKey{Columns: []string{"id"}, RefTable: "users", RefColumns: []string{"id"}}}, nil},
		{"drop unnamed foreign key", &ops.DropConstraint{Table: "posts", Kind: ops.KindForeignKey}, nil},
		{"drop unnamed check", &ops.DropConstraint{Table: "users", Kind: ops.KindCheck}, nil},
		{"bulk insert", &ops.BulkInsert{Table: "posts", Columns: []string{"id", "user_id"}, Rows: []map[string]any{{"id": int64(1), "user_id": nil}, {"id": int64(2), "user_id": 2.5}, {"id": int64(3), "user_id": true}}},
			[]string{`INSERT INTO "posts" ("id", "user_id") VALUES (1, NULL)`, `INSERT INTO "posts" ("id", "user_id") VALUES (2, 2.5)`, `INSERT INTO "posts" ("id", "user_id") VALUES (3, 1)`}},
		{"execute", &ops.Execute{SQL: "  UPDATE users SET name = 'x'\n"}, []string{"UPDATE users SET name = 'x'"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			stmts, err := sqlite.Plan(md, tc.op)
			require.NoError(t, err)
			if tc.want == nil {
				require.NotEmpty(t, stmts)
				require.True(t, strings.HasPrefix(stmts[0], `DROP VIEW "v"`) || strings.HasPrefix(stmts[0], `CREATE TABLE "new_`), "a rebuild: %q", stmts)
				return
			}
			if len(tc.want) == 0 {
				require.Empty(t, stmts)
				return
			}
			require.Equal(t, tc.want, stmts)
			// And SQLite takes them.
			db := sqlitetest.Open(t)
			sqlitetest.Exec(t, db, "PRAGMA foreign_keys=OFF", planSchema)
			sqlitetest.Exec(t, db, stmts...)
		})
	}
}

// Consecutive ops on one table make one rebuild; ops on another table, or a
// rename, start a new change.
func TestPlanCoalesces(t *testing.T) {
	db := sqlitetest.Open(t)
	sqlitetest.Exec(t, db, planSchema)
	md := sqlitetest.Inspect(t, db)
	list := []ops.Op{
		&ops.AddColumn{Table: "users", Column: &schema.Column{Name: "age", Type: ty("Integer"), Nullable: true}},
		&ops.AlterColumn{Table: "users", Column: "name", Nullable: ops.Ptr(false)},
		&ops.DropIndex{Name: "ix_users_city", Table: "users"},
		&ops.DropColumn{Table: "users", Name: "city"},
		&ops.AlterColumn{Table: "users", Column: "bio", NewName: "about", Type: ops.Ptr(ty("Text"))}, // rename, then nothing to change
		&ops.AlterColumn{Table: "posts", Column: "user_id", Nullable: ops.Ptr(false)},
		&ops.Batch{Table: "posts", Ops: []ops.Op{
			&ops.CreateIndex{Index: &schema.Index{Name: "ix_posts_user", Columns: []string{"user_id"}}},
			&ops.CreateCheck{Check: &schema.Check{Name: "ck_posts", SQL: "id > 0"}},
		}},
		&ops.AddColumn{Table: "users", Column: &schema.Column{Name: "z", Type: ty("Integer"), Nullable: true}},
	}
	changes, after, err := sqlite.PlanAll(md, list)
	require.NoError(t, err)
	var got []string
	for _, c := range changes {
		got = append(got, c.What)
	}
	require.Equal(t, []string{
		`rebuild table "users"`,
		`rename column "bio" of "users" to "about"`,
		`alter column "about" of "users"`,
		`rebuild table "posts"`,
		`add column "z" to "users"`,
	}, got)
	require.Len(t, changes[0].Items, 4)
	require.Len(t, changes[3].Items, 3)
	require.Equal(t, []string{"posts"}, changes[3].Check)
	require.Equal(t, []string{"users", "posts"}, changes[0].Check, "a rebuilt parent checks its children")

	for _, c := range changes {
		sqlitetest.Exec(t, db, c.Statements...)
	}
	sqlitetest.RequireSameSchema(t, after, sqlitetest.Inspect(t, db))
}

func TestNeedsRebuild(t *testing.T) {
	md := &schema.MetaData{Tables: []*schema.Table{{Name: "t", Columns: []*schema.Column{{Name: "a", Type: ty("Integer"), Nullable: true}}}}}
	add := &ops.AddColumn{Table: "t", Column: &schema.Column{Name: "b", Type: ty("Integer"), Nullable: true}}
	notNull := &ops.AlterColumn{Table: "t", Column: "a", Nullable: ops.Ptr(false)}
	require.False(t, sqlite.NeedsRebuild(md, []ops.Op{add}))
	require.True(t, sqlite.NeedsRebuild(md, []ops.Op{add, notNull}))
	// After op.execute the schema is unknown: anything that may rebuild counts.
	require.True(t, sqlite.NeedsRebuild(md, []ops.Op{&ops.Execute{SQL: "SELECT 1"}, add}))
	require.False(t, sqlite.NeedsRebuild(md, []ops.Op{&ops.Execute{SQL: "SELECT 1"}, &ops.DropIndex{Name: "x"}}))
}

func TestDefaultSQL(t *testing.T) {
	for in, want := range map[string]string{
		"'0'":                 "'0'",
		"1":                   "1",
		"-1.5":                "-1.5",
		"CURRENT_TIMESTAMP":   "CURRENT_TIMESTAMP",
		"(CURRENT_TIMESTAMP)": "(CURRENT_TIMESTAMP)",
		"1 + 1":               "(1 + 1)",
		"'a' || 'b'":          "('a' || 'b')",
		"(1) + (2)":           "((1) + (2))",
		"datetime('now')":     "(datetime('now'))",
		"x'00'":               "x'00'",
		"NULL":                "NULL",
	} {
		require.Equal(t, want, sqlite.DefaultSQL(in), in)
		db := sqlitetest.Open(t)
		sqlitetest.Exec(t, db, "CREATE TABLE t (a DEFAULT "+sqlite.DefaultSQL(in)+")")
	}
}

func TestQuoting(t *testing.T) {
	require.Equal(t, `"we""ird"`, sqlite.Quote(`we"ird`))
	require.Equal(t, `'it''s'`, sqlite.QuoteString("it's"))
	lit, err := sqlite.Literal("a\x00b")
	require.NoError(t, err)
	db := sqlitetest.Open(t)
	var got string
	require.NoError(t, db.QueryRow(t.Context(), "SELECT "+lit).Scan(&got))
	require.Equal(t, "a\x00b", got)
	_, err = sqlite.Literal(struct{}{})
	require.Error(t, err)
}
