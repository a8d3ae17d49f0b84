package project

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The expressions the matchers in match.go implement. Package regexp is
// only linked into tests: the engine itself does without it.
var (
	sectionRE     = regexp.MustCompile(`^\[(.+)\]`)
	optionRE      = regexp.MustCompile(`^(.*?)\s*([=:])\s*(.*)$`)
	varRE         = regexp.MustCompile(`^%\(([^)]+)\)s`)
	formatSpecRE  = regexp.MustCompile(`^%\(([^)]*)\)([-+ 0#]*)([0-9]*)(?:\.([0-9]*))?([diouxXsr%])`)
	legacyRE      = regexp.MustCompile(`, *| +`)
	legacyColonRE = regexp.MustCompile(`, *| +|:`)
	sqliteURLRE   = regexp.MustCompile(`^sqlite(\+[A-Za-z0-9_]+)?://(.*)$`)
	urlPasswordRE = regexp.MustCompile(`^([^:/]+://[^:/@]*):[^@]*@`)
)

// matchSeeds are inputs for every matcher: real values and edge cases.
var matchSeeds = []string{
	"", "[", "[]", "[a]", "[alembic]", "[a]]", "[a] x ]", "[a\n]", "[]]", "[ ]", "x[a]",
	"key = value", "key=value", "key:value", "key : value : more", " key \t=\t value ", "=", ":", "= x",
	"key", "key = ", "a=b=c", "a\n= b", "a \f\r= b", "a\v= b", "script_location = %(here)s/alembic",
	"%(here)s", "%(here)s/x", "%()s", "%(a)", "%(a)x", "%(a", "%(a)b)s", "%(a\n)s", "%%", "%(he re)s",
	"%(rev)s_%(slug)s", "%(rev)s", "%(epoch)08d", "%(month).2d", "%(x)-05.3f", "%(x)#x", "%(x)%", "%(x)q",
	"%(x).d", "%(x)0", "%(x)", "%()d", "%(x)+ 0#-12.34X", "%(x)12.",
	"a, b c", "a,,b", " a  b ", "a:b,c d", "a , b", ",", "  ", "a\tb", "a, :b",
	"sqlite://", "sqlite:///x.db", "sqlite:////abs/x.db", "sqlite+pysqlite:///x.db", "sqlite+:///x", "sqlite+a-b:///x",
	"sqlite:/x", "postgresql://u:p@h/db", "sqlite:///x\ny", "SQLITE:///x", "sqlite+_9:///:memory:?mode=ro",
	"postgresql://scott:tiger@localhost/test", "mysql://u@h/db", "x://:pw@h", "://u:p@h", "a/b://u:p@h",
	"p://u:p@h@g", "p://u:p", "p://u/x:p@h", "p://u@x:p@h", "p://a:b:c@h", "p://:@", "é://ü:ß@h",
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
	// matchSection
	name, ok := matchSection(s)
	if m := sectionRE.FindStringSubmatch(s); m != nil {
		require.True(t, ok, "section %q", s)
		require.Equal(t, m[1], name, "section %q", s)
	} else {
		require.False(t, ok, "section %q", s)
	}
	// matchOption
	key, value, ok := matchOption(s)
	if m := optionRE.FindStringSubmatch(s); m != nil {
		require.True(t, ok, "option %q", s)
		require.Equal(t, []string{m[1], m[3]}, []string{key, value}, "option %q", s)
	} else {
		require.False(t, ok, "option %q", s)
	}
	// matchVar
	ref, n, ok := matchVar(s)
	if m := varRE.FindStringSubmatch(s); m != nil {
		require.True(t, ok, "var %q", s)
		require.Equal(t, m[1], ref, "var %q", s)
		require.Equal(t, len(m[0]), n, "var %q", s)
	} else {
		require.False(t, ok, "var %q", s)
	}
	// matchFormatSpec
	fm, ok := matchFormatSpec(s)
	if m := formatSpecRE.FindStringSubmatch(s); m != nil {
		require.True(t, ok, "format %q", s)
		require.Equal(t, m, []string{s[:fm.n], fm.name, fm.flags, fm.width, fm.precision, string(fm.conv)}, "format %q", s)
	} else {
		require.False(t, ok, "format %q", s)
	}
	// splitLegacy
	require.Equal(t, nonEmpty(legacyRE.Split(s, -1)), nonEmptyOrNil(splitLegacy(s, false)), "split %q", s)
	require.Equal(t, nonEmpty(legacyColonRE.Split(s, -1)), nonEmptyOrNil(splitLegacy(s, true)), "split colon %q", s)
	// matchSQLiteURL
	rest, ok := matchSQLiteURL(s)
	if m := sqliteURLRE.FindStringSubmatch(s); m != nil {
		require.True(t, ok, "url %q", s)
		require.Equal(t, m[2], rest, "url %q", s)
	} else {
		require.False(t, ok, "url %q", s)
	}
	// obfuscatePassword
	require.Equal(t, urlPasswordRE.ReplaceAllString(s, "$1:***@"), obfuscatePassword(s), "password %q", s)
	// the same with a prefix that shifts every position
	if !strings.HasPrefix(s, "x") && len(s) < 200 {
		require.Equal(t, urlPasswordRE.ReplaceAllString("x"+s, "$1:***@"), obfuscatePassword("x"+s), "password x%q", s)
	}
}

func nonEmptyOrNil(parts []string) []string {
	if len(parts) == 0 {
		return nil
	}
	return parts
}
