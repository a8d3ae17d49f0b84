//go:build !js

package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine"
	"retort/engine/project"
)

const (
	renameUp = "    op.alter_column('users', 'name',\n" +
		"               new_column_name='full_name',\n"
	dropAddUp = "    op.add_column('users', sa.Column('full_name', sa.String(), nullable=False))\n" +
		"    op.drop_column('users', 'name')\n"
	renameQuestion = "Was users.name renamed to users.full_name (a VARCHAR)? [y/N]"
)

// renameModels renames User.name to full_name in models.py.
func renameModels(p *proj) {
	p.edit("models.py", "    name = Column(String, nullable=False)\n", "    full_name = Column(String, nullable=False)\n")
}

// newFile returns the one revision file added since before.
func newFile(t *testing.T, p *proj, before []string) string {
	t.Helper()
	var added []string
	for _, f := range p.versions() {
		if !contains(before, f) {
			added = append(added, f)
		}
	}
	require.Len(t, added, 1)
	return p.read("alembic/versions/" + added[0])
}

// TestRenameFlag: --rename answers the rename question on the command line;
// the script renames the column and the upgrade keeps its values.
func TestRenameFlag(t *testing.T) {
	p := tutorialAtFirstRevision(t)
	renameModels(p)
	before := p.versions()
	r := p.ok("revision", "--autogenerate", "-m", "rename", "--rename", "users.name=full_name")
	require.Contains(t, r.stderr, "INFO  [alembic.autogenerate.compare] Detected renamed column 'users.name' to 'users.full_name'\n")
	require.NotContains(t, r.stderr, "WARNI")
	src := newFile(t, p, before)
	up, down := opBodies(t, "rename", src)
	require.True(t, strings.HasPrefix(up, renameUp), "upgrade:\n%s", up)
	require.NotContains(t, up, "drop_column")
	require.Contains(t, down, "    op.alter_column('users', 'full_name',\n               new_column_name='name',\n")

	p.ok("upgrade", "head")
	db := p.db("myapp.db")
	require.Equal(t, []string{"id", "full_name", "email"}, columnsOf(t, inspect(t, db), "users"))
	require.EqualValues(t, 3, queryInt(t, db, "SELECT count(*) FROM users WHERE full_name = 'user' || id"))
	require.NoError(t, db.Close())
	require.Equal(t, "No new upgrade operations detected.\n", p.ok("check").stdout)

	p.ok("downgrade", "-1")
	db = p.db("myapp.db")
	require.EqualValues(t, 3, queryInt(t, db, "SELECT count(*) FROM users WHERE name = 'user' || id"))
	require.NoError(t, db.Close())
}

// TestRenameWithoutTerminal: with stdin not a terminal and no --rename,
// nobody is asked and the rename is a drop and an add, as Alembic writes it.
func TestRenameWithoutTerminal(t *testing.T) {
	p := tutorialAtFirstRevision(t)
	renameModels(p)
	before := p.versions()
	r := p.ok("revision", "--autogenerate", "-m", "rename")
	require.NotContains(t, r.stderr, "[y/N]")
	require.NotContains(t, r.stdout, "[y/N]")
	up, _ := opBodies(t, "rename", newFile(t, p, before))
	require.Equal(t, dropAddUp, up)
	require.Contains(t, r.stderr, "WARNI [alembic.autogenerate.compare] Detected removed column 'users.name' holds 3 non-NULL values; they will be lost on upgrade\n")
}

// TestRenamePrompt asks the question through the engine facade (a terminal
// cannot simply be faked for the binary): "y" renames, "n" or no answer
// drops and adds.
func TestRenamePrompt(t *testing.T) {
	tests := []struct {
		name   string
		answer string
		ok     bool
		want   string
	}{
		{"yes", "y", true, renameUp},
		{"Yes", " YES\n", true, renameUp},
		{"no", "n", true, dropAddUp},
		{"enter", "", true, dropAddUp},
		{"no one to ask", "", false, dropAddUp},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := tutorialAtFirstRevision(t)
			renameModels(p)
			fsys, err := project.NewDirFS(p.dir)
			require.NoError(t, err)
			var asked []engine.Question
			s, err := engine.Open(engine.Options{FS: fsys, Ask: func(q engine.Question) (string, bool) {
				asked = append(asked, q)
				return tc.answer, tc.ok
			}})
			require.NoError(t, err)
			before := p.versions()
			var stdout, stderr bytes.Buffer
			code := s.Run(context.Background(), []string{"revision", "--autogenerate", "-m", "rename"}, &stdout, &stderr)
			require.Equal(t, 0, code, "%s%s", stdout.String(), stderr.String())
			require.Len(t, asked, 1)
			require.Equal(t, "rename", asked[0].Kind)
			require.Equal(t, renameQuestion, asked[0].Text)
			require.Equal(t, []string{"n", "y"}, asked[0].Options)
			up, _ := opBodies(t, "rename", newFile(t, p, before))
			if tc.want == renameUp {
				require.True(t, strings.HasPrefix(up, renameUp), "upgrade:\n%s", up)
			} else {
				require.Equal(t, tc.want, up)
			}
		})
	}
}

// TestIsTerminal: neither the null device, a file nor a pipe is someone to ask.
func TestIsTerminal(t *testing.T) {
	null, err := os.Open(os.DevNull)
	require.NoError(t, err)
	defer null.Close()
	require.False(t, isTerminal(null))
	f, err := os.CreateTemp(t.TempDir(), "stdin")
	require.NoError(t, err)
	defer f.Close()
	require.False(t, isTerminal(f))
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	defer w.Close()
	require.False(t, isTerminal(r))
}
