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
func (b *bench) pendingKeystrokes(br *browser) ([]pendingResult, error) {
	err := chromedp.Do(br.ctx,
		chromedp.Click(chromedp.CSS(`.cm-content`), chromedp.NodeVisible),
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
	for range max(b.reps, 5) {
		time.Sleep(800 * time.Millisecond) // the editor's lint and the last update are done
		if _, err := eval[bool](br, pendingProbe); err != nil {
			return nil, err
		}
		if err := chromedp.Do(br.ctx, chromedp.KeyEvent("x")); err != nil {
			return nil, err
		}
		r, err := eval[pendingResult](br, `window.__pend.done`)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// pending measures the Pending changes panel on the tutorial (the page as
// page() left it) and on the 200-table model.
func (b *bench) pending(br *browser) error {
	const g = "Pending changes in the page: last keystroke in models.py to the panel rendered (next frame); longest main-thread task meanwhile"
	tutorial, err := b.pendingKeystrokes(br)
	if err != nil {
		return fmt.Errorf("pending, tutorial: %w", err)
	}
	if _, err := eval[bool](br, `(() => { [...document.querySelectorAll('[role=tab]')].find((t) => t.textContent === 'models.py').click(); return true })()`); err != nil {
		return err
	}
	err = chromedp.Do(br.ctx,
		chromedp.Click(chromedp.CSS(`.cm-content`), chromedp.NodeVisible),
		chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, input.InsertText, input.InsertTextParams{Text: examples.ManyModels(200)})
			return err
		}),
	)
	if err != nil {
		return err
	}
	time.Sleep(3 * time.Second) // the first comparison of 200 tables
	many, err := b.pendingKeystrokes(br)
	if err != nil {
		return fmt.Errorf("pending, 200 tables: %w", err)
	}
	for _, c := range []struct {
		label  string
		rs     []pendingResult
		budget float64
	}{
		{"the tutorial (users; the database at head)", tutorial, 100},
		{"the 200-table model (200 create_table against the tutorial's database)", many, 250},
	} {
		var painted, longest []float64
		for _, r := range c.rs {
			painted = append(painted, r.Painted)
			longest = append(longest, r.Longest)
		}
		long := "none ≥ 50 ms"
		if m := maxOf(longest); m > 0 {
			long = fmt.Sprintf("%.0f ms", m)
		}
		b.add(row{group: g, what: c.label, value: msText(painted), target: fmt.Sprintf("< %.0f ms", c.budget), met: metText(median(painted) < c.budget),
			anchor: "longest task: " + long})
		b.add(row{group: g, what: "  longest main-thread task while it updates", value: long, target: "< 50 ms", met: metText(maxOf(longest) < 50)})
	}
	return nil
}
