package browsertest

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/require"
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
}

// TestUnknownExample falls back to the tutorial's start and says so.
func TestUnknownExample(t *testing.T) {
	p := open(t, "?example=no-such-lesson")
	require.True(t, strings.Contains(p.output(), `No lesson "no-such-lesson"`), p.output())
	requireExists(t, p, "tab", "models.py")
}
