package script

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRenderReference renders the ops behind each reference script through
// Alembic 1.8's template and compares with what the real Alembic wrote, byte
// for byte; the same ops through the 1.19 template give golden-1.19.txtar.
func TestRenderReference(t *testing.T) {
	templates := readArchive(t, "testdata/templates.txtar")
	ref := readArchive(t, "testdata/reference.txtar")
	t18 := templates.file(t, "alembic-1.8/script.py.mako")
	t119 := templates.file(t, "alembic-1.19/script.py.mako")
	require.Equal(t, t119, DefaultTemplate, "Retort's template gives 1.19's layout")

	const goldenPath = "testdata/golden-1.19.txtar"
	golden := archive{Comment: "The reference scripts' ops rendered through Alembic 1.19's script.py.mako\n(Retort's default template). Refresh with go test -update.\n"}
	var want archive
	if !*update {
		want = readArchive(t, goldenPath)
	}
	for _, c := range referenceCases() {
		t.Run(c.name, func(t *testing.T) {
			got, err := Render(t18, c.rev, c.up, c.down, c.opts)
			require.NoError(t, err)
			require.Equal(t, ref.file(t, c.name), got)

			got119, err := Render(DefaultTemplate, c.rev, c.up, c.down, c.opts)
			require.NoError(t, err)
			golden.Files = append(golden.Files, archiveFile{Name: c.name, Data: got119})
			if !*update {
				require.Equal(t, want.file(t, c.name), got119)
			}
		})
	}
	if *update {
		require.NoError(t, os.WriteFile(goldenPath, []byte(formatArchive(golden)), 0o644))
	}
}
