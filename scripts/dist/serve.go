package dist

import (
	"context"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// contentTypes are set explicitly: the system's MIME table may lack them, and
// WebAssembly.instantiateStreaming requires application/wasm.
var contentTypes = map[string]string{
	".wasm": "application/wasm",
	".js":   "text/javascript; charset=utf-8",
	".mjs":  "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".html": "text/html; charset=utf-8",
	".json": "application/json",
	".map":  "application/json",
	".svg":  "image/svg+xml",
	".png":  "image/png",
	".ico":  "image/x-icon",
}

// ContentType is the Content-Type dist's server sends for a file name.
func ContentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// Handler serves the folder dir as a static host would, but sends name.br or
// name.gz (with Content-Encoding and Vary: Accept-Encoding) when the request
// accepts it and the copy exists. A versioned URL (name?v=<content hash>, as
// every reference between dist files is) never changes, so it is cached as
// immutable: a repeat visit starts the engine without asking again. Anything
// else is no-cache, so a reload always sees the latest build.
func Handler(dir string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		// Every file is reached through an os.Root on dir: no name, whatever
		// its separators (Windows reads a backslash as one, path.Clean does
		// not) or symbolic links, reaches a file outside it.
		if strings.ContainsAny(r.URL.Path, "\\\x00") {
			http.NotFound(w, r)
			return
		}
		root, err := os.OpenRoot(dir)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		defer root.Close()
		name := path.Clean("/" + r.URL.Path)
		if strings.HasSuffix(name, "/") {
			name += "index.html"
		}
		rel := func(name string) string { return filepath.FromSlash(strings.TrimPrefix(name, "/")) }
		info, err := root.Stat(rel(name))
		if err == nil && info.IsDir() {
			name = path.Join(name, "index.html")
			info, err = root.Stat(rel(name))
		}
		if err != nil || !info.Mode().IsRegular() || strings.HasPrefix(path.Base(name), ".") {
			http.NotFound(w, r)
			return
		}
		file := rel(name)
		h := w.Header()
		h.Set("Content-Type", ContentType(name))
		if r.URL.Query().Get("v") != "" {
			h.Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			h.Set("Cache-Control", "no-cache")
		}
		h.Set("X-Content-Type-Options", "nosniff")
		if compressible[path.Ext(name)] {
			h.Add("Vary", "Accept-Encoding")
			accept := r.Header.Get("Accept-Encoding")
			for _, enc := range []struct{ token, ext string }{{"br", ".br"}, {"gzip", ".gz"}} {
				if !acceptsEncoding(accept, enc.token) {
					continue
				}
				ci, err := root.Stat(file + enc.ext)
				// A copy older than its file is stale (a build in progress).
				if err != nil || ci.ModTime().Before(info.ModTime()) {
					continue
				}
				file, info = file+enc.ext, ci
				h.Set("Content-Encoding", enc.token)
				break
			}
		}
		f, err := root.Open(file)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		defer f.Close()
		http.ServeContent(w, r, "", info.ModTime(), f)
	})
}

// acceptsEncoding reports whether an Accept-Encoding header allows token
// (listed without q=0).
func acceptsEncoding(header, token string) bool {
	for _, part := range strings.Split(header, ",") {
		fields := strings.Split(part, ";")
		if !strings.EqualFold(strings.TrimSpace(fields[0]), token) {
			continue
		}
		for _, p := range fields[1:] {
			p = strings.ReplaceAll(strings.TrimSpace(p), " ", "")
			if p == "q=0" || p == "q=0.0" || p == "q=0.00" || p == "q=0.000" {
				return false
			}
		}
		return true
	}
	return false
}

// Watch polls the sources a build reads (web/src, web/static, examples/, every
// .go file, go.mod, go.sum; not node_modules or dist) every interval and calls
// onChange after a change, until ctx ends.
func Watch(ctx context.Context, root string, interval time.Duration, onChange func()) {
	last := snapshot(root)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			now := snapshot(root)
			if now != last {
				last = now
				onChange()
			}
		}
	}
}

// snapshot sums the watched files' names, sizes and mtimes.
func snapshot(root string) string {
	var b strings.Builder
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules" || rel == "dist" || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		watched := strings.HasSuffix(rel, ".go") || rel == "go.mod" || rel == "go.sum" ||
			strings.HasPrefix(rel, "web/src/") || strings.HasPrefix(rel, "web/static/") ||
			strings.HasPrefix(rel, "examples/")
		if !watched || strings.HasSuffix(rel, "_test.go") {
			return nil
		}
		if info, err := d.Info(); err == nil {
			b.WriteString(rel)
			b.WriteByte(' ')
			b.WriteString(info.ModTime().String())
			b.WriteByte(' ')
			b.WriteString(strconv.FormatInt(info.Size(), 10))
			b.WriteByte('\n')
		}
		return nil
	})
	return b.String()
}
