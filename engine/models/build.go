package models

import (
	"slices"
	"strings"
	"unicode"

	"retort/engine/schema"
)

// knownSANonTypes are names sqlalchemy exports that are not column types:
// a capitalized sqlalchemy name outside typeSpecs and this list is taken for a
// misspelt type.
var knownSANonTypes = []string{
	"Column", "ForeignKey", "ForeignKeyConstraint", "UniqueConstraint", "PrimaryKeyConstraint",
	"CheckConstraint", "Index", "Table", "MetaData", "Sequence", "Identity", "Computed",
	"FetchedValue", "DefaultClause", "Mapped", "DeclarativeBase", "DeclarativeBaseNoMeta",
	"MappedAsDataclass", "TypeDecorator", "PickleType", "ARRAY", "TupleType", "NullType",
}

// asType reads a column type argument: String(50), Integer, sa.Enum(Status).
// reported is true when a is a mistake that has been reported (a misspelt type).
func (ev *evaluator) asType(a *arg) (tv *typeVal, reported bool) {
	switch v := a.val.(type) {
	case *typeVal:
		return v, false
	case externVal:
		if sa, ok := saName(v.path); ok {
			if spec, ok := typeSpecs[sa]; ok {
				// A type class given without a call (Integer) is its instance
				// with no arguments, the same every time: typeVals are not
				// changed once made, so columns share it.
				if t := ev.bareTypes[sa]; t != nil {
					return t, false
				}
				if t, ok := ev.makeType(sa, spec, &callInfo{pos: a.pos, end: a.end}).(*typeVal); ok {
					if ev.bareTypes == nil {
						ev.bareTypes = map[string]*typeVal{}
					}
					ev.bareTypes[sa] = t
					return t, false
				}
				return nil, true
			}
			if isSAModule(v.path) || slices.Contains(knownSANonTypes, sa) || !startsUpper(sa) {
				return nil, false
			}
			ev.errorAt(a, "unknown column type '%s'%s", sa, didYouMean(sa, typeNames))
			return nil, true
		}
		if t, ok := annotationTypes[canon(v.path)]; ok {
			ev.errorAt(a, "%s is a Python type, not a column type — did you mean %s?", a.src, t)
			return nil, true
		}
	case opaqueVal:
		if v.sa != "" && startsUpper(v.sa) && !slices.Contains(knownSANonTypes, v.sa) {
			ev.errorf(v.pos, v.end, "unknown column type '%s'%s", v.sa, didYouMean(v.sa, typeNames))
			return nil, true
		}
	case *undefinedVal:
		if v.handled {
			return nil, true
		}
		v.handled = true
		ev.errorf(v.pos, v.end, "unknown column type '%s'%s", v.name, didYouMean(v.name, typeNames))
		return nil, true
	case *classVal:
		if v.typeImpl != nil {
			return v.typeImpl, false
		}
	case poisonVal:
		return nil, true
	}
	return nil, false
}

func startsUpper(s string) bool {
	for _, r := range s {
		return unicode.IsUpper(r)
	}
	return false
}

// makeType builds a type from a call of a SQLAlchemy type class.
func (ev *evaluator) makeType(name string, spec typeSpec, c *callInfo) value {
	variadic := ""
	if spec.shape == shapeEnum {
		variadic = "enums"
	}
	b, rest, ok := ev.bindArgs(c, name, spec.params, spec.kwonly, variadic, nil)
	if !ok {
		return poisonVal{}
	}
	tv := &typeVal{t: schema.Type{Name: name}}
	switch spec.shape {
	case shapeLength, shapeBinary:
		if a := b.get("length"); a != nil {
			n, none, ok := ev.wantInt(a, name, " length", true)
			if !ok {
				return poisonVal{}
			}
			if !none {
				tv.t.Args = []int{n}
			}
		}
		if a := b.get("collation"); a != nil {
			s, _, ok := ev.wantStr(a, "collation", true)
			if !ok {
				return poisonVal{}
			}
			tv.collation = s
		}
	case shapeNumeric, shapeFloat:
		if a := b.get("precision"); a != nil {
			n, none, ok := ev.wantInt(a, name, " precision", true)
			if !ok {
				return poisonVal{}
			}
			if !none {
				tv.t.Args = []int{n}
			}
		}
		if a := b.get("scale"); a != nil {
			n, none, ok := ev.wantInt(a, name, " scale", true)
			if !ok {
				return poisonVal{}
			}
			if !none && len(tv.t.Args) == 1 {
				tv.t.Args = append(tv.t.Args, n)
			}
		}
	case shapeTimezone:
		if a := b.get("timezone"); a != nil {
			tz, ok := ev.wantBool(a, "timezone")
			if !ok {
				return poisonVal{}
			}
			tv.t.Timezone = tz
		}
	case shapeBoolean:
		if a := b.get("create_constraint"); a != nil {
			cc, ok := ev.wantBool(a, "create_constraint")
			if !ok {
				return poisonVal{}
			}
			tv.createConstraint = cc
		}
		if a := b.get("name"); a != nil {
			s, _, ok := ev.wantStr(a, "name", true)
			if !ok {
				return poisonVal{}
			}
			tv.constraintName = s
		}
	case shapeEnum:
		if !ev.enumValues(tv, rest, b, c) {
			return poisonVal{}
		}
	}
	return tv
}

// enumValues fills an Enum type from its arguments: string labels, or one enum
// class (whose member names SQLAlchemy stores, and whose lowercased name is the
// type's name unless name= says otherwise).
func (ev *evaluator) enumValues(tv *typeVal, rest []*arg, b binding, c *callInfo) bool {
	var class *classVal
	for i, a := range rest {
		switch v := ev.val(a).(type) {
		case strVal:
			tv.t.Enum = append(tv.t.Enum, string(v))
		case *classVal:
			if v.enum == nil || i > 0 || len(rest) > 1 {
				ev.errorAt(a, "Enum() takes string labels or one enum.Enum class, not %s", describe(v))
				return false
			}
			class = v
		case poisonVal:
			return false
		default:
			ev.errorAt(a, "Enum() takes string labels or one enum.Enum class, not %s", describe(v))
			return false
		}
	}
	if class != nil {
		byValue := false
		if a := b.get("values_callable"); a != nil {
			m, ok := matchValuesCallable(strings.TrimSpace(a.src))
			if !ok || m.value != m.forVar || m.arg != m.in {
				ev.errorAt(a, "Retort understands values_callable=lambda x: [e.value for e in x] only")
				return false
			}
			byValue = true
		}
		for _, m := range class.enum.members {
			if !byValue {
				tv.t.Enum = append(tv.t.Enum, m.name)
				continue
			}
			switch v := m.val.(type) {
			case strVal:
				tv.t.Enum = append(tv.t.Enum, string(v))
			case intVal, floatVal:
				s, _ := sqlLiteral(v)
				tv.t.Enum = append(tv.t.Enum, s)
			default:
				ev.errorf(m.pos, m.end, "Retort cannot tell the value of enum member %s.%s", class.name, m.name)
				return false
			}
		}
		tv.t.EnumName = strings.ToLower(class.name)
	}
	if a := b.get("name"); a != nil {
		s, none, ok := ev.wantStr(a, "Enum name", true)
		if !ok {
			return false
		}
		if !none {
			tv.t.EnumName = s
		} else if class == nil {
			tv.t.EnumName = ""
		}
	}
	if a := b.get("create_constraint"); a != nil {
		cc, ok := ev.wantBool(a, "create_constraint")
		if !ok {
			return false
		}
		tv.createConstraint = cc
	}
	return true
}

var (
	columnKw = []string{
		"name", "type_", "autoincrement", "default", "insert_default", "doc", "key", "index",
		"info", "nullable", "onupdate", "primary_key", "server_default", "server_onupdate",
		"quote", "system", "comment", "unique", "insert_sentinel",
	}
	mappedColumnKw = append(slices.Clone(columnKw),
		"init", "repr", "default_factory", "compare", "kw_only", "hash", "deferred",
		"deferred_group", "deferred_raiseload", "use_existing_column", "active_history",
		"dataclass_metadata", "sort_order",
	)
	columnSQLiteKw = []string{"sqlite_on_conflict_not_null", "sqlite_on_conflict_primary_key", "sqlite_on_conflict_unique"}
)

// makeColumn builds Column(...) or mapped_column(...).
func (ev *evaluator) makeColumn(c *callInfo, mapped bool) value {
	fn := "Column"
	kw := columnKw
	if mapped {
		fn, kw = "mapped_column", mappedColumnKw
	}
	b, rest, ok := ev.bindArgs(c, fn, nil, kw, "args", columnSQLiteKw)
	cv := &columnVal{mapped: mapped, pos: c.pos, end: c.end, poisoned: !ok}
	// As Column.__init__: a leading string is the name, then a type, then
	// schema items (ForeignKey, CheckConstraint, Sequence, ...).
	if len(rest) > 0 {
		switch v := rest[0].val.(type) {
		case strVal:
			cv.name = string(v)
			rest = rest[1:]
		case noneVal:
			rest = rest[1:]
		}
	}
	if len(rest) > 0 {
		if _, none := rest[0].val.(noneVal); none {
			rest = rest[1:]
		} else if tv, reported := ev.asType(rest[0]); tv != nil || reported {
			cv.typ = tv
			cv.poisoned = cv.poisoned || reported
			rest = rest[1:]
		}
	}
	for _, a := range rest {
		switch v := ev.val(a).(type) {
		case *fkVal:
			cv.fks = append(cv.fks, v)
		case *constraintVal:
			if v.kind != kindCheck {
				ev.errorAt(a, "%s() takes a CheckConstraint among its arguments, not %s", fn, describe(v))
				cv.poisoned = true
				continue
			}
			cv.checks = append(cv.checks, v)
		case opaqueVal:
			if strings.HasSuffix(v.what, "()") && slices.Contains([]string{"Sequence()", "Identity()", "FetchedValue()", "DefaultClause()"}, v.what) {
				continue // no effect on SQLite's schema
			}
			if tv, reported := ev.asType(a); tv != nil || reported {
				if tv != nil {
					ev.errorAt(a, "%s(): the type must come first (after the column's name)", fn)
				}
				cv.poisoned = true
				continue
			}
			ev.errorAt(a, "%s() does not take %s as an argument", fn, describe(v))
			cv.poisoned = true
		case poisonVal:
			cv.poisoned = true
		case strVal:
			ev.errorAt(a, "%s(): the column's name must be the first argument", fn)
			cv.poisoned = true
		default:
			if tv, reported := ev.asType(a); tv != nil || reported {
				if tv != nil {
					ev.errorAt(a, "%s(): the type must come first (after the column's name)", fn)
				}
				cv.poisoned = true
				continue
			}
			ev.errorAt(a, "%s() does not take %s as an argument", fn, describe(v))
			cv.poisoned = true
		}
	}
	if a := b.get("name"); a != nil {
		if cv.name != "" {
			ev.errorf(a.namePos, a.nameEnd, "%s(): may not pass name positionally and as a keyword", fn)
			cv.poisoned = true
		} else if s, none, ok := ev.wantStr(a, "name", true); ok && !none {
			cv.name = s
		} else if !ok {
			cv.poisoned = true
		}
	}
	if a := b.get("type_"); a != nil {
		if cv.typ != nil {
			ev.errorf(a.namePos, a.nameEnd, "%s(): may not pass type_ positionally and as a keyword", fn)
			cv.poisoned = true
		} else if tv, reported := ev.asType(a); tv != nil {
			cv.typ = tv
		} else if !reported {
			if _, none := a.val.(noneVal); !none && !silent(ev.val(a)) {
				ev.errorAt(a, "type_ must be a column type such as String(50), not %s", describe(a.val))
			}
			cv.poisoned = true
		} else {
			cv.poisoned = true
		}
	}
	flag := func(key string, dst *bool) (given bool) {
		a := b.get(key)
		if a == nil {
			return false
		}
		if _, none := a.val.(noneVal); none {
			return false
		}
		v, ok := ev.wantBool(a, key)
		if !ok {
			cv.poisoned = true
			return false
		}
		*dst = v
		return true
	}
	flag("primary_key", &cv.primaryKey)
	var nullable bool
	if flag("nullable", &nullable) {
		cv.nullable = &nullable
	}
	cv.uniqueGiven = flag("unique", &cv.unique)
	flag("index", &cv.index)
	if a := b.get("server_default"); a != nil {
		switch v := ev.val(a).(type) {
		case strVal:
			cv.serverDefault, cv.hasServer = sqlQuote(string(v)), true
		case sqlVal:
			cv.serverDefault, cv.hasServer = serverDefaultSQL(v.sql), true
		case noneVal:
		case opaqueVal:
			if v.what != "FetchedValue()" && v.what != "DefaultClause()" {
				ev.errorAt(a, "server_default must be a string, text(...) or a SQL function such as func.now(), not %s", describe(v))
				cv.poisoned = true
			}
		case poisonVal:
			cv.poisoned = true
		case intVal, floatVal, boolVal:
			lit, _ := sqlLiteral(v)
			ev.errorAt(a, "server_default must be a string or text(...), not %s — did you mean server_default=%s or text(%s)?", describe(v), pyQuote(lit), pyQuote(lit))
			cv.poisoned = true
		default:
			ev.errorAt(a, "server_default must be a string, text(...) or a SQL function such as func.now(), not %s", describe(v))
			cv.poisoned = true
		}
	}
	if a := b.get("comment"); a != nil {
		if s, _, ok := ev.wantStr(a, "comment", true); ok {
			cv.comment = s
		} else {
			cv.poisoned = true
		}
	}
	if a := b.get("key"); a != nil {
		if s, none, ok := ev.wantStr(a, "key", true); ok && !none {
			cv.key = s
		}
	}
	if a := b.get("sort_order"); a != nil {
		if n, none, ok := ev.wantInt(a, "sort_order", "", true); ok && !none {
			cv.sortOrder = n
		}
	}
	for _, k := range []string{"default", "insert_default", "default_factory"} {
		if a := b.get(k); a != nil && cv.defaultSrc == "" {
			if _, none := a.val.(noneVal); !none || k != "default" {
				cv.defaultSrc = a.src
			}
			ev.val(a) // a missing name is still a mistake
		}
	}
	if a := b.get("onupdate"); a != nil {
		cv.onUpdateSrc = a.src
		ev.val(a)
	}
	return cv
}

var fkActions = []string{"CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT", "NO ACTION"}

// fkAction reads ondelete= / onupdate=, checked as SQLAlchemy's DDL compiler does.
func (ev *evaluator) fkAction(a *arg, what string) (string, bool) {
	s, none, ok := ev.wantStr(a, what, true)
	if !ok || none {
		return "", ok
	}
	norm := strings.Join(strings.Fields(strings.ToUpper(s)), " ")
	if !slices.Contains(fkActions, norm) {
		ev.errorAt(a, "%s=%s is not one of CASCADE, SET NULL, SET DEFAULT, RESTRICT, NO ACTION%s", what, pyQuote(s), didYouMean(norm, fkActions))
		return "", false
	}
	return s, true
}

// deferrable composes DEFERRABLE / INITIALLY text.
func (ev *evaluator) deferrable(b binding) (string, bool) {
	var parts []string
	if a := b.get("deferrable"); a != nil {
		if _, none := a.val.(noneVal); !none {
			d, ok := ev.wantBool(a, "deferrable")
			if !ok {
				return "", false
			}
			if d {
				parts = append(parts, "DEFERRABLE")
			} else {
				parts = append(parts, "NOT DEFERRABLE")
			}
		}
	}
	if a := b.get("initially"); a != nil {
		s, none, ok := ev.wantStr(a, "initially", true)
		if !ok {
			return "", false
		}
		if !none {
			parts = append(parts, "INITIALLY "+strings.ToUpper(s))
		}
	}
	return strings.Join(parts, " "), true
}

var fkKw = []string{"_constraint", "use_alter", "name", "onupdate", "ondelete", "deferrable", "initially", "link_to_name", "match", "info", "comment", "_unresolvable"}

// makeForeignKey builds ForeignKey("table.column") or ForeignKey(Model.attr).
func (ev *evaluator) makeForeignKey(c *callInfo) value {
	b, _, ok := ev.bindArgs(c, "ForeignKey", []string{"column"}, fkKw, "", []string{})
	if !ok {
		return poisonVal{}
	}
	a := b.get("column")
	if a == nil {
		if !c.star {
			ev.errorf(c.pos, c.end, "ForeignKey() missing 1 required positional argument: 'column'")
		}
		return poisonVal{}
	}
	fk := &fkVal{pos: a.pos, end: a.end}
	switch v := ev.val(a).(type) {
	case strVal:
		s := string(v)
		if strings.Count(s, ".") < 1 {
			ev.errorAt(a, "foreign key %s must name a table and a column, as 'users.id'", pyQuote(s))
			return poisonVal{}
		}
		fk.target = s
	case *columnVal:
		fk.col = v
	case poisonVal:
		return poisonVal{}
	default:
		ev.errorAt(a, "ForeignKey() takes 'table.column' or a column such as User.id, not %s", describe(v))
		return poisonVal{}
	}
	if !ev.fkOptions(b, &fk.name, &fk.named, &fk.onDelete, &fk.onUpdate, &fk.deferr) {
		return poisonVal{}
	}
	return fk
}

func (ev *evaluator) fkOptions(b binding, name *string, named *bool, onDelete, onUpdate, deferr *string) bool {
	ok := true
	if a := b.get("name"); a != nil {
		s, none, good := ev.wantStr(a, "name", true)
		ok = ok && good
		*name, *named = s, good && !none
	}
	if a := b.get("ondelete"); a != nil {
		s, good := ev.fkAction(a, "ondelete")
		ok = ok && good
		*onDelete = s
	}
	if a := b.get("onupdate"); a != nil {
		s, good := ev.fkAction(a, "onupdate")
		ok = ok && good
		*onUpdate = s
	}
	d, good := ev.deferrable(b)
	*deferr = d
	return ok && good
}

// colRefFromArg reads a constraint's column: a name, a column, or (for an index)
// an expression.
func (ev *evaluator) colRefFromArg(a *arg, fn string, exprOK bool) (*colRef, bool) {
	switch v := ev.val(a).(type) {
	case strVal:
		return &colRef{name: string(v), pos: a.pos, end: a.end}, true
	case *columnVal:
		return &colRef{col: v, pos: a.pos, end: a.end}, true
	case sqlVal:
		if exprOK {
			return &colRef{expr: v.sql, pos: a.pos, end: a.end}, true
		}
	case poisonVal:
		return nil, false
	}
	ev.errorAt(a, "%s() takes column names or columns, not %s", fn, describe(a.val))
	return nil, false
}

// makeConstraint builds UniqueConstraint, PrimaryKeyConstraint, CheckConstraint,
// ForeignKeyConstraint and Index.
func (ev *evaluator) makeConstraint(fn string, c *callInfo) value {
	cv := &constraintVal{pos: c.pos, end: c.end}
	var (
		b    binding
		rest []*arg
		ok   bool
	)
	common := []string{"name", "deferrable", "initially", "info", "comment", "_autoattach", "_column_flag"}
	switch fn {
	case "UniqueConstraint":
		cv.kind = kindUnique
		b, rest, ok = ev.bindArgs(c, fn, nil, common, "columns", []string{"sqlite_on_conflict"})
	case "PrimaryKeyConstraint":
		cv.kind = kindPrimaryKey
		b, rest, ok = ev.bindArgs(c, fn, nil, append(common, "_implicit_generated"), "columns", []string{"sqlite_on_conflict"})
	case "CheckConstraint":
		cv.kind = kindCheck
		b, _, ok = ev.bindArgs(c, fn, []string{"sqltext", "name", "deferrable", "initially", "table", "info", "_create_rule", "_autoattach", "_type_bound"}, []string{"comment"}, "", []string{})
	case "ForeignKeyConstraint":
		cv.kind = kindForeignKey
		b, _, ok = ev.bindArgs(c, fn, []string{"columns", "refcolumns", "name", "onupdate", "ondelete", "deferrable", "initially", "use_alter", "link_to_name", "match", "table", "info", "comment"}, nil, "", []string{})
	case "Index":
		cv.kind = kindIndex
		b, rest, ok = ev.bindArgs(c, fn, []string{"name"}, []string{"unique", "quote", "info", "_table", "_column_flag"}, "expressions", []string{"sqlite_where"})
	}
	if !ok {
		return poisonVal{}
	}
	if a := b.get("name"); a != nil {
		s, none, good := ev.wantStr(a, fn+" name", true)
		if !good {
			return poisonVal{}
		}
		cv.name, cv.named = s, !none
	} else if fn == "Index" && !c.star {
		ev.errorf(c.pos, c.end, "Index() missing 1 required positional argument: 'name'")
		return poisonVal{}
	}
	for _, a := range rest {
		r, good := ev.colRefFromArg(a, fn, fn == "Index")
		if !good {
			ok = false
			continue
		}
		cv.cols = append(cv.cols, r)
	}
	switch fn {
	case "CheckConstraint":
		a := b.get("sqltext")
		if a == nil {
			if !c.star {
				ev.errorf(c.pos, c.end, "CheckConstraint() missing 1 required positional argument: 'sqltext'")
			}
			return poisonVal{}
		}
		switch v := ev.val(a).(type) {
		case strVal:
			cv.sql = string(v)
		case sqlVal:
			cv.sql = v.sql
		case poisonVal:
			return poisonVal{}
		default:
			ev.errorAt(a, "CheckConstraint() takes the SQL of the check as a string, not %s", describe(v))
			return poisonVal{}
		}
	case "ForeignKeyConstraint":
		cols, refs := b.get("columns"), b.get("refcolumns")
		if cols == nil || refs == nil {
			if !c.star {
				ev.errorf(c.pos, c.end, "ForeignKeyConstraint() needs two lists: the columns and the columns they refer to")
			}
			return poisonVal{}
		}
		for i, list := range []*arg{cols, refs} {
			t, isList := ev.val(list).(*tupleVal)
			if !isList {
				if !silent(list.val) {
					ev.errorAt(list, "ForeignKeyConstraint() takes a list of columns here, not %s", describe(list.val))
				}
				return poisonVal{}
			}
			for _, item := range t.items {
				r, good := ev.colRefFromArg(item, fn, false)
				if !good {
					ok = false
					continue
				}
				if i == 1 && r.col == nil && !strings.Contains(r.name, ".") {
					ev.errorAt(item, "referred column %s must be written 'table.column'", pyQuote(r.name))
					ok = false
					continue
				}
				if i == 0 {
					cv.cols = append(cv.cols, r)
				} else {
					cv.refs = append(cv.refs, r)
				}
			}
		}
		if ok && len(cv.cols) != len(cv.refs) {
			ev.errorf(c.pos, c.end, "ForeignKeyConstraint(): %d column%s but %d referred column%s; the two lists must match", len(cv.cols), plural(len(cv.cols)), len(cv.refs), plural(len(cv.refs)))
			return poisonVal{}
		}
		var name string
		if !ev.fkOptions(b, &name, &cv.named, &cv.onDelete, &cv.onUpdate, &cv.deferr) {
			return poisonVal{}
		}
		cv.name = name
	case "Index":
		if a := b.get("unique"); a != nil {
			u, good := ev.wantBool(a, "unique")
			ok = ok && good
			cv.unique = u
		}
		if a := b.get("sqlite_where"); a != nil {
			switch v := ev.val(a).(type) {
			case sqlVal:
				cv.where = v.sql
			case strVal:
				cv.where = string(v)
			case noneVal:
			case poisonVal:
				ok = false
			default:
				ev.errorAt(a, "sqlite_where must be text(...) or a SQL expression, not %s", describe(v))
				ok = false
			}
		}
	}
	if fn != "ForeignKeyConstraint" {
		d, good := ev.deferrable(b)
		ok = ok && good
		cv.deferr = d
	}
	if !ok {
		return poisonVal{}
	}
	// A constraint made of columns already in a table joins that table now
	// (Index("ix", users.c.name) at module level).
	for _, r := range cv.cols {
		if r.col != nil && r.col.table != nil {
			r.col.table.addConstraint(cv)
			break
		}
	}
	return cv
}

var (
	tableKw = []string{
		"schema", "quote", "quote_schema", "autoload_with", "autoload_replace", "keep_existing",
		"extend_existing", "resolve_fks", "include_columns", "implicit_returning", "comment",
		"info", "listeners", "prefixes", "must_exist", "mustexist", "autoload",
	}
	tableSQLiteKw = []string{"sqlite_autoincrement", "sqlite_with_rowid", "sqlite_strict", "sqlite_on_conflict"}
)

// makeTable builds Table("name", metadata, Column(...), ...).
func (ev *evaluator) makeTable(c *callInfo) value {
	b, rest, ok := ev.bindArgs(c, "Table", []string{"name", "metadata"}, tableKw, "args", tableSQLiteKw)
	if !ok {
		return poisonVal{}
	}
	na, ma := b.get("name"), b.get("metadata")
	if na == nil || ma == nil {
		if !c.star {
			ev.errorf(c.pos, c.end, "Table() needs a name and a MetaData: Table(\"users\", metadata, Column(...), ...)")
		}
		return poisonVal{}
	}
	name, _, good := ev.wantStr(na, "Table name", false)
	if !good {
		return poisonVal{}
	}
	meta, isMeta := ev.val(ma).(*metadataVal)
	if !isMeta {
		if !silent(ma.val) {
			ev.errorAt(ma, "Table()'s second argument must be a MetaData, not %s", describe(ma.val))
		}
		return poisonVal{}
	}
	if a := b.get("schema"); a != nil {
		if _, none := a.val.(noneVal); !none {
			ev.errorAt(a, "schema= is not supported: Retort keeps every table in SQLite's main schema")
			return poisonVal{}
		}
	}
	if a := b.get("autoload_with"); a != nil {
		ev.errorAt(a, "autoload_with= (reflecting a table from a database) is not supported in models")
		return poisonVal{}
	}
	tv := ev.newTable(meta, name, na.pos, na.end, b.get("extend_existing") != nil)
	if tv == nil {
		return poisonVal{}
	}
	for _, a := range rest {
		switch v := ev.val(a).(type) {
		case *columnVal:
			if v.name == "" {
				ev.errorf(v.pos, v.end, "a Column in Table() needs a name as its first argument")
				continue
			}
			v.key = v.name
			ev.attachColumn(tv, v, nil)
		case *constraintVal:
			tv.addConstraint(v)
		case poisonVal:
		case opaqueVal:
			if v.what == "Sequence()" {
				continue
			}
			ev.errorAt(a, "Table() takes columns and constraints, not %s", describe(v))
		default:
			ev.errorAt(a, "Table() takes columns and constraints, not %s", describe(v))
		}
	}
	ev.tableOptions(tv, b)
	return tv
}

// tableOptions applies Table()/__table_args__ keyword options.
func (ev *evaluator) tableOptions(tv *tableVal, b binding) {
	if a := b.get("comment"); a != nil {
		if s, _, ok := ev.wantStr(a, "comment", true); ok {
			tv.t.Comment = s
		}
	}
	if a := b.get("sqlite_autoincrement"); a != nil {
		if v, ok := ev.wantBool(a, "sqlite_autoincrement"); ok {
			tv.autoinc = v
		}
	}
	if a := b.get("sqlite_with_rowid"); a != nil {
		if v, ok := ev.wantBool(a, "sqlite_with_rowid"); ok {
			tv.t.WithoutRowID = !v
		}
	}
	if a := b.get("sqlite_strict"); a != nil {
		if v, ok := ev.wantBool(a, "sqlite_strict"); ok {
			tv.t.Strict = v
		}
	}
}

// newTable adds a table to a MetaData, or reports that it is there already.
func (ev *evaluator) newTable(meta *metadataVal, name string, pos, end loc, extend bool) *tableVal {
	for _, t := range meta.tables {
		if t.t.Name == name {
			if extend {
				return t
			}
			ev.errorf(pos, end, "table '%s' is already defined for this MetaData (at %s)", name, t.pos)
			return nil
		}
	}
	tv := &tableVal{meta: meta, t: &schema.Table{Name: name}, pos: pos, end: end}
	meta.tables = append(meta.tables, tv)
	return tv
}

// addConstraint attaches a constraint to a table, once.
func (tv *tableVal) addConstraint(cv *constraintVal) {
	if cv.table != nil {
		return
	}
	cv.table = tv
	tv.cons = append(tv.cons, cv)
}

// attachColumn adds a column to a table as Column._set_parent does: its
// primary key, unique and index flags, foreign keys and checks become the
// table's. nullableDefault, when set, is the nullability its annotation gives.
func (ev *evaluator) attachColumn(tv *tableVal, cv *columnVal, nullableDefault *bool) {
	name := cv.colName()
	if prev := tv.column(name); prev != nil {
		ev.errorf(cv.pos, cv.end, "duplicate column '%s' in table '%s' (first at %s)", name, tv.t.Name, prev.pos)
		cv.table = tv
		cv.col = prev.col
		return
	}
	if cv.key == "" {
		cv.key = name
	}
	nullable := !cv.primaryKey
	switch {
	case cv.nullable != nil:
		nullable = *cv.nullable
	case cv.primaryKey:
	case nullableDefault != nil:
		nullable = *nullableDefault
	}
	col := &schema.Column{Name: name, Nullable: nullable, Comment: cv.comment}
	if cv.typ != nil {
		col.Type = cv.typ.t.Clone()
		col.Collation = cv.typ.collation
	}
	if cv.hasServer {
		col.ServerDefault = cv.serverDefault
	}
	cv.col, cv.table = col, tv
	tv.cols = append(tv.cols, cv)
	tv.t.Columns = append(tv.t.Columns, col)
	var ref *colRef
	if cv.index || cv.unique || len(cv.fks) > 0 {
		ref = &colRef{col: cv, pos: cv.pos, end: cv.end}
	}
	switch {
	case cv.index:
		tv.addConstraint(&constraintVal{kind: kindIndex, cols: []*colRef{ref}, unique: cv.unique, pos: cv.pos, end: cv.end, columnFlag: true})
	case cv.unique:
		tv.addConstraint(&constraintVal{kind: kindUnique, cols: []*colRef{ref}, pos: cv.pos, end: cv.end, columnFlag: true})
	}
	for _, fk := range cv.fks {
		fkc := &constraintVal{
			kind: kindForeignKey, cols: []*colRef{ref}, pos: fk.pos, end: fk.end,
			name: fk.name, named: fk.named, onDelete: fk.onDelete, onUpdate: fk.onUpdate, deferr: fk.deferr,
			refs: []*colRef{{name: fk.target, col: fk.col, pos: fk.pos, end: fk.end}},
		}
		tv.addConstraint(fkc)
	}
	for _, ck := range cv.checks {
		tv.addConstraint(ck)
	}
}

// column returns the table's column named name, or nil.
func (tv *tableVal) column(name string) *columnVal {
	for _, c := range tv.cols {
		if c.col.Name == name {
			return c
		}
	}
	return nil
}

// makeMetaData builds MetaData(naming_convention={...}).
func (ev *evaluator) makeMetaData(c *callInfo) value {
	b, _, ok := ev.bindArgs(c, "MetaData", []string{"schema", "quote_schema", "naming_convention", "info"}, []string{"bind"}, "", nil)
	if !ok {
		return poisonVal{}
	}
	meta := &metadataVal{pos: c.pos}
	if a := b.get("schema"); a != nil {
		if _, none := a.val.(noneVal); !none {
			ev.errorAt(a, "schema= is not supported: Retort keeps every table in SQLite's main schema")
		}
	}
	if a := b.get("naming_convention"); a != nil {
		meta.convention = ev.namingConvention(a)
	}
	ev.metas = append(ev.metas, meta)
	ev.bases = append(ev.bases, meta)
	return meta
}

// namingConvention reads a naming_convention dict.
func (ev *evaluator) namingConvention(a *arg) map[string]string {
	d, ok := ev.val(a).(*dictVal)
	if !ok {
		if _, none := a.val.(noneVal); !none && !silent(a.val) {
			ev.errorAt(a, "naming_convention must be a dict, not %s", describe(a.val))
		}
		return nil
	}
	conv := map[string]string{}
	kinds := map[string]string{"Index": kindIndex, "UniqueConstraint": kindUnique, "CheckConstraint": kindCheck, "ForeignKeyConstraint": kindForeignKey, "PrimaryKeyConstraint": kindPrimaryKey}
	for i, k := range d.keys {
		var key string
		switch kv := ev.val(k).(type) {
		case strVal:
			key = string(kv)
		case externVal:
			if kind, ok := kinds[strings.TrimPrefix(canon(kv.path), "sa.")]; ok {
				key = kind
			}
		case poisonVal:
			continue
		}
		if key == "" {
			ev.errorAt(k, "naming_convention keys are ix, uq, ck, fk, pk or token names, not %s", describe(k.val))
			continue
		}
		v := d.vals[i]
		switch vv := ev.val(v).(type) {
		case strVal:
			conv[key] = string(vv)
		case poisonVal:
		default:
			if m, ok := matchJoinToken(strings.TrimSpace(v.src)); ok && m.col == m.forCol && m.in == m.arg {
				conv[key] = joinTokenMark + m.dq + m.sq
				continue
			}
			if slices.Contains([]string{kindIndex, kindUnique, kindCheck, kindForeignKey, kindPrimaryKey}, key) {
				ev.errorAt(v, "naming convention for %s must be a string such as \"%s_%%(table_name)s\"", key, key)
			} else {
				conv[key] = badTokenMark
			}
		}
	}
	return conv
}

// makeDeclarativeBase builds declarative_base(...): a new base class.
func (ev *evaluator) makeDeclarativeBase(c *callInfo) value {
	b, _, ok := ev.bindArgs(c, "declarative_base", nil, []string{"bind", "metadata", "mapper", "cls", "name", "class_registry", "type_annotation_map", "constructor", "metaclass"}, "", nil)
	if !ok {
		return poisonVal{}
	}
	meta, good := ev.metadataArg(b.get("metadata"))
	if !good {
		return poisonVal{}
	}
	name := "Base"
	if a := b.get("name"); a != nil {
		if s, ok := a.val.(strVal); ok {
			name = string(s)
		}
	}
	return ev.newBase(name, meta, ev.typeAnnotationMap(b.get("type_annotation_map")), c.pos)
}

// metadataArg reads metadata=: a MetaData, or a new one when absent.
func (ev *evaluator) metadataArg(a *arg) (*metadataVal, bool) {
	if a == nil {
		return &metadataVal{}, true
	}
	switch v := ev.val(a).(type) {
	case *metadataVal:
		return v, true
	case noneVal:
		return &metadataVal{}, true
	case poisonVal:
		return nil, false
	}
	ev.errorAt(a, "metadata must be a MetaData, not %s", describe(a.val))
	return nil, false
}

// makeRegistry builds registry(...).
func (ev *evaluator) makeRegistry(c *callInfo) value {
	b, _, ok := ev.bindArgs(c, "registry", nil, []string{"metadata", "class_registry", "type_annotation_map", "constructor"}, "", nil)
	if !ok {
		return poisonVal{}
	}
	meta, good := ev.metadataArg(b.get("metadata"))
	if !good {
		return poisonVal{}
	}
	if b.get("metadata") == nil {
		ev.metas = append(ev.metas, meta)
	}
	return &registryVal{meta: meta, typeMap: ev.typeAnnotationMap(b.get("type_annotation_map"))}
}

// typeAnnotationMap reads a type_annotation_map dict.
func (ev *evaluator) typeAnnotationMap(a *arg) []typeMapEntry {
	if a == nil {
		return nil
	}
	d, ok := ev.val(a).(*dictVal)
	if !ok {
		if _, none := a.val.(noneVal); !none && !silent(a.val) {
			ev.errorAt(a, "type_annotation_map must be a dict, not %s", describe(a.val))
		}
		return nil
	}
	var out []typeMapEntry
	for i, k := range d.keys {
		v := d.vals[i]
		tv, reported := ev.asType(v)
		if tv == nil {
			if !reported && !silent(ev.val(v)) {
				ev.errorAt(v, "type_annotation_map values must be column types such as String(50), not %s", describe(v.val))
			}
			continue
		}
		out = append(out, typeMapEntry{key: ev.val(k), typ: tv})
	}
	return out
}

// serverDefaultSQL is a SQL expression server default (text(...), func.now())
// as Alembic's SQLite implementation renders it for DDL
// (SQLiteImpl.render_ddl_sql_expr): in parentheses unless it is a single
// digit, a quoted string or parenthesized already.
func serverDefaultSQL(sql string) string {
	if sql == "" || isDefaultLiteral(sql) {
		return sql
	}
	return "(" + sql + ")"
}
