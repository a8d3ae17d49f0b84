package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"retort/engine"
)

// The bridge between the page's worker and the engine facade, free of
// syscall/js so it builds and tests natively: messages are Go values
// (map[string]any, []any, string, float64, bool, nil, []byte) that main.go
// converts to and from JavaScript.
//
// A request is {id, method, params}; its reply is {id, result} or
// {id, error: {message, diagnostics}}. Events, sent while a request runs,
// are {event: "log"|"output"|"progress"|"question", id, ...}. Every request
// runs in its own goroutine, so an `answer` can reach a request that waits on
// a question.

// bridge holds one session and routes requests to it.
type bridge struct {
	post func(msg map[string]any) // sends a message to the page

	mu      sync.Mutex // serializes calls into the session
	session *engine.Session

	cur current // the request the session's callbacks report to

	qmu       sync.Mutex
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
		result, err := b.call(id, method, params)
		if err != nil {
			b.post(map[string]any{"id": id, "error": errorValue(err)})
			return
		}
		b.post(map[string]any{"id": id, "result": result})
	}()
}

// diagnosed is an error that carries positioned diagnostics.
type diagnosed interface {
	error
	Diagnostics() []engine.Diagnostic
}

func errorValue(err error) map[string]any {
	diags := []any{}
	var d diagnosed
	if errors.As(err, &d) {
		diags = diagnosticsValue(d.Diagnostics())
	}
	return map[string]any{"message": err.Error(), "diagnostics": diags}
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
	b.cur.set(id)
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
		argv := p.strings("argv")
		if p.err != nil {
			return nil, p.err
		}
		return b.run(id, argv), nil
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
		tables, err := s.Tables()
		if err != nil {
			return nil, err
		}
		return tablesValue(tables), nil
	case "rows":
		table, offset, limit := p.str("table"), p.optInt("offset", 0), p.optInt("limit", 50)
		if p.err != nil {
			return nil, p.err
		}
		rows, err := s.Rows(table, offset, limit)
		if err != nil {
			return nil, err
		}
		return rowsValue(rows), nil
	case "exec":
		sql := p.str("sql")
		if p.err != nil {
			return nil, p.err
		}
		results, err := s.Exec(sql)
		if err != nil {
			return nil, err
		}
		return resultsValue(results), nil
	case "revisions":
		g, err := s.Revisions()
		if err != nil {
			return nil, err
		}
		return graphValue(g), nil
	case "stepSQL":
		rev, down := p.str("rev"), p.optBool("down")
		if p.err != nil {
			return nil, p.err
		}
		return s.StepSQL(rev, down)
	case "exportDB":
		return s.ExportDB()
	case "importDB":
		data := p.bytes("data")
		if p.err != nil {
			return nil, p.err
		}
		return nil, s.ImportDB(data)
	case "sqlLog":
		return stringsValue(s.SQLLog()), nil
	}
	return nil, fmt.Errorf("unknown method %q", method)
}

// methods lists the methods that need an open session.
var methods = map[string]struct{}{
	"run": {}, "files": {}, "readFile": {}, "writeFile": {}, "diagnostics": {}, "tables": {},
	"rows": {}, "exec": {}, "revisions": {}, "stepSQL": {}, "exportDB": {}, "importDB": {}, "sqlLog": {},
}

// current is the request whose events the session's callbacks send: the
// session is used by one request at a time (b.mu), so one is enough.
type current struct {
	mu sync.Mutex
	id any
	// Log lines and stderr lines of a run are the same lines when the engine
	// sends both; each is shown once.
	logged, printed map[string]int
}

func (c *current) set(id any) {
	c.mu.Lock()
	c.id = id
	c.logged, c.printed = map[string]int{}, map[string]int{}
	c.mu.Unlock()
}

// open replaces the session with a new one on files.
func (b *bridge) open(files map[string]string) (any, error) {
	s, err := engine.Open(engine.Options{
		Files:    files,
		Log:      b.log,
		Ask:      b.ask,
		Progress: b.progress,
	})
	if err != nil {
		return nil, err
	}
	b.session = s
	return map[string]any{"files": stringsValue(s.Files())}, nil
}

func (b *bridge) log(line string) {
	line = strings.TrimRight(line, "\n")
	b.cur.mu.Lock()
	if b.cur.printed[line] > 0 {
		b.cur.printed[line]--
		b.cur.mu.Unlock()
		return
	}
	b.cur.logged[line]++
	id := b.cur.id
	b.cur.mu.Unlock()
	b.post(map[string]any{"event": "log", "id": id, "line": line})
}

func (b *bridge) progress(p engine.Progress) {
	b.cur.mu.Lock()
	id := b.cur.id
	b.cur.mu.Unlock()
	b.post(map[string]any{"event": "progress", "id": id, "done": float64(p.Done), "total": float64(p.Total), "label": p.Label})
}

// ask sends a question event and waits for its answer request.
func (b *bridge) ask(q engine.Question) engine.Answer {
	b.qmu.Lock()
	b.nextQ++
	qid := b.nextQ
	ch := make(chan string, 1)
	b.questions[qid] = ch
	b.qmu.Unlock()
	b.cur.mu.Lock()
	id := b.cur.id
	b.cur.mu.Unlock()
	b.post(map[string]any{
		"event": "question", "id": id, "questionId": qid,
		"kind": q.Kind, "text": q.Text, "options": stringsValue(q.Options),
	})
	return engine.Answer{Choice: <-ch}
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

// run runs a command line, streaming its output as "output" events
// line by line, and returns {exitCode, stdout, stderr}.
func (b *bridge) run(id any, argv []string) any {
	var stdout, stderr bytes.Buffer
	out := &lineWriter{emit: func(line string) { b.output(id, "stdout", line) }}
	errw := &lineWriter{emit: func(line string) { b.output(id, "stderr", line) }}
	code := b.session.Run(argv, io.MultiWriter(&stdout, out), io.MultiWriter(&stderr, errw))
	out.flush()
	errw.flush()
	return map[string]any{"exitCode": float64(code), "stdout": stdout.String(), "stderr": stderr.String()}
}

func (b *bridge) output(id any, stream, line string) {
	if stream == "stderr" {
		b.cur.mu.Lock()
		if b.cur.logged[line] > 0 {
			b.cur.logged[line]--
			b.cur.mu.Unlock()
			return
		}
		b.cur.printed[line]++
		b.cur.mu.Unlock()
	}
	b.post(map[string]any{"event": "output", "id": id, "stream": stream, "line": line})
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
