package python

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"

	"retort/internal/golden"
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
	for _, file := range golden.Parse(string(data)).Files {
		if strings.HasSuffix(file.Name, ".py") {
			f.Add([]byte(file.Data))
		}
	}
	for _, s := range []string{"", "\x00", "\xff", "(", ")", strings.Repeat("(", 300), strings.Repeat("-", 1000) + "1",
		"f'{", "'''", "\\", "\t\n  x", "if x:\n\tpass\n        pass", "x = [\n", "def f(:\n  pass",
		// the statements and expressions an interpreter runs
		"if a:\n    pass\nelif b:\n    pass\nelse:\n    pass\n",
		"for a, *b in c:\n    break\nelse:\n    continue\nwhile x:\n    x -= 1\n",
		"try:\n    pass\nexcept (A, B) as e:\n    raise E from e\nexcept:\n    raise\nelse:\n    pass\nfinally:\n    pass\n",
		"try:\n    pass\nexcept* A:\n    pass\n",
		"del a, b[0]\nassert x, 'm'\nglobal g\nnonlocal n\nx **= 2\n",
		"async def f():\n    async for a in b:\n        await a\n    async with c as d:\n        yield from d\n",
		"f = lambda a, /, b=1, *c, d, e=2, **g: (a if b else c)\n",
		"x = [a for a in b if a for c in a], {k: v for k, v in d}, {s async for s in t}, sum(x for x in y)\n",
		"x = a[1:2, ::3, :], (n := 10), a[lo:hi:st]\n",
		`x = f'{a!r:>{w}} {b=} {c:%Y} {{d}} {e!s:{f}.{g}}' 'plain' rf'\d{h}'` + "\n",
		`x = f"{d["k"]}" f'''{` + "\n  x # c\n}''' t'{y}'\n",
		`x = f'{f"{f'{1}'}"}' f'{}' f'{x!z}' f'a}b' f'{*a}' f'{a b}' f'{x:{y:{z}}}' f'{ x = !r:^9}'` + "\n",
	} {
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
