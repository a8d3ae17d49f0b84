package models

import (
	"slices"
	"strings"

	"retort/engine/schema"
)

// classVal is a class statement's result.
type classVal struct {
	name     string
	module   *module
	pos, end loc // from `class` to the end of the name: where class errors point
	bases    []*arg
	attrs    []*classAttr
	mro      []*classVal // the class and its project-defined bases, Python's order

	// isBase: a declarative base (declarative_base(), class Base(DeclarativeBase)).
	isBase  bool
	meta    *metadataVal
	typeMap []typeMapEntry
	// declBase is the declarative base a model class derives from.
	declBase *classVal
	abstract bool
	mapped   bool
	// table holds the class's columns: its own table, or its parent's under
	// single-table inheritance. Nil for a class whose mapping failed.
	table *tableVal
	// cols maps attribute names to the mapped columns (its own and inherited).
	cols map[string]*columnVal

	enum          *enumInfo
	typeDecorator bool
	typeImpl      *typeVal
}

// classAttr is one name a class body binds.
type classAttr struct {
	name     string
	val      *arg // nil for an annotation alone
	ann      *arg // nil when not annotated
	pos, end loc  // the target name
}

// enumInfo is an enum.Enum subclass's members, in order.
type enumInfo struct {
	members []enumMember
}

type enumMember struct {
	name     string
	val      value
	pos, end loc
}

// attr returns the class body's own binding of name.
func (cls *classVal) attr(name string) *classAttr {
	for _, a := range cls.attrs {
		if a.name == name {
			return a
		}
	}
	return nil
}

// setAttr records a binding in a class body: a later assignment replaces the
// value (keeping the first position, as a dict keeps its key's place).
func (cls *classVal) setAttr(name string, val, ann *arg, pos, end loc) *classAttr {
	if a := cls.attr(name); a != nil {
		if val != nil {
			a.val = val
		}
		if ann != nil {
			a.ann = ann
		}
		return a
	}
	a := &classAttr{name: name, val: val, ann: ann, pos: pos, end: end}
	cls.attrs = append(cls.attrs, a)
	return a
}

// newBase makes a declarative base class.
func (ev *evaluator) newBase(name string, meta *metadataVal, typeMap []typeMapEntry, pos loc) *classVal {
	if meta == nil {
		meta = &metadataVal{}
	}
	cls := &classVal{name: name, isBase: true, meta: meta, typeMap: typeMap, pos: pos, end: pos}
	cls.mro = []*classVal{cls}
	if !slices.Contains(ev.metas, meta) {
		ev.metas = append(ev.metas, meta)
	}
	ev.bases = append(ev.bases, cls)
	return cls
}

// lookupAttr finds Class.name: mapped columns, the class body's bindings, then
// its bases'. Special attributes (metadata, __table__, ...) come first.
func (ev *evaluator) lookupAttr(cls *classVal, name string) (value, bool) {
	switch name {
	case "metadata":
		if meta := cls.metadata(); meta != nil {
			return meta, true
		}
	case "__table__":
		if cls.table != nil {
			return cls.table, true
		}
	case "__name__":
		return strVal(cls.name), true
	case "registry":
		if meta := cls.metadata(); meta != nil {
			return &registryVal{meta: meta, typeMap: cls.baseTypeMap()}, true
		}
	}
	for _, c := range cls.mro {
		if cv, ok := c.cols[name]; ok {
			return cv, true
		}
		if a := c.attr(name); a != nil {
			if a.val == nil {
				continue
			}
			return a.val.val, true
		}
	}
	return nil, false
}

// metadata is the MetaData a base or model class's tables go to.
func (cls *classVal) metadata() *metadataVal {
	if cls.isBase {
		return cls.meta
	}
	if cls.declBase != nil {
		return cls.declBase.meta
	}
	return nil
}

func (cls *classVal) baseTypeMap() []typeMapEntry {
	if cls.isBase {
		return cls.typeMap
	}
	if cls.declBase != nil {
		return cls.declBase.typeMap
	}
	return nil
}

// c3 computes a class's method resolution order over the project's classes.
func c3(cls *classVal) []*classVal {
	var seqs [][]*classVal
	var direct []*classVal
	for _, b := range cls.bases {
		if bc, ok := b.val.(*classVal); ok {
			seqs = append(seqs, slices.Clone(bc.mro))
			direct = append(direct, bc)
		}
	}
	seqs = append(seqs, direct)
	out := []*classVal{cls}
	for {
		seqs = slices.DeleteFunc(seqs, func(s []*classVal) bool { return len(s) == 0 })
		if len(seqs) == 0 {
			return out
		}
		var next *classVal
		for _, s := range seqs {
			head := s[0]
			inTail := false
			for _, t := range seqs {
				if slices.Contains(t[1:], head) {
					inTail = true
					break
				}
			}
			if !inTail {
				next = head
				break
			}
		}
		if next == nil { // inconsistent hierarchy: Python raises; keep depth-first order
			for _, s := range seqs {
				for _, c := range s {
					if !slices.Contains(out, c) {
						out = append(out, c)
					}
				}
			}
			return out
		}
		out = append(out, next)
		for i, s := range seqs {
			if s[0] == next {
				seqs[i] = s[1:]
			}
		}
	}
}

// defineClass runs at the end of a class statement, as SQLAlchemy's declarative
// metaclass (or __init_subclass__) does: it decides what the class is and maps
// it to a table. decorators are the class's decorator values.
func (ev *evaluator) defineClass(cls *classVal, decorators []value) {
	cls.mro = c3(cls)
	for _, b := range cls.bases {
		switch v := b.val.(type) {
		case externVal:
			switch canon(v.path) {
			case "sa.DeclarativeBase", "sa.DeclarativeBaseNoMeta":
				cls.isBase = true
			case "enum.Enum", "enum.IntEnum", "enum.StrEnum", "enum.Flag", "enum.IntFlag":
				cls.enum = &enumInfo{}
			case "sa.TypeDecorator":
				cls.typeDecorator = true
			}
		case *classVal:
			switch {
			case v.isBase || v.declBase != nil:
				if cls.declBase == nil {
					cls.declBase = v.declBase
					if v.isBase {
						cls.declBase = v
					}
				}
			case v.enum != nil:
				cls.enum = &enumInfo{}
			case v.typeDecorator:
				cls.typeDecorator = true
				cls.typeImpl = v.typeImpl
			}
		}
	}
	for _, d := range decorators {
		switch d := d.(type) {
		case methodVal:
			if reg, ok := d.recv.(*registryVal); ok && d.name == "mapped" {
				cls.declBase = ev.newBase("registry", reg.meta, reg.typeMap, cls.pos)
			}
		case opaqueVal:
			if d.what == "as_declarative()" {
				cls.isBase = true
			}
		}
	}
	switch {
	case cls.isBase:
		cls.declBase = nil
		cls.meta = nil
		if a := cls.attr("metadata"); a != nil && a.val != nil {
			if m, ok := ev.val(a.val).(*metadataVal); ok {
				cls.meta = m
			}
		}
		if a := cls.attr("registry"); a != nil && a.val != nil && cls.meta == nil {
			if r, ok := ev.val(a.val).(*registryVal); ok {
				cls.meta = r.meta
				cls.typeMap = r.typeMap
			}
		}
		if cls.meta == nil {
			cls.meta = &metadataVal{pos: cls.pos}
		}
		if a := cls.attr("type_annotation_map"); a != nil && a.val != nil {
			cls.typeMap = ev.typeAnnotationMap(a.val)
		}
		if !slices.Contains(ev.metas, cls.meta) {
			ev.metas = append(ev.metas, cls.meta)
		}
		ev.bases = append(ev.bases, cls)
	case cls.enum != nil:
		ev.enumMembers(cls)
	case cls.typeDecorator:
		if a := cls.attr("impl"); a != nil && a.val != nil {
			if tv, _ := ev.asType(a.val); tv != nil {
				cls.typeImpl = tv
			}
		}
	case cls.declBase != nil:
		if a := cls.attr("__abstract__"); a != nil && a.val != nil {
			if b, ok := truthy(a.val.val); ok && b {
				cls.abstract = true
				return
			}
		}
		ev.mapClass(cls)
	}
}

// enumMembers collects an enum class's members: its body's plain assignments.
func (ev *evaluator) enumMembers(cls *classVal) {
	next := int64(1)
	for _, a := range cls.attrs {
		if a.val == nil || strings.HasPrefix(a.name, "_") {
			continue
		}
		v := a.val.val
		switch x := v.(type) {
		case skipVal, *classVal, funcVal:
			continue
		case opaqueVal:
			if x.what == "auto()" {
				v = intVal(next)
			}
		}
		if n, ok := v.(intVal); ok {
			next = int64(n) + 1
		}
		cls.enum.members = append(cls.enum.members, enumMember{name: a.name, val: v, pos: a.pos, end: a.end})
	}
}

// colDecl is one column a mapped class declares (or inherits from a mixin).
type colDecl struct {
	attr string
	cv   *columnVal
	ann  *arg
	own  bool
}

// mapClass maps a declarative class to its table.
func (ev *evaluator) mapClass(cls *classVal) {
	cls.mapped = true
	nattrs := 0
	for _, c := range cls.mro {
		nattrs += len(c.attrs)
	}
	cls.cols = make(map[string]*columnVal, len(cls.attrs))
	var parent *classVal // the nearest mapped base
	for _, c := range cls.mro[1:] {
		if c.mapped {
			parent = c
			break
		}
	}
	// Attributes of the class and of its unmapped bases (mixins, abstract
	// classes), the class's own first.
	seen := make(map[string]bool, nattrs)
	decls := make([]colDecl, 0, len(cls.attrs))
	var tableName, tableArgs, table *classAttr
	for i, c := range cls.mro {
		if i > 0 && (c.mapped || c.isBase) {
			// What a mapped base defines (its columns included, mixin copies
			// too) overrides the same names further along the MRO, as
			// SQLAlchemy's attribute_is_overridden finds.
			for _, a := range c.attrs {
				seen[a.name] = true
			}
			for name := range c.cols {
				seen[name] = true
			}
			continue
		}
		for _, a := range c.attrs {
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
			if da, ok := a.val.valOf().(*declaredAttrVal); ok {
				// @declared_attr: SQLAlchemy calls it with the class being mapped.
				ret, ok := ev.callDeclaredAttr(da, cls)
				if !ok {
					continue
				}
				ann := a.ann
				if ann == nil {
					ann = ev.declaredAttrAnnotation(da)
				}
				a = &classAttr{name: a.name, val: ret, ann: ann, pos: a.pos, end: a.end}
			}
			switch a.name {
			case "__tablename__":
				tableName = a
				continue
			case "__table_args__":
				tableArgs = a
				continue
			}
			if d, ok := ev.columnDecl(a); ok {
				d.own = i == 0
				if !d.own {
					cp := *d.cv
					cp.copyOf, cp.col, cp.table = d.cv, nil, nil
					d.cv = &cp
				}
				decls = append(decls, d)
			}
		}
	}
	// SQLAlchemy 2.0 orders by sort_order, then the class's own columns before
	// the inherited ones, each in declaration order.
	slices.SortStableFunc(decls, func(a, b colDecl) int { return a.cv.sortOrder - b.cv.sortOrder })

	meta := cls.declBase.meta
	var tv *tableVal
	switch {
	case table != nil && table.val != nil:
		t, ok := ev.val(table.val).(*tableVal)
		if !ok {
			if !silent(table.val.val) {
				ev.errorAt(table.val, "__table__ must be a Table, not %s", describe(table.val.val))
			}
			return
		}
		tv = t
		for _, c := range tv.cols {
			cls.cols[c.key] = c
		}
	case tableName != nil && tableName.val != nil && !isNone(tableName.val.val):
		name, _, ok := ev.wantStr(tableName.val, "__tablename__", false)
		if !ok {
			meta.incomplete = true
			return
		}
		tv = ev.newTable(meta, name, tableName.val.pos, tableName.val.end, false)
		if tv == nil {
			return
		}
		tv.class = cls
		if len(decls) > 0 {
			tv.cols = make([]*columnVal, 0, len(decls))
			tv.t.Columns = make([]*schema.Column, 0, len(decls))
		}
	case parent != nil:
		ev.singleTable(cls, parent, decls, tableArgs)
		return
	default:
		meta.incomplete = true
		if attrErrors(cls) && !hasColumns(decls) {
			return // whatever made the class was itself a mistake
		}
		hint := ""
		for _, a := range cls.attrs {
			if a.name != "__tablename__" && suggest(a.name, []string{"__tablename__"}) != "" {
				hint = " — did you mean __tablename__ instead of " + a.name + "?"
			}
		}
		ev.errorf(cls.pos, cls.end, "class %s has no __tablename__%s", cls.name, hint)
		return
	}
	cls.table = tv
	if table == nil {
		for _, d := range decls {
			if nd, ok := ev.prepareColumn(cls, d); ok {
				d.cv.owner = cls
				ev.attachColumn(tv, d.cv, nd)
				cls.cols[d.attr] = d.cv
			}
		}
	}
	if len(tv.cols) == 0 {
		tv.cols, tv.t.Columns = nil, nil // as if never sized
	}
	if tableArgs != nil && tableArgs.val != nil {
		ev.tableArgs(tv, tableArgs.val)
	}
	hasPK := slices.ContainsFunc(tv.cols, func(c *columnVal) bool { return c.primaryKey }) ||
		slices.ContainsFunc(tv.cons, func(c *constraintVal) bool { return c.kind == kindPrimaryKey })
	poisoned := slices.ContainsFunc(tv.cols, func(c *columnVal) bool { return c.poisoned }) || attrErrors(cls)
	if !hasPK && !poisoned {
		ev.errorf(cls.pos, cls.end, "class %s has no primary key: SQLAlchemy cannot map table '%s' without one (add primary_key=True to a column)", cls.name, tv.t.Name)
	}
}

func isNone(v value) bool {
	_, ok := v.(noneVal)
	return ok
}

// singleTable maps a subclass without a table of its own: its columns join
// the parent's table (single-table inheritance).
func (ev *evaluator) singleTable(cls, parent *classVal, decls []colDecl, tableArgs *classAttr) {
	cls.table = parent.table
	if parent.table == nil {
		return
	}
	if tableArgs != nil && tableArgs.val != nil && cls.attr("__table_args__") != nil {
		ev.errorf(tableArgs.pos, tableArgs.end, "class %s has no table of its own (it shares %s's): it can't have __table_args__", cls.name, parent.name)
	}
	for _, d := range decls {
		if existing := parent.table.column(d.cv.colName()); existing != nil {
			if d.own && existing.copyOf != d.cv && d.cv.copyOf == nil {
				ev.errorf(d.cv.pos, d.cv.end, "column '%s' on class %s conflicts with the existing column '%s.%s'", d.cv.colName(), cls.name, parent.table.t.Name, existing.col.Name)
			}
			continue
		}
		if d.cv.primaryKey {
			ev.errorf(d.cv.pos, d.cv.end, "class %s has no table of its own (it shares %s's): it can't add primary key columns", cls.name, parent.name)
			continue
		}
		if nd, ok := ev.prepareColumn(cls, d); ok {
			d.cv.owner = cls
			ev.attachColumn(parent.table, d.cv, nd)
			cls.cols[d.attr] = d.cv
		}
	}
}

// columnDecl reads a class attribute as a column declaration: a Column /
// mapped_column value, or a Mapped[...] annotation alone.
func (ev *evaluator) columnDecl(a *classAttr) (colDecl, bool) {
	if a.val != nil {
		cv, ok := a.val.val.(*columnVal)
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
	info := ev.annotation(a.ann)
	if !info.mapped {
		return colDecl{}, false
	}
	cv := &columnVal{mapped: true, pos: a.pos, end: a.ann.end, key: a.name}
	return colDecl{attr: a.name, cv: cv, ann: a.ann}, true
}

// prepareColumn completes a column from its Mapped[] annotation (type and
// nullability) before it is attached; it returns the nullability the
// annotation gives, if any. ok is false when the column cannot be made.
func (ev *evaluator) prepareColumn(cls *classVal, d colDecl) (nullableDefault *bool, ok bool) {
	cv := d.cv
	if cv.key == "" {
		cv.key = d.attr
	}
	if !cv.mapped || d.ann == nil {
		return nil, true
	}
	info := ev.annotation(d.ann)
	if !info.mapped || info.inner == nil {
		return nil, true
	}
	opt := info.optional
	if cv.typ == nil && !cv.poisoned {
		tv, reported := ev.annotationType(cls, info.inner)
		switch {
		case tv != nil:
			cv.typ = tv
		case reported:
			cv.poisoned = true
		case len(cv.fks) > 0:
			// the type comes from the referred column
		default:
			ev.errorAt(info.inner, "could not find a SQLAlchemy type for Python type %s in %s.%s's Mapped[] annotation: give mapped_column() a type such as JSON, or add it to type_annotation_map", info.inner.src, cls.name, d.attr)
			cv.poisoned = true
		}
	}
	return &opt, true
}

// attrErrors reports whether the class body (or a mixin's) holds a value whose
// mistake was reported: a missing column then is that mistake's consequence.
func attrErrors(cls *classVal) bool {
	for i, c := range cls.mro {
		if i > 0 && (c.mapped || c.isBase) {
			continue
		}
		for _, a := range c.attrs {
			if a.val != nil && silent(a.val.val) {
				return true
			}
			if cv, ok := a.val.valOf().(*columnVal); ok && cv.poisoned {
				return true
			}
		}
	}
	return false
}

func hasColumns(decls []colDecl) bool { return len(decls) > 0 }
