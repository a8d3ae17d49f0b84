package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"

	"retort/engine"
	"retort/engine/sqlite"
)

// The bridge between the page's worker and the engine facade, free of
// syscall/js so it builds and tests natively: messages are Go values
// (map[string]any, []any, string, float64, bool, nil, []byte) that main.go
// converts to and from JavaScript.
//
// A request is {id, method, params}; its reply is {id, result} or
// {id, error: {message, diagnostics}}. Events, sent while a request runs,
// are {event: "output"|"log"|"progress"|"question", id, ...}: a `run`'s
// stdout lines ("output") and stderr lines ("log": Alembic's log lines and
// errors) as they are written, a long step's progress, and the engine's
// questions. Every request runs in its own goroutine, so an `answer` can
// reach a request that waits on a question.

// bridge holds one session and routes requests to it.
type bridge struct {
	post func(msg map[string]any) // sends a message to the page

	mu      sync.Mutex // serializes calls into the session
	session *engine.Playground

	qmu       sync.Mutex              // guards cur, questions, nextQ
	cur       any                     // the id of the request the session's callbacks report to
	questions map[float64]chan string // open questions by id
	nextQ     float64
}

func newBridge(post func(map[string]any)) *bridge {
	return &bridge{post: post, questions: map[float64]chan string{}}
}

// handle answers one request asynchronously.
func (b *bridge) handle(msg map[string]any) {
	id := msg["id"]
	method, _ := msg["method"].(string)
	params, _ := msg["params"].(map[string]any)
	if params == nil {
		params = map[string]any{}
	}
	go func() {
		// A panic would stop the whole engine: report it as this request's error.
		defer func() {
			if r := recover(); r != nil {
				err := fmt.Errorf("%s: internal error: %v (please report it)", method, r)
				if sqlite.IsOutOfMemory(r) {
					// The driver's report of SQLITE_NOMEM from a database/sql read:
					// the statement failed, the database is kept.
					err = fmt.Errorf("%s: %w: the statement needs more than the %d MiB SQLite may use", method, sqlite.ErrOutOfMemory, sqlite.MemoryLimit>>20)
				}
				b.post(map[string]any{"id": id, "error": errorValue(err)})
			}
		}()
		result, err := b.call(id, method, params)
		if err != nil {
			b.post(map[string]any{"id": id, "error": errorValue(err)})
			return
		}
		b.post(map[string]any{"id": id, "result": result})
	}()
}

// errorValue is a failed request's error: its message, and the positioned
// errors it holds (a model's mistakes, a script's syntax errors) whole.
func errorValue(err error) map[string]any {
	return map[string]any{"message": err.Error(), "diagnostics": diagnosticsValue(engine.DiagnosticsOf(err))}
}

// paramError is a request whose params are missing or of the wrong type.
type paramError struct{ method, name, want string }

func (e *paramError) Error() string {
	return fmt.Sprintf("%s: parameter %q must be %s", e.method, e.name, e.want)
}

// params reads typed request parameters, remembering the first problem.
type params struct {
	method string
	m      map[string]any
	err    error
}

func (p *params) fail(name, want string) {
	if p.err == nil {
		p.err = &paramError{p.method, name, want}
	}
}

func (p *params) str(name string) string {
	s, ok := p.m[name].(string)
	if !ok {
		p.fail(name, "a string")
	}
	return s
}

func (p *params) optStr(name, def string) string {
	v, ok := p.m[name]
	if !ok || v == nil {
		return def
	}
	s, ok := v.(string)
	if !ok {
		p.fail(name, "a string")
	}
	return s
}

func (p *params) optInt(name string, def int) int {
	v, ok := p.m[name]
	if !ok || v == nil {
		return def
	}
	f, ok := v.(float64)
	if !ok || f != float64(int(f)) || f < 0 {
		p.fail(name, "a whole number ≥ 0")
	}
	return int(f)
}

func (p *params) optBool(name string) bool {
	v, ok := p.m[name]
	if !ok || v == nil {
		return false
	}
	bv, ok := v.(bool)
	if !ok {
		p.fail(name, "true or false")
	}
	return bv
}

func (p *params) strings(name string) []string {
	list, ok := p.m[name].([]any)
	if !ok {
		p.fail(name, "a list of strings")
		return nil
	}
	out := make([]string, len(list))
	for i, v := range list {
		if out[i], ok = v.(string); !ok {
			p.fail(name, "a list of strings")
		}
	}
	return out
}

func (p *params) files(name string) map[string]string {
	m, ok := p.m[name].(map[string]any)
	if !ok {
		p.fail(name, "an object of path: text")
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		if out[k], ok = v.(string); !ok {
			p.fail(name, "an object of path: text")
		}
	}
	return out
}

// rowid reads a rowid: a whole number, or its decimal string (what rows
// sends beyond 2^53).
func (p *params) rowid(name string) int64 {
	switch v := p.m[name].(type) {
	case float64:
		if v == math.Trunc(v) && math.Abs(v) <= maxSafe {
			return int64(v)
		}
	case string:
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return n
		}
	}
	p.fail(name, "a rowid (a whole number)")
	return 0
}

// row reads which row a request means: "key", a WITHOUT ROWID table's
// primary key values (an array of cell values), or else "rowid".
func (p *params) row() engine.RowRef {
	raw, ok := p.m["key"]
	if !ok || raw == nil {
		return engine.RowRef{RowID: p.rowid("rowid")}
	}
	list, ok := raw.([]any)
	if !ok {
		p.fail("key", "an array of the primary key's values")
		return engine.RowRef{}
	}
	key := make([]any, len(list))
	for i, v := range list {
		sv, err := sqlValue(v)
		if err != nil {
			p.fail(fmt.Sprintf("key[%d]", i), err.Error())
		}
		key[i] = sv
	}
	return engine.RowRef{Key: key}
}

// value reads one cell value for SQLite (see sqlValue); a missing value is NULL.
func (p *params) value(name string) any {
	v, err := sqlValue(p.m[name])
	if err != nil {
		p.fail(name, err.Error())
	}
	return v
}

// values reads an object of column: value.
func (p *params) values(name string) map[string]any {
	m, ok := p.m[name].(map[string]any)
	if !ok {
		p.fail(name, "an object of column: value")
		return nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		sv, err := sqlValue(v)
		if err != nil {
			p.fail(name+"."+k, err.Error())
		}
		out[k] = sv
	}
	return out
}

func (p *params) bytes(name string) []byte {
	b, ok := p.m[name].([]byte)
	if !ok {
		p.fail(name, "a Uint8Array")
	}
	return b
}

var errNotOpen = errors.New("no project is open (call open first)")

// call runs one method.
func (b *bridge) call(id any, method string, m map[string]any) (any, error) {
	p := &params{method: method, m: m}
	if method == "answer" {
		return b.answer(p)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.qmu.Lock()
	b.cur = id
	b.qmu.Unlock()
	ctx := context.Background()
	if method == "open" {
		files := p.files("files")
		if p.err != nil {
			return nil, p.err
		}
		return b.open(files)
	}
	s := b.session
	if s == nil {
		if _, known := methods[method]; known {
			return nil, errNotOpen
		}
	}
	switch method {
	case "run":
		// The terminal sends the line as typed: the engine splits it, as the
		// lessons' tests do; argv (the words after alembic) is the page's own.
		var argv []string
		if _, ok := p.m["line"]; ok {
			line := p.str("line")
			if p.err != nil {
				return nil, p.err
			}
			words, err := engine.ParseCommandLine(line)
			if err != nil {
				return nil, err
			}
			argv = words[1:]
		} else if argv = p.strings("argv"); p.err != nil {
			return nil, p.err
		}
		return b.run(ctx, id, argv), nil
	case "files":
		return stringsValue(s.Files()), nil
	case "readFile":
		path := p.str("path")
		if p.err != nil {
			return nil, p.err
		}
		return s.ReadFile(path)
	case "writeFile":
		path, content := p.str("path"), p.str("content")
		if p.err != nil {
			return nil, p.err
		}
		return nil, s.WriteFile(path, content)
	case "diagnostics":
		path := p.str("path")
		if p.err != nil {
			return nil, p.err
		}
		return diagnosticsValue(s.Diagnostics(path)), nil
	case "tables":
		tables, err := s.Tables(ctx)
		if err != nil {
			return nil, err
		}
		return tablesValue(tables), nil
	case "rows":
		table, offset, limit := p.str("table"), p.optInt("offset", 0), p.optInt("limit", 50)
		if p.err != nil {
			return nil, p.err
		}
		rows, err := s.Rows(ctx, table, offset, limit)
		if err != nil {
			return nil, err
		}
		return rowsValue(rows), nil
	case "insertRow":
		table, values := p.str("table"), p.values("values")
		if p.err != nil {
			return nil, p.err
		}
		return nil, s.InsertRow(ctx, table, values)
	case "updateCell":
		table, row, column := p.str("table"), p.row(), p.str("column")
		value := p.value("value")
		if p.err != nil {
			return nil, p.err
		}
		return nil, s.UpdateCell(ctx, table, row, column, value)
	case "deleteRow":
		table, row := p.str("table"), p.row()
		if p.err != nil {
			return nil, p.err
		}
		return nil, s.DeleteRow(ctx, table, row)
	case "exec":
		sql := p.str("sql")
		if p.err != nil {
			return nil, p.err
		}
		results, err := s.Exec(ctx, sql)
		if err != nil {
			return nil, err
		}
		return resultsValue(results), nil
	case "revisions":
		g, err := s.Revisions(ctx)
		if err != nil {
			return nil, err
		}
		return graphValue(g), nil
	case "current":
		cur, err := s.Current(ctx)
		if err != nil {
			return nil, err
		}
		return stringsValue(cur), nil
	case "stepSQL":
		rev, down, dialect := p.str("rev"), p.optBool("down"), p.optStr("dialect", "")
		if p.err != nil {
			return nil, p.err
		}
		return s.StepSQL(ctx, rev, down, dialect)
	case "exportDB":
		return s.ExportDB(ctx)
	case "importDB":
		data := p.bytes("data")
		if p.err != nil {
			return nil, p.err
		}
		return nil, s.ImportDB(ctx, data)
	case "exportZip":
		folder := p.optStr("folder", "project")
		if p.err != nil {
			return nil, p.err
		}
		return s.ExportZip(ctx, folder)
	case "sideEffects":
		diags, err := s.SideEffects()
		if err != nil {
			return nil, err
		}
		return diagnosticsValue(diags), nil
	case "batchNeeds":
		needs, err := s.BatchNeeds()
		if err != nil {
			return nil, err
		}
		return batchNeedsValue(needs), nil
	case "renderAsBatch":
		path := p.str("path")
		if p.err != nil {
			return nil, p.err
		}
		return nil, s.RenderAsBatch(path)
	case "downloadNames":
		file, folder := s.DownloadNames()
		return map[string]any{"file": file, "folder": folder}, nil
	case "sqlLog":
		return stringsValue(s.SQLLog()), nil
	case "lastStepsSQL":
		dialect := p.str("dialect")
		if p.err != nil {
			return nil, p.err
		}
		return s.LastStepsSQL(ctx, dialect)
	case "createAll":
		created, query, err := s.CreateAll(ctx)
		if err != nil {
			return nil, err
		}
		return map[string]any{"created": stringsValue(created), "appQuery": query}, nil
	}
	return nil, fmt.Errorf("unknown method %q", method)
}

// methods lists the methods that need an open session.
var methods = map[string]struct{}{
	"run": {}, "files": {}, "readFile": {}, "writeFile": {}, "diagnostics": {}, "tables": {},
	"rows": {}, "exec": {}, "revisions": {}, "current": {}, "stepSQL": {}, "exportDB": {},
	"importDB": {}, "sqlLog": {}, "lastStepsSQL": {}, "createAll": {}, "insertRow": {}, "updateCell": {}, "deleteRow": {},
	"exportZip": {}, "batchNeeds": {}, "sideEffects": {}, "renderAsBatch": {}, "downloadNames": {},
}

// open replaces the session with a new one on files and an empty database.
func (b *bridge) open(files map[string]string) (any, error) {
	s, err := engine.OpenPlayground(files, engine.Options{
		Ask:      b.ask,
		Progress: b.progress,
	})
	if err != nil {
		return nil, err
	}
	if old := b.session; old != nil {
		old.Close()
	}
	b.session = s
	return map[string]any{"files": stringsValue(s.Files())}, nil
}

// currentID is the request the session's callbacks report to: the session
// serves one request at a time (b.mu), so one is enough.
func (b *bridge) currentID() any {
	b.qmu.Lock()
	defer b.qmu.Unlock()
	return b.cur
}

func (b *bridge) progress(done, total int) {
	b.post(map[string]any{"event": "progress", "id": b.currentID(), "done": float64(done), "total": float64(total)})
}

// ask sends a question event and waits for its answer request.
func (b *bridge) ask(q engine.Question) (string, bool) {
	b.qmu.Lock()
	b.nextQ++
	qid := b.nextQ
	ch := make(chan string, 1)
	b.questions[qid] = ch
	id := b.cur
	b.qmu.Unlock()
	b.post(map[string]any{
		"event": "question", "id": id, "questionId": qid,
		"kind": q.Kind, "text": q.Text, "options": stringsValue(q.Options),
	})
	return <-ch, true
}

func (b *bridge) answer(p *params) (any, error) {
	qid, ok := p.m["questionId"].(float64)
	choice := p.str("choice")
	if !ok {
		p.fail("questionId", "a number")
	}
	if p.err != nil {
		return nil, p.err
	}
	b.qmu.Lock()
	ch, ok := b.questions[qid]
	delete(b.questions, qid)
	b.qmu.Unlock()
	if !ok {
		return nil, fmt.Errorf("answer: no open question %v", qid)
	}
	ch <- choice
	return nil, nil
}

// run runs a command line, sending its stdout lines as "output" events and
// its stderr lines as "log" events as they are written, and returns
// {exitCode, stdout, stderr, argv} (argv: the arguments it ran).
func (b *bridge) run(ctx context.Context, id any, argv []string) any {
	var stdout, stderr bytes.Buffer
	out := &lineWriter{emit: func(line string) { b.post(map[string]any{"event": "output", "id": id, "line": line}) }}
	errw := &lineWriter{emit: func(line string) { b.post(map[string]any{"event": "log", "id": id, "line": line}) }}
	code := b.session.Run(ctx, argv, io.MultiWriter(&stdout, out), io.MultiWriter(&stderr, errw))
	out.flush()
	errw.flush()
	return map[string]any{"exitCode": float64(code), "stdout": stdout.String(), "stderr": stderr.String(), "argv": stringsValue(argv)}
}

// lineWriter calls emit once per complete line written to it.
type lineWriter struct {
	buf  []byte
	emit func(line string)
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.buf = append(w.buf, p...)
	for {
		i := bytes.IndexByte(w.buf, '\n')
		if i < 0 {
			return len(p), nil
		}
		w.emit(strings.TrimSuffix(string(w.buf[:i]), "\r"))
		w.buf = w.buf[i+1:]
	}
}

func (w *lineWriter) flush() {
	if len(w.buf) > 0 {
		w.emit(string(w.buf))
		w.buf = nil
	}
}
