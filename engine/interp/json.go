package interp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"

	"retort/engine/python"
)

// jsonModule is json: loads and dumps as Python's json module reads and
// writes (dumps' default separators ", " and ": ", ensure_ascii).
func jsonModule(in *Interp) (*Module, error) {
	m := NewModule("json")
	m.Set("JSONDecodeError", exceptionClasses["ValueError"])
	m.Func("loads", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "loads", 1, 1); err != nil {
			return nil, err
		}
		var text []byte
		switch s := a.Pos[0].Value.(type) {
		case Str:
			text = []byte(s)
		case Bytes:
			text = []byte(s)
		default:
			return nil, typeError("the JSON object must be str or bytes, not %s", TypeOf(s).Name)
		}
		dec := json.NewDecoder(bytes.NewReader(text))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, NewError("ValueError", "%s", jsonDecodeMessage(err))
		}
		if dec.More() {
			return nil, NewError("ValueError", "Extra data")
		}
		return fromJSON(v)
	})
	m.Func("dumps", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "dumps", 1, 1); err != nil {
			return nil, err
		}
		d := jsonDumper{in: in, itemSep: ", ", keySep: ": ", ascii: true}
		if v := kwarg(a, "sort_keys", Bool(false)); v != None {
			d.sortKeys, _ = in.Truth(v)
		}
		if v := kwarg(a, "ensure_ascii", Bool(true)); v != None {
			d.ascii, _ = in.Truth(v)
		}
		if v := kwarg(a, "indent", None); v != None {
			switch x := v.(type) {
			case Int:
				d.indent = strings.Repeat(" ", int(x))
			case Str:
				d.indent = string(x)
			}
			d.itemSep = ","
		}
		if v := kwarg(a, "separators", None); v != None {
			items, err := in.List(v)
			if err == nil && len(items) == 2 {
				s1, ok1 := items[0].(Str)
				s2, ok2 := items[1].(Str)
				if ok1 && ok2 {
					d.itemSep, d.keySep = string(s1), string(s2)
				}
			}
		}
		d.def = kwarg(a, "default", None)
		var b strings.Builder
		if err := d.dump(&b, a.Pos[0].Value, 0); err != nil {
			return nil, err
		}
		return Str(b.String()), nil
	})
	return m, nil
}

func jsonDecodeMessage(err error) string {
	return "Expecting value: " + err.Error()
}

// fromJSON converts a decoded JSON value to Python's.
func fromJSON(v any) (Value, error) {
	switch x := v.(type) {
	case nil:
		return None, nil
	case bool:
		return Bool(x), nil
	case string:
		return Str(x), nil
	case json.Number:
		if i, err := strconv.ParseInt(string(x), 10, 64); err == nil {
			return Int(i), nil
		}
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil {
			return nil, NewError("ValueError", "number out of range: %s", x)
		}
		return Float(f), nil
	case []any:
		items := make([]Value, len(x))
		for i, it := range x {
			v, err := fromJSON(it)
			if err != nil {
				return nil, err
			}
			items[i] = v
		}
		return NewList(items...), nil
	case map[string]any:
		// Go's decoder loses the keys' order; Python keeps it. Sort for a
		// stable order.
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		d := NewDict()
		for _, k := range keys {
			v, err := fromJSON(x[k])
			if err != nil {
				return nil, err
			}
			d.SetStr(k, v)
		}
		return d, nil
	}
	return nil, fmt.Errorf("internal: JSON value %T", v)
}

type jsonDumper struct {
	in              *Interp
	itemSep, keySep string
	indent          string
	sortKeys, ascii bool
	def             Value
	depth           int
}

func (d *jsonDumper) newline(b *strings.Builder, level int) {
	if d.indent == "" {
		return
	}
	b.WriteByte('\n')
	b.WriteString(strings.Repeat(d.indent, level))
}

func (d *jsonDumper) dump(b *strings.Builder, v Value, level int) error {
	d.depth++
	defer func() { d.depth-- }()
	if d.depth > 1000 {
		return NewError("RecursionError", "maximum recursion depth exceeded while encoding a JSON object")
	}
	switch x := v.(type) {
	case NoneType:
		b.WriteString("null")
	case Bool:
		if x {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case Int:
		b.WriteString(strconv.FormatInt(int64(x), 10))
	case Float:
		f := float64(x)
		switch {
		case math.IsNaN(f):
			b.WriteString("NaN")
		case math.IsInf(f, 1):
			b.WriteString("Infinity")
		case math.IsInf(f, -1):
			b.WriteString("-Infinity")
		default:
			b.WriteString(python.FloatRepr(f))
		}
	case Str:
		d.str(b, string(x))
	case *List, *Tuple:
		items, _ := d.in.List(x)
		b.WriteByte('[')
		for i, it := range items {
			if i > 0 {
				b.WriteString(d.itemSep)
			}
			d.newline(b, level+1)
			if err := d.dump(b, it, level+1); err != nil {
				return err
			}
		}
		if len(items) > 0 {
			d.newline(b, level)
		}
		b.WriteByte(']')
	case *Dict:
		keys := append([]Value(nil), x.Keys()...)
		if d.sortKeys {
			sort.SliceStable(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		}
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteString(d.itemSep)
			}
			d.newline(b, level+1)
			var ks string
			switch kk := k.(type) {
			case Str:
				ks = string(kk)
			case Int, Float, Bool, NoneType:
				var kb strings.Builder
				_ = d.dump(&kb, kk, 0)
				ks = kb.String()
			default:
				return typeError("keys must be str, int, float, bool or None, not %s", TypeOf(k).Name)
			}
			d.str(b, ks)
			b.WriteString(d.keySep)
			val, _, _ := x.Get(k)
			if err := d.dump(b, val, level+1); err != nil {
				return err
			}
		}
		if len(keys) > 0 {
			d.newline(b, level)
		}
		b.WriteByte('}')
	default:
		if d.def != nil && d.def != None {
			r, err := d.in.Call(d.def, Values(v))
			if err != nil {
				return err
			}
			return d.dump(b, r, level)
		}
		return typeError("Object of type %s is not JSON serializable", TypeOf(v).Name)
	}
	return nil
}

// str writes a JSON string as Python's json writes it.
func (d *jsonDumper) str(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r < 0x20 || (d.ascii && r > 0x7e):
			if r > 0xffff {
				r1, r2 := utf16.EncodeRune(r)
				fmt.Fprintf(b, `\u%04x\u%04x`, r1, r2)
			} else {
				fmt.Fprintf(b, `\u%04x`, r)
			}
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
}
