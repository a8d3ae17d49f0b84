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
