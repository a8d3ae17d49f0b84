package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"retort/scripts/dist"
)

// printWasmTop prints where a Go wasm binary's bytes go: its sections, and
// the code of its functions summed by package (from the "name" section; a
// binary linked with -s has none, so build one without: see README). Each
// package's code is also brotli-compressed on its own, a rough share of the
// download.
func printWasmTop(w io.Writer, file string, n int) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	m, err := parseWasm(data)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	fmt.Fprintf(w, "%s: %d bytes\n\nsections:\n", file, len(data))
	fmt.Fprintf(w, "  %-20s %10s %10s\n", "", "bytes", "brotli q5")
	for _, s := range m.sections {
		fmt.Fprintf(w, "  %-20s %10d %10d\n", s.name, len(s.body), len(brotliFast(s.body)))
	}
	if len(m.names) == 0 {
		fmt.Fprintln(w, "\n(no name section: build without -ldflags=-s for per-package sizes)")
		return nil
	}
	type pkg struct {
		name  string
		size  int
		funcs int
		code  bytes.Buffer
	}
	pkgs := map[string]*pkg{}
	for i, body := range m.bodies {
		name := m.names[uint32(m.imported+i)]
		p := pkgOf(name)
		if pkgs[p] == nil {
			pkgs[p] = &pkg{name: p}
		}
		pkgs[p].size += len(body)
		pkgs[p].funcs++
		pkgs[p].code.Write(body)
	}
	list := make([]*pkg, 0, len(pkgs))
	for _, p := range pkgs {
		list = append(list, p)
	}
	slices.SortFunc(list, func(a, b *pkg) int { return b.size - a.size })
	fmt.Fprintf(w, "\ncode by package (top %d of %d):\n  %10s %10s %6s  %s\n", min(n, len(list)), len(list), "bytes", "brotli", "funcs", "package")
	for _, p := range list[:min(n, len(list))] {
		br := len(brotliFast(p.code.Bytes()))
		fmt.Fprintf(w, "  %10d %10d %6d  %s\n", p.size, br, p.funcs, p.name)
	}
	return nil
}

// pkgOf is the package of a function's name in a Go wasm binary, where the
// package path's slashes are underscores ("github.com_ncruces_go_sqlite3_wasm_v6.__Module_._whereLoopAddBtree").
func pkgOf(sym string) string {
	if sym == "" {
		return "(unnamed)"
	}
	start := 0
	// A module path's host: "github.com_…", "golang.org_…", "go.yaml.in_…".
	if i := strings.IndexByte(sym, '_'); i > 0 && strings.Contains(sym[:i], ".") && sym[i-1] != '.' {
		start = i
	}
	if dot := strings.IndexByte(sym[start:], '.'); dot >= 0 {
		return sym[:start+dot]
	}
	return sym
}

type wasmSection struct {
	name string
	body []byte
}

type wasmModule struct {
	sections []wasmSection
	imported int               // imported functions (they come first in the index space)
	bodies   [][]byte          // code section bodies, in order
	names    map[uint32]string // function index -> name
}

var sectionNames = map[byte]string{1: "type", 2: "import", 3: "function", 4: "table", 5: "memory", 6: "global",
	7: "export", 8: "start", 9: "element", 10: "code", 11: "data", 12: "datacount"}

type reader struct {
	b []byte
	i int
}

func (r *reader) u32() (uint32, error) {
	v, n := binary.Uvarint(r.b[r.i:])
	if n <= 0 || v > 1<<32-1 {
		return 0, errors.New("bad LEB128")
	}
	r.i += n
	return uint32(v), nil
}

func (r *reader) bytes(n uint32) ([]byte, error) {
	if r.i+int(n) > len(r.b) {
		return nil, io.ErrUnexpectedEOF
	}
	s := r.b[r.i : r.i+int(n)]
	r.i += int(n)
	return s, nil
}

func (r *reader) name() (string, error) {
	n, err := r.u32()
	if err != nil {
		return "", err
	}
	s, err := r.bytes(n)
	return string(s), err
}

func parseWasm(data []byte) (*wasmModule, error) {
	if len(data) < 8 || string(data[:4]) != "\x00asm" {
		return nil, errors.New("not a wasm module")
	}
	m := &wasmModule{names: map[uint32]string{}}
	r := &reader{b: data, i: 8}
	for r.i < len(data) {
		id := data[r.i]
		r.i++
		size, err := r.u32()
		if err != nil {
			return nil, err
		}
		body, err := r.bytes(size)
		if err != nil {
			return nil, err
		}
		sr := &reader{b: body}
		name := sectionNames[id]
		switch id {
		case 0:
			cname, err := sr.name()
			if err != nil {
				return nil, err
			}
			name = "custom:" + cname
			if cname == "name" {
				if err := m.parseNames(sr); err != nil {
					return nil, err
				}
			}
		case 2:
			if m.imported, err = countFuncImports(sr); err != nil {
				return nil, err
			}
		case 10:
			count, err := sr.u32()
			if err != nil {
				return nil, err
			}
			for range count {
				n, err := sr.u32()
				if err != nil {
					return nil, err
				}
				b, err := sr.bytes(n)
				if err != nil {
					return nil, err
				}
				m.bodies = append(m.bodies, b)
			}
		}
		m.sections = append(m.sections, wasmSection{name, body})
	}
	return m, nil
}

func countFuncImports(r *reader) (int, error) {
	count, err := r.u32()
	if err != nil {
		return 0, err
	}
	funcs := 0
	for range count {
		if _, err := r.name(); err != nil {
			return 0, err
		}
		if _, err := r.name(); err != nil {
			return 0, err
		}
		kind := r.b[r.i]
		r.i++
		switch kind {
		case 0: // func: type index
			funcs++
			_, err = r.u32()
		case 1: // table: reftype, limits
			r.i++
			err = r.limits()
		case 2: // memory: limits
			err = r.limits()
		case 3: // global: valtype, mut
			r.i += 2
		}
		if err != nil {
			return 0, err
		}
	}
	return funcs, nil
}

func (r *reader) limits() error {
	flag := r.b[r.i]
	r.i++
	if _, err := r.u32(); err != nil {
		return err
	}
	if flag&1 != 0 {
		_, err := r.u32()
		return err
	}
	return nil
}

func (m *wasmModule) parseNames(r *reader) error {
	for r.i < len(r.b) {
		id := r.b[r.i]
		r.i++
		size, err := r.u32()
		if err != nil {
			return err
		}
		sub, err := r.bytes(size)
		if err != nil {
			return err
		}
		if id != 1 {
			continue
		}
		sr := &reader{b: sub}
		count, err := sr.u32()
		if err != nil {
			return err
		}
		for range count {
			idx, err := sr.u32()
			if err != nil {
				return err
			}
			name, err := sr.name()
			if err != nil {
				return err
			}
			m.names[idx] = name
		}
	}
	return nil
}

// brotliFast compresses at quality 5: enough to rank packages.
func brotliFast(b []byte) []byte { return dist.Brotli(b, 5) }
