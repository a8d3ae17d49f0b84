package engine_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine"
)

func TestExportZip(t *testing.T) {
	ctx := context.Background()
	s := tutorialSession(t, engine.Options{})
	run(t, s, `alembic revision --autogenerate -m "create users table"`)
	run(t, s, "alembic upgrade head")
	_, err := s.Exec(ctx, "INSERT INTO users (name) VALUES ('ada');")
	require.NoError(t, err)

	data, err := s.ExportZip(ctx, "myproject")
	require.NoError(t, err)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	names := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(t, err)
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		names[f.Name] = b
	}
	for _, want := range []string{"myproject/alembic.ini", "myproject/models.py", "myproject/database.py",
		"myproject/alembic/env.py", "myproject/alembic/script.py.mako", "myproject/alembic/versions/",
		"myproject/alembic/versions/1f67b9e072b7_create_users_table.py", "myproject/myapp.db"} {
		require.Contains(t, names, want)
	}
	require.True(t, bytes.HasPrefix(names["myproject/myapp.db"], []byte("SQLite format 3\x00")))
}

func TestBatchNeedsAndRenderAsBatch(t *testing.T) {
	s := tutorialSession(t, engine.Options{})
	run(t, s, `alembic revision --autogenerate -m "create users table"`)
	run(t, s, "alembic upgrade head")
	needs, err := s.BatchNeeds()
	require.NoError(t, err)
	require.Empty(t, needs)

	models, err := s.ReadFile("models.py")
	require.NoError(t, err)
	require.NoError(t, s.WriteFile("models.py", strings.Replace(models, "email = Column(String, unique=True)", "email = Column(String, unique=True, nullable=False)", 1)))
	run(t, s, `alembic revision --autogenerate -m "email not null"`)
	needs, err = s.BatchNeeds()
	require.NoError(t, err)
	require.Equal(t, []engine.BatchNeed{{Path: "alembic/versions/3a291af61148_email_not_null.py",
		Ops: []string{"op.alter_column('users', 'email')", "op.alter_column('users', 'email')"}}}, needs)

	require.NoError(t, s.RenderAsBatch(needs[0].Path))
	text, err := s.ReadFile(needs[0].Path)
	require.NoError(t, err)
	require.Contains(t, text, "with op.batch_alter_table('users', schema=None) as batch_op:")
	require.Contains(t, text, "batch_op.alter_column('email',")
	needs, err = s.BatchNeeds()
	require.NoError(t, err)
	require.Empty(t, needs, "batch blocks are what Alembic needs")
	run(t, s, "alembic upgrade head")
}

// The names of the page's downloads come from sqlalchemy.url, made safe: the
// zip's folder is one folder, never ".." or a path, whatever the URL says;
// and ExportZip makes any folder it is given safe the same way.
func TestDownloadNames(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct{ url, file, folder string }{
		{"sqlite:///./myapp.db", "myapp.db", "myapp"},
		{"sqlite:///...db", "...db", "project"},
		{"sqlite:///data/../app.sqlite3", "app.sqlite3", "app"},
		{"sqlite:////abs/path/shop.db", "shop.db", "shop"},
		{`sqlite:///C:\x\..\evil.db`, "evil.db", "evil"},
		{"sqlite:///a:b?mode=ro", "a_b", "a_b"},
		{"sqlite://", "database.db", "database"},
		{"sqlite:///" + strings.Repeat(" ", 100000), "database.db", "database"},
		{"postgresql://x/y", "database.db", "database"},
	} {
		t.Run(tc.url[:min(len(tc.url), 30)], func(t *testing.T) {
			s := tutorialSession(t, engine.Options{})
			ini, err := s.ReadFile("alembic.ini")
			require.NoError(t, err)
			require.NoError(t, s.WriteFile("alembic.ini", strings.Replace(ini, "sqlalchemy.url = sqlite:///./myapp.db", "sqlalchemy.url = "+tc.url, 1)))
			file, folder := s.DownloadNames()
			require.Equal(t, tc.file, file)
			require.Equal(t, tc.folder, folder)
		})
	}

	s := tutorialSession(t, engine.Options{})
	for folder, want := range map[string]string{"..": "project", "../x": "x", "": "project", "a/b": "b", `..\..`: "project"} {
		data, err := s.ExportZip(ctx, folder)
		require.NoError(t, err)
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		require.NoError(t, err)
		for _, f := range zr.File {
			require.True(t, strings.HasPrefix(f.Name, want+"/"), "%q: %s", folder, f.Name)
			require.NotContains(t, f.Name, "..")
		}
	}
}

// op.create_primary_key outside a batch: Alembic's SQLite dialect refuses it
// ("No support for ALTER of constraints in SQLite dialect"), Retort rebuilds
// the table; BatchNeeds names it, and RenderAsBatch writes the batch form.
func TestBatchNeedsCreatePrimaryKey(t *testing.T) {
	s := tutorialSession(t, engine.Options{})
	run(t, s, `alembic revision -m "tags"`)
	path := "alembic/versions/1f67b9e072b7_tags.py"
	text, err := s.ReadFile(path)
	require.NoError(t, err)
	require.Contains(t, text, "def upgrade() -> None:\n    \"\"\"Upgrade schema.\"\"\"\n    pass")
	text = strings.Replace(text, "def upgrade() -> None:\n    \"\"\"Upgrade schema.\"\"\"\n    pass", `def upgrade() -> None:
    op.create_table('tags', sa.Column('id', sa.Integer(), nullable=False), sa.Column('label', sa.String(30), nullable=False))
    op.create_primary_key('pk_tags', 'tags', ['id', 'label'])`, 1)
	text = strings.Replace(text, "def downgrade() -> None:\n    \"\"\"Downgrade schema.\"\"\"\n    pass", `def downgrade() -> None:
    op.drop_constraint('pk_tags', 'tags', type_='primary')
    op.drop_table('tags')`, 1)
	require.NoError(t, s.WriteFile(path, text))

	needs, err := s.BatchNeeds()
	require.NoError(t, err)
	require.Equal(t, []engine.BatchNeed{{Path: path,
		Ops: []string{"op.create_primary_key('pk_tags', 'tags')", "op.drop_constraint('pk_tags', 'tags')"}}}, needs)

	require.NoError(t, s.RenderAsBatch(path))
	text, err = s.ReadFile(path)
	require.NoError(t, err)
	require.Contains(t, text, "with op.batch_alter_table('tags', schema=None) as batch_op:\n        batch_op.create_primary_key('pk_tags', ['id', 'label'])")
	needs, err = s.BatchNeeds()
	require.NoError(t, err)
	require.Empty(t, needs)
	run(t, s, "alembic upgrade head")
	run(t, s, "alembic downgrade base")
}
