package dist

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/stretchr/testify/require"

	_ "retort/internal/golden" // go test ./... -update: every test binary takes the flag
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
}

func TestAcceptsEncoding(t *testing.T) {
	tests := []struct {
		header, token string
		want          bool
	}{
		{"gzip, deflate, br, zstd", "br", true},
		{"gzip, deflate, br, zstd", "gzip", true},
		{"gzip;q=1.0, br;q=0", "br", false},
		{"gzip;q=0.5", "gzip", true},
		{"GZIP", "gzip", true},
		{"", "gzip", false},
		{"identity", "br", false},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, acceptsEncoding(tt.header, tt.token), "%q %s", tt.header, tt.token)
	}
}

func TestHandler(t *testing.T) {
	dir := t.TempDir()
	wasm := bytes.Repeat([]byte("\x00asm wasm bytes "), 200)
	writeFiles(t, dir, map[string]string{"retort.wasm": string(wasm), "index.html": "<!doctype html>hi", "main.js.map": "{}", ".wasm-stamp": "x"})
	b := &builder{o: Options{BrotliQuality: 5}, out: dir}
	require.NoError(t, b.compress())
	srv := httptest.NewServer(Handler(dir))
	defer srv.Close()

	get := func(path, accept string) (*http.Response, []byte) {
		t.Helper()
		req, err := http.NewRequest("GET", srv.URL+path, nil)
		require.NoError(t, err)
		req.Header.Set("Accept-Encoding", accept) // set: the client then leaves the body as sent
		res, err := http.DefaultTransport.RoundTrip(req)
		require.NoError(t, err)
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return res, body
	}

	tests := []struct {
		path, accept, encoding, contentType string
	}{
		{"/retort.wasm?v=abc", "gzip, deflate, br", "br", "application/wasm"},
		{"/retort.wasm", "gzip", "gzip", "application/wasm"},
		{"/retort.wasm", "identity", "", "application/wasm"},
		{"/", "br", "br", "text/html; charset=utf-8"},
		{"/main.js.map", "br", "", "application/json"},
	}
	for _, tt := range tests {
		t.Run(tt.path+" "+tt.accept, func(t *testing.T) {
			res, body := get(tt.path, tt.accept)
			require.Equal(t, http.StatusOK, res.StatusCode)
			require.Equal(t, tt.contentType, res.Header.Get("Content-Type"))
			require.Equal(t, tt.encoding, res.Header.Get("Content-Encoding"))
			var plain []byte
			switch tt.encoding {
			case "br":
				plain, _ = io.ReadAll(brotli.NewReader(bytes.NewReader(body)))
			case "gzip":
				zr, err := gzip.NewReader(bytes.NewReader(body))
				require.NoError(t, err)
				plain, _ = io.ReadAll(zr)
			default:
				plain = body
			}
			if tt.path != "/main.js.map" {
				require.Equal(t, "Accept-Encoding", res.Header.Get("Vary"))
			}
			if tt.path == "/" {
				require.Equal(t, "<!doctype html>hi", string(plain))
			} else if tt.contentType == "application/wasm" {
				require.Equal(t, wasm, plain)
			}
		})
	}

	res, _ := get("/.wasm-stamp", "")
	require.Equal(t, http.StatusNotFound, res.StatusCode, "dot files are not served")
	res, _ = get("/nope.js", "")
	require.Equal(t, http.StatusNotFound, res.StatusCode)

	// A copy older than its file (a build in progress) is not sent.
	writeFiles(t, dir, map[string]string{"index.html": "<!doctype html>new"})
	old := mustStat(t, filepath.Join(dir, "index.html")).ModTime().Add(-10e9)
	require.NoError(t, os.Chtimes(filepath.Join(dir, "index.html.br"), old, old))
	require.NoError(t, os.Chtimes(filepath.Join(dir, "index.html.gz"), old, old))
	res, body := get("/index.html", "br, gzip")
	require.Equal(t, "", res.Header.Get("Content-Encoding"))
	require.Equal(t, "<!doctype html>new", string(body))
}

func mustStat(t *testing.T, p string) os.FileInfo {
	t.Helper()
	info, err := os.Stat(p)
	require.NoError(t, err)
	return info
}

func TestCompressKeepsAndRemoves(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.js": "console.log(1)", "b.css": "body{}", "c.png": "png"})
	b := &builder{o: Options{BrotliQuality: 5}, out: dir}
	require.NoError(t, b.compress())
	for _, f := range []string{"a.js.gz", "a.js.br", "b.css.gz", "b.css.br"} {
		require.FileExists(t, filepath.Join(dir, f))
	}
	require.NoFileExists(t, filepath.Join(dir, "c.png.gz"))

	// A changed file without compression: its stale copies go.
	writeFiles(t, dir, map[string]string{"a.js": "console.log(2)"})
	b.o.NoCompress = true
	require.NoError(t, b.compress())
	require.NoFileExists(t, filepath.Join(dir, "a.js.gz"))
	require.NoFileExists(t, filepath.Join(dir, "a.js.br"))
	require.FileExists(t, filepath.Join(dir, "b.css.br"), "unchanged copies stay")
}

func TestHTMLVersions(t *testing.T) {
	root, out := t.TempDir(), t.TempDir()
	writeFiles(t, root, map[string]string{"web/static/index.html": `<link rel="stylesheet" href="style.css"><script data-worker="worker.js" data-other="x.js"></script><script src="main.js" defer></script><a href="https://example.com/x.js">x</a><img src="missing.png">`})
	b := &builder{root: root, out: out, versions: map[string]string{}}
	b.version("style.css", []byte("body{}"))
	b.version("main.js", []byte("1"))
	b.version("worker.js", []byte("2"))
	require.NoError(t, b.html())
	got, err := os.ReadFile(filepath.Join(out, "index.html"))
	require.NoError(t, err)
	require.Equal(t, `<link rel="stylesheet" href="style.css?v=`+contentHash([]byte("body{}"))+`"><script data-worker="worker.js?v=`+contentHash([]byte("2"))+`" data-other="x.js"></script><script src="main.js?v=`+contentHash([]byte("1"))+`" defer></script><a href="https://example.com/x.js">x</a><img src="missing.png">`, string(got))
}

func TestExamples(t *testing.T) {
	root, out := t.TempDir(), t.TempDir()
	writeFiles(t, root, map[string]string{
		"examples/examples.go":                          "package examples",
		"examples/b-second/lesson.json":                 `{"order": 2, "title": "Second"}`,
		"examples/b-second/files/models.py":             "x = 1\n",
		"examples/a-first/lesson.json":                  `{"order": 1, "title": "First", "seed": "INSERT;"}`,
		"examples/a-first/files/alembic/versions/.keep": "",
		"examples/a-first/files/alembic.ini":            "[alembic]\n",
		"examples/empty/README":                         "not a lesson",
	})
	b := &builder{root: root, out: out, versions: map[string]string{}}
	require.NoError(t, b.examples())
	raw, err := os.ReadFile(filepath.Join(out, "examples.json"))
	require.NoError(t, err)
	var got struct {
		Lessons []map[string]any `json:"lessons"`
	}
	require.NoError(t, json.Unmarshal(raw, &got))
	require.Len(t, got.Lessons, 2)
	require.Equal(t, "a-first", got.Lessons[0]["id"])
	require.Equal(t, "INSERT;", got.Lessons[0]["seed"])
	require.Equal(t, map[string]any{"alembic.ini": "[alembic]\n"}, got.Lessons[0]["files"])
	require.Equal(t, "b-second", got.Lessons[1]["id"])
	require.Contains(t, b.versions["examples.json"], "examples.json?v=")

	// No examples folder: an empty list.
	b = &builder{root: t.TempDir(), out: out, versions: map[string]string{}}
	require.NoError(t, b.examples())
	raw, err = os.ReadFile(filepath.Join(out, "examples.json"))
	require.NoError(t, err)
	require.JSONEq(t, `{"lessons": []}`, string(raw))
}

// TestHandlerStaysInItsFolder: nothing outside the served folder is served:
// not through "..", nor a backslash (a separator on Windows, where
// filepath.Join would follow it), nor a symbolic link that leads out.
func TestHandlerStaysInItsFolder(t *testing.T) {
	top := t.TempDir()
	dir := filepath.Join(top, "dist")
	writeFiles(t, top, map[string]string{"secret.txt": "secret", "dist/index.html": "<!doctype html>hi", "dist/sub/index.html": "sub"})
	require.NoError(t, os.Symlink(filepath.Join(top, "secret.txt"), filepath.Join(dir, "leak.txt")))
	require.NoError(t, os.Symlink(top, filepath.Join(dir, "up")))
	srv := httptest.NewServer(Handler(dir))
	defer srv.Close()
	for path, want := range map[string]int{
		"/":                      200,
		"/sub/":                  200,
		"/sub":                   200,
		"/../secret.txt":         404,
		"/%2e%2e/secret.txt":     404,
		"/..%5csecret.txt":       404,
		"/sub%5c..%5cindex.html": 404,
		"/leak.txt":              404,
		"/up/secret.txt":         404,
		"/index.html%00":         404,
	} {
		res, err := http.Get(srv.URL + path)
		require.NoError(t, err)
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		require.Equal(t, want, res.StatusCode, "%s: %s", path, body)
		require.NotContains(t, string(body), "secret", path)
	}
}

func TestPrerender(t *testing.T) {
	page := `<body>` + lessonPanel + tabsPanel + editorPanel + `</body>`
	root, out := t.TempDir(), t.TempDir()
	writeFiles(t, root, map[string]string{"web/static/index.html": page})
	b := &builder{root: root, out: out, versions: map[string]string{}}
	require.NoError(t, b.html())
	got, err := os.ReadFile(filepath.Join(out, "index.html"))
	require.NoError(t, err)
	require.Equal(t, page, string(got), "no examples.json: nothing to pre-render")

	writeFiles(t, out, map[string]string{"examples.json": `{"lessons": [{"id": "other", "title": "Other"}, {"id": "tutorial", "title": "First <steps>",
		"explanation": "Run it & see.", "steps": [{"say": "Make one.", "run": "alembic revision -m \"x\""}, {"say": "Look."}],
		"files": {"alembic/env.py": "env", "alembic/versions/1_a.py": "rev", "models.py": "class User(Base):\n    x = \"<y>\"\n", "database.py": "db", "notes.txt": "n"}}]}`})
	require.NoError(t, b.html())
	got, err = os.ReadFile(filepath.Join(out, "index.html"))
	require.NoError(t, err)
	require.Equal(t, `<body><section id="lesson" class="panel lesson" aria-label="Lesson" data-prerender><h2>First &lt;steps&gt;</h2><p>Run it &amp; see.</p>`+
		`<details><summary>Steps</summary><ol><li>Make one.<div class="step"><code>alembic revision -m &#34;x&#34;</code><button type="button" class="small" data-action disabled>Run</button></div></li><li>Look.</li></ol></details></section>`+
		`<div id="tabs" class="tabs" role="tablist" aria-label="Project files">`+
		`<button type="button" role="tab" aria-selected="true" tabindex="-1" title="models.py" disabled>models.py</button>`+
		`<button type="button" role="tab" aria-selected="false" tabindex="-1" title="database.py" disabled>database.py</button>`+
		`<button type="button" role="tab" aria-selected="false" tabindex="-1" title="alembic/env.py" disabled><span class="dir">alembic/</span>env.py</button>`+
		`<button type="button" role="tab" aria-selected="false" tabindex="-1" title="notes.txt" disabled>notes.txt</button>`+
		`<button type="button" role="tab" aria-selected="false" tabindex="-1" title="alembic/versions/1_a.py" disabled><span class="dir">alembic/versions/</span>1_a.py</button></div>`+
		`<div id="editor" class="editor" role="tabpanel"><pre class="prerender">class User(Base):
    x = &#34;&lt;y&gt;&#34;
</pre></div></body>`, string(got))

	writeFiles(t, root, map[string]string{"web/static/index.html": `<body>` + lessonPanel + `</body>`})
	require.ErrorContains(t, b.html(), `web/static/index.html has no <div id="tabs"`)
}
