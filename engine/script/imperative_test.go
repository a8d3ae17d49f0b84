package script

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestImperative runs revision scripts written as ordinary Python
// (testdata/imperative.txtar): what upgrade() and downgrade() do is what the
// code does, loops, conditions, helpers and f-strings included.
func TestImperative(t *testing.T) {
	const path = "testdata/imperative.txtar"
	a := readArchive(t, path)
	for _, f := range a.Files {
		name, ok := strings.CutSuffix(f.Name, ".py")
		if !ok {
			continue
		}
		t.Run(name, func(t *testing.T) {
			r, err := runScript("alembic/versions/"+f.Name, []byte(f.Data))
			require.NoError(t, err)
			up, err := RenderOps(r.up, "    ", false)
			require.NoError(t, err)
			down, err := RenderOps(r.down, "    ", false)
			require.NoError(t, err)
			got := "def upgrade():\n" + up + "\ndef downgrade():\n" + down
			if *update {
				a.set(name+".ops", got)
				return
			}
			require.Equal(t, a.file(t, name+".ops"), got)
		})
	}
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(formatArchive(a)), 0o644))
	}
}
