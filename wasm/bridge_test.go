package main

import (
	"archive/zip"
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	_ "retort/internal/golden" // go test ./... -update: every test binary takes the flag
)

// harness runs requests through a bridge and collects what it posts.
type harness struct {
	t      *testing.T
	b      *bridge
	posted chan map[string]any
	nextID float64
	events []map[string]any
	// answer, when set, answers question events (as the page's dialog does).
	answer func(q map[string]any) string
}

func newHarness(t *testing.T) *harness {
	h := &harness{t: t, posted: make(chan map[string]any, 1000)}
	h.b = newBridge(func(m map[string]any) { h.posted <- m })
	return h
}

// call sends a request and waits for its reply, keeping the events posted meanwhile.
func (h *harness) call(method string, params map[string]any) (any, map[string]any) {
	h.t.Helper()
	h.nextID++
	id := h.nextID
	h.b.handle(map[string]any{"id": id, "method": method, "params": params})
	for {
		select {
		case m := <-h.posted:
			if _, ok := m["event"]; ok {
				h.events = append(h.events, m)
				if m["event"] == "question" && h.answer != nil {
					h.nextID++
					h.b.handle(map[string]any{"id": h.nextID, "method": "answer", "params": map[string]any{
						"questionId": m["questionId"], "choice": h.answer(m),
					}})
				}
				continue
			}
			if m["id"] != id { // the reply to an answer
				require.Nil(h.t, m["error"])
				continue
			}
			if e, ok := m["error"]; ok {
				return nil, e.(map[string]any)
			}
			return m["result"], nil
		case <-time.After(30 * time.Second):
			h.t.Fatalf("%s: no reply", method)
		}
	}
}

func (h *harness) ok(method string, params map[string]any) any {
	h.t.Helper()
	res, err := h.call(method, params)
	require.Nil(h.t, err, "%s", method)
	return res
}

var project = map[string]any{
	"models.py": "from sqlalchemy import Column, Integer, String\nfrom database import Base\n\n\nclass User(Base):\n    __tablename__ = \"users\"\n    id = Column(Integer, primary_key=True)\n",
}

func TestErrors(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		method string
		params map[string]any
		want   string
	}{
		{"tables", nil, "no project is open (call open first)"},
		{"open", map[string]any{"files": "x"}, `open: parameter "files" must be an object of path: text`},
		{"nope", nil, `unknown method "nope"`},
		{"answer", map[string]any{"questionId": 7.0, "choice": "yes"}, "answer: no open question 7"},
	}
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			_, err := h.call(tt.method, tt.params)
			require.NotNil(t, err)
			require.Equal(t, tt.want, err["message"])
			require.Equal(t, []any{}, err["diagnostics"])
		})
	}
}

// A failed request whose error is positioned carries its diagnostics whole.
func TestErrorDiagnostics(t *testing.T) {
	h := newHarness(t)
	h.tutorialStart()
	h.ok("writeFile", map[string]any{"path": "models.py", "content": strings.Replace(modelsPy, "Column(String, nullable", "Column(Strng, nullable", 1)})
	_, err := h.call("createAll", nil)
	require.NotNil(t, err)
	require.Contains(t, err["message"], "models.py:10:19: ")
	diags := err["diagnostics"].([]any)
	require.Len(t, diags, 1)
	d := diags[0].(map[string]any)
	require.Equal(t, "models.py", d["file"])
	require.Equal(t, "error", d["severity"])
	require.Equal(t, []float64{10, 19, 10, 24}, []float64{d["line"].(float64), d["col"].(float64), d["endLine"].(float64), d["endCol"].(float64)})
}

// The terminal's line is split by the engine (engine.ParseCommandLine).
func TestRunLine(t *testing.T) {
	h := newHarness(t)
	h.tutorialStart()
	res := h.ok("run", map[string]any{"line": `alembic revision -m "add 'x'"`}).(map[string]any)
	require.Equal(t, 0.0, res["exitCode"], "%s", res["stderr"])
	require.Equal(t, []any{"revision", "-m", "add 'x'"}, res["argv"])
	require.Equal(t, true, res["filesChanged"], "a new revision script")
	res = h.ok("run", map[string]any{"line": "alembic upgrade head"}).(map[string]any)
	require.Equal(t, 0.0, res["exitCode"], "%s", res["stderr"])
	require.Equal(t, false, res["filesChanged"], "a step writes no file")
	for line, want := range map[string]string{
		"ls -l":            "ls: not a command here. Type alembic … (or retort …), or SQL ending in ;",
		`alembic -m "x`:    `unterminated " quote`,
		`alembic upgrade\`: "a backslash ends the line",
	} {
		_, err := h.call("run", map[string]any{"line": line})
		require.NotNil(t, err, line)
		require.Equal(t, want, err["message"], line)
	}
}

func TestSession(t *testing.T) {
	h := newHarness(t)
	opened := h.ok("open", map[string]any{"files": project}).(map[string]any)
	require.Contains(t, opened["files"], "models.py")

	_, perr := h.call("readFile", map[string]any{"path": 3.0})
	require.Equal(t, `readFile: parameter "path" must be a string`, perr["message"])

	h.ok("writeFile", map[string]any{"path": "notes.txt", "content": "hi"})
	require.Equal(t, "hi", h.ok("readFile", map[string]any{"path": "notes.txt"}))
	require.Contains(t, h.ok("files", nil), "notes.txt")

	res := h.ok("exec", map[string]any{"sql": "CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'x'), (NULL, 'y'), (9007199254740993, NULL); SELECT a, b FROM t;"}).([]any)
	last := res[len(res)-1].(map[string]any)
	require.Equal(t, []any{"a", "b"}, last["columns"])
	require.Equal(t, []any{
		[]any{1.0, "x"},
		[]any{nil, "y"},
		[]any{"9007199254740993", nil}, // beyond 2^53: kept exact as text
	}, last["rows"])

	var table map[string]any
	for _, tb := range h.ok("tables", nil).([]any) {
		if tb.(map[string]any)["name"] == "t" {
			table = tb.(map[string]any)
		}
	}
	require.NotNil(t, table)
	require.Equal(t, 3.0, table["rowCount"])
	cols := table["columns"].([]any)
	require.Equal(t, "a", cols[0].(map[string]any)["name"])

	rows := h.ok("rows", map[string]any{"table": "t", "offset": 1.0, "limit": 1.0}).(map[string]any)
	require.Equal(t, []any{[]any{nil, "y"}}, rows["rows"])
	require.Equal(t, 3.0, rows["total"])

	_, execErr := h.call("exec", map[string]any{"sql": "SELECT * FROM missing;"})
	require.NotNil(t, execErr)
	require.Contains(t, execErr["message"], "missing")

	db := h.ok("exportDB", nil).([]byte)
	require.Greater(t, len(db), 0)
	h.ok("exec", map[string]any{"sql": "DELETE FROM t;"})
	h.ok("importDB", map[string]any{"data": db})
	rows = h.ok("rows", map[string]any{"table": "t"}).(map[string]any)
	require.Len(t, rows["rows"], 3)

	// A command's stderr lines arrive as log events, and in the result.
	h.events = nil
	run := h.ok("run", map[string]any{"argv": []any{"current"}}).(map[string]any)
	require.Equal(t, 1.0, run["exitCode"])
	require.Contains(t, run["stderr"], "alembic.ini")
	require.NotEmpty(t, h.events)
	require.Equal(t, "log", h.events[0]["event"])
	require.Equal(t, strings.TrimSuffix(run["stderr"].(string), "\n"), h.events[0]["line"])
}

// TestOpenView: open runs its SQL on the new database and, asked for the
// view, answers with it as run does: the page's first view of a lesson in
// one reply (index.html's boot asks for it as soon as the engine starts).
func TestOpenView(t *testing.T) {
	tests := []struct {
		name   string
		params map[string]any
		err    string
		tables []string // the tables of the view; nil: no view
		rows   float64  // rows in t's page
		hasDB  bool
	}{
		{name: "files alone", params: map[string]any{"files": project}},
		{name: "SQL and the view", params: map[string]any{"files": project, "sql": "CREATE TABLE t (a); INSERT INTO t VALUES (1), (2);",
			"view": map[string]any{"offsets": map[string]any{}, "limit": 50.0, "checkpoint": true}},
			tables: []string{"t"}, rows: 2, hasDB: true},
		{name: "the view of an empty database", params: map[string]any{"files": project, "view": map[string]any{"offsets": map[string]any{}, "limit": 50.0}},
			tables: []string{}},
		{name: "SQL that fails", params: map[string]any{"files": project, "sql": "CREATE TABLE"}, err: "incomplete input"},
		{name: "SQL that is no string", params: map[string]any{"files": project, "sql": 1.0}, err: `open: parameter "sql" must be a string`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			v, e := h.call("open", tt.params)
			if tt.err != "" {
				require.NotNil(t, e)
				require.Contains(t, e["message"], tt.err)
				return
			}
			require.Nil(t, e)
			res := v.(map[string]any)
			require.Contains(t, res["files"], "models.py")
			if tt.tables == nil {
				require.NotContains(t, res, "tables")
				return
			}
			var names []string
			for _, tb := range res["tables"].([]any) {
				names = append(names, tb.(map[string]any)["name"].(string))
			}
			require.ElementsMatch(t, tt.tables, names)
			if tt.rows > 0 {
				rows := res["pages"].(map[string]any)["t"].(map[string]any)["rows"].(map[string]any)
				require.Equal(t, tt.rows, rows["total"])
			}
			if tt.hasDB {
				require.Equal(t, h.ok("exportDB", nil), res["db"])
			} else {
				require.NotContains(t, res, "db")
			}
		})
	}
}

func TestLineWriter(t *testing.T) {
	var got []string
	w := &lineWriter{emit: func(l string) { got = append(got, l) }}
	w.Write([]byte("one\ntw"))
	w.Write([]byte("o\r\nthree"))
	require.Equal(t, []string{"one", "two"}, got)
	w.flush()
	require.Equal(t, []string{"one", "two", "three"}, got)
}

const databasePy = `from sqlalchemy import create_engine
from sqlalchemy.orm import declarative_base, sessionmaker

SQLALCHEMY_DATABASE_URL = "sqlite:///./myapp.db"

engine = create_engine(SQLALCHEMY_DATABASE_URL, connect_args={"check_same_thread": False})
SessionLocal = sessionmaker(autocommit=False, autoflush=False, bind=engine)

Base = declarative_base()
`

const modelsPy = `from sqlalchemy import Column, Integer, String

from database import Base


class User(Base):
    __tablename__ = "users"

    id = Column(Integer, primary_key=True)
    name = Column(String, nullable=False)
    email = Column(String, unique=True)
`

// runOK runs a command line through the bridge and requires success.
func (h *harness) runOK(argv ...any) map[string]any {
	h.t.Helper()
	res := h.ok("run", map[string]any{"argv": argv}).(map[string]any)
	require.Equal(h.t, 0.0, res["exitCode"], "%v\n%s%s", argv, res["stdout"], res["stderr"])
	return res
}

// TestQuestion runs the tutorial's start through the bridge and answers the
// rename question autogenerate asks, as the page does.
func TestQuestion(t *testing.T) {
	h := newHarness(t)
	h.ok("open", map[string]any{"files": map[string]any{"database.py": databasePy, "models.py": modelsPy}})
	h.runOK("init", "alembic")
	ini := h.ok("readFile", map[string]any{"path": "alembic.ini"}).(string)
	ini = strings.Replace(ini, "sqlalchemy.url = driver://user:pass@localhost/dbname", "sqlalchemy.url = sqlite:///./myapp.db", 1)
	h.ok("writeFile", map[string]any{"path": "alembic.ini", "content": ini})
	env := h.ok("readFile", map[string]any{"path": "alembic/env.py"}).(string)
	env = strings.Replace(env, "target_metadata = None", "from database import Base\nimport models\n\ntarget_metadata = Base.metadata", 1)
	h.ok("writeFile", map[string]any{"path": "alembic/env.py", "content": env})

	h.runOK("revision", "--autogenerate", "-m", "create users table")
	h.runOK("upgrade", "head")
	h.ok("exec", map[string]any{"sql": "INSERT INTO users (name) VALUES ('ada');"})

	var asked []string
	h.answer = func(q map[string]any) string {
		asked = append(asked, q["kind"].(string)+": "+q["text"].(string))
		require.Equal(t, []any{"n", "y"}, q["options"])
		return "y"
	}
	h.ok("writeFile", map[string]any{"path": "models.py", "content": strings.Replace(modelsPy, "    name = ", "    full_name = ", 1)})
	h.runOK("revision", "--autogenerate", "-m", "rename name")
	require.Equal(t, []string{"rename: Was users.name renamed to users.full_name (a VARCHAR)? [y/N]"}, asked)
	h.runOK("upgrade", "head")
	res := h.ok("exec", map[string]any{"sql": "SELECT full_name FROM users;"}).([]any)
	require.Equal(t, []any{[]any{"ada"}}, res[0].(map[string]any)["rows"])

	g := h.ok("revisions", nil).(map[string]any)
	nodes := g["nodes"].([]any)
	require.Len(t, nodes, 2)
	require.Equal(t, "rename name", nodes[1].(map[string]any)["message"])
	require.Equal(t, true, nodes[1].(map[string]any)["current"])
	require.Len(t, g["current"], 1)
	require.NotEmpty(t, h.ok("sqlLog", nil))
	// The same steps as PostgreSQL runs them: a rename in place.
	pg := h.ok("lastStepsSQL", map[string]any{"dialect": "postgresql"}).(string)
	require.Contains(t, pg, `ALTER TABLE users RENAME name TO full_name;`)
	_, perr := h.call("lastStepsSQL", map[string]any{})
	require.Equal(t, `lastStepsSQL: parameter "dialect" must be a string`, perr["message"])
}

// TestRowEdits inserts, edits and deletes rows through the bridge, as the
// Database panel does, and checks that a refused change changes nothing.
func TestRowEdits(t *testing.T) {
	h := newHarness(t)
	h.ok("open", map[string]any{"files": project})
	h.ok("exec", map[string]any{"sql": "CREATE TABLE u (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE, score, ok BOOLEAN DEFAULT 1);" +
		"CREATE TABLE k (a TEXT PRIMARY KEY, b INTEGER) WITHOUT ROWID;"})
	rows := func(table string) map[string]any {
		return h.ok("rows", map[string]any{"table": table}).(map[string]any)
	}

	h.ok("insertRow", map[string]any{"table": "u", "values": map[string]any{"name": "ada", "email": "a@x", "score": 3.0}})
	h.ok("insertRow", map[string]any{"table": "u", "values": map[string]any{"name": "bob", "score": 2.5, "ok": false}})
	got := rows("u")
	require.Equal(t, []any{
		[]any{1.0, "ada", "a@x", 3.0, true}, // ok took its default (a BOOLEAN column reads back as true/false)
		[]any{2.0, "bob", nil, 2.5, false},
	}, got["rows"])
	require.Equal(t, []any{1.0, 2.0}, got["rowids"])
	// 3.0 from JavaScript is stored as an INTEGER, 2.5 as a REAL.
	res := h.ok("exec", map[string]any{"sql": "SELECT typeof(score) FROM u ORDER BY id;"}).([]any)
	require.Equal(t, []any{[]any{"integer"}, []any{"real"}}, res[0].(map[string]any)["rows"])

	h.ok("updateCell", map[string]any{"table": "u", "rowid": 2.0, "column": "email", "value": "b@x"})
	h.ok("updateCell", map[string]any{"table": "u", "rowid": "1", "column": "score", "value": nil})
	require.Equal(t, []any{
		[]any{1.0, "ada", "a@x", nil, true},
		[]any{2.0, "bob", "b@x", 2.5, false},
	}, rows("u")["rows"])

	// Refused: nothing changes.
	before := rows("u")
	for _, tt := range []struct {
		method string
		params map[string]any
		want   string
	}{
		{"insertRow", map[string]any{"table": "u", "values": map[string]any{"email": "c@x"}}, "NOT NULL constraint failed: u.name"},
		{"insertRow", map[string]any{"table": "u", "values": map[string]any{"name": "c", "email": "a@x"}}, "UNIQUE constraint failed: u.email"},
		{"insertRow", map[string]any{"table": "u", "values": map[string]any{"nope": 1.0}}, "nope"},
		{"insertRow", map[string]any{"table": "u", "values": "x"}, `insertRow: parameter "values" must be an object of column: value`},
		{"updateCell", map[string]any{"table": "u", "rowid": 1.0, "column": "email", "value": "b@x"}, "UNIQUE constraint failed: u.email"},
		{"updateCell", map[string]any{"table": "u", "rowid": 1.0, "column": "name", "value": nil}, "NOT NULL constraint failed: u.name"},
		{"updateCell", map[string]any{"table": "u", "rowid": 9.0, "column": "name", "value": "z"}, "update u.name: no row with rowid 9: nothing was changed"},
		{"updateCell", map[string]any{"table": "u", "rowid": 1.5, "column": "name", "value": "z"}, `updateCell: parameter "rowid" must be a rowid (a whole number)`},
		{"updateCell", map[string]any{"table": "u", "rowid": 1.0, "column": "name", "value": map[string]any{}}, `updateCell: parameter "value" must be null, a number, text, true/false or bytes`},
		{"deleteRow", map[string]any{"table": "u"}, `deleteRow: parameter "rowid" must be a rowid (a whole number)`},
		{"deleteRow", map[string]any{"table": "missing", "rowid": 1.0}, "missing"},
	} {
		t.Run(tt.method, func(t *testing.T) {
			_, err := h.call(tt.method, tt.params)
			require.NotNil(t, err)
			require.Contains(t, err["message"], tt.want)
		})
	}
	require.Equal(t, before, rows("u"))

	h.ok("deleteRow", map[string]any{"table": "u", "rowid": 1.0})
	got = rows("u")
	require.Equal(t, []any{[]any{2.0, "bob", "b@x", 2.5, false}}, got["rows"])
	require.Equal(t, 1.0, got["total"])

	// A WITHOUT ROWID table takes rows but has no rowids to edit them by.
	h.ok("insertRow", map[string]any{"table": "k", "values": map[string]any{"a": "x", "b": 1.0}})
	got = rows("k")
	require.Equal(t, []any{[]any{"x", 1.0}}, got["rows"])
	require.NotContains(t, got, "rowids")
}

// tutorialStart opens the tutorial's project, alembic init-ed and configured.
func (h *harness) tutorialStart() {
	h.t.Helper()
	h.ok("open", map[string]any{"files": map[string]any{"database.py": databasePy, "models.py": modelsPy}})
	h.runOK("init", "alembic")
	ini := h.ok("readFile", map[string]any{"path": "alembic.ini"}).(string)
	ini = strings.Replace(ini, "sqlalchemy.url = driver://user:pass@localhost/dbname", "sqlalchemy.url = sqlite:///./myapp.db", 1)
	h.ok("writeFile", map[string]any{"path": "alembic.ini", "content": ini})
	env := h.ok("readFile", map[string]any{"path": "alembic/env.py"}).(string)
	env = strings.Replace(env, "target_metadata = None", "from database import Base\nimport models\n\ntarget_metadata = Base.metadata", 1)
	h.ok("writeFile", map[string]any{"path": "alembic/env.py", "content": env})
}

// TestExport: the project as a zip, the revisions Alembic cannot run on
// SQLite outside batch mode, and their re-rendering as batch blocks.
func TestExport(t *testing.T) {
	h := newHarness(t)
	h.tutorialStart()
	h.runOK("revision", "--autogenerate", "-m", "create users table")
	h.runOK("upgrade", "head")
	require.Equal(t, []any{}, h.ok("batchNeeds", nil))

	h.ok("writeFile", map[string]any{"path": "models.py", "content": strings.Replace(modelsPy, "unique=True)", "unique=True, nullable=False)", 1)})
	h.runOK("revision", "--autogenerate", "-m", "email not null")
	needs := h.ok("batchNeeds", nil).([]any)
	require.Len(t, needs, 1)
	need := needs[0].(map[string]any)
	require.Regexp(t, `^alembic/versions/[0-9a-f]{12}_email_not_null\.py$`, need["path"])
	require.Equal(t, []any{"op.alter_column('users', 'email')", "op.alter_column('users', 'email')"}, need["ops"])

	_, perr := h.call("renderAsBatch", map[string]any{"path": "models.py"})
	require.Equal(t, "models.py is not a revision script", perr["message"])
	h.ok("renderAsBatch", map[string]any{"path": need["path"]})
	require.Contains(t, h.ok("readFile", map[string]any{"path": need["path"]}), "with op.batch_alter_table('users', schema=None) as batch_op:")
	require.Equal(t, []any{}, h.ok("batchNeeds", nil))

	_, perr = h.call("exportZip", map[string]any{"folder": 1.0})
	require.Equal(t, `exportZip: parameter "folder" must be a string`, perr["message"])
	for _, tt := range []struct {
		params map[string]any
		folder string
	}{{nil, "project"}, {map[string]any{"folder": "myapp"}, "myapp"}} {
		data := h.ok("exportZip", tt.params).([]byte)
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		require.NoError(t, err)
		var names []string
		for _, f := range zr.File {
			names = append(names, f.Name)
		}
		for _, want := range []string{"alembic.ini", "models.py", "database.py", "alembic/env.py", "alembic/script.py.mako", "alembic/versions/", "myapp.db", need["path"].(string)} {
			require.Contains(t, names, tt.folder+"/"+want)
		}
	}
}

// TestHostileRequests: what a too-large statement or a hostile project asks
// of the engine is an ordinary error, and the session goes on.
func TestHostileRequests(t *testing.T) {
	h := newHarness(t)
	h.tutorialStart()
	require.Equal(t, map[string]any{"file": "myapp.db", "folder": "myapp"}, h.ok("downloadNames", nil))

	h.ok("exec", map[string]any{"sql": "CREATE TABLE keep (a); INSERT INTO keep VALUES (1);"})
	_, perr := h.call("exec", map[string]any{"sql": "SELECT length(randomblob(300000000));"})
	require.Contains(t, perr["message"], "out of memory")
	res := h.ok("exec", map[string]any{"sql": "SELECT count(*) FROM keep;"}).([]any)
	require.Equal(t, []any{[]any{1.0}}, res[0].(map[string]any)["rows"], "the database is kept")

	ini := h.ok("readFile", map[string]any{"path": "alembic.ini"}).(string)
	h.ok("writeFile", map[string]any{"path": "alembic.ini", "content": strings.Replace(ini, "sqlite:///./myapp.db", "sqlite:///...db", 1)})
	require.Equal(t, map[string]any{"file": "...db", "folder": "project"}, h.ok("downloadNames", nil))

	_, perr = h.call("open", map[string]any{"files": map[string]any{"models.py": strings.Repeat("#", 5<<20)}})
	require.Contains(t, perr["message"], "models.py: file too large")
}

// TestRunView: a run asked for the view answers with every table and a page
// of each one's rows at the offset asked for; without it, with neither.
func TestRunView(t *testing.T) {
	h := newHarness(t)
	h.ok("open", map[string]any{"files": project})
	h.ok("exec", map[string]any{"sql": "CREATE TABLE t (a); WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 120) INSERT INTO t SELECT n FROM s; CREATE TABLE empty (b);"})
	plain := h.ok("run", map[string]any{"argv": []any{"current"}}).(map[string]any)
	require.NotContains(t, plain, "tables")
	require.NotContains(t, plain, "pages")

	res := h.ok("run", map[string]any{"argv": []any{"current"}, "view": map[string]any{"offsets": map[string]any{"t": 50.0}, "limit": 20.0}}).(map[string]any)
	require.Len(t, res["tables"], 2)
	pages := res["pages"].(map[string]any)
	require.NotContains(t, pages, "empty", "a table without rows has no page")
	page := pages["t"].(map[string]any)
	require.Equal(t, 50.0, page["offset"])
	rows := page["rows"].(map[string]any)
	require.Equal(t, 120.0, rows["total"])
	require.Len(t, rows["rows"], 20)
	require.Equal(t, 51.0, rows["rows"].([]any)[0].([]any)[0])
	require.NotContains(t, res, "revisions", "no graph without alembic.ini: the page asks, and shows why")
	require.Equal(t, []any{}, res["sqlLog"])
	require.NotContains(t, res, "db", "the bytes only when asked for")

	res = h.ok("run", map[string]any{"argv": []any{"current"}, "view": map[string]any{"offsets": map[string]any{}, "limit": 20.0, "checkpoint": true}}).(map[string]any)
	require.Equal(t, h.ok("exportDB", nil), res["db"])

	h.ok("exec", map[string]any{"sql": "CREATE TABLE big (b); WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 300) INSERT INTO big SELECT randomblob(10000) FROM s;"})
	res = h.ok("run", map[string]any{"argv": []any{"current"}, "view": map[string]any{"offsets": map[string]any{}, "limit": 1.0, "checkpoint": true}}).(map[string]any)
	require.NotContains(t, res, "db", "a database over viewCheckpointMax comes in a message of its own")
	require.Contains(t, res, "pages")

	_, e := h.call("run", map[string]any{"argv": []any{"current"}, "view": map[string]any{"offsets": map[string]any{}, "limit": "x"}})
	require.Nil(t, e, "a view it cannot read leaves the run's result as it is")
}

// plainJSON: what may cross to the page as one JSON text, and what must
// cross value by value (bytes, numbers JSON has not, broken text).
func TestPlainJSON(t *testing.T) {
	for _, c := range []struct {
		name string
		v    any
		want bool
	}{
		{"a run's view", map[string]any{"tables": []any{map[string]any{"name": "users", "rowCount": 10000.0, "error": nil}},
			"rows": []any{[]any{1.0, "ada", nil, true, -0.5, "1e400"}}}, true},
		{"text with markup and newlines", []any{"<b>&</b>\n\u2028"}, true},
		{"bytes", map[string]any{"db": []byte("SQLite format 3\x00")}, false},
		{"bytes in a row", []any{[]any{1.0, []byte{0xff}}}, false},
		{"not a number", []any{math.NaN()}, false},
		{"infinite", map[string]any{"x": math.Inf(-1)}, false},
		{"broken text", []any{"a\xffb"}, false},
		{"a broken key", map[string]any{"\xff": 1.0}, false},
		{"another Go type", []any{int64(1)}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			require.Equal(t, c.want, plainJSON(c.v))
		})
	}
}
