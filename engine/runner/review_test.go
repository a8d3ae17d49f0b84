package runner

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/ops"
	"retort/engine/schema"
	"retort/engine/sqlite"
	"retort/engine/sqlite/sqlitetest"
)

// TestReview reviews one step on the fixture's real rows, then runs it: a
// finding that says the step will fail is held to the step failing, and a
// review without one to the step succeeding; each finding's SQL finds the
// rows it counts.
func TestReview(t *testing.T) {
	n := plainNames
	tests := []struct {
		name  string
		setup []string
		ops   []ops.Op
		want  []string // kind table.column count [fails]
	}{
		{
			name: "drop column with values",
			ops:  []ops.Op{&ops.DropColumn{Table: "users", Name: "bio"}},
			want: []string{"drop_column users.bio 2"},
		},
		{
			name: "NOT NULL on a column holding NULL",
			ops:  []ops.Op{&ops.AlterColumn{Table: "users", Column: "email", Nullable: ops.Ptr(false), ExistingNullable: ops.Ptr(true)}},
			want: []string{"rebuild users. 3", "not_null users.email 1 fails"},
		},
		{
			name:  "unique constraint on duplicates",
			setup: []string{`UPDATE users SET city = 'paris' WHERE id = 3`},
			ops:   []ops.Op{&ops.CreateUnique{Table: "users", Unique: &schema.Unique{Name: "uq_users_city", Columns: []string{"city"}}}},
			want:  []string{"rebuild users. 3", "unique users.city 2 fails"},
		},
		{
			name:  "unique index on duplicates",
			setup: []string{`UPDATE users SET name = 'ann' WHERE id = 2`},
			ops:   []ops.Op{&ops.CreateIndex{Index: &schema.Index{Name: "ix_users_name", Table: "users", Columns: []string{"name"}, Unique: true}}},
			want:  []string{"unique users.name 2 fails"},
		},
		{
			name: "unique index on distinct values",
			ops:  []ops.Op{&ops.CreateIndex{Index: &schema.Index{Name: "ix_users_name", Table: "users", Columns: []string{"name"}, Unique: true}}},
		},
		{
			name:  "foreign key that rows break",
			setup: []string{`INSERT INTO audit_log VALUES (7, 'orphan')`},
			ops: []ops.Op{&ops.CreateForeignKey{Table: "audit_log", ForeignKey: &schema.ForeignKey{Name: "fk_audit_users",
				Columns: []string{"id"}, RefTable: "users", RefColumns: []string{"id"}}}},
			want: []string{"rebuild audit_log. 3", "foreign_key audit_log.id 1 fails"},
		},
		{
			name: "drop a table others reference",
			ops:  []ops.Op{&ops.DropTable{Name: "users"}},
			want: []string{"drop_table users. 3", "orphans posts.user_id 3 fails"},
		},
		{
			name: "type narrowed below the values",
			ops:  []ops.Op{&ops.AlterColumn{Table: "users", Column: "name", Type: ops.Ptr(schema.Type{Name: "String", Args: []int{2}})}},
			want: []string{"rebuild users. 3", "narrow_type users.name 2"},
		},
		{
			name: "text made integer",
			ops:  []ops.Op{&ops.AlterColumn{Table: "users", Column: "city", Type: ops.Ptr(schema.Type{Name: "Integer"})}},
			want: []string{"rebuild users. 3", "narrow_type users.city 2"},
		},
		{
			name: "NOT NULL column added to a table with rows",
			ops:  []ops.Op{&ops.AddColumn{Table: "users", Column: &schema.Column{Name: "age", Type: schema.Type{Name: "Integer"}}}},
			want: []string{"rebuild users. 3", "not_null users.age 3 fails"},
		},
		{
			name: "CHECK rows break",
			ops:  []ops.Op{&ops.CreateCheck{Table: "users", Check: &schema.Check{Name: "ck_name", SQL: "length(name) > 2"}}},
			want: []string{"rebuild users. 3", "check users. 1 fails"},
		},
		{
			name: "raw SQL first",
			ops:  []ops.Op{&ops.Execute{SQL: "DELETE FROM audit_log"}, &ops.DropColumn{Table: "users", Name: "bio"}},
			want: []string{"execute . 0", "drop_column users.bio 2"},
		},
		{
			name: "a table the step makes holds no rows",
			ops: []ops.Op{
				&ops.CreateTable{Table: &schema.Table{Name: "tags", Columns: []*schema.Column{
					{Name: "id", Type: schema.Type{Name: "Integer"}},
					{Name: "label", Type: schema.Type{Name: "String", Args: []int{20}}, Nullable: true}},
					PrimaryKey: &schema.PrimaryKey{Columns: []string{"id"}}}},
				&ops.CreateUnique{Table: "tags", Unique: &schema.Unique{Name: "uq_tags_label", Columns: []string{"label"}}},
				&ops.AlterColumn{Table: "tags", Column: "label", Nullable: ops.Ptr(false)},
			},
		},
		{
			name: "an op on a missing table",
			ops:  []ops.Op{&ops.DropColumn{Table: "nope", Name: "x"}},
			want: []string{"cannot_run . 0 fails"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db := fixture(t, n)
			sqlitetest.Exec(t, db, tt.setup...)
			md := sqlitetest.Inspect(t, db)
			step := Step{Label: "Running upgrade  -> a1, test", Ops: tt.ops, Version: VersionChange{Insert: []string{"a1"}}}
			found, err := Review(ctx, db, md, []Step{step})
			require.NoError(t, err)
			var got []string
			fails := false
			for _, f := range found {
				s := fmt.Sprintf("%s %s.%s %d", f.Kind, f.Table, f.Column, f.Count)
				if f.Fails {
					s += " fails"
					fails = true
				}
				got = append(got, s)
				require.NotEmpty(t, f.Text)
				require.Equal(t, step.Label, f.Step)
				if f.SQL != "" && f.Kind != DuplicatesFail && f.Kind != Rebuilds {
					var rows int64
					require.NoError(t, db.QueryRow(ctx, sqlite.CountSQL(f.SQL)).Scan(&rows), f.SQL)
					require.Equal(t, f.Count, rows, "%s finds what it counts", f.SQL)
				}
			}
			require.Equal(t, tt.want, got)
			// The review changed nothing; the step does what it said.
			require.Equal(t, md, sqlitetest.Inspect(t, db))
			err = Run(ctx, db, []Step{step}, Hooks{})
			if fails {
				require.Error(t, err, "the review said the step fails")
			} else {
				require.NoError(t, err, "the review found nothing that fails the step")
			}
		})
	}
}

func TestReviewText(t *testing.T) {
	db := fixture(t, plainNames)
	sqlitetest.Exec(t, db, `UPDATE users SET city = 'paris' WHERE id = 3`)
	md := sqlitetest.Inspect(t, db)
	found, err := Review(context.Background(), db, md, []Step{{Label: "Running upgrade a1 -> b2, unique city", Ops: []ops.Op{
		&ops.CreateUnique{Table: "users", Unique: &schema.Unique{Name: "uq_users_city", Columns: []string{"city"}}},
		&ops.DropColumn{Table: "users", Name: "bio"},
	}}})
	require.NoError(t, err)
	var lines []string
	for _, f := range found {
		lines = append(lines, f.Op+": "+f.Text+"\n    "+f.SQL)
	}
	require.Equal(t, []string{
		"op.create_unique_constraint('uq_users_city', 'users', ['city']): Rebuilding table 'users' will copy its 3 rows (SQLite cannot ALTER it in place)\n    SELECT count(*) FROM \"users\"",
		"op.create_unique_constraint('uq_users_city', 'users', ['city']): Column 'users.city' gets unique constraint 'uq_users_city', but 2 rows share 1 value: the step will fail\n    SELECT \"city\", count(*) AS \"rows\" FROM \"users\" WHERE \"city\" IS NOT NULL GROUP BY \"city\" HAVING count(*) > 1",
		"op.drop_column('users', 'bio'): Dropping column 'users.bio' will delete 2 non-NULL values\n    SELECT * FROM \"users\" WHERE \"bio\" IS NOT NULL",
	}, lines)
}
