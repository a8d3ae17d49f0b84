package script

import (
	"os"
	"strings"
	"testing"

	"retort/internal/golden"

	"github.com/stretchr/testify/require"
)

// TestImperative runs revision scripts written as ordinary Python
// (testdata/imperative.txtar): what upgrade() and downgrade() do is what the
// code does, loops, conditions, helpers and f-strings included.
func TestImperative(t *testing.T) {
	const path = "testdata/imperative.txtar"
	a := golden.Read(t, path)
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
			if *golden.Update {
				setFile(a, name+".ops", got)
				return
			}
			require.Equal(t, mustFile(t, a, name+".ops"), got)
		})
	}
	if *golden.Update {
		require.NoError(t, os.WriteFile(path, a.Format(), 0o644))
	}
}
