package browsertest

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// TestRowEdits adds, edits and deletes users' rows in the Database panel, as
// a learner does: the Add row dialog, double-click (or Enter) on a cell, a
// selected row's Delete row. A refused change (UNIQUE, NOT NULL) is shown and
// changes nothing.
func TestRowEdits(t *testing.T) {
	p := open(t, "")
	p.command(`alembic revision --autogenerate -m "create users table"`)
	p.command(`alembic upgrade head`)
	require.Equal(t, []string{"id", "name", "email"}, p.headers("users"))
	require.Equal(t, "0 rows", p.rowCount("users"))
	requireExists(t, p, "button", "users: add row")
	require.False(t, eval[bool](p, `!!document.querySelector('button[aria-label="alembic_version: add row"]')`),
		"alembic_version is written by migrations only")

	// Add row: the id is left to SQLite; an empty email is NULL.
	p.addRow("users", map[string]string{"name": "ada", "email": "ada@example.com"})
	p.settleRows("users", "1 row")
	p.addRow("users", map[string]string{"name": "bob"})
	p.settleRows("users", "2 rows")
	require.Equal(t, [][]string{{"1", "ada", "ada@example.com"}, {"2", "bob", "NULL"}}, p.rows("users"))
	require.Contains(t, p.output(), "users: add a row (name = 'bob')")

	// Double-click a cell, type, Enter.
	p.editCell("users", 2, 3, "bob@example.com\r", true)
	p.settleRows("users", "2 rows")
	p.waitFor(`document.querySelector('table[aria-label="users rows"] tbody tr:nth-child(2) td:nth-child(3)').textContent === "bob@example.com"`, 10*time.Second)
	require.Equal(t, [][]string{{"1", "ada", "ada@example.com"}, {"2", "bob", "bob@example.com"}}, p.rows("users"))
	p.screenshot("rows-1-edited")

	// Refused: a UNIQUE email (by the editor and by the dialog), a NULL name.
	p.editCell("users", 2, 3, "ada@example.com\r", true)
	p.settle(`!!document.querySelector('#tables .row-error')`)
	require.Contains(t, eval[string](p, `document.querySelector('#tables .row-error').textContent`), "UNIQUE constraint failed: users.email")
	require.Contains(t, p.output(), "UNIQUE constraint failed: users.email")
	p.editCell("users", 2, 2, "NULL\r", false) // Enter on the focused cell opens its editor
	p.settle(`(document.querySelector('#tables .row-error') || {}).textContent?.includes('NOT NULL')`)
	require.Contains(t, eval[string](p, `document.querySelector('#tables .row-error').textContent`), "NOT NULL constraint failed: users.name")

	p.click("button", "users: add row")
	p.do(chromedp.WaitVisible(chromedp.CSS(`dialog[open] input[name=name]`)))
	p.do(chromedp.SendKeys(chromedp.CSS(`dialog[open] input[name=name]`), "carol"),
		chromedp.SendKeys(chromedp.CSS(`dialog[open] input[name=email]`), "ada@example.com"))
	p.click("button", "Add")
	p.waitFor(`(document.querySelector('dialog[open] [role=alert]') || {}).textContent?.includes('UNIQUE')`, 20*time.Second)
	p.screenshot("rows-2-refused")
	p.click("button", "Cancel")
	p.settle(`!document.querySelector('dialog[open]') && !document.getElementById('tables').hasAttribute('aria-busy')`)
	require.Equal(t, "2 rows", p.rowCount("users"))
	require.Equal(t, [][]string{{"1", "ada", "ada@example.com"}, {"2", "bob", "bob@example.com"}}, p.rows("users"))

	// Typing NULL stores NULL.
	p.editCell("users", 2, 3, "NULL\r", true)
	p.waitFor(`document.querySelector('table[aria-label="users rows"] tbody tr:nth-child(2) td:nth-child(3)').textContent === "NULL"`, 10*time.Second)

	// Select ada's row and delete it.
	p.do(chromedp.Click(chromedp.CSS(`table[aria-label="users rows"] tbody tr:nth-child(1) td:nth-child(2)`), chromedp.NodeVisible))
	require.Equal(t, "true", eval[string](p, `document.querySelector('table[aria-label="users rows"] tbody tr:nth-child(1)').getAttribute('aria-selected')`))
	require.Equal(t, "false", eval[string](p, `document.querySelector('table[aria-label="users rows"] tbody tr:nth-child(2)').getAttribute('aria-selected')`))
	p.click("button", "users: delete row")
	p.settleRows("users", "1 row")
	require.Equal(t, [][]string{{"2", "bob", "NULL"}}, p.rows("users"))
	require.Equal(t, []string{"id", "name", "email"}, p.headers("users"))
	p.command(`SELECT id, name, email IS NULL AS no_email FROM users;`)
	require.Contains(t, p.output(), "2   bob   1")
	p.screenshot("rows-3-deleted")
}

// addRow fills the Add row dialog of a table and adds the row.
func (p *page) addRow(table string, values map[string]string) {
	p.t.Helper()
	p.click("button", table+": add row")
	p.do(chromedp.WaitVisible(chromedp.CSS(`dialog[open] form`)))
	for col, v := range values {
		p.do(chromedp.SendKeys(chromedp.CSS(fmt.Sprintf(`dialog[open] input[name=%q]`, col)), v))
	}
	p.click("button", "Add")
	p.waitFor(`!document.querySelector('dialog[open]')`, 20*time.Second)
}

// editCell opens the editor of a cell (row and column from 1) by a double
// click, or by Enter on the focused cell, and types keys into it.
func (p *page) editCell(table string, row, col int, keys string, dblclick bool) {
	p.t.Helper()
	cell := fmt.Sprintf(`table[aria-label=%q] tbody tr:nth-child(%d) td:nth-child(%d)`, table+" rows", row, col)
	if dblclick {
		p.do(chromedp.DoubleClick(chromedp.CSS(cell), chromedp.NodeVisible))
	} else {
		p.do(chromedp.SendKeys(chromedp.CSS(cell), "\r"))
	}
	input := cell + " input"
	p.do(chromedp.WaitVisible(chromedp.CSS(input)))
	p.do(chromedp.SendKeys(chromedp.CSS(input), keys))
}

// settleRows waits until no row edit runs and the table shows count.
func (p *page) settleRows(table, count string) {
	p.t.Helper()
	p.settle(fmt.Sprintf(`!document.getElementById('tables').hasAttribute('aria-busy') && (() => { const t = document.querySelector('table[aria-label=%q]'); return !!t && t.closest('section').querySelector('.rowcount').textContent === %q })()`, table+" rows", count))
}

// rows reads the body of the table named "<table> rows", cell by cell.
func (p *page) rows(table string) [][]string {
	p.t.Helper()
	return eval[[][]string](p, fmt.Sprintf(`[...document.querySelectorAll('table[aria-label=%q] tbody tr')].map(tr => [...tr.cells].map(td => td.textContent))`, table+" rows"))
}

// TestRowEditsWithoutRowID edits a WITHOUT ROWID table's rows, which are
// named by their primary key's values (a table from an imported database,
// or one made in the terminal).
func TestRowEditsWithoutRowID(t *testing.T) {
	p := open(t, "")
	p.command(`CREATE TABLE tags (post INTEGER, tag TEXT, note TEXT, PRIMARY KEY (tag, post)) WITHOUT ROWID; INSERT INTO tags VALUES (1, 'go', 'a'), (2, 'go', 'b'), (1, 'sql', 'c');`)
	p.settleRows("tags", "3 rows")
	require.Equal(t, [][]string{{"1", "go", "a"}, {"2", "go", "b"}, {"1", "sql", "c"}}, p.rows("tags"))

	p.editCell("tags", 2, 3, "changed\r", true)
	p.waitFor(`document.querySelector('table[aria-label="tags rows"] tbody tr:nth-child(2) td:nth-child(3)').textContent === "changed"`, 10*time.Second)
	require.Contains(t, p.output(), "tags: set note = 'changed' in the row with tag = 'go' AND post = 2")

	// A refused change (the key taken) changes nothing.
	p.editCell("tags", 3, 2, "go\r", true)
	p.settle(`(document.querySelector('#tables .row-error') || {}).textContent?.includes('UNIQUE')`)
	require.Contains(t, eval[string](p, `document.querySelector('#tables .row-error').textContent`), "UNIQUE constraint failed: tags.tag, tags.post")
	require.Equal(t, [][]string{{"1", "go", "a"}, {"2", "go", "changed"}, {"1", "sql", "c"}}, p.rows("tags"))

	// A key's own column: the row moves to its new place.
	p.editCell("tags", 1, 2, "zz\r", true)
	p.waitFor(`document.querySelector('table[aria-label="tags rows"] tbody tr:nth-child(3) td:nth-child(2)').textContent === "zz"`, 10*time.Second)
	require.Equal(t, [][]string{{"2", "go", "changed"}, {"1", "sql", "c"}, {"1", "zz", "a"}}, p.rows("tags"))

	p.do(chromedp.Click(chromedp.CSS(`table[aria-label="tags rows"] tbody tr:nth-child(2) td:nth-child(3)`), chromedp.NodeVisible))
	require.Contains(t, eval[string](p, `document.querySelector('button[aria-label="tags: delete row"]').title`), "tag = 'sql' AND post = 1")
	p.click("button", "tags: delete row")
	p.settleRows("tags", "2 rows")
	require.Equal(t, [][]string{{"2", "go", "changed"}, {"1", "zz", "a"}}, p.rows("tags"))
	p.command(`SELECT * FROM tags;`)
	require.Contains(t, p.output(), "2     go   changed")
}

// TestUnchangedTablesKept: after a command, the Database panel rebuilds the
// tables whose rows or columns changed and keeps the others' elements as
// they are (no new layout or paint for them); a step's highlight coming or
// going counts as a change. So does the Revisions list with its items.
func TestUnchangedTablesKept(t *testing.T) {
	p := open(t, "")
	p.command(`alembic revision --autogenerate -m "create users table"`)
	p.command(`alembic upgrade head`)
	p.command(`CREATE TABLE notes (body TEXT);`)
	p.settleRows("notes", "0 rows")
	section := func(table string) string {
		return fmt.Sprintf(`document.querySelector('table[aria-label=%q]')?.closest('section')`, table+" rows")
	}
	tag := func() {
		for _, table := range []string{"users", "notes", "alembic_version"} {
			eval[any](p, `(() => { const s = `+section(table)+`; if (s) s.dataset.tagged = '1' })()`)
		}
	}
	tagged := func(table string) bool {
		return eval[bool](p, section(table)+`?.dataset.tagged === '1'`)
	}

	tag()
	eval[any](p, `document.querySelectorAll('ol[aria-label=Revisions] li').forEach((li) => li.dataset.tagged = '1')`)
	// A kept section is not even moved (taken out and put back, it would be styled and laid out again).
	eval[any](p, `window.__moved = []; new MutationObserver((records) => { for (const r of records)
		for (const n of [...r.addedNodes, ...r.removedNodes]) if (n.dataset?.tagged && n.isConnected) window.__moved.push(n.querySelector('h3').textContent);
	}).observe(document.getElementById('tables'), { childList: true })`)
	p.command(`INSERT INTO notes VALUES ('kept?');`)
	p.settleRows("notes", "1 row")
	require.False(t, tagged("notes"), "notes changed: rebuilt")
	require.Equal(t, [][]string{{"kept?"}}, p.rows("notes"))
	require.True(t, tagged("users"), "users did not change: kept")
	require.True(t, tagged("alembic_version"), "alembic_version did not change: kept")
	require.Empty(t, eval[[]string](p, `window.__moved`), "kept sections moved")
	require.Equal(t, 2, eval[int](p, `document.querySelectorAll('ol[aria-label=Revisions] li[data-tagged]').length`),
		"the revisions (base and one) did not change: kept")

	// Steps: down to base (users goes, alembic_version empties) and up again
	// (users comes back, highlighted as new); notes, which no step touches, stays.
	tag()
	p.command(`alembic downgrade base`)
	p.settleRows("alembic_version", "0 rows")
	require.False(t, eval[bool](p, `!!document.querySelector('table[aria-label="users rows"]')`))
	require.False(t, tagged("alembic_version"))
	require.True(t, tagged("notes"))
	tag()
	p.command(`alembic upgrade head`)
	p.settleRows("users", "0 rows")
	require.False(t, tagged("alembic_version"))
	require.True(t, tagged("notes"))
	require.True(t, eval[bool](p, section("users")+`?.classList.contains('new') === true`))
	require.Equal(t, [][]string{{"kept?"}}, p.rows("notes"))
}
