package main

import (
	"context"
	"fmt"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"retort/examples"
)

// pendingProbe arms the measure of one keystroke: from its keydown to the
// Pending changes panel rendered (its data-updated set) and painted (the
// next frame), and the longest main-thread task meanwhile (long tasks are
// those of 50 ms or more; 0 when there was none).
const pendingProbe = `(() => {
  const sec = document.querySelector('section.pending');
  const st = { t0: 0, long: 0 };
  document.addEventListener('keydown', () => { st.t0 = performance.now(); }, { capture: true, once: true });
  const po = new PerformanceObserver((l) => {
    for (const e of l.getEntries()) if (st.t0 && e.startTime + e.duration >= st.t0) st.long = Math.max(st.long, e.duration);
  });
  po.observe({ type: 'longtask' });
  st.done = new Promise((resolve) => {
    const mo = new MutationObserver(() => {
      if (!st.t0) return;
      mo.disconnect();
      const t1 = performance.now();
      requestAnimationFrame(() => setTimeout(() => {
        po.disconnect();
        resolve({ rendered: t1 - st.t0, painted: performance.now() - st.t0, longest: st.long });
      }, 0));
    });
    mo.observe(sec, { attributes: true, attributeFilter: ['data-updated'] });
  });
  window.__pend = st;
  return true;
})()`

type pendingResult struct {
	Rendered float64 `json:"rendered"`
	Painted  float64 `json:"painted"`
	Longest  float64 `json:"longest"`
}

// pendingKeystrokes types one character at a time into a comment line at
// the end of models.py and measures the panel's update after each.
func (b *bench) pendingKeystrokes(br *browser, reps int) ([]pendingResult, error) {
	if _, err := eval[bool](br, `(() => { [...document.querySelectorAll('[role=tab]')].find((t) => t.textContent === 'models.py').click(); return true })()`); err != nil {
		return nil, err
	}
	// Focused, not clicked: a click at the middle of 10,000 lines lands outside the window.
	if _, err := eval[bool](br, `(() => { document.querySelector('.cm-content').focus(); return true })()`); err != nil {
		return nil, err
	}
	err := chromedp.Do(br.ctx,
		chromedp.KeyEvent(kb.End, chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, input.InsertText, input.InsertTextParams{Text: "\n# typing "})
			return err
		}),
	)
	if err != nil {
		return nil, err
	}
	var out []pendingResult
	for range reps {
		// The editor's lint and the last update are done (the lint of 200
		// tables takes a while).
		time.Sleep(1500 * time.Millisecond)
		if _, err := eval[bool](br, pendingProbe); err != nil {
			return nil, err
		}
		if err := chromedp.Do(br.ctx, chromedp.KeyEvent("x")); err != nil {
			return nil, err
		}
		r, err := eval[pendingResult](br, `Promise.race([window.__pend.done, new Promise((_, no) => setTimeout(() => no(new Error('the panel did not update within 20 s')), 20000))])`)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// pending measures the Pending changes panel on the tutorial (users
// created and upgraded) and on the 200-table model.
func (b *bench) pending(ctx context.Context) error {
	srv, err := b.serve()
	if err != nil {
		return err
	}
	defer srv.Close()
	br, err := b.newBrowser()
	if err != nil {
		return err
	}
	defer br.cancel()
	if _, err := br.load(srv.URL + "/"); err != nil {
		return err
	}
	for _, line := range []string{`alembic revision --autogenerate -m "create users table"`, `alembic upgrade head`} {
		if err := br.command(line); err != nil {
			return err
		}
	}
	const g = "Pending changes in the page: last keystroke in models.py to the panel rendered (next frame); longest main-thread task meanwhile"
	report := func(label string, rs []pendingResult, budget float64) {
		var painted, longest []float64
		for _, r := range rs {
			painted = append(painted, r.Painted)
			longest = append(longest, r.Longest)
		}
		long := "none ≥ 50 ms"
		if m := maxOf(longest); m > 0 {
			long = fmt.Sprintf("%.0f ms", m)
		}
		b.add(row{group: g, what: label, value: msText(painted), target: fmt.Sprintf("< %.0f ms", budget), met: metText(median(painted) < budget)})
		b.add(row{group: g, what: "  longest main-thread task while it updates", value: long, target: "< 50 ms", met: metText(maxOf(longest) < 50)})
	}
	tutorial, err := b.pendingKeystrokes(br, b.reps)
	if err != nil {
		return fmt.Errorf("pending, tutorial: %w", err)
	}
	report("the tutorial (users; the database at head)", tutorial, 100)
	if err := br.pasteModels(examples.ManyModels(200)); err != nil {
		return err
	}
	time.Sleep(3 * time.Second) // the first comparison of 200 tables
	many, err := b.pendingKeystrokes(br, min(b.reps, 3))
	if err != nil {
		return fmt.Errorf("pending, 200 tables: %w", err)
	}
	report("the 200-table model (200 create_table against the tutorial's database)", many, 250)
	return nil
}
