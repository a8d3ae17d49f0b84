package browsertest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/require"

	_ "retort/internal/golden" // go test ./... -update: every test binary takes the flag
)

// TestContract checks the hooks with whatever engine is built in: the page
// loads, exposes the named controls, runs SQL typed in the terminal and shows
// the table it made.
func TestContract(t *testing.T) {
	p := open(t, "")
	for _, c := range []struct{ role, name string }{
		{"textbox", "Command"},
		{"log", "Output"},
		{"button", "Autogenerate"},
		{"button", "Upgrade"},
		{"button", "Downgrade"},
		{"list", "Revisions"},
		{"tab", "models.py"},
		{"tab", "database.py"},
	} {
		requireExists(t, p, c.role, c.name)
	}
	require.Equal(t, "models.py", p.tabs()[0])
	require.Equal(t, "true", eval[string](p, `document.querySelector('[role=tab][aria-selected=true]').textContent === 'models.py' ? 'true' : 'false'`))
	require.Contains(t, eval[string](p, `document.querySelector('.cm-content').textContent`), `__tablename__ = "users"`)
	p.screenshot("start-1280")

	p.command(`CREATE TABLE things (id INTEGER PRIMARY KEY, label TEXT NOT NULL, note TEXT); INSERT INTO things (label, note) VALUES ('a', NULL), ('b', 'x');`)
	requireExists(t, p, "table", "things rows")
	require.Equal(t, []string{"id", "label", "note"}, p.headers("things"))
	require.Equal(t, "2 rows", p.rowCount("things"))
	require.Equal(t, "NULL", eval[string](p, `document.querySelector('table[aria-label="things rows"] tbody tr td:nth-child(3)').textContent`))

	p.command(`SELECT label, note FROM things ORDER BY id;`)
	out := p.output()
	require.Contains(t, out, "label  note")
	require.Contains(t, out, "(2 rows)")

	p.command(`SELECT nope FROM things;`)
	require.Contains(t, p.output(), "no such column: nope")

	p.command(`ls -l`)
	require.Contains(t, p.output(), "ls: not a command here")

	// History: ↑ brings back the last line.
	p.do(chromedp.SendKeys("textbox Command", kb.ArrowUp, byRole("textbox", "Command")))
	require.Equal(t, "ls -l", eval[string](p, `document.querySelector('input[aria-label=Command]').value`))

	// Ctrl+Enter in the editor runs the terminal's line; Ctrl+S autogenerates
	// (here: opens the message dialog, which Escape cancels).
	eval[any](p, `document.querySelector('input[aria-label=Command]').value = 'alembic heads'`)
	p.do(
		chromedp.Click(chromedp.CSS(`.cm-content`), chromedp.NodeVisible),
		chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
	)
	p.settle(`document.querySelector('[role=log]').innerText.includes('$ alembic heads')`)
	p.do(chromedp.KeyEvent("s", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	p.waitFor(`!!document.querySelector('dialog[open] input[name=message]')`, 10*time.Second)
	p.do(chromedp.KeyEvent(kb.Escape))
	p.waitFor(`!document.querySelector('dialog[open]')`, 10*time.Second)

	// A broken model is underlined as you type, at the engine's position.
	p.click("tab", "models.py")
	p.do(
		chromedp.Click(chromedp.CSS(`.cm-content`), chromedp.NodeVisible),
		chromedp.KeyEvent(kb.End, chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		insertText("    age = Column(Integer nullable=True)\n"),
	)
	p.waitFor(`!!document.querySelector('.cm-lintRange-error')`, 20*time.Second)
	p.screenshot("lint")
	// The command line refuses the same file with file:line:col.
	p.command("alembic check")
	require.Contains(t, p.output(), "models.py:12:")

	p.viewport(390, 844, true)
	p.screenshotTall("start-phone")
	p.darkMode(true)
	p.viewport(1280, 900, false)
	p.screenshot("start-1280-dark")
}

// TestEmbed checks the compact layout keeps the hooks.
func TestEmbed(t *testing.T) {
	p := open(t, "?embed=1")
	require.True(t, eval[bool](p, `document.documentElement.classList.contains('embed')`))
	requireExists(t, p, "textbox", "Command")
	requireExists(t, p, "button", "Upgrade")
	p.viewport(800, 560, false)
	p.screenshot("embed-800")

	// embed.js on a host page mounts the compact page in an iframe.
	p.do(chromedp.Navigate(server.URL + "/test/host.html"))
	frame := `document.querySelector('iframe[title="Retort playground"]')`
	p.waitFor(frame+`?.contentDocument?.documentElement?.dataset.retort === "ready"`, 60*time.Second)
	require.True(t, eval[bool](p, frame+`.contentDocument.documentElement.classList.contains('embed')`))
	p.screenshot("embed-host")
}

// TestUnknownExample falls back to the tutorial's start and says so.
func TestUnknownExample(t *testing.T) {
	p := open(t, "?example=no-such-lesson")
	require.True(t, strings.Contains(p.output(), `No lesson "no-such-lesson"`), p.output())
	requireExists(t, p, "tab", "models.py")
}

// TestLessonBeforeInit opens a lesson by ?example= that starts before
// `alembic init`, and runs it in the terminal.
func TestLessonBeforeInit(t *testing.T) {
	p := open(t, "?example=before-init")
	require.Equal(t, []string{"models.py", "database.py"}, p.tabs())
	require.Contains(t, eval[string](p, `document.querySelector('#lesson').innerText`), "Before alembic init")
	require.Equal(t, []string{"* base empty database"}, p.revisions())

	// The lesson's step runs from its Run button.
	p.do(chromedp.Click(chromedp.CSS(`#lesson summary`), chromedp.NodeVisible))
	p.click("button", "Run")
	p.settle(`document.querySelector('[role=log]').innerText.includes('Creating directory')`)
	require.Contains(t, p.output(), "$ alembic init alembic")
	for _, tab := range []string{"alembic.ini", "alembic/env.py", "alembic/script.py.mako"} {
		requireExists(t, p, "tab", tab)
	}

	// A file that is not an SQLite database is refused; nothing changes.
	p.command(`CREATE TABLE kept (x); INSERT INTO kept VALUES (1);`)
	bad := filepath.Join(t.TempDir(), "bad.db")
	require.NoError(t, os.WriteFile(bad, []byte("not a database"), 0o644))
	p.do(chromedp.SetUploadFiles(chromedp.CSS(`#import-db`), []string{bad}))
	p.settle(`document.querySelector('[role=log]').innerText.includes('-- Opening bad.db')`)
	require.Contains(t, p.output(), "not a SQLite database")
	require.Equal(t, "1 row", p.rowCount("kept"))
}

// TestStaticHost loads dist/ from a plain file server under a sub-path: every
// URL the page, worker and embed script use is relative and versioned.
func TestStaticHost(t *testing.T) {
	p := open(t, "static-host/")
	require.Equal(t, "models.py", p.tabs()[0])
	requireExists(t, p, "tab", "alembic/env.py")
	p.command("SELECT 6 * 7 AS answer;")
	require.Contains(t, p.output(), "42")
}

// TestBootScript: index.html's boot script starts the engine's worker before
// main.js runs, and main.js takes it over; under a Content-Security-Policy
// that forbids inline scripts the boot script does not run and main.js
// starts the worker itself. Either way the page works.
func TestBootScript(t *testing.T) {
	for _, tc := range []struct {
		path string
		boot bool
	}{{"", true}, {"csp/", false}} {
		t.Run(tc.path, func(t *testing.T) {
			p := open(t, tc.path)
			require.Equal(t, tc.boot, eval[bool](p, `window.retortBoot !== undefined`))
			require.Equal(t, "models.py", p.tabs()[0])
			p.command(`alembic revision --autogenerate -m "create users table"`)
			p.command("alembic upgrade head")
			p.command("SELECT count(*) AS n FROM alembic_version;")
			require.Contains(t, p.output(), "Running upgrade  -> ")
			require.Contains(t, p.output(), "(1 row)")
		})
	}
}

// TestProgressWhenSlow: anything that runs over 200 ms shows the progress
// bar (indeterminate until the engine reports steps); a quick command does
// not flash it.
func TestProgressWhenSlow(t *testing.T) {
	p := open(t, "")
	eval[any](p, `window.__sawBar = false; new MutationObserver(() => {
		const bar = document.getElementById('progress');
		if (!bar.hidden && document.documentElement.dataset.retort === 'busy') window.__sawBar = true;
	}).observe(document.getElementById('progress'), { attributes: true })`)
	p.command("SELECT 6 * 7 AS answer;")
	require.False(t, eval[bool](p, `window.__sawBar`), "a quick command shows no bar")
	p.command("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) SELECT count(*) AS n FROM c;")
	require.Contains(t, p.output(), "3000000")
	require.True(t, eval[bool](p, `window.__sawBar`), "a slow command shows the bar")
	require.True(t, eval[bool](p, `document.getElementById('progress').hidden`), "and hides it when done")
}

// TestLessonBeforeEngine: the lesson, its file tabs and models.py show while
// the engine still downloads and compiles (here held back 2 s), and the page
// says it is loading until the engine has opened them.
func TestLessonBeforeEngine(t *testing.T) {
	p := newBrowser(t)
	p.do(chromedp.EmulateViewport(1280, 900), chromedp.Navigate(server.URL+"/slow-engine/"))
	p.waitFor(`document.documentElement.dataset.retort === "loading" && (document.querySelector('.cm-content') || {}).textContent?.includes('class User(Base)')`, 30*time.Second)
	require.Equal(t, "loading", eval[string](p, `document.documentElement.dataset.retort`))
	require.Equal(t, "models.py", eval[string](p, `document.querySelector('[role=tab][aria-selected=true]').title`))
	require.Contains(t, eval[string](p, `document.getElementById('lesson').textContent`), "Your first migration")
	p.waitReady(90 * time.Second)
	require.Equal(t, "models.py", eval[string](p, `document.querySelector('[role=tab][aria-selected=true]').title`))
	require.Contains(t, eval[string](p, `document.querySelector('.cm-content').textContent`), "class User(Base)")
}
