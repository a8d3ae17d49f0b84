package runner

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/ops"
	"retort/engine/schema"
)

func init() {
	// Every step of every test compares the schema it carries on with the
	// database's.
	CheckCarried = true
}

// A run reads the whole schema once, before its first step; each later step
// reads back only what the step before changed (its tables, and the tables
// that refer to them when it rebuilt or renamed one), so that a step costs
// what it touches, not what the database holds; a column added or dropped
// alone is read back alone, at once (one row of PRAGMA table_info). op.execute's SQL
// may change anything: the schema is read whole after it. What each step
// read is counted through Hooks.Inspected: "all" is the whole schema, "; "
// separates reads. The first step makes alembic_version, which the second
// reads back.
func TestStepsReadBackWhatTheyTouched(t *testing.T) {
	n := plainNames
	addColumn := func(table, column string) *ops.AddColumn {
		return &ops.AddColumn{Table: table, Column: &schema.Column{Name: column, Type: ty("Integer"), Nullable: true}}
	}
	cases := []struct {
		name  string
		steps [][]ops.Op
		reads []string // by step
	}{
		{"add columns, one table each",
			[][]ops.Op{{addColumn(n.audit, "a")}, {addColumn(n.users, "b")}, {addColumn(n.audit, "c")}, {addColumn(n.posts, "d")}},
			[]string{"all; audit_log.a", "alembic_version; users.b", "audit_log.c", "posts.d"}},
		{"an index, then nothing",
			[][]ops.Op{{&ops.CreateIndex{Index: &schema.Index{Name: "ix_audit_message", Table: n.audit, Columns: []string{n.message}}}}, nil, {addColumn(n.audit, "a")}},
			[]string{"all", "alembic_version,audit_log", "audit_log.a"}},
		{"a column added after an index reads its table",
			[][]ops.Op{{&ops.CreateIndex{Index: &schema.Index{Name: "ix_audit_message", Table: n.audit, Columns: []string{n.message}}}, addColumn(n.audit, "a")}, nil},
			[]string{"all", "alembic_version,audit_log"}},
		{"a rebuild reads back the tables that refer to it",
			[][]ops.Op{{&ops.AlterColumn{Table: n.users, Column: n.name, Nullable: ops.Ptr(false)}}, {addColumn(n.audit, "a")}},
			[]string{"all", "alembic_version,posts,users; audit_log.a"}},
		{"a rename table too",
			[][]ops.Op{{&ops.RenameTable{Old: n.users, New: "people"}}, nil},
			[]string{"all", "alembic_version,people,posts,users"}},
		{"a new table",
			[][]ops.Op{{&ops.CreateTable{Table: &schema.Table{Name: "tags", Columns: []*schema.Column{{Name: "id", Type: ty("Integer")}}}}}, {addColumn("tags", "a")}},
			[]string{"all", "alembic_version,tags; tags.a"}},
		{"a rebuild after a change to another table",
			[][]ops.Op{{addColumn(n.audit, "a")}, {addColumn(n.posts, "b"), &ops.AlterColumn{Table: n.audit, Column: n.message, Type: ops.Ptr(ty("String", 300))}}, nil},
			[]string{"all; audit_log.a", "alembic_version; posts.b", "audit_log"}},
		{"a column dropped alone, then one named by an index",
			[][]ops.Op{{&ops.DropColumn{Table: n.users, Name: n.bio}}, {&ops.DropColumn{Table: n.users, Name: n.city}}, nil},
			[]string{"all; users.bio", "alembic_version", "posts,users"}},
		{"op.execute reads the whole schema after it",
			[][]ops.Op{{addColumn(n.audit, "a"), &ops.Execute{SQL: "UPDATE audit_log SET a = 1"}}, {addColumn(n.users, "b")}},
			[]string{"all; audit_log.a; all", "alembic_version; users.b"}},
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
			var reads []string
			hooks := Hooks{
				Log: func(string) { reads = append(reads, "") },
				Inspected: func(tables []string) {
					read := "all"
					if tables != nil {
						read = strings.Join(tables, ",")
					}
					if last := &reads[len(reads)-1]; *last == "" {
						*last = read
					} else {
						*last += "; " + read
					}
				},
			}
			require.NoError(t, Run(ctx, db, steps, hooks))
			for len(reads) > 0 && reads[len(reads)-1] == "" {
				reads = reads[:len(reads)-1]
			}
			require.Equal(t, tc.reads, reads)
		})
	}
}
