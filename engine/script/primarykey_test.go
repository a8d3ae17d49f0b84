package script

import (
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/models"
	"retort/engine/ops"
	"retort/engine/schema"
)

// op.create_primary_key(constraint_name, table_name, columns, schema=None)
// and batch_op.create_primary_key(constraint_name, columns), as Alembic
// 1.8.1's CreatePrimaryKeyOp takes them.
func TestCreatePrimaryKeyCalls(t *testing.T) {
	pk := func(table, name string, cols ...string) *ops.CreatePrimaryKey {
		return &ops.CreatePrimaryKey{Table: table, PrimaryKey: &schema.PrimaryKey{Name: name, Columns: cols}}
	}
	cases := []struct {
		name    string
		dialect string
		body    string
		want    []ops.Op
		err     string
	}{
		{name: "positional", body: `op.create_primary_key("pk_t", "t", ["a", "b"])`,
			want: []ops.Op{pk("t", "pk_t", "a", "b")}},
		{name: "keywords, unnamed", body: `op.create_primary_key(None, columns=["a"], table_name="t")`,
			want: []ops.Op{pk("t", "", "a")}},
		{name: "op.f", body: `op.create_primary_key(op.f("pk_t"), "t", ["a"])`,
			want: []ops.Op{pk("t", "pk_t", "a")}},
		{name: "schema on postgresql", dialect: "postgresql", body: `op.create_primary_key("pk_t", "t", ["a"], schema="s")`,
			want: []ops.Op{&ops.CreatePrimaryKey{Table: "t", Schema: "s", PrimaryKey: &schema.PrimaryKey{Name: "pk_t", Columns: []string{"a"}}}}},
		{name: "schema positional on sqlite", body: `op.create_primary_key("pk_t", "t", ["a"], "s")`,
			want: []ops.Op{pk("t", "pk_t", "a")}},
		{name: "batch", body: "with op.batch_alter_table(\"t\") as batch_op:\n        batch_op.drop_constraint(\"pk_t\", type_=\"primary\")\n        batch_op.create_primary_key(\"pk_t\", [\"b\"])",
			want: []ops.Op{&ops.Batch{Table: "t", Recreate: "auto", Ops: []ops.Op{
				&ops.DropConstraint{Name: "pk_t", Table: "t", Kind: ops.KindPrimary},
				pk("t", "pk_t", "b"),
			}}}},
		{name: "missing columns", body: `op.create_primary_key("pk_t", "t")`,
			err: "v/a1.py:9:5: op.create_primary_key is missing its 'columns' argument"},
		{name: "batch takes no table", body: "with op.batch_alter_table(\"t\") as batch_op:\n        batch_op.create_primary_key(\"pk_t\", \"t\", [\"b\"])",
			err: "takes 2 positional arguments but 3 were given"},
		{name: "unknown keyword", body: `op.create_primary_key("pk_t", "t", ["a"], deferrable=True)`,
			err: "v/a1.py:9:47: op.create_primary_key has no argument 'deferrable'"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dialect := tc.dialect
			if dialect == "" {
				dialect = "sqlite"
			}
			src := []byte("from alembic import op\nimport sqlalchemy as sa\n\nrevision = 'a1'\ndown_revision = None\n\n\ndef upgrade():\n    " + tc.body + "\n\n\ndef downgrade():\n    pass\n")
			f, err := Parse("v/a1.py", src)
			require.NoError(t, err)
			rt := New(Project{FS: models.Files{"v/a1.py": src}, Root: "/project"}, Options{Offline: true})
			got, err := rt.Collect(f, Upgrade, dialect)
			if tc.err != "" {
				require.ErrorContains(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)

			// Rendered again (not what Alembic's autogenerate does: it
			// renders no create_primary_key), it reads back the same.
			if dialect != "sqlite" {
				return
			}
			text, err := Render(DefaultTemplate, f.RevisionInfo(), got, nil, RenderOptions{})
			require.NoError(t, err)
			again, err := runScript("x.py", []byte(text))
			require.NoError(t, err, text)
			require.Equal(t, got, again.up, text)
		})
	}
}
