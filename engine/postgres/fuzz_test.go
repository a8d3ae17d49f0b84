package postgres

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/schema"
)

// FuzzLex checks the SQL lexer on anything: it never panics, tokens are in
// order within the text, and splitting into statements then joining them
// with ";" lexes to the same tokens but for the semicolons.
func FuzzLex(f *testing.F) {
	for _, s := range []string{
		"SELECT 1; SELECT 'a;b'", `CREATE TABLE "we""ird" (x int) -- c`, "DO $$ BEGIN x; END $$;", "E'a\\'b'; /* a /* nested */ c */ x",
		"$tag$ $x$ ; $tag$", "'unterminated", "x::text[] || 'y'", "$1 + $$$$", "select 1.5e-3, .5, 1_000",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks, err := lex(s)
		if err != nil {
			return
		}
		end := 0
		for _, tok := range toks {
			require.GreaterOrEqual(t, tok.Start, end)
			require.Greater(t, tok.End, tok.Start)
			end = tok.End
		}
		stmts, err := splitStatements(s)
		require.NoError(t, err)
		joined, err := lex(strings.Join(stmts, ";\n"))
		require.NoError(t, err, "%q", stmts)
		var a, b []string
		for _, tok := range toks {
			if tok.Kind != tokSemi {
				a = append(a, tok.Text)
			}
		}
		for _, tok := range joined {
			if tok.Kind != tokSemi {
				b = append(b, tok.Text)
			}
		}
		require.Equal(t, a, b)
		changesSchema(s)
		mentions(s, "x")
		trimSQL(s)
	})
}

// FuzzDefaults checks the server-default normalization and the type
// readers on anything: no panics, and a default always equals itself.
func FuzzDefaults(f *testing.F) {
	for _, s := range []string{"'x'::character varying", "now()", "(0)::numeric", "('a'::text || 'b'::text)", "-1", "'t'", "nextval('s'::regclass)",
		"character varying(50)[]", "timestamp(3) with time zone", `"My Type"`, "s.\"t\""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := &schema.Column{Name: "c", Type: schema.Type{Name: "Boolean"}, ServerDefault: s}
		require.True(t, Autogen{}.SameDefault(nil, c, c))
		normDefault(s, false)
		ty := ReflectType(s, []*schema.Enum{{Name: "My Type"}, {Schema: "s", Name: "t"}})
		TypeSQL(ty)
		ReflectCheck(s)
	})
}
