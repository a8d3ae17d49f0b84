package python

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestErrors runs the cases of testdata/errors.txtar: each "-- name.py --" source
// must give exactly the one error of the "-- want --" section that follows it, and
// the partial tree of its "-- shape --" section (how the parser recovered).
func TestErrors(t *testing.T) {
	path := filepath.Join("testdata", "errors.txtar")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	a := parseArchive(data)
	for i := 0; i < len(a.files); i++ {
		f := a.files[i]
		if !strings.HasSuffix(f.name, ".py") {
			t.Fatalf("%s: section %q where a .py case should start", path, f.name)
		}
		m, err := Parse(f.name, []byte(f.data))
		require.NotNil(t, m)
		require.NoError(t, checkTree(m), f.name)
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
		if j < len(a.files) && a.files[j].name == "want" {
			want = a.files[j].data
			j++
		}
		if j < len(a.files) && a.files[j].name == "shape" {
			wantShape = a.files[j].data
			j++
		}
		if *update {
			rest := append([]archiveFile{{"want", gotWant}, {"shape", gotShape}}, a.files[j:]...)
			a.files = append(a.files[:i+1], rest...)
			i += 2
			continue
		}
		i = j - 1
		t.Run(f.name, func(t *testing.T) {
			require.Len(t, got, 1, "want exactly one error, got:\n%s", gotWant)
			require.Equal(t, want, gotWant)
			require.Equal(t, wantShape, gotShape)
		})
	}
	if *update {
		require.NoError(t, os.WriteFile(path, a.format(), 0o644))
	}
}
