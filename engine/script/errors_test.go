package script

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/python"
)

// TestParseErrors reads scripts outside the subset: each gives one error per
// offending statement, at its file:line:col (testdata/errors.txtar).
func TestParseErrors(t *testing.T) {
	const path = "testdata/errors.txtar"
	a := readArchive(t, path)
	for i, f := range a.Files {
		name, ok := strings.CutSuffix(f.Name, ".py")
		if !ok {
			continue
		}
		t.Run(name, func(t *testing.T) {
			_, err := Parse("alembic/versions/"+f.Name, []byte(f.Data))
			require.Error(t, err)
			var list python.ErrorList
			require.True(t, errors.As(err, &list))
			var b strings.Builder
			for _, e := range list {
				b.WriteString(e.Error() + "\n")
			}
			if *update {
				a.Files[i+1].Data = b.String()
				return
			}
			require.Equal(t, a.file(t, name+".err"), b.String())
		})
	}
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(formatArchive(a)), 0o644))
	}
}
