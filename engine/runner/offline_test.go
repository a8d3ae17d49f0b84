package runner

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/ops"
	"retort/engine/schema"
	"retort/engine/sqlite"
	"retort/engine/sqlite/sqlitetest"
	"retort/internal/golden"
)

// The tutorial's three revisions.
func tutorialSteps() []Step {
	users := &schema.Table{
		Name: "users",
		Columns: []*schema.Column{
			{Name: "id", Type: ty("Integer")},
			{Name: "name", Type: ty("String")},
			{Name: "email", Type: ty("String"), Nullable: true},
		},
		PrimaryKey: &schema.PrimaryKey{Columns: []string{"id"}},
		Uniques:    []*schema.Unique{{Columns: []string{"email"}}},
	}
	posts := &schema.Table{
		Name: "posts",
		Columns: []*schema.Column{
			{Name: "id", Type: ty("Integer")},
			{Name: "title", Type: ty("String", 200)},
			{Name: "user_id", Type: ty("Integer")},
		},
		ForeignKeys: []*schema.ForeignKey{{Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}}},
		PrimaryKey:  &schema.PrimaryKey{Columns: []string{"id"}},
	}
	return []Step{
		{Label: "Running upgrade  -> 1f67b9e072b7, create users table", Short: "upgrade  -> 1f67b9e072b7",
			Ops: []ops.Op{&ops.CreateTable{Table: users}}, Version: VersionChange{Insert: []string{"1f67b9e072b7"}}},
		{Label: "Running upgrade 1f67b9e072b7 -> 3a291af61148, add age to users",
			Ops:     []ops.Op{&ops.AddColumn{Table: "users", Column: &schema.Column{Name: "age", Type: ty("Integer"), Nullable: true}}},
			Version: VersionChange{Update: []VersionUpdate{{From: "1f67b9e072b7", To: "3a291af61148"}}}},
		{Label: "Running upgrade 3a291af61148 -> 88d25a73c36d, add posts table",
			Ops: []ops.Op{&ops.CreateTable{Table: posts}}, Version: VersionChange{Update: []VersionUpdate{{From: "3a291af61148", To: "88d25a73c36d"}}}},
	}
}

func tutorialDowngrade() []Step {
	return []Step{
		{Label: "Running downgrade 88d25a73c36d -> 3a291af61148, add posts table",
			Ops: []ops.Op{&ops.DropTable{Name: "posts"}}, Version: VersionChange{Update: []VersionUpdate{{From: "88d25a73c36d", To: "3a291af61148"}}}},
		{Label: "Running downgrade 3a291af61148 -> 1f67b9e072b7, add age to users",
			Ops:     []ops.Op{&ops.DropColumn{Table: "users", Name: "age"}},
			Version: VersionChange{Update: []VersionUpdate{{From: "3a291af61148", To: "1f67b9e072b7"}}}},
	}
}

// replay is the schema after steps, as offline mode computes it.
func replay(t *testing.T, steps []Step) *schema.MetaData {
	t.Helper()
	md := &schema.MetaData{}
	for _, st := range steps {
		for _, op := range st.Ops {
			require.NoError(t, ops.Apply(md, op))
		}
	}
	return md
}

// The layout of Alembic's upgrade head --sql (tutorial output 11b),
// upgrade A:B --sql (11) and downgrade --sql (12), with Retort's quoting and
// transactions.
func TestOfflineTutorialGolden(t *testing.T) {
	steps := tutorialSteps()
	var logged []string
	var b strings.Builder
	require.NoError(t, WriteSQL(&b, nil, steps, Hooks{Log: func(l string) { logged = append(logged, l) }}))
	golden.Check(t, "testdata/offline/upgrade_head_from_base.sql", []byte(b.String()))
	require.Equal(t, []string{steps[0].Label, steps[1].Label, steps[2].Label}, logged)

	got, err := SQL(replay(t, steps[:1]), steps[1:])
	require.NoError(t, err)
	golden.Check(t, "testdata/offline/upgrade_range.sql", []byte(got))

	got, err = SQL(replay(t, steps), tutorialDowngrade())
	require.NoError(t, err)
	golden.Check(t, "testdata/offline/downgrade.sql", []byte(got))
}

// Feeding the offline SQL to a fresh database gives what the online run gives.
func TestOfflineMatchesOnline(t *testing.T) {
	galleryRows := &ops.BulkInsert{Table: "users", Columns: []string{"id", "name", "email", "bio", "city"}, Rows: []map[string]any{
		{"id": int64(1), "name": "ann", "email": "ann@example.com", "bio": "it's me", "city": "paris"},
		{"id": int64(2), "name": "bob", "email": nil, "bio": nil, "city": "rome"},
	}}
	postRows := &ops.BulkInsert{Table: "posts", Columns: []string{"id", "title", "user_id"}, Rows: []map[string]any{
		{"id": int64(1), "title": "hello", "user_id": int64(1)},
		{"id": int64(2), "title": "tab\there", "user_id": int64(2)},
	}}
	gallery := galleryScripts()
	q := sqlite.Quote
	cases := map[string][]Step{
		"tutorial": append(tutorialSteps(), tutorialDowngrade()...),
		"gallery": {
			{Label: "Running upgrade  -> aaaaaaaaaaaa, initial schema", Ops: galleryInitial(), Version: VersionChange{Insert: []string{"aaaaaaaaaaaa"}}},
			{Label: "Running upgrade aaaaaaaaaaaa -> a1, rows", Ops: []ops.Op{galleryRows, postRows, &ops.Execute{SQL: "INSERT INTO audit_log (message) VALUES ('hi')"}},
				Version: VersionChange{Update: []VersionUpdate{{From: "aaaaaaaaaaaa", To: "a1"}}}},
			{Label: "Running upgrade a1 -> bbbbbbbbbbbb, many changes", Ops: gallery["plain"][0],
				Version: VersionChange{Update: []VersionUpdate{{From: "a1", To: "bbbbbbbbbbbb"}}}},
			{Label: "Running downgrade bbbbbbbbbbbb -> a1, many changes", Ops: gallery["batch"][1],
				Version: VersionChange{Update: []VersionUpdate{{From: "bbbbbbbbbbbb", To: "a1"}}}},
		},
		"weird names": {
			{Label: "Running upgrade  -> w1, weird", Ops: []ops.Op{
				&ops.CreateTable{Table: &schema.Table{Name: "order", Columns: []*schema.Column{
					{Name: "select", Type: ty("Integer")}, {Name: `we"ird`, Type: ty("String", 10), Nullable: true}},
					PrimaryKey: &schema.PrimaryKey{Columns: []string{"select"}}}},
				&ops.BulkInsert{Table: "order", Columns: []string{"select", `we"ird`}, Rows: []map[string]any{{"select": int64(1), `we"ird`: "a'b"}, {"select": int64(2), `we"ird`: nil}}},
			}, Version: VersionChange{Insert: []string{"w1"}}},
			{Label: "Running upgrade w1 -> w2, rebuild", Ops: []ops.Op{
				&ops.Execute{SQL: "UPDATE " + q("order") + " SET " + q(`we"ird`) + " = 'x' WHERE " + q(`we"ird`) + " IS NULL"},
				&ops.AlterColumn{Table: "order", Column: `we"ird`, Nullable: ops.Ptr(false), NewName: "from"},
				&ops.CreateCheck{Table: "order", Check: &schema.Check{Name: `ck"x`, SQL: `length("from") < 5`}},
				&ops.AddColumn{Table: "order", Column: &schema.Column{Name: "group", Type: ty("Integer"), ServerDefault: "7"}},
			}, Version: VersionChange{Update: []VersionUpdate{{From: "w1", To: "w2"}}}},
			{Label: "Running downgrade w2 -> , base", Ops: []ops.Op{&ops.DropTable{Name: "order"}}, Version: VersionChange{Delete: []string{"w2"}}},
		},
	}
	for name, steps := range cases {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			online := sqlitetest.Open(t)
			offline := sqlitetest.Open(t)
			// Step by step, so that each state is compared.
			md := &schema.MetaData{}
			for i, st := range steps {
				require.NoError(t, Run(ctx, online, []Step{st}, Hooks{}), "step %d online", i)
				script, err := SQL(md, []Step{st})
				require.NoError(t, err)
				_, err = offline.Exec(ctx, script)
				require.NoError(t, err, "step %d offline:\n%s", i, script)
				require.Equal(t, maskNow(sqlitetest.Dump(t, online)), maskNow(sqlitetest.Dump(t, offline)), "after step %d:\n%s", i, script)
				md = sqlitetest.Inspect(t, offline)
			}
			// And all at once.
			all, err := SQL(nil, steps)
			require.NoError(t, err)
			fresh := sqlitetest.Open(t)
			_, err = fresh.Exec(ctx, all)
			require.NoError(t, err)
			require.Equal(t, maskNow(sqlitetest.Dump(t, online)), maskNow(sqlitetest.Dump(t, fresh)))
		})
	}
}

func galleryInitial() []ops.Op {
	return []ops.Op{
		&ops.CreateTable{Table: &schema.Table{Name: "audit_log",
			Columns:    []*schema.Column{{Name: "id", Type: ty("Integer")}, {Name: "message", Type: ty("Text")}},
			PrimaryKey: &schema.PrimaryKey{Columns: []string{"id"}}}},
		&ops.CreateTable{Table: &schema.Table{Name: "posts",
			Columns: []*schema.Column{{Name: "id", Type: ty("Integer")}, {Name: "title", Type: ty("String", 200)},
				{Name: "user_id", Type: ty("Integer"), Nullable: true}},
			PrimaryKey: &schema.PrimaryKey{Columns: []string{"id"}}}},
		&ops.CreateTable{Table: &schema.Table{Name: "users",
			Columns: []*schema.Column{{Name: "id", Type: ty("Integer")}, {Name: "name", Type: ty("String", 50), Nullable: true},
				{Name: "email", Type: ty("String", 120), Nullable: true}, {Name: "bio", Type: ty("Text"), Nullable: true},
				{Name: "city", Type: ty("String", 40), Nullable: true}},
			PrimaryKey: &schema.PrimaryKey{Columns: []string{"id"}}}},
		&ops.Batch{Table: "users", Ops: []ops.Op{&ops.CreateIndex{Index: &schema.Index{Name: "ix_users_city", Table: "users", Columns: []string{"city"}}}}},
	}
}

// An op.execute that changes the schema makes it unknown offline: a rebuild
// after it cannot be planned, and says so.
func TestOfflineRefusesRebuildAfterDDL(t *testing.T) {
	steps := []Step{
		{Label: "Running upgrade  -> x1, raw", Ops: []ops.Op{&ops.Execute{SQL: "CREATE TABLE t (a INTEGER, b INTEGER)"}}, Version: VersionChange{Insert: []string{"x1"}}},
		{Label: "Running upgrade x1 -> x2, alter", Ops: []ops.Op{&ops.CreateIndex{Index: &schema.Index{Name: "ix_t_a", Table: "t", Columns: []string{"a"}}}},
			Version: VersionChange{Update: []VersionUpdate{{From: "x1", To: "x2"}}}},
	}
	_, err := SQL(nil, steps)
	require.ErrorIs(t, err, ErrOffline)
	require.ErrorContains(t, err, `op.execute in "Running upgrade  -> x1, raw" changed the schema`)

	// A rebuild after DDL in the same step.
	md := &schema.MetaData{Tables: []*schema.Table{{Name: "u", Columns: []*schema.Column{{Name: "a", Type: ty("Integer"), Nullable: true}}}}}
	_, err = SQL(md, []Step{{Label: "Running upgrade  -> y1, mixed", Ops: []ops.Op{
		&ops.Execute{SQL: "ALTER TABLE u ADD COLUMN b INTEGER"},
		&ops.AlterColumn{Table: "u", Column: "a", Nullable: ops.Ptr(false)},
	}}})
	require.ErrorIs(t, err, ErrOffline)
	require.ErrorContains(t, err, `rebuild table "u" needs the real table`)

	// DML in op.execute is fine.
	_, err = SQL(md, []Step{{Label: "Running upgrade  -> y1, dml", Ops: []ops.Op{
		&ops.Execute{SQL: "UPDATE u SET a = 1 WHERE a IS NULL; DELETE FROM u WHERE a > 5"},
		&ops.AlterColumn{Table: "u", Column: "a", Nullable: ops.Ptr(false)},
	}}})
	require.NoError(t, err)
}

// A step with rebuilds: foreign keys off around it, a check before COMMIT.
func TestOfflineGalleryGolden(t *testing.T) {
	start := replay(t, []Step{{Ops: galleryInitial()}})
	for name, script := range galleryScripts() {
		got, err := SQL(start, []Step{{Label: "Running upgrade aaaaaaaaaaaa -> bbbbbbbbbbbb, many changes", Ops: script[0],
			Version: VersionChange{Update: []VersionUpdate{{From: "aaaaaaaaaaaa", To: "bbbbbbbbbbbb"}}}}})
		require.NoError(t, err)
		golden.Check(t, "testdata/offline/gallery_"+name+"_upgrade.sql", []byte(got))
	}
}

// timestamp matches what DEFAULT (CURRENT_TIMESTAMP) wrote: the online and
// offline runs happen in different seconds now and then.
var timestamp = regexp.MustCompile(`\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}( \+0000 UTC)?`)

func maskNow(dump string) string { return timestamp.ReplaceAllString(dump, "<now>") }
