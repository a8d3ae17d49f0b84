package interp

import (
	"encoding/binary"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Python's pickle for the values scripts store (None, bool, int, float, str,
// bytes, list, tuple, dict, set, frozenset): dumps writes what CPython's C
// pickler writes with protocol 4 or 5 (its default is 4; SQLAlchemy's
// PickleType uses HIGHEST_PROTOCOL, 5), byte for byte; loads reads every
// protocol's opcodes for those kinds.
//
// The memo (a repeated object written as a reference to its first copy) goes
// by identity as CPython's does: lists, dicts, sets and tuples by the object;
// str and bytes values are the same object only when empty or of one
// character (CPython keeps one copy of those), so a longer string that is
// one object twice in CPython (the same literal) is written twice here, and
// so are two equal tuple literals CPython folds into one constant.

// PickleHighest is pickle.HIGHEST_PROTOCOL.
const PickleHighest = 5

const frameSizeTarget = 64 * 1024

type pickler struct {
	in         *Interp
	buf        []byte
	framing    bool
	frameStart int
	memo       map[any]int
}

func (p *pickler) write(b ...byte) {
	if p.framing && p.frameStart < 0 {
		p.frameStart = len(p.buf)
		p.buf = append(p.buf, make([]byte, 9)...)
	}
	p.buf = append(p.buf, b...)
}

func (p *pickler) commitFrame() {
	if p.frameStart < 0 {
		return
	}
	n := len(p.buf) - p.frameStart - 9
	if n >= 4 {
		p.buf[p.frameStart] = 0x95
		binary.LittleEndian.PutUint64(p.buf[p.frameStart+1:], uint64(n))
	} else {
		p.buf = append(p.buf[:p.frameStart], p.buf[p.frameStart+9:]...)
	}
	p.frameStart = -1
}

// PickleDumps is pickle.dumps(v, protocol).
func PickleDumps(in *Interp, v Value, protocol int) ([]byte, error) {
	if protocol < 0 {
		protocol = PickleHighest
	}
	if protocol < 4 || protocol > PickleHighest {
		return nil, valueError("Retort writes pickle protocols 4 and 5 only, not %d", protocol)
	}
	p := &pickler{in: in, buf: []byte{0x80, byte(protocol)}, framing: true, frameStart: -1, memo: map[any]int{}}
	if err := p.save(v); err != nil {
		return nil, err
	}
	p.write('.')
	p.commitFrame()
	return p.buf, nil
}

// memoKey is the identity pickle's memo goes by (nil: never the same object).
func memoKey(v Value) any {
	switch x := v.(type) {
	case Str:
		if utf8.RuneCountInString(string(x)) <= 1 && (x == "" || []rune(string(x))[0] < 256) {
			return [2]string{"s", string(x)}
		}
		return nil
	case Bytes:
		if len(x) <= 1 {
			return [2]string{"b", string(x)}
		}
		return nil
	case *List, *Dict, *Set, *Tuple:
		return x
	}
	return nil
}

func (p *pickler) memoize(v Value) {
	idx := len(p.memo)
	if k := memoKey(v); k != nil {
		p.memo[k] = idx
	} else {
		p.memo[new(int)] = idx // a slot no later object reuses
	}
	p.write(0x94)
}

func (p *pickler) get(v Value) bool {
	k := memoKey(v)
	if k == nil {
		return false
	}
	idx, ok := p.memo[k]
	if !ok {
		return false
	}
	if idx < 256 {
		p.write('h', byte(idx))
	} else {
		p.write('j')
		p.write(binary.LittleEndian.AppendUint32(nil, uint32(idx))...)
	}
	return true
}

func (p *pickler) save(v Value) error {
	if err := p.saveValue(v); err != nil {
		return err
	}
	if p.frameStart >= 0 && len(p.buf)-p.frameStart-9 >= frameSizeTarget {
		p.commitFrame()
	}
	return nil
}

func (p *pickler) saveValue(v Value) error {
	if p.in != nil {
		if err := p.in.step(); err != nil {
			return err
		}
	}
	switch x := v.(type) {
	case NoneType:
		p.write('N')
		return nil
	case Bool:
		if x {
			p.write(0x88)
		} else {
			p.write(0x89)
		}
		return nil
	case Int:
		n := int64(x)
		switch {
		case n >= 0 && n < 256:
			p.write('K', byte(n))
		case n >= 0 && n < 65536:
			p.write('M', byte(n), byte(n>>8))
		case n >= math.MinInt32 && n <= math.MaxInt32:
			p.write('J')
			p.write(binary.LittleEndian.AppendUint32(nil, uint32(int32(n)))...)
		default:
			b := binary.LittleEndian.AppendUint64(nil, uint64(n))
			for len(b) > 1 && (b[len(b)-1] == 0 && b[len(b)-2]&0x80 == 0 || b[len(b)-1] == 0xff && b[len(b)-2]&0x80 != 0) {
				b = b[:len(b)-1]
			}
			if n > 0 && b[len(b)-1]&0x80 != 0 {
				b = append(b, 0)
			}
			p.write(0x8a, byte(len(b)))
			p.write(b...)
		}
		return nil
	case Float:
		p.write('G')
		p.write(binary.BigEndian.AppendUint64(nil, math.Float64bits(float64(x)))...)
		return nil
	}
	if p.get(v) {
		return nil
	}
	switch x := v.(type) {
	case Str:
		if !utf8.ValidString(string(x)) {
			return NewError("UnicodeEncodeError", "'utf-8' codec can't encode the string")
		}
		p.bytesOp(0x8c, 'X', 0x8d, string(x))
		p.memoize(v)
	case Bytes:
		p.bytesOp('C', 'B', 0x8e, string(x))
		p.memoize(v)
	case *List:
		p.write(']')
		p.memoize(v)
		return p.batch(x.Items, 'a', 'e', 1)
	case *Dict:
		p.write('}')
		p.memoize(v)
		items := make([]Value, 0, 2*x.Len())
		for i, k := range x.Keys() {
			items = append(items, k, x.Values()[i])
		}
		return p.batch(items, 's', 'u', 2)
	case *Set:
		if x.Frozen {
			p.write('(')
			for _, it := range x.Items() {
				if err := p.save(it); err != nil {
					return err
				}
			}
			if p.get(v) { // the set held itself
				return nil
			}
			p.write(0x91)
			p.memoize(v)
			return nil
		}
		p.write(0x8f)
		p.memoize(v)
		items := x.Items()
		for len(items) > 0 {
			n := min(len(items), 1000)
			p.write('(')
			for _, it := range items[:n] {
				if err := p.save(it); err != nil {
					return err
				}
			}
			p.write(0x90)
			items = items[n:]
		}
	case *Tuple:
		if len(x.Items) == 0 {
			p.write(')')
			return nil
		}
		if len(x.Items) > 3 {
			p.write('(')
		}
		for _, it := range x.Items {
			if err := p.save(it); err != nil {
				return err
			}
		}
		if len(x.Items) > 3 {
			p.write('t')
		} else {
			p.write([]byte{0x85, 0x86, 0x87}[len(x.Items)-1])
		}
		p.memoize(v)
	case *EnumMember:
		return typeError("Retort cannot pickle an enum member (%s)", x.Name)
	default:
		return typeError("Retort cannot pickle %s", Describe(v))
	}
	return nil
}

// bytesOp writes a str's or bytes' opcode, length and data; data of 64 KiB
// or more goes outside the frame, as CPython writes it.
func (p *pickler) bytesOp(short, long, huge byte, data string) {
	var head []byte
	switch n := len(data); {
	case n < 256:
		head = []byte{short, byte(n)}
	case n <= math.MaxUint32:
		head = append([]byte{long}, binary.LittleEndian.AppendUint32(nil, uint32(n))...)
	default:
		head = append([]byte{huge}, binary.LittleEndian.AppendUint64(nil, uint64(n))...)
	}
	if len(data) >= frameSizeTarget {
		p.commitFrame()
		p.buf = append(append(p.buf, head...), data...)
		return
	}
	p.write(head...)
	p.write([]byte(data)...)
}

// batch writes a list's (step 1) or dict's (step 2) items: one with the
// single opcode, more in MARK ... batches of 1000.
func (p *pickler) batch(items []Value, one, many byte, step int) error {
	if len(items) == step {
		for _, it := range items {
			if err := p.save(it); err != nil {
				return err
			}
		}
		p.write(one)
		return nil
	}
	for len(items) > 0 {
		n := min(len(items), 1000*step)
		p.write('(')
		for _, it := range items[:n] {
			if err := p.save(it); err != nil {
				return err
			}
		}
		p.write(many)
		items = items[n:]
	}
	return nil
}

// PickleLoads is pickle.loads(data) for the kinds PickleDumps writes, from
// any protocol.
func PickleLoads(data []byte) (Value, error) {
	var stack []Value
	var marks []int
	memo := map[int]Value{}
	bad := func(msg string) (Value, error) {
		return nil, NewError("UnpicklingError", "%s", msg)
	}
	pos := 0
	take := func(n int) ([]byte, bool) {
		if n < 0 || pos+n > len(data) {
			return nil, false
		}
		b := data[pos : pos+n]
		pos += n
		return b, true
	}
	line := func() (string, bool) {
		i := strings.IndexByte(string(data[pos:]), '\n')
		if i < 0 {
			return "", false
		}
		s := string(data[pos : pos+i])
		pos += i + 1
		return s, true
	}
	popMark := func() ([]Value, bool) {
		if len(marks) == 0 {
			return nil, false
		}
		m := marks[len(marks)-1]
		marks = marks[:len(marks)-1]
		if m > len(stack) {
			return nil, false
		}
		items := append([]Value(nil), stack[m:]...)
		stack = stack[:m]
		return items, true
	}
	sized := func(width int) (int, bool) {
		b, ok := take(width)
		if !ok {
			return 0, false
		}
		var n uint64
		for i := width - 1; i >= 0; i-- {
			n = n<<8 | uint64(b[i])
		}
		if n > uint64(len(data)) {
			return 0, false
		}
		return int(n), true
	}
	for pos < len(data) {
		op := data[pos]
		pos++
		truncated := false
		push := func(v Value) { stack = append(stack, v) }
		switch op {
		case 0x80: // PROTO
			if _, ok := take(1); !ok {
				truncated = true
			}
		case 0x95: // FRAME
			if _, ok := take(8); !ok {
				truncated = true
			}
		case '.':
			if len(stack) != 1 || len(marks) != 0 {
				return bad("unpickling stack underflow")
			}
			return stack[0], nil
		case 'N':
			push(None)
		case 0x88, 0x89:
			push(Bool(op == 0x88))
		case 'K', 'M', 'J':
			w := map[byte]int{'K': 1, 'M': 2, 'J': 4}[op]
			b, ok := take(w)
			if !ok {
				truncated = true
				break
			}
			switch w {
			case 1:
				push(Int(b[0]))
			case 2:
				push(Int(binary.LittleEndian.Uint16(b)))
			default:
				push(Int(int32(binary.LittleEndian.Uint32(b))))
			}
		case 0x8a, 0x8b: // LONG1, LONG4
			n, ok := sized(map[byte]int{0x8a: 1, 0x8b: 4}[op])
			b, ok2 := take(n)
			if !ok || !ok2 {
				truncated = true
				break
			}
			if n > 8 {
				return nil, NewError("OverflowError", "Retort's int holds 64 bits: the pickle holds a larger one")
			}
			var u uint64
			for i := n - 1; i >= 0; i-- {
				u = u<<8 | uint64(b[i])
			}
			if n > 0 && n < 8 && b[n-1]&0x80 != 0 {
				u -= 1 << (8 * uint(n))
			}
			push(Int(int64(u)))
		case 'I', 'L', 'F':
			s, ok := line()
			if !ok {
				truncated = true
				break
			}
			s = strings.TrimSuffix(s, "L")
			switch {
			case op == 'I' && s == "00":
				push(Bool(false))
			case op == 'I' && s == "01":
				push(Bool(true))
			case op == 'F':
				f, err := strconv.ParseFloat(s, 64)
				if err != nil {
					return bad("could not convert string to float")
				}
				push(Float(f))
			default:
				n, err := strconv.ParseInt(s, 10, 64)
				if err != nil {
					return bad("invalid literal for int()")
				}
				push(Int(n))
			}
		case 'G':
			b, ok := take(8)
			if !ok {
				truncated = true
				break
			}
			push(Float(math.Float64frombits(binary.BigEndian.Uint64(b))))
		case 0x8c, 'X', 0x8d, 'C', 'B', 0x8e, 'U', 'T':
			w := map[byte]int{0x8c: 1, 'X': 4, 0x8d: 8, 'C': 1, 'B': 4, 0x8e: 8, 'U': 1, 'T': 4}[op]
			n, ok := sized(w)
			b, ok2 := take(n)
			if !ok || !ok2 {
				truncated = true
				break
			}
			switch {
			case op == 'C' || op == 'B' || op == 0x8e:
				push(Bytes(b))
			case !utf8.Valid(b) || (op == 'U' || op == 'T') && strings.IndexFunc(string(b), func(r rune) bool { return r >= 0x80 }) >= 0:
				return nil, NewError("UnicodeDecodeError", "the pickle holds a string that is not valid text")
			default:
				push(Str(b))
			}
		case 'V':
			s, ok := line()
			if !ok {
				truncated = true
				break
			}
			push(Str(rawUnicodeEscape(s)))
		case ']':
			push(NewList())
		case '}':
			push(NewDict())
		case 0x8f:
			push(NewSet())
		case ')':
			push(NewTuple())
		case '(':
			marks = append(marks, len(stack))
		case 'l', 't', 'd', 0x91:
			items, ok := popMark()
			if !ok {
				return bad("could not find MARK")
			}
			switch op {
			case 'l':
				push(NewList(items...))
			case 't':
				push(NewTuple(items...))
			case 0x91:
				s := &Set{d: NewDict(), Frozen: true}
				for _, it := range items {
					if err := s.Add(it); err != nil {
						return nil, err
					}
				}
				push(s)
			default:
				d := NewDict()
				for i := 0; i+1 < len(items); i += 2 {
					if err := d.Set(items[i], items[i+1]); err != nil {
						return nil, err
					}
				}
				push(d)
			}
		case 0x85, 0x86, 0x87:
			n := int(op-0x85) + 1
			if len(stack)-n < marksTop(marks) {
				return bad("unpickling stack underflow")
			}
			t := NewTuple(append([]Value(nil), stack[len(stack)-n:]...)...)
			stack = stack[:len(stack)-n]
			push(t)
		case 'a', 'e', 's', 'u', 0x90:
			var items []Value
			if op == 'a' || op == 's' {
				n := map[byte]int{'a': 1, 's': 2}[op]
				if len(stack)-n-1 < marksTop(marks) {
					return bad("unpickling stack underflow")
				}
				items = append([]Value(nil), stack[len(stack)-n:]...)
				stack = stack[:len(stack)-n]
			} else {
				var ok bool
				if items, ok = popMark(); !ok {
					return bad("could not find MARK")
				}
			}
			if len(stack) == 0 {
				return bad("unpickling stack underflow")
			}
			switch target := stack[len(stack)-1].(type) {
			case *List:
				if op != 'a' && op != 'e' {
					return bad("invalid target for " + string(op))
				}
				target.Items = append(target.Items, items...)
			case *Dict:
				if op != 's' && op != 'u' {
					return bad("invalid target for " + string(op))
				}
				for i := 0; i+1 < len(items); i += 2 {
					if err := target.Set(items[i], items[i+1]); err != nil {
						return nil, err
					}
				}
			case *Set:
				if op != 0x90 {
					return bad("invalid target for ADDITEMS")
				}
				for _, it := range items {
					if err := target.Add(it); err != nil {
						return nil, err
					}
				}
			default:
				return bad("Retort unpickles lists, dicts and sets only")
			}
		case 0x94, 'q', 'r', 'p': // MEMOIZE, BINPUT, LONG_BINPUT, PUT
			if len(stack) == 0 {
				return bad("unpickling stack underflow")
			}
			idx := len(memo)
			switch op {
			case 'q':
				b, ok := take(1)
				if !ok {
					truncated = true
					break
				}
				idx = int(b[0])
			case 'r':
				b, ok := take(4)
				if !ok {
					truncated = true
					break
				}
				idx = int(binary.LittleEndian.Uint32(b))
			case 'p':
				s, ok := line()
				n, err := strconv.Atoi(s)
				if !ok || err != nil {
					return bad("invalid PUT")
				}
				idx = n
			}
			memo[idx] = stack[len(stack)-1]
		case 'h', 'j', 'g':
			var idx int
			switch op {
			case 'h':
				b, ok := take(1)
				if !ok {
					truncated = true
					break
				}
				idx = int(b[0])
			case 'j':
				b, ok := take(4)
				if !ok {
					truncated = true
					break
				}
				idx = int(binary.LittleEndian.Uint32(b))
			default:
				s, ok := line()
				n, err := strconv.Atoi(s)
				if !ok || err != nil {
					return bad("invalid GET")
				}
				idx = n
			}
			v, ok := memo[idx]
			if !ok && !truncated {
				return bad("Memo value not found at index " + strconv.Itoa(idx))
			}
			push(v)
		case '0': // POP (the mark, when the stack's top is one)
			if len(marks) > 0 && marksTop(marks) == len(stack) {
				marks = marks[:len(marks)-1]
				break
			}
			if len(stack) == 0 {
				return bad("unpickling stack underflow")
			}
			stack = stack[:len(stack)-1]
		default:
			return nil, NewError("UnpicklingError", "Retort does not read pickle opcode %s (it unpickles None, bool, int, float, str, bytes, list, tuple, dict and set)", quote(string(rune(op))))
		}
		if truncated {
			break
		}
	}
	return bad("pickle data was truncated")
}

func marksTop(marks []int) int {
	if len(marks) == 0 {
		return 0
	}
	return marks[len(marks)-1]
}

func pickleModule(in *Interp) (*Module, error) {
	m := NewModule("pickle")
	m.Set("HIGHEST_PROTOCOL", Int(PickleHighest))
	m.Set("DEFAULT_PROTOCOL", Int(4))
	m.Func("dumps", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "dumps", 1, 2); err != nil {
			return nil, err
		}
		proto := int64(4)
		pv := kwarg(a, "protocol", None)
		if len(a.Pos) > 1 {
			pv = a.Pos[1].Value
		}
		if pv != None {
			n, ok := intOf(pv)
			if !ok {
				return nil, typeError("an integer is required")
			}
			proto = n
		}
		b, err := PickleDumps(in, a.Pos[0].Value, int(proto))
		return Bytes(b), err
	})
	m.Func("loads", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "loads", 1, 1); err != nil {
			return nil, err
		}
		b, ok := a.Pos[0].Value.(Bytes)
		if !ok {
			return nil, typeError("a bytes-like object is required, not '%s'", TypeOf(a.Pos[0].Value).Name)
		}
		return PickleLoads([]byte(b))
	})
	return m, nil
}

// rawUnicodeEscape decodes protocol 0's text: bytes as Latin-1, \uXXXX and
// \UXXXXXXXX escapes as the characters.
func rawUnicodeEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && (s[i+1] == 'u' || s[i+1] == 'U') {
			n := map[byte]int{'u': 4, 'U': 8}[s[i+1]]
			if i+2+n <= len(s) {
				if r, err := strconv.ParseUint(s[i+2:i+2+n], 16, 32); err == nil && utf8.ValidRune(rune(r)) {
					b.WriteRune(rune(r))
					i += 1 + n
					continue
				}
			}
		}
		b.WriteRune(rune(s[i]))
	}
	return b.String()
}
