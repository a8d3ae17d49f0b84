package sqlite_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/ops"
	"retort/engine/schema"
	"retort/engine/sqlite"
	"retort/engine/sqlite/sqlitetest"
	"retort/internal/golden"
)

// batch_op.create_primary_key rebuilds the table as Alembic's batch does: the
// table each case leaves is the one the real Alembic 1.8.1 left
// (testdata/create_primary_key.txtar, recorded by its record.py), rows kept;
// where Alembic failed, Retort fails the same way.
func TestCreatePrimaryKey(t *testing.T) {
	files := map[string]string{}
	for _, f := range golden.Read(t, "testdata/create_primary_key.txtar").Files {
		files[f.Name] = f.Data
	}
	pk := func(name string, cols ...string) *ops.CreatePrimaryKey {
		return &ops.CreatePrimaryKey{PrimaryKey: &schema.PrimaryKey{Name: name, Columns: cols}}
	}
	cases := []struct {
		name  string
		table string
		ops   []ops.Op
	}{
		{"batch_drop_then_create", "attributes", []ops.Op{
			&ops.DropConstraint{Name: "pk_attributes", Kind: ops.KindPrimary}, pk("pk_attributes", "name")}},
		{"batch_create_on_table_without_pk", "t", []ops.Op{pk("pk_t", "a", "b")}},
		{"batch_create_replaces_unnamed_pk", "t", []ops.Op{pk("pk_t", "b")}},
		{"batch_create_over_duplicates", "t", []ops.Op{pk("pk_t", "a")}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			db := sqlitetest.Open(t)
			sqlitetest.Exec(t, db, files[tc.name+".before"], files[tc.name+".rows"])
			rows := sqlitetest.Rows(t, db, tc.table)
			changes, after, err := sqlite.PlanAll(sqlitetest.Inspect(t, db), []ops.Op{&ops.Batch{Table: tc.table, Ops: tc.ops}})
			require.NoError(t, err)
			require.Len(t, changes, 1)
			require.True(t, changes[0].Rebuild)
			err = runChange(db, changes[0])
			if want, ok := files[tc.name+".error"]; ok {
				require.Error(t, err, "Alembic failed: %s", want)
				require.ErrorContains(t, err, "UNIQUE constraint failed: "+tc.table+".a")
				return
			}
			require.NoError(t, err)
			got := sqlitetest.Inspect(t, db)
			sqlitetest.RequireSameSchema(t, after, got)
			alembic := sqlitetest.Open(t)
			sqlitetest.Exec(t, alembic, files[tc.name+".alembic"])
			sqlitetest.RequireSameSchema(t, sqlitetest.Inspect(t, alembic), got)
			require.Equal(t, rows, sqlitetest.Rows(t, db, tc.table))
		})
	}
}

// Outside a batch Alembic's SQLite dialect refuses op.create_primary_key
// (testdata/create_primary_key.txtar, outside_batch.error); Retort rebuilds
// the table, as it does for every constraint op, to what the batch form
// makes (written by hand from the batch cases: Alembic cannot run it).
func TestCreatePrimaryKeyOutsideBatch(t *testing.T) {
	cases := []struct {
		name   string
		before string
		op     *ops.CreatePrimaryKey
		want   string
		err    string
	}{
		{"named", "CREATE TABLE t (a INTEGER NOT NULL, b TEXT)",
			&ops.CreatePrimaryKey{Table: "t", PrimaryKey: &schema.PrimaryKey{Name: "pk_t", Columns: []string{"a"}}},
			"CREATE TABLE t (a INTEGER NOT NULL, b TEXT, CONSTRAINT pk_t PRIMARY KEY (a))", ""},
		{"unnamed", "CREATE TABLE t (a INTEGER NOT NULL, b TEXT)",
			&ops.CreatePrimaryKey{Table: "t", PrimaryKey: &schema.PrimaryKey{Columns: []string{"b", "a"}}},
			"CREATE TABLE t (a INTEGER NOT NULL, b TEXT, PRIMARY KEY (b, a))", ""},
		{"table has one", "CREATE TABLE t (a INTEGER NOT NULL PRIMARY KEY, b TEXT)",
			&ops.CreatePrimaryKey{Table: "t", PrimaryKey: &schema.PrimaryKey{Name: "pk_t", Columns: []string{"b"}}},
			"", `create primary key on "t": the table has a primary key (a): already exists`},
		{"no such column", "CREATE TABLE t (a INTEGER NOT NULL)",
			&ops.CreatePrimaryKey{Table: "t", PrimaryKey: &schema.PrimaryKey{Name: "pk_t", Columns: []string{"x"}}},
			"", `create primary key on "t": column "x" not found`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			db := sqlitetest.Open(t)
			sqlitetest.Exec(t, db, tc.before)
			changes, after, err := sqlite.PlanAll(sqlitetest.Inspect(t, db), []ops.Op{tc.op})
			if tc.err != "" {
				require.EqualError(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			for _, c := range changes {
				require.NoError(t, runChange(db, c))
			}
			want := sqlitetest.Open(t)
			sqlitetest.Exec(t, want, tc.want)
			sqlitetest.RequireSameSchema(t, sqlitetest.Inspect(t, want), sqlitetest.Inspect(t, db))
			sqlitetest.RequireSameSchema(t, after, sqlitetest.Inspect(t, db))
		})
	}
}

// runChange runs a change's statements in one transaction, as the runner
// does, and words an error as the change does.
func runChange(db *sqlite.DB, c sqlite.Change) error {
	ctx := context.Background()
	if _, err := db.Exec(ctx, "BEGIN"); err != nil {
		return err
	}
	for _, s := range c.Statements {
		if _, err := db.Exec(ctx, s); err != nil {
			_, _ = db.Exec(ctx, "ROLLBACK")
			return c.Explain(err)
		}
	}
	_, err := db.Exec(ctx, "COMMIT")
	return err
}
