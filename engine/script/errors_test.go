package script

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/python"
	"retort/internal/golden"
)

// TestParseErrors runs scripts with a mistake: as in Python, the first one
// stops the script, and it is reported at its file:line:col
// (testdata/errors.txtar).
func TestParseErrors(t *testing.T) {
	const path = "testdata/errors.txtar"
	a := golden.Read(t, path)
	for _, f := range a.Files {
		name, ok := strings.CutSuffix(f.Name, ".py")
		if !ok {
			continue
		}
		t.Run(name, func(t *testing.T) {
			_, err := runScript("alembic/versions/"+f.Name, []byte(f.Data))
			require.Error(t, err)
			var list python.ErrorList
			if errors.As(err, &list) {
				require.NotEmpty(t, list)
				err = list[0]
			}
			require.Regexp(t, `^alembic/versions/[^:]+\.py:\d+:\d+: `, err.Error())
			var b strings.Builder
			b.WriteString(err.Error() + "\n")
			if *golden.Update {
				setFile(a, name+".err", b.String())
				return
			}
			require.Equal(t, mustFile(t, a, name+".err"), b.String())
		})
	}
	if *golden.Update {
		require.NoError(t, os.WriteFile(path, a.Format(), 0o644))
	}
}
