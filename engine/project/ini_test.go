package project

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func readTestdata(t testing.TB, name string) []byte {
	data, err := os.ReadFile("testdata/" + name)
	require.NoError(t, err)
	return data
}

// The expected values were produced by Python's configparser.ConfigParser
// with defaults {"here": "/proj"}, as Alembic builds it.
func TestINIValues(t *testing.T) {
	ini, err := ParseINI("tricky.ini", readTestdata(t, "tricky.ini"), map[string]string{"here": "/proj"})
	require.NoError(t, err)
	require.Equal(t, []string{"alembic"}, ini.Sections())
	tests := []struct{ key, want string }{
		{"script_location", "alembic"},
		{"mixed_case", "kept value   # not a comment"},
		{"MIXED_CASE", "kept value   # not a comment"},
		{"colon", "value with: colons"},
		{"empty", ""},
		{"multi", "first\nsecond\n\nthird\nfourth"},
		{"pct", "100%"},
		{"ref", "/srv/data"},
		{"chain", "/srv/data/more"},
		{"who", "world"},
		{"say", "hello world!"},
		{"here_path", "/proj/db.sqlite"},
		{"novalue", ""},
		{"spaced", "padded"},
		{"here", "/proj"},
		{"base", "/srv"},
		{"greeting", "hello world"},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			got, ok, err := ini.Get("alembic", tt.key)
			require.NoError(t, err)
			require.True(t, ok)
			require.Equal(t, tt.want, got)
		})
	}
	_, ok, err := ini.Get("alembic", "absent")
	require.NoError(t, err)
	require.False(t, ok)
	require.Equal(t, 7, ini.Line("alembic", "script_location"))
	require.Equal(t, 11, ini.Line("alembic", "multi"))
	raw, _ := ini.Raw("alembic", "pct")
	require.Equal(t, "100%%", raw)
}

func TestINITutorialFiles(t *testing.T) {
	ini, err := ParseINI("alembic.ini", readTestdata(t, "tutorial-alembic.ini"), map[string]string{"here": "/proj"})
	require.NoError(t, err)
	require.Equal(t, []string{"alembic", "post_write_hooks", "loggers", "handlers", "formatters", "logger_root",
		"logger_sqlalchemy", "logger_alembic", "handler_console", "formatter_generic"}, ini.Sections())
	require.Equal(t, []string{"script_location", "prepend_sys_path", "version_path_separator", "sqlalchemy.url"}, ini.Keys("alembic"))
	v, _, err := ini.Get("alembic", "version_path_separator")
	require.NoError(t, err)
	// configparser keeps a '#' after a value: it is part of the value
	require.Equal(t, "os  # Use os.pathsep. Default configuration used for new projects.", v)
	v, _, err = ini.Get("alembic", "sqlalchemy.url")
	require.NoError(t, err)
	require.Equal(t, "sqlite:///./myapp.db", v)
	// the logging format holds %(levelname)s: interpolation fails there, as in Python
	_, _, err = ini.Get("formatter_generic", "format")
	require.Error(t, err)
	raw, _ := ini.Raw("formatter_generic", "format")
	require.Equal(t, "%(levelname)-5.5s [%(name)s] %(message)s", raw)

	_, err = ParseINI("alembic.ini", readTestdata(t, "alembic-1.8-init.ini"), nil)
	require.NoError(t, err)
}

func TestINIErrors(t *testing.T) {
	tests := []struct {
		name, text, key, want string
	}{
		{"no section", "key = value\n", "", `alembic.ini:1: "key = value" is not under a section header such as [alembic]`},
		{"no delimiter", "[alembic]\nscript_location alembic\n", "", `alembic.ini:2: "script_location alembic" is not a key = value line`},
		{"empty key", "[alembic]\n= value\n", "", `alembic.ini:2: "= value" is not a key = value line`},
		{"duplicate section", "[alembic]\na = 1\n[alembic]\n", "", "alembic.ini:3: section 'alembic' already exists"},
		{"duplicate option", "[alembic]\na = 1\nA = 2\n", "", "alembic.ini:3: option 'a' in section 'alembic' already exists"},
		{"missing reference", "[alembic]\n\nurl = %(nope)s/x\n", "url",
			`alembic.ini:3: bad value substitution: option 'url' in section 'alembic' contains an interpolation key 'nope' which is not a valid option name. Raw value: "%(nope)s/x"`},
		{"lone percent", "[alembic]\nurl = 100%\n", "url", `alembic.ini:2: '%' must be followed by '%' or '(', found: "%"`},
		{"bad reference", "[alembic]\nurl = %(x\n", "url", `alembic.ini:2: bad interpolation variable reference "%(x"`},
		{"recursion", "[alembic]\na = %(b)s\nb = %(a)s\n", "a", "alembic.ini:2: recursion limit exceeded in value substitution: option 'a' in section 'alembic'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ini, err := ParseINI("alembic.ini", []byte(tt.text), nil)
			if tt.key != "" {
				require.NoError(t, err)
				_, _, err = ini.Get("alembic", tt.key)
			}
			require.Error(t, err)
			var ie *INIError
			require.True(t, errors.As(err, &ie))
			require.Equal(t, tt.want, err.Error())
		})
	}
}

func FuzzParseINI(f *testing.F) {
	for _, name := range []string{"tricky.ini", "tutorial-alembic.ini", "alembic-1.8-init.ini"} {
		f.Add(readTestdata(f, name))
	}
	f.Add([]byte("[a]\nb = %(b)s\n"))
	f.Add([]byte("[a]\n  b\n c = %%(x)s %\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ini, err := ParseINI("alembic.ini", data, map[string]string{"here": "/p"})
		if err != nil {
			return
		}
		for _, s := range ini.Sections() {
			for _, k := range ini.Keys(s) {
				_, _, _ = ini.Get(s, k)
			}
		}
	})
}

// Values that name each other several times over grow without end in
// configparser; here the expansion stops with a positioned error, whatever
// the leaves hold (long text, or nothing: then only the references add up).
func TestINIInterpolationBomb(t *testing.T) {
	for _, leaf := range []string{"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", ""} {
		var b strings.Builder
		b.WriteString("[alembic]\nscript_location = alembic\n")
		for i := range 8 {
			fmt.Fprintf(&b, "v%d = %s\n", i, strings.Repeat(fmt.Sprintf("%%(v%d)s", i+1), 8))
		}
		fmt.Fprintf(&b, "v8 = %s\n", leaf)
		b.WriteString("sqlalchemy.url = sqlite:///%(v0)s.db\n")
		ini, err := ParseINI("alembic.ini", []byte(b.String()), nil)
		require.NoError(t, err)
		start := time.Now()
		_, _, err = ini.Get("alembic", "sqlalchemy.url")
		var ie *INIError
		require.ErrorAs(t, err, &ie)
		require.Contains(t, ie.Msg, "value substitution too large")
		require.Less(t, time.Since(start), time.Second)

		// Loading the project says so, at the key's line.
		_, err = Load(MemFSOf("", map[string]string{"alembic.ini": b.String(), "alembic/env.py": ""}), "alembic.ini")
		require.ErrorContains(t, err, "value substitution too large")
	}
	// Within the bounds, references add up as configparser's do.
	ini, err := ParseINI("alembic.ini", []byte("[a]\nx = ab\ny = %(x)s%(x)s\nz = %(y)s%(y)s%(y)s\n"), nil)
	require.NoError(t, err)
	v, _, err := ini.Get("a", "z")
	require.NoError(t, err)
	require.Equal(t, "abababababab", v)
}
