package browsertest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/require"

	"retort/examples"
)

// TestPendingAndDiagram types a column into models.py and finds it in the
// Pending changes panel (no file written), then autogenerates and upgrades,
// and finds the column in the Schema diagram, marked as the step's.
func TestPendingAndDiagram(t *testing.T) {
	p := open(t, "")
	for _, name := range []string{"Pending changes", "Schema diagram"} {
		require.True(t, eval[bool](p, `!!document.querySelector('section[aria-label="`+name+`"]')`), name)
	}
	pending := `document.querySelector('section.pending')`
	p.waitFor(pending+`.innerText.includes("Detected added table 'users'")`, 30*time.Second)
	p.autogenerate("create users table")
	p.step("Upgrade")
	p.waitFor(pending+`.dataset.state === "empty"`, 30*time.Second)
	require.Contains(t, eval[string](p, pending+`.innerText`), "Nothing to do")
	tabs := len(p.tabs())

	p.click("tab", "models.py")
	p.do(
		chromedp.Click(chromedp.CSS(`.cm-content`), chromedp.NodeVisible),
		chromedp.KeyEvent(kb.End, chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		insertText("\n    age = Column(Integer, nullable=True)\n"),
	)
	p.waitFor(pending+`.innerText.includes("Detected added column 'users.age'")`, 30*time.Second)
	require.Contains(t, eval[string](p, pending+`.innerText`), "op.add_column('users', sa.Column('age', sa.Integer(), nullable=True))")
	require.Equal(t, tabs, len(p.tabs()), "the panel writes no file")
	p.screenshot("pending-changes")
	p.screenshotOf("section.pending", "panel-pending")

	p.do(chromedp.Click(chromedp.CSS(`section.pending button`), chromedp.NodeVisible))
	p.do(chromedp.WaitVisible(chromedp.CSS(`dialog[open] input[name=message]`)))
	p.click("button", "Generate")
	// The revision's tab, not only ready: the page may not have turned busy
	// yet when the click returns, and an Upgrade clicked then finds its
	// button disabled.
	p.settle(fmt.Sprintf(`document.querySelectorAll('[role=tab]').length > %d`, tabs))
	p.step("Upgrade")
	diagram := `document.querySelector('section.diagram')`
	p.do(chromedp.ScrollIntoView(chromedp.CSS(`section.diagram`)))
	p.waitFor(diagram+`.querySelector('[data-column="age"]') !== null`, 30*time.Second)
	require.True(t, eval[bool](p, diagram+`.querySelector('g[data-table="users"] rect.row-changed') !== null`))
	require.Contains(t, eval[string](p, diagram+`.querySelector('.diagram-text').textContent`), "age: INTEGER, nullable, added or changed by the last step")
	p.screenshot("schema-diagram")
	p.screenshotOf("section.diagram", "panel-diagram")
	p.darkMode(true)
	p.screenshot("schema-diagram-dark")
	p.darkMode(false)
}

// TestReviewLesson follows the review-unique lesson: the Review panel says
// the next Upgrade fails on the rows two users share; the learner deletes
// the duplicate, the review clears, and the Upgrade goes through.
func TestReviewLesson(t *testing.T) {
	p := open(t, "?example=review-unique")
	p.click("tab", "models.py")
	models, err := os.ReadFile("../../examples/review-unique/files/models.py")
	require.NoError(t, err)
	edited := strings.Replace(string(models), "    name = Column(String, nullable=False)\n", "    name = Column(String, nullable=False, unique=True, index=True)\n", 1)
	require.NotEqual(t, string(models), edited)
	p.do(
		chromedp.Click(chromedp.CSS(`.cm-content`), chromedp.NodeVisible),
		chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		insertText(edited),
	)
	p.waitFor(`document.querySelector('section.pending').innerText.includes("Detected added index 'ix_users_name'")`, 30*time.Second)
	p.command(`alembic revision --autogenerate -m "unique user names" --rev-id 5c0ffee0c0de`)
	p.waitReady(60 * time.Second)
	review := `document.querySelector('section.review')`
	p.do(chromedp.ScrollIntoView(chromedp.CSS(`section.review`)))
	p.waitFor(review+`.dataset.state === "fails"`, 30*time.Second)
	require.Contains(t, eval[string](p, review+`.innerText`), "Column 'users.name' gets unique index 'ix_users_name', but 2 rows share 1 value: the step will fail")
	require.True(t, eval[bool](p, `!!document.querySelector('section[aria-label="Review"]')`))
	p.screenshot("review")
	p.screenshotOf("section.review", "panel-review")

	p.command(`DELETE FROM users WHERE id = 4;`)
	p.waitReady(60 * time.Second)
	p.waitFor(review+`.dataset.state === "clean"`, 30*time.Second)
	p.step("Upgrade")
	require.Contains(t, p.output(), "Running upgrade 1f67b9e072b7 -> 5c0ffee0c0de, unique user names")
	p.waitFor(review+`.dataset.state === "none"`, 30*time.Second)
}

// TestDiagramManyTables draws a 30-table model's database: every table in
// the drawing and in its text equivalent, a foreign key arrow for each.
func TestDiagramManyTables(t *testing.T) {
	p := open(t, "")
	p.click("tab", "models.py")
	p.do(
		chromedp.Click(chromedp.CSS(`.cm-content`), chromedp.NodeVisible),
		chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		insertText(examples.ManyModels(30)),
	)
	p.command(`alembic revision --autogenerate -m "thirty tables"`)
	p.waitReady(60 * time.Second)
	p.command(`alembic upgrade head`)
	p.waitReady(60 * time.Second)
	diagram := `document.querySelector('section.diagram')`
	p.do(chromedp.ScrollIntoView(chromedp.CSS(`section.diagram`)))
	p.waitFor(diagram+`.querySelectorAll('g[data-table]').length === 30`, 30*time.Second)
	require.Equal(t, 15, eval[int](p, diagram+`.querySelectorAll('path.fk').length`))
	require.Equal(t, 30, eval[int](p, diagram+`.querySelectorAll('.diagram-text > ul > li').length`))
	// No two tables overlap.
	require.True(t, eval[bool](p, `(() => { const r = [...document.querySelectorAll('section.diagram g[data-table] rect.tbox')].map((e) => e.getBBox());
	  return r.every((a, i) => r.every((b, j) => i === j || a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y)); })()`))
	p.screenshot("schema-diagram-30")
	p.screenshotOf("section.diagram", "panel-diagram-30")
}

// screenshotOf writes dist/screenshots/<name>.png of one element (the
// README shows the panels alone).
func (p *page) screenshotOf(css, name string) {
	p.t.Helper()
	buf, err := chromedp.Run(p.ctx, chromedp.Screenshot(chromedp.CSS(css), chromedp.NodeVisible))
	if err != nil {
		p.t.Logf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(filepath.Join(screenshots, name+".png"), buf, 0o644); err != nil {
		p.t.Logf("screenshot %s: %v", name, err)
	}
}
