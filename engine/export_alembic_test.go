//go:build !js

package engine_test

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine"
	"retort/examples"
)

// The exported zip is a project the real Alembic runs: `alembic upgrade head`
// and `alembic current` work in the unzipped folder. Runs when Debian's
// alembic is installed (.ci/run installs it).
func TestExportZipRunsUnderAlembic(t *testing.T) {
	if _, err := exec.LookPath("alembic"); err != nil {
		t.Skip("alembic is not installed (apt-get install alembic); the zip's contents are checked by TestExportZip")
	}
	ctx := context.Background()
	s := tutorialSession(t, engine.Options{})
	run(t, s, `alembic revision --autogenerate -m "create users table"`)
	run(t, s, "alembic upgrade head")
	_, err := s.Exec(ctx, "INSERT INTO users (name) VALUES ('ada');")
	require.NoError(t, err)
	models, err := s.ReadFile("models.py")
	require.NoError(t, err)
	require.NoError(t, s.WriteFile("models.py", models+"    age = Column(Integer, nullable=True)\n"))
	run(t, s, `alembic revision --autogenerate -m "add age to users"`)
	// A plain alter_column, as a learner might write: Alembic needs it batched.
	require.NoError(t, s.WriteFile("models.py", strings.Replace(models, "email = Column(String, unique=True)", "email = Column(String, unique=True, nullable=False)", 1)+"    age = Column(Integer, nullable=True)\n"))
	run(t, s, "alembic upgrade head")
	_, err = s.Exec(ctx, "UPDATE users SET email = 'ada@example.com';")
	require.NoError(t, err)
	run(t, s, `alembic revision --autogenerate -m "email not null"`)
	needs, err := s.BatchNeeds()
	require.NoError(t, err)
	require.Len(t, needs, 1)
	require.NoError(t, s.RenderAsBatch(needs[0].Path))

	data, err := s.ExportZip(ctx, "project")
	require.NoError(t, err)
	dir := unzip(t, data)
	alembic := func(args ...string) string {
		cmd := exec.Command("alembic", args...)
		cmd.Dir = filepath.Join(dir, "project")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "alembic %s:\n%s", strings.Join(args, " "), out)
		return string(out)
	}
	out := alembic("upgrade", "head")
	require.Contains(t, out, "Running upgrade 3a291af61148 -> 88d25a73c36d, email not null")
	require.Contains(t, alembic("current"), "88d25a73c36d (head)")
	out = alembic("downgrade", "-1")
	require.Contains(t, out, "Running downgrade 88d25a73c36d -> 3a291af61148")
}

// Alembic's own SQLite trap, exported: the gallery's plain script re-rendered
// as batch blocks with its unnamed foreign key named runs under the real
// Alembic from the same starting database, where as written it fails.
func TestTrapLessonExportRunsUnderAlembic(t *testing.T) {
	if _, err := exec.LookPath("alembic"); err != nil {
		t.Skip("alembic is not installed (apt-get install alembic)")
	}
	ctx := context.Background()
	lesson, err := examples.Load("alembic-sqlite-trap")
	require.NoError(t, err)
	s, err := engine.OpenPlayground(lesson.Files, engine.Options{})
	require.NoError(t, err)
	_, err = s.Exec(ctx, lesson.Seed)
	require.NoError(t, err)

	needs, err := s.BatchNeeds()
	require.NoError(t, err)
	require.Len(t, needs, 1)
	require.Contains(t, needs[0].Ops, "op.alter_column('posts', 'user_id')")
	require.Contains(t, needs[0].Ops, "op.create_foreign_key(None, 'posts')")
	require.NoError(t, s.RenderAsBatch(needs[0].Path))
	needs, err = s.BatchNeeds()
	require.NoError(t, err)
	require.Empty(t, needs)
	text, err := s.ReadFile("alembic/versions/bbbbbbbbbbbb_many_changes.py")
	require.NoError(t, err)
	require.Contains(t, text, "batch_op.create_foreign_key('fk_posts_user_id_users', 'users', ['user_id'], ['id'], ondelete='CASCADE')")
	require.Contains(t, text, "batch_op.drop_constraint('fk_posts_user_id_users', type_='foreignkey')")

	data, err := s.ExportZip(ctx, "trap")
	require.NoError(t, err)
	dir := unzip(t, data)
	alembic := func(args ...string) string {
		cmd := exec.Command("alembic", args...)
		cmd.Dir = filepath.Join(dir, "trap")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "alembic %s:\n%s", strings.Join(args, " "), out)
		return string(out)
	}
	require.Contains(t, alembic("upgrade", "head"), "Running upgrade aaaaaaaaaaaa -> bbbbbbbbbbbb, many changes")
	require.Contains(t, alembic("current"), "bbbbbbbbbbbb (head)")
	require.Contains(t, alembic("downgrade", "aaaaaaaaaaaa"), "Running downgrade bbbbbbbbbbbb -> aaaaaaaaaaaa")

	// And Retort runs the re-rendered script too, up and down.
	run(t, s, "alembic upgrade head")
	run(t, s, "alembic downgrade aaaaaaaaaaaa")
}

func unzip(t *testing.T, data []byte) string {
	t.Helper()
	dir := t.TempDir()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	for _, f := range zr.File {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if strings.HasSuffix(f.Name, "/") {
			require.NoError(t, os.MkdirAll(p, 0o755))
			continue
		}
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		rc, err := f.Open()
		require.NoError(t, err)
		var b bytes.Buffer
		_, err = b.ReadFrom(rc)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(p, b.Bytes(), 0o644))
	}
	return dir
}
