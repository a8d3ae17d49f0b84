package postgres

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files")

// archive is a txtar archive: a comment, then files each introduced by a
// "-- name --" line.
type archive struct {
	Comment string
	Files   []archiveFile
}

type archiveFile struct {
	Name string
	Data string
}

func parseArchive(data string) archive {
	var a archive
	cur := -1
	for len(data) > 0 {
		line, rest, _ := strings.Cut(data, "\n")
		if name, ok := archiveMarker(line); ok {
			a.Files = append(a.Files, archiveFile{Name: name})
			cur = len(a.Files) - 1
			data = rest
			continue
		}
		end := len(line)
		if len(line) < len(data) {
			end++ // the newline
		}
		if cur < 0 {
			a.Comment += data[:end]
		} else {
			a.Files[cur].Data += data[:end]
		}
		data = data[end:]
	}
	return a
}

func archiveMarker(line string) (string, bool) {
	if !strings.HasPrefix(line, "-- ") || !strings.HasSuffix(line, " --") || len(line) < 7 {
		return "", false
	}
	return strings.TrimSpace(line[3 : len(line)-3]), true
}

func formatArchive(a archive) string {
	var b strings.Builder
	b.WriteString(a.Comment)
	for _, f := range a.Files {
		b.WriteString("-- " + f.Name + " --\n")
		b.WriteString(f.Data)
		if f.Data != "" && !strings.HasSuffix(f.Data, "\n") {
			b.WriteString("\n")
		}
	}
	return b.String()
}

func readArchive(t testing.TB, path string) archive {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return parseArchive(string(data))
}

// get returns the file named name and whether there is one.
func (a archive) get(name string) (string, bool) {
	for _, f := range a.Files {
		if f.Name == name {
			return f.Data, true
		}
	}
	return "", false
}

// set replaces (or adds) the file named name; data "" removes it.
func (a *archive) set(name, data string) {
	for i, f := range a.Files {
		if f.Name == name {
			if data == "" {
				a.Files = append(a.Files[:i], a.Files[i+1:]...)
			} else {
				a.Files[i].Data = data
			}
			return
		}
	}
	if data != "" {
		a.Files = append(a.Files, archiveFile{Name: name, Data: data})
	}
}
