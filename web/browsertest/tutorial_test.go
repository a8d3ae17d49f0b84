package browsertest

import (
	"context"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/require"
)

// TestTutorial follows the tutorial on the page, as a learner does, with the
// buttons and the terminal: create users, upgrade, seed 10,000 rows, add
// age, upgrade, and downgrade — and the rows survive every step.
func TestTutorial(t *testing.T) {
	p := open(t, "")
	for _, tab := range []string{"models.py", "database.py", "alembic.ini", "alembic/env.py"} {
		requireExists(t, p, "tab", tab)
	}
	require.Equal(t, []string{"* base empty database"}, p.revisions())

	// alembic revision --autogenerate -m "create users table"
	first := p.autogenerate("create users table")
	require.Regexp(t, `^alembic/versions/[0-9a-f]{12}_create_users_table\.py$`, first)
	require.Contains(t, p.output(), "create_users_table.py")
	rev1 := first[len("alembic/versions/"):][:12]
	p.screenshot("tutorial-1-autogenerate")

	// alembic upgrade +1: the users table, empty, and alembic_version.
	p.step("Upgrade")
	requireExists(t, p, "table", "users rows")
	require.Equal(t, []string{"id", "name", "email"}, p.headers("users"))
	require.Equal(t, "0 rows", p.rowCount("users"))
	require.Equal(t, []string{"version_num"}, p.headers("alembic_version"))
	require.Equal(t, rev1, eval[string](p, `document.querySelector('table[aria-label="alembic_version rows"] tbody td').textContent`))
	require.Equal(t, []string{"base empty database", "* " + rev1 + " create users table (head) (current)"}, p.revisions())

	// Seed 10,000 users.
	start := time.Now()
	p.click("button", "Seed 10,000 users")
	p.settle(`document.querySelector('table[aria-label="users rows"]').dataset.rowCount === "10000"`)
	t.Logf("seeding 10,000 users took %v", time.Since(start).Round(time.Millisecond))
	require.Equal(t, "10,000 rows", p.rowCount("users"))
	p.screenshot("tutorial-2-seeded")
	firstID := `document.querySelector('table[aria-label="users rows"] tbody td').textContent`
	require.Equal(t, "1", eval[string](p, firstID))
	p.click("button", "users: next rows")
	p.settle(firstID + ` === "51"`)

	// Add age to the model, in the editor.
	p.click("tab", "models.py")
	p.do(
		chromedp.Click(chromedp.CSS(`.cm-content`), chromedp.NodeVisible),
		chromedp.KeyEvent(kb.End, chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		insertText("\n    age = Column(Integer, nullable=True)\n"),
	)
	require.Contains(t, eval[string](p, `document.querySelector('.cm-content').innerText`), "age = Column(Integer, nullable=True)")

	second := p.autogenerate("add age to users")
	require.Regexp(t, `^alembic/versions/[0-9a-f]{12}_add_age_to_users\.py$`, second)
	require.Contains(t, p.output(), "Detected added column 'users.age'")
	rev2 := second[len("alembic/versions/"):][:12]
	script := eval[string](p, `document.querySelector('.cm-content').innerText`)
	require.Contains(t, script, "op.add_column('users', sa.Column('age', sa.Integer(), nullable=True))")
	require.Contains(t, script, "op.drop_column('users', 'age')")

	// alembic upgrade +1: age is there, highlighted, and NULL in every row.
	p.step("Upgrade")
	require.Equal(t, []string{"id", "name", "email", "age"}, p.headers("users"))
	require.Equal(t, "10,000 rows", p.rowCount("users"))
	require.True(t, eval[bool](p, `[...document.querySelectorAll('table[aria-label="users rows"] thead th')].find(th => th.textContent === 'age').classList.contains('changed')`))
	require.Equal(t, "NULL", eval[string](p, `document.querySelector('table[aria-label="users rows"] tbody tr td:nth-child(4)').textContent`))
	require.Equal(t, []string{"base empty database", rev1 + " create users table", "* " + rev2 + " add age to users (head) (current)"}, p.revisions())
	require.Contains(t, eval[string](p, `document.querySelector('#sqllog').innerText`), "ALTER TABLE")
	p.screenshot("tutorial-3-upgraded")

	// A revision shows its script and the SQL of its steps.
	p.do(chromedp.Click(chromedp.CSS(`ol[aria-label=Revisions] li[data-rev="`+rev2+`"] button`), chromedp.NodeVisible))
	p.waitFor(`!!document.querySelector('pre[aria-label="Upgrade SQL"]')`, 10*time.Second)
	require.Contains(t, eval[string](p, `document.querySelector('pre[aria-label="Upgrade SQL"]').textContent`), `ALTER TABLE "users" ADD COLUMN "age" INTEGER`)
	require.Contains(t, eval[string](p, `document.querySelector('pre[aria-label="Revision script"]').textContent`), "def downgrade()")

	// The terminal runs the tutorial's commands and SQL.
	p.command("alembic current")
	require.Contains(t, p.output(), rev2+" (head)")
	p.command(`SELECT count(*) AS n FROM users WHERE age IS NULL;`)
	require.Regexp(t, regexp.MustCompile(`(?m)^10000$`), p.output())
	p.command(`alembic history`)
	require.Contains(t, p.output(), rev1+" -> "+rev2+" (head), add age to users")

	// Ten users get an age: downgrading would delete those values, so the
	// page asks first. No keeps everything; Yes runs the step.
	p.command(`UPDATE users SET age = 30 WHERE id <= 10;`)
	p.click("button", "Downgrade")
	p.waitFor(`!!document.querySelector('dialog[open]')`, 30*time.Second)
	require.Contains(t, eval[string](p, `document.querySelector('dialog[open]').innerText`), "Dropping column 'users.age' will delete 10 non-NULL values")
	require.Equal(t, "No", eval[string](p, `document.activeElement.textContent`), "the default answer has the focus")
	p.screenshot("tutorial-4-dataloss")
	p.click("button", "No")
	p.waitReady(30 * time.Second)
	require.Equal(t, []string{"id", "name", "email", "age"}, p.headers("users"))
	require.Contains(t, p.revisions(), "* "+rev2+" add age to users (head) (current)")

	// alembic downgrade -1: age is gone, the rows are not.
	p.step("Downgrade")
	require.Equal(t, []string{"id", "name", "email"}, p.headers("users"))
	require.Equal(t, "10,000 rows", p.rowCount("users"))
	require.Equal(t, []string{"base empty database", "* " + rev1 + " create users table (current)", rev2 + " add age to users (head)"}, p.revisions())
	p.screenshot("tutorial-5-downgraded")
}

// autogenerate clicks Autogenerate, checks the message the dialog offers,
// generates, and returns the new revision file's path (its tab is selected).
func (p *page) autogenerate(message string) string {
	p.t.Helper()
	before := len(p.tabs())
	p.click("button", "Autogenerate")
	p.do(chromedp.WaitVisible(chromedp.CSS(`dialog[open] input[name=message]`)))
	require.Equal(p.t, message, eval[string](p, `document.querySelector('dialog[open] input[name=message]').value`))
	start := time.Now()
	p.click("button", "Generate")
	p.settle(fmt.Sprintf(`document.querySelectorAll('[role=tab]').length > %d`, before))
	p.t.Logf("autogenerate %q took %v", message, time.Since(start).Round(time.Millisecond))
	return eval[string](p, `document.querySelector('[role=tab][aria-selected=true]').textContent`)
}

// step clicks Upgrade or Downgrade and waits for it to finish, answering Yes
// to each data-loss question the engine asks.
func (p *page) step(button string) {
	p.t.Helper()
	start := time.Now()
	defer func() { p.t.Logf("%s took %v", button, time.Since(start).Round(time.Millisecond)) }()
	p.click("button", button)
	for asked := 0; ; asked++ {
		p.waitFor(readyJS+` || !!document.querySelector('dialog[open]')`, 60*time.Second)
		if !eval[bool](p, `!!document.querySelector('dialog[open]')`) {
			break
		}
		if asked == 0 {
			p.screenshot("question-" + button)
		}
		// The next question may follow at once: wait for this one to go.
		eval[string](p, `document.querySelector('dialog[open]').dataset.answered = 'yes'`)
		p.click("button", "Yes")
		p.waitFor(`!document.querySelector('dialog[data-answered]')`, 10*time.Second)
	}
	p.waitReady(60 * time.Second)
}

// insertText types text where the editor's cursor is, as an input method
// does (no key events, so no auto-indent or bracket closing).
func insertText(text string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, input.InsertText, input.InsertTextParams{Text: text})
		return err
	})
}
