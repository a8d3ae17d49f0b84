package script

import (
	"strings"
	"testing"

	"retort/internal/golden"
)

// mustFile returns the data of an archive's file, failing when it has none.
func mustFile(t testing.TB, a *golden.Archive, name string) string {
	t.Helper()
	data, ok := a.Lookup(name)
	if !ok {
		t.Fatalf("archive has no file %s", name)
	}
	return data
}

// setFile replaces the named file's data, or adds the file after name's
// script (name+".py" minus its suffix) when there is none.
func setFile(a *golden.Archive, name, data string) {
	for i := range a.Files {
		if a.Files[i].Name == name {
			a.Files[i].Data = data
			return
		}
	}
	stem := name[:strings.LastIndexByte(name, '.')]
	for i := range a.Files {
		if strings.HasPrefix(a.Files[i].Name, stem+".") {
			a.Files = append(a.Files[:i+1], append([]golden.File{{Name: name, Data: data}}, a.Files[i+1:]...)...)
			return
		}
	}
	a.Files = append(a.Files, golden.File{Name: name, Data: data})
}
