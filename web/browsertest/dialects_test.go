package browsertest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"retort/examples"
)

// TestPostgreSQLView: wherever the page shows a step's SQL (the SQL log, a
// revision's Upgrade SQL), PostgreSQL beside SQLite shows what the same step
// runs on PostgreSQL, written without a server: the table rebuild on one
// side, the plain ALTER on the other. And `alembic upgrade --sql` in the
// terminal writes PostgreSQL's SQL when alembic.ini names a PostgreSQL
// database.
func TestPostgreSQLView(t *testing.T) {
	// The lesson's pending revision makes posts.user_id NOT NULL, among
	// other things: a rebuild of posts on SQLite.
	p := open(t, "?example=alembic-sqlite-trap")
	p.step("Upgrade")

	const logGroup = "Last step's SQL for"
	log := `document.querySelector('#sqllog pre')`
	require.Equal(t, "sqlite", eval[string](p, log+`.dataset.dialect`))
	require.Equal(t, "SQLite", p.pressed(logGroup), "SQLite at first: the page's database")
	sqlite := eval[string](p, log+`.textContent`)
	require.Contains(t, sqlite, `INSERT INTO "new_posts" SELECT`)
	require.NotContains(t, sqlite, "SET NOT NULL")

	p.clickIn(logGroup, "postgresql")
	pg := p.dialectSQL(log, "postgresql")
	require.Contains(t, pg, "-- Running upgrade aaaaaaaaaaaa -> bbbbbbbbbbbb")
	require.Contains(t, pg, `ALTER TABLE posts ALTER COLUMN user_id SET NOT NULL;`)
	require.NotContains(t, pg, "new_posts", "no rebuild on PostgreSQL")
	require.Equal(t, 1, strings.Count(pg, "BEGIN;"))
	require.Equal(t, "PostgreSQL", p.pressed(logGroup))
	p.screenshot("postgresql-log")

	// A revision's Upgrade SQL: the same two views, SQLite first.
	p.do(chromedp.Click(chromedp.CSS(`ol[aria-label=Revisions] li[data-rev="bbbbbbbbbbbb"] button`), chromedp.NodeVisible))
	up := `document.querySelector('pre[aria-label="Upgrade SQL"]')`
	p.waitFor(`!!`+up, 10*time.Second)
	require.Equal(t, "SQLite", p.pressed("Upgrade SQL for"))
	require.Contains(t, p.dialectSQL(up, "sqlite"), `INSERT INTO "new_posts" SELECT`)
	// By keyboard: the buttons are in the tab order; Space presses one.
	p.do(chromedp.Focus(chromedp.CSS(`[role=group][aria-label="Upgrade SQL for"] button[data-dialect=postgresql]`)), chromedp.KeyEvent(" "))
	pg = p.dialectSQL(up, "postgresql")
	require.Contains(t, pg, `ALTER TABLE posts ALTER COLUMN user_id SET NOT NULL;`)
	require.NotContains(t, pg, "new_posts")
	require.Equal(t, "PostgreSQL", p.pressed("Upgrade SQL for"))
	p.screenshot("postgresql-revision")

	// The log stays on PostgreSQL from one step to the next. This
	// downgrade drops an unnamed foreign key, which PostgreSQL named itself
	// (posts_user_id_fkey): written offline, the view drops it by that name
	// (the real Alembic cannot drop an unnamed constraint).
	p.step("Downgrade")
	pg = p.dialectSQL(log, "postgresql")
	require.Equal(t, "PostgreSQL", p.pressed(logGroup))
	require.Contains(t, pg, "ALTER TABLE posts DROP CONSTRAINT posts_user_id_fkey;")
	p.clickIn(logGroup, "sqlite")
	require.Contains(t, p.dialectSQL(log, "sqlite"), `INSERT INTO "new_posts"`, "SQLite rebuilds posts back")

	// alembic.ini pointed at PostgreSQL: upgrade --sql writes PostgreSQL's
	// SQL in the terminal; an online upgrade cannot connect and changes nothing.
	l, err := examples.Load("alembic-sqlite-trap")
	require.NoError(t, err)
	ini := l.Files["alembic.ini"]
	const sqliteURL = "sqlalchemy.url = sqlite:///./myapp.db\n"
	require.Contains(t, ini, sqliteURL)
	p.click("tab", "alembic.ini")
	p.waitFor(`document.querySelector('.cm-content').getAttribute('aria-label') === 'alembic.ini editor'`, 10*time.Second)
	p.do(
		// (A click on a long file's content lands below the window.)
		chromedp.Focus(chromedp.CSS(`.cm-content`)),
		chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		insertText(strings.Replace(ini, sqliteURL, "sqlalchemy.url = postgresql://app:secret@db.example.com/app\n", 1)),
	)
	p.command("alembic upgrade head --sql")
	out := p.output()
	require.Contains(t, out, "Context impl PostgresqlImpl.")
	require.Contains(t, out, `CREATE TABLE alembic_version`)
	require.Contains(t, out, `ALTER TABLE posts ALTER COLUMN user_id SET NOT NULL;`)
	require.NotContains(t, out, "PRAGMA")
	p.command("alembic upgrade head")
	require.Contains(t, p.output(), "FAILED")
	require.Contains(t, p.revisions(), "* aaaaaaaaaaaa initial schema (current)", "nothing changed")
}

// pressed is the text of the pressed button in the group named name.
func (p *page) pressed(group string) string {
	p.t.Helper()
	sel := fmt.Sprintf(`[role=group][aria-label=%q] button[aria-pressed=true]`, group)
	return eval[string](p, fmt.Sprintf(`[...document.querySelectorAll(%q)].map(b => b.textContent).join()`, sel))
}

// clickIn clicks the dialect's button in the group named name.
func (p *page) clickIn(group, dialect string) {
	p.t.Helper()
	sel := fmt.Sprintf(`[role=group][aria-label=%q] button[data-dialect=%q]`, group, dialect)
	// Brought to the middle of its scrolling panel first: at the panel's
	// bottom edge the button is in the window but under the panel's edge,
	// where the click lands on something else.
	// Again when the click did not take: the panel may have been written
	// anew under the pointer (the work a step leaves for after it).
	for try := 0; ; try++ {
		eval[bool](p, fmt.Sprintf(`(document.querySelector(%q).scrollIntoView({block: "center"}), true)`, sel))
		p.do(chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
		ok, err := chromedp.Run(p.ctx, chromedp.Poll[bool](fmt.Sprintf(`document.querySelector(%q)?.getAttribute('aria-pressed') === 'true'`, sel),
			chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(5*time.Second)))
		if (err == nil && ok) || try == 2 {
			return
		}
	}
}

// dialectSQL waits until the <pre> (a JavaScript expression) shows
// dialect's SQL, written, and returns it.
func (p *page) dialectSQL(pre, dialect string) string {
	p.t.Helper()
	p.waitFor(fmt.Sprintf(`(() => { const e = %s; return !!e && e.dataset.dialect === %q && !e.hasAttribute('aria-busy') })()`, pre, dialect), 30*time.Second)
	return eval[string](p, pre+`.textContent`)
}

// TestFlaskMigrateLesson: a project in Flask-Migrate's layout (migrations/
// with its own alembic.ini, no alembic.ini at the top) works with the page's
// buttons, which run alembic commands without -c: Autogenerate writes into
// migrations/versions/ (its tab opens), Upgrade creates the table.
func TestFlaskMigrateLesson(t *testing.T) {
	p := open(t, "?example=flask-migrate")
	requireExists(t, p, "tab", "migrations/env.py")
	script := p.autogenerate("create users table")
	require.Regexp(t, `^migrations/versions/[0-9a-f]{12}_create_users_table\.py$`, script)
	require.Contains(t, p.output(), "Detected added table 'user'")
	require.Contains(t, p.editorText(), "with op.batch_alter_table('user', schema=None) as batch_op:", "Flask-Migrate's env.py renders as batch")
	p.step("Upgrade")
	require.Equal(t, []string{"id", "username", "email"}, p.headers("user"))
	require.Contains(t, p.revisions(), "* "+script[len("migrations/versions/"):][:12]+" create users table (head) (current)")
}
