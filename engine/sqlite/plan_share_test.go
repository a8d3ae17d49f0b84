package sqlite_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/ops"
	"retort/engine/schema"
	"retort/engine/sqlite"
	"retort/engine/sqlite/sqlitetest"
)

// PlanAll shares the tables an op leaves alone between the schemas before
// and after it (sqlite.cloneFor): the schema it was given must come out as it
// went in, whatever the ops change, and the schema after must be what
// ops.Apply gives on a deep copy.
func TestPlanLeavesItsInputAlone(t *testing.T) {
	db := sqlitetest.Open(t)
	sqlitetest.Exec(t, db, planSchema)
	md := sqlitetest.Inspect(t, db)
	before := md.Clone()
	list := []ops.Op{
		&ops.CreateTable{Table: &schema.Table{Name: "tags", Columns: []*schema.Column{{Name: "id", Type: ty("Integer")}},
			PrimaryKey: &schema.PrimaryKey{Columns: []string{"id"}}}},
		&ops.AddColumn{Table: "users", Column: &schema.Column{Name: "age", Type: ty("Integer"), Nullable: true}},
		&ops.CreateIndex{Index: &schema.Index{Name: "ix_users_age", Table: "users", Columns: []string{"age"}}},
		&ops.AlterColumn{Table: "users", Column: "city", Nullable: ops.Ptr(false), ExistingNullable: ops.Ptr(true)},
		&ops.AlterColumn{Table: "users", Column: "name", NewName: "full_name"},
		&ops.DropIndex{Name: "ix_users_city"},
		&ops.RenameTable{Old: "posts", New: "articles"},
		&ops.DropColumn{Table: "users", Name: "bio"},
		&ops.DropTable{Name: "tags"},
	}
	check := func(list []ops.Op) {
		t.Helper()
		_, after, err := sqlite.PlanAll(md, list)
		require.NoError(t, err)
		require.Equal(t, before, md, "PlanAll changed the schema it was given")
		want := before.Clone()
		for _, op := range list {
			require.NoError(t, ops.Apply(want, op))
		}
		require.Equal(t, want, after)
	}
	// Each op alone (SQLite does most in place), then all in one step
	// (consecutive ops on users coalesce into one rebuild).
	for _, op := range list[:len(list)-1] {
		check([]ops.Op{op})
	}
	check([]ops.Op{&ops.DropTable{Name: "posts"}})
	check(list)
}
