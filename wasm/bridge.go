package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
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
		if whole(v) {
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

// method is one request the page may send: the bridge's whole RPC is the
// methods table below (web/src/engine.ts's Methods declares the same names
// and shapes; TestProtocolMatchesTypeScript holds the two together).
type method struct {
	// free marks the methods that run without a project open (open, answer).
	free bool
	// now marks a method that runs at once, not after the request the
	// session serves (answer: it reaches a request that waits on a question).
	now bool
	// call reads the params (p.err set on a bad one: run checks it) and
	// runs the method on the session; s is nil only for free methods.
	call func(r *request) (any, error)
}

// request is one call in progress.
type request struct {
	b   *bridge
	ctx context.Context
	id  any
	s   *engine.Playground
	p   *params
}

// methods is the bridge's RPC: dispatch and the "no project open" check
// both read it.
var methods map[string]method

func init() {
	// Set in init: run's entry refers to methods through b.call.
	methods = map[string]method{
		// open takes the project's files, SQL to run on its new database
		// (a lesson's seed: "sql") and, as run does, a view: the page's
		// first view of a project comes in the open's one reply.
		"open": {free: true, call: func(r *request) (any, error) {
			files, sql := r.p.files("files"), r.p.optStr("sql", "")
			if r.p.err != nil {
				return nil, r.p.err
			}
			res, err := r.b.open(files)
			if err != nil {
				return nil, err
			}
			r.s = r.b.session
			if sql != "" {
				if _, err := r.s.Exec(r.ctx, sql); err != nil {
					return nil, err
				}
			}
			return r.b.view(r, res), nil
		}},
		"answer": {free: true, now: true, call: func(r *request) (any, error) { return r.b.answer(r.p) }},
		"run": {call: func(r *request) (any, error) {
			// The terminal sends the line as typed: the engine splits it, as
			// the lessons' tests do; argv (the words after alembic) is the
			// page's own.
			if _, ok := r.p.m["line"]; ok {
				line := r.p.str("line")
				if r.p.err != nil {
					return nil, r.p.err
				}
				words, err := engine.ParseCommandLine(line)
				if err != nil {
					return nil, err
				}
				return r.b.view(r, r.b.run(r.ctx, r.id, words[1:])), nil
			}
			argv := r.p.strings("argv")
			if r.p.err != nil {
				return nil, r.p.err
			}
			return r.b.view(r, r.b.run(r.ctx, r.id, argv)), nil
		}},
		"files": {call: func(r *request) (any, error) { return stringsValue(r.s.Files()), nil }},
		"readFile": {call: func(r *request) (any, error) {
			path := r.p.str("path")
			if r.p.err != nil {
				return nil, r.p.err
			}
			return r.s.ReadFile(path)
		}},
		"writeFile": {call: func(r *request) (any, error) {
			path, content := r.p.str("path"), r.p.str("content")
			if r.p.err != nil {
				return nil, r.p.err
			}
			return nil, r.s.WriteFile(path, content)
		}},
		"diagnostics": {call: func(r *request) (any, error) {
			path := r.p.str("path")
			if r.p.err != nil {
				return nil, r.p.err
			}
			return diagnosticsValue(r.s.Diagnostics(path)), nil
		}},
		"tables": {call: func(r *request) (any, error) {
			tables, err := r.s.Tables(r.ctx)
			if err != nil {
				return nil, err
			}
			return tablesValue(tables), nil
		}},
		"rows": {call: func(r *request) (any, error) {
			table, offset, limit := r.p.str("table"), r.p.optInt("offset", 0), r.p.optInt("limit", 50)
			if r.p.err != nil {
				return nil, r.p.err
			}
			rows, err := r.s.Rows(r.ctx, table, offset, limit)
			if err != nil {
				return nil, err
			}
			return rowsValue(rows), nil
		}},
		"insertRow": {call: func(r *request) (any, error) {
			table, values := r.p.str("table"), r.p.values("values")
			if r.p.err != nil {
				return nil, r.p.err
			}
			return nil, r.s.InsertRow(r.ctx, table, values)
		}},
		"updateCell": {call: func(r *request) (any, error) {
			table, row, column := r.p.str("table"), r.p.row(), r.p.str("column")
			value := r.p.value("value")
			if r.p.err != nil {
				return nil, r.p.err
			}
			return nil, r.s.UpdateCell(r.ctx, table, row, column, value)
		}},
		"deleteRow": {call: func(r *request) (any, error) {
			table, row := r.p.str("table"), r.p.row()
			if r.p.err != nil {
				return nil, r.p.err
			}
			return nil, r.s.DeleteRow(r.ctx, table, row)
		}},
		"exec": {call: func(r *request) (any, error) {
			sql := r.p.str("sql")
			if r.p.err != nil {
				return nil, r.p.err
			}
			results, err := r.s.Exec(r.ctx, sql)
			if err != nil {
				return nil, err
			}
			return resultsValue(results), nil
		}},
		"revisions": {call: func(r *request) (any, error) {
			g, err := r.s.Revisions(r.ctx)
			if err != nil {
				return nil, err
			}
			return graphValue(g), nil
		}},
		"current": {call: func(r *request) (any, error) {
			cur, err := r.s.Current(r.ctx)
			if err != nil {
				return nil, err
			}
			return stringsValue(cur), nil
		}},
		"stepSQL": {call: func(r *request) (any, error) {
			rev, down, dialect := r.p.str("rev"), r.p.optBool("down"), r.p.optStr("dialect", "")
			if r.p.err != nil {
				return nil, r.p.err
			}
			return r.s.StepSQL(r.ctx, rev, down, dialect)
		}},
		"exportDB": {call: func(r *request) (any, error) { return r.s.ExportDB(r.ctx) }},
		"importDB": {call: func(r *request) (any, error) {
			data := r.p.bytes("data")
			if r.p.err != nil {
				return nil, r.p.err
			}
			return nil, r.s.ImportDB(r.ctx, data)
		}},
		"exportZip": {call: func(r *request) (any, error) {
			folder := r.p.optStr("folder", "project")
			if r.p.err != nil {
				return nil, r.p.err
			}
			return r.s.ExportZip(r.ctx, folder)
		}},
		"sideEffects": {call: func(r *request) (any, error) {
			diags, err := r.s.SideEffects()
			if err != nil {
				return nil, err
			}
			return diagnosticsValue(diags), nil
		}},
		"batchNeeds": {call: func(r *request) (any, error) {
			needs, err := r.s.BatchNeeds()
			if err != nil {
				return nil, err
			}
			return batchNeedsValue(needs), nil
		}},
		"renderAsBatch": {call: func(r *request) (any, error) {
			path := r.p.str("path")
			if r.p.err != nil {
				return nil, r.p.err
			}
			return nil, r.s.RenderAsBatch(path)
		}},
		"downloadNames": {call: func(r *request) (any, error) {
			file, folder := r.s.DownloadNames()
			return map[string]any{"file": file, "folder": folder}, nil
		}},
		"sqlLog": {call: func(r *request) (any, error) { return stringsValue(r.s.SQLLog()), nil }},
		"lastStepsSQL": {call: func(r *request) (any, error) {
			dialect := r.p.str("dialect")
			if r.p.err != nil {
				return nil, r.p.err
			}
			return r.s.LastStepsSQL(r.ctx, dialect)
		}},
		"pending": {call: func(r *request) (any, error) {
			p, err := r.s.Pending(r.ctx)
			if err != nil {
				return nil, err
			}
			return pendingValue(p), nil
		}},
		"review": {call: func(r *request) (any, error) {
			target, down := r.p.optStr("target", "head"), r.p.optBool("down")
			if r.p.err != nil {
				return nil, r.p.err
			}
			found, err := r.s.Review(r.ctx, target, down)
			if err != nil {
				return nil, err
			}
			return findingsValue(found), nil
		}},
		"createAll": {call: func(r *request) (any, error) {
			created, query, err := r.s.CreateAll(r.ctx)
			if err != nil {
				return nil, err
			}
			return map[string]any{"created": stringsValue(created), "appQuery": query}, nil
		}},
	}
}

// call runs one method: at once when it is marked now, else in its turn
// for the session.
func (b *bridge) call(id any, name string, m map[string]any) (any, error) {
	md, ok := methods[name]
	if !ok {
		return nil, fmt.Errorf("unknown method %q", name)
	}
	r := &request{b: b, ctx: context.Background(), id: id, p: &params{method: name, m: m}}
	if md.now {
		return md.call(r)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.qmu.Lock()
	b.cur = id
	b.qmu.Unlock()
	r.s = b.session
	if r.s == nil && !md.free {
		return nil, errNotOpen
	}
	return md.call(r)
}

// open replaces the session with a new one on files and an empty database.
func (b *bridge) open(files map[string]string) (map[string]any, error) {
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
// {exitCode, stdout, stderr, argv, filesChanged} (argv: the arguments it
// ran; filesChanged: whether it wrote a project file).
func (b *bridge) run(ctx context.Context, id any, argv []string) map[string]any {
	var stdout, stderr bytes.Buffer
	writes := b.session.FileWrites()
	out := &lineWriter{emit: func(line string) { b.post(map[string]any{"event": "output", "id": id, "line": line}) }}
	errw := &lineWriter{emit: func(line string) { b.post(map[string]any{"event": "log", "id": id, "line": line}) }}
	code := b.session.Run(ctx, argv, io.MultiWriter(&stdout, out), io.MultiWriter(&stderr, errw))
	out.flush()
	errw.flush()
	return map[string]any{"exitCode": float64(code), "stdout": stdout.String(), "stderr": stderr.String(), "argv": stringsValue(argv),
		"filesChanged": b.session.FileWrites() != writes}
}

// viewCheckpointMax is the largest database whose bytes a run's view
// brings (10,000 users: ~1 MB; 100,000: ~8 MB).
const viewCheckpointMax = 2 << 20

// view adds to a run's result, when its params ask for it ("view":
// {offsets: {table: offset}, limit}), what the page shows after a command:
// every table, as "tables" answers, and a page of each one's rows at the
// offset asked for (0 when none; the last page when the table holds fewer
// rows now), as "rows" answers, by table name in "pages" ({offset, rows}),
// read with the tables (engine.Playground.View); the revision graph, as "revisions" answers; and
// the SQL log, as "sqlLog" answers. The page renders them without a round
// trip more. With "checkpoint": true it brings the database's bytes too,
// as "exportDB" answers, in "db": the page's checkpoint after the command,
// in the same message, when they are at most viewCheckpointMax (a larger
// copy comes in a message of its own, so that receiving it is not part of
// the task that renders the step). What cannot be read is left out (the
// page asks for it, and shows why): a table's rows, the graph, the bytes;
// without its tables the result is as without "view".
func (b *bridge) view(r *request, res map[string]any) map[string]any {
	v, ok := r.p.m["view"].(map[string]any)
	if !ok {
		return res
	}
	p := &params{method: "run", m: v}
	limit := p.optInt("limit", 50)
	offsets := map[string]int{}
	if m, ok := v["offsets"].(map[string]any); ok {
		for name, o := range m {
			if f, ok := o.(float64); ok && f >= 0 && whole(f) {
				offsets[name] = int(f)
			}
		}
	}
	if p.err != nil {
		return res
	}
	tables, tablePages, err := r.s.View(r.ctx, offsets, limit)
	if err != nil {
		return res
	}
	res["tables"] = tablesValue(tables)
	pages := make(map[string]any, len(tablePages))
	for name, pg := range tablePages {
		pages[name] = map[string]any{"offset": float64(pg.Offset), "rows": rowsValue(pg.Rows)}
	}
	res["pages"] = pages
	if g, err := r.s.Revisions(r.ctx); err == nil {
		res["revisions"] = graphValue(g)
	}
	res["sqlLog"] = stringsValue(r.s.SQLLog())
	if p.optBool("checkpoint") && p.err == nil {
		var size int64
		err := r.s.DB().QueryRow(r.ctx, "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()").Scan(&size)
		if err == nil && size <= viewCheckpointMax {
			if data, err := r.s.ExportDB(r.ctx); err == nil {
				res["db"] = data
			}
		}
	}
	return res
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
