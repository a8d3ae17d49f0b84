package dist

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// nodeModules installs web/'s npm packages from the lock file when they are
// missing (a fresh clone), as the Makefile's rule does.
func (b *builder) nodeModules() error {
	web := filepath.Join(b.root, "web")
	if _, err := os.Stat(filepath.Join(web, "node_modules", ".package-lock.json")); err == nil {
		return nil
	}
	cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund")
	cmd.Dir = web
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("npm ci in web/: %w\n%s", err, out)
	}
	return nil
}

// static copies web/static/* (but index.html, written last by html) to dist/.
func (b *builder) static() error {
	dir := filepath.Join(b.root, "web", "static")
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() || e.Name() == "index.html" {
			continue
		}
		content, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return err
		}
		b.version(e.Name(), content)
		if err := b.writeIfChanged(e.Name(), content); err != nil {
			return err
		}
	}
	return nil
}

// bundles, in order: each may name (in assets) the files bundled before it.
var bundles = []struct {
	entry  string   // under web/src
	out    string   // in dist/
	assets []string // the dist files whose versioned URLs it gets as RETORT_ASSETS
	// afterPaint: the bundle's code runs once the page's next frame is
	// drawn (see afterPaintBanner), not as soon as the script has loaded.
	afterPaint bool
}{
	{"worker.ts", "worker.js", []string{"retort.wasm", "wasm_exec.js", "examples.json"}, false},
	{"main.ts", "main.js", []string{"worker.js", "examples.json"}, true},
	{"embed.ts", "embed.js", nil, false}, // finds index.html beside its own URL
}

// afterPaintBanner and afterPaintFooter wrap a bundle's code in a function
// that runs after the next frame has been drawn (a timer posted from a
// requestAnimationFrame callback runs once that frame is done), or after
// 100 ms when no frame comes (a hidden page, an offscreen iframe whose
// frames are held back). main.js is index.html's deferred script: it still
// downloads and compiles as the page parses (Chromium compiles a parser's
// script off the main thread as it arrives; one a script inserts later, on
// the main thread), but evaluated as soon as parsing ends it held back the
// first paint of index.html's pre-rendered lesson by its whole evaluation
// and the first style and layout of the page, which building the page
// forces (CodeMirror measures itself): with the CPU throttled 4x, the
// lesson showed after 1.6 s where a bare sql.js page was done in 1.05 s.
const (
	afterPaintBanner = `((run) => { let ran = false; const go = () => { if (!ran) { ran = true; run(); } };` +
		` setTimeout(go, 100); requestAnimationFrame(() => setTimeout(go, 0)); })(() => {`
	afterPaintFooter = `});`
)

// bundle runs esbuild on each entry point: bundled, minified, ES2020, with a
// linked source map. A missing entry point is skipped.
func (b *builder) bundle() error {
	for _, bu := range bundles {
		entry := filepath.Join(b.root, "web", "src", bu.entry)
		if _, err := os.Stat(entry); errors.Is(err, os.ErrNotExist) {
			continue
		}
		assets := map[string]string{}
		for _, a := range bu.assets {
			if v, ok := b.versions[a]; ok {
				assets[a] = v
			} else {
				assets[a] = a
			}
		}
		define, err := json.Marshal(assets)
		if err != nil {
			return err
		}
		var banner, footer map[string]string
		if bu.afterPaint {
			banner, footer = map[string]string{"js": afterPaintBanner}, map[string]string{"js": afterPaintFooter}
		}
		res := api.Build(api.BuildOptions{
			EntryPoints:       []string{entry},
			Outfile:           filepath.Join(b.out, bu.out),
			AbsWorkingDir:     filepath.Join(b.root, "web"),
			Bundle:            true,
			Format:            api.FormatIIFE,
			Platform:          api.PlatformBrowser,
			Target:            api.ES2020,
			MinifyWhitespace:  true,
			MinifyIdentifiers: true,
			MinifySyntax:      true,
			Sourcemap:         api.SourceMapLinked,
			Define:            map[string]string{"RETORT_ASSETS": string(define)},
			Banner:            banner,
			Footer:            footer,
			LogLevel:          api.LogLevelSilent,
			Write:             false,
		})
		if len(res.Errors) > 0 {
			msgs := api.FormatMessages(res.Errors, api.FormatMessagesOptions{Kind: api.ErrorMessage})
			return fmt.Errorf("esbuild %s:\n%s", bu.entry, strings.Join(msgs, ""))
		}
		for _, f := range res.OutputFiles {
			name, err := filepath.Rel(b.out, f.Path)
			if err != nil {
				return err
			}
			name = filepath.ToSlash(name)
			b.version(name, f.Contents)
			if err := b.writeIfChanged(name, f.Contents); err != nil {
				return err
			}
		}
	}
	return nil
}

// localRef matches src="x", href="x" and data-*="x" naming a file (no
// scheme, query or fragment): index.html's boot script finds the worker and
// the lessons in data- attributes.
var localRef = regexp.MustCompile(`\b(src|href|data-[a-z-]+)="([A-Za-z0-9_./-]+)"`)

// html writes index.html with every reference to a dist file versioned.
func (b *builder) html() error {
	content, err := os.ReadFile(filepath.Join(b.root, "web", "static", "index.html"))
	if err != nil {
		return err
	}
	out := localRef.ReplaceAllFunc(content, func(m []byte) []byte {
		sub := localRef.FindSubmatch(m)
		if v, ok := b.versions[string(sub[2])]; ok {
			return []byte(fmt.Sprintf(`%s="%s"`, sub[1], v))
		}
		return m
	})
	out, err = b.prerender(out)
	if err != nil {
		return err
	}
	b.version("index.html", out)
	return b.writeIfChanged("index.html", out)
}
