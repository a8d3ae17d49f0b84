//go:build !js

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestRevisionFileStaysInItsFolder: a revision id names its file, so one with
// a path separator is refused before anything is written, and a new revision
// never replaces a file (here: file_template without the id, and a message
// used twice). models.py and the rest stay as they were.
func TestRevisionFileStaysInItsFolder(t *testing.T) {
	for _, tc := range []struct {
		name     string
		template string
		args     []string
		want     string
	}{
		{"up and out", "", []string{"revision", "--rev-id", "../../x", "-m", "m"},
			`FAILED: revision id "../../x": a revision id names its file, and cannot hold a path separator (/ or \)`},
		{"over models.py", "%%(rev)s", []string{"revision", "--rev-id", "../../models", "-m", "m"},
			`FAILED: revision id "../../models": a revision id names its file, and cannot hold a path separator (/ or \)`},
		{"absolute", "", []string{"revision", "--rev-id", "/abs", "-m", "m"},
			`FAILED: revision id "/abs": a revision id names its file, and cannot hold a path separator (/ or \)`},
		{"above the project", "", []string{"revision", "--rev-id", "../../../x", "-m", "m"},
			`FAILED: revision id "../../../x": a revision id names its file, and cannot hold a path separator (/ or \)`},
		{"backslash", "", []string{"revision", "--rev-id", `..\..\x`, "-m", "m"},
			`FAILED: revision id "..\\..\\x": a revision id names its file, and cannot hold a path separator (/ or \)`},
		{"template out of the folder", "../%%(rev)s", []string{"revision", "--rev-id", "abc", "-m", "m"},
			"~^FAILED: alembic.ini:\\d+: file_template \"../%\\(rev\\)s\" puts revision abc at alembic/abc.py, outside its version folder alembic/versions$"},
		{"an existing file", "%%(slug)s", []string{"revision", "-m", "create users table"},
			"~^FAILED: create .*/alembic/versions/create_users_table.py: file already exists$"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tutorialAtFirstRevision(t)
			p.tb = t
			if tc.template != "" {
				p.edit("alembic.ini", "# file_template = %%(year)d_%%(month).2d_%%(day).2d_%%(hour).2d%%(minute).2d-%%(rev)s_%%(slug)s\n",
					"file_template = "+tc.template+"\n")
			}
			if tc.name == "an existing file" {
				require.NoError(t, os.Rename(p.path("alembic/versions/"+p.versions()[0]), p.path("alembic/versions/create_users_table.py")))
			}
			before := snapshot(t, p.dir)
			r, msg := p.fails(tc.args...)
			if strings.HasPrefix(tc.want, "~") {
				require.Regexp(t, tc.want[1:], msg)
			} else {
				require.Equal(t, tc.want, msg)
			}
			_ = r
			require.Equal(t, before, snapshot(t, p.dir), "the project is as it was")
			for _, outside := range []string{"x_m.py", "x.py"} {
				require.NoFileExists(t, filepath.Join(filepath.Dir(p.dir), outside))
			}
		})
	}
}

// TestHostileProjectFiles: a file in versions/ that is not a regular file (a
// link to /dev/zero, which would be read forever) or is larger than a project
// file may be is refused at once, with its name; so is an alembic.ini whose
// values name each other until they fill memory.
func TestHostileProjectFiles(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(p *proj)
		want  string
	}{
		{"a link to /dev/zero", func(p *proj) {
			require.NoError(t, os.Symlink("/dev/zero", p.path("alembic/versions/zzzzzzzzzzzz_zero.py")))
		}, "~^FAILED: .*/alembic/versions/zzzzzzzzzzzz_zero.py: not a regular file: a character device$"},
		{"a named pipe", func(p *proj) {
			require.NoError(t, mkfifo(p.path("alembic/versions/pppppppppppp_pipe.py")))
		}, "~^FAILED: .*/alembic/versions/pppppppppppp_pipe.py: not a regular file: a named pipe$"},
		{"a huge script", func(p *proj) {
			p.write("alembic/versions/hhhhhhhhhhhh_huge.py", "# "+strings.Repeat("x", 5<<20)+"\n")
		}, "~^FAILED: .*/alembic/versions/hhhhhhhhhhhh_huge.py: file too large: \\d+ bytes, over the 4 MiB a project file may have$"},
		{"an interpolation bomb", func(p *proj) {
			var b strings.Builder
			b.WriteString("[DEFAULT]\n")
			for i := range 8 {
				b.WriteString("v" + string(rune('0'+i)) + " = " + strings.Repeat("%(v"+string(rune('1'+i))+")s", 8) + "\n")
			}
			b.WriteString("v8 = x\n\n")
			p.write("alembic.ini", b.String()+strings.Replace(p.read("alembic.ini"), "sqlalchemy.url = sqlite:///./myapp.db", "sqlalchemy.url = sqlite:///%(v0)s.db", 1))
		}, "~^FAILED: alembic.ini:\\d+: value substitution too large: option 'sqlalchemy.url' in section 'alembic' expands to more than 64 KiB or 1000 references"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tutorialAtFirstRevision(t)
			p.tb = t
			tc.setup(p)
			start := time.Now()
			_, msg := p.fails("history")
			require.Regexp(t, tc.want[1:], msg)
			require.Less(t, time.Since(start), 10*time.Second)
		})
	}
}
