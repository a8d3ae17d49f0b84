package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"retort/scripts/dist"
)

// sqljsVersion is the sql.js the anchors use (npm), installed into dist/.bench.
const sqljsVersion = "1.16.0"

// Targets.
const (
	wasmBrotliBudget = 3_000_000 // bytes
	pageGzipBudget   = 300_000
)

func fileSize(p string) (int64, error) {
	info, err := os.Stat(p)
	if err != nil {
		return 0, err
	}
	return info.Size(), nil
}

// compressed returns a file's raw, gzip (best) and brotli (q11, 16 MiB
// window) sizes, compressed as scripts/dist does.
func compressed(p string) (raw, gz, br int64, err error) {
	content, err := os.ReadFile(p)
	if err != nil {
		return 0, 0, 0, err
	}
	g, err := dist.Gzip(content)
	if err != nil {
		return 0, 0, 0, err
	}
	return int64(len(content)), int64(len(g)), int64(len(dist.Brotli(content, dist.DefaultBrotliQuality))), nil
}

// distSizes reads the sizes of dist's own precompressed copies.
func distSizes(dir, name string) (raw, gz, br int64, err error) {
	if raw, err = fileSize(filepath.Join(dir, name)); err != nil {
		return
	}
	if gz, err = fileSize(filepath.Join(dir, name+".gz")); err != nil {
		return
	}
	br, err = fileSize(filepath.Join(dir, name+".br"))
	return
}

// sizes builds dist/ as `make build` does and measures what the page
// downloads, against sql.js's wasm and a Go "hello" wasm.
func (b *bench) sizes(ctx context.Context) error {
	t := time.Now()
	res, err := dist.Build(dist.Options{Root: b.root})
	if err != nil {
		return err
	}
	b.logf("dist built in %v (wasm up to date: %v)", time.Since(t).Round(time.Millisecond), res.WasmSkip)
	raw, gz, br, err := distSizes(res.Out, "retort.wasm")
	if err != nil {
		return err
	}

	helloRaw, helloGz, helloBr, helloErr := b.helloWasm()
	if helloErr != nil {
		b.note("Go hello wasm: %v", helloErr)
	}
	sqljsDir, sqljsErr := b.installSQLJS()
	var sRaw, sGz, sBr, sJSGz int64
	if sqljsErr == nil {
		sRaw, sGz, sBr, sqljsErr = compressed(filepath.Join(sqljsDir, "dist", "sql-wasm.wasm"))
		if sqljsErr == nil {
			_, sJSGz, _, sqljsErr = compressed(filepath.Join(sqljsDir, "dist", "sql-wasm.js"))
		}
	}
	if sqljsErr != nil {
		b.note("sql.js: %v", sqljsErr)
	}
	anchor := func(sql, hello int64) string {
		s := ""
		if sqljsErr == nil {
			s = "sql.js " + sizeText(sql)
		}
		if helloErr == nil {
			if s != "" {
				s += "; "
			}
			s += "Go hello " + sizeText(hello)
		}
		return s
	}
	const g = "Sizes (what the page downloads)"
	b.add(row{group: g, what: "retort.wasm raw", value: sizeText(raw), anchor: anchor(sRaw, helloRaw)})
	b.add(row{group: g, what: "retort.wasm gzip -9", value: sizeText(gz), anchor: anchor(sGz, helloGz)})
	b.add(row{group: g, what: "retort.wasm brotli q11 (served)", value: sizeText(br), anchor: anchor(sBr, helloBr),
		target: "≤ 3.00 MB", met: metText(br <= wasmBrotliBudget)})
	if b.bounds {
		bRaw, _, bBr, err := b.variantWasm("bounds", dist.Options{BoundsChecks: true})
		if err != nil {
			b.note("wasm with bounds checks: %v", err)
		} else {
			b.add(row{group: g, what: "  the same with SQLite's bounds checks (no -B)", value: sizeText(bRaw) + " raw, " + sizeText(bBr) + " br"})
		}
		lRaw, _, lBr, err := b.variantWasm("lines", dist.Options{LineTables: true})
		if err != nil {
			b.note("wasm with line tables: %v", err)
		} else {
			b.add(row{group: g, what: "  the same with the Go runtime's line tables kept (build -lines)", value: sizeText(lRaw) + " raw, " + sizeText(lBr) + " br"})
		}
	}
	var js int64
	var parts string
	for _, f := range []string{"main.js", "worker.js", "wasm_exec.js", "style.css"} {
		_, fgz, _, err := distSizes(res.Out, f)
		if err != nil {
			return err
		}
		js += fgz
		parts += fmt.Sprintf("%s %s, ", f, sizeText(fgz))
	}
	b.add(row{group: g, what: "page JS + CSS gzip (" + parts[:len(parts)-2] + ")", value: sizeText(js),
		anchor: map[bool]string{true: "sql.js glue JS " + sizeText(sJSGz)}[sqljsErr == nil],
		target: "≤ 300 KB", met: metText(js <= pageGzipBudget)})
	return nil
}

// helloWasm builds a Go "hello, world" for js/wasm with dist's flags.
func (b *bench) helloWasm() (raw, gz, br int64, err error) {
	dir := filepath.Join(b.scratch, "hello")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, 0, 0, err
	}
	files := map[string]string{
		"go.mod":  "module hello\n\ngo 1.26\n",
		"main.go": "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello, world\") }\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			return 0, 0, 0, err
		}
	}
	out := filepath.Join(b.scratch, "hello.wasm")
	cmd := []string{"build", "-C", dir, "-trimpath", "-ldflags=-s -w", "-o", out, "."}
	if _, err := b.command(append(wasmEnv, "GOWORK=off"), "go", cmd...); err != nil {
		return 0, 0, 0, err
	}
	return compressed(out)
}

// variantWasm builds dist/ with other options (scripts/build -bounds: the
// bounds checks kept in the translated SQLite; -lines: the line tables
// kept) into dist/.bench/NAME and returns its retort.wasm's sizes.
func (b *bench) variantWasm(name string, o dist.Options) (raw, gz, br int64, err error) {
	o.Root, o.Out = b.root, filepath.Join(b.scratch, name)
	res, err := dist.Build(o)
	if err != nil {
		return 0, 0, 0, err
	}
	return distSizes(res.Out, "retort.wasm")
}

// installSQLJS installs sql.js into dist/.bench/node_modules (once) and
// returns its folder.
func (b *bench) installSQLJS() (string, error) {
	dir := filepath.Join(b.scratch, "node_modules", "sql.js")
	var pkg struct {
		Version string `json:"version"`
	}
	if raw, err := os.ReadFile(filepath.Join(dir, "package.json")); err == nil && json.Unmarshal(raw, &pkg) == nil && pkg.Version == sqljsVersion {
		return dir, nil
	}
	if err := os.WriteFile(filepath.Join(b.scratch, "package.json"), []byte(`{"private": true}`+"\n"), 0o644); err != nil {
		return "", err
	}
	cmd := []string{"install", "--prefix", b.scratch, "--no-audit", "--no-fund", "--no-save", "sql.js@" + sqljsVersion}
	if _, err := b.command(nil, "npm", cmd...); err != nil {
		return "", err
	}
	return dir, nil
}
