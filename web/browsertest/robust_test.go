package browsertest

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// The page under attack and carelessness (issue #12): a worker that dies, a
// statement that never ends, share links that fail or are bombs, tables that
// hide their rowid, downloads named by a hostile sqlalchemy.url, and iframes
// that post what they like. The page never loses saved work and always comes
// back to a working state.

// killSwitch replaces Worker, before any of the page's scripts run, with a
// subclass that can be killed as a crash kills it: terminated (it answers
// nothing more) and an error event, what the page sees when the engine's
// wasm overflows its stack. window.__kill() kills the engine's worker now;
// sessionStorage "retort-test-kill" = "METHOD" kills it when the page sends
// that request ("METHOD:silent": terminated without an event, as a hang).
const killSwitch = `(() => {
  const Real = window.Worker;
  const workers = [];
  const kill = (w, silent) => {
    w.terminate();
    if (!silent) w.dispatchEvent(new ErrorEvent('error', { message: 'Uncaught RangeError: Maximum call stack size exceeded' }));
  };
  window.Worker = class extends Real {
    constructor(...args) { super(...args); workers.push(this); }
    postMessage(msg, ...rest) {
      const rule = sessionStorage.getItem('retort-test-kill') || '';
      const [method, how] = rule.split(':');
      if (method && msg && msg.method === method) { kill(this, how === 'silent'); return; }
      return super.postMessage(msg, ...rest);
    }
  };
  window.__kill = () => kill(workers[workers.length - 1], false);
  window.__workers = () => workers.length;
})();`

// openKillable is open with the kill switch installed.
func openKillable(t *testing.T, query string) *page {
	t.Helper()
	p := newBrowser(t)
	p.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: killSwitch})
		return err
	}))
	p.do(chromedp.EmulateViewport(1280, 900), chromedp.Navigate(server.URL+"/"+query))
	p.waitReady(90 * time.Second)
	p.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, accessibility.Enable, cdp.Empty{})
		return err
	}))
	return p
}

// visit loads url as a new page (not a new fragment of this one) and waits
// until it is ready: polled by hand, as a poll's context can go with a
// navigation that is still settling.
func (p *page) visit(url string) {
	p.t.Helper()
	p.do(chromedp.Navigate("about:blank"), chromedp.Navigate(url))
	deadline := time.Now().Add(60 * time.Second)
	for {
		ready, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](readyJS))
		if err == nil && ready {
			return
		}
		if time.Now().After(deadline) {
			p.screenshot("failed-" + p.t.Name())
			p.t.Fatalf("%s: not ready after 60 s (%v)\noutput:\n%s", url[:min(len(url), 80)], err, p.outputNoFail())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// typeLine types a line into the terminal and presses Enter, without waiting.
func (p *page) typeLine(line string) {
	p.t.Helper()
	eval[any](p, `document.querySelector('input[aria-label=Command]').value = ''`)
	p.do(chromedp.SendKeys(`textbox Command`, line+"\r", byRole("textbox", "Command")))
}

const runaway = `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c;`

// TestEngineCrashRecovers: the engine's worker dies in the middle of a
// command (as a wasm stack overflow kills it); the page starts a new one, and
// comes back ready with the project and the database as they were before
// the command. Commands, saving and Reset work after.
func TestEngineCrashRecovers(t *testing.T) {
	p := openKillable(t, "?example=add-age")
	p.command(`INSERT INTO users (name, email) VALUES ('Edsger Dijkstra', 'ewd@example.com');`)
	require.Equal(t, "4 rows", p.rowCount("users"), p.output())
	p.appendToModel("    age = Column(Integer, nullable=True)\n")

	// Mid-command: the worker is busy in SQLite when it dies.
	p.typeLine(`DELETE FROM users; ` + runaway)
	p.waitFor(`document.documentElement.dataset.retort === 'busy'`, 10*time.Second)
	time.Sleep(500 * time.Millisecond)
	require.Equal(t, "busy", eval[string](p, `document.documentElement.dataset.retort`))
	eval[any](p, `window.__kill()`)
	p.settle(`document.querySelector('[role=log]').innerText.includes('It was restarted')`)
	require.Contains(t, p.output(), "The engine stopped: Uncaught RangeError: Maximum call stack size exceeded. It was restarted, with the project and the database as they were before the last command.")
	require.Equal(t, 2, eval[int](p, `window.__workers()`), "a new worker")
	require.Equal(t, "4 rows", p.rowCount("users"), "the DELETE is undone with the rest")
	require.Contains(t, p.editorText(), "age = Column(Integer, nullable=True)", "the edit survives")
	p.screenshot("crash-recovered")

	// The new engine works, and holds the edit.
	p.command(`alembic revision --autogenerate -m "add age"`)
	require.Contains(t, p.output(), "Detected added column 'users.age'")
	p.command(`alembic upgrade head`)
	p.savedAfter(p.saves())
	p.do(chromedp.Reload())
	p.waitReady(60 * time.Second)
	require.Equal(t, []string{"id", "name", "email", "age"}, p.headers("users"))
	require.Equal(t, "4 rows", p.rowCount("users"))

	// A crash while idle; then a second one within a minute: what the page
	// holds is taken to stop the engine. It is put aside (offered back), and
	// the lesson's start opens.
	eval[any](p, `window.__kill()`)
	p.settle(`document.querySelector('[role=log]').innerText.includes('It was restarted')`)
	require.Equal(t, "4 rows", p.rowCount("users"))
	eval[any](p, `window.__kill()`)
	p.settle(`document.querySelector('[role=log]').innerText.includes('it was put aside')`)
	require.Equal(t, "3 rows", p.rowCount("users"))
	require.Contains(t, eval[string](p, `document.querySelector('section[aria-label="Work put aside"]').innerText`), "the engine stopped: Uncaught RangeError")
	p.click("button", "Open it")
	p.settle(`document.querySelector('table[aria-label="users rows"]')?.dataset.rowCount === "4"`)
	require.Equal(t, []string{"id", "name", "email", "age"}, p.headers("users"))

	// Reset works after all this.
	p.click("button", "Reset")
	p.dialogButton("Reset to the start")
	p.settle(`document.querySelector('table[aria-label="users rows"]')?.dataset.rowCount === "3"`)
	require.Equal(t, []string{"id", "name", "email"}, p.headers("users"))
}

// TestStopRunawayStatement: Stop ends a statement that would never end; the
// database is as it was before it; edits typed meanwhile are saved without
// waiting for the engine; Reset works while the engine is stuck.
func TestStopRunawayStatement(t *testing.T) {
	p := open(t, "?example=add-age")
	p.command(`INSERT INTO users (name, email) VALUES ('Edsger Dijkstra', 'ewd@example.com');`)
	require.Equal(t, "4 rows", p.rowCount("users"))

	p.typeLine(`DELETE FROM users; ` + runaway)
	p.waitFor(`!document.getElementById('stop').hidden`, 10*time.Second)
	// Editing while the engine is stuck: saved all the same.
	n := p.saves()
	p.appendToModel("    age = Column(Integer, nullable=True)\n")
	p.waitFor(fmt.Sprintf(`Number(document.documentElement.dataset.retortSaved || 0) > %d`, n), 10*time.Second)
	require.Equal(t, "busy", eval[string](p, `document.documentElement.dataset.retort`), "the statement still runs")
	p.screenshot("stop-visible")

	p.click("button", "Stop")
	p.settle(`document.querySelector('[role=log]').innerText.includes('-- Stopped.')`)
	require.Equal(t, "4 rows", p.rowCount("users"), "the database as before the statement")
	require.True(t, eval[bool](p, `document.getElementById('stop').hidden`))
	p.command(`SELECT count(*) FROM users;`)
	require.Contains(t, p.lastResult(), "4")
	require.Contains(t, p.editorText(), "age = Column(Integer, nullable=True)")

	// Reset while the engine is stuck again: it works, and the work is forgotten.
	p.typeLine(runaway)
	p.waitFor(`document.documentElement.dataset.retort === 'busy'`, 10*time.Second)
	time.Sleep(300 * time.Millisecond)
	p.click("button", "Reset")
	p.dialogButton("Reset to the start")
	p.settle(`document.querySelector('table[aria-label="users rows"]')?.dataset.rowCount === "3" && document.querySelector('[role=log]').innerText.includes('Back at the lesson')`)
	require.NotContains(t, p.editorText(), "age = Column")
	p.command(`SELECT count(*) FROM users;`)
	require.Contains(t, p.lastResult(), "3")
}

// TestCrashingSavedWorkIsPutAside: saved work whose opening stops the engine
// is not opened again on its own: it is put aside, offered back with the
// error, and the lesson's start opens; so is saved work the last visit never
// finished opening (the page hung). Open it brings it back when it opens.
func TestCrashingSavedWorkIsPutAside(t *testing.T) {
	p := openKillable(t, "?example=add-age")
	n := p.saves()
	p.command(`INSERT INTO users (name, email) VALUES ('Edsger Dijkstra', 'ewd@example.com');`)
	p.savedAfter(n)

	// Restoring it stops the engine.
	eval[any](p, `sessionStorage.setItem('retort-test-kill', 'importDB')`)
	p.do(chromedp.Reload())
	p.waitReady(60 * time.Second)
	require.Equal(t, "3 rows", p.rowCount("users"), "the lesson's start")
	require.Contains(t, p.output(), "could not be opened (the engine stopped: Uncaught RangeError: Maximum call stack size exceeded)")
	kept := eval[string](p, `document.querySelector('section[aria-label="Work put aside"]')?.innerText ?? ''`)
	require.Contains(t, kept, "the engine stopped: Uncaught RangeError: Maximum call stack size exceeded")
	p.screenshot("saved-work-put-aside")

	// The next visit does not try again; the work is still offered.
	eval[any](p, `sessionStorage.removeItem('retort-test-kill')`)
	p.do(chromedp.Reload())
	p.waitReady(60 * time.Second)
	require.Equal(t, "3 rows", p.rowCount("users"))
	require.NotContains(t, p.output(), "Restored your work")
	p.click("button", "Open it")
	p.settle(`document.querySelector('table[aria-label="users rows"]')?.dataset.rowCount === "4"`)
	require.Contains(t, p.output(), "-- Opened your work saved")

	// Opening it hangs (the worker silently gone): the page stays loading.
	// The next visit finds it never finished, and puts it aside.
	n = p.saves()
	p.command(`INSERT INTO users (name, email) VALUES ('Barbara Liskov', 'bl@example.com');`)
	p.savedAfter(n)
	eval[any](p, `sessionStorage.setItem('retort-test-kill', 'importDB:silent')`)
	p.do(chromedp.Reload())
	p.waitFor(`document.documentElement.dataset.retort === 'loading' && document.readyState === 'complete'`, 30*time.Second)
	time.Sleep(time.Second)
	require.Equal(t, "loading", eval[string](p, `document.documentElement.dataset.retort`))
	eval[any](p, `sessionStorage.removeItem('retort-test-kill')`)
	p.do(chromedp.Reload())
	p.waitReady(60 * time.Second)
	require.Equal(t, "3 rows", p.rowCount("users"))
	require.Contains(t, p.output(), "the last time, the page stopped while opening it")
	require.Contains(t, eval[string](p, `document.querySelector('section[aria-label="Work put aside"]').innerText`), "the page stopped while opening it")
}

// shareLink encodes a payload as the page does (deflate-raw, base64url).
func shareLink(t *testing.T, lesson string, payload any) string {
	t.Helper()
	raw, err := json.Marshal(payload)
	require.NoError(t, err)
	return shareLinkBytes(t, lesson, raw)
}

func shareLinkBytes(t *testing.T, lesson string, raw []byte) string {
	t.Helper()
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.BestCompression)
	require.NoError(t, err)
	_, err = w.Write(raw)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return server.URL + "/?example=" + lesson + "#share=r" + base64.RawURLEncoding.EncodeToString(buf.Bytes())
}

// decodeLink reads a link the page made.
func decodeLink(t *testing.T, link string) map[string]any {
	t.Helper()
	_, frag, ok := strings.Cut(link, "#share=r")
	require.True(t, ok, link)
	packed, err := base64.RawURLEncoding.DecodeString(frag)
	require.NoError(t, err)
	raw, err := io.ReadAll(flate.NewReader(bytes.NewReader(packed)))
	require.NoError(t, err)
	var payload map[string]any
	require.NoError(t, json.Unmarshal(raw, &payload))
	return payload
}

// TestShareLinksKeepSavedWork: a share link that cannot be opened (its SQL
// fails, it holds no files, it is a decompression bomb, it carries a file
// over the limit) changes nothing: the saved work opens, and stays saved. One
// that opens puts the saved work aside, offered back.
func TestShareLinksKeepSavedWork(t *testing.T) {
	p := open(t, "?example=add-age")
	n := p.saves()
	p.command(`INSERT INTO users (name, email) VALUES ('Edsger Dijkstra', 'ewd@example.com');`)
	p.savedAfter(n)

	p.click("button", "Share")
	p.waitFor(`!!document.querySelector('dialog[open] input[aria-label="Share link"]')`, 10*time.Second)
	good := decodeLink(t, eval[string](p, `document.querySelector('dialog[open] input[aria-label="Share link"]').value`))
	p.dialogButton("Close")

	withSQL := func(sql string) map[string]any {
		m := map[string]any{}
		for k, v := range good {
			m[k] = v
		}
		m["sql"] = sql
		return m
	}
	bomb := append(append([]byte(`{"v":1,"lesson":"add-age","files":{"models.py":"`), bytes.Repeat([]byte("A"), 50<<20)...), `"}}`...)
	bigFile := append(append([]byte(`{"v":1,"lesson":"add-age","files":{"models.py":"`), bytes.Repeat([]byte("#"), 5<<20)...), `"}}`...)
	bad := []struct{ name, link, want string }{
		{"its SQL fails", shareLink(t, "add-age", withSQL("INSERT INTO nowhere VALUES (1);")), "no such table: nowhere"},
		{"no files", shareLink(t, "add-age", map[string]any{"v": 1, "lesson": "add-age", "files": []any{}}), "its files are not an object of path: text"},
		{"a path outside", shareLink(t, "add-age", map[string]any{"v": 1, "lesson": "add-age", "files": map[string]any{"../x.py": ""}}), `"../x.py" is not a file of a project`},
		{"a decompression bomb", shareLinkBytes(t, "add-age", bomb), "holds more than 4 MiB once unpacked"},
		{"a file over the limit", shareLinkBytes(t, "add-age", bigFile), "holds more than 4 MiB once unpacked"},
	}
	for _, tc := range bad {
		t.Logf("%s: %d bytes", tc.name, len(tc.link))
		start := time.Now()
		p.visit(tc.link)
		out := p.output()
		require.Contains(t, out, "Could not open the link", tc.name)
		require.Contains(t, out, tc.want, tc.name)
		require.Contains(t, out, "Restored your work on this lesson", tc.name)
		require.Equal(t, "4 rows", p.rowCount("users"), tc.name)
		require.Less(t, time.Since(start), 30*time.Second, tc.name)
	}
	p.do(chromedp.Reload())
	p.waitReady(60 * time.Second)
	require.Equal(t, "4 rows", p.rowCount("users"), "the saved work is as it was")
	require.False(t, p.exists("region", "Work put aside"))

	// A link that opens: its project is saved, the work before it kept aside.
	link := shareLink(t, "add-age", withSQL(good["sql"].(string)+"INSERT INTO users (name, email) VALUES ('Barbara Liskov', 'bl@example.com');\n"))
	p.visit(link)
	require.Equal(t, "5 rows", p.rowCount("users"))
	require.Contains(t, p.output(), "which is kept aside")
	require.Contains(t, eval[string](p, `document.querySelector('section[aria-label="Work put aside"]').innerText`), "a shared link was opened over it")
	p.screenshot("link-put-work-aside")
	p.click("button", "Open it")
	p.settle(`document.querySelector('table[aria-label="users rows"]')?.dataset.rowCount === "4"`)
	p.do(chromedp.Reload())
	p.waitReady(60 * time.Second)
	require.Equal(t, "4 rows", p.rowCount("users"), "the work brought back is the saved work")
	require.Contains(t, eval[string](p, `document.querySelector('section[aria-label="Work put aside"]').innerText`), "put aside when you opened your work", "and the link's project is kept aside in turn")
}

// TestDatabasePanelHostileTables: a table with a column named rowid and a
// generated column reads and edits like any other (each edit the one row it
// names); a table whose rows are too large to show says so on its own; the
// other tables are unaffected; a statement that runs out of memory is an
// error like any other; Share does not try to put a large database's rows
// in a link.
func TestDatabasePanelHostileTables(t *testing.T) {
	p := open(t, "?example=add-age")
	p.command(`CREATE TABLE t (rowid TEXT, name TEXT, total INTEGER GENERATED ALWAYS AS (length(name)) VIRTUAL); INSERT INTO t (rowid, name) VALUES ('7', 'ada'), ('7', 'bob'), ('x', 'eve'); CREATE TABLE big (b BLOB); INSERT INTO big VALUES (zeroblob(10000000)), (zeroblob(10000000));`)
	p.settleRows("t", "3 rows")
	require.Equal(t, []string{"rowid", "name", "total"}, p.headers("t"))
	require.Equal(t, [][]string{{"7", "ada", "3"}, {"7", "bob", "3"}, {"x", "eve", "3"}}, p.rows("t"))
	require.Equal(t, "3 rows", p.rowCount("users"))
	require.Contains(t, eval[string](p, `[...document.querySelectorAll('#tables .table-error')].map(e => e.textContent).join('\n')`),
		"big could not be read: big: result too large: these rows hold more than 16 MiB")
	p.screenshot("hostile-tables")

	p.editCell("t", 2, 2, "bobby\r", true)
	p.waitFor(`document.querySelector('table[aria-label="t rows"] tbody tr:nth-child(2) td:nth-child(2)').textContent === "bobby"`, 10*time.Second)
	require.Equal(t, [][]string{{"7", "ada", "3"}, {"7", "bobby", "5"}, {"x", "eve", "3"}}, p.rows("t"))
	p.do(chromedp.Click(chromedp.CSS(`table[aria-label="t rows"] tbody tr:nth-child(1) td:nth-child(2)`), chromedp.NodeVisible))
	p.click("button", "t: delete row")
	p.settleRows("t", "2 rows")
	require.Equal(t, [][]string{{"7", "bobby", "5"}, {"x", "eve", "3"}}, p.rows("t"))

	// Out of memory: an error, and the database is still there.
	p.command(`SELECT length(randomblob(300000000));`)
	require.Contains(t, p.output(), "out of memory")
	p.command(`SELECT count(*) FROM t;`)
	require.Contains(t, p.lastResult(), "2")

	// Share: 20 MB of rows do not go in a link.
	p.click("button", "Share")
	p.waitFor(`document.querySelector('dialog[open] h2')?.textContent === 'Too large for a link'`, 20*time.Second)
	require.Contains(t, eval[string](p, `document.querySelector('dialog[open]').innerText`), "its rows do not fit in a link")
	p.dialogButton("Close")
	p.command(`SELECT count(*) FROM users;`)
	require.Contains(t, p.lastResult(), "3")
}

// TestDownloadNamesFromHostileURL: the .db and the zip are named from
// sqlalchemy.url by the engine. A share link whose URL has 100,000 spaces
// after it takes no time to name (a regular expression took 22 s), and one
// that would name the zip's folder ".." gives "project/".
func TestDownloadNamesFromHostileURL(t *testing.T) {
	files, seed := lessonStart(t, "add-age")
	files["alembic.ini"] = strings.Replace(files["alembic.ini"], "sqlalchemy.url = sqlite:///./myapp.db", "sqlalchemy.url = sqlite:///...db"+strings.Repeat(" ", 100000), 1)
	require.Contains(t, files["alembic.ini"], "sqlite:///...db ")
	link := shareLink(t, "add-age", map[string]any{"v": 1, "lesson": "add-age", "files": files, "sql": seed})
	p := open(t, "?example=add-age")
	p.visit(link)
	require.Contains(t, p.output(), "Opened a shared project")
	p.captureDownloads()
	start := time.Now()
	p.click("button", "Download .db")
	name, db := p.download(1)
	require.Equal(t, "...db", name)
	require.True(t, bytes.HasPrefix(db, []byte("SQLite format 3\x00")))
	require.Less(t, time.Since(start), 10*time.Second)
	p.click("button", "Download .zip")
	name, data := p.download(2)
	require.Equal(t, "project.zip", name)
	entries := unzip(t, data)
	require.Contains(t, entries, "project/alembic.ini")
	for entry := range entries {
		require.True(t, strings.HasPrefix(entry, "project/"), entry)
		require.False(t, strings.HasPrefix(entry, "../") || strings.Contains(entry, "/../"), entry)
	}
}

// lessonStart is a lesson's files and seed SQL, as the page gets them.
func lessonStart(t *testing.T, lesson string) (map[string]string, string) {
	t.Helper()
	res, err := http.Get(server.URL + "/examples.json")
	require.NoError(t, err)
	defer res.Body.Close()
	var all struct {
		Lessons []struct {
			ID    string            `json:"id"`
			Files map[string]string `json:"files"`
			Seed  string            `json:"seed"`
		} `json:"lessons"`
	}
	require.NoError(t, json.NewDecoder(res.Body).Decode(&all))
	for _, l := range all.Lessons {
		if l.ID == lesson {
			return l.Files, l.Seed
		}
	}
	t.Fatalf("no lesson %s", lesson)
	return nil, ""
}

// TestEmbedMessagesChecked: the element dispatches only its documented
// events, with only their documented fields, whatever its iframe posts; and
// the embedded page posts to the embedding page's origin, never to '*'.
func TestEmbedMessagesChecked(t *testing.T) {
	p := newBrowser(t)
	// Installed before the pages' scripts: in the host, every event the
	// element dispatches; in the embedded page, every message it posts with
	// the origin it names (window.parent is replaceable, and the stand-in
	// posts from the embedded page's own realm, so e.source stays its window).
	p.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: `
			if (location.pathname === '/test/host.html') {
				window.__events = [];
				for (const type of ['ready', 'step', 'click', 'submit', 'height', 'evil']) {
					document.addEventListener(type, (e) => {
						if (e.target.tagName === 'RETORT-PLAYGROUND') window.__events.push({ type, detail: e.detail });
					}, true);
				}
			} else if (window.parent !== window && !window.__posted) {
				// (The iframe's first document, about:blank, keeps its window when
				// the playground loads into it: this runs there.)
				const real = window.parent;
				window.__posted = [];
				window.parent = { postMessage: (msg, origin) => {
					window.__posted.push({ type: String(msg && msg.type), origin: String(origin) });
					real.postMessage(msg, origin);
				} };
			}`})
		return err
	}))
	p.do(chromedp.EmulateViewport(1280, 900), chromedp.Navigate(server.URL+"/test/host.html"))
	p.waitFor(`window.__events.some((e) => e.type === 'ready')`, 90*time.Second)
	frame := `document.querySelector('retort-playground iframe').contentWindow`
	eval[any](p, frame+`.eval("for (const m of [{tag: 'retort-playground', type: 'click'}, {tag: 'retort-playground', type: 'submit'}, {tag: 'retort-playground', type: 'step', command: 1, current: []}, {tag: 'retort-playground', type: 'step', command: 'x', current: [1]}, {tag: 'retort-playground', type: 'step', command: 'ok', current: ['abc'], extra: 'leak'}]) window.parent.postMessage(m, '*')")`)
	p.waitFor(`window.__events.some((e) => e.type === 'step')`, 10*time.Second)
	time.Sleep(300 * time.Millisecond)
	events := eval[[]map[string]any](p, `window.__events`)
	var types []string
	for _, e := range events {
		types = append(types, e["type"].(string))
	}
	require.Equal(t, []string{"ready", "step"}, types)
	require.Equal(t, map[string]any{"command": "ok", "current": []any{"abc"}}, events[1]["detail"])

	// What the playground itself posts (ready, height) goes to this page's origin.
	posted := eval[[]map[string]string](p, frame+`.__posted`)
	seen := map[string]bool{}
	for _, m := range posted {
		if m["type"] == "ready" || m["type"] == "height" {
			require.Equal(t, server.URL, m["origin"], m["type"])
			seen[m["type"]] = true
		}
	}
	require.True(t, seen["ready"] && seen["height"], "%v", posted)
}

// TestSavedWorkHeldUp: another tab of the origin is upgrading the saved
// work's IndexedDB database and never finishes (as a tab left while it
// created the database, frozen in the back/forward cache, was seen to):
// every open of the database waits for it. The page goes on without its
// saved work after a while (persist.ts, openTimeout) instead of loading for
// good, and works; once the other tab is closed, it saves again.
func TestSavedWorkHeldUp(t *testing.T) {
	p := newBrowser(t)
	p.do(chromedp.Navigate("about:blank"))               // the browser started, before its second tab
	holderCtx, closeHolder := chromedp.NewContext(p.ctx) // a second tab of the same browser and profile
	defer closeHolder()
	holder := &page{t: t, ctx: holderCtx, w: 1280, h: 900}
	holder.do(chromedp.Navigate(server.URL + "/style.css")) // any document of the origin
	held, err := chromedp.Run(holder.ctx, chromedp.Evaluate[bool](`new Promise((resolve) => {
		const r = indexedDB.open('retort', 1);
		r.onupgradeneeded = () => {
			const store = r.result.createObjectStore('saves');
			// A request after each answer: the upgrade's transaction never ends.
			const spin = () => { store.get('x').onsuccess = spin; };
			spin();
			resolve(true);
		};
		r.onsuccess = () => resolve(false);
	})`, chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	require.True(t, held, "the other tab holds the database's upgrade")

	start := time.Now()
	p.do(chromedp.EmulateViewport(1280, 900), chromedp.Navigate(server.URL+"/"))
	p.waitReady(60 * time.Second)
	t.Logf("ready in %v with the database held", time.Since(start).Round(time.Millisecond))
	p.command("SELECT 6 * 7 AS answer;")
	require.Contains(t, p.output(), "42")

	// The other tab closed (its upgrade undone), the page saves its work again.
	closeHolder()
	n := p.saves()
	p.command("CREATE TABLE notes (body TEXT);")
	p.savedAfter(n)
}
