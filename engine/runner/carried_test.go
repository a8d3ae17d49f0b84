package runner

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/ops"
	"retort/engine/schema"
	"retort/engine/sqlite"
)

func init() {
	// Every step of every test compares the schema it carries on with the
	// database's.
	CheckCarried = true
}

// A run reads the whole schema once, before its first step; each later step
// reads back only what the step before changed (its tables, and the tables
// that refer to them when it rebuilt or renamed one), so that a step costs
// what it touches, not what the database holds. op.execute's SQL may change
// anything: the schema is read whole after it. What each step read is
// counted through Hooks.Inspected (nil: the whole schema); the first step
// makes alembic_version, which the second reads back.
func TestStepsReadBackWhatTheyTouched(t *testing.T) {
	n := plainNames
	addColumn := func(table, column string) *ops.AddColumn {
		return &ops.AddColumn{Table: table, Column: &schema.Column{Name: column, Type: ty("Integer"), Nullable: true}}
	}
	cases := []struct {
		name  string
		steps [][]ops.Op
		reads [][]string
	}{
		{"add columns, one table each",
			[][]ops.Op{{addColumn(n.audit, "a")}, {addColumn(n.users, "b")}, {addColumn(n.audit, "c")}, {addColumn(n.posts, "d")}},
			[][]string{nil, {"alembic_version", "audit_log"}, {"users"}, {"audit_log"}}},
		{"an index, then nothing",
			[][]ops.Op{{&ops.CreateIndex{Index: &schema.Index{Name: "ix_audit_message", Table: n.audit, Columns: []string{n.message}}}}, nil, {addColumn(n.audit, "a")}},
			[][]string{nil, {"alembic_version", "audit_log"}}},
		{"a rebuild reads back the tables that refer to it",
			[][]ops.Op{{&ops.AlterColumn{Table: n.users, Column: n.name, Nullable: ops.Ptr(false)}}, {addColumn(n.audit, "a")}},
			[][]string{nil, {"alembic_version", "posts", "users"}}},
		{"a rename table too",
			[][]ops.Op{{&ops.RenameTable{Old: n.users, New: "people"}}, {addColumn(n.audit, "a")}},
			[][]string{nil, {"alembic_version", "people", "posts", "users"}}},
		{"a new table",
			[][]ops.Op{{&ops.CreateTable{Table: &schema.Table{Name: "tags", Columns: []*schema.Column{{Name: "id", Type: ty("Integer")}}}}}, {addColumn("tags", "a")}},
			[][]string{nil, {"alembic_version", "tags"}}},
		{"two ops on two tables, then a rebuild of one of them",
			[][]ops.Op{{addColumn(n.audit, "a"), addColumn(n.posts, "b")}, {&ops.AlterColumn{Table: n.audit, Column: n.message, Type: ops.Ptr(ty("String", 300))}}, nil},
			[][]string{nil, {"alembic_version", "audit_log", "posts"}, {"audit_log"}}},
		{"op.execute reads the whole schema after it",
			[][]ops.Op{{addColumn(n.audit, "a"), &ops.Execute{SQL: "UPDATE audit_log SET a = 1"}}, {addColumn(n.users, "b")}, {addColumn(n.posts, "c")}},
			[][]string{nil, nil, {"alembic_version"}, {"users"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			db := fixture(t, n)
			var steps []Step
			for i, list := range tc.steps {
				v := VersionChange{Update: []VersionUpdate{{From: fmt.Sprint(i), To: fmt.Sprint(i + 1)}}}
				if i == 0 {
					v = VersionChange{Insert: []string{"1"}}
				}
				steps = append(steps, Step{Label: fmt.Sprintf("step %d", i+1), Ops: list, Version: v})
			}
			var reads [][]string
			require.NoError(t, Run(ctx, db, steps, Hooks{Inspected: func(tables []string) { reads = append(reads, tables) }}))
			require.Equal(t, tc.reads, reads)
			md, err := sqlite.Inspect(ctx, db)
			require.NoError(t, err)
			require.NotNil(t, md.Table(sqlite.VersionTable.Name))
		})
	}
}
