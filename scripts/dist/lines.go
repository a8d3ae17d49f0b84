package dist

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// StripLineTables removes what only stack traces read from a Go wasm
// binary's pclntab (GOOS=js GOARCH=wasm): for every function, the
// pc-to-file and pc-to-line tables, the inline-tree index (PCDATA 2) and
// its name, with the tables of names and files. The pc tables are about
// 90 % of the pclntab's (0.9 MB of the 1.0 MB in retort.wasm, 0.46 MB of
// its 3.4 MB of brotli: the translated SQLite's huge functions have long
// line tables), the names 0.47 MB raw (~55 KB of brotli). runtime.Caller,
// panics' stack traces and debug.Stack then say "?" for file and line and
// nothing for the function; runtime.FuncForPC(pc).Name() is "" (reflect
// and go-sqlite3's Savepoint use it for messages and savepoint names only,
// with fallbacks). What the runtime needs to run — the stack-size (pcsp),
// stack-map, unsafe-point and other PCDATA tables, funcIDs and every
// funcdata — is kept, byte for byte.
//
// Every address stays: the kept tables are packed at the start of pctab
// (the offsets in each _func rewritten), the rest of it is zeroed, and that
// part of the data section is cut into segments anew around zero runs, as
// Go's linker cuts it. It
// returns an error, changing nothing, when the binary does not look as the
// Go 1.20+ linker lays it out (pcHeader magic 0xfffffff1, wasm's minLC 1,
// 8-byte pointers, each table well-formed).
func StripLineTables(wasm []byte) ([]byte, error) {
	sec, segs, err := dataSegments(wasm)
	if err != nil {
		return nil, err
	}
	mem := newImage(wasm, segs)
	lo, hi, err := stripPclntab(mem)
	if err != nil {
		return nil, err
	}
	// The rewritten range, widened to whole segments, is cut into segments
	// anew (the packed tables now lie where zero runs were); the others stay.
	for _, s := range segs {
		if s.addr < hi && s.addr+s.size > lo {
			lo, hi = min(lo, s.addr), max(hi, s.addr+s.size)
		}
	}
	var kept []dataSegment
	for _, s := range segs {
		if s.addr >= hi || s.addr+s.size <= lo {
			kept = append(kept, s)
		}
	}
	var fresh []dataSegment
	for gap := 8; ; gap *= 2 {
		fresh = mem.segments(lo, hi, gap)
		if len(kept)+len(fresh) <= maxDataSegments {
			break
		}
	}
	all := append(kept, fresh...)
	slices.SortFunc(all, func(a, b dataSegment) int { return a.addr - b.addr })
	body := binary.AppendUvarint(nil, uint64(len(all)))
	for _, s := range all {
		body = append(body, 0, 0x41)
		body = appendSleb(body, int64(s.addr))
		body = append(body, 0x0b)
		body = binary.AppendUvarint(body, uint64(s.size))
		body = append(body, mem.b[s.addr-mem.base:s.addr-mem.base+s.size]...)
	}
	out := append([]byte(nil), wasm[:sec.start]...)
	out = append(out, 11)
	out = binary.AppendUvarint(out, uint64(len(body)))
	out = append(out, body...)
	return append(out, wasm[sec.end:]...), nil
}

// maxDataSegments is the most data segments a module may have in V8 (and
// so in Go's linker, which writes at most this many).
const maxDataSegments = 100000

// segments cuts m's bytes [lo, hi) into segments, leaving out zero runs
// longer than gap (Go's linker leaves out runs longer than 8 bytes).
func (m *image) segments(lo, hi, gap int) []dataSegment {
	var segs []dataSegment
	b := m.b[lo-m.base : hi-m.base]
	for i := 0; i < len(b); {
		for i < len(b) && b[i] == 0 {
			i++
		}
		if i == len(b) {
			break
		}
		start, zeros := i, 0
		for ; i < len(b) && zeros <= gap; i++ {
			if b[i] == 0 {
				zeros++
			} else {
				zeros = 0
			}
		}
		segs = append(segs, dataSegment{addr: lo + start, size: i - zeros - start})
	}
	return segs
}

func appendSleb(b []byte, v int64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

// A dataSegment is an active data segment: size bytes at out[pos:] loaded at
// memory address addr.
type dataSegment struct {
	addr, size, pos int
}

type image struct {
	base int
	b    []byte
}

func newImage(wasm []byte, segs []dataSegment) *image {
	lo, hi := segs[0].addr, 0
	for _, s := range segs {
		lo = min(lo, s.addr)
		hi = max(hi, s.addr+s.size)
	}
	m := &image{base: lo, b: make([]byte, hi-lo)}
	for _, s := range segs {
		copy(m.b[s.addr-lo:], wasm[s.pos:s.pos+s.size])
	}
	return m
}

// section is where a section (its id byte to its end) lies in the binary.
type section struct{ start, end int }

func dataSegments(wasm []byte) (section, []dataSegment, error) {
	var none section
	if len(wasm) < 8 || string(wasm[:4]) != "\x00asm" {
		return none, nil, errors.New("not a wasm binary")
	}
	r := &leb{b: wasm, i: 8}
	for r.i < len(wasm) {
		id, start := wasm[r.i], r.i
		r.i++
		n, err := r.u()
		if err != nil {
			return none, nil, err
		}
		end := r.i + int(n)
		if end > len(wasm) {
			return none, nil, errors.New("truncated section")
		}
		if id != 11 {
			r.i = end
			continue
		}
		count, err := r.u()
		if err != nil {
			return none, nil, err
		}
		segs := make([]dataSegment, 0, count)
		for range count {
			flag, err := r.u()
			if err != nil {
				return none, nil, err
			}
			if flag != 0 || r.i >= end || wasm[r.i] != 0x41 { // active, memory 0, i32.const
				return none, nil, fmt.Errorf("data segment %d: not an active segment at an i32.const address", len(segs))
			}
			r.i++
			addr, err := r.s()
			if err != nil {
				return none, nil, err
			}
			if r.i >= end || wasm[r.i] != 0x0b {
				return none, nil, fmt.Errorf("data segment %d: address is not one constant", len(segs))
			}
			r.i++
			size, err := r.u()
			if err != nil {
				return none, nil, err
			}
			if addr < 0 || r.i+int(size) > end {
				return none, nil, fmt.Errorf("data segment %d: out of range", len(segs))
			}
			segs = append(segs, dataSegment{addr: int(addr), size: int(size), pos: r.i})
			r.i += int(size)
		}
		if len(segs) == 0 || r.i != end {
			return none, nil, errors.New("empty or malformed data section")
		}
		return section{start, end}, segs, nil
	}
	return none, nil, errors.New("no data section")
}

type leb struct {
	b []byte
	i int
}

func (r *leb) u() (uint64, error) {
	var v uint64
	for shift := 0; shift < 64; shift += 7 {
		if r.i >= len(r.b) {
			return 0, errors.New("truncated LEB128")
		}
		c := r.b[r.i]
		r.i++
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v, nil
		}
	}
	return 0, errors.New("LEB128 too long")
}

func (r *leb) s() (int64, error) {
	var v int64
	for shift := 0; shift < 64; shift += 7 {
		if r.i >= len(r.b) {
			return 0, errors.New("truncated LEB128")
		}
		c := r.b[r.i]
		r.i++
		v |= int64(c&0x7f) << shift
		if c < 0x80 {
			if shift+7 < 64 && c&0x40 != 0 {
				v |= -1 << (shift + 7)
			}
			return v, nil
		}
	}
	return 0, errors.New("LEB128 too long")
}

const (
	pcHeaderSize   = 8 + 8*8 // magic, pads, minLC, ptrSize, then 8 words
	funcHeaderSize = 44      // runtime._func up to the pcdata array
	pcdataInlTree  = 2       // abi.PCDATA_InlTreeIndex
)

// stripPclntab finds the pcHeader in the memory image and rewrites pctab;
// [lo, hi) is the part of the image it rewrote.
func stripPclntab(m *image) (lo, hi int, err error) {
	h := -1
	for i := 0; i+pcHeaderSize <= len(m.b); i++ {
		if binary.LittleEndian.Uint32(m.b[i:]) == 0xfffffff1 && m.b[i+4] == 0 && m.b[i+5] == 0 &&
			m.b[i+6] == 1 && m.b[i+7] == 8 && binary.LittleEndian.Uint64(m.b[i+32:]) == pcHeaderSize {
			h = i
			break
		}
	}
	if h < 0 {
		return 0, 0, errors.New("no Go 1.20+ pcHeader for wasm in the data section")
	}
	word := func(k int) int { return int(binary.LittleEndian.Uint64(m.b[h+8+8*k:])) }
	nfunc, funcnameOff, pctabOff, pclnOff := word(0), word(3), word(6), word(7)
	pctab, ftab := h+pctabOff, h+pclnOff
	if nfunc <= 0 || funcnameOff != pcHeaderSize || pctabOff <= funcnameOff || pclnOff <= pctabOff || ftab+8*(nfunc+1) > len(m.b) {
		return 0, 0, errors.New("pcHeader out of range")
	}
	old := append([]byte(nil), m.b[pctab:ftab]...)
	packed := []byte{0} // offset 0 means "no table"
	moved := map[uint32]uint32{}
	keep := func(off uint32) (uint32, error) {
		if off == 0 {
			return 0, nil
		}
		if n, ok := moved[off]; ok {
			return n, nil
		}
		n, err := pcTableLen(old, int(off))
		if err != nil {
			return 0, err
		}
		moved[off] = uint32(len(packed))
		packed = append(packed, old[off:int(off)+n]...)
		return moved[off], nil
	}
	le := binary.LittleEndian
	for k := range nfunc {
		f := ftab + int(le.Uint32(m.b[ftab+8*k+4:]))
		if f+funcHeaderSize > len(m.b) {
			return 0, 0, fmt.Errorf("func %d out of range", k)
		}
		npcdata := int(le.Uint32(m.b[f+28:]))
		if f+funcHeaderSize+4*npcdata > len(m.b) || npcdata > 16 {
			return 0, 0, fmt.Errorf("func %d: %d pcdata tables", k, npcdata)
		}
		hi = max(hi, f+funcHeaderSize+4*npcdata)
		// The name (f+4) dropped; pcsp kept; pcfile and pcln (f+20, f+24) dropped.
		le.PutUint32(m.b[f+4:], 0)
		sp, err := keep(le.Uint32(m.b[f+16:]))
		if err != nil {
			return 0, 0, fmt.Errorf("func %d pcsp: %w", k, err)
		}
		le.PutUint32(m.b[f+16:], sp)
		le.PutUint32(m.b[f+20:], 0)
		le.PutUint32(m.b[f+24:], 0)
		for i := range npcdata {
			p := f + funcHeaderSize + 4*i
			if i == pcdataInlTree {
				le.PutUint32(m.b[p:], 0)
				continue
			}
			off, err := keep(le.Uint32(m.b[p:]))
			if err != nil {
				return 0, 0, fmt.Errorf("func %d pcdata %d: %w", k, i, err)
			}
			le.PutUint32(m.b[p:], off)
		}
	}
	n := copy(m.b[pctab:ftab], packed)
	clear(m.b[pctab+n : ftab])
	// The function names, the compilation units' file lists and the file
	// names (funcnametab, cutab, filetab: what lies between the header and
	// pctab) have no reader left.
	clear(m.b[h+funcnameOff : pctab])
	return m.base + h + funcnameOff, m.base + hi, nil
}

// pcTableLen is the length of the pc-value table at tab[off:]: pairs of
// varints (value delta, pc delta), ending with a zero value delta once the
// pc has moved past the function's entry (the runtime's pcvalue and step:
// on wasm the first pairs may keep the pc at the entry, and a zero value
// delta there is data).
func pcTableLen(tab []byte, off int) (int, error) {
	r := &leb{b: tab, i: off}
	var pc uint64
	for {
		uv, err := r.u()
		if err != nil {
			return 0, err
		}
		if uv == 0 && pc != 0 {
			return r.i - off, nil
		}
		d, err := r.u()
		if err != nil {
			return 0, err
		}
		pc += d
	}
}
