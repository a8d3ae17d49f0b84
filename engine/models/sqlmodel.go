package models

import (
	"slices"
	"strconv"

	"retort/engine/interp"
	"retort/engine/schema"
)

// SQLModel (sqlmodel 0.0.11, on SQLAlchemy and pydantic): a class deriving
// from SQLModel with table=True is a model; one without is a pydantic model
// whose fields its table subclasses inherit. Each field becomes a Column as
// sqlmodel.main.get_column_from_field makes it.

type sqlModel struct {
	class   *interp.Class
	base    *declBase
	autoStr *interp.Class
	guid    *interp.Class
}

// fieldInfo is Field(...).
type fieldInfo struct {
	hasDefault bool
	def        interp.Value
	factory    bool
	kw         map[string]interp.Arg
	loc        interp.Loc
}

var fieldInfoClass = interp.NewClass("FieldInfo", "sqlmodel.main", nil)

func (f *fieldInfo) PyClass() *interp.Class { return fieldInfoClass }

func (f *fieldInfo) get(name string) (interp.Arg, bool) {
	a, ok := f.kw[name]
	return a, ok && !isNone(a.Value)
}

// sqlModelFields are a model class's fields, in pydantic's order: the
// bases' first, each class's own in declaration order.
type sqlModelFields struct {
	names []string
	by    map[string]*smField
}

type smField struct {
	name  string
	ann   interp.Annotation
	value interp.Value // the class attribute: a default, or a FieldInfo
	has   bool
}

func (s *sqlModel) init(l *Lib) {
	s.base = &declBase{sqlModel: true, name: "SQLModel"}
	s.class = interp.NewClass("SQLModel", "sqlmodel.main", l.declarativeNative())
	s.class.Data = s.base
	s.autoStr = l.newTypeClass("AutoString", "", lengthSpec)
	s.autoStr.Module = "sqlmodel.sql.sqltypes"
	info := s.autoStr.Data.(*typeClassInfo)
	info.sql, info.pyClass = schema.Type{Name: "String"}, "sqlmodel.sql.sqltypes.AutoString"
	s.guid = l.newTypeClass("GUID", "", plainSpec)
	s.guid.Module = "sqlmodel.sql.sqltypes"
	info = s.guid.Data.(*typeClassInfo)
	info.sql, info.pyClass = schema.Type{Name: "CHAR", Args: []int{32}}, "sqlmodel.sql.sqltypes.GUID"
}

// metadata is SQLModel.metadata, made on first use.
func (s *sqlModel) metadata(l *Lib) *metaObj {
	if s.base.meta == nil {
		s.base.meta = l.newMeta(interp.Loc{})
		l.bases = append(l.bases, s.class)
	}
	return s.base.meta
}

func (l *Lib) registerSQLModel() {
	l.in.Register("sqlmodel", func(in *interp.Interp) (*interp.Module, error) {
		m := interp.NewModule("sqlmodel")
		m.Package = true
		m.Set("SQLModel", l.sqlModel.class)
		m.Set("Field", l.builtin("Field", l.makeField))
		m.Set("Relationship", ormMarkerFactory("Relationship"))
		m.Set("AutoString", l.sqlModel.autoStr)
		sa := l.module("sqlalchemy")
		m.Lazy = func(in *interp.Interp, name string) (interp.Value, bool, error) {
			switch name {
			case "sql":
				mod, err := in.Import("sqlmodel.sql", interp.Loc{})
				return mod, err == nil, err
			case "Session", "create_engine", "select", "col", "or_", "and_":
			}
			return sa.Lazy(in, name)
		}
		return m, nil
	})
	types := func(in *interp.Interp) (*interp.Module, error) {
		m := interp.NewModule("sqlmodel.sql.sqltypes")
		m.Set("AutoString", l.sqlModel.autoStr)
		m.Set("GUID", l.sqlModel.guid)
		return m, nil
	}
	l.in.Register("sqlmodel.sql", func(in *interp.Interp) (*interp.Module, error) {
		m := interp.NewModule("sqlmodel.sql")
		m.Package = true
		return m, nil
	})
	l.in.Register("sqlmodel.sql.sqltypes", types)
	l.in.Register("sqlmodel.main", func(in *interp.Interp) (*interp.Module, error) {
		m := interp.NewModule("sqlmodel.main")
		m.Set("SQLModel", l.sqlModel.class)
		m.Set("Field", l.builtin("Field", l.makeField))
		m.Set("Relationship", ormMarkerFactory("Relationship"))
		return m, nil
	})
}

// makeField is sqlmodel.Field(...).
func (l *Lib) makeField(in *interp.Interp, a *interp.Args) (interp.Value, error) {
	f := &fieldInfo{kw: map[string]interp.Arg{}, loc: a.Loc}
	if len(a.Pos) > 0 {
		f.hasDefault, f.def = true, a.Pos[0].Value
	}
	for _, kw := range a.Kw {
		switch kw.Name {
		case "default":
			f.hasDefault, f.def = true, kw.Value
		case "default_factory":
			if !isNone(kw.Value) {
				f.hasDefault, f.factory = true, true
			}
		}
		f.kw[kw.Name] = kw
	}
	if f.hasDefault && f.def == interp.Ellipsis {
		f.hasDefault = false // Field(...): required
	}
	return f, nil
}

// subclassed handles a class deriving from SQLModel.
func (s *sqlModel) subclassed(l *Lib, cls *interp.Class, base *declBase) error {
	table := false
	for _, kw := range cls.Keywords {
		if kw.Name == "table" {
			b, err := l.in.Truth(kw.Value)
			if err != nil {
				return err
			}
			table = b
		}
	}
	fields := s.fields(cls)
	if !table {
		cls.Data = &mapping{base: base, abstract: true}
		cls.Dict.Set("__sqlmodel_fields__", &smFieldsValue{fields})
		return nil
	}
	s.metadata(l)
	// The table's name: __tablename__, or the class name lowercased
	// (SQLModel's declared_attr).
	name := ""
	if v, _, ok := cls.Lookup("__tablename__"); ok {
		switch tn := v.(type) {
		case interp.Str:
			name = string(tn)
		case *declaredAttr:
			r, err := l.in.Call(tn.fn, interp.Values(cls))
			if err != nil {
				return err
			}
			if rs, ok := r.(interp.Str); ok {
				name = string(rs)
			}
		}
	}
	if name == "" {
		name = lower(cls.Name)
	}
	m := &mapping{base: base, mapped: true, cols: map[string]*columnObj{}}
	cls.Data = m
	cls.Dict.Set("__sqlmodel_fields__", &smFieldsValue{fields})
	sch := base.meta.schema
	if v, _, ok := cls.Lookup("__table_args__"); ok {
		sch = tableArgsSchema(v, sch)
	}
	tv := l.newTable(base.meta, name, sch, cls.Loc, false)
	if tv == nil {
		return nil
	}
	tv.class = cls
	m.table = tv
	type fieldCol struct {
		name string
		cv   *columnObj
	}
	var cols []fieldCol
	for _, fname := range fields.names {
		f := fields.by[fname]
		cv, skip := l.sqlModelColumn(cls, f)
		if skip || cv == nil {
			continue
		}
		cols = append(cols, fieldCol{fname, cv})
	}
	// SQLModel 0.0.11 runs on SQLAlchemy 1.4, whose declarative orders a
	// table's columns by when they were made: a field's sa_column=Column(...)
	// in the class body, before the columns SQLModel makes for the others.
	slices.SortStableFunc(cols, func(a, b fieldCol) int { return a.cv.seq - b.cv.seq })
	for _, c := range cols {
		c.cv.owner = cls
		c.cv.sqlmodel = true
		l.attachColumn(tv, c.cv, nil)
		m.cols[c.name] = c.cv
	}
	if v, _, ok := cls.Lookup("__table_args__"); ok {
		at := cls.Loc
		if body := cls.Body(); body != nil {
			if vl, ok := body.ValueLocs["__table_args__"]; ok {
				at = vl
			}
		}
		l.tableArgs(tv, interp.Arg{Value: v, Loc: at})
	}
	return nil
}

// smFieldsValue keeps a SQLModel class's fields in its dict, for subclasses.
type smFieldsValue struct{ f *sqlModelFields }

func (s *smFieldsValue) PyClass() *interp.Class { return interp.ObjectClass }

// fields collects a SQLModel class's fields, pydantic's way.
func (s *sqlModel) fields(cls *interp.Class) *sqlModelFields {
	out := &sqlModelFields{by: map[string]*smField{}}
	for i := len(cls.MRO) - 1; i >= 1; i-- {
		if v, ok := cls.MRO[i].Dict.Get("__sqlmodel_fields__"); ok {
			if fv, ok := v.(*smFieldsValue); ok {
				for _, n := range fv.f.names {
					if _, seen := out.by[n]; !seen {
						out.names = append(out.names, n)
					}
					out.by[n] = fv.f.by[n]
				}
			}
		}
	}
	if body := cls.Body(); body != nil {
		for _, ann := range body.Annotations {
			if ann.Name == "__tablename__" || ann.Name == "model_config" || ann.Name == "Config" {
				continue
			}
			if g, ok := ann.Value.(*interp.Generic); ok && g.Origin == interp.TypingClassVar {
				continue
			}
			f := &smField{name: ann.Name, ann: ann}
			if v, ok := cls.Dict.Get(ann.Name); ok {
				f.value, f.has = v, true
			}
			if _, seen := out.by[ann.Name]; !seen {
				out.names = append(out.names, ann.Name)
			}
			out.by[ann.Name] = f
		}
	}
	return out
}

// sqlModelColumn makes a field's column (get_column_from_field); skip is set
// for a relationship.
func (l *Lib) sqlModelColumn(cls *interp.Class, f *smField) (*columnObj, bool) {
	if _, ok := f.value.(*ormMarker); ok {
		return nil, true
	}
	info, _ := f.value.(*fieldInfo)
	if info != nil {
		if a, ok := info.get("sa_column"); ok {
			cv, isCol := a.Value.(*columnObj)
			if !isCol {
				l.in.Report(a.Loc, "sa_column must be a Column, not %s", describe(a.Value))
				return nil, false
			}
			if cv.key == "" {
				cv.key = f.name
			}
			return cv, false
		}
	}
	var extras []interp.Value
	inner, optional := l.unwrapOptional(f.ann.Value, &extras)
	cv := &columnObj{key: f.name, name: f.name, loc: span(f.ann.Target, f.ann.Loc), seq: l.nextSeq()}
	// The type.
	if info != nil {
		if a, ok := info.get("sa_type"); ok {
			t, reported := l.asType(a)
			if t == nil {
				if !reported {
					l.in.Report(a.Loc, "sa_type must be a column type such as String(50), not %s", describe(a.Value))
				}
				return nil, false
			}
			cv.typ = t
		}
	}
	if cv.typ == nil {
		t, ok := l.sqlModelType(cls, inner, info, f)
		if !ok {
			return nil, false
		}
		cv.typ = t
	}
	// Nullability: not a primary key, and pydantic's allow_none and not
	// required (an Optional field, or one with a None default).
	pk := false
	if info != nil {
		if a, ok := info.get("primary_key"); ok {
			pk, _ = l.wantBool(a, "primary_key")
		}
	}
	required := true
	if info != nil {
		required = !info.hasDefault
	} else if f.has {
		required = false
	}
	if optional && required && (info == nil || !info.hasDefault) && !f.has {
		required = false // pydantic 1: Optional[X] without a default defaults to None
	}
	if optional && info != nil && !info.hasDefault {
		required = false
	}
	nullable := !pk && optional && !required
	cv.primaryKey = pk
	if info != nil {
		if a, ok := info.get("nullable"); ok {
			nullable, _ = l.wantBool(a, "nullable")
		}
		if a, ok := info.get("index"); ok {
			cv.index, _ = l.wantBool(a, "index")
		}
		if a, ok := info.get("unique"); ok {
			cv.unique, _ = l.wantBool(a, "unique")
			cv.uniqueGiven = true
		}
		if a, ok := info.get("foreign_key"); ok {
			fk := l.makeForeignKey(&interp.Args{Pos: []interp.Arg{a}, Loc: a.Loc})
			if fko, ok := fk.(*fkObj); ok {
				cv.fks = append(cv.fks, fko)
			}
		}
		if a, ok := info.get("sa_column_args"); ok {
			items, err := l.in.List(a.Value)
			if err != nil {
				l.report(err)
			}
			for _, it := range items {
				switch v := it.(type) {
				case *fkObj:
					cv.fks = append(cv.fks, v)
				case *constraintObj:
					cv.checks = append(cv.checks, v)
				case *schemaItem:
					if v.identity != nil {
						cv.identity = v.identity
					}
				}
			}
		}
		if a, ok := info.get("sa_column_kwargs"); ok {
			d, isDict := a.Value.(*interp.Dict)
			if !isDict {
				l.in.Report(a.Loc, "sa_column_kwargs must be a dict, not %s", describe(a.Value))
			} else {
				ca := &interp.Args{Loc: a.Loc}
				for i, k := range d.Keys() {
					ks, _ := k.(interp.Str)
					ca.Kw = append(ca.Kw, interp.Arg{Name: string(ks), Value: d.Values()[i], Loc: a.Loc, NameLoc: a.Loc})
				}
				if extra, ok := l.makeColumn(ca, false).(*columnObj); ok {
					if extra.hasServer {
						cv.serverDefault, cv.hasServer, cv.serverText, cv.serverDDL = extra.serverDefault, true, extra.serverText, extra.serverDDL
					}
					if extra.nullable != nil {
						nullable = *extra.nullable
					}
					if extra.comment != "" {
						cv.comment = extra.comment
					}
					if extra.name != "" {
						cv.name = extra.name
					}
					if extra.uniqueGiven {
						cv.unique, cv.uniqueGiven = extra.unique, true
					}
					cv.index = cv.index || extra.index
					cv.primaryKey = cv.primaryKey || extra.primaryKey
					if extra.autoincrement != "" {
						cv.autoincrement = extra.autoincrement
					}
					cv.onUpdateSrc = extra.onUpdateSrc
				}
			}
		}
		if info.hasDefault && !info.factory {
			cv.defaultSrc = info.loc.Text()
		}
	} else if f.has {
		src, _ := l.in.Repr(f.value)
		cv.defaultSrc = src
	}
	cv.nullable = &nullable
	return cv, false
}

// sqlModelType is sqlmodel's get_sqlalchemy_type for a field's Python type.
// A field it has none for is SQLModel's ValueError, which the class
// statement raises.
func (l *Lib) sqlModelType(cls *interp.Class, t interp.Value, info *fieldInfo, f *smField) (*typeObj, bool) {
	c, ok := t.(*interp.Class)
	if !ok {
		l.in.Report(cls.Loc, "The field %s has no matching SQLAlchemy type (%s): give it Field(sa_type=...) or Field(sa_column=...)", f.name, f.ann.Loc.Text())
		return nil, false
	}
	plain := func(name string) *typeObj {
		return &typeObj{cls: l.typeClasses[name], t: schema.Type{Name: name}}
	}
	switch {
	case c.IsSubclass(interp.EnumClass):
		out := &typeObj{cls: l.typeClasses["Enum"], t: schema.Type{Name: "Enum", EnumName: lower(c.Name)}}
		for _, m := range interp.EnumMembers(c) {
			out.t.Enum = append(out.t.Enum, m.Name)
		}
		return out, true
	case c.IsSubclass(interp.StrClass):
		out := &typeObj{cls: l.sqlModel.autoStr, t: schema.Type{Name: "String", Class: "sqlmodel.sql.sqltypes.AutoString"}}
		if info != nil {
			if a, ok := info.get("max_length"); ok {
				if n, _, ok := l.wantInt(a, "max_length", "", true); ok {
					out.t.Args = []int{n}
					out.t.Options = map[string]string{"length": strconv.Itoa(n)}
				}
			}
		}
		return out, true
	case c.IsSubclass(interp.FloatClass):
		return plain("Float"), true
	case c.IsSubclass(interp.BoolClass):
		return plain("Boolean"), true
	case c.IsSubclass(interp.IntClass):
		return plain("Integer"), true
	case c.IsSubclass(interp.DatetimeClass):
		return plain("DateTime"), true
	case c.IsSubclass(interp.DateClass):
		return plain("Date"), true
	case c.IsSubclass(interp.TimedeltaClass):
		return plain("Interval"), true
	case c.IsSubclass(interp.TimeClass):
		return plain("Time"), true
	case c.IsSubclass(interp.BytesClass):
		return plain("LargeBinary"), true
	case c.IsSubclass(interp.DecimalClass):
		out := plain("Numeric")
		if info != nil {
			md, okd := info.get("max_digits")
			dp, okp := info.get("decimal_places")
			if okd {
				if n, _, ok := l.wantInt(md, "max_digits", "", true); ok {
					out.t.Args = []int{n}
					if okp {
						if s, _, ok := l.wantInt(dp, "decimal_places", "", true); ok {
							out.t.Args = append(out.t.Args, s)
						}
					}
				}
			}
		}
		return out, true
	case c.IsSubclass(interp.UUIDClass):
		return &typeObj{cls: l.sqlModel.guid, t: schema.Type{Name: "CHAR", Args: []int{32}, Class: "sqlmodel.sql.sqltypes.GUID"}}, true
	}
	l.in.Report(cls.Loc, "The field %s has no matching SQLAlchemy type (%s): give it Field(sa_type=...) or Field(sa_column=...)", f.name, c.Name)
	return nil, false
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}
