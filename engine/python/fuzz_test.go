package python

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"
)

// FuzzParse checks that no input makes Parse panic, and that the tree and the
// errors are well formed: spans inside the source and nested, errors sorted, at
// most one per line, positioned inside the source, lowercase.
func FuzzParse(f *testing.F) {
	for _, name := range exampleFiles(f) {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	data, err := os.ReadFile(filepath.Join("testdata", "errors.txtar"))
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range parseArchive(data).files {
		if strings.HasSuffix(file.name, ".py") {
			f.Add([]byte(file.data))
		}
	}
	for _, s := range []string{"", "\x00", "\xff", "(", ")", strings.Repeat("(", 300), strings.Repeat("-", 1000) + "1",
		"f'{", "'''", "\\", "\t\n  x", "if x:\n\tpass\n        pass", "x = [\n", "def f(:\n  pass"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		m, err := Parse("fuzz.py", src)
		if m == nil {
			t.Fatal("nil module")
		}
		if err := checkTree(m); err != nil {
			t.Fatal(err)
		}
		_ = Dump(m.File, m)
		if err == nil {
			return
		}
		list, ok := err.(ErrorList)
		if !ok || len(list) == 0 {
			t.Fatalf("error %T %v is not a non-empty ErrorList", err, err)
		}
		if !sort.IsSorted(list) {
			t.Fatalf("errors not sorted: %v", list)
		}
		for i, e := range list {
			if i > 0 && list[i-1].Pos.Line == e.Pos.Line {
				t.Fatalf("two errors on line %d: %v", e.Pos.Line, list)
			}
			if e.Pos.Offset < 0 || e.Pos.Offset > len(src) || e.Pos.Line < 1 || e.Pos.Column < 1 {
				t.Fatalf("error outside the source: %v", e)
			}
			if e.Msg == "" || unicode.IsUpper(rune(e.Msg[0])) {
				t.Fatalf("bad message %q", e.Msg)
			}
		}
	})
}
