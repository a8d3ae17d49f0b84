package browsertest

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// fontsMissing lists the fonts (family, size, weight, style) the page
// shows that index.html's font primer does not: each would be asked of
// Chromium's font service, which blocks the layout, once the engine's
// compile jobs may hold up its answer (see .font-primer in style.css).
const fontsMissing = `(() => {
  const key = (cs) => [cs.fontFamily, cs.fontSize, cs.fontWeight, cs.fontStyle].join(' / ');
  const primed = new Set([...document.querySelectorAll('.font-primer > *')].map((el) => key(getComputedStyle(el))));
  const missing = new Set();
  const walk = (el) => {
    for (const n of el.childNodes) {
      if (n.nodeType === Node.ELEMENT_NODE && !n.classList.contains('font-primer')) walk(n);
      if (n.nodeType !== Node.TEXT_NODE || !n.textContent.trim() || !el.getClientRects().length) continue;
      const k = key(getComputedStyle(el));
      if (!primed.has(k)) missing.add(k + ' (' + el.localName + (el.className ? '.' + el.className : '') + ')');
    }
  };
  walk(document.body);
  return [...missing];
})()`

// TestFontPrimer: every font the page shows once loaded, and once its
// panels have filled in (Pending changes, Review), is in the primer: the
// tutorial, a lesson with tables, rows and revisions, and the embed.
func TestFontPrimer(t *testing.T) {
	for _, query := range []string{"", "?example=review-unique", "?embed=1"} {
		t.Run(query, func(t *testing.T) {
			p := open(t, query)
			require.Empty(t, eval[[]string](p, fontsMissing), "at ready")
			time.Sleep(time.Second) // the panels' first updates (after ready, as in a load)
			p.waitReady(30 * time.Second)
			require.Empty(t, eval[[]string](p, fontsMissing), "once the panels are filled")
		})
	}
}

// TestResetWhileLoading: Reset while the engine still downloads (here held
// back 2 s), before the worker's own open of the lesson (boot.ts) has
// answered: the engine is restarted, and the new one opens the lesson's
// start, which the page shows, ready.
func TestResetWhileLoading(t *testing.T) {
	p := newBrowser(t)
	p.do(chromedp.EmulateViewport(1280, 900), chromedp.Navigate(server.URL+"/slow-engine/?example=add-age"))
	p.waitFor(`document.documentElement.dataset.retort === "loading" && !!document.querySelector('.cm-content')`, 30*time.Second)
	p.click("button", "Reset")
	p.dialogButton("Reset to the start")
	p.waitReady(90 * time.Second)
	p.settle(`document.querySelector('table[aria-label="users rows"]')?.dataset.rowCount === "3"`)
	require.Contains(t, p.output(), "Back at the lesson's start")
	p.command("SELECT count(*) AS n FROM users;")
	require.Contains(t, p.output(), "(1 row)")
}
