package interp

import (
	"crypto/rand"
	"encoding/hex"
)

// uuidValue is a uuid.UUID that uuid.uuid4() made: random, as Python's.
type uuidValue struct{ b [16]byte }

func newUUID4() *uuidValue {
	u := &uuidValue{}
	_, _ = rand.Read(u.b[:])
	u.b[6] = u.b[6]&0x0f | 0x40 // version 4
	u.b[8] = u.b[8]&0x3f | 0x80 // RFC 4122 variant
	return u
}

// PyClass implements Object.
func (u *uuidValue) PyClass() *Class { return UUIDClass }

// HashKey implements Hasher.
func (u *uuidValue) HashKey() (any, error) { return u.b, nil }

// Str implements Stringer: 8-4-4-4-12 hex digits.
func (u *uuidValue) Str(in *Interp) (string, error) {
	h := hex.EncodeToString(u.b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:], nil
}

// Repr implements Reprer.
func (u *uuidValue) Repr(in *Interp) (string, error) {
	s, _ := u.Str(in)
	return "UUID('" + s + "')", nil
}

// GetAttr implements Attrs.
func (u *uuidValue) GetAttr(in *Interp, name string) (Value, error) {
	switch name {
	case "hex":
		return Str(hex.EncodeToString(u.b[:])), nil
	case "bytes":
		return Bytes(u.b[:]), nil
	case "version":
		return Int(4), nil
	}
	return nil, nil
}
