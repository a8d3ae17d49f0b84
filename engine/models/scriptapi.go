package models

import (
	"strings"

	"retort/engine/interp"
	"retort/engine/schema"
)

// What revision scripts' op.* calls read from the sqlalchemy objects they
// are given: op.create_table's columns and constraints, op.add_column's
// column, existing_type=, server_default=, a CHECK's condition.

// ScriptNaming is how Alembic's operations name what they build: with the
// naming convention of env.py's target_metadata when it is one MetaData
// (Alembic's schemaobj.metadata()), except names written op.f('name'),
// which are SQLAlchemy's conv() and taken as they are.
type ScriptNaming struct {
	Target interp.Value           // target_metadata; nil or a list: no convention
	Conv   func(name string) bool // whether name was written op.f(name)
}

// convention is the naming convention tables built under n follow.
func (n ScriptNaming) convention() convention {
	if m, ok := n.Target.(*metaObj); ok && len(m.conv.templates) > 0 {
		return m.conv
	}
	return defaultNamingConvention
}

// markConv marks the named constraints of tv whose names were written
// op.f(name).
func (n ScriptNaming) markConv(tv *tableObj) {
	if n.Conv == nil {
		return
	}
	for _, cv := range tv.cons {
		if cv.named && n.Conv(cv.name) {
			cv.conv = true
		}
	}
}

// TableFrom builds the table of op.create_table(name, *items, **kw): the
// columns and constraints as given (a Column's primary_key, unique, index
// and ForeignKey become the table's, as SQLAlchemy does), foreign keys
// naming "table.column" taken as written, names as naming gives them.
func (l *Lib) TableFrom(a *interp.Args, naming ScriptNaming) (*schema.Table, error) {
	t, _, err := l.TableValue(a, naming)
	return t, err
}

// TableValue is TableFrom with the Table object op.create_table returns to
// the script (for statements such as table.insert()).
func (l *Lib) TableValue(a *interp.Args, naming ScriptNaming) (*schema.Table, interp.Value, error) {
	meta := &metaObj{loc: a.Loc, detached: true}
	n := len(l.in.Errors())
	v := l.makeTable(&interp.Args{Pos: append([]interp.Arg{a.Pos[0], {Value: meta}}, a.Pos[1:]...), Kw: a.Kw, Loc: a.Loc, Func: a.Func}, nil)
	tv, ok := v.(*tableObj)
	if !ok || len(l.in.Errors()) > n {
		return nil, nil, interp.Reported()
	}
	for _, c := range tv.cols {
		if c.poisoned {
			return nil, nil, interp.Reported()
		}
		if c.typ == nil && len(c.fks) == 0 {
			return nil, nil, interp.Errorf(c.loc, "column '%s' has no type", c.colName())
		}
	}
	naming.markConv(tv)
	l.finalizeTable(tv, naming.convention())
	if len(l.in.Errors()) > n {
		return nil, nil, interp.Reported()
	}
	ddlDefaults(tv)
	if tv.autoinc {
		if tv.t.PrimaryKey == nil || len(tv.t.PrimaryKey.Columns) != 1 {
			return nil, nil, interp.Errorf(a.Loc, "sqlite_autoincrement=True needs a primary key of one INTEGER column")
		}
	}
	return tv.t, tv, nil
}

// ColumnFrom reads op.add_column's column (and, for a column with
// ForeignKey(...) or unique=True/index=True, what SQLAlchemy attaches to
// the table with it: Alembic's add_column creates those too).
func (l *Lib) ColumnFrom(a interp.Arg, table string, naming ScriptNaming) (*schema.Column, *schema.Table, error) {
	cv, ok := a.Value.(*columnObj)
	if !ok {
		if silent(a.Value) {
			return nil, nil, interp.Reported()
		}
		return nil, nil, interp.Errorf(a.Loc, "expected a column such as sa.Column('name', sa.String(50)), not %s", describe(a.Value))
	}
	if cv.poisoned {
		return nil, nil, interp.Reported()
	}
	if cv.colName() == "" {
		return nil, nil, interp.Errorf(cv.loc, "the column needs a name as its first argument")
	}
	if cv.typ == nil && len(cv.fks) == 0 {
		return nil, nil, interp.Errorf(cv.loc, "column '%s' has no type", cv.colName())
	}
	meta := &metaObj{loc: a.Loc, detached: true}
	tv := &tableObj{meta: meta, t: &schema.Table{Name: table}, loc: a.Loc, light: true}
	cp := *cv
	cp.table, cp.col = nil, nil
	if cp.key == "" {
		cp.key = cp.colName()
	}
	n := len(l.in.Errors())
	l.attachColumn(tv, &cp, nil)
	naming.markConv(tv)
	l.finalizeTable(tv, naming.convention())
	if len(l.in.Errors()) > n {
		return nil, nil, interp.Reported()
	}
	ddlDefaults(tv)
	return cp.col, tv.t, nil
}

// TypeFrom reads a type argument (type_=, existing_type=): an instance or a
// class (String, String(50), postgresql.UUID(), mysql.INTEGER(display_width=11)).
func (l *Lib) TypeFrom(a interp.Arg) (schema.Type, string, error) {
	t, reported := l.asType(a)
	if t == nil {
		if reported {
			return schema.Type{}, "", interp.Reported()
		}
		return schema.Type{}, "", interp.Errorf(a.Loc, "expected a column type such as sa.String(50), not %s", describe(a.Value))
	}
	st, collation := t.schemaType(l.opts.Dialect)
	return st, collation, nil
}

// DefaultFrom reads server_default= (a string, sa.text(...), a SQL
// expression) as the DEFAULT clause's SQL; ok is false for None.
func (l *Lib) DefaultFrom(a interp.Arg) (string, bool, error) {
	if isNone(a.Value) {
		return "", false, nil
	}
	cv := &columnObj{}
	n := len(l.in.Errors())
	if !l.serverDefault(cv, a) || len(l.in.Errors()) > n {
		return "", false, interp.Reported()
	}
	return cv.ddlDefault(), cv.hasServer, nil
}

// ddlDefault is the column's DEFAULT clause as SQLAlchemy's DDL writes it
// (columnObj.serverDDL).
func (cv *columnObj) ddlDefault() string {
	if cv.serverDDL != "" {
		return cv.serverDDL
	}
	return cv.serverDefault
}

// ddlDefaults gives a script's table the server defaults SQLAlchemy's DDL
// writes (op.create_table runs CREATE TABLE as SQLAlchemy compiles it),
// where the models keep the text Alembic would render.
func ddlDefaults(tv *tableObj) {
	for _, cv := range tv.cols {
		if cv.col != nil && cv.hasServer {
			cv.col.ServerDefault = cv.ddlDefault()
		}
	}
}

// ExprSQL reads a SQL condition or expression (a string, sa.text(...),
// sa.column('x') > 5): a CHECK's condition, sqlite_where=, an index's
// expression.
func (l *Lib) ExprSQL(a interp.Arg) (string, error) {
	switch v := exprOrValue(a.Value).(type) {
	case interp.Str:
		return string(v), nil
	case *sqlExpr:
		return v.sql(false)
	case *columnObj:
		return v.colName(), nil
	case interp.Poison:
		return "", interp.Reported()
	case *interp.Undefined:
		return "", interp.Errorf(v.Loc, "%s", v.Msg)
	}
	return "", interp.Errorf(a.Loc, "expected SQL (a string or sa.text('...')), not %s", describe(a.Value))
}

// IsSQL reports whether v is a SQL expression or a Core statement (what
// op.execute takes besides a string).
func IsSQL(v interp.Value) bool {
	switch v.(type) {
	case *sqlExpr, *textExpr, *stmtObj:
		return true
	}
	return false
}

// ColumnName returns the name of a column object (a Column or sa.column()),
// for APIs that take columns or their names.
func ColumnName(v interp.Value) (string, bool) {
	switch c := v.(type) {
	case *columnObj:
		return c.colName(), true
	case interp.Str:
		return string(c), true
	}
	return "", false
}

// TypeValue makes a SQLAlchemy type object for a schema type (the types an
// inspector returns).
func (l *Lib) TypeValue(t schema.Type) interp.Value {
	name := t.Name
	cls := l.typeClasses[name]
	if cls == nil {
		if t.Dialect != "" {
			if v, ok := l.dialectName(t.Dialect, name); ok {
				cls, _ = v.(*interp.Class)
			}
		}
		if cls == nil {
			cls = l.newTypeClass(strings.ToUpper(name), "", anySpec)
		}
	}
	return &typeObj{cls: cls, t: t.Clone()}
}

// Literal is op.inline_literal(value): the value as a SQL literal.
func (l *Lib) Literal(a interp.Arg) (interp.Value, error) {
	e, ok := toExpr(a.Value)
	if !ok {
		return nil, interp.Errorf(a.Loc, "inline_literal(): Retort cannot turn %s into SQL", interp.Describe(a.Value))
	}
	// An enum member's type is not inferred: values() binds it with the
	// column's (value keeps it for that).
	return &sqlExpr{kind: exprLiteral, text: mustSQL(e), value: a.Value}, nil
}

func mustSQL(e *sqlExpr) string {
	s, err := e.sql(false)
	if err != nil {
		return "NULL"
	}
	return s
}
