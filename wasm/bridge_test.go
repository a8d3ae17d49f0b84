package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// harness runs requests through a bridge and collects what it posts.
type harness struct {
	t      *testing.T
	b      *bridge
	posted chan map[string]any
	nextID float64
	events []map[string]any
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
				continue
			}
			require.Equal(h.t, id, m["id"])
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
	require.Equal(t, []any{[]any{nil, "y"}}, rows["values"])

	_, execErr := h.call("exec", map[string]any{"sql": "SELECT * FROM missing;"})
	require.NotNil(t, execErr)
	require.Contains(t, execErr["message"], "missing")

	db := h.ok("exportDB", nil).([]byte)
	require.Greater(t, len(db), 0)
	h.ok("exec", map[string]any{"sql": "DELETE FROM t;"})
	h.ok("importDB", map[string]any{"data": db})
	rows = h.ok("rows", map[string]any{"table": "t"}).(map[string]any)
	require.Len(t, rows["values"], 3)

	run := h.ok("run", map[string]any{"argv": []any{"current"}}).(map[string]any)
	require.Equal(t, 0.0, run["exitCode"])
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
