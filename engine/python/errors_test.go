package python

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"retort/internal/golden"

	"github.com/stretchr/testify/require"
)

// TestErrors runs the cases of testdata/errors.txtar: each "-- name.py --" source
// must give exactly the one error of the "-- want --" section that follows it, and
// the partial tree of its "-- shape --" section (how the parser recovered).
func TestErrors(t *testing.T) {
	path := filepath.Join("testdata", "errors.txtar")
	a := golden.Read(t, path)
	for i := 0; i < len(a.Files); i++ {
		f := a.Files[i]
		if !strings.HasSuffix(f.Name, ".py") {
			t.Fatalf("%s: section %q where a .py case should start", path, f.Name)
		}
		m, err := Parse(f.Name, []byte(f.Data))
		require.NotNil(t, m)
		require.NoError(t, checkTree(m), f.Name)
		var got []string
		if err != nil {
			for _, e := range err.(ErrorList) {
				got = append(got, e.Error())
			}
		}
		gotWant := strings.Join(got, "\n") + "\n"
		gotShape := shape(m) + "\n"
		want, wantShape := "", ""
		j := i + 1
		if j < len(a.Files) && a.Files[j].Name == "want" {
			want = a.Files[j].Data
			j++
		}
		if j < len(a.Files) && a.Files[j].Name == "shape" {
			wantShape = a.Files[j].Data
			j++
		}
		if *golden.Update {
			rest := append([]golden.File{{Name: "want", Data: gotWant}, {Name: "shape", Data: gotShape}}, a.Files[j:]...)
			a.Files = append(a.Files[:i+1], rest...)
			i += 2
			continue
		}
		i = j - 1
		t.Run(f.Name, func(t *testing.T) {
			require.Len(t, got, 1, "want exactly one error, got:\n%s", gotWant)
			require.Equal(t, want, gotWant)
			require.Equal(t, wantShape, gotShape)
		})
	}
	if *golden.Update {
		require.NoError(t, os.WriteFile(path, a.Format(), 0o644))
	}
}
