package models

// loc is a place in a module's source, kept as a byte offset: it becomes a Pos
// (a line and column, found by a search of the file's line starts) only when a
// message or a ColumnInfo needs one. The zero loc is the zero Pos.
type loc struct {
	m   *module // never a module with fixed set: module.loc maps those
	off int
}

// Pos returns the position.
func (l loc) Pos() Pos {
	if l.m == nil {
		return Pos{}
	}
	return l.m.pos(l.off)
}

// String formats the position as Pos does.
func (l loc) String() string { return l.Pos().String() }

// file is the position's file name.
func (l loc) file() string {
	if l.m == nil {
		return ""
	}
	return l.m.path
}

// loc returns the place of a byte offset of the module's source (of the
// string annotation's whole string for a module that has fixed set).
func (m *module) loc(off int) loc {
	if m.fixed != nil {
		return m.fixed[0]
	}
	return loc{m: m, off: off}
}
