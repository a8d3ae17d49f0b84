package models

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"retort/engine/interp"
	"retort/engine/python"
	"retort/engine/schema"
)

// declBase is a declarative base: the MetaData its models' tables go to and
// its type_annotation_map.
type declBase struct {
	meta    *metaObj
	typeMap []typeMapEntry
	// flask is set for Flask-SQLAlchemy's db.Model: a model without
	// __tablename__ gets one made from its class name.
	flask bool
	// flask2 is set when the project pins Flask-SQLAlchemy 2.x (see
	// pinnedMajor): its table names (UserID -> userID), and the column
	// order of the SQLAlchemy 1.4 it runs on (creation order).
	flask2 bool
	// sqlModel is set for SQLModel.
	sqlModel bool
	// dataclass is MappedAsDataclass's (no schema effect).
	name string
}

// typeMapEntry is one type_annotation_map entry.
type typeMapEntry struct {
	key interp.Value
	typ *typeObj
}

// mapping is what a model class is: its table (its own, or its parent's
// under single-table inheritance) and its mapped columns by attribute.
type mapping struct {
	base     *declBase
	table    *tableObj // nil for a class whose mapping failed
	cols     map[string]*columnObj
	mapped   bool
	abstract bool
}

// baseOf returns the declarative base a class is (or derives from) and
// whether the class is the base itself.
func baseOf(c *interp.Class) (*declBase, bool) {
	for i, k := range c.MRO {
		switch d := k.Data.(type) {
		case *declBase:
			return d, i == 0
		case *mapping:
			return d.base, false
		}
	}
	return nil, false
}

func mappingOf(c *interp.Class) *mapping {
	m, _ := c.Data.(*mapping)
	return m
}

// declarativeNative is the behaviour of a declarative base class and its
// subclasses: mapping at the end of each class statement, Class.column and
// Class.metadata afterwards.
func (l *Lib) declarativeNative() *interp.Native {
	return &interp.Native{
		Subclassed: l.subclassed,
		ClassAttr:  l.classAttr,
		New: func(in *interp.Interp, cls *interp.Class, a *interp.Args) (interp.Value, error) {
			// A model instance (User(name="x")): no schema effect.
			obj := &interp.Instance{Class: cls, Dict: interp.NewNamespace()}
			for _, kw := range a.Kw {
				obj.Dict.Set(kw.Name, kw.Value)
			}
			return obj, nil
		},
	}
}

// declarativeBaseClass makes DeclarativeBase / DeclarativeBaseNoMeta: a
// class whose direct subclass is a base.
func (l *Lib) declarativeBaseClass(name string) *interp.Class {
	c := interp.NewClass(name, "sqlalchemy.orm", l.declarativeNative())
	c.Data = &declMarker{}
	return c
}

// declMarker marks DeclarativeBase itself.
type declMarker struct{}

// newBase makes a declarative base class (declarative_base(), registry().generate_base()).
func (l *Lib) newBase(name string, meta *metaObj, typeMap []typeMapEntry, at interp.Loc) *interp.Class {
	if meta == nil {
		meta = l.newMeta(at)
	}
	c := interp.NewClass(name, "sqlalchemy.orm.decl_api", l.declarativeNative())
	c.Loc = at
	c.Data = &declBase{meta: meta, typeMap: typeMap, name: name}
	l.bases = append(l.bases, c)
	return c
}

// classAttr is Class.name for declarative classes.
func (l *Lib) classAttr(in *interp.Interp, cls *interp.Class, name string) (interp.Value, bool, error) {
	base, _ := baseOf(cls)
	switch name {
	case "metadata":
		if base != nil && base.meta != nil {
			return base.meta, true, nil
		}
	case "registry":
		if base != nil {
			return &registryObj{meta: base.meta, typeMap: base.typeMap}, true, nil
		}
	case "__table__":
		if m := mappingOf(cls); m != nil && m.table != nil {
			return m.table, true, nil
		}
	case "query", "query_class":
		return &interp.Opaque{What: cls.Name + ".query"}, true, nil
	}
	for _, k := range cls.MRO {
		if m := mappingOf(k); m != nil {
			if cv, ok := m.cols[name]; ok {
				return cv, true, nil
			}
		}
	}
	if v, _, ok := cls.Lookup(name); ok {
		if d, ok := v.(*declaredAttr); ok {
			r, err := in.Call(d.fn, interp.Values(cls))
			return r, true, err
		}
	}
	return nil, false, nil
}

// subclassed runs at the end of a class statement deriving from a
// declarative base, as SQLAlchemy's declarative metaclass (or
// __init_subclass__) does: it decides what the class is and maps it.
func (l *Lib) subclassed(in *interp.Interp, cls *interp.Class) error {
	if slices.ContainsFunc(cls.Bases, func(b *interp.Class) bool { _, ok := b.Data.(*declMarker); return ok }) {
		return l.defineBase(cls)
	}
	base, _ := baseOf(cls)
	if base == nil {
		return nil
	}
	if base.sqlModel {
		return l.sqlModel.subclassed(l, cls, base)
	}
	if v, ok := cls.Dict.Get("__abstract__"); ok {
		if b, _ := in.Truth(v); b {
			cls.Data = &mapping{base: base, abstract: true}
			return nil
		}
	}
	l.mapClass(cls, base)
	return nil
}

// defineBase makes class Base(DeclarativeBase) a base: its metadata (or
// registry) and type_annotation_map attributes.
func (l *Lib) defineBase(cls *interp.Class) error {
	b := &declBase{name: cls.Name}
	if v, ok := cls.Dict.Get("metadata"); ok {
		if m, ok := v.(*metaObj); ok {
			b.meta = m
		}
	}
	if v, ok := cls.Dict.Get("registry"); ok && b.meta == nil {
		if r, ok := v.(*registryObj); ok {
			b.meta, b.typeMap = r.meta, r.typeMap
		}
	}
	if b.meta == nil {
		b.meta = l.newMeta(cls.Loc)
	}
	if v, ok := cls.Dict.Get("type_annotation_map"); ok {
		at := cls.Loc
		if body := cls.Body(); body != nil {
			at = body.ValueLocs["type_annotation_map"]
		}
		b.typeMap = append(l.typeAnnotationMap(interp.Arg{Value: v, Loc: at}), b.typeMap...)
	}
	cls.Data = b
	l.bases = append(l.bases, cls)
	return nil
}

// classAttrDecl is one name a class body binds: its value (nil for an
// annotation alone), its annotation (nil when not annotated) and where.
type classAttrDecl struct {
	name   string
	val    interp.Value
	hasVal bool
	ann    *interp.Annotation
	loc    interp.Loc // the target name
	valLoc interp.Loc
}

// bodyAttrs lists a class body's bindings in the order the body first
// binds them: assignments and annotations.
func bodyAttrs(c *interp.Class) []classAttrDecl {
	body := c.Body()
	if body == nil {
		return nil
	}
	anns := map[string]*interp.Annotation{}
	for i := range body.Annotations {
		a := &body.Annotations[i]
		anns[a.Name] = a
	}
	out := make([]classAttrDecl, 0, len(body.Order))
	for _, name := range body.Order {
		d := classAttrDecl{name: name, loc: body.Locs[name], valLoc: body.ValueLocs[name], ann: anns[name]}
		if v, ok := c.Dict.Get(name); ok {
			d.val, d.hasVal = v, true
		}
		out = append(out, d)
	}
	return out
}

// colDecl is one column a mapped class declares (or inherits from a mixin).
type colDecl struct {
	attr string
	cv   *columnObj
	ann  *interp.Annotation
	own  bool
	// module is the module of the class that declares it, where its
	// string annotations are evaluated (a mixin's, under
	// `from __future__ import annotations`).
	module *interp.Module
}

// mapClass maps a declarative class to its table.
func (l *Lib) mapClass(cls *interp.Class, base *declBase) {
	savedModule := l.annModule
	defer func() { l.annModule = savedModule }()
	var clsModule *interp.Module
	if body := cls.Body(); body != nil {
		clsModule = body.Module
		l.annModule = clsModule
	}
	savedMap := l.annTypeMap
	l.annTypeMap = base.typeMap
	defer func() { l.annTypeMap = savedMap }()
	m := &mapping{base: base, mapped: true, cols: map[string]*columnObj{}}
	cls.Data = m
	var parent *interp.Class // the nearest mapped base
	for _, c := range cls.MRO[1:] {
		if pm := mappingOf(c); pm != nil && pm.mapped {
			parent = c
			break
		}
	}
	// Attributes of the class and of its unmapped bases (mixins, abstract
	// classes), the class's own first.
	seen := map[string]bool{}
	var decls []colDecl
	var tableName, tableArgs, table *classAttrDecl
	for i, c := range cls.MRO {
		if i > 0 {
			if _, isBase := c.Data.(*declBase); isBase {
				continue
			}
			if pm := mappingOf(c); pm != nil && pm.mapped {
				// What a mapped base defines (its columns included, mixin copies
				// too) overrides the same names further along the MRO, as
				// SQLAlchemy's attribute_is_overridden finds.
				for _, a := range bodyAttrs(c) {
					seen[a.name] = true
				}
				for name := range pm.cols {
					seen[name] = true
				}
				continue
			}
		}
		var module *interp.Module
		if body := c.Body(); body != nil {
			module = body.Module
			l.annModule = module
		}
		attrs := bodyAttrs(c)
		for j := range attrs {
			// A pointer into the fresh list: a copy of each (table, tableName
			// and tableArgs keep one's address) put every attribute on the heap.
			a := &attrs[j]
			if seen[a.name] {
				continue
			}
			seen[a.name] = true
			if a.name == "__table__" {
				if i == 0 {
					table = a
				}
				continue
			}
			if da, ok := a.val.(*declaredAttr); ok {
				// @declared_attr: SQLAlchemy calls it with the class being mapped.
				r, err := l.in.Call(da.fn, interp.Values(cls))
				if err != nil {
					l.report(err)
					continue
				}
				if a.ann == nil && da.fn.Def != nil && da.fn.Def.Returns != nil {
					a.ann = l.returnAnnotation(da.fn)
				}
				a.val, a.hasVal = r, true
			}
			switch a.name {
			case "__tablename__":
				tableName = a
				continue
			case "__table_args__":
				tableArgs = a
				continue
			}
			if d, ok := l.columnDecl(*a); ok {
				d.own, d.module = i == 0, module
				if !d.own {
					cp := *d.cv
					cp.copyOf, cp.col, cp.table = d.cv, nil, nil
					d.cv = &cp
				}
				decls = append(decls, d)
			}
		}
	}
	if clsModule != nil {
		l.annModule = clsModule
	}
	if body := cls.Body(); body != nil {
		for _, r := range body.Replaced {
			if _, ok := r.Old.(*columnObj); ok {
				l.in.Warn(r.Loc, "column '%s' is assigned twice in class %s: this assignment replaces the one at %s, as in Python", r.Name, cls.Name, r.OldLoc)
			}
		}
	}
	// SQLAlchemy 2.0 orders by sort_order, then the class's own columns before
	// the inherited ones, each in declaration order.
	slices.SortStableFunc(decls, func(a, b colDecl) int { return a.cv.sortOrder - b.cv.sortOrder })
	if base.flask2 {
		// SQLAlchemy 1.4 (which Flask-SQLAlchemy 2.x runs on) orders by
		// when each Column was made.
		slices.SortStableFunc(decls, func(a, b colDecl) int { return a.cv.seq - b.cv.seq })
	}

	if tableName == nil && table == nil && base.flask && l.flaskTableName(cls, parent, decls) {
		name := camelToSnake(cls.Name)
		if base.flask2 {
			name = camelToSnake2(cls.Name)
		}
		tableName = &classAttrDecl{name: "__tablename__", val: interp.Str(name), hasVal: true, loc: cls.Loc, valLoc: cls.Loc}
	}
	meta := base.meta
	var tv *tableObj
	switch {
	case table != nil && table.hasVal:
		t, ok := l.val(interp.Arg{Value: table.val, Loc: table.valLoc}).(*tableObj)
		if !ok {
			if !silent(table.val) {
				l.in.Report(table.valLoc, "__table__ must be a Table, not %s", describe(table.val))
			}
			return
		}
		tv = t
		for _, c := range tv.cols {
			m.cols[c.key] = c
		}
	case tableName != nil && tableName.hasVal && !isNone(tableName.val):
		name, _, ok := l.wantStr(interp.Arg{Value: tableName.val, Loc: tableName.valLoc}, "__tablename__", false)
		if !ok {
			meta.incomplete = true
			return
		}
		sch := meta.schema
		if tableArgs != nil && tableArgs.hasVal {
			sch = tableArgsSchema(tableArgs.val, sch)
		}
		tv = l.newTable(meta, name, sch, tableName.valLoc, false)
		if tv == nil {
			return
		}
		tv.class = cls
	case parent != nil:
		l.singleTable(cls, parent, decls, tableArgs)
		return
	default:
		meta.incomplete = true
		if attrErrors(cls) && len(decls) == 0 {
			return // whatever made the class was itself a mistake
		}
		hint := ""
		for _, a := range bodyAttrs(cls) {
			if a.name != "__tablename__" && python.Suggest(a.name, []string{"__tablename__"}) != "" {
				hint = " — did you mean __tablename__ instead of " + a.name + "?"
			}
		}
		l.in.Report(cls.Loc, "class %s has no __tablename__%s", cls.Name, hint)
		return
	}
	m.table = tv
	if table == nil {
		for _, d := range decls {
			if nd, ok := l.prepareColumn(cls, d); ok {
				d.cv.owner = cls
				l.attachColumn(tv, d.cv, nd)
				m.cols[d.attr] = d.cv
			}
		}
	}
	if tableArgs != nil && tableArgs.hasVal {
		l.tableArgs(tv, interp.Arg{Value: tableArgs.val, Loc: tableArgs.valLoc})
	}
	hasPK := slices.ContainsFunc(tv.cols, func(c *columnObj) bool { return c.primaryKey }) ||
		slices.ContainsFunc(tv.cons, func(c *constraintObj) bool { return c.kind == kindPrimaryKey })
	poisoned := slices.ContainsFunc(tv.cols, func(c *columnObj) bool { return c.poisoned }) || attrErrors(cls)
	if !hasPK && !poisoned {
		l.in.Report(cls.Loc, "class %s has no primary key: SQLAlchemy cannot map table '%s' without one (add primary_key=True to a column)", cls.Name, tv.t.Name)
	}
}

// singleTable maps a subclass without a table of its own: its columns join
// the parent's table (single-table inheritance).
func (l *Lib) singleTable(cls, parent *interp.Class, decls []colDecl, tableArgs *classAttrDecl) {
	m := mappingOf(cls)
	pm := mappingOf(parent)
	m.table = pm.table
	if pm.table == nil {
		return
	}
	if tableArgs != nil && tableArgs.hasVal {
		if _, own := cls.Dict.Get("__table_args__"); own {
			l.in.Report(tableArgs.loc, "class %s has no table of its own (it shares %s's): it can't have __table_args__", cls.Name, parent.Name)
		}
	}
	for _, d := range decls {
		if existing := pm.table.column(d.cv.colName()); existing != nil {
			// The same column again (a declared_attr returning
			// Parent.__table__.c.get("x", Column(...))) is no conflict.
			if d.own && existing != d.cv && existing.copyOf != d.cv && d.cv.copyOf == nil && !d.cv.useExisting {
				l.in.Report(d.cv.loc, "column '%s' on class %s conflicts with the existing column '%s.%s'", d.cv.colName(), cls.Name, pm.table.t.Name, existing.col.Name)
			}
			if d.cv.useExisting {
				m.cols[d.attr] = existing
			}
			continue
		}
		if d.cv.primaryKey {
			l.in.Report(d.cv.loc, "class %s has no table of its own (it shares %s's): it can't add primary key columns", cls.Name, parent.Name)
			continue
		}
		if nd, ok := l.prepareColumn(cls, d); ok {
			d.cv.owner = cls
			l.attachColumn(pm.table, d.cv, nd)
			m.cols[d.attr] = d.cv
		}
	}
}

// columnDecl reads a class attribute as a column declaration: a Column /
// mapped_column value, or a Mapped[...] annotation alone.
func (l *Lib) columnDecl(a classAttrDecl) (colDecl, bool) {
	if a.hasVal {
		cv, ok := a.val.(*columnObj)
		if !ok {
			return colDecl{}, false
		}
		if cv.table != nil && cv.copyOf == nil && cv.key != "" && cv.key != a.name {
			// the same Column object under a second name: an alias, not a column
			return colDecl{}, false
		}
		if cv.key == "" {
			cv.key = a.name
		}
		return colDecl{attr: a.name, cv: cv, ann: a.ann}, true
	}
	if a.ann == nil {
		return colDecl{}, false
	}
	info := l.annotation(a.ann.Value)
	if !info.mapped {
		return colDecl{}, false
	}
	cv := &columnObj{mapped: true, loc: span(a.loc, a.ann.Loc), key: a.name}
	return colDecl{attr: a.name, cv: cv, ann: a.ann}, true
}

// prepareColumn completes a column from its Mapped[] annotation (type and
// nullability) before it is attached; it returns the nullability the
// annotation gives, if any. ok is false when the column cannot be made.
func (l *Lib) prepareColumn(cls *interp.Class, d colDecl) (nullableDefault *bool, ok bool) {
	if d.module != nil {
		saved := l.annModule
		l.annModule = d.module
		defer func() { l.annModule = saved }()
	}
	cv := d.cv
	if cv.key == "" {
		cv.key = d.attr
	}
	if !cv.mapped || d.ann == nil {
		return nil, true
	}
	info := l.annotation(d.ann.Value)
	if !info.mapped || info.inner == nil {
		return nil, true
	}
	for _, extra := range info.extras {
		l.mergeAnnotated(cv, extra)
	}
	opt := info.optional
	if cv.typ == nil && !cv.poisoned {
		t, reported := l.annotationType(cls, info.checks, d.ann.Loc)
		switch {
		case t != nil:
			cv.typ = t
		case reported:
			cv.poisoned = true
		case len(cv.fks) > 0:
			// the type comes from the referred column
		default:
			text := typeText(info.inner, d.ann.Loc)
			l.in.Report(within(d.ann.Loc, text), "could not find a SQLAlchemy type for Python type %s in %s.%s's Mapped[] annotation: give mapped_column() a type such as JSON, or add it to type_annotation_map", text, cls.Name, d.attr)
			cv.poisoned = true
		}
	}
	return &opt, true
}

// mergeAnnotated applies Annotated[T, mapped_column(...)]'s column to a
// column declared with it: what the column does not set itself.
func (l *Lib) mergeAnnotated(cv *columnObj, extra interp.Value) {
	src, ok := extra.(*columnObj)
	if !ok {
		return
	}
	if cv.typ == nil {
		cv.typ = src.typ
	}
	if cv.nullable == nil {
		cv.nullable = src.nullable
	}
	cv.primaryKey = cv.primaryKey || src.primaryKey
	if !cv.uniqueGiven {
		cv.unique, cv.uniqueGiven = src.unique, src.uniqueGiven
	}
	cv.index = cv.index || src.index
	cv.useExisting = cv.useExisting || src.useExisting
	if !cv.hasServer && src.hasServer {
		cv.serverDefault, cv.hasServer, cv.serverText, cv.serverDDL = src.serverDefault, true, src.serverText, src.serverDDL
	}
	if cv.comment == "" {
		cv.comment = src.comment
	}
	if len(cv.fks) == 0 {
		cv.fks = src.fks
	}
	if cv.identity == nil {
		cv.identity = src.identity
	}
	if cv.defaultSrc == "" {
		cv.defaultSrc = src.defaultSrc
	}
	if cv.name == "" {
		cv.name = src.name
	}
	cv.poisoned = cv.poisoned || src.poisoned
}

// typeText writes a Python type for a message.
func typeText(v interp.Value, at interp.Loc) string {
	switch x := v.(type) {
	case *interp.Class:
		return x.Name
	case interp.Str:
		return string(x)
	}
	return at.Text()
}

// within is the place of text inside an annotation's brackets (dict in
// Mapped[dict]), or the whole annotation when it is not found there.
func within(at interp.Loc, text string) interp.Loc {
	src := at.Text()
	open := strings.IndexByte(src, '[')
	if open < 0 {
		return at
	}
	i := strings.Index(src[open:], text)
	if i < 0 {
		return at
	}
	from := at.From + open + i
	return interp.Loc{File: at.File, From: from, To: from + len(text)}
}

// attrErrors reports whether the class body (or a mixin's) holds a value whose
// mistake was reported: a missing column then is that mistake's consequence.
func attrErrors(cls *interp.Class) bool {
	for i, c := range cls.MRO {
		if i > 0 {
			if _, isBase := c.Data.(*declBase); isBase {
				continue
			}
			if pm := mappingOf(c); pm != nil && pm.mapped {
				continue
			}
		}
		for _, a := range bodyAttrs(c) {
			if a.hasVal && silent(a.val) {
				return true
			}
			if cv, ok := a.val.(*columnObj); ok && cv.poisoned {
				return true
			}
		}
	}
	return false
}

// annInfo is what a class attribute's annotation says.
type annInfo struct {
	mapped bool         // Mapped[...]: a mapped attribute (a column unless a relationship)
	inner  interp.Value // the Python type inside Mapped[], Optional, None and Annotated removed
	// checks are the types looked up for the column's type, in order:
	// the annotation without None, then, for Annotated[X, ...], X.
	checks   []interp.Value
	optional bool // Optional[X], X | None, Union[X, None]
	// extras are Annotated[X, mapped_column(...)]'s columns.
	extras []interp.Value
}

// annotation reads an annotation: Mapped[Optional[int]], Mapped["User"], ...
func (l *Lib) annotation(v interp.Value) annInfo {
	v = l.resolveString(v)
	g, ok := v.(*interp.Generic)
	if !ok {
		return annInfo{}
	}
	if g.Origin != l.mapped {
		// WriteOnlyMapped, DynamicMapped (relationships), ClassVar, ...
		return annInfo{}
	}
	if len(g.Args) != 1 {
		return annInfo{mapped: true}
	}
	// As SQLAlchemy 2.0's _init_column_for_annotation: None in a union makes
	// the column nullable; the type looked up is the annotation without
	// it, and for Annotated[X, ...] then X (also without None).
	arg := l.resolveString(g.Args[0])
	optional := l.includesNone(arg)
	our := l.deOptionalize(arg)
	inner, checks := our, []interp.Value{our}
	var extras []interp.Value
	if ag, ok := our.(*interp.Generic); ok && ag.Origin == interp.TypingAnnotated && len(ag.Args) > 0 {
		inner = l.resolveString(ag.Args[0])
		if optional {
			inner = l.deOptionalize(inner)
		}
		extras = ag.Args[1:]
		checks = append(checks, inner)
	}
	if isNone(inner) {
		inner = nil
	}
	if inner != nil {
		// Mapped[List["Post"]], Mapped["Post"]: relationships, not columns
		// (unless type_annotation_map maps the collection: dict[str, Any]).
		if ig, ok := inner.(*interp.Generic); ok && isCollection(ig.Origin) && !l.inTypeMap(checks) {
			return annInfo{}
		}
		if c, ok := inner.(*interp.Class); ok {
			if b, _ := baseOf(c); b != nil {
				return annInfo{}
			}
		}
		if s, ok := inner.(interp.Str); ok && l.isModelName(string(s)) {
			return annInfo{}
		}
	}
	return annInfo{mapped: true, inner: inner, checks: checks, optional: optional, extras: extras}
}

// inTypeMap reports whether the type_annotation_map of the class being
// mapped has one of the types.
func (l *Lib) inTypeMap(types []interp.Value) bool {
	for _, e := range l.annTypeMap {
		for _, t := range types {
			if sameType(l.in, e.key, t) {
				return true
			}
		}
	}
	return false
}

// includesNone is SQLAlchemy's includes_none: None, or a union (or
// Annotated) holding it.
func (l *Lib) includesNone(v interp.Value) bool {
	switch x := l.resolveString(v).(type) {
	case interp.NoneType:
		return true
	case *interp.Union:
		return slices.ContainsFunc(x.Members, l.includesNone)
	case *interp.Generic:
		if x.Origin == interp.TypingAnnotated && len(x.Args) > 0 {
			return l.includesNone(x.Args[0])
		}
	}
	return false
}

// deOptionalize is SQLAlchemy's de_optionalize_union_types: a union
// without its None (the one type left, or the union of those left).
func (l *Lib) deOptionalize(v interp.Value) interp.Value {
	u, ok := v.(*interp.Union)
	if !ok {
		return v
	}
	var kept []interp.Value
	for _, m := range u.Members {
		m = l.resolveString(m)
		if isNone(m) {
			continue
		}
		if mu, ok := m.(*interp.Union); ok {
			kept = append(kept, mu.Members...)
			continue
		}
		kept = append(kept, m)
	}
	switch len(kept) {
	case 0:
		return interp.None
	case 1:
		return kept[0]
	}
	return &interp.Union{Members: kept}
}

// isModelName reports whether a string annotation names a mapped class (a
// relationship's forward reference, unresolved).
func (l *Lib) isModelName(name string) bool {
	name = strings.Trim(name, "'\" ")
	return name != "" && unicode.IsUpper(rune(name[0])) && !strings.ContainsAny(name, "[]")
}

func isCollection(origin interp.Value) bool {
	switch o := origin.(type) {
	case *interp.Class:
		switch o {
		case interp.TypingList, interp.TypingSet, interp.TypingDict, interp.TypingSequence,
			interp.ListClass, interp.SetClass, interp.DictClass, interp.FrozenSetClass:
			return true
		}
		switch o.Name {
		case "Iterable", "Collection", "FrozenSet", "MutableSequence", "AbstractSet", "MutableSet":
			return o.Module == "typing" || o.Module == "typing_extensions"
		}
	case *interp.Opaque:
		return strings.HasSuffix(o.What, ".Sequence") || strings.HasSuffix(o.What, ".Collection")
	}
	return false
}

// resolveString evaluates a string annotation ("Optional[str]", under
// `from __future__ import annotations`) in its class's module.
func (l *Lib) resolveString(v interp.Value) interp.Value {
	if s, ok := v.(interp.Str); ok {
		if r, ok := l.evalAnnotation(string(s)); ok {
			return r
		}
	}
	return v
}

// unwrapOptional strips Optional[X], Union[X, None], X | None and
// Annotated[X, ...] (collecting Annotated's extras).
func (l *Lib) unwrapOptional(v interp.Value, extras *[]interp.Value) (interp.Value, bool) {
	v = l.resolveString(v)
	var members []interp.Value
	switch x := v.(type) {
	case *interp.Generic:
		if x.Origin == interp.TypingAnnotated {
			if len(x.Args) > 0 {
				*extras = append(*extras, x.Args[1:]...)
				return l.unwrapOptional(x.Args[0], extras)
			}
			return v, false
		}
		return v, false
	case *interp.Union:
		members = x.Members
	case interp.NoneType:
		return nil, true
	default:
		return v, false
	}
	var kept []interp.Value
	optional := false
	for _, m := range members {
		m = l.resolveString(m)
		if isNone(m) {
			optional = true
			continue
		}
		inner, opt := l.unwrapOptional(m, extras)
		optional = optional || opt
		if inner != nil {
			kept = append(kept, inner)
		}
	}
	if len(kept) == 1 {
		return kept[0], optional
	}
	return &interp.Union{Members: kept}, optional
}

// annotationType maps the Python types of a Mapped[] annotation (its checks,
// in order) to a column type, as SQLAlchemy 2.0's registry._resolve_type:
// each type, then each class of its MRO, looked up in the base's
// type_annotation_map, then in SQLAlchemy's default one; a type found for a
// base class is taken only when it is an Enum (a subclass of int is no
// Integer).
func (l *Lib) annotationType(cls *interp.Class, checks []interp.Value, at interp.Loc) (*typeObj, bool) {
	var typeMap []typeMapEntry
	if base, _ := baseOf(cls); base != nil {
		typeMap = base.typeMap
	}
	for _, v := range checks {
		switch x := v.(type) {
		case *interp.Union:
			l.in.Report(at, "a union of several types (%s) has no SQL type: give mapped_column() a type", at.Text())
			return nil, true
		case interp.Poison:
			return nil, true
		case *interp.Undefined:
			if !x.Handled {
				interp.MarkHandled(x)
				l.in.Report(x.Loc, "name '%s' is not defined%s", x.Name, didYouMean(x.Name, annotationNames))
			}
			return nil, true
		}
		t, err := l.resolveType(typeMap, v)
		if err != nil {
			l.in.Report(at, "%s", err.Error())
			return nil, true
		}
		if t != nil {
			return t, false
		}
	}
	return nil, false
}

// resolveType is registry._resolve_type for one Python type: nil when
// neither map has it.
func (l *Lib) resolveType(typeMap []typeMapEntry, pyType interp.Value) (*typeObj, error) {
	type step struct{ key, flat interp.Value }
	var search []step
	flat := pyType
	switch x := pyType.(type) {
	case *interp.Generic:
		if x.Origin == interp.TypingLiteral {
			search = []step{{x, x}, {interp.TypingLiteral, x}}
		} else {
			flat = x.Origin
			search = []step{{x, flat}}
		}
	case *interp.Class:
		for _, k := range x.MRO {
			search = append(search, step{k, k})
		}
	default:
		search = []step{{pyType, pyType}}
	}
	for _, st := range search {
		var t *typeObj
		for _, e := range typeMap {
			if sameType(l.in, e.key, st.key) {
				t = e.typ
				break
			}
		}
		if t == nil {
			t = l.defaultMapType(st.key)
		}
		if t == nil {
			continue
		}
		r, err := l.resolveForPythonType(t, flat, st.key, st.flat)
		if err != nil || r != nil {
			return r, err
		}
	}
	return nil, nil
}

// defaultMapType is SQLAlchemy 2.0's default type map (sqltypes._type_map).
func (l *Lib) defaultMapType(key interp.Value) *typeObj {
	c, ok := key.(*interp.Class)
	if !ok {
		return nil
	}
	if c == interp.EnumClass || c == interp.TypingLiteral {
		return &typeObj{cls: l.typeClasses["Enum"], t: schema.Type{Name: "Enum"}, enumClass: interp.EnumClass}
	}
	if name, ok := annotationTypes[c]; ok {
		return &typeObj{cls: l.typeClasses[name], t: schema.Type{Name: name}}
	}
	return nil
}

// resolveForPythonType is TypeEngine._resolve_for_python_type: a type
// found for pyType's class matchedOn (flattened: its class) is taken for
// that class only; an Enum makes the Enum of pyType (an enum class, a
// Literal's values) with its own options, as Enum's does.
func (l *Lib) resolveForPythonType(t *typeObj, pyType, matchedOn, flattened interp.Value) (*typeObj, error) {
	if t.t.Name != "Enum" || typeInfo(t.cls) == nil || typeInfo(t.cls).spec.shape != shapeEnum {
		if !interp.Identical(pyType, flattened) {
			return nil, nil
		}
		return t, nil
	}
	generic := t.enumClass == interp.EnumClass
	out := t.clone()
	var values []string
	var class *interp.Class
	lit, isLit := pyType.(*interp.Generic)
	isLit = isLit && lit.Origin == interp.TypingLiteral
	pyClass, isClass := pyType.(*interp.Class)
	switch {
	case !generic && interp.Identical(pyType, matchedOn):
		return t, nil
	case isLit:
		for _, m := range lit.Args {
			s, ok := m.(interp.Str)
			if !ok {
				return nil, fmt.Errorf("Can't create string-based Enum datatype from non-string values: %s.  Please provide an explicit Enum datatype for this Python type", describe(m))
			}
			values = append(values, string(s))
		}
		out.t.NonNative = true
	case isClass && pyClass.IsSubclass(interp.EnumClass):
		class = pyClass
		var err error
		if values, err = l.enumClassValues(class, t.valuesCallable); err != nil {
			return nil, err
		}
	default:
		return t, nil
	}
	out.enumClass = class
	out.t.Enum = values
	if !t.enumNamed {
		out.t.EnumName = ""
		if class != nil && len(values) > 0 {
			out.t.EnumName = strings.ToLower(class.Name)
		}
	}
	// The new Enum's length= is the old one's VARCHAR length, if any.
	length := t.t.EnumLength
	if length == 0 {
		length = longestValue(t.t.Enum)
	}
	out.t.EnumLength = 0
	if length > 0 {
		longest := longestValue(values)
		if length < longest {
			return nil, fmt.Errorf("When provided, length must be larger or equal than the length of the longest enum value. %d < %d", length, longest)
		}
		if length != longest {
			out.t.EnumLength = length
		}
	}
	return out, nil
}

// longestValue is the length of the longest of an Enum's values.
func longestValue(values []string) int {
	n := 0
	for _, v := range values {
		n = max(n, len([]rune(v)))
	}
	return n
}

// sameType reports whether two type_annotation_map keys are the same type.
func sameType(in *interp.Interp, a, b interp.Value) bool {
	if interp.Identical(a, b) {
		return true
	}
	ga, ok1 := a.(*interp.Generic)
	gb, ok2 := b.(*interp.Generic)
	if ok1 && ok2 && interp.Identical(ga.Origin, gb.Origin) && len(ga.Args) == len(gb.Args) {
		for i := range ga.Args {
			if !sameType(in, ga.Args[i], gb.Args[i]) {
				return false
			}
		}
		return true
	}
	return false
}

// annotationNames are the Python types SQLAlchemy maps by default, for
// suggestions.
var annotationNames = []string{"int", "str", "float", "bool", "bytes", "datetime", "date", "time", "timedelta", "Decimal", "UUID", "Optional"}

// declaredAttr is a @declared_attr function: SQLAlchemy calls it with the
// mapped class.
type declaredAttr struct {
	fn *interp.Func
}

var declaredAttrClass = interp.NewClass("declared_attr", "sqlalchemy.orm", nil)

func (d *declaredAttr) PyClass() *interp.Class { return declaredAttrClass }

// declaredAttrDecorator is declared_attr (and declared_attr.directive,
// declared_attr.cascading).
var declaredAttrDecorator = &declaredAttrFactory{}

type declaredAttrFactory struct{}

func (d *declaredAttrFactory) PyClass() *interp.Class { return declaredAttrClass }

func (d *declaredAttrFactory) Call(in *interp.Interp, a *interp.Args) (interp.Value, error) {
	if len(a.Pos) != 1 {
		return nil, interp.NewError("TypeError", "declared_attr takes one function")
	}
	switch fn := a.Pos[0].Value.(type) {
	case *interp.Func:
		return &declaredAttr{fn: fn}, nil
	case *interp.ClassMethod:
		if f, ok := fn.Func.(*interp.Func); ok {
			return &declaredAttr{fn: f}, nil
		}
	}
	return nil, interp.Errorf(a.Pos[0].Loc, "declared_attr decorates a function, not %s", interp.Describe(a.Pos[0].Value))
}

func (d *declaredAttrFactory) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	switch name {
	case "directive", "cascading":
		return d, nil
	}
	return nil, nil
}

// returnAnnotation is a declared_attr's return annotation (-> Mapped[int]),
// which types the column it returns.
func (l *Lib) returnAnnotation(fn *interp.Func) *interp.Annotation {
	loc := interp.Loc{File: fn.Module.File, From: fn.Def.Returns.Pos(), To: fn.Def.Returns.End()}
	v, ok := l.evalAnnotationIn(fn.Module, loc.Text())
	if !ok {
		return nil
	}
	return &interp.Annotation{Value: v, Loc: loc}
}

// evalAnnotation evaluates the text of an annotation in the module of the
// class being mapped.
func (l *Lib) evalAnnotation(src string) (interp.Value, bool) {
	if l.annModule == nil {
		return nil, false
	}
	return l.evalAnnotationIn(l.annModule, src)
}

func (l *Lib) evalAnnotationIn(m *interp.Module, src string) (interp.Value, bool) {
	v, err := l.in.EvalIn(m, src)
	if err != nil {
		return nil, false
	}
	return v, true
}

// registryObj is sqlalchemy.orm.registry().
type registryObj struct {
	meta    *metaObj
	typeMap []typeMapEntry
	loc     interp.Loc
}

var registryClass = interp.NewClass("registry", "sqlalchemy.orm", nil)

func (r *registryObj) PyClass() *interp.Class { return registryClass }

func (r *registryObj) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	l := lib(in)
	switch name {
	case "metadata":
		return r.meta, nil
	case "generate_base":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			return l.newBase("Base", r.meta, r.typeMap, a.Loc), nil
		}}, nil
	case "mapped", "mapped_as_dataclass":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			if len(a.Pos) != 1 {
				return nil, interp.NewError("TypeError", "registry.mapped decorates a class")
			}
			cls, ok := a.Pos[0].Value.(*interp.Class)
			if !ok {
				return nil, interp.Errorf(a.Pos[0].Loc, "registry.mapped decorates a class, not %s", interp.Describe(a.Pos[0].Value))
			}
			base := &declBase{meta: r.meta, typeMap: r.typeMap, name: "registry"}
			if v, ok := cls.Dict.Get("__abstract__"); ok {
				if b, _ := in.Truth(v); b {
					return cls, nil
				}
			}
			l.mapClass(cls, base)
			return cls, nil
		}}, nil
	case "map_imperatively", "configure", "dispose":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) { return interp.None, nil }}, nil
	case "type_annotation_map":
		d := interp.NewDict()
		for _, e := range r.typeMap {
			_ = d.Set(e.key, e.typ)
		}
		return d, nil
	}
	return nil, nil
}

// makeDeclarativeBase builds declarative_base(...): a new base class.
func (l *Lib) makeDeclarativeBase(c *interp.Args) interp.Value {
	b, _, ok := l.bindArgs(c, "declarative_base", nil, []string{"bind", "metadata", "mapper", "cls", "name", "class_registry", "type_annotation_map", "constructor", "metaclass"}, "", nil)
	if !ok {
		return interp.Poison{}
	}
	meta, good := l.metadataArg(b.get("metadata"), c.Loc)
	if !good {
		return interp.Poison{}
	}
	name := "Base"
	if a := b.get("name"); a != nil {
		if s, ok := a.Value.(interp.Str); ok {
			name = string(s)
		}
	}
	var typeMap []typeMapEntry
	if a := b.get("type_annotation_map"); a != nil {
		typeMap = l.typeAnnotationMap(*a)
	}
	base := l.newBase(name, meta, typeMap, c.Loc)
	if a := b.get("cls"); a != nil {
		if cc, ok := a.Value.(*interp.Class); ok {
			base.Bases = []*interp.Class{cc}
			base.MRO = append([]*interp.Class{base}, cc.MRO...)
		}
	}
	return base
}

// metadataArg reads metadata=: a MetaData, or a new one when absent.
func (l *Lib) metadataArg(a *interp.Arg, at interp.Loc) (*metaObj, bool) {
	if a == nil || isNone(a.Value) {
		return l.newMeta(at), true
	}
	switch v := l.val(*a).(type) {
	case *metaObj:
		return v, true
	case interp.Poison:
		return nil, false
	}
	l.in.Report(a.Loc, "metadata must be a MetaData, not %s", describe(a.Value))
	return nil, false
}

// makeRegistry builds registry(...).
func (l *Lib) makeRegistry(c *interp.Args) interp.Value {
	b, _, ok := l.bindArgs(c, "registry", nil, []string{"metadata", "class_registry", "type_annotation_map", "constructor"}, "", nil)
	if !ok {
		return interp.Poison{}
	}
	meta, good := l.metadataArg(b.get("metadata"), c.Loc)
	if !good {
		return interp.Poison{}
	}
	r := &registryObj{meta: meta, loc: c.Loc}
	if a := b.get("type_annotation_map"); a != nil {
		r.typeMap = l.typeAnnotationMap(*a)
	}
	return r
}

// asDeclarative is as_declarative(): a decorator that makes the class a base.
func (l *Lib) asDeclarative(c *interp.Args) interp.Value {
	b, _, _ := l.bindArgs(c, "as_declarative", nil, []string{"metadata", "bind", "class_registry", "name", "constructor", "metaclass", "mapper", "type_annotation_map"}, "", nil)
	meta, good := l.metadataArg(b.get("metadata"), c.Loc)
	if !good {
		return interp.Poison{}
	}
	return &interp.Builtin{Name: "as_declarative", Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
		if len(a.Pos) != 1 {
			return nil, interp.NewError("TypeError", "as_declarative() decorates a class")
		}
		cls, ok := a.Pos[0].Value.(*interp.Class)
		if !ok {
			return nil, interp.Errorf(a.Pos[0].Loc, "as_declarative() decorates a class, not %s", interp.Describe(a.Pos[0].Value))
		}
		// The class becomes a base: it and its subclasses map as a base's do.
		marker := interp.NewClass(cls.Name, cls.Module, l.declarativeNative())
		marker.Data = &declBase{meta: meta, name: cls.Name}
		cls.Bases = append(cls.Bases, marker)
		cls.MRO = append(cls.MRO, marker)
		cls.Data = marker.Data
		l.bases = append(l.bases, cls)
		return cls, nil
	}}
}

// typeAnnotationMap reads a type_annotation_map dict.
func (l *Lib) typeAnnotationMap(a interp.Arg) []typeMapEntry {
	d, ok := l.val(a).(*interp.Dict)
	if !ok {
		if !isNone(a.Value) && !silent(a.Value) {
			l.in.Report(a.Loc, "type_annotation_map must be a dict, not %s", describe(a.Value))
		}
		return nil
	}
	var out []typeMapEntry
	for i, k := range d.Keys() {
		v := interp.Arg{Value: d.Values()[i], Loc: a.Loc}
		t, reported := l.asType(v)
		if t == nil {
			if !reported && !silent(l.val(v)) {
				l.in.Report(a.Loc, "type_annotation_map values must be column types such as String(50), not %s", describe(v.Value))
			}
			continue
		}
		out = append(out, typeMapEntry{key: k, typ: t})
	}
	return out
}

// camelToSnake is Flask-SQLAlchemy 3's camel_to_snake_case:
// re.sub(r"((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))", r"_\1", name).lower().lstrip("_").
// camelToSnake2 is Flask-SQLAlchemy 2.x's (model.py 2.5.1: camelcase_re =
// ([A-Z]+)(?=[a-z0-9]), a run of capitals before a lowercase letter or a
// digit becoming _run[:-1]_run[-1], lowercased; a run at the end stays as
// it is): UserID -> userID, HTTPLog -> http_log, ABC -> ABC.
func camelToSnake2(name string) string {
	r := []rune(name)
	var b strings.Builder
	for i := 0; i < len(r); {
		if !unicode.IsUpper(r[i]) {
			b.WriteRune(r[i])
			i++
			continue
		}
		j := i
		for j < len(r) && unicode.IsUpper(r[j]) {
			j++
		}
		run := r[i:j]
		if j < len(r) && (unicode.IsLower(r[j]) || unicode.IsDigit(r[j])) {
			if len(run) > 1 {
				b.WriteString("_" + strings.ToLower(string(run[:len(run)-1])) + "_" + strings.ToLower(string(run[len(run)-1:])))
			} else {
				b.WriteString("_" + strings.ToLower(string(run)))
			}
		} else {
			b.WriteString(string(run))
		}
		i = j
	}
	return strings.TrimLeft(b.String(), "_")
}

func camelToSnake(name string) string {
	r := []rune(name)
	var b strings.Builder
	for i, c := range r {
		lowerOrDigit := func(x rune) bool { return unicode.IsLower(x) || unicode.IsDigit(x) }
		if unicode.IsUpper(c) && ((i > 0 && lowerOrDigit(r[i-1])) || (i > 0 && i+1 < len(r) && unicode.IsLower(r[i+1]))) {
			b.WriteByte('_')
		}
		b.WriteRune(c)
	}
	return strings.TrimLeft(strings.ToLower(b.String()), "_")
}
