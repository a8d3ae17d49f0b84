// Package golden is how the tests keep their expected output in testdata/:
// one -update flag (go test ./... -update rewrites every golden file from what
// the code now produces) and txtar archives (golang.org/x/tools/txtar: a
// comment, then files each introduced by a "-- name --" line) for cases of
// several files.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"
)

// Update is the -update flag: rewrite golden files instead of comparing.
var Update = flag.Bool("update", false, "rewrite the golden files in testdata/ from what the code now gives")

// Archive is a txtar archive: a comment, then files in order.
type Archive struct {
	Comment string
	Files   []File
}

// File is one file of an archive.
type File struct {
	Name string
	Data string
}

// Parse reads a txtar archive: each "-- name --" line starts a file.
func Parse(text string) *Archive {
	ta := txtar.Parse([]byte(text))
	a := &Archive{Comment: string(ta.Comment), Files: make([]File, len(ta.Files))}
	for i, f := range ta.Files {
		a.Files[i] = File{Name: f.Name, Data: string(f.Data)}
	}
	return a
}

// Format writes a txtar archive; a file's data that does not end in a line
// break gets one.
func (a *Archive) Format() []byte {
	ta := &txtar.Archive{Comment: []byte(a.Comment), Files: make([]txtar.File, len(a.Files))}
	for i, f := range a.Files {
		ta.Files[i] = txtar.File{Name: f.Name, Data: []byte(f.Data)}
	}
	return txtar.Format(ta)
}

// Lookup returns the data of the file name.
func (a *Archive) Lookup(name string) (string, bool) {
	for _, f := range a.Files {
		if f.Name == name {
			return f.Data, true
		}
	}
	return "", false
}

// Read reads the txtar archive at path.
func Read(t testing.TB, path string) *Archive {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return Parse(string(data))
}

// Check compares got with the golden file at path, or with -update writes
// got there (making its folder).
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *Update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "no golden file: go test -update writes it")
	require.Equal(t, string(want), string(got), "%s differs (go test -update rewrites it)", path)
}
