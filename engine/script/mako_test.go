package script

import (
	"errors"
	"strings"
	"testing"

	"retort/internal/golden"

	"github.com/stretchr/testify/require"
)

// makoVars are the variables of testdata/gen/mako_cases.py.
func makoVars() map[string]any {
	return map[string]any{
		"up_revision":   "ccccccccc000",
		"down_revision": strSeq([]string{"aaaaaaaaa000", "bbbbbbbbb000"}, false),
		"branch_labels": strSeq([]string{"feature"}, false),
		"depends_on":    pyNone,
		"create_date":   "2026-11-25 19:27:20.828640",
		"comma":         pyFunc(formatAsComma),
		"message":       "merge heads",
		"imports":       "",
		"upgrades":      "op.execute('SELECT 1')",
		"downgrades":    "",
	}
}

// TestMakoLikeMako renders templates in the Mako subset and compares with real
// Mako's output (testdata/mako.txtar).
func TestMakoLikeMako(t *testing.T) {
	a := golden.Read(t, "testdata/mako.txtar")
	n := 0
	for _, f := range a.Files {
		name, ok := strings.CutSuffix(f.Name, ".mako")
		if !ok {
			continue
		}
		n++
		t.Run(name, func(t *testing.T) {
			got, err := renderTemplate(f.Data, makoVars())
			require.NoError(t, err)
			require.Equal(t, mustFile(t, a, name+".out"), got)
		})
	}
	require.Equal(t, 4, n)
}

func TestMakoErrors(t *testing.T) {
	tests := []struct {
		tmpl string
		want string
	}{
		{"a\n${nope}\n", "script.py.mako:2: ${nope}: name 'nope' is not defined"},
		{"${up_revision", "script.py.mako:1: ${ is not closed"},
		{"% if up_revision:\nx\n", "script.py.mako:1: % if is not closed (% endif missing)"},
		{"% endif\n", "script.py.mako:1: % endif without % if"},
		{"% while x:\n", "script.py.mako:1: unsupported control line % while"},
		{"% if x\n% endif\n", "script.py.mako:1: % if line must end with ':'"},
		{"<% x = 1 %>", "script.py.mako:1: <% python blocks %> are not supported in script.py.mako"},
		{"${message | frob}", "script.py.mako:1: ${message}: unknown filter \"frob\""},
		{"${len(None)}", "script.py.mako:1: ${len(None)}: object of type 'NoneType' has no len()"},
		{"${up_revision +}", "script.py.mako:1: ${up_revision +}: unexpected end of expression"},
		{"\n\n${comma(1, 2)}", "script.py.mako:3: ${comma(1, 2)}: comma() takes one argument"},
	}
	for _, tt := range tests {
		_, err := renderTemplate(tt.tmpl, makoVars())
		require.Error(t, err, tt.tmpl)
		require.True(t, errors.Is(err, ErrTemplate))
		require.Equal(t, tt.want, err.Error(), tt.tmpl)
	}
}
