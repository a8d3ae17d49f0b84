// Package browsertest drives the playground page in Debian's chromium, by
// the hooks README.md's "Contracts" promises (the page, for people,
// embedding hosts and browser tests): data-retort, accessible names and roles. It builds dist/
// with scripts/dist (cached), serves it with dist.Handler, and writes
// screenshots to dist/screenshots/.
package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"retort/scripts/dist"
)

var chromiumPath = flag.String("chromium", "/usr/bin/chromium", "the browser the page tests drive")

var (
	server      *httptest.Server
	screenshots string
	setupErr    error
)

func TestMain(m *testing.M) {
	flag.Parse()
	if _, err := os.Stat(*chromiumPath); err == nil {
		setupErr = setup()
	} else {
		setupErr = fmt.Errorf("no browser at %s (apt-get install chromium): %w", *chromiumPath, errSkip)
	}
	code := m.Run()
	if server != nil {
		server.Close()
	}
	os.Exit(code)
}

var errSkip = errors.New("skipped")

// setup builds dist/ (a no-op when nothing changed) and serves it.
func setup() error {
	start := time.Now()
	res, err := dist.Build(dist.Options{NoCompress: true})
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "browsertest: dist/ built in %v (wasm up to date: %v)\n", time.Since(start).Round(time.Millisecond), res.WasmSkip)
	screenshots = filepath.Join(res.Out, "screenshots")
	if err := os.MkdirAll(screenshots, 0o755); err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("/", dist.Handler(res.Out))
	// dist/ under a sub-path of a plain static host (Go's file server: no
	// precompressed copies, no special headers).
	mux.Handle("/static-host/", http.StripPrefix("/static-host/", http.FileServer(http.Dir(res.Out))))
	// dist/ under a Content-Security-Policy that forbids inline scripts (but
	// lets wasm compile): index.html's boot script does not run, and main.js
	// starts the worker itself.
	mux.Handle("/csp/", http.StripPrefix("/csp/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "script-src 'self' 'wasm-unsafe-eval'")
		dist.Handler(res.Out).ServeHTTP(w, r)
	})))
	// dist/ with an engine that takes 2 s to arrive: what the page shows
	// while the wasm downloads and compiles.
	mux.Handle("/slow-engine/", http.StripPrefix("/slow-engine/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "retort.wasm") {
			time.Sleep(2 * time.Second)
		}
		dist.Handler(res.Out).ServeHTTP(w, r)
	})))
	// A documentation page that embeds the playground with embed.js.
	mux.HandleFunc("/test/host.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><title>Docs</title><h1>Docs</h1>
<div data-retort-example="" data-height="600"></div>
<script src="/embed.js" defer></script>`)
	})
	// The lessons the page loads: examples/'s, and one of the tests' own that
	// starts before `alembic init` (so the test does not depend on a lesson's text).
	raw, err := os.ReadFile(filepath.Join(res.Out, "examples.json"))
	if err != nil {
		return err
	}
	var lessons struct {
		Lessons []any `json:"lessons"`
	}
	if err := json.Unmarshal(raw, &lessons); err != nil {
		return fmt.Errorf("examples.json: %w", err)
	}
	lessons.Lessons = append(lessons.Lessons, map[string]any{
		"id": "before-init", "title": "Before alembic init", "explanation": "Run alembic init alembic.",
		"files": map[string]string{"database.py": databasePy, "models.py": modelsPy},
		"steps": []any{map[string]any{"say": "Create the migration environment.", "run": "alembic init alembic"}},
	})
	mux.HandleFunc("/examples.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(lessons)
	})
	server = httptest.NewServer(served.counting(mux))
	return nil
}

// page is one browser tab on the playground.
type page struct {
	t      *testing.T
	ctx    context.Context
	w, h   int64
	mobile bool
}

// open starts a fresh browser (its own user-data-dir) showing the page at
// the query (e.g. "?embed=1"), and waits until it is ready.
func open(t *testing.T, query string) *page {
	t.Helper()
	p := newBrowser(t)
	start := time.Now()
	p.do(chromedp.EmulateViewport(1280, 900), chromedp.Navigate(server.URL+"/"+query))
	p.waitReady(90 * time.Second) // the first load compiles ~16 MB of wasm
	t.Logf("page ready in %v", time.Since(start).Round(time.Millisecond))
	// The accessibility tree is built on demand; build it once up front.
	p.do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, accessibility.Enable, cdp.Empty{})
		return err
	}))
	return p
}

// newBrowser starts a fresh browser (its own user-data-dir) on a blank tab.
func newBrowser(t *testing.T) *page {
	t.Helper()
	if setupErr != nil {
		if errors.Is(setupErr, errSkip) {
			t.Skip(setupErr)
		}
		t.Fatal(setupErr)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(*chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	// One test, one browser: the timeout ends a stuck test (and its browser)
	// with a message instead of the whole run at go test's deadline.
	tctx, cancelTimeout := context.WithTimeout(context.Background(), 5*time.Minute)
	actx, cancelAlloc := chromedp.NewExecAllocator(tctx, opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
		cancelTimeout()
	})
	return &page{t: t, ctx: ctx, w: 1280, h: 900}
}

// do runs actions, failing the test on an error.
func (p *page) do(actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, actions...); err != nil {
		p.t.Fatalf("%v\noutput:\n%s", err, p.outputNoFail())
	}
}

func eval[T any](p *page, js string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		p.t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// waitFor polls a JavaScript condition.
func (p *page) waitFor(cond string, timeout time.Duration) {
	p.t.Helper()
	_, err := chromedp.Run(p.ctx, chromedp.Poll[bool](cond,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(timeout)))
	if err != nil {
		state, _ := chromedp.Run(p.ctx, chromedp.Evaluate[string](`document.documentElement.dataset.retort`))
		p.screenshot("failed-" + p.t.Name())
		p.t.Fatalf("waiting for %s (data-retort=%q): %v\noutput:\n%s", cond, state, err, p.outputNoFail())
	}
}

const readyJS = `document.documentElement.dataset.retort === "ready"`

func (p *page) waitReady(timeout time.Duration) {
	p.t.Helper()
	p.waitFor(readyJS, timeout)
}

// settle waits until the page is ready and cond (JavaScript) holds.
func (p *page) settle(cond string) {
	p.t.Helper()
	p.waitFor(readyJS+` && (`+cond+`)`, 60*time.Second)
}

// byRole finds elements by their computed ARIA role and accessible name, as
// a screen reader does (Accessibility.queryAXTree).
func byRole(role, name string) chromedp.QueryOption {
	return chromedp.ByFunc(func(ctx context.Context, t *chromedp.Target, n *chromedp.Node) ([]cdp.NodeID, error) {
		res, err := cdp.Call(ctx, t, accessibility.QueryAXTree, accessibility.QueryAXTreeParams{
			NodeID: n.NodeID, AccessibleName: name, Role: role,
		})
		if err != nil {
			return nil, err
		}
		var ids []cdp.BackendNodeID
		for _, a := range res.Nodes {
			if !a.Ignored && a.BackendDOMNodeID != 0 {
				ids = append(ids, a.BackendDOMNodeID)
			}
		}
		if len(ids) == 0 {
			return nil, nil
		}
		pushed, err := cdp.Call(ctx, t, dom.PushNodesByBackendIDsToFrontend, dom.PushNodesByBackendIDsToFrontendParams{BackendNodeIDs: ids})
		return pushed.NodeIDs, err
	})
}

func (p *page) click(role, name string) {
	p.t.Helper()
	p.do(chromedp.Click(role+" "+name, byRole(role, name)))
}

// command types a line into the terminal and presses Enter.
func (p *page) command(line string) {
	p.t.Helper()
	eval[any](p, `document.querySelector('input[aria-label=Command]').value = ''`)
	p.do(chromedp.SendKeys(`textbox Command`, line+"\r", byRole("textbox", "Command")))
	p.waitReady(60 * time.Second)
}

func (p *page) output() string {
	p.t.Helper()
	return eval[string](p, `document.querySelector('[role=log][aria-label="Output"]').innerText`)
}

func (p *page) outputNoFail() string {
	s, _ := chromedp.Run(p.ctx, chromedp.Evaluate[string](`(document.querySelector('[role=log]') || {}).innerText || ""`))
	if len(s) > 3000 {
		s = "…" + s[len(s)-3000:]
	}
	return s
}

// headers lists the header cells of the table named "<table> rows".
func (p *page) headers(table string) []string {
	p.t.Helper()
	return eval[[]string](p, fmt.Sprintf(`[...document.querySelectorAll('table[aria-label=%q] thead th')].map(th => th.textContent)`, table+" rows"))
}

// rowCount reads the row count shown beside the table.
func (p *page) rowCount(table string) string {
	p.t.Helper()
	return eval[string](p, fmt.Sprintf(`(() => { const t = document.querySelector('table[aria-label=%q]'); return t ? t.closest('section').querySelector('.rowcount').textContent : '' })()`, table+" rows"))
}

func (p *page) tabs() []string {
	p.t.Helper()
	return eval[[]string](p, `[...document.querySelectorAll('[role=tab]')].map(t => t.textContent)`)
}

// revisions lists the Revisions items' text, "*" marking the current one.
func (p *page) revisions() []string {
	p.t.Helper()
	return eval[[]string](p, `[...document.querySelectorAll('ol[aria-label=Revisions] > li')].map(li => (li.getAttribute('aria-current') === 'true' ? '* ' : '') + li.textContent.replace(/\s+/g, ' ').trim())`)
}

// screenshotTall writes the whole scrolled page: the viewport grows to the
// document's height for the shot (for the stacked phone layout).
func (p *page) screenshotTall(name string) {
	p.t.Helper()
	w, h, mobile := p.w, p.h, p.mobile
	tall := eval[int64](p, `document.documentElement.scrollHeight`)
	p.viewport(w, max(h, tall), mobile)
	p.screenshot(name)
	p.viewport(w, h, mobile)
}

// screenshot writes dist/screenshots/<name>.png.
func (p *page) screenshot(name string) {
	buf, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100)) // 100: PNG
	if err != nil {
		p.t.Logf("screenshot %s: %v", name, err)
		return
	}
	name = strings.NewReplacer("/", "-", " ", "_").Replace(name)
	if err := os.WriteFile(filepath.Join(screenshots, name+".png"), buf, 0o644); err != nil {
		p.t.Logf("screenshot %s: %v", name, err)
	}
}

func (p *page) viewport(w, h int64, mobile bool) {
	p.t.Helper()
	p.w, p.h, p.mobile = w, h, mobile
	var opts []chromedp.EmulateViewportOption
	if mobile {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	p.do(chromedp.EmulateViewport(w, h, opts...))
}

func (p *page) darkMode(on bool) {
	p.t.Helper()
	value := "light"
	if on {
		value = "dark"
	}
	p.do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: value}},
		})
		return err
	}))
}

// exists reports whether an element with the role and accessible name is on the page.
func (p *page) exists(role, name string) bool {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 10*time.Second)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.Nodes(role+" "+name, byRole(role, name)))
	return err == nil
}

func requireExists(t *testing.T, p *page, role, name string) {
	t.Helper()
	require.True(t, p.exists(role, name), "no %s named %q", role, name)
}

const databasePy = `from sqlalchemy import create_engine
from sqlalchemy.orm import declarative_base, sessionmaker

SQLALCHEMY_DATABASE_URL = "sqlite:///./myapp.db"

engine = create_engine(SQLALCHEMY_DATABASE_URL, connect_args={"check_same_thread": False})
SessionLocal = sessionmaker(autocommit=False, autoflush=False, bind=engine)

Base = declarative_base()
`

const modelsPy = `from sqlalchemy import Column, Integer, String

from database import Base


class User(Base):
    __tablename__ = "users"

    id = Column(Integer, primary_key=True)
    name = Column(String, nullable=False)
    email = Column(String, unique=True)
`
