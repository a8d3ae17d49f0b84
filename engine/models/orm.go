package models

import (
	_ "embed"

	"retort/engine/interp"
)

// The ORM session data migrations use (sqlalchemy.orm.Session, Query,
// sessionmaker) is Python Retort carries (pyorm.py), run on the
// interpreter over the connection's Core statements; what it needs from the
// mapping, the columns of a mapped class, is _retort_mapped_columns.

//go:embed pyorm.py
var pyorm string

// ormNames are the sqlalchemy.orm names pyorm.py defines.
var ormNames = []string{"Session", "sessionmaker", "scoped_session", "Query", "NoResultFound", "MultipleResultsFound"}

// ormName returns one of pyorm.py's names.
func (l *Lib) ormName(name string) (interp.Value, error) {
	m, err := l.in.Import("_retort_orm", interp.Loc{})
	if err != nil {
		return nil, err
	}
	v, _ := m.Dict.Get(name)
	return v, nil
}

// mappedColumns is _retort_mapped_columns(cls): the (attribute, column,
// primary key) of each column a mapped class maps, or None.
func (l *Lib) mappedColumns(in *interp.Interp, a *interp.Args) (interp.Value, error) {
	if len(a.Pos) != 1 {
		return interp.None, nil
	}
	cls, ok := a.Pos[0].Value.(*interp.Class)
	if !ok {
		return interp.None, nil
	}
	m := mappingOf(cls)
	if m == nil || m.table == nil {
		return interp.None, nil
	}
	var out []interp.Value
	for _, c := range m.table.cols {
		key := c.key
		if key == "" {
			key = c.colName()
		}
		pk := c.primaryKey || m.table.t.IsPrimaryKey(c.colName())
		out = append(out, interp.NewTuple(interp.Str(key), interp.Str(c.colName()), interp.Bool(pk)))
	}
	return interp.NewList(out...), nil
}

// loadValue is _retort_load_value(cls, attr, value): a column's value as the
// ORM loads it: an Enum(SomeEnum) column's member for the stored name.
func (l *Lib) loadValue(in *interp.Interp, a *interp.Args) (interp.Value, error) {
	if len(a.Pos) != 3 {
		return interp.None, nil
	}
	v := a.Pos[2].Value
	cls, ok1 := a.Pos[0].Value.(*interp.Class)
	attr, ok2 := a.Pos[1].Value.(interp.Str)
	name, ok3 := v.(interp.Str)
	if !ok1 || !ok2 || !ok3 {
		return v, nil
	}
	m := mappingOf(cls)
	if m == nil || m.table == nil {
		return v, nil
	}
	for _, c := range m.table.cols {
		if c.key != string(attr) && c.colName() != string(attr) {
			continue
		}
		if c.typ == nil || c.typ.enumClass == nil {
			return v, nil
		}
		for _, mem := range interp.EnumMembers(c.typ.enumClass) {
			if mem.Name == string(name) {
				return mem, nil
			}
		}
	}
	return v, nil
}
