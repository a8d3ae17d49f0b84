package dist

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// WasmGCFlags are the compiler flags of dist/retort.wasm (the last pattern
// a package matches wins):
//   - no inlining in Retort's own packages (-l): 0.45 MB less code, 150 KB
//     less brotli, less for the browser to compile, for ~7% slower engine
//     code (autogenerate of 200 tables in wasm 36 -> 39 ms; SQLite's own
//     work, most of every step, is untouched);
//   - no bounds checks in the translated SQLite (-B) unless boundsChecks: it
//     is machine-translated C whose memory accesses are already checked by
//     its own logic, and the checks are a large share of its code (README,
//     "Performance", has the sizes).
func WasmGCFlags(boundsChecks bool) []string {
	flags := []string{"-gcflags=retort/...=-l"}
	if !boundsChecks {
		flags = append(flags, "-gcflags=github.com/ncruces/go-sqlite3-wasm/...=-B")
	}
	return flags
}

// WasmBuildArgs is the go build command line (GOOS=js GOARCH=wasm) that
// builds pkg into out as dist/retort.wasm is built; the benchmarks build
// their wasm programs with it.
func WasmBuildArgs(out, pkg string, boundsChecks bool) []string {
	args := append([]string{"build", "-trimpath", "-ldflags=-s -w"}, WasmGCFlags(boundsChecks)...)
	return append(args, "-o", out, pkg)
}

// wasmArgs is the go build command line for dist/retort.wasm.
func (b *builder) wasmArgs(out string) []string {
	return WasmBuildArgs(out, "./wasm", b.o.BoundsChecks)
}

func wasmEnv() []string {
	return append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
}

// goTool is the go command: the one on PATH, else the one in GOROOT.
func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	if r := os.Getenv("GOROOT"); r != "" {
		return filepath.Join(r, "bin", "go")
	}
	return "go"
}

// wasm compiles ./wasm into retort.wasm unless the stamp of its inputs (every
// Go and embedded file of every non-standard package it imports, go.mod,
// go.sum, the go version and the flags) matches the last build's.
func (b *builder) wasm() error {
	target := filepath.Join(b.out, "retort.wasm")
	stampFile := filepath.Join(b.out, ".wasm-stamp")
	stamp, stampErr := b.wasmStamp()
	if stampErr == nil {
		old, err := os.ReadFile(stampFile)
		if _, statErr := os.Stat(target); err == nil && statErr == nil && string(old) == stamp {
			b.res.WasmSkip = true
			return b.versionFile("retort.wasm")
		}
	}
	tmp := target + ".tmp"
	cmd := exec.Command(goTool(), b.wasmArgs(tmp)...)
	cmd.Dir = b.root
	cmd.Env = wasmEnv()
	var stderr bytes.Buffer
	cmd.Stdout = &stderr
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("GOOS=js GOARCH=wasm go %s: %w\n%s", strings.Join(b.wasmArgs("dist/retort.wasm"), " "), err, stderr.String())
	}
	if !b.o.LineTables {
		if err := stripLineTablesFile(tmp); err != nil {
			os.Remove(tmp)
			return fmt.Errorf("%s: %w", target, err)
		}
	}
	if err := os.Rename(tmp, target); err != nil {
		return err
	}
	if stampErr == nil {
		// The stamp is taken before the build: an edit during the build
		// makes the next build compile again, never the other way round.
		if err := os.WriteFile(stampFile, []byte(stamp), 0o644); err != nil {
			return err
		}
	}
	return b.versionFile("retort.wasm")
}

// stripLineTablesFile applies StripLineTables to the wasm file at path.
func stripLineTablesFile(path string) error {
	wasm, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	stripped, err := StripLineTables(wasm)
	if err != nil {
		return fmt.Errorf("strip line tables: %w", err)
	}
	return os.WriteFile(path, stripped, 0o644)
}

func (b *builder) versionFile(name string) error {
	content, err := os.ReadFile(filepath.Join(b.out, name))
	if err != nil {
		return err
	}
	b.version(name, content)
	return nil
}

// wasmStamp lists the wasm build's inputs with their sizes and mtimes.
func (b *builder) wasmStamp() (string, error) {
	cmd := exec.Command(goTool(), "list", "-deps", "-f",
		`{{if not .Standard}}{{.Dir}}{{range .GoFiles}} {{.}}{{end}}{{range .EmbedFiles}} {{.}}{{end}}{{end}}`, "./wasm")
	cmd.Dir = b.root
	cmd.Env = wasmEnv()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	listing, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go list ./wasm: %w: %s", err, stderr.String())
	}
	ver, err := exec.Command(goTool(), "env", "GOVERSION").Output()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s%q lines=%v\n", ver, b.wasmArgs(""), b.o.LineTables)
	files := []string{filepath.Join(b.root, "go.mod"), filepath.Join(b.root, "go.sum")}
	for _, line := range strings.Split(string(listing), "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		for _, f := range fields[1:] {
			files = append(files, filepath.Join(fields[0], f))
		}
	}
	for _, f := range files {
		info, err := os.Stat(f)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s %d %d\n", f, info.Size(), info.ModTime().UnixNano())
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// wasmExec copies Go's JS support file for the wasm it compiled.
func (b *builder) wasmExec() error {
	goroot, err := exec.Command(goTool(), "env", "GOROOT").Output()
	if err != nil {
		return fmt.Errorf("go env GOROOT: %w", err)
	}
	src := filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js")
	content, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	b.version("wasm_exec.js", content)
	return b.writeIfChanged("wasm_exec.js", content)
}
