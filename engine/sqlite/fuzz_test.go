package sqlite

import (
	"os"
	"strings"
	"testing"

	"retort/engine/schema"
)

// seeds returns the statements of testdata/inspect.txtar and its golden
// output, for the fuzz targets of the parsers.
func seeds(f *testing.F) []string {
	var out []string
	for _, name := range []string{"testdata/inspect.txtar", "testdata/inspect.golden.txtar"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		for _, line := range strings.Split(string(data), ";\n") {
			var kept []string
			for _, l := range strings.Split(line, "\n") {
				if !strings.HasPrefix(l, "-- ") {
					kept = append(kept, l)
				}
			}
			if s := strings.TrimSpace(strings.Join(kept, "\n")); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

func FuzzTokenize(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s)
	}
	f.Add("'unterminated")
	f.Add(`"x""y" [a b] ` + "`c``d`" + ` x'ab' 1.5e-3 0x1F -> ->> || /* c */ -- end`)
	f.Fuzz(func(t *testing.T, src string) {
		toks, err := tokenize(src)
		if err != nil {
			return
		}
		end := 0
		for _, tok := range toks {
			if tok.Start < end || tok.End <= tok.Start || tok.End > len(src) || src[tok.Start:tok.End] != tok.Text {
				t.Fatalf("bad token %+v after offset %d in %q", tok, end, src)
			}
			end = tok.End
		}
		_ = mentions(src, "x")
		_ = renameInText(src, "x", `y"z`)
		_, _ = statementHeads(src)
	})
}

func FuzzParseCreateTable(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		decl, err := parseCreateTable(src)
		if err != nil {
			return
		}
		// What it finds writes out as DDL without trouble.
		tbl := &schema.Table{Name: "t", Uniques: decl.Uniques, Checks: decl.Checks, ForeignKeys: decl.ForeignKeys}
		for _, c := range decl.Columns {
			tbl.Columns = append(tbl.Columns, &schema.Column{Name: c.Name, Collation: c.Collation})
		}
		_ = CreateTableSQL(tbl)
	})
}

func FuzzParseCreateIndex(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		decl, err := parseCreateIndex(src)
		if err != nil {
			return
		}
		_ = CreateIndexSQL(nil, &schema.Index{Name: "ix", Table: decl.Table, Columns: decl.Columns, Unique: decl.Unique, Where: decl.Where})
	})
}

func FuzzParseType(f *testing.F) {
	for _, s := range []string{"VARCHAR(50)", "NUMERIC(10, 2)", "unsigned  big int", "DOUBLE PRECISION", "FLOAT(1.5)", "", "X(", "a(1,)", "INT(-3)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, decl string) {
		ty := ParseType(decl)
		// Written out and read again, a type is the same type.
		again := ParseType(TypeSQL(ty))
		if !SameType(ty, again) {
			t.Fatalf("%q: %+v written as %q reads back as %+v", decl, ty, TypeSQL(ty), again)
		}
	})
}

func FuzzDefaultSQL(f *testing.F) {
	for _, s := range []string{"'0'", "1", "-1", "(CURRENT_TIMESTAMP)", "1 + 1", "'a' || 'b'", "(", "')"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		toks, err := tokenize(expr)
		if err != nil || len(toks) == 0 {
			return
		}
		depth := 0
		for _, tok := range toks {
			if tok.isPunct("(") {
				depth++
			} else if tok.isPunct(")") {
				if depth--; depth < 0 {
					return // not an expression
				}
			}
		}
		if depth != 0 {
			return
		}
		d := DefaultSQL(expr)
		if normalizeDefault(d) != normalizeDefault(DefaultSQL(d)) {
			t.Fatalf("%q: DefaultSQL is not stable: %q then %q", expr, d, DefaultSQL(d))
		}
	})
}
