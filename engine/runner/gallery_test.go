package runner

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/ops"
	"retort/engine/schema"
	"retort/engine/sqlite"
	"retort/engine/sqlite/sqlitetest"
)

// The gallery's revision bbbbbbbbbbbb ("many changes"), written by Alembic
// 1.8.1 twice: as plain ops and with render_as_batch=True. Real Alembic failed
// both on SQLite, half-way; Retort runs both to completion and back.

func galleryUpgrade() []ops.Op {
	return []ops.Op{
		&ops.CreateTable{Table: &schema.Table{
			Name: "memberships",
			Columns: []*schema.Column{
				{Name: "user_id", Type: ty("Integer")},
				{Name: "group_name", Type: ty("String", 50)},
				{Name: "joined_at", Type: ty("DateTime")},
			},
			ForeignKeys: []*schema.ForeignKey{{Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}}},
			PrimaryKey:  &schema.PrimaryKey{Columns: []string{"user_id", "group_name"}},
		}},
		&ops.DropTable{Name: "audit_log"},
	}
}

func galleryPosts() []ops.Op {
	return []ops.Op{
		&ops.AlterColumn{Table: "posts", Column: "user_id", ExistingType: ops.Ptr(ty("INTEGER")), Nullable: ops.Ptr(false)},
		&ops.CreateForeignKey{Table: "posts", ForeignKey: &schema.ForeignKey{Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}, OnDelete: "CASCADE"}},
	}
}

func galleryUsers() []ops.Op {
	return []ops.Op{
		&ops.AddColumn{Table: "users", Column: &schema.Column{Name: "age", Type: ty("Integer"), Nullable: true}},
		&ops.AddColumn{Table: "users", Column: &schema.Column{Name: "is_active", Type: ty("Boolean"), ServerDefault: "1"}},
		&ops.AddColumn{Table: "users", Column: &schema.Column{Name: "status", Type: schema.Type{Name: "Enum", Enum: []string{"active", "banned"}, EnumName: "status"}, Nullable: true}},
		&ops.AddColumn{Table: "users", Column: &schema.Column{Name: "balance", Type: ty("Numeric", 10, 2), ServerDefault: "'0'", Nullable: true}},
		&ops.AddColumn{Table: "users", Column: &schema.Column{Name: "created_at", Type: ty("DateTime"), ServerDefault: "(CURRENT_TIMESTAMP)", Nullable: true}},
		&ops.AlterColumn{Table: "users", Column: "name", ExistingType: ops.Ptr(ty("VARCHAR", 50)), Nullable: ops.Ptr(false)},
		&ops.DropIndex{Name: "ix_users_city", Table: "users"},
		&ops.CreateIndex{Index: &schema.Index{Name: "ix_users_name_email", Table: "users", Columns: []string{"name", "email"}}},
		&ops.CreateUnique{Table: "users", Unique: &schema.Unique{Name: "uq_users_email", Columns: []string{"email"}}},
		&ops.DropColumn{Table: "users", Name: "bio"},
		&ops.DropColumn{Table: "users", Name: "city"},
	}
}

func galleryDowngradeUsers() []ops.Op {
	return []ops.Op{
		&ops.AddColumn{Table: "users", Column: &schema.Column{Name: "city", Type: ty("VARCHAR", 40), Nullable: true}},
		&ops.AddColumn{Table: "users", Column: &schema.Column{Name: "bio", Type: ty("TEXT"), Nullable: true}},
		&ops.DropConstraint{Name: "uq_users_email", Table: "users", Kind: ops.KindUnique},
		&ops.DropIndex{Name: "ix_users_name_email", Table: "users"},
		&ops.CreateIndex{Index: &schema.Index{Name: "ix_users_city", Table: "users", Columns: []string{"city"}}},
		&ops.AlterColumn{Table: "users", Column: "name", ExistingType: ops.Ptr(ty("VARCHAR", 50)), Nullable: ops.Ptr(true)},
		&ops.DropColumn{Table: "users", Name: "created_at"},
		&ops.DropColumn{Table: "users", Name: "balance"},
		&ops.DropColumn{Table: "users", Name: "status"},
		&ops.DropColumn{Table: "users", Name: "is_active"},
		&ops.DropColumn{Table: "users", Name: "age"},
	}
}

func galleryDowngradePosts() []ops.Op {
	return []ops.Op{
		// op.drop_constraint(None, 'posts', type_='foreignkey'): unnamed, no definition.
		&ops.DropConstraint{Table: "posts", Kind: ops.KindForeignKey},
		&ops.AlterColumn{Table: "posts", Column: "user_id", ExistingType: ops.Ptr(ty("INTEGER")), Nullable: ops.Ptr(true)},
	}
}

func galleryDowngradeTail() []ops.Op {
	return []ops.Op{
		&ops.CreateTable{Table: &schema.Table{
			Name: "audit_log",
			Columns: []*schema.Column{
				{Name: "id", Type: ty("INTEGER")},
				{Name: "message", Type: ty("TEXT")},
			},
			PrimaryKey: &schema.PrimaryKey{Columns: []string{"id"}},
		}},
		&ops.DropTable{Name: "memberships"},
	}
}

func concat(lists ...[]ops.Op) []ops.Op {
	var out []ops.Op
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// galleryScripts are the plain and batch scripts' upgrade and downgrade ops.
func galleryScripts() map[string][2][]ops.Op {
	return map[string][2][]ops.Op{
		"plain": {
			concat(galleryUpgrade(), galleryPosts(), galleryUsers()),
			concat(galleryDowngradeUsers(), galleryDowngradePosts(), galleryDowngradeTail()),
		},
		"batch": {
			concat(galleryUpgrade(),
				[]ops.Op{&ops.Batch{Table: "posts", Ops: galleryPosts()}, &ops.Batch{Table: "users", Ops: galleryUsers()}}),
			concat([]ops.Op{&ops.Batch{Table: "users", Ops: galleryDowngradeUsers()}, &ops.Batch{Table: "posts", Ops: galleryDowngradePosts()}},
				galleryDowngradeTail()),
		},
	}
}

// galleryDB is the database revision aaaaaaaaaaaa made (schema_before.sql),
// holding rows, foreign keys on.
func galleryDB(t *testing.T) *sqlite.DB {
	t.Helper()
	ddl, err := os.ReadFile("testdata/gallery_schema_before.sql")
	require.NoError(t, err)
	db := sqlitetest.Open(t)
	sqlitetest.Exec(t, db,
		"PRAGMA foreign_keys=ON",
		string(ddl),
		`INSERT INTO alembic_version VALUES ('aaaaaaaaaaaa')`,
		`INSERT INTO users VALUES (1, 'ann', 'ann@example.com', 'likes tea', 'paris'), (2, 'bob', NULL, NULL, 'rome'), (3, 'cy', 'cy@example.com', NULL, NULL)`,
		`INSERT INTO posts VALUES (1, 'hello', 1), (2, 'again', 1), (3, 'bob here', 2)`,
		`INSERT INTO audit_log VALUES (1, 'created'), (2, 'updated')`,
	)
	return db
}

func TestGalleryScripts(t *testing.T) {
	for name, script := range galleryScripts() {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db := galleryDB(t)
			start := sqlitetest.Inspect(t, db)
			rowsBefore := takeSnapshot(t, db)

			var warnings []string
			var stmts []string
			var progress [][2]int
			hooks := Hooks{
				Warn:     func(w Warning) bool { warnings = append(warnings, w.String()); return true },
				SQL:      func(s string) { stmts = append(stmts, s) },
				Progress: func(done, total int) { progress = append(progress, [2]int{done, total}) },
			}
			up := Step{Label: "Running upgrade aaaaaaaaaaaa -> bbbbbbbbbbbb, many changes", Ops: script[0],
				Version: VersionChange{Update: []VersionUpdate{{From: "aaaaaaaaaaaa", To: "bbbbbbbbbbbb"}}}}
			require.NoError(t, Run(ctx, db, []Step{up}, hooks))
			require.Equal(t, []string{
				"Dropping table 'audit_log' will delete its 2 rows",
				"Dropping column 'users.bio' will delete 1 non-NULL value",
				"Dropping column 'users.city' will delete 2 non-NULL values",
			}, warnings)
			require.Equal(t, 2, countRebuilds(stmts), "posts and users each rebuilt once: %q", stmts)
			require.Equal(t, [][2]int{{1, 0}, {2, 0}, {4, 0}, {15, 0}}, progress, "create, drop, rebuild posts, rebuild users (the total is unknown while a script runs)")

			cur, err := Current(ctx, db)
			require.NoError(t, err)
			require.Equal(t, []string{"bbbbbbbbbbbb"}, cur)

			intended := start.Clone()
			for _, op := range script[0] {
				require.NoError(t, ops.Apply(intended, op))
			}
			upped := sqlitetest.Inspect(t, db)
			sqlitetest.RequireSameSchema(t, intended, upped)
			requireRowsKept(t, rowsBefore, takeSnapshot(t, db), upped, script[0])
			require.Equal(t, []string{
				`1|1|"ann"|"ann@example.com"|NULL|true|NULL|0|`,
				`2|2|"bob"|NULL|NULL|true|NULL|0|`,
				`3|3|"cy"|"cy@example.com"|NULL|true|NULL|0|`,
			}, withoutTimestamps(sqlitetest.Rows(t, db, "users")), "new columns take their defaults")
			fk := upped.Table("posts").ForeignKeys
			require.Len(t, fk, 1)
			require.Equal(t, "CASCADE", fk[0].OnDelete)

			stmts = nil
			down := Step{Label: "Running downgrade bbbbbbbbbbbb -> aaaaaaaaaaaa, many changes", Ops: script[1],
				Version: VersionChange{Update: []VersionUpdate{{From: "bbbbbbbbbbbb", To: "aaaaaaaaaaaa"}}}}
			require.NoError(t, Run(ctx, db, []Step{down}, Hooks{SQL: func(s string) { stmts = append(stmts, s) }}))
			require.Equal(t, 2, countRebuilds(stmts), "users and posts each rebuilt once: %q", stmts)
			cur, err = Current(ctx, db)
			require.NoError(t, err)
			require.Equal(t, []string{"aaaaaaaaaaaa"}, cur)
			sqlitetest.RequireSameSchema(t, start, sqlitetest.Inspect(t, db))
			require.Equal(t, []string{
				`1|1|"ann"|"ann@example.com"|NULL|NULL`,
				`2|2|"bob"|NULL|NULL|NULL`,
				`3|3|"cy"|"cy@example.com"|NULL|NULL`,
			}, sqlitetest.Rows(t, db, "users"))
			require.Equal(t, []string{`1|1|"hello"|1`, `2|2|"again"|1`, `3|3|"bob here"|2`}, sqlitetest.Rows(t, db, "posts"))
			require.Empty(t, sqlitetest.Rows(t, db, "audit_log"))
		})
	}
}

func countRebuilds(stmts []string) int {
	n := 0
	for _, s := range stmts {
		if strings.HasPrefix(s, `CREATE TABLE "new_`) {
			n++
		}
	}
	return n
}

// withoutTimestamps blanks the last field of each row (created_at, which is
// CURRENT_TIMESTAMP when the upgrade ran).
func withoutTimestamps(rows []string) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r[:strings.LastIndex(r, "|")+1]
	}
	return out
}
