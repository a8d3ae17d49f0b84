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
		pk := m.table.t.IsPrimaryKey(c.colName())
		out = append(out, interp.NewTuple(interp.Str(key), interp.Str(c.colName()), interp.Bool(pk)))
	}
	return interp.NewList(out...), nil
}
