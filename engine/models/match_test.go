package models

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The expressions the matchers in match.go implement. Package regexp is
// only linked into tests: the engine itself does without it.
var (
	columnTokenRE = regexp.MustCompile(`^.*_?column_(\d+)(_?N)?_.+`)
	digitRE       = regexp.MustCompile(`^[0-9.]$`)
	quotedRE      = regexp.MustCompile(`^'.+'$`)
	parenRE       = regexp.MustCompile(`^\(.+\)$`)
)

var matchSeeds = []string{
	"", "lambda", "lambda c, t: \"_\".join([col.name for col in c.columns.values()])",
	"lambda c, t: '_'.join([col.name for col in c.columns.values()])",
	"lambda c,t:'-'.join(col.name for col in c.columns)",
	"lambda  c ,\tt : \"\" . join ( [ x.name  for  x  in  c.columns ] )",
	"lambda c, t: \"_\".join([col.name for col in c.columns.values()]) ", "lambda c, t: \"_\".join([col.name for col in c.columns.values])",
	"lambda c, t: \"a'b\".join([x.name for x in c.columns])", "lambda c, t: 'a\"b'.join([x.name for x in c.columns])",
	"lambda c, t: \"_\".join([x.names for x in c.columns])", "lambda c, t: \"_\".join([x.name for x in c.columns2])",
	"lambdac, t: \"_\".join([x.name for x in c.columns])", "lambda c, t: \"_\"join([x.name for x in c.columns])",
	"lambda c, t: \"_\".join([x.name for x in c.columns]]", "lambda c, t: \"_\".join(x.name for x in c.columns])",
	"lambda x: [e.value for e in x]", "lambda x:[e.value for e in x]", "lambda  x :\n[ e.value\tfor e in x ]",
	"lambda x: [e.values for e in x]", "lambda x: [e.value for e in x] ", "lambda x: [e.value for e in x]]", "lambda: [e.value for e in x]",
	"column_0_name", "column_0N_name", "column_0_N_name", "column_1_label", "column_12_key", "column_0N", "column_0_N",
	"column_0_", "column_0__", "xcolumn_0_name", "column_0_column_1_name", "column_a_column_2_x", "column_0_name\ncolumn_1_x",
	"a\ncolumn_0_name", "column_0\n_x", "column_0N_\n", "column_0_N_", "column_0NN_x", "column__0_x", "column_٣_x",
	"0", ".", "a", "00", "'", "''", "'a'", "'a\nb'", "(", "()", "(a)", "(a\nb)", "'a)", "(a'", "(CURRENT_TIMESTAMP)", "now()",
}

func TestMatchersAgreeWithRegexp(t *testing.T) {
	for _, s := range matchSeeds {
		checkMatchers(t, s)
	}
}

func FuzzMatchers(f *testing.F) {
	for _, s := range matchSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkMatchers(t, s) })
}

func checkMatchers(t *testing.T, s string) {
	t.Helper()
	idx, multiples, ok := matchColumnToken(s)
	if m := columnTokenRE.FindStringSubmatch(s); m != nil {
		require.True(t, ok, "column token %q", s)
		require.Equal(t, m[1:], []string{idx, multiples}, "column token %q", s)
	} else {
		require.False(t, ok, "column token %q", s)
	}
	want := digitRE.MatchString(s) || quotedRE.MatchString(s) || parenRE.MatchString(s)
	require.Equal(t, want, isDefaultLiteral(s), "default literal %q", s)
	if !strings.HasPrefix(s, "x") && len(s) < 200 {
		_, _, ok := matchColumnToken("x" + s)
		require.Equal(t, columnTokenRE.MatchString("x"+s), ok, "column token x%q", s)
	}
}
