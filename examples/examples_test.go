package examples_test

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine"
	"retort/engine/diff"
	"retort/engine/project"
	"retort/engine/runner"
	"retort/engine/sqlite"
	"retort/examples"
	"retort/internal/golden"
)

var slug = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// The tutorial's two edits after `alembic init alembic`.
var tutorialEdits = map[string][2]string{
	"alembic.ini": {
		"sqlalchemy.url = driver://user:pass@localhost/dbname\n",
		"sqlalchemy.url = sqlite:///./myapp.db\n",
	},
	"alembic/env.py": {
		"target_metadata = None\n",
		"from database import Base\nimport models\n\ntarget_metadata = Base.metadata\n",
	},
}

// configured returns what `retort init alembic` writes, with the tutorial's
// edits made: every lesson's alembic.ini, env.py, script.py.mako and README.
func configured(t *testing.T) map[string]string {
	t.Helper()
	fsys := project.NewMemFS("")
	_, err := project.Init(fsys, "alembic")
	require.NoError(t, err)
	files := fsys.Files()
	want := map[string]string{
		"alembic/script.py.mako": files["alembic/script.py.mako"],
		"alembic/README":         files["alembic/README"],
	}
	for name, e := range tutorialEdits {
		src := files[name]
		require.Equal(t, 1, strings.Count(src, e[0]), "init's %s has the line the tutorial edits, once", name)
		want[name] = strings.Replace(src, e[0], e[1], 1)
	}
	return want
}

func TestLessonsLoad(t *testing.T) {
	all, err := examples.All()
	require.NoError(t, err)
	require.NotEmpty(t, all)
	require.Contains(t, examples.IDs(), examples.Default, "the page's default lesson exists")
	orders := map[int]string{}
	for _, l := range all {
		require.Regexp(t, slug, l.ID, "a lesson id is a slug: it is the page's ?example=")
		require.NotContains(t, orders, l.Order, "%s and %s have the same order", l.ID, orders[l.Order])
		orders[l.Order] = l.ID
		again, err := examples.Load(l.ID)
		require.NoError(t, err)
		require.Equal(t, l, again)
		require.NotEmpty(t, strings.TrimSpace(l.Title), l.ID)
		require.NotEmpty(t, strings.TrimSpace(l.Explanation), l.ID)
		require.NotEmpty(t, l.Steps, l.ID)
		require.NotEmpty(t, l.End.Current, "%s: end.current is head, base or a revision's message", l.ID)
		require.NotNil(t, l.End.Tables, "%s: end.tables lists every table (an empty database is {})", l.ID)
		for _, st := range l.Steps {
			if st.Run != "" {
				require.True(t, strings.HasPrefix(st.Run, "alembic "), "%s: commands are written as the tutorial writes them: %s", l.ID, st.Run)
			}
			if st.SQL != "" {
				require.True(t, strings.HasSuffix(strings.TrimSpace(st.SQL), ";"), "%s: SQL ends in ';' (the page's terminal needs it): %s", l.ID, st.SQL)
			}
		}
	}
	_, err = examples.Load("no-such-lesson")
	require.ErrorContains(t, err, "no lesson")
	_, err = examples.Load("../setup")
	require.Error(t, err)
}

// TestLessonsStartConfigured: every lesson starts from what a real project
// holds, so the lessons cannot drift from the tools. A lesson in Alembic's
// layout has the alembic.ini, env.py, script.py.mako and README that `retort
// init` writes, with only the tutorial's two lines set otherwise: its
// sqlalchemy.url (an SQLite database: the page's) and its target_metadata (the
// tutorial's Base.metadata, or SQLModel.metadata, with their imports). A
// lesson in Flask-Migrate's layout has migrations/ as `flask db init` writes
// it (the template engine/models/testdata/styles holds). The setup lesson
// starts before init.
func TestLessonsStartConfigured(t *testing.T) {
	want := configured(t)
	flask := flaskMigrateTemplate(t)
	all, err := examples.All()
	require.NoError(t, err)
	for _, l := range all {
		t.Run(l.ID, func(t *testing.T) {
			require.Contains(t, l.Files, "models.py")
			switch {
			case l.ID == "setup":
				for name := range l.Files {
					require.False(t, name == "alembic.ini" || strings.HasPrefix(name, "alembic/"), "setup starts before alembic init: %s", name)
				}
				require.Contains(t, l.Files, "database.py")
			case l.Files["migrations/alembic.ini"] != "":
				require.NotContains(t, l.Files, "alembic.ini", "one layout or the other")
				for name, text := range flask {
					require.Equal(t, text, l.Files[name], "%s: %s is Flask-Migrate's", l.ID, name)
				}
				require.Contains(t, l.Files, "app.py", "Retort finds the Flask app as flask does")
			default:
				for _, name := range []string{"alembic/script.py.mako", "alembic/README"} {
					require.Equal(t, want[name], l.Files[name], "%s: %s", l.ID, name)
				}
				url := setLine(t, want["alembic.ini"], tutorialEdits["alembic.ini"][1], l.Files["alembic.ini"], l.ID+": alembic.ini")
				require.Regexp(t, `^sqlalchemy\.url = sqlite:///\./[a-z]+\.db\n$`, url, "%s: the page's database is SQLite", l.ID)
				metadata := setLine(t, want["alembic/env.py"], tutorialEdits["alembic/env.py"][1], l.Files["alembic/env.py"], l.ID+": alembic/env.py")
				require.Regexp(t, `\ntarget_metadata = \w+\.metadata\n$`, metadata, "%s: env.py names the models' MetaData", l.ID)
			}
		})
	}
}

// setLine checks that got is want but for one part, which replaces part,
// and returns what got has there.
func setLine(t *testing.T, want, part, got, what string) string {
	t.Helper()
	before, after, ok := strings.Cut(want, part)
	require.True(t, ok, "%s: the template has %q", what, part)
	require.True(t, strings.HasPrefix(got, before) && strings.HasSuffix(got, after) && len(got) >= len(before)+len(after),
		"%s: only %q may differ from the template", what, strings.TrimSpace(part))
	return got[len(before) : len(got)-len(after)]
}

// flaskMigrateTemplate is migrations/ as Flask-Migrate 4.1.0's `flask db
// init` writes it: the files the engine's Flask-Migrate projects are tested
// with (engine/models/testdata/styles, which says where they come from), and
// its README.
func flaskMigrateTemplate(t *testing.T) map[string]string {
	t.Helper()
	data, err := os.ReadFile("../engine/models/testdata/styles/flask_quickstart.txtar")
	require.NoError(t, err)
	out := map[string]string{"migrations/README": "Single-database configuration for Flask.\n"}
	for _, f := range golden.Parse(string(data)).Files {
		if strings.HasPrefix(f.Name, "migrations/") {
			out[f.Name] = f.Data
		}
	}
	require.Len(t, out, 4, "alembic.ini, env.py, script.py.mako and the README")
	return out
}

// TestSetupEndsConfigured: the setup lesson's steps give the same files.
func TestSetupEndsConfigured(t *testing.T) {
	l, err := examples.Load("setup")
	require.NoError(t, err)
	p := openLesson(t, l, false)
	for i, st := range l.Steps {
		p.step(t, i, st)
	}
	for name, text := range configured(t) {
		got, err := p.fs.ReadFile(name)
		require.NoError(t, err)
		require.Equal(t, text, string(got), name)
	}
}

// TestSeedsMatchUpgrade: a lesson that starts at a revision seeds the schema
// that upgrading an empty database to that revision gives (as far as
// autogenerate can tell), so its first autogenerate finds only the lesson's
// change.
func TestSeedsMatchUpgrade(t *testing.T) {
	ctx := context.Background()
	all, err := examples.All()
	require.NoError(t, err)
	for _, l := range all {
		if l.Seed == "" {
			continue
		}
		t.Run(l.ID, func(t *testing.T) {
			seeded := openLesson(t, l, false)
			current, err := seeded.pg.Current(ctx)
			require.NoError(t, err)
			require.NotEmpty(t, current, "a seeded lesson starts at a revision (alembic_version)")

			db, err := sqlite.OpenMemory()
			require.NoError(t, err)
			t.Cleanup(func() { db.Close() })
			s, err := engine.Open(engine.Options{FS: project.MemFSOf("", l.Files), DB: db, Prog: "alembic"})
			require.NoError(t, err)
			for _, rev := range current {
				out, status := runLine(t, s, "alembic upgrade "+rev)
				require.Equal(t, 0, status, out)
			}
			got, err := runner.Current(ctx, db)
			require.NoError(t, err)
			require.ElementsMatch(t, current, got)

			a, err := sqlite.Inspect(ctx, seeded.db)
			require.NoError(t, err)
			b, err := sqlite.Inspect(ctx, db)
			require.NoError(t, err)
			detected, same := diff.Equal(a, b, sqlite.Autogen{})
			require.True(t, same, "%s: the seed's schema differs from upgrading to %v:\n%s", l.ID, current, strings.Join(detected, "\n"))
		})
	}
}

func TestResolvePath(t *testing.T) {
	files := []string{
		"models.py",
		"alembic/versions/1f67b9e072b7_create_users_table.py",
		"alembic/versions/3a291af61148_add_age_to_users.py",
		"alembic/versions/88d25a73c36d_add_age_to_users_again.py",
	}
	cases := []struct {
		name, want, err string
	}{
		{name: "models.py", want: "models.py"},
		{name: "alembic/versions/new.py", want: "alembic/versions/new.py"},
		{name: "alembic/versions/*_add_age_to_users.py", want: "alembic/versions/3a291af61148_add_age_to_users.py"},
		{name: "alembic/versions/*_create_users_table.py", want: "alembic/versions/1f67b9e072b7_create_users_table.py"},
		{name: "alembic/versions/*_users_table.py", want: "alembic/versions/1f67b9e072b7_create_users_table.py"},
		{name: "alembic/versions/*.py", err: "3 files match"},
		{name: "alembic/versions/*_drop_users.py", err: "no file in alembic/versions ends in"},
		{name: "alembic/*_create_users_table.py", err: "no file in alembic ends in"},
		{name: "alembic/versions/*", err: "a pattern is"},
		{name: "alembic/versions/*_a*.py", err: "a pattern is"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := examples.ResolvePath(c.name, files)
			if c.err != "" {
				require.ErrorContains(t, err, c.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, c.want, got)
		})
	}
}

// TestLessonsRoundTrip: a lesson that ends at head ends with the models and
// the database in agreement (alembic check), and its revisions go down to
// base and up again to the same schema: the four-phase check every example
// goes through.
func TestLessonsRoundTrip(t *testing.T) {
	ctx := context.Background()
	all, err := examples.All()
	require.NoError(t, err)
	for _, l := range all {
		if l.End.Current != "head" {
			continue
		}
		t.Run(l.ID, func(t *testing.T) {
			p := openLesson(t, l, false)
			for i, st := range l.Steps {
				p.step(t, i, st)
			}
			check := func(when string) {
				out, status := runLine(t, p.s, "alembic check")
				require.Equal(t, 0, status, "%s: models and database differ %s:\n%s", l.ID, when, out)
			}
			check("at the end")
			atHead, err := sqlite.Inspect(ctx, p.db)
			require.NoError(t, err)

			out, status := runLine(t, p.s, "alembic downgrade base")
			require.Equal(t, 0, status, out)
			tables, err := p.pg.Tables(ctx)
			require.NoError(t, err)
			for _, ti := range tables {
				require.Equal(t, "alembic_version", ti.Name, "%s: downgrade base leaves no tables", l.ID)
			}

			out, status = runLine(t, p.s, "alembic upgrade head")
			require.Equal(t, 0, status, out)
			check("after downgrade base and upgrade head")
			again, err := sqlite.Inspect(ctx, p.db)
			require.NoError(t, err)
			detected, same := diff.Equal(again, atHead, sqlite.Autogen{})
			require.True(t, same, "%s: down and up again gives another schema:\n%s", l.ID, strings.Join(detected, "\n"))
		})
	}
}
