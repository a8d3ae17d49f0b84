package python

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"retort/internal/golden"

	"github.com/stretchr/testify/require"
)

// exampleFiles returns testdata/examples/*.py: real models, database.py, env.py and
// revision scripts (copied from Alembic's output), and a file of valid Python
// the parser does not model.
func exampleFiles(t testing.TB) []string {
	files, err := filepath.Glob(filepath.Join("testdata", "examples", "*.py"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	return files
}

func TestExamplesParse(t *testing.T) {
	for _, name := range exampleFiles(t) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			src, err := os.ReadFile(name)
			require.NoError(t, err)
			m, err := Parse(filepath.Base(name), src)
			require.NoError(t, err)
			require.NoError(t, checkTree(m))
			for _, s := range m.Body {
				require.NotContains(t, shape(s), "<bad>")
			}
		})
	}
}

// TestGolden compares the full tree (Dump) of a few examples with
// testdata/golden/<name>.ast; refresh with -update.
func TestGolden(t *testing.T) {
	for _, name := range []string{"tutorial_env.py", "models_mapped.py", "revision_1_19_add_age.py", "gallery_batch_bbbbbbbbbbbb_many_changes.py"} {
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join("testdata", "examples", name))
			require.NoError(t, err)
			m, err := Parse(name, src)
			require.NoError(t, err)
			got := Dump(m.File, m)
			golden.Check(t, filepath.Join("testdata", "golden", strings.TrimSuffix(name, ".py")+".ast"), []byte(got))
		})
	}
}
