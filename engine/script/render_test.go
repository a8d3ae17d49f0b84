package script

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/ops"
	"retort/engine/schema"
	"retort/internal/golden"
)

// TestRenderReference renders the ops behind each reference script through
// Alembic 1.8's template and compares with what the real Alembic wrote, byte
// for byte; the same ops through the 1.19 template give golden-1.19.txtar.
func TestRenderReference(t *testing.T) {
	templates := golden.Read(t, "testdata/templates.txtar")
	ref := golden.Read(t, "testdata/reference.txtar")
	t18 := mustFile(t, templates, "alembic-1.8/script.py.mako")
	t119 := mustFile(t, templates, "alembic-1.19/script.py.mako")
	require.Equal(t, t119, DefaultTemplate, "Retort's template gives 1.19's layout")

	const goldenPath = "testdata/golden-1.19.txtar"
	gold := &golden.Archive{Comment: "The reference scripts' ops rendered through Alembic 1.19's script.py.mako\n(Retort's default template). Refresh with go test -update.\n"}
	var want *golden.Archive
	if !*golden.Update {
		want = golden.Read(t, goldenPath)
	}
	for _, c := range referenceCases() {
		t.Run(c.name, func(t *testing.T) {
			got, err := Render(t18, c.rev, c.up, c.down, c.opts)
			require.NoError(t, err)
			require.Equal(t, mustFile(t, ref, c.name), got)

			got119, err := Render(DefaultTemplate, c.rev, c.up, c.down, c.opts)
			require.NoError(t, err)
			gold.Files = append(gold.Files, golden.File{Name: c.name, Data: got119})
			if !*golden.Update {
				require.Equal(t, mustFile(t, want, c.name), got119)
			}
		})
	}
	if *golden.Update {
		require.NoError(t, os.WriteFile(goldenPath, gold.Format(), 0o644))
	}
}

func TestRenderOps(t *testing.T) {
	list := []ops.Op{
		&ops.AddColumn{Table: "users", Column: col("age", typ("Integer"), true)},
		&ops.AlterColumn{Table: "users", Column: "name", ExistingType: ops.Ptr(typ("VARCHAR", 50)), Nullable: ops.Ptr(false)},
		&ops.DropTable{Name: "audit_log"},
	}
	got, err := RenderOps(list, "  ", false)
	require.NoError(t, err)
	require.Equal(t, `  op.add_column('users', sa.Column('age', sa.Integer(), nullable=True))
  op.alter_column('users', 'name',
             existing_type=sa.VARCHAR(length=50),
             nullable=False)
  op.drop_table('audit_log')
`, got)

	got, err = RenderOps(list, "", true)
	require.NoError(t, err)
	require.Equal(t, `with op.batch_alter_table('users', schema=None) as batch_op:
    batch_op.add_column(sa.Column('age', sa.Integer(), nullable=True))
    batch_op.alter_column('name',
           existing_type=sa.VARCHAR(length=50),
           nullable=False)

op.drop_table('audit_log')
`, got)

	_, err = RenderOps([]ops.Op{&ops.Batch{Table: "t", Ops: []ops.Op{&ops.DropTable{Name: "t"}}}}, "", false)
	require.EqualError(t, err, "drop_table cannot be inside a batch block")
}

// TestRenderImportsOnce: the import a type needs (sqlmodel's AutoString) is
// added to ${imports}, unless the template already writes it, as SQLModel
// projects' script.py.mako often does.
func TestRenderImportsOnce(t *testing.T) {
	auto := schema.Type{Name: "AutoString", Class: "sqlmodel.sql.sqltypes.AutoString"}
	up := []ops.Op{&ops.AddColumn{Table: "hero", Column: col("name", auto, false)}}
	down := []ops.Op{&ops.DropColumn{Table: "hero", Name: "name"}}
	rev := RevisionInfo{ID: "0123456789ab", Message: "add name"}
	withImport := strings.Replace(DefaultTemplate, "import sqlalchemy as sa\n", "import sqlalchemy as sa\nimport sqlmodel\n", 1)
	require.NotEqual(t, DefaultTemplate, withImport)
	for _, tmpl := range []string{DefaultTemplate, withImport} {
		got, err := Render(tmpl, rev, up, down, RenderOptions{Autogenerate: true})
		require.NoError(t, err)
		// One import of sqlmodel: the template's, or the one the type needs.
		require.Equal(t, 1, strings.Count(got, "\nimport sqlmodel"), got)
		require.Contains(t, got, "sqlmodel.sql.sqltypes.AutoString()")
	}
}
