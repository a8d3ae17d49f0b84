package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"

	"retort/scripts/dist"
)

// embedsPage is a docs page as the embedding hosts write it: one embed.js
// and n <retort-playground> elements, loaded at once (loading="eager", so
// that none waits to be scrolled into view). Its script records when each
// one dispatches ready and sets <html data-retort=ready> when the last one
// has, so the load probe times the page like the playground's own.
const embedsPage = `<!doctype html>
<html lang="en" data-retort="loading"><head><meta charset="utf-8"><title>embeds</title>
<script src="embed.js" defer></script></head>
<body><h1>Migrations</h1>
%s
<script>
window.__embedsReady = [];
document.addEventListener('ready', (e) => {
  if (e.target.localName !== 'retort-playground') return;
  window.__embedsReady.push(performance.now());
  if (window.__embedsReady.length === %d) document.documentElement.dataset.retort = 'ready';
});
</script></body></html>`

// embedLessons are the lessons the embeds show, in page order.
var embedLessons = []string{"tutorial", "add-age", "fastapi-sqlmodel"}

// embeds measures a page holding three playgrounds, as a docs page with
// several live examples does (they share one download of the engine; each
// runs its own worker), against a page holding one: from navigation start
// to each embed's ready event, each load in a fresh profile (a first visit).
func (b *bench) embeds() error {
	mux := http.NewServeMux()
	page := func(n int) http.HandlerFunc {
		var els strings.Builder
		for _, l := range embedLessons[:n] {
			fmt.Fprintf(&els, "<retort-playground lesson=%q loading=\"eager\" height=\"480\"></retort-playground>\n", l)
		}
		html := fmt.Sprintf(embedsPage, els.String(), n)
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Cache-Control", "no-cache")
			fmt.Fprint(w, html)
		}
	}
	mux.Handle("/bench-embeds-1.html", page(1))
	mux.Handle("/bench-embeds-3.html", page(len(embedLessons)))
	mux.Handle("/", dist.Handler(filepath.Join(b.root, "dist")))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	var one []float64
	each := make([][]float64, len(embedLessons))
	for range b.reps {
		br, t, err := b.freshLoad(srv.URL+"/bench-embeds-1.html", 1)
		if err != nil {
			return fmt.Errorf("one embed: %w", err)
		}
		br.cancel()
		one = append(one, t.Ready)
		br, _, err = b.freshLoad(srv.URL+"/bench-embeds-3.html", 1)
		if err != nil {
			return fmt.Errorf("three embeds: %w", err)
		}
		times, err := eval[[]float64](br, `window.__embedsReady`)
		br.cancel()
		if err != nil {
			return fmt.Errorf("three embeds: %w", err)
		}
		for i := range min(len(times), len(each)) {
			each[i] = append(each[i], times[i])
		}
	}
	g := "Embeds: a page holding three playgrounds (embed.js; loading=\"eager\"; fresh profile each: a first visit), navigation start to each one's ready event"
	b.add(row{group: g, what: "one embed alone (the tutorial)", value: msText(one)})
	names := []string{"first", "second", "third"}
	for i, ts := range each {
		r := row{group: g, what: fmt.Sprintf("three embeds: the %s ready", names[i]), value: msText(ts)}
		if len(one) > 0 && len(ts) > 0 {
			r.anchor = fmt.Sprintf("one embed alone %s = %.2fx", msText(one), median(ts)/median(one))
		}
		b.add(r)
	}
	return nil
}
