package models

import (
	"fmt"
	"slices"
	"strings"
)

// dialectPrefixes are the dialect names SQLAlchemy accepts as keyword prefixes
// (sqlite_where=, postgresql_using=): such keywords are passed over, except the
// SQLite ones Retort does not know.
var dialectPrefixes = []string{"sqlite_", "postgresql_", "mysql_", "mariadb_", "mssql_", "oracle_"}

// binding holds a call's arguments by parameter name (a few, so a list).
type binding []boundArg

type boundArg struct {
	name string
	a    *arg
}

// get returns the argument bound to name, or nil.
func (b binding) get(name string) *arg {
	for i := range b {
		if b[i].name == name {
			return b[i].a
		}
	}
	return nil
}

// set binds name to a.
func (b *binding) set(name string, a *arg) {
	for i := range *b {
		if (*b)[i].name == name {
			(*b)[i].a = a
			return
		}
	}
	*b = append(*b, boundArg{name, a})
}

// bindArgs matches a call's arguments to a Python signature: params may be given by
// position or keyword, kwonly by keyword only; variadic (when not "") collects
// extra positionals. Dialect keywords (sqlite_*) are accepted when sqliteKw
// lists them. It reports a mistake and returns ok=false when the arguments do
// not fit.
func (ev *evaluator) bindArgs(c *callInfo, fn string, params, kwonly []string, variadic string, sqliteKw []string) (b binding, rest []*arg, ok bool) {
	b = make(binding, 0, len(c.args)+len(c.kwargs))
	if variadic != "" && len(c.args) > len(params) {
		rest = make([]*arg, 0, len(c.args)-len(params))
	}
	ok = true
	for i, a := range c.args {
		if i < len(params) {
			b = append(b, boundArg{params[i], a})
			continue
		}
		if variadic != "" {
			rest = append(rest, a)
			continue
		}
		if !c.star {
			ev.errorAt(a, "%s() takes at most %d positional argument%s (%d given)", fn, len(params), plural(len(params)), len(c.args))
		}
		return b, rest, false
	}
	for _, a := range c.kwargs {
		name := a.name
		if slices.Contains(params, name) || slices.Contains(kwonly, name) {
			if b.get(name) != nil {
				ev.errorf(a.namePos, a.nameEnd, "%s() got multiple values for argument '%s'", fn, name)
				ok = false
				continue
			}
			b.set(name, a)
			continue
		}
		if strings.HasPrefix(name, "sqlite_") {
			if slices.Contains(sqliteKw, name) {
				b.set(name, a)
				continue
			}
			hint := didYouMean(name, sqliteKw)
			ev.errorf(a.namePos, a.nameEnd, "%s() got an unexpected keyword argument '%s' (SQLite's dialect does not accept it)%s", fn, name, hint)
			ok = false
			continue
		}
		if hasDialectPrefix(name) && sqliteKw != nil {
			continue
		}
		all := append(slices.Clone(params), kwonly...)
		all = append(all, sqliteKw...)
		ev.errorf(a.namePos, a.nameEnd, "%s() got an unexpected keyword argument '%s'%s", fn, name, didYouMean(name, all))
		ok = false
	}
	return b, rest, ok
}

func hasDialectPrefix(name string) bool {
	for _, p := range dialectPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// wantBool reads a True/False argument. None counts as False.
func (ev *evaluator) wantBool(a *arg, what string) (v bool, ok bool) {
	switch x := ev.val(a).(type) {
	case boolVal:
		return bool(x), true
	case noneVal:
		return false, true
	case intVal:
		if x == 0 || x == 1 {
			return x == 1, true
		}
	case poisonVal:
		return false, false
	}
	ev.errorAt(a, "%s must be True or False, not %s", what, describe(a.val))
	return false, false
}

// wantStr reads a string argument; none reports whether None was given.
func (ev *evaluator) wantStr(a *arg, what string, noneOK bool) (s string, none, ok bool) {
	switch x := ev.val(a).(type) {
	case strVal:
		return string(x), false, true
	case noneVal:
		if noneOK {
			return "", true, true
		}
	case poisonVal:
		return "", false, false
	}
	ev.errorAt(a, "%s must be a string, not %s", what, describe(a.val))
	return "", false, false
}

// wantInt reads an integer argument (None allowed when noneOK); an error
// names it what+whatSuffix ("String" " length"), joined only then.
func (ev *evaluator) wantInt(a *arg, what, whatSuffix string, noneOK bool) (n int, none, ok bool) {
	switch x := ev.val(a).(type) {
	case intVal:
		if x >= 0 && x < 1<<31 {
			return int(x), false, true
		}
	case noneVal:
		if noneOK {
			return 0, true, true
		}
	case poisonVal:
		return 0, false, false
	}
	ev.errorAt(a, "%s%s must be a whole number, not %s", what, whatSuffix, describe(a.val))
	return 0, false, false
}

// callExtern calls something imported from outside the project.
func (ev *evaluator) callExtern(fn externVal, c *callInfo) value {
	sa, isSA := saName(fn.path)
	if isSA {
		if spec, ok := typeSpecs[sa]; ok {
			if strings.Contains(fn.path, ".dialects.sqlite.") {
				if s, ok := sqliteTypeSpecs[sa]; ok {
					spec = s
				}
			}
			return ev.makeType(sa, spec, c)
		}
		switch sa {
		case "Column":
			return ev.makeColumn(c, false)
		case "mapped_column":
			return ev.makeColumn(c, true)
		case "ForeignKey":
			return ev.makeForeignKey(c)
		case "UniqueConstraint", "PrimaryKeyConstraint", "CheckConstraint", "ForeignKeyConstraint", "Index":
			return ev.makeConstraint(sa, c)
		case "Table":
			return ev.makeTable(c)
		case "MetaData":
			return ev.makeMetaData(c)
		case "declarative_base":
			return ev.makeDeclarativeBase(c)
		case "registry":
			return ev.makeRegistry(c)
		case "text":
			return ev.makeText(c, false)
		case "literal_column":
			return ev.makeText(c, true)
		case "null":
			return sqlVal{sql: "NULL", columnElement: true}
		case "true":
			return sqlVal{sql: "1", columnElement: true}
		case "false":
			return sqlVal{sql: "0", columnElement: true}
		case "literal":
			if len(c.args) > 0 {
				if s, ok := sqlLiteral(c.args[0].val); ok {
					return sqlVal{sql: s, columnElement: true}
				}
			}
			return opaqueVal{what: "literal()"}
		case "relationship", "backref", "column_property", "synonym", "deferred", "composite",
			"association_proxy", "query_expression", "dynamic_loader", "hybrid_property",
			"hybrid_method", "declared_attr", "validates", "with_polymorphic":
			return skipVal{}
		case "Computed":
			ev.errorf(c.pos, c.end, "Computed columns are not supported by Retort")
			return poisonVal{}
		case "Sequence", "Identity", "FetchedValue", "DefaultClause":
			return opaqueVal{what: sa + "()"}
		case "as_declarative":
			return opaqueVal{what: "as_declarative()"}
		}
		return opaqueVal{what: "sqlalchemy." + sa + "(...)", sa: sa, pos: c.pos, end: c.fnEnd}
	}
	name := canon(fn.path)
	switch name {
	case "builtins.dict":
		d := &dictVal{}
		for _, kw := range c.kwargs {
			d.keys = append(d.keys, &arg{val: strVal(kw.name), pos: kw.namePos, end: kw.nameEnd, src: kw.name})
			d.vals = append(d.vals, kw)
		}
		if len(c.args) == 0 && !c.star {
			return d
		}
	case "builtins.tuple", "builtins.list":
		if len(c.args) == 1 {
			if t, ok := c.args[0].val.(*tupleVal); ok {
				return &tupleVal{items: t.items, list: name == "builtins.list"}
			}
		}
		if len(c.args) == 0 {
			return &tupleVal{list: name == "builtins.list"}
		}
	case "enum.auto":
		return opaqueVal{what: "auto()"}
	}
	return opaqueVal{what: fn.path + "(...)"}
}

// sqlLiteral renders a Python constant as a SQL literal (literal_binds).
func sqlLiteral(v value) (string, bool) {
	switch v := v.(type) {
	case strVal:
		return sqlQuote(string(v)), true
	case intVal:
		return fmt.Sprint(int64(v)), true
	case floatVal:
		return fmt.Sprint(float64(v)), true
	case boolVal:
		if v {
			return "1", true
		}
		return "0", true
	case noneVal:
		return "NULL", true
	case sqlVal:
		return v.sql, true
	case *columnVal:
		return v.colName(), true
	}
	return "", false
}

// colName is the column's name as far as it is known.
func (cv *columnVal) colName() string {
	if cv.col != nil {
		return cv.col.Name
	}
	if cv.name != "" {
		return cv.name
	}
	return cv.key
}

func (ev *evaluator) makeText(c *callInfo, columnElement bool) value {
	fn := "text"
	if columnElement {
		fn = "literal_column"
	}
	b, _, ok := ev.bindArgs(c, fn, []string{"text"}, []string{"type_"}, "", nil)
	if !ok {
		return poisonVal{}
	}
	a := b.get("text")
	if a == nil {
		if !c.star {
			ev.errorf(c.pos, c.end, "%s() missing 1 required positional argument: 'text'", fn)
		}
		return poisonVal{}
	}
	s, _, ok := ev.wantStr(a, fn+"() text", false)
	if !ok {
		return poisonVal{}
	}
	return sqlVal{sql: s, columnElement: columnElement}
}

// callSQLFunc renders func.name(args) as SQLAlchemy's SQLite compiler does.
func (ev *evaluator) callSQLFunc(f sqlFuncVal, c *callInfo) value {
	switch strings.ToLower(f.name) {
	case "now", "current_timestamp":
		return sqlVal{sql: "CURRENT_TIMESTAMP", columnElement: true}
	case "current_date":
		return sqlVal{sql: "CURRENT_DATE", columnElement: true}
	case "current_time":
		return sqlVal{sql: "CURRENT_TIME", columnElement: true}
	case "localtimestamp", "localtime":
		return sqlVal{sql: `DATETIME(CURRENT_TIMESTAMP, "localtime")`, columnElement: true}
	}
	name := f.name
	if strings.ToLower(name) == "char_length" {
		name = "length"
	}
	parts := make([]string, 0, len(c.args))
	for _, a := range c.args {
		v := ev.val(a)
		if silent(v) {
			return poisonVal{}
		}
		s, ok := sqlLiteral(v)
		if !ok {
			ev.errorAt(a, "func.%s(): Retort cannot turn %s into SQL", f.name, describe(v))
			return poisonVal{}
		}
		parts = append(parts, s)
	}
	return sqlVal{sql: name + "(" + strings.Join(parts, ", ") + ")", columnElement: true}
}

// callMethod calls a method of a value Retort knows.
func (ev *evaluator) callMethod(m methodVal, c *callInfo) value {
	switch recv := m.recv.(type) {
	case *columnVal, sqlVal:
		s, _ := sqlLiteral(recv)
		switch m.name {
		case "desc":
			return sqlVal{sql: s + " DESC", columnElement: true}
		case "asc":
			return sqlVal{sql: s + " ASC", columnElement: true}
		case "collate":
			if len(c.args) == 1 {
				if coll, ok := c.args[0].val.(strVal); ok {
					return sqlVal{sql: s + " COLLATE " + string(coll), columnElement: true}
				}
			}
		}
	case *registryVal:
		switch m.name {
		case "generate_base":
			return ev.newBase("Base", recv.meta, recv.typeMap, c.pos)
		case "mapped":
			return methodVal{recv: recv, name: "mapped"}
		}
	case strVal:
		switch m.name {
		case "lower":
			return strVal(strings.ToLower(string(recv)))
		case "upper":
			return strVal(strings.ToUpper(string(recv)))
		}
	}
	return opaqueVal{what: m.name + "()"}
}
