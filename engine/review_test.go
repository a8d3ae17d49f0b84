package engine_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine"
	"retort/engine/sqlite"
)

// TestReview reviews a pending step on the tutorial's database, through the
// facade (what the page calls) and the command line (upgrade --review),
// fixes the rows it names, and upgrades.
func TestReview(t *testing.T) {
	ctx := context.Background()
	s := tutorialSession(t, engine.Options{})
	plain := strings.Replace(usersModel, "email = Column(String, unique=True)", "email = Column(String)", 1)
	require.NoError(t, s.WriteFile("models.py", plain))
	run(t, s, `alembic revision --autogenerate -m "create users table"`)

	found, err := s.Review(ctx, "head", false)
	require.NoError(t, err)
	require.Equal(t, []engine.Finding{}, found, "a new table holds no rows")
	run(t, s, "alembic upgrade head")
	found, err = s.Review(ctx, "head", false)
	require.NoError(t, err)
	require.Nil(t, found, "nothing pending")
	require.Contains(t, run(t, s, "alembic upgrade head --review"), "Nothing to review")

	_, err = s.Exec(ctx, `INSERT INTO users (name, email) VALUES ('Ada', 'ada@example.com'), ('Alan', 'ada@example.com'), ('Grace', 'grace@example.com')`)
	require.NoError(t, err)
	require.NoError(t, s.WriteFile("models.py", usersModel))
	run(t, s, `alembic revision --autogenerate -m "unique email"`)

	tests := []struct {
		fix      string
		want     []string // kind, count, fails
		exitCode int
		output   []string
	}{
		{
			want:     []string{"rebuild 3 false", "unique 2 true"},
			exitCode: 1,
			output: []string{
				"upgrade 1f67b9e072b7 -> 3a291af61148, unique email\n  op.create_unique_constraint(None, 'users', ['email'])\n" +
					"    Rebuilding table 'users' will copy its 3 rows (SQLite cannot ALTER it in place)\n      SELECT count(*) FROM \"users\";\n" +
					"    FAILS: Column 'users.email' gets a unique constraint, but 2 rows share 1 value: the step will fail\n" +
					"      SELECT \"email\", count(*) AS \"rows\" FROM \"users\" WHERE \"email\" IS NOT NULL GROUP BY \"email\" HAVING count(*) > 1;\n",
				"FAILED: Review: 1 op would fail on the rows this database holds; fix the rows (or the script) first",
			},
		},
		{
			fix:    `UPDATE users SET email = 'alan@example.com' WHERE name = 'Alan'`,
			want:   []string{"rebuild 3 false"},
			output: []string{"Rebuilding table 'users' will copy its 3 rows"},
		},
	}
	for _, tt := range tests {
		if tt.fix != "" {
			_, err := s.Exec(ctx, tt.fix)
			require.NoError(t, err)
		}
		found, err := s.Review(ctx, "head", false)
		require.NoError(t, err)
		var got []string
		for _, f := range found {
			got = append(got, fmt.Sprintf("%s %d %t", f.Kind, f.Count, f.Fails))
		}
		require.Equal(t, tt.want, got)
		out, code := try(t, s, "alembic upgrade head --review")
		require.Equal(t, tt.exitCode, code, out)
		for _, want := range tt.output {
			require.Contains(t, out, want)
		}
	}
	cur, err := s.Current(ctx)
	require.NoError(t, err)
	require.Equal(t, []string{"1f67b9e072b7"}, cur, "a review runs nothing")
	run(t, s, "alembic upgrade head")
	found, err = s.Review(ctx, "base", true)
	require.NoError(t, err)
	require.NotEmpty(t, found, "a downgrade to base drops the table's rows")
	require.Equal(t, "drop_table", string(found[len(found)-1].Kind))
}

func TestPending(t *testing.T) {
	s := tutorialSession(t, engine.Options{Ask: func(engine.Question) (string, bool) { panic("Pending asks nothing") }})
	p, err := s.Pending(context.Background())
	require.NoError(t, err)
	require.Equal(t, "", p.Error)
	require.Equal(t, engine.PendingLine{Text: "Detected added table 'users'"}, p.Log[0])
	require.Contains(t, p.Script, "op.create_table('users',")
	files := len(s.Files())
	run(t, s, `alembic revision --autogenerate -m "create users table"`)
	require.Equal(t, files+1, len(s.Files()))
	run(t, s, "alembic upgrade head")
	p, err = s.Pending(context.Background())
	require.NoError(t, err)
	require.Equal(t, &engine.Pending{}, p, "nothing to do")

	require.NoError(t, s.WriteFile("models.py", strings.Replace(usersModel, "email = Column(String, unique=True)", "mail = Column(String, unique=True)\n    age = Column(Integer)", 1)))
	p, err = s.Pending(context.Background())
	require.NoError(t, err)
	require.Equal(t, []string{"Was users.email renamed to users.mail (a VARCHAR)? [y/N]"}, p.Renames)
	require.Contains(t, p.Script, "op.add_column('users', sa.Column('age', sa.Integer(), nullable=True))")

	require.NoError(t, s.WriteFile("models.py", usersModel+"\nclass Broken(\n"))
	p, err = s.Pending(context.Background())
	require.NoError(t, err)
	require.NotEmpty(t, p.Diagnostics)
	require.Equal(t, "models.py", p.Diagnostics[0].File)
}

// TestPendingLeavesSchemaRead: autogenerate reads the schema the database
// keeps (sqlite.InspectShared), and changes none of it: after comparisons
// with renames confirmed and refused, data-loss warnings and a review, the
// kept read is still what a whole read gives.
func TestPendingLeavesSchemaRead(t *testing.T) {
	ctx := context.Background()
	s := tutorialSession(t, engine.Options{Ask: func(engine.Question) (string, bool) { return "y", true }})
	run(t, s, `alembic revision --autogenerate -m "create users table"`)
	run(t, s, "alembic upgrade head")
	_, err := s.Exec(ctx, `INSERT INTO users (name, email) VALUES ('a', 'a@example.com')`)
	require.NoError(t, err)
	check := func(step string) {
		t.Helper()
		kept, err := sqlite.InspectShared(ctx, s.DB())
		require.NoError(t, err, step)
		fresh, err := sqlite.Inspect(ctx, struct{ sqlite.Querier }{s.DB()})
		require.NoError(t, err, step)
		require.Equal(t, fresh, kept, step)
	}
	for _, models := range []string{
		strings.Replace(usersModel, "email = Column(String, unique=True)", "mail = Column(String, unique=True)\n    age = Column(Integer)", 1),
		strings.Replace(usersModel, "email = Column(String, unique=True)", "email = Column(String(80), unique=False, nullable=False)", 1),
		strings.Replace(usersModel, `__tablename__ = "users"`, `__tablename__ = "people"`, 1),
	} {
		require.NoError(t, s.WriteFile("models.py", models))
		p, err := s.Pending(ctx)
		require.NoError(t, err)
		require.Equal(t, "", p.Error)
		check("pending")
		try(t, s, "alembic check") // fails: there are changes
		check("check")
	}
	run(t, s, `alembic revision --autogenerate -m "rename"`)
	check("revision --autogenerate")
	run(t, s, "alembic upgrade head --review")
	check("review")
}
