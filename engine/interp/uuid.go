package interp

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
)

// UUIDValue is a uuid.UUID.
type UUIDValue [16]byte

// UUIDClass is uuid.UUID: UUID('12345678-1234-5678-1234-567812345678') (or
// any form Python reads: hex with or without hyphens, braces, urn:uuid:).
var UUIDClass = NewClass("UUID", "uuid", &Native{New: func(in *Interp, cls *Class, a *Args) (Value, error) {
	v := kwarg(a, "hex", nil)
	if len(a.Pos) > 0 {
		v = a.Pos[0].Value
	}
	s, ok := v.(Str)
	if !ok {
		return nil, typeError("Retort makes a UUID from its hex string only")
	}
	h := strings.NewReplacer("urn:", "", "uuid:", "", "{", "", "}", "", "-", "").Replace(strings.TrimSpace(string(s)))
	var u UUIDValue
	if n, err := hex.Decode(u[:], []byte(h)); err != nil || n != 16 || len(h) != 32 {
		return nil, valueError("badly formed hexadecimal UUID string")
	}
	return &u, nil
}})

// PyClass implements Object.
func (u *UUIDValue) PyClass() *Class { return UUIDClass }

func (u *UUIDValue) String() string {
	h := hex.EncodeToString(u[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// Str implements Stringer.
func (u *UUIDValue) Str(in *Interp) (string, error) { return u.String(), nil }

// Repr implements Reprer.
func (u *UUIDValue) Repr(in *Interp) (string, error) { return "UUID(" + quote(u.String()) + ")", nil }

// HashKey implements Hasher.
func (u *UUIDValue) HashKey() (any, error) { return *u, nil }

// BinaryOp implements Operand: UUIDs compare by value.
func (u *UUIDValue) BinaryOp(in *Interp, op string, other Value, reflected bool) (Value, error) {
	o, ok := other.(*UUIDValue)
	if !ok {
		if op == "==" || op == "!=" {
			return Bool(op == "!="), nil
		}
		return NotImplemented, nil
	}
	a, b := u[:], o[:]
	if reflected {
		a, b = b, a
	}
	c := strings.Compare(string(a), string(b))
	switch op {
	case "==":
		return Bool(c == 0), nil
	case "!=":
		return Bool(c != 0), nil
	case "<":
		return Bool(c < 0), nil
	case "<=":
		return Bool(c <= 0), nil
	case ">":
		return Bool(c > 0), nil
	case ">=":
		return Bool(c >= 0), nil
	}
	return NotImplemented, nil
}

// GetAttr implements Attrs.
func (u *UUIDValue) GetAttr(in *Interp, name string) (Value, error) {
	switch name {
	case "hex":
		return Str(hex.EncodeToString(u[:])), nil
	case "bytes":
		return Bytes(u[:]), nil
	case "urn":
		return Str("urn:uuid:" + u.String()), nil
	case "version":
		return Int(u[6] >> 4), nil
	}
	return nil, nil
}

func uuidModule(in *Interp) (*Module, error) {
	m := NewModule("uuid")
	m.Set("UUID", UUIDClass)
	m.Func("uuid4", func(in *Interp, a *Args) (Value, error) {
		var u UUIDValue
		_, _ = rand.Read(u[:])
		u[6] = u[6]&0x0f | 0x40
		u[8] = u[8]&0x3f | 0x80
		return &u, nil
	})
	for _, fn := range []string{"uuid1", "uuid3", "uuid5"} {
		fn := fn
		m.Func(fn, func(in *Interp, a *Args) (Value, error) {
			return &Opaque{What: "uuid." + fn + "()", Loc: a.Loc}, nil
		})
	}
	m.Set("NAMESPACE_DNS", &Opaque{What: "uuid.NAMESPACE_DNS"})
	return m, nil
}
