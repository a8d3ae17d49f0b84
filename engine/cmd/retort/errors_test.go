//go:build !js

package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

var (
	baseOnce sync.Once
	baseDir  string
	baseRev  string
)

// tutorialAtFirstRevision returns a copy of the tutorial's project after its
// first revision, upgraded, with a few users: each test case changes its own copy.
func tutorialAtFirstRevision(t *testing.T) *proj {
	t.Helper()
	baseOnce.Do(func() {
		dir, err := os.MkdirTemp("", "retort-base-")
		require.NoError(t, err)
		p := &proj{tb: t, dir: dir}
		p.initTutorial()
		p.ok("revision", "--autogenerate", "-m", "create users table")
		baseRev = idOf(p.versions()[0])
		p.ok("upgrade", "head")
		db := p.db("myapp.db")
		insertUsers(t, db, 3)
		require.NoError(t, db.Close())
		baseDir = dir
	})
	require.NotEmpty(t, baseDir, "the base project could not be made")
	p := newProj(t)
	require.NoError(t, os.CopyFS(p.dir, os.DirFS(baseDir)))
	return p
}

func init() {
	cleanups = append(cleanups, func() {
		if baseDir != "" {
			os.RemoveAll(baseDir)
		}
	})
}

// TestUserErrors: each mistake a learner makes exits with status 1 and one
// line on stderr (after the log lines Alembic also prints), never a stack
// trace, and changes nothing.
func TestUserErrors(t *testing.T) {
	tests := []struct {
		name  string
		setup func(p *proj)
		args  []string
		// want is the error line; a leading "~" makes it a regular expression.
		want string
		// noLogs: the error comes before any log line.
		noLogs bool
	}{
		{
			name:   "unknown command",
			args:   []string{"bogus"},
			want:   "retort: error: argument {branches,check,current,downgrade,heads,history,init,list_templates,merge,revision,show,stamp,upgrade}: invalid choice: 'bogus' (choose from 'branches', 'check', 'current', 'downgrade', 'heads', 'history', 'init', 'list_templates', 'merge', 'revision', 'show', 'stamp', 'upgrade')",
			noLogs: true,
		},
		{
			name:   "missing argument",
			args:   []string{"upgrade"},
			want:   "retort upgrade: error: the following arguments are required: revision",
			noLogs: true,
		},
		{
			name:   "unknown option",
			args:   []string{"upgrade", "head", "--fast"},
			want:   "retort: error: unrecognized arguments: --fast",
			noLogs: true,
		},
		{
			name:   "extra argument",
			args:   []string{"upgrade", "head", "extra"},
			want:   "retort: error: unrecognized arguments: extra",
			noLogs: true,
		},
		{
			name:   "ambiguous option",
			args:   []string{"revision", "--s"},
			want:   "retort revision: error: ambiguous option: --s could match --sql, --splice",
			noLogs: true,
		},
		{
			name:   "option without its value",
			args:   []string{"upgrade", "--tag"},
			want:   "retort upgrade: error: argument --tag: expected one argument",
			noLogs: true,
		},
		{
			name:   "no command",
			args:   []string{},
			want:   "retort: error: too few arguments",
			noLogs: true,
		},
		{
			name: "bad target",
			args: []string{"upgrade", "nope"},
			want: "FAILED: Can't locate revision identified by 'nope'",
		},
		{
			name: "too many steps down",
			args: []string{"downgrade", "-5"},
			want: "FAILED: Relative revision -5 didn't produce 5 migrations",
		},
		{
			name:   "range without --sql",
			args:   []string{"downgrade", "head:base"},
			want:   "FAILED: Range revision not allowed with downgrade; use --sql for ranges",
			noLogs: true,
		},
		{
			name:   "missing alembic.ini",
			setup:  func(p *proj) { require.NoError(t, os.Remove(p.path("alembic.ini"))) },
			args:   []string{"current"},
			want:   "FAILED: No config file 'alembic.ini' found, or file has no '[alembic]' section",
			noLogs: true,
		},
		{
			name:   "missing -c file",
			args:   []string{"-c", "other.ini", "history"},
			want:   "FAILED: No config file 'other.ini' found, or file has no '[alembic]' section",
			noLogs: true,
		},
		{
			name:   "neither SQLite nor PostgreSQL",
			setup:  func(p *proj) { p.setURL("mysql://scott:tiger@localhost/app") },
			args:   []string{"current"},
			want:   "~^FAILED: alembic.ini:\\d+: sqlalchemy.url = mysql://scott:\\*\\*\\*@localhost/app: Retort works with SQLite and PostgreSQL",
			noLogs: false,
		},
		{
			name:   "no PostgreSQL server",
			setup:  func(p *proj) { p.setURL("postgresql://scott:tiger@127.0.0.1:1/app") },
			args:   []string{"current"},
			want:   "~^FAILED: connect to postgresql://scott:\\*\\*\\*@127.0.0.1:1/app: .*connection refused",
			noLogs: false,
		},
		{
			name: "models.py syntax error",
			setup: func(p *proj) {
				p.edit("models.py", "    id = Column(Integer, primary_key=True)\n", "    id = Column(I+, primary_key=True)\n")
			},
			args: []string{"revision", "--autogenerate", "-m", "oops"},
			want: "FAILED: models.py:9:19: expected expression",
		},
		{
			name: "models.py two errors: the first alone",
			setup: func(p *proj) {
				p.edit("models.py", "    id = Column(Integer, primary_key=True)\n", "    id = Column(Integer, primary_key=True))\n")
				p.edit("models.py", "    email = Column(String, unique=True)\n", "    email = Column(String, unique=True) x\n")
			},
			args: []string{"check"},
			want: "FAILED: models.py:9:43: unmatched ')'",
		},
		{
			name:  "env.py imports a missing module",
			setup: func(p *proj) { p.edit("alembic/env.py", "import models\n", "import modelz\n") },
			args:  []string{"revision", "--autogenerate", "-m", "oops"},
			want:  "~^FAILED: alembic/env.py:\\d+:8: No module named 'modelz' — did you mean models\\?$",
		},
		{
			name:  "env.py missing",
			setup: func(p *proj) { require.NoError(t, os.Remove(p.path("alembic/env.py"))) },
			args:  []string{"check"},
			want:  "~^FAILED: Can't find Python file .*alembic/env.py$",
		},
		{
			name: "revision script calling an operation that does not exist",
			setup: func(p *proj) {
				f := "alembic/versions/" + p.versions()[0]
				p.edit(f, "    op.drop_table('users')\n", "    op.drop_tabel('users')\n")
			},
			args: []string{"downgrade", "base"},
			want: "~^FAILED: downgrade [0-9a-f]{12} -> , create users table: alembic/versions/[0-9a-f]{12}_create_users_table.py:\\d+:5: op.drop_tabel is not an Alembic operation \\(did you mean op.drop_table\\?\\); the step was rolled back: the database is as it was before it$",
		},
		{
			name: "revision script that raises",
			setup: func(p *proj) {
				f := "alembic/versions/" + p.versions()[0]
				p.edit(f, "    op.drop_table('users')\n", "    raise RuntimeError('this revision cannot be undone')\n")
			},
			args: []string{"downgrade", "base"},
			want: "~^FAILED: downgrade [0-9a-f]{12} -> , create users table: alembic/versions/[0-9a-f]{12}_create_users_table.py:\\d+:5: RuntimeError: this revision cannot be undone; the step was rolled back: the database is as it was before it$",
		},
		{
			name: "missing parent revision",
			setup: func(p *proj) {
				p.write("alembic/versions/ffffffffffff_orphan.py", "\"\"\"orphan\"\"\"\nrevision = 'ffffffffffff'\ndown_revision = 'deadbeef0000'\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n")
			},
			args:   []string{"history"},
			want:   "~^FAILED: .*ffffffffffff_orphan.py: revision ffffffffffff revises unknown revision deadbeef0000$",
			noLogs: true,
		},
		{
			name:  "not a database",
			setup: func(p *proj) { p.write("myapp.db", "this is not a database\n") },
			args:  []string{"upgrade", "head"},
			want:  "~^FAILED: opening sqlite:///./myapp.db: .*not a SQLite database",
		},
		{
			name:  "autogenerate behind the head",
			setup: func(p *proj) { p.ok("revision", "-m", "empty") },
			args:  []string{"revision", "--autogenerate", "-m", "more"},
			want:  "FAILED: Target database is not up to date.",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := tutorialAtFirstRevision(t)
			p.tb = t
			if tc.setup != nil {
				tc.setup(p)
			}
			before := snapshot(t, p.dir)
			r, msg := p.fails(tc.args...)
			if strings.HasPrefix(tc.want, "~") {
				require.Regexp(t, regexp.MustCompile(tc.want[1:]), msg)
			} else {
				require.Equal(t, tc.want, msg)
			}
			if tc.noLogs {
				require.Equal(t, msg+"\n", r.stderr)
			}
			require.Empty(t, r.stdout)
			require.Equal(t, before, snapshot(t, p.dir), "a failed command changed the project")
		})
	}
}

// snapshot is every file of a folder and its contents.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		out[path] = string(b)
		return err
	}))
	return out
}

// TestFailedStepChangesNothing: a step that fails (NOT NULL without a default
// on a table with rows) is rolled back whole; the command says so on one line.
func TestFailedStepChangesNothing(t *testing.T) {
	p := tutorialAtFirstRevision(t)
	p.edit("models.py", "    email = Column(String, unique=True)\n", "    email = Column(String, unique=True)\n    score = Column(Integer, nullable=False)\n")
	r := p.ok("revision", "--autogenerate", "-m", "add score")
	require.Contains(t, r.stderr, "WARNI [alembic.autogenerate.compare] Detected added column 'users.score' is NOT NULL without a server default and will fail on upgrade: the table has 3 rows; give the column a server_default\n")
	db := p.db("myapp.db")
	before := inspect(t, db)
	require.NoError(t, db.Close())

	r, msg := p.fails("upgrade", "head")
	require.Contains(t, r.stderr, "WARNI [alembic.runtime.migration] Column 'users.score' becomes NOT NULL without a server default, but 3 rows would hold NULL: the step will fail\n")
	require.Regexp(t, `^FAILED: upgrade [0-9a-f]{12} -> [0-9a-f]{12}, add score: .*NOT NULL.*; the step was rolled back: the database is as it was before it$`, msg)

	db = p.db("myapp.db")
	requireSameSchema(t, before, inspect(t, db))
	require.Equal(t, columnsOf(t, before, "users"), columnsOf(t, inspect(t, db), "users"))
	require.EqualValues(t, 3, queryInt(t, db, "SELECT count(*) FROM users"))
	require.EqualValues(t, 1, queryInt(t, db, "SELECT count(*) FROM alembic_version WHERE version_num = ?", baseRev))
}
