package engine_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"retort/engine"
	"retort/engine/sqlite"
)

const usersModel = `from sqlalchemy import Column, ForeignKey, Integer, String

from database import Base


class User(Base):
    __tablename__ = "users"

    id = Column(Integer, primary_key=True)
    name = Column(String, nullable=False)
    email = Column(String, unique=True)
`

// tutorialSession is the tutorial's starting point, in memory: alembic init,
// the URL and env.py edited, database.py and models.py written.
func tutorialSession(t *testing.T, opts engine.Options) *engine.Playground {
	t.Helper()
	database, err := os.ReadFile("testdata/database.py")
	require.NoError(t, err)
	ids := []string{"1f67b9e072b7", "3a291af61148", "88d25a73c36d", "aaaaaaaaaaaa"}
	opts.NewRevisionID = func() string { id := ids[0]; ids = ids[1:]; return id }
	opts.Now = func() time.Time { return time.Date(2026, 11, 25, 19, 27, 20, 0, time.UTC) }
	s, err := engine.OpenPlayground(map[string]string{"database.py": string(database), "models.py": usersModel}, opts)
	require.NoError(t, err)
	run(t, s, "alembic init alembic")
	ini, err := s.ReadFile("alembic.ini")
	require.NoError(t, err)
	ini = strings.Replace(ini, "sqlalchemy.url = driver://user:pass@localhost/dbname", "sqlalchemy.url = sqlite:///./myapp.db", 1)
	require.NoError(t, s.WriteFile("alembic.ini", ini))
	env, err := s.ReadFile("alembic/env.py")
	require.NoError(t, err)
	env = strings.Replace(env, "target_metadata = None", "from database import Base\nimport models\n\ntarget_metadata = Base.metadata", 1)
	require.NoError(t, s.WriteFile("alembic/env.py", env))
	return s
}

// commander runs command lines: a Session, or the Playground that embeds one.
type commander interface {
	Run(ctx context.Context, argv []string, stdout, stderr io.Writer) int
}

// run runs a command line and requires it to succeed; it returns stdout+stderr.
func run(t *testing.T, s commander, line string) string {
	t.Helper()
	out, status := try(t, s, line)
	require.Equal(t, 0, status, "%s:\n%s", line, out)
	return out
}

func try(t *testing.T, s commander, line string) (string, int) {
	t.Helper()
	argv, err := engine.SplitCommand(line)
	require.NoError(t, err)
	var stdout, stderr bytes.Buffer
	status := s.Run(context.Background(), argv, &stdout, &stderr)
	return stdout.String() + stderr.String(), status
}

func TestTutorialInMemory(t *testing.T) {
	ctx := context.Background()
	s := tutorialSession(t, engine.Options{})

	out := run(t, s, `alembic revision --autogenerate -m "create users table"`)
	require.Contains(t, out, "Detected added table 'users'")
	require.Contains(t, out, "Generating /alembic/versions/1f67b9e072b7_create_users_table.py ...  done")
	run(t, s, "alembic upgrade head")

	_, err := s.Exec(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 1000)
		INSERT INTO users (name, email) SELECT 'user ' || i, 'u' || i || '@example.com' FROM n;`)
	require.NoError(t, err)

	models, err := s.ReadFile("models.py")
	require.NoError(t, err)
	require.NoError(t, s.WriteFile("models.py", models+"    age = Column(Integer, nullable=True)\n"))
	out = run(t, s, `alembic revision --autogenerate -m "add age to users"`)
	require.Contains(t, out, "Detected added column 'users.age'")
	out = run(t, s, "alembic upgrade head")
	require.Contains(t, out, "Running upgrade 1f67b9e072b7 -> 3a291af61148, add age to users")
	require.Contains(t, strings.Join(s.SQLLog(), "\n"), `ALTER TABLE "users" ADD COLUMN "age" INTEGER`)

	tables, err := s.Tables(ctx)
	require.NoError(t, err)
	byName := map[string]engine.TableInfo{}
	for _, ti := range tables {
		byName[ti.Name] = ti
	}
	require.Contains(t, byName, "alembic_version")
	require.Equal(t, int64(1000), byName["users"].RowCount)
	var cols []string
	for _, c := range byName["users"].Columns {
		cols = append(cols, c.Name)
	}
	require.Equal(t, []string{"id", "name", "email", "age"}, cols)

	rows, err := s.Rows(ctx, "users", 10, 5)
	require.NoError(t, err)
	require.Len(t, rows.Rows, 5)
	require.Equal(t, int64(1000), rows.Total)
	require.Equal(t, "user 11", rows.Rows[0][1])
	require.Nil(t, rows.Rows[0][3], "existing rows get NULL for age")

	res, err := s.Exec(ctx, "SELECT count(*) FROM users WHERE age IS NULL; SELECT 1 + 1 AS two;")
	require.NoError(t, err)
	require.Len(t, res, 2)
	require.Equal(t, int64(1000), res[0].Rows[0][0])
	require.Equal(t, []string{"two"}, res[1].Columns)

	g, err := s.Revisions(ctx)
	require.NoError(t, err)
	require.Len(t, g.Nodes, 2)
	require.Equal(t, "1f67b9e072b7", g.Nodes[0].ID)
	require.Equal(t, "add age to users", g.Nodes[1].Message)
	require.True(t, g.Nodes[1].Current)
	require.True(t, g.Nodes[1].Head)

	sql, err := s.StepSQL(ctx, "3a291af61148", false, "")
	require.NoError(t, err)
	require.Contains(t, sql, `ALTER TABLE "users" ADD COLUMN "age" INTEGER;`)
	sql, err = s.StepSQL(ctx, "3a291af61148", true, "")
	require.NoError(t, err)
	require.Contains(t, sql, `DROP COLUMN "age"`)
	// The same step on PostgreSQL: written offline, in its own layout.
	sql, err = s.StepSQL(ctx, "3a291af61148", false, "postgresql")
	require.NoError(t, err)
	require.Contains(t, sql, "BEGIN;\n\n-- Running upgrade 1f67b9e072b7 -> 3a291af61148\n\nALTER TABLE users ADD COLUMN age INTEGER;")
	require.NotContains(t, sql, "PRAGMA")
	_, err = s.StepSQL(ctx, "3a291af61148", false, "mysql")
	require.EqualError(t, err, `no dialect "mysql": Retort writes SQL for sqlite and postgresql`)

	// Downgrade keeps the rows.
	run(t, s, "alembic downgrade -1")
	rows, err = s.Rows(ctx, "users", 0, 1)
	require.NoError(t, err)
	require.Equal(t, []string{"id", "name", "email"}, rows.Columns)
	require.Equal(t, int64(1000), rows.Total)
	require.Equal(t, "1f67b9e072b7\n", strings.Split(run(t, s, "alembic current"), "INFO")[0])
}

func TestExportImport(t *testing.T) {
	ctx := context.Background()
	s := tutorialSession(t, engine.Options{})
	run(t, s, `alembic revision --autogenerate -m "create users table"`)
	run(t, s, "alembic upgrade head")
	_, err := s.Exec(ctx, "INSERT INTO users (name) VALUES ('ada');")
	require.NoError(t, err)
	data, err := s.ExportDB(ctx)
	require.NoError(t, err)

	other := tutorialSession(t, engine.Options{})
	require.NoError(t, other.ImportDB(ctx, data))
	rows, err := other.Rows(ctx, "users", 0, 10)
	require.NoError(t, err)
	require.Equal(t, "ada", rows.Rows[0][1])

	// A file that is not a database is refused, and nothing is lost.
	err = other.ImportDB(ctx, []byte("this is not a database, just some text long enough to look like a header..........................................."))
	require.Error(t, err)
	rows, err = other.Rows(ctx, "users", 0, 10)
	require.NoError(t, err)
	require.Equal(t, int64(1), rows.Total)
}

func TestCreateAllCrash(t *testing.T) {
	ctx := context.Background()
	s := tutorialSession(t, engine.Options{})
	created, query, err := s.CreateAll(ctx)
	require.NoError(t, err)
	require.Equal(t, []string{"users"}, created)
	_, err = s.Exec(ctx, query+";")
	require.NoError(t, err)

	models, err := s.ReadFile("models.py")
	require.NoError(t, err)
	require.NoError(t, s.WriteFile("models.py", models+"    age = Column(Integer, nullable=True)\n"))
	created, query, err = s.CreateAll(ctx)
	require.NoError(t, err)
	require.Empty(t, created, "create_all() does nothing to an existing table")
	_, err = s.Exec(ctx, query+";")
	require.ErrorContains(t, err, "no such column: users.age")
}

func TestDiagnostics(t *testing.T) {
	s := tutorialSession(t, engine.Options{})
	require.Empty(t, s.Diagnostics("models.py"))
	require.NoError(t, s.WriteFile("models.py", strings.Replace(usersModel, "Column(String, nullable=False)", "Column(Strng, nullable=False)", 1)))
	ds := s.Diagnostics("models.py")
	require.Len(t, ds, 1)
	require.Equal(t, 10, ds[0].Line)
	require.Contains(t, ds[0].Message, "Strng")

	// The command refuses too, with file:line:col, and writes no revision.
	out, status := try(t, s, `alembic revision --autogenerate -m "x"`)
	require.Equal(t, 1, status)
	require.Contains(t, out, "models.py:10:")
	require.Len(t, s.Files(), 6, fmt.Sprint(s.Files()))

	// Code with side effects under the real Alembic is a warning, at its
	// place; SideEffects lists it for the page's download.
	require.NoError(t, s.WriteFile("models.py", usersModel+"\nimport os\nos.system('echo hi')\n"))
	ds = s.Diagnostics("models.py")
	require.Len(t, ds, 1)
	require.Equal(t, "warning", ds[0].Severity)
	require.Contains(t, ds[0].Message, "Retort does not run os.system()")
	effects, err := s.SideEffects()
	require.NoError(t, err)
	require.Len(t, effects, 1)
	require.Equal(t, "models.py", effects[0].File)
	require.Equal(t, ds[0].Line, effects[0].Line)
}

func TestRenameQuestion(t *testing.T) {
	var asked []string
	s := tutorialSession(t, engine.Options{Ask: func(q engine.Question) (string, bool) {
		asked = append(asked, q.Text)
		return "y", true
	}})
	run(t, s, `alembic revision --autogenerate -m "create users table"`)
	run(t, s, "alembic upgrade head")
	_, err := s.Exec(context.Background(), "INSERT INTO users (name) VALUES ('ada');")
	require.NoError(t, err)
	require.NoError(t, s.WriteFile("models.py", strings.Replace(usersModel, "    name = ", "    full_name = ", 1)))
	run(t, s, `alembic revision --autogenerate -m "rename"`)
	require.Equal(t, []string{"Was users.name renamed to users.full_name (a VARCHAR)? [y/N]"}, asked)
	run(t, s, "alembic upgrade head")
	res, err := s.Exec(context.Background(), "SELECT full_name FROM users;")
	require.NoError(t, err)
	require.Equal(t, "ada", res[0].Rows[0][0])
}

// The wants are what sh splits each line into (printf '[%s]' LINE).
func TestSplitCommand(t *testing.T) {
	tests := []struct {
		line string
		want []string
		err  string
	}{
		{line: `alembic revision --autogenerate -m "add age to users"`, want: []string{"alembic", "revision", "--autogenerate", "-m", "add age to users"}},
		{line: `alembic revision -m 'it''s'`, want: []string{"alembic", "revision", "-m", "its"}},
		{line: `a "b \"c\"" d\ e`, want: []string{"a", `b "c"`, "d e"}},
		{line: "  \t ", want: nil},
		{line: "a\tb\nc", want: []string{"a", "b", "c"}},
		{line: `a "b\c"`, want: []string{"a", `b\c`}}, // in double quotes a backslash escapes only " \ $ `
		{line: `a "b\\c"`, want: []string{"a", `b\c`}},
		{line: "a \"b\\`c\"", want: []string{"a", "b`c"}},
		{line: `a "\é"`, want: []string{"a", `\é`}},
		{line: `a \é`, want: []string{"a", "é"}},
		{line: `a 'b\c'`, want: []string{"a", `b\c`}},
		{line: `a \'`, want: []string{"a", "'"}},
		{line: `a "" ''b`, want: []string{"a", "", "b"}},
		{line: `a "x"'y'z`, want: []string{"a", "xyz"}},
		{line: "a \"b\\\nc\" d\\\ne", want: []string{"a", "bc", "de"}}, // a backslash before a line break joins the lines
		{line: `alembic -m "oops`, err: `unterminated " quote`},
		{line: `alembic -m 'oops`, err: `unterminated ' quote`},
		{line: `alembic upgrade\`, err: "a backslash ends the line"},
	}
	for _, tt := range tests {
		got, err := engine.SplitCommand(tt.line)
		if tt.err != "" {
			require.EqualError(t, err, tt.err, tt.line)
			continue
		}
		require.NoError(t, err, tt.line)
		require.Equal(t, tt.want, got, tt.line)
	}
}

func TestParseCommandLine(t *testing.T) {
	words, err := engine.ParseCommandLine(`retort revision -m "x y"`)
	require.NoError(t, err)
	require.Equal(t, []string{"retort", "revision", "-m", "x y"}, words)
	_, err = engine.ParseCommandLine("ls -l")
	require.EqualError(t, err, "ls: not a command here. Type alembic … (or retort …), or SQL ending in ;")
	_, err = engine.ParseCommandLine("  ")
	require.ErrorContains(t, err, "no command")
	_, err = engine.ParseCommandLine(`alembic -m "x`)
	require.EqualError(t, err, `unterminated " quote`)
}

func TestEditRows(t *testing.T) {
	ctx := context.Background()
	s := tutorialSession(t, engine.Options{})
	run(t, s, `alembic revision --autogenerate -m "create users table"`)
	run(t, s, "alembic upgrade head")
	require.NoError(t, s.InsertRow(ctx, "users", map[string]any{"name": "ada", "email": "ada@example.com"}))
	require.NoError(t, s.InsertRow(ctx, "users", map[string]any{"name": "bob"}))
	rows, err := s.Rows(ctx, "users", 0, 10)
	require.NoError(t, err)
	require.Equal(t, []int64{1, 2}, rows.RowIDs)
	require.Nil(t, rows.KeyColumns)
	require.NoError(t, s.UpdateCell(ctx, "users", engine.RowRef{RowID: 2}, "email", "bob@example.com"))
	require.Error(t, s.UpdateCell(ctx, "users", engine.RowRef{RowID: 2}, "name", nil), "NOT NULL holds")
	require.Error(t, s.InsertRow(ctx, "users", map[string]any{"name": "eve", "email": "ada@example.com"}), "UNIQUE holds")
	require.NoError(t, s.DeleteRow(ctx, "users", engine.RowRef{RowID: 1}))
	rows, err = s.Rows(ctx, "users", 0, 10)
	require.NoError(t, err)
	require.Equal(t, [][]any{{int64(2), "bob", "bob@example.com"}}, rows.Rows)
}

// A WITHOUT ROWID table's rows are named by their primary key's values.
func TestEditRowsWithoutRowID(t *testing.T) {
	ctx := context.Background()
	s := tutorialSession(t, engine.Options{})
	_, err := s.Exec(ctx, `CREATE TABLE "tag map" (post INTEGER, "the tag" TEXT COLLATE NOCASE, note TEXT, PRIMARY KEY ("the tag", post)) WITHOUT ROWID;
		INSERT INTO "tag map" VALUES (1, 'go', 'a'), (1, 'sql', 'b'), (2, 'go', 'c');
		CREATE TABLE plain (x INTEGER PRIMARY KEY, y TEXT); INSERT INTO plain VALUES (1, 'a');`)
	require.NoError(t, err)
	rows, err := s.Rows(ctx, "tag map", 0, 10)
	require.NoError(t, err)
	require.Nil(t, rows.RowIDs)
	require.Equal(t, []string{"the tag", "post"}, rows.KeyColumns)
	require.Equal(t, [][]any{{int64(1), "go", "a"}, {int64(2), "go", "c"}, {int64(1), "sql", "b"}}, rows.Rows)

	require.NoError(t, s.UpdateCell(ctx, "tag map", engine.RowRef{Key: []any{"GO", int64(2)}}, "note", "changed"))
	require.NoError(t, s.UpdateCell(ctx, "tag map", engine.RowRef{Key: []any{"sql", 1.0}}, "the tag", "db"), "a key's own column, and 1.0 for INTEGER 1")
	require.NoError(t, s.DeleteRow(ctx, "tag map", engine.RowRef{Key: []any{"go", int64(1)}}))
	rows, err = s.Rows(ctx, "tag map", 0, 10)
	require.NoError(t, err)
	require.Equal(t, [][]any{{int64(1), "db", "b"}, {int64(2), "go", "changed"}}, rows.Rows)

	for _, tc := range []struct {
		row  engine.RowRef
		want string
	}{
		{engine.RowRef{Key: []any{"go"}}, `tag map: a key of 1 values for a primary key of 2 columns (the tag, post): nothing was changed`},
		{engine.RowRef{Key: []any{"nope", int64(9)}}, `update tag map.note: no row with key (nope, 9): nothing was changed`},
		{engine.RowRef{RowID: 1}, `tag map: a WITHOUT ROWID table's row is named by its primary key, not a rowid: nothing was changed`},
	} {
		require.EqualError(t, s.UpdateCell(ctx, "tag map", tc.row, "note", "x"), tc.want)
	}
	require.EqualError(t, s.UpdateCell(ctx, "plain", engine.RowRef{Key: []any{int64(1)}}, "y", "x"),
		"plain: a row of a table with rowids is named by its rowid, not a key: nothing was changed")
	rows, err = s.Rows(ctx, "tag map", 0, 10)
	require.NoError(t, err)
	require.Equal(t, [][]any{{int64(1), "db", "b"}, {int64(2), "go", "changed"}}, rows.Rows, "nothing changed")
}

// A column may take the name rowid (or _rowid_, or oid): rows are then named
// by the rowid under a name no column takes, an edit changes exactly the row
// it names or nothing, and the table reads like any other, generated columns
// included; a table whose columns take every name of the rowid is shown, not
// edited.
func TestEditRowsShadowedRowID(t *testing.T) {
	ctx := context.Background()
	s := tutorialSession(t, engine.Options{})
	_, err := s.Exec(ctx, `CREATE TABLE t (rowid TEXT, name TEXT, total INTEGER GENERATED ALWAYS AS (length(name)) VIRTUAL);
		INSERT INTO t (rowid, name) VALUES ('7', 'ada'), ('7', 'bob'), ('x', 'eve');
		CREATE TABLE u (rowid INTEGER, _rowid_ INTEGER, oid INTEGER); INSERT INTO u VALUES (1, 1, 1), (1, 1, 1);`)
	require.NoError(t, err)

	tables, err := s.Tables(ctx)
	require.NoError(t, err)
	for _, ti := range tables {
		require.Empty(t, ti.Error, ti.Name)
	}
	rows, err := s.Rows(ctx, "t", 0, 10)
	require.NoError(t, err)
	require.Equal(t, []string{"rowid", "name", "total"}, rows.Columns)
	require.Equal(t, []int64{1, 2, 3}, rows.RowIDs)
	require.Equal(t, [][]any{{"7", "ada", int64(3)}, {"7", "bob", int64(3)}, {"x", "eve", int64(3)}}, rows.Rows)

	// Row 2 is bob's, whatever its column rowid says.
	require.NoError(t, s.UpdateCell(ctx, "t", engine.RowRef{RowID: 2}, "name", "bobby"))
	require.NoError(t, s.DeleteRow(ctx, "t", engine.RowRef{RowID: 1}))
	require.EqualError(t, s.DeleteRow(ctx, "t", engine.RowRef{RowID: 7}), "delete from t: no row with rowid 7: nothing was changed")
	require.EqualError(t, s.UpdateCell(ctx, "t", engine.RowRef{RowID: 3}, "total", int64(1)),
		"update t.total: cannot UPDATE generated column \"total\": nothing was changed")
	rows, err = s.Rows(ctx, "t", 0, 10)
	require.NoError(t, err)
	require.Equal(t, [][]any{{"7", "bobby", int64(5)}, {"x", "eve", int64(3)}}, rows.Rows)

	rows, err = s.Rows(ctx, "u", 0, 10)
	require.NoError(t, err)
	require.Nil(t, rows.RowIDs, "no name reaches u's rowid")
	require.Len(t, rows.Rows, 2)
	require.EqualError(t, s.DeleteRow(ctx, "u", engine.RowRef{RowID: 1}),
		"u: its columns rowid, _rowid_ and oid hide the rowid, so its rows cannot be named: nothing was changed")
	rows, err = s.Rows(ctx, "u", 0, 10)
	require.NoError(t, err)
	require.Len(t, rows.Rows, 2, "nothing deleted")
}

// A page of rows larger than the page takes at once is that table's error;
// the connection and the other tables are unaffected.
func TestRowsTooLarge(t *testing.T) {
	ctx := context.Background()
	s := tutorialSession(t, engine.Options{})
	_, err := s.Exec(ctx, `CREATE TABLE big (b BLOB); INSERT INTO big VALUES (zeroblob(10000000)), (zeroblob(10000000));
		CREATE TABLE small (a); INSERT INTO small VALUES (1);`)
	require.NoError(t, err)
	_, err = s.Rows(ctx, "big", 0, 50)
	require.ErrorIs(t, err, sqlite.ErrResultTooLarge)
	require.ErrorContains(t, err, "big: result too large: these rows hold more than 16 MiB")
	rows, err := s.Rows(ctx, "big", 0, 1)
	require.NoError(t, err, "one row fits")
	require.Len(t, rows.Rows, 1)
	rows, err = s.Rows(ctx, "small", 0, 50)
	require.NoError(t, err)
	require.Equal(t, [][]any{{int64(1)}}, rows.Rows)
	tables, err := s.Tables(ctx)
	require.NoError(t, err)
	require.Len(t, tables, 2)
}

// View reads what Tables and Rows read, the schema and counts once: every
// table, and a page of each at its offset (the last page when the offset is
// past the rows), none for a table without rows or whose page cannot be read.
func TestView(t *testing.T) {
	ctx := context.Background()
	s := tutorialSession(t, engine.Options{})
	_, err := s.Exec(ctx, `CREATE TABLE t (a, b AS (a * 2));
		WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 120) INSERT INTO t (a) SELECT n FROM s;
		CREATE TABLE "tag map" (tag TEXT, post INTEGER, note TEXT, PRIMARY KEY (tag, post)) WITHOUT ROWID;
		INSERT INTO "tag map" VALUES ('a', 1, 'x'), ('b', 2, NULL);
		CREATE TABLE u (rowid TEXT, v); INSERT INTO u VALUES ('r', 1);
		CREATE TABLE empty (e);
		CREATE TABLE big (b BLOB); INSERT INTO big VALUES (zeroblob(10000000)), (zeroblob(10000000));`)
	require.NoError(t, err)
	for _, c := range []struct {
		name    string
		offsets map[string]int
		limit   int
		want    map[string]int // table -> the page's offset
	}{
		{"first pages", nil, 50, map[string]int{"t": 0, "tag map": 0, "u": 0}},
		{"an offset", map[string]int{"t": 50, "tag map": 1}, 50, map[string]int{"t": 50, "tag map": 1, "u": 0}},
		{"past the rows: the last page", map[string]int{"t": 500, "u": 3}, 50, map[string]int{"t": 100, "tag map": 0, "u": 0}},
		{"a small page", map[string]int{"t": 7, "big": 1}, 1, map[string]int{"t": 7, "tag map": 0, "u": 0, "big": 1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			tables, pages, err := s.View(ctx, c.offsets, c.limit)
			require.NoError(t, err)
			want, err := s.Tables(ctx)
			require.NoError(t, err)
			require.Equal(t, want, tables)
			got := map[string]int{}
			for name, p := range pages {
				got[name] = p.Offset
				rows, err := s.Rows(ctx, name, p.Offset, c.limit)
				require.NoError(t, err)
				require.Equal(t, rows, p.Rows, name)
			}
			require.Equal(t, c.want, got)
		})
	}
}

func TestRowEditErrorsSayWhy(t *testing.T) {
	ctx := context.Background()
	s := tutorialSession(t, engine.Options{})
	run(t, s, `alembic revision --autogenerate -m "create users table"`)
	run(t, s, "alembic upgrade head")
	require.NoError(t, s.InsertRow(ctx, "users", map[string]any{"name": "ada", "email": "a@x"}))
	err := s.InsertRow(ctx, "users", map[string]any{"name": "bob", "email": "a@x"})
	require.EqualError(t, err, "insert into users: UNIQUE constraint failed: users.email: nothing was changed")
	err = s.UpdateCell(ctx, "users", engine.RowRef{RowID: 1}, "name", nil)
	require.EqualError(t, err, "update users.name: NOT NULL constraint failed: users.name: nothing was changed")
}

// A naming convention's names are written as op.f('name'), a name given
// outright as a plain string even where it reads like the convention's: the
// script is the one Alembic 1.8.1 wrote for the same models
// (testdata/naming/alembic-1.8.1.txt, from its def upgrade on).
func TestNamingConventionScript(t *testing.T) {
	s := tutorialSession(t, engine.Options{})
	models, err := os.ReadFile("testdata/naming/models.py")
	require.NoError(t, err)
	require.NoError(t, s.WriteFile("models.py", string(models)))
	run(t, s, `alembic revision --autogenerate -m "init"`)
	script, err := s.ReadFile("alembic/versions/1f67b9e072b7_init.py")
	require.NoError(t, err)
	want, err := os.ReadFile("testdata/naming/alembic-1.8.1.txt")
	require.NoError(t, err)
	_, body, ok := strings.Cut(script, "\ndef upgrade")
	require.True(t, ok)
	// Retort's init writes Alembic 1.19's template: its docstrings are the difference.
	body = strings.NewReplacer("    \"\"\"Upgrade schema.\"\"\"\n", "", "    \"\"\"Downgrade schema.\"\"\"\n", "").Replace(body)
	require.Equal(t, string(want), "def upgrade"+body)

	// The four phases: up, nothing left to detect; down, the database empty again.
	run(t, s, "alembic upgrade head")
	require.Contains(t, run(t, s, "alembic check"), "No new upgrade operations detected.")
	run(t, s, "alembic downgrade base")
	tables, err := s.Tables(context.Background())
	require.NoError(t, err)
	require.Len(t, tables, 1, "alembic_version only")
}

// Upgrade, downgrade and stamp make alembic_version on a database that has
// none even when there is no step to run, as Alembic does; current, history
// and heads do not.
func TestVersionTableWithoutSteps(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		line  string
		table bool
	}{
		{"alembic upgrade head", true},
		{"alembic downgrade base", true},
		{"alembic stamp base", true},
		{"alembic current", false},
		{"alembic heads", false},
		{"alembic upgrade nosuchrev", false},
	} {
		t.Run(tc.line, func(t *testing.T) {
			s := tutorialSession(t, engine.Options{})
			try(t, s, tc.line)
			tables, err := s.Tables(ctx)
			require.NoError(t, err)
			var names []string
			for _, tb := range tables {
				names = append(names, tb.Name)
				require.Zero(t, tb.RowCount, tb.Name)
			}
			if tc.table {
				require.Equal(t, []string{"alembic_version"}, names)
			} else {
				require.Empty(t, names)
			}
		})
	}
}

// current -v prints its header once the migration context is set up, as
// Alembic does: after the context lines, in one terminal's order.
func TestCurrentVerboseOrder(t *testing.T) {
	s := tutorialSession(t, engine.Options{})
	var both bytes.Buffer
	require.Equal(t, 0, s.Run(context.Background(), []string{"current", "-v"}, &both, &both))
	require.Equal(t, "INFO  [alembic.runtime.migration] Context impl SQLiteImpl.\n"+
		"INFO  [alembic.runtime.migration] Will assume transactional DDL.\n"+
		"Current revision(s) for sqlite:///./myapp.db:\n", both.String())
}

// A column whose type makes its own CHECK (Enum and Boolean with
// create_constraint=True), added to an existing table: autogenerate writes
// add_column with the type, not the CHECK (Alembic leaves it to the type);
// upgrading adds the column with its CHECK (by a rebuild: Alembic's SQLite
// add_column skips it), so nothing is left to detect.
func TestTypeCheckAddColumn(t *testing.T) {
	s := tutorialSession(t, engine.Options{})
	run(t, s, `alembic revision --autogenerate -m "users"`)
	run(t, s, "alembic upgrade head")
	require.NoError(t, s.WriteFile("models.py", strings.Replace(usersModel, "from sqlalchemy import Column",
		"from sqlalchemy import Boolean, Enum\nfrom sqlalchemy import Column", 1)+
		`    status = Column(Enum("active", "banned", name="user_status", create_constraint=True))
    admin = Column(Boolean(create_constraint=True, name="ck_admin_bool"), nullable=False, server_default="0")
`))
	run(t, s, `alembic revision --autogenerate -m "status"`)
	script, err := s.ReadFile("alembic/versions/3a291af61148_status.py")
	require.NoError(t, err)
	require.Contains(t, script, "op.add_column('users', sa.Column('status', sa.Enum('active', 'banned', name='user_status', create_constraint=True), nullable=True))")
	require.Contains(t, script, "op.add_column('users', sa.Column('admin', sa.Boolean(create_constraint=True, name='ck_admin_bool'), server_default='0', nullable=False))")
	require.NotContains(t, script, "create_check_constraint")
	run(t, s, "alembic upgrade head")
	res, err := s.Exec(context.Background(), "SELECT sql FROM sqlite_master WHERE name = 'users';")
	require.NoError(t, err)
	sql := res[0].Rows[0][0].(string)
	require.Contains(t, sql, `CONSTRAINT "user_status" CHECK (status IN ('active', 'banned'))`)
	require.Contains(t, sql, `CONSTRAINT "ck_admin_bool" CHECK (admin IN (0, 1))`)
	require.Contains(t, run(t, s, "alembic check"), "No new upgrade operations detected.")
	run(t, s, "alembic downgrade base")
}

// TestLastStepsSQL: the steps the last upgrade, downgrade or stamp ran, as
// each dialect runs them (the page's SQL log beside its PostgreSQL view): a
// NOT NULL is SQLite's table rebuild and PostgreSQL's one ALTER; two steps are
// one transaction on PostgreSQL.
func TestLastStepsSQL(t *testing.T) {
	ctx := context.Background()
	s := tutorialSession(t, engine.Options{})
	sql, err := s.LastStepsSQL(ctx, "postgresql")
	require.NoError(t, err)
	require.Empty(t, sql, "no step ran yet")

	run(t, s, `alembic revision --autogenerate -m "create users table"`)
	models, err := s.ReadFile("models.py")
	require.NoError(t, err)
	require.NoError(t, s.WriteFile("models.py", strings.Replace(models, "name = Column(String, nullable=False)", "name = Column(String, nullable=False)\n    age = Column(Integer, nullable=True)", 1)))
	run(t, s, "alembic upgrade head")
	run(t, s, `alembic revision --autogenerate -m "add age"`)
	run(t, s, "alembic upgrade head")
	_, err = s.Exec(ctx, "INSERT INTO users (name, email, age) VALUES ('ada', 'ada@example.com', 36);")
	require.NoError(t, err)

	require.NoError(t, s.WriteFile("models.py", strings.Replace(models, "email = Column(String, unique=True)", "email = Column(String, unique=True, nullable=False)\n    age = Column(Integer, nullable=True)", 1)))
	out := run(t, s, `alembic revision --autogenerate -m "make email required"`)
	require.Contains(t, out, "Detected NOT NULL on column 'users.email'")
	run(t, s, "alembic upgrade head")
	log := strings.Join(s.SQLLog(), "\n")
	require.Contains(t, log, `INSERT INTO "new_users" SELECT`, "SQLite rebuilds the table")

	cases := []struct {
		name, cmd, dialect string
		want, not          []string
	}{
		{"rebuild on sqlite", "", "sqlite",
			[]string{`INSERT INTO "new_users"`, "-- Running upgrade 3a291af61148 -> 88d25a73c36d"},
			[]string{"SET NOT NULL"}},
		{"alter on postgresql", "", "postgresql",
			[]string{"BEGIN;\n\n-- Running upgrade 3a291af61148 -> 88d25a73c36d\n\nALTER TABLE users ALTER COLUMN email SET NOT NULL;", "COMMIT;"},
			[]string{"new_users", "PRAGMA"}},
		{"downgrade on postgresql", "alembic downgrade -1", "postgresql",
			[]string{"-- Running downgrade 88d25a73c36d -> 3a291af61148\n\nALTER TABLE users ALTER COLUMN email DROP NOT NULL;"},
			nil},
		{"two steps in one transaction on postgresql", "alembic downgrade base", "postgresql",
			[]string{"-- Running downgrade 3a291af61148 -> 1f67b9e072b7", "DROP COLUMN age", "-- Running downgrade 1f67b9e072b7 -> \n\nDROP TABLE users;"},
			nil},
		{"stamp", "alembic stamp head", "postgresql",
			[]string{`INSERT INTO alembic_version (version_num) VALUES ('88d25a73c36d')`},
			[]string{"CREATE TABLE users"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.cmd != "" {
				run(t, s, c.cmd)
			}
			// A command that runs no step leaves the last steps as they were.
			run(t, s, "alembic current")
			sql, err := s.LastStepsSQL(ctx, c.dialect)
			require.NoError(t, err)
			for _, w := range c.want {
				require.Contains(t, sql, w)
			}
			for _, n := range c.not {
				require.NotContains(t, sql, n)
			}
			require.Equal(t, 1, strings.Count(sql, "BEGIN;"), "one transaction:\n%s", sql)
		})
	}
	_, err = s.LastStepsSQL(ctx, "mysql")
	require.EqualError(t, err, `no dialect "mysql": Retort writes SQL for sqlite and postgresql`)
}

// TestPageSQLForPostgreSQLURL: in the page (a session over its own SQLite
// database), `upgrade --sql` honours a PostgreSQL URL in alembic.ini: it
// writes PostgreSQL's SQL without a server; an online upgrade cannot reach
// the server (natively: nothing listens on port 1; in the page there is no
// network) and leaves the page's database as it was.
func TestPageSQLForPostgreSQLURL(t *testing.T) {
	ctx := context.Background()
	s := tutorialSession(t, engine.Options{})
	run(t, s, `alembic revision --autogenerate -m "create users table"`)
	ini, err := s.ReadFile("alembic.ini")
	require.NoError(t, err)
	require.NoError(t, s.WriteFile("alembic.ini", strings.Replace(ini, "sqlalchemy.url = sqlite:///./myapp.db", "sqlalchemy.url = postgresql://app:secret@127.0.0.1:1/app", 1)))
	for _, prog := range []string{"alembic", "retort"} {
		out := run(t, s, prog+" upgrade head --sql")
		require.Contains(t, out, "INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.")
		require.Contains(t, out, "id SERIAL NOT NULL")
		require.NotContains(t, out, "PRAGMA")
	}
	out, status := try(t, s, "retort upgrade head")
	require.Equal(t, 1, status, out)
	require.Contains(t, out, "FAILED:")
	tables, err := s.Tables(ctx)
	require.NoError(t, err)
	require.Empty(t, tables, "nothing ran on the page's database")
}
