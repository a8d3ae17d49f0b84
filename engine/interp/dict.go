package interp

import (
	"fmt"
	"math"
	"strings"
)

// Namespace is a module's or a class's or an instance's attributes: names to
// values, in the order they were first set (a class body's order is the
// columns' order).
type Namespace struct {
	names []string
	vals  map[string]Value
}

// NewNamespace makes an empty namespace.
func NewNamespace() *Namespace { return &Namespace{vals: map[string]Value{}} }

// newNamespace is an empty namespace with room for n names.
func newNamespace(n int) *Namespace {
	return &Namespace{vals: make(map[string]Value, n), names: make([]string, 0, n)}
}

// Get returns the value bound to name.
func (ns *Namespace) Get(name string) (Value, bool) {
	if ns == nil {
		return nil, false
	}
	v, ok := ns.vals[name]
	return v, ok
}

// Set binds name.
func (ns *Namespace) Set(name string, v Value) {
	if _, ok := ns.vals[name]; !ok {
		ns.names = append(ns.names, name)
	}
	ns.vals[name] = v
}

// Delete unbinds name; it reports whether it was bound.
func (ns *Namespace) Delete(name string) bool {
	if _, ok := ns.vals[name]; !ok {
		return false
	}
	delete(ns.vals, name)
	for i, n := range ns.names {
		if n == name {
			ns.names = append(ns.names[:i], ns.names[i+1:]...)
			break
		}
	}
	return true
}

// Names returns the bound names in the order they were first bound.
func (ns *Namespace) Names() []string {
	if ns == nil {
		return nil
	}
	return ns.names
}

// Len returns how many names are bound.
func (ns *Namespace) Len() int {
	if ns == nil {
		return 0
	}
	return len(ns.names)
}

// Dict is a dict: keys in insertion order.
type Dict struct {
	keys, vals []Value
	index      map[any]int
}

// NewDict makes an empty dict.
func NewDict() *Dict { return &Dict{index: map[any]int{}} }

// Len returns the number of items.
func (d *Dict) Len() int { return len(d.keys) }

// Keys returns the keys in order (the slice is the dict's: do not change it).
func (d *Dict) Keys() []Value { return d.keys }

// Values returns the values in key order (the dict's slice).
func (d *Dict) Values() []Value { return d.vals }

// Get returns the value for key; err is a TypeError for an unhashable key.
func (d *Dict) Get(key Value) (Value, bool, error) {
	h, err := hashKey(key)
	if err != nil {
		return nil, false, err
	}
	i, ok := d.index[h]
	if !ok {
		return nil, false, nil
	}
	return d.vals[i], true, nil
}

// GetStr returns the value for a str key.
func (d *Dict) GetStr(key string) (Value, bool) {
	i, ok := d.index[key]
	if !ok {
		return nil, false
	}
	return d.vals[i], true
}

// Set sets key to v.
func (d *Dict) Set(key, v Value) error {
	h, err := hashKey(key)
	if err != nil {
		return err
	}
	if i, ok := d.index[h]; ok {
		d.vals[i] = v
		return nil
	}
	d.index[h] = len(d.keys)
	d.keys = append(d.keys, key)
	d.vals = append(d.vals, v)
	return nil
}

// SetStr sets a str key.
func (d *Dict) SetStr(key string, v Value) { _ = d.Set(Str(key), v) }

// Delete removes key; it reports whether it was there.
func (d *Dict) Delete(key Value) (bool, error) {
	h, err := hashKey(key)
	if err != nil {
		return false, err
	}
	i, ok := d.index[h]
	if !ok {
		return false, nil
	}
	d.keys = append(d.keys[:i], d.keys[i+1:]...)
	d.vals = append(d.vals[:i], d.vals[i+1:]...)
	delete(d.index, h)
	for k, j := range d.index {
		if j > i {
			d.index[k] = j - 1
		}
	}
	return true, nil
}

// Copy returns a shallow copy.
func (d *Dict) Copy() *Dict {
	out := &Dict{keys: append([]Value(nil), d.keys...), vals: append([]Value(nil), d.vals...), index: make(map[any]int, len(d.index))}
	for k, v := range d.index {
		out.index[k] = v
	}
	return out
}

// Set is a set: members in insertion order (Python's are unordered; Retort's
// order is the order they were added, which keeps output deterministic).
type Set struct {
	d *Dict
	// Frozen is set for a frozenset.
	Frozen bool
}

// NewSet makes an empty set.
func NewSet() *Set { return &Set{d: NewDict()} }

// Len returns the number of members.
func (s *Set) Len() int { return s.d.Len() }

// Add adds v.
func (s *Set) Add(v Value) error { return s.d.Set(v, None) }

// Has reports whether v is a member.
func (s *Set) Has(v Value) (bool, error) {
	_, ok, err := s.d.Get(v)
	return ok, err
}

// Items returns the members in order.
func (s *Set) Items() []Value { return s.d.Keys() }

// hashKey returns a comparable Go value that is equal for keys Python treats
// as equal (1 == 1.0 == True), or a TypeError for an unhashable value.
func hashKey(v Value) (any, error) {
	switch v := v.(type) {
	case NoneType, EllipsisType:
		return v, nil
	case Bool:
		if v {
			return int64(1), nil
		}
		return int64(0), nil
	case Int:
		return int64(v), nil
	case Float:
		f := float64(v)
		if f == math.Trunc(f) && math.Abs(f) < 1<<62 {
			return int64(f), nil
		}
		return f, nil
	case Str:
		return string(v), nil
	case Bytes:
		return bytesKey(v), nil
	case *Tuple:
		var b strings.Builder
		b.WriteString("(")
		for _, it := range v.Items {
			k, err := hashKey(it)
			if err != nil {
				return nil, err
			}
			fmt.Fprintf(&b, "%T:%v,", k, k)
		}
		return tupleKey(b.String()), nil
	case *Set:
		if v.Frozen {
			var b strings.Builder
			for _, it := range v.Items() {
				k, _ := hashKey(it)
				fmt.Fprintf(&b, "%T:%v,", k, k)
			}
			return tupleKey("frozenset" + b.String()), nil
		}
		return nil, typeError("unhashable type: 'set'")
	case *List:
		return nil, typeError("unhashable type: 'list'")
	case *Dict:
		return nil, typeError("unhashable type: 'dict'")
	case Hasher:
		return v.HashKey()
	}
	return v, nil // identity: classes, functions, instances, natives
}

type (
	bytesKey string
	tupleKey string
)
