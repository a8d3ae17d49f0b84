package models

import (
	"errors"
	"io/fs"
	"strconv"
	"strings"

	"retort/engine/python"
)

// scope is where a statement runs: a module, or a class body inside one.
type scope struct {
	mod *module
	cls *classVal
	// locals is the class body's namespace (nil at module level).
	locals map[string]value
	// forward evaluates annotations: a missing name may be a class defined
	// later, so it is not reported by the statement.
	forward bool
}

// pos converts a byte offset of the module's file into a Pos.
func (m *module) pos(off int) Pos {
	p := m.file.Position(off)
	return Pos{File: m.path, Line: p.Line, Col: p.Column, Offset: p.Offset}
}

// resolveStrings evaluates the string parts of an annotation (forward
// references, `from __future__ import annotations` style: Mapped["User"],
// Mapped["Optional[str]"]) as expressions in the annotation's scope. What is
// inside a string is positioned at the whole string.
func (ev *evaluator) resolveStrings(sc *scope, a *arg, depth int) {
	if depth > 20 {
		return
	}
	switch v := a.val.(type) {
	case strVal:
		tree, err := python.Parse(sc.mod.path, []byte(string(v)))
		if err != nil || tree == nil || len(tree.Body) != 1 {
			return
		}
		es, ok := tree.Body[0].(*python.ExprStmt)
		if !ok {
			return
		}
		inner := *sc.mod
		inner.file = tree.File
		inner.fixed = &[2]loc{a.pos, a.end}
		isc := *sc
		isc.mod = &inner
		isc.forward = true
		a.val = ev.eval(&isc, es.X)
		ev.resolveStrings(sc, a, depth+1)
	case *genericVal:
		if o, ok := v.origin.(externVal); ok && canon(o.path) == "typing.Literal" {
			return // Literal["a", "b"] holds values, not types
		}
		for _, x := range v.args {
			ev.resolveStrings(sc, x, depth+1)
		}
	case *unionVal:
		for _, x := range v.members {
			ev.resolveStrings(sc, x, depth+1)
		}
	}
}

// argOf makes an arg from an evaluated expression.
func (sc *scope) argOf(e python.Expr, v value) *arg {
	src := sc.mod.file.Source()
	from, to := max(0, min(e.Pos(), len(src))), max(0, min(e.End(), len(src)))
	if to < from {
		to = from
	}
	a := &arg{val: v, pos: sc.mod.loc(from), end: sc.mod.loc(to), src: src[from:to]}
	if sc.mod.fixed != nil {
		a.end = sc.mod.fixed[1]
	}
	return a
}

// execBody runs statements; each statement's unreported missing names are
// reported at its end.
func (ev *evaluator) execBody(sc *scope, body []python.Stmt) {
	for _, st := range body {
		ev.execStmt(sc, st)
		if sc.cls == nil {
			ev.flushPending()
		}
	}
}

func (ev *evaluator) execStmt(sc *scope, st python.Stmt) {
	switch s := st.(type) {
	case *python.Import:
		for _, al := range s.Names {
			pos, end := sc.mod.loc(al.Pos()), sc.mod.loc(al.End())
			v := ev.importModule(sc.mod, al.Name, 0, pos, end)
			if al.As != nil {
				ev.bind(sc, al.As.Id, v, al.As)
				continue
			}
			top := al.Name
			if i := strings.IndexByte(top, '.'); i >= 0 {
				top = top[:i]
				if _, ok := v.(poisonVal); !ok {
					v = ev.importModule(sc.mod, top, 0, pos, end)
				}
			}
			ev.bind(sc, top, v, al)
		}
	case *python.ImportFrom:
		ev.importFrom(sc, s)
	case *python.Assign:
		ev.assign(sc, s)
	case *python.ExprStmt:
		if _, doc := s.X.(*python.String); doc {
			return
		}
		ev.eval(sc, s.X)
	case *python.ClassDef:
		ev.classDef(sc, s)
	case *python.FuncDef:
		if s.Async {
			return // as the other statements below
		}
		var v value = funcVal{name: s.Name.Id}
		for _, d := range s.Decorators {
			dv := ev.eval(sc, d)
			// @declared_attr, @declared_attr.directive, @declared_attr.cascading
			if e, ok := dv.(externVal); ok && strings.HasPrefix(e.path, "sqlalchemy") &&
				(strings.HasSuffix(e.path, ".declared_attr") || strings.Contains(e.path, ".declared_attr.")) {
				v = &declaredAttrVal{fn: s, mod: sc.mod}
			}
		}
		ev.bind(sc, s.Name.Id, v, s.Name)
	}
	// async def, With, Pass, Return, If, For, While, Try, the other simple
	// statements, Opaque (match, type) and BadStmt: no schema effect (the names
	// they bind are not defined).
}

// declaredAttrVal is a @declared_attr function: SQLAlchemy calls it with the
// mapped class; Retort evaluates its return statement.
type declaredAttrVal struct {
	fn  *python.FuncDef
	mod *module
}

// callDeclaredAttr evaluates a declared_attr's `return` with its first parameter
// bound to cls.
func (ev *evaluator) callDeclaredAttr(d *declaredAttrVal, cls *classVal) (*arg, bool) {
	if len(d.fn.Body) == 0 || ev.declDepth > 8 {
		return nil, false
	}
	ev.declDepth++
	defer func() { ev.declDepth-- }()
	body := d.fn.Body
	if python.Docstring(body) != nil {
		body = body[1:]
	}
	if len(body) != 1 {
		return nil, false
	}
	ret, ok := body[0].(*python.Return)
	if !ok || ret.Value == nil {
		return nil, false
	}
	sc := &scope{mod: d.mod, locals: map[string]value{}, cls: &classVal{}}
	if len(d.fn.Params) > 0 && d.fn.Params[0].Name != nil {
		sc.locals[d.fn.Params[0].Name.Id] = cls
	}
	v := ev.eval(sc, ret.Value)
	return sc.argOf(ret.Value, v), true
}

// declaredAttrAnnotation is a declared_attr's return annotation (-> Mapped[int]),
// which types the column it returns.
func (ev *evaluator) declaredAttrAnnotation(d *declaredAttrVal) *arg {
	if d.fn.Returns == nil {
		return nil
	}
	sc := &scope{mod: d.mod, forward: true}
	a := sc.argOf(d.fn.Returns, ev.eval(sc, d.fn.Returns))
	ev.resolveStrings(sc, a, 0)
	return a
}

// bind assigns a name in the scope.
func (ev *evaluator) bind(sc *scope, name string, v value, at python.Node) {
	if sc.cls != nil {
		sc.locals[name] = v
		if sc.cls.name != "" { // not a declared_attr's own scope
			pos, end := sc.mod.loc(at.Pos()), sc.mod.loc(at.End())
			sc.cls.setAttr(name, &arg{val: v, pos: pos, end: end}, nil, pos, end)
		}
		return
	}
	sc.mod.ns[name] = v
}

func (ev *evaluator) assign(sc *scope, s *python.Assign) {
	var val *arg
	if s.Value != nil {
		val = sc.argOf(s.Value, ev.eval(sc, s.Value))
	}
	var ann *arg
	if s.Annotation != nil {
		fsc := *sc
		fsc.forward = true
		ann = fsc.argOf(s.Annotation, ev.eval(&fsc, s.Annotation))
		ev.resolveStrings(sc, ann, 0)
	}
	for _, t := range s.Targets {
		ev.assignTarget(sc, t, val, ann)
	}
}

func (ev *evaluator) assignTarget(sc *scope, t python.Expr, val, ann *arg) {
	switch t := t.(type) {
	case *python.Name:
		if sc.cls != nil {
			pos, end := sc.mod.loc(t.Pos()), sc.mod.loc(t.End())
			if prev := sc.cls.attr(t.Id); prev != nil && val != nil && prev.val != nil {
				if _, ok := prev.val.val.(*columnVal); ok {
					if _, ok := val.val.(*columnVal); ok {
						ev.errorf(pos, end, "duplicate column '%s' in class %s (first at %s)", t.Id, sc.cls.name, prev.pos)
						return
					}
				}
			}
			if val != nil {
				ev.checkMisspeltSA(val)
			}
			sc.cls.setAttr(t.Id, val, ann, pos, end)
			if val != nil {
				sc.locals[t.Id] = val.val
			}
			return
		}
		if val == nil {
			return
		}
		if t.Id == "__all__" {
			if tv, ok := val.val.(*tupleVal); ok {
				sc.mod.hasAll = true
				sc.mod.all = nil
				for _, it := range tv.items {
					if s, ok := it.val.(strVal); ok {
						sc.mod.all = append(sc.mod.all, string(s))
					}
				}
			}
		}
		sc.mod.ns[t.Id] = val.val
	case *python.Tuple, *python.List:
		if val == nil {
			return
		}
		var elts []python.Expr
		if tt, ok := t.(*python.Tuple); ok {
			elts = tt.Elts
		} else {
			elts = t.(*python.List).Elts
		}
		tv, ok := val.val.(*tupleVal)
		for i, e := range elts {
			item := &arg{val: opaqueVal{}, pos: val.pos, end: val.end}
			if ok && len(tv.items) == len(elts) {
				item = tv.items[i]
			}
			ev.assignTarget(sc, e, item, nil)
		}
	case *python.Attribute:
		// A MetaData's naming_convention set after it is made
		// (Base.metadata.naming_convention = {...} under a declarative
		// base), which SQLAlchemy honours: names are made when the tables
		// are finalized, so it holds for every table of that MetaData.
		if val == nil || t.Name.Id != "naming_convention" {
			return
		}
		if meta, ok := ev.eval(sc, t.X).(*metadataVal); ok {
			meta.convention = ev.namingConvention(val)
		}
	}
	// Other attribute targets and subscript targets (d[k] = ...) are passed
	// over.
}

func (ev *evaluator) classDef(sc *scope, s *python.ClassDef) {
	var decorators []value
	for _, d := range s.Decorators {
		decorators = append(decorators, ev.eval(sc, d))
	}
	cls := &classVal{name: s.Name.Id, module: sc.mod}
	// The class's errors point at "class Name".
	start := s.Name.Pos()
	src := sc.mod.file.Source()
	if i := strings.LastIndex(src[s.Pos():start], "class"); i >= 0 {
		start = s.Pos() + i
	}
	cls.pos, cls.end = sc.mod.loc(start), sc.mod.loc(s.Name.End())
	for _, b := range s.Bases {
		if st, ok := b.(*python.Starred); ok {
			ev.eval(sc, st.X)
			continue
		}
		cls.bases = append(cls.bases, sc.argOf(b, ev.eval(sc, b)))
	}
	for _, kw := range s.Keywords {
		ev.eval(sc, kw.Value)
	}
	cls.attrs = make([]*classAttr, 0, len(s.Body))
	body := &scope{mod: sc.mod, cls: cls, locals: make(map[string]value, len(s.Body))}
	ev.execBody(body, s.Body)
	ev.flushPending()
	ev.defineClass(cls, decorators)
	ev.bind(sc, s.Name.Id, cls, s.Name)
}

// builtinNames are Python's builtins a model module may use by name.
var builtinNames = map[string]bool{
	"int": true, "str": true, "float": true, "bool": true, "bytes": true, "dict": true,
	"list": true, "tuple": true, "set": true, "frozenset": true, "object": true, "type": true,
	"len": true, "print": true, "range": true, "super": true, "property": true,
	"staticmethod": true, "classmethod": true, "isinstance": true, "getattr": true,
	"setattr": true, "hasattr": true, "open": true, "Exception": true, "ValueError": true,
	"TypeError": true, "KeyError": true, "NotImplementedError": true, "min": true, "max": true,
	"sum": true, "any": true, "all": true, "sorted": true, "enumerate": true, "zip": true,
	"map": true, "filter": true, "repr": true, "id": true, "hash": true, "iter": true,
	"next": true, "callable": true, "format": true, "vars": true, "dir": true, "abs": true,
	"round": true, "chr": true, "ord": true, "bytearray": true, "complex": true,
	"reversed": true, "slice": true, "RuntimeError": true, "AttributeError": true,
	"ImportError": true, "__file__": true, "__import__": true, "globals": true, "locals": true,
}

// lookupName resolves a name: the class body, the module, what the module
// star-imported from outside, the builtins.
func (ev *evaluator) lookupName(sc *scope, n *python.Name) value {
	if sc.locals != nil {
		if v, ok := sc.locals[n.Id]; ok {
			return v
		}
	}
	if v, ok := sc.mod.ns[n.Id]; ok {
		return v
	}
	if n.Id == "__name__" {
		return strVal(sc.mod.name)
	}
	for _, m := range sc.mod.star {
		if m == "sqlalchemy" || strings.HasPrefix(m, "sqlalchemy.") {
			if isTypeName(n.Id) || knownSAName(n.Id) {
				return externVal{path: m + "." + n.Id}
			}
			continue
		}
		return opaqueVal{what: m + "." + n.Id}
	}
	if builtinNames[n.Id] {
		return externVal{path: "builtins." + n.Id}
	}
	pos, end := sc.mod.loc(n.Pos()), sc.mod.loc(n.End())
	msg := "name '" + n.Id + "' is not defined" + didYouMean(n.Id, ev.visibleNames(sc))
	if mod := ev.importHint(sc.mod, n.Id); mod != "" && !strings.Contains(msg, "did you mean") {
		msg += " — import it: from " + mod + " import " + n.Id
	}
	if sc.mod.failed {
		return poisonVal{}
	}
	if sc.forward {
		return &undefinedVal{name: n.Id, msg: msg, pos: pos, end: end, forward: true}
	}
	return ev.undefined(n.Id, msg, pos, end)
}

// knownSAName reports whether sqlalchemy exports name, as far as Retort knows.
func knownSAName(name string) bool {
	switch name {
	case "Column", "mapped_column", "ForeignKey", "UniqueConstraint", "PrimaryKeyConstraint",
		"CheckConstraint", "ForeignKeyConstraint", "Index", "Table", "MetaData", "text", "func",
		"literal_column", "null", "true", "false", "literal", "Sequence", "Identity", "Computed",
		"FetchedValue", "DefaultClause", "create_engine", "select", "event", "inspect":
		return true
	}
	return false
}

// visibleNames lists the names a scope sees, for suggestions.
func (ev *evaluator) visibleNames(sc *scope) []string {
	var names []string
	for n := range sc.locals {
		names = append(names, n)
	}
	for n := range sc.mod.ns {
		names = append(names, n)
	}
	sortStrings(names)
	return names
}

func (ev *evaluator) eval(sc *scope, e python.Expr) value {
	switch e := e.(type) {
	case *python.Name:
		return ev.lookupName(sc, e)
	case *python.Attribute:
		return ev.getattr(sc, ev.eval(sc, e.X), e)
	case *python.Call:
		return ev.call(sc, e)
	case *python.Subscript:
		origin := ev.eval(sc, e.X)
		g := &genericVal{origin: origin}
		if t, ok := e.Index.(*python.Tuple); ok {
			for _, x := range t.Elts {
				g.args = append(g.args, sc.argOf(x, ev.eval(sc, x)))
			}
		} else {
			g.args = []*arg{sc.argOf(e.Index, ev.eval(sc, e.Index))}
		}
		switch origin.(type) {
		case externVal, *genericVal, *undefinedVal:
			return g
		case poisonVal:
			return poisonVal{}
		}
		return opaqueVal{what: "a subscript"}
	case *python.String:
		if e.Bytes || e.FString {
			return opaqueVal{what: "a " + map[bool]string{true: "bytes", false: "f-string"}[e.Bytes]}
		}
		return strVal(e.Value)
	case *python.Number:
		raw := strings.ReplaceAll(e.Raw, "_", "")
		if n, err := strconv.ParseInt(raw, 0, 64); err == nil {
			return intVal(n)
		}
		if f, err := strconv.ParseFloat(raw, 64); err == nil {
			return floatVal(f)
		}
		return opaqueVal{what: e.Raw}
	case *python.Const:
		switch e.Value {
		case "True":
			return boolVal(true)
		case "False":
			return boolVal(false)
		case "None":
			return noneVal{}
		}
		return opaqueVal{what: "..."}
	case *python.Tuple:
		return &tupleVal{items: ev.evalElts(sc, e.Elts)}
	case *python.List:
		return &tupleVal{items: ev.evalElts(sc, e.Elts), list: true}
	case *python.Dict:
		d := &dictVal{}
		for i, k := range e.Keys {
			v := sc.argOf(e.Values[i], ev.eval(sc, e.Values[i]))
			if k == nil {
				if m, ok := v.val.(*dictVal); ok {
					d.keys = append(d.keys, m.keys...)
					d.vals = append(d.vals, m.vals...)
				}
				continue
			}
			d.keys = append(d.keys, sc.argOf(k, ev.eval(sc, k)))
			d.vals = append(d.vals, v)
		}
		return d
	case *python.UnaryOp:
		x := ev.eval(sc, e.X)
		switch e.Op {
		case "-":
			switch n := x.(type) {
			case intVal:
				return -n
			case floatVal:
				return -n
			}
		case "not":
			if b, ok := truthy(x); ok {
				return boolVal(!b)
			}
		}
		return opaqueVal{what: "an expression"}
	case *python.BinOp:
		return ev.binOp(sc, e)
	case *python.Compare:
		x := ev.eval(sc, e.X)
		parts := []string{}
		s, ok := sqlOperand(x)
		if !ok {
			for _, y := range e.Ys {
				ev.eval(sc, y)
			}
			return opaqueVal{what: "a comparison"}
		}
		parts = append(parts, s)
		for i, y := range e.Ys {
			ys, ok := sqlOperand(ev.eval(sc, y))
			if !ok || i > 0 {
				return opaqueVal{what: "a comparison"}
			}
			parts = append(parts, strings.ToUpper(e.Ops[i]), ys)
		}
		return sqlVal{sql: strings.Join(parts, " "), columnElement: true}
	case *python.BoolOp:
		for _, v := range e.Values {
			ev.eval(sc, v)
		}
		return opaqueVal{what: "a boolean expression"}
	case *python.Starred:
		return ev.eval(sc, e.X)
	case *python.OpaqueExpr:
		return opaqueVal{what: "a " + e.Kind}
	// Not evaluated (nor what is inside them): they stand for a value Retort
	// does not know.
	case *python.Lambda:
		return opaqueVal{what: "a lambda"}
	case *python.Comprehension:
		return opaqueVal{what: "a comprehension"}
	case *python.IfExp:
		return opaqueVal{what: "a conditional"}
	case *python.NamedExpr:
		return opaqueVal{what: "a walrus"}
	case *python.Await:
		return opaqueVal{what: "a await"}
	case *python.Yield:
		return opaqueVal{what: "a yield"}
	case *python.Slice:
		return opaqueVal{what: "a slice"}
	case *python.Set:
		ev.evalElts(sc, e.Elts)
		return opaqueVal{what: "a set"}
	}
	return opaqueVal{}
}

// sqlOperand renders one side of a comparison between SQL things (a column and
// a constant): User.age >= 0 is the SQL "age >= 0".
func sqlOperand(v value) (string, bool) {
	switch v.(type) {
	case *columnVal, sqlVal, intVal, floatVal, strVal, noneVal, boolVal:
		return sqlLiteral(v)
	}
	return "", false
}

func (ev *evaluator) evalElts(sc *scope, elts []python.Expr) []*arg {
	var out []*arg
	for _, x := range elts {
		if st, ok := x.(*python.Starred); ok {
			if t, ok := ev.eval(sc, st.X).(*tupleVal); ok {
				out = append(out, t.items...)
			}
			continue
		}
		out = append(out, sc.argOf(x, ev.eval(sc, x)))
	}
	return out
}

func (ev *evaluator) binOp(sc *scope, e *python.BinOp) value {
	x, y := ev.eval(sc, e.X), ev.eval(sc, e.Y)
	if e.Op == "|" && typeLike(x) && typeLike(y) {
		u := &unionVal{}
		for _, side := range []struct {
			v value
			n python.Expr
		}{{x, e.X}, {y, e.Y}} {
			if inner, ok := side.v.(*unionVal); ok {
				u.members = append(u.members, inner.members...)
			} else {
				u.members = append(u.members, sc.argOf(side.n, side.v))
			}
		}
		return u
	}
	switch a := x.(type) {
	case strVal:
		if b, ok := y.(strVal); ok && e.Op == "+" {
			return a + b
		}
	case intVal:
		if b, ok := y.(intVal); ok {
			switch e.Op {
			case "+":
				return a + b
			case "-":
				return a - b
			case "*":
				return a * b
			}
		}
	}
	xs, xok := sqlOperand(x)
	ys, yok := sqlOperand(y)
	_, xcol := x.(*columnVal)
	_, ycol := y.(*columnVal)
	if xok && yok && (xcol || ycol) {
		return sqlVal{sql: xs + " " + e.Op + " " + ys, columnElement: true}
	}
	if silent(x) || silent(y) {
		return poisonVal{}
	}
	return opaqueVal{what: "an expression"}
}

func typeLike(v value) bool {
	switch v.(type) {
	case externVal, *classVal, noneVal, *genericVal, *unionVal, *undefinedVal, strVal:
		return true
	}
	return false
}

// getattr evaluates X.name.
func (ev *evaluator) getattr(sc *scope, x value, e *python.Attribute) value {
	name := e.Name.Id
	pos, end := sc.mod.loc(e.Pos()), sc.mod.loc(e.End())
	missing := func(msg string) value {
		if sc.forward {
			return &undefinedVal{name: name, msg: msg, pos: pos, end: end, forward: true}
		}
		return ev.undefined(name, msg, pos, end)
	}
	switch v := x.(type) {
	case *module:
		if got, ok := v.ns[name]; ok {
			return got
		}
		if sub := ev.loadLocal(v.name+"."+name, pos, end); sub != nil {
			return sub
		}
		if v.failed || v.loading {
			return poisonVal{}
		}
		return missing("module '" + v.name + "' has no attribute '" + name + "'" + didYouMean(name, sortedKeys(v.ns)))
	case externVal:
		if sa, ok := saName(v.path); ok && sa == "func" {
			return sqlFuncVal{name: name}
		}
		return externVal{path: v.path + "." + name}
	case sqlFuncVal:
		return sqlFuncVal{name: v.name + "." + name}
	case *classVal:
		if got, ok := ev.lookupAttr(v, name); ok {
			if d, ok := got.(*declaredAttrVal); ok {
				if a, ok := ev.callDeclaredAttr(d, v); ok {
					return a.val
				}
				return opaqueVal{what: "a declared_attr"}
			}
			return got
		}
		if v.mapped && v.table == nil {
			return poisonVal{} // its mapping failed, and said so
		}
		if v.enum != nil {
			for _, m := range v.enum.members {
				if m.name == name {
					return opaqueVal{what: v.name + "." + name}
				}
			}
		}
		if !v.mapped && v.declBase == nil && !v.isBase && v.enum == nil {
			return opaqueVal{what: v.name + "." + name}
		}
		var names []string
		for _, c := range v.mro {
			for _, a := range c.attrs {
				names = append(names, a.name)
			}
		}
		return missing("type object '" + v.name + "' has no attribute '" + name + "'" + didYouMean(name, names))
	case *metadataVal:
		return methodVal{recv: v, name: name}
	case *tableVal:
		switch name {
		case "c", "columns":
			return tableColumnsVal{table: v}
		case "name":
			return strVal(v.t.Name)
		}
		return methodVal{recv: v, name: name}
	case tableColumnsVal:
		if c := v.table.lookupColumn(name); c != nil {
			return c
		}
		var names []string
		for _, c := range v.table.cols {
			names = append(names, c.key)
		}
		return missing("table '" + v.table.t.Name + "' has no column '" + name + "'" + didYouMean(name, names))
	case *registryVal:
		if name == "metadata" {
			return v.meta
		}
		return methodVal{recv: v, name: name}
	case *columnVal, sqlVal, strVal:
		return methodVal{recv: v, name: name}
	case poisonVal:
		return v
	case *undefinedVal:
		return v
	}
	return opaqueVal{what: "an attribute"}
}

// call evaluates a call expression.
func (ev *evaluator) call(sc *scope, e *python.Call) value {
	fn := ev.eval(sc, e.Func)
	src := sc.mod.file.Source()
	c := &callInfo{
		pos: sc.mod.loc(e.Pos()), end: sc.mod.loc(e.End()), fnEnd: sc.mod.loc(e.Func.End()),
		name: src[e.Func.Pos():e.Func.End()],
	}
	if len(e.Args) > 0 {
		c.args = make([]*arg, 0, len(e.Args))
	}
	if len(e.Keywords) > 0 {
		c.kwargs = make([]*arg, 0, len(e.Keywords))
	}
	for _, x := range e.Args {
		if st, ok := x.(*python.Starred); ok {
			if t, ok := ev.eval(sc, st.X).(*tupleVal); ok {
				c.args = append(c.args, t.items...)
			} else {
				c.star = true
			}
			continue
		}
		c.args = append(c.args, sc.argOf(x, ev.eval(sc, x)))
	}
	for _, kw := range e.Keywords {
		v := ev.eval(sc, kw.Value)
		if kw.Name == nil {
			if d, ok := v.(*dictVal); ok {
				for i, k := range d.keys {
					if s, ok := k.val.(strVal); ok {
						a := *d.vals[i]
						a.name, a.namePos, a.nameEnd = string(s), k.pos, k.end
						c.kwargs = append(c.kwargs, &a)
						continue
					}
					c.star = true
				}
			} else {
				c.star = true
			}
			continue
		}
		a := sc.argOf(kw.Value, v)
		a.name = kw.Name.Id
		a.namePos, a.nameEnd = sc.mod.loc(kw.Name.Pos()), sc.mod.loc(kw.Name.End())
		c.kwargs = append(c.kwargs, a)
	}
	switch f := fn.(type) {
	case externVal:
		return ev.callExtern(f, c)
	case sqlFuncVal:
		return ev.callSQLFunc(f, c)
	case methodVal:
		return ev.callMethod(f, c)
	case *classVal:
		if f.typeDecorator && f.typeImpl != nil {
			return f.typeImpl
		}
		return opaqueVal{what: "a " + f.name + " object"}
	case *undefinedVal, poisonVal:
		return f
	}
	return opaqueVal{what: "the result of " + c.name + "()"}
}

// importFrom runs "from X import a, b as c, *".
func (ev *evaluator) importFrom(sc *scope, s *python.ImportFrom) {
	pos, end := sc.mod.loc(s.Pos()), sc.mod.loc(s.End())
	// Point at the module's name when it can be found.
	src := sc.mod.file.Source()[s.Pos():s.End()]
	if written := strings.Repeat(".", s.Level) + s.Module; written != "" {
		if i := strings.Index(src, written); i >= 0 {
			pos, end = sc.mod.loc(s.Pos()+i), sc.mod.loc(s.Pos()+i+len(written))
		}
	}
	base := ev.importModule(sc.mod, s.Module, s.Level, pos, end)
	for _, al := range s.Names {
		apos, aend := sc.mod.loc(al.Pos()), sc.mod.loc(al.End())
		target := al.Name
		if al.As != nil {
			target = al.As.Id
		}
		switch m := base.(type) {
		case *module:
			if al.Name == "*" {
				names := m.all
				if !m.hasAll {
					names = nil
					for n := range m.ns {
						if !strings.HasPrefix(n, "_") {
							names = append(names, n)
						}
					}
				}
				for _, n := range names {
					if v, ok := m.ns[n]; ok {
						ev.bind(sc, n, v, al)
					} else if sub := ev.loadLocal(m.name+"."+n, apos, aend); sub != nil {
						ev.bind(sc, n, sub, al)
					}
				}
				sc.mod.star = append(sc.mod.star, m.star...)
				continue
			}
			if v, ok := m.ns[al.Name]; ok {
				ev.bind(sc, target, v, al)
				continue
			}
			if sub := ev.loadLocal(m.name+"."+al.Name, apos, aend); sub != nil {
				ev.bind(sc, target, sub, al)
				continue
			}
			if m.failed || m.loading {
				ev.bind(sc, target, poisonVal{}, al)
				continue
			}
			ev.errorf(apos, aend, "cannot import name '%s' from '%s' (%s)%s", al.Name, m.name, m.path, didYouMean(al.Name, sortedKeys(m.ns)))
			ev.bind(sc, target, poisonVal{}, al)
		case externVal:
			if al.Name == "*" {
				sc.mod.star = append(sc.mod.star, m.path)
				continue
			}
			ev.bind(sc, target, externVal{path: m.path + "." + al.Name}, al)
		default:
			if al.Name != "*" {
				ev.bind(sc, target, poisonVal{}, al)
			}
		}
	}
}

// importModule imports a module by its dotted name (level > 0: relative to the
// importing module's package) and returns it: a project module, an outside
// module (externVal), or poisonVal when it is missing (and reported).
func (ev *evaluator) importModule(from *module, name string, level int, pos, end loc) value {
	full := name
	if level > 0 {
		pkg := from.name
		if !from.pkg {
			if i := strings.LastIndexByte(pkg, '.'); i >= 0 {
				pkg = pkg[:i]
			} else {
				pkg = ""
			}
		}
		for range level - 1 {
			if i := strings.LastIndexByte(pkg, '.'); i >= 0 {
				pkg = pkg[:i]
			} else {
				pkg = ""
			}
		}
		if pkg == "" && !from.pkg && level == 1 && !strings.Contains(from.name, ".") {
			ev.errorf(pos, end, "attempted relative import with no known parent package")
			return poisonVal{}
		}
		switch {
		case pkg == "":
			full = name
		case name == "":
			full = pkg
		default:
			full = pkg + "." + name
		}
	}
	if m := ev.loadLocal(full, pos, end); m != nil {
		if m.failed && m.ns == nil {
			return poisonVal{}
		}
		return m
	}
	if level > 0 || ev.mustBeLocal(from, full) {
		ev.errorf(pos, end, "No module named '%s'%s", full, didYouMean(full, ev.localModules()))
		return poisonVal{}
	}
	return externVal{path: full}
}

// mustBeLocal decides whether a module that is not in the project is a mistake:
// for env.py, anything that is not a known outside package; for other modules,
// a name that is one edit away from a project module (a typo), or a missing
// submodule of a project package.
func (ev *evaluator) mustBeLocal(from *module, name string) bool {
	top := name
	if i := strings.IndexByte(name, '.'); i >= 0 {
		top = name[:i]
		if ev.loadLocal(top, loc{}, loc{}) != nil {
			return true
		}
	}
	if knownExternal(top) {
		return false
	}
	if from.env {
		return true
	}
	return suggest(name, ev.localModules()) != ""
}

// loadLocal returns the project module with that dotted name, executing it
// (and its parent packages) on first use; nil when the project has no such
// module.
func (ev *evaluator) loadLocal(name string, pos, end loc) *module {
	if m, ok := ev.modules[name]; ok {
		return m
	}
	if name == "" {
		return nil
	}
	var parent *module
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		parent = ev.loadLocal(name[:i], pos, end)
		if parent == nil {
			return nil
		}
	}
	rel := strings.ReplaceAll(name, ".", "/")
	var m *module
	for _, cand := range []struct {
		path string
		pkg  bool
	}{{rel + ".py", false}, {rel + "/__init__.py", true}} {
		src, err := ev.fsys.ReadFile(cand.path)
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				ev.errorf(pos, end, "reading %s: %v", cand.path, err)
			}
			continue
		}
		m = &module{name: name, path: cand.path, pkg: cand.pkg, src: src}
		break
	}
	if m == nil {
		// A namespace package (a folder without __init__.py) has no file of its
		// own; it exists when some module inside it does.
		// An installed package wins over a namespace folder of the same name
		// (the project's alembic/ folder is not the alembic package).
		top, _, _ := strings.Cut(name, ".")
		if !knownExternal(top) && ev.hasDir(rel) {
			m = &module{name: name, path: rel, pkg: true, ns: map[string]value{}}
			ev.modules[name] = m
			return m
		}
		return nil
	}
	ev.modules[name] = m
	ev.exec(m)
	if parent != nil {
		parent.ns[name[strings.LastIndexByte(name, '.')+1:]] = m
	}
	return m
}

// exec parses and runs a module.
func (ev *evaluator) exec(m *module) {
	ev.files = append(ev.files, m.path)
	m.ns = map[string]value{}
	tree, err := parse(ev.fsys, m.path, m.src)
	if err != nil {
		ev.syntaxErrors(m, err)
	}
	if tree == nil {
		m.failed = true
		return
	}
	m.file = tree.File
	if m.file == nil {
		m.file = python.NewFile(m.path, m.src)
	}
	m.loading = true
	saved := ev.pending
	ev.pending = nil
	ev.execBody(&scope{mod: m}, tree.Body)
	ev.pending = saved
	m.loading = false
}

// syntaxErrors records a module's parse errors.
func (ev *evaluator) syntaxErrors(m *module, err error) {
	m.failed = true
	var list python.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			p := Pos{File: m.path, Line: e.Pos.Line, Col: e.Pos.Column, Offset: e.Pos.Offset}
			ev.syntax = append(ev.syntax, &Error{Pos: p, Msg: e.Msg})
		}
		return
	}
	var one *python.Error
	if errors.As(err, &one) {
		p := Pos{File: m.path, Line: one.Pos.Line, Col: one.Pos.Column, Offset: one.Pos.Offset}
		ev.syntax = append(ev.syntax, &Error{Pos: p, Msg: one.Msg})
		return
	}
	ev.syntax = append(ev.syntax, &Error{Pos: Pos{File: m.path}, Msg: err.Error()})
}

// hasDir reports whether the project has a folder (that holds Python files).
func (ev *evaluator) hasDir(rel string) bool {
	rd, ok := ev.fsys.(DirFS)
	if ok {
		entries, err := rd.ReadDir(rel)
		return err == nil && len(entries) > 0
	}
	if m, ok := ev.fsys.(MapFS); ok {
		for name := range m {
			if strings.HasPrefix(name, rel+"/") {
				return true
			}
		}
	}
	return false
}

// localModules lists the project's top-level modules and packages (and those
// of its packages already seen), for suggestions.
func (ev *evaluator) localModules() []string {
	var out []string
	seen := map[string]bool{}
	add := func(n string) {
		if n != "" && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	var files []string
	switch f := ev.fsys.(type) {
	case MapFS:
		for name := range f {
			files = append(files, name)
		}
	case DirFS:
		if entries, err := f.ReadDir("."); err == nil {
			for _, e := range entries {
				if e.IsDir() {
					files = append(files, e.Name()+"/__init__.py")
				} else {
					files = append(files, e.Name())
				}
			}
		}
	}
	sortStrings(files)
	for _, name := range files {
		if !strings.HasSuffix(name, ".py") || strings.HasPrefix(name, "alembic/") {
			continue
		}
		mod := strings.TrimSuffix(strings.TrimSuffix(name, ".py"), "/__init__")
		add(strings.ReplaceAll(mod, "/", "."))
		if i := strings.IndexByte(mod, '/'); i >= 0 {
			add(mod[:i])
		}
	}
	return out
}

// saCallables are the sqlalchemy names a class attribute is usually made with,
// for spotting a misspelt one (sa.Colum(...)).
var saCallables = []string{
	"Column", "mapped_column", "relationship", "ForeignKey", "column_property",
	"synonym", "deferred", "composite", "backref",
}

// checkMisspeltSA reports a class attribute made by calling a sqlalchemy name
// Retort does not know that is close to one it does: sa.Colum(String).
func (ev *evaluator) checkMisspeltSA(a *arg) {
	o, ok := a.val.(opaqueVal)
	if !ok || o.sa == "" {
		return
	}
	if s := suggest(o.sa, saCallables); s != "" {
		ev.errorf(o.pos, o.end, "module 'sqlalchemy' has no attribute '%s' — did you mean %s?", o.sa, s)
		a.val = poisonVal{}
	}
}

// importHint names the module a well-known name comes from, for a missing
// import.
func (ev *evaluator) importHint(from *module, name string) string {
	// A project module already read that defines it (from database import Base).
	var mods []string
	for n, m := range ev.modules {
		if m == from || m.env {
			continue
		}
		if v, ok := m.ns[name]; ok {
			if c, ok := v.(*classVal); ok && c.module == m || isMetaOrBase(v) {
				mods = append(mods, n)
			}
		}
	}
	if len(mods) > 0 {
		sortStrings(mods)
		return mods[0]
	}
	switch name {
	case "Mapped", "mapped_column", "relationship", "DeclarativeBase", "declarative_base",
		"declared_attr", "registry", "backref", "column_property":
		return "sqlalchemy.orm"
	case "Optional", "List", "Union", "Annotated", "Literal":
		return "typing"
	case "datetime", "date", "time", "timedelta":
		return "datetime"
	case "Decimal":
		return "decimal"
	case "UUID":
		return "uuid"
	}
	if isTypeName(name) || knownSAName(name) {
		return "sqlalchemy"
	}
	return ""
}

func isMetaOrBase(v value) bool {
	switch v := v.(type) {
	case *metadataVal:
		return true
	case *classVal:
		return v.isBase
	}
	return false
}
