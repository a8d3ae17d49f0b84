// Package dist builds the playground into dist/: the engine compiled to wasm,
// the page, worker and embed script bundled by esbuild, the static files, the
// lessons as one JSON file, and precompressed .gz/.br copies. It also serves
// dist/ (Handler) and watches the sources (Watch) for scripts/serve.
//
// Every file keeps a stable name (retort.wasm, main.js, worker.js, …) so any
// static host can serve dist/ as it is; references between them carry a
// `?v=<content hash>` query, so a browser never mixes a new page with an old
// worker or wasm.
package dist

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// Options says what to build and where.
type Options struct {
	// Root is the module root (the folder holding go.mod); "" finds it from
	// the working directory upwards.
	Root string
	// Out is the output folder; "" means Root/dist.
	Out string
	// BoundsChecks keeps Go's bounds checks in the translated SQLite
	// (the default build turns them off there with -gcflags=...=-B).
	BoundsChecks bool
	// LineTables keeps the Go runtime's file:line tables in retort.wasm
	// (the default build strips them: StripLineTables), for stack traces
	// with positions.
	LineTables bool
	// NoCompress skips the .gz/.br copies (faster builds for tests).
	NoCompress bool
	// BrotliQuality for the .br copies; 0 means DefaultBrotliQuality.
	BrotliQuality int
	// Log receives one line per step; nil discards.
	Log io.Writer
}

// DefaultBrotliQuality is the brotli level for dist/*.br. Measured on the
// 16.0 MB wasm (pure-Go encoder, this machine): q5 3.63 MB in 0.5 s, q9
// 3.50 MB in 3.2 s, q11 3.04 MB in 36 s (gzip -9: 4.21 MB in 1.1 s). A
// release build pays the 36 s once per wasm change (the copy is cached);
// scripts/serve uses DevBrotliQuality.
const DefaultBrotliQuality = 11

// DevBrotliQuality is scripts/serve's level: fast rebuilds while editing.
const DevBrotliQuality = 5

// Result describes a build.
type Result struct {
	Out      string
	Files    []File        // every file written or kept, sorted by name
	WasmSkip bool          // the wasm was up to date
	Took     time.Duration // the whole build
	Steps    []Step
}

// File is one file in dist/.
type File struct {
	Name string // relative to Out, slash-separated
	Size int64
}

// Step is one timed part of a build.
type Step struct {
	Name string
	Took time.Duration
}

// Build builds dist/. It is safe to call repeatedly: the wasm is rebuilt only
// when a Go input changed, compressed copies only when their file changed.
func Build(o Options) (*Result, error) {
	start := time.Now()
	b, err := newBuilder(o)
	if err != nil {
		return nil, err
	}
	steps := []struct {
		name string
		run  func() error
	}{
		{"npm ci", b.nodeModules},
		{"wasm", b.wasm},
		{"wasm_exec.js", b.wasmExec},
		{"examples.json", b.examples},
		{"static", b.static},
		{"bundle", b.bundle},
		{"index.html", b.html},
		{"compress", b.compress},
	}
	for _, s := range steps {
		t := time.Now()
		if err := s.run(); err != nil {
			return nil, fmt.Errorf("build %s: %w", s.name, err)
		}
		b.res.Steps = append(b.res.Steps, Step{s.name, time.Since(t)})
		b.logf("%-14s %v", s.name, time.Since(t).Round(time.Millisecond))
	}
	if err := b.list(); err != nil {
		return nil, err
	}
	b.res.Took = time.Since(start)
	return b.res, nil
}

type builder struct {
	o    Options
	root string
	out  string
	res  *Result
	// versions maps a dist file name to its cache-busting URL ("main.js?v=ab12cd34ef").
	versions map[string]string
}

func newBuilder(o Options) (*builder, error) {
	root := o.Root
	if root == "" {
		r, err := FindRoot()
		if err != nil {
			return nil, err
		}
		root = r
	}
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	out := o.Out
	if out == "" {
		out = filepath.Join(root, "dist")
	}
	out, err = filepath.Abs(out)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	if o.BrotliQuality == 0 {
		o.BrotliQuality = DefaultBrotliQuality
	}
	return &builder{o: o, root: root, out: out, res: &Result{Out: out}, versions: map[string]string{}}, nil
}

// FindRoot returns the module root: the nearest folder upwards from the
// working directory that holds go.mod.
func FindRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod in the working directory or above")
		}
		dir = parent
	}
}

func (b *builder) logf(format string, args ...any) {
	if b.o.Log != nil {
		fmt.Fprintf(b.o.Log, format+"\n", args...)
	}
}

// version records name's content hash so later files can reference it.
func (b *builder) version(name string, content []byte) {
	b.versions[name] = name + "?v=" + contentHash(content)
}

func contentHash(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:5])
}

// writeIfChanged writes content to Out/name unless the file already holds it
// (so mtimes, and the compressed copies, stay put when nothing changed).
func (b *builder) writeIfChanged(name string, content []byte) error {
	p := filepath.Join(b.out, filepath.FromSlash(name))
	if old, err := os.ReadFile(p); err == nil && string(old) == string(content) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, content, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, p)
}

func (b *builder) list() error {
	return filepath.WalkDir(b.out, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(b.out, p)
		if d.IsDir() {
			if rel == "screenshots" {
				return filepath.SkipDir
			}
			return nil
		}
		if rel[0] == '.' {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		b.res.Files = append(b.res.Files, File{filepath.ToSlash(rel), info.Size()})
		return nil
	})
}
