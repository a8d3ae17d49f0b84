package revision

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
)

// relativeDestinationRE is the expression matchRelative implements. Package
// regexp is only linked into tests: the engine itself does without it.
var relativeDestinationRE = regexp.MustCompile(`^(?:(.+?)@)?([\p{L}\p{N}_]+)?([+-][0-9]+)`)

var relativeSeeds = []string{
	"", "+1", "-1", "+", "-", "+12x", "head+1", "head-2", "ae10+2", "ae10+", "heads", "base", "a@head+1",
	"a@b@head+1", "a@b@headx", "@head+1", "a@+1", "a@", "a\n@head+1", "x@a\nb+1", "déjà+3", "١٢+1", "a b+1",
	"branch@ae1027a6acf-3", "a@@+1", "a@b+1@c-2", "a@b@+1", "\xff+1", "a@\xff+1", "_+0", "x+-1", "x++1",
}

func TestMatchRelativeAgreesWithRegexp(t *testing.T) {
	for _, s := range relativeSeeds {
		checkRelative(t, s)
	}
}

func FuzzMatchRelative(f *testing.F) {
	for _, s := range relativeSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkRelative(t, s) })
}

func checkRelative(t *testing.T, s string) {
	t.Helper()
	got, ok := matchRelative(s)
	m := relativeDestinationRE.FindStringSubmatch(s)
	if m == nil {
		require.False(t, ok, "%q", s)
		return
	}
	require.True(t, ok, "%q", s)
	require.Equal(t, m[1:], []string{got.branch, got.symbol, got.relative}, "%q", s)
	n, _ := pyInt(m[3])
	require.Equal(t, n, got.steps, "%q", s)
}
