package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/chromedp/chromedp"
)

// engineProbeHTML loads the engine without the page, in the page's own
// thread, and times each stage: the wasm's fetch and compile, Go's start (to
// retortReady), then the bridge's first requests, as the page makes them.
const engineProbeHTML = `<!doctype html>
<html><head><meta charset="utf-8"><script src="/wasm_exec.js"></script></head><body><script>
window.__bench = (async () => {
  const r = {};
  const lessons = await (await fetch('/examples.json')).json();
  const files = lessons.lessons.find((l) => l.id === 'tutorial').files;
  const go = new Go();
  let t = performance.now();
  const mod = await WebAssembly.compileStreaming(fetch('/retort.wasm'));
  r.compile = performance.now() - t;
  t = performance.now();
  const inst = await WebAssembly.instantiate(mod, go.importObject);
  r.instantiate = performance.now() - t;
  const pending = new Map();
  globalThis.postMessage = (msg) => {
    if (msg && msg.id && !msg.event && pending.has(msg.id)) { pending.get(msg.id)(msg); pending.delete(msg.id); }
  };
  const ready = new Promise((res) => { globalThis.retortReady = res; });
  t = performance.now();
  go.run(inst);
  await ready;
  r.start = performance.now() - t;
  let id = 0;
  const call = (method, params) => new Promise((res, rej) => {
    const i = ++id;
    pending.set(i, (m) => (m.error ? rej(new Error(m.error.message)) : res(m.result)));
    globalThis.retortRequest({ id: i, method, params });
  });
  for (const [name, method, params] of [['open', 'open', { files }], ['tables', 'tables', {}], ['revisions', 'revisions', {}],
    ['open2', 'open', { files }], ['tables2', 'tables', {}], ['revisions2', 'revisions', {}]]) {
    t = performance.now();
    await call(method, params);
    r[name] = performance.now() - t;
  }
  return r;
})();
</script></body></html>`

type engineProbe struct {
	Compile     float64 `json:"compile"`
	Instantiate float64 `json:"instantiate"`
	Start       float64 `json:"start"`
	Open        float64 `json:"open"`
	Tables      float64 `json:"tables"`
	Revisions   float64 `json:"revisions"`
	Open2       float64 `json:"open2"`
	Tables2     float64 `json:"tables2"`
	Revisions2  float64 `json:"revisions2"`
}

func (br *browser) engineProbe(url string) (engineProbe, error) {
	if err := chromedp.Do(br.ctx, chromedp.Navigate(url)); err != nil {
		return engineProbe{}, err
	}
	return eval[engineProbe](br, `window.__bench`)
}

// probeServer serves dist/ and, at /__bench/engine.html, the probe page.
func (b *bench) probeServer() (*httptest.Server, error) {
	srv, err := b.serve()
	if err != nil {
		return nil, err
	}
	dist := srv.Config.Handler
	srv.Close()
	mux := http.NewServeMux()
	mux.HandleFunc("/__bench/engine.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		fmt.Fprint(w, engineProbeHTML)
	})
	mux.Handle("/", dist)
	return httptest.NewServer(mux), nil
}

// engineAlone times the engine's start in Chromium without the page: cold
// (a fresh profile each) and repeat (the same profile: HTTP and code caches).
func (b *bench) engineAlone(ctx context.Context) error {
	srv, err := b.probeServer()
	if err != nil {
		return err
	}
	defer srv.Close()
	url := srv.URL + "/__bench/engine.html"
	var cold, repeat []engineProbe
	var last *browser
	for i := range b.reps {
		br, err := b.newBrowser()
		if err != nil {
			return err
		}
		p, err := br.engineProbe(url)
		if err != nil {
			br.cancel()
			return err
		}
		cold = append(cold, p)
		if i < b.reps-1 {
			br.cancel()
		} else {
			last = br
		}
	}
	defer last.cancel()
	time.Sleep(5 * time.Second) // as in load: let Chromium write its code cache
	for range b.reps {
		p, err := last.engineProbe(url)
		if err != nil {
			return err
		}
		repeat = append(repeat, p)
	}
	const g = "The engine alone in Chromium (no page, its main thread): where a load's engine time goes"
	for _, c := range []struct {
		label  string
		ps     []engineProbe
		sqljs  float64 // the sql.js page's load, this run (0 without load-page)
		budget float64 // the page's target, as a ratio to it
	}{{"cold (fresh profile each)", cold, b.sqljsCold, 2}, {"repeat (same profile)", repeat, b.sqljsRepeat, 1.2}} {
		pick := func(f func(engineProbe) float64) float64 {
			var xs []float64
			for _, p := range c.ps {
				xs = append(xs, f(p))
			}
			return median(xs)
		}
		b.add(row{group: g, what: c.label + ": fetch + compileStreaming / instantiate / Go start to ready",
			value: fmt.Sprintf("%.0f / %.0f / %.0f ms", pick(func(p engineProbe) float64 { return p.Compile }),
				pick(func(p engineProbe) float64 { return p.Instantiate }), pick(func(p engineProbe) float64 { return p.Start }))})
		b.add(row{group: g, what: c.label + ": first open / tables / revisions (then again)",
			value: fmt.Sprintf("%.0f / %.0f / %.0f ms", pick(func(p engineProbe) float64 { return p.Open }),
				pick(func(p engineProbe) float64 { return p.Tables }), pick(func(p engineProbe) float64 { return p.Revisions })),
			anchor: fmt.Sprintf("again: %.1f / %.1f / %.1f ms", pick(func(p engineProbe) float64 { return p.Open2 }),
				pick(func(p engineProbe) float64 { return p.Tables2 }), pick(func(p engineProbe) float64 { return p.Revisions2 }))})
		// What the engine alone needs before a page could run anything: the
		// floor under the page's load, whatever the page does around it.
		alone := pick(func(p engineProbe) float64 { return p.Compile + p.Instantiate + p.Start + p.Open })
		r := row{group: g, what: c.label + ": the engine alone, fetch to its first open done (the floor under the page's ready)", value: fmt.Sprintf("%.0f ms", alone)}
		if c.sqljs > 0 {
			r.anchor = fmt.Sprintf("sql.js page %.0f ms (load-page, this run) = %s; the page's target %.1fx", c.sqljs, ratioText(alone, c.sqljs), c.budget)
		}
		b.add(r)
	}
	return nil
}
