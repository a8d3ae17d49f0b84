package models

import (
	"strconv"
	"strings"

	"retort/engine/interp"
	"retort/engine/schema"
)

// Statement is a SQL statement built with SQLAlchemy's Core (insert(),
// update(), delete(), select(), text()), as a script executes it.
type Statement interface {
	// SQL writes the statement as SQLite runs it: identifiers quoted, Python
	// values as literals, bindparam()s without a value as :name.
	SQL() (string, error)
	// Params are the values text().bindparams() gave ("" when none).
	Params() *interp.Dict
	// Rows reports whether the statement returns rows (a SELECT).
	Rows() bool
}

// AsStatement returns v as a statement, when it is one (a text() too).
func AsStatement(v interp.Value) (Statement, bool) {
	switch x := v.(type) {
	case *textExpr:
		return textStatement{x}, true
	case *stmtObj:
		return x, true
	}
	return nil, false
}

type textStatement struct{ t *textExpr }

func (t textStatement) SQL() (string, error) { return t.t.text, nil }
func (t textStatement) Params() *interp.Dict { return t.t.params }
func (t textStatement) Rows() bool {
	s := strings.ToUpper(strings.TrimSpace(t.t.text))
	return strings.HasPrefix(s, "SELECT") || strings.HasPrefix(s, "WITH") || strings.HasPrefix(s, "PRAGMA") || strings.HasPrefix(s, "VALUES")
}

// stmtObj is an insert(), update(), delete() or select() in the making.
type stmtObj struct {
	kind     string // insert, update, delete, select
	table    *tableObj
	cols     []*sqlExpr // select's columns
	from     []*tableObj
	where    []*sqlExpr
	values   []stmtValue
	many     []*interp.Dict // insert().values([{...}, {...}])
	orderBy  []*sqlExpr
	groupBy  []*sqlExpr
	limit    int
	offset   int
	distinct bool
	// fromSelect is insert().from_select(names, select).
	fromSelect *stmtObj
	fromNames  []string
}

type stmtValue struct {
	col  string
	expr *sqlExpr
}

var stmtClass = interp.NewClass("Executable", "sqlalchemy.sql.base", nil)

func (s *stmtObj) PyClass() *interp.Class { return stmtClass }

// Params implements Statement.
func (s *stmtObj) Params() *interp.Dict { return nil }

// Rows implements Statement.
func (s *stmtObj) Rows() bool { return s.kind == "select" }

func (s *stmtObj) clone() *stmtObj {
	out := *s
	out.cols = append([]*sqlExpr(nil), s.cols...)
	out.where = append([]*sqlExpr(nil), s.where...)
	out.values = append([]stmtValue(nil), s.values...)
	out.orderBy = append([]*sqlExpr(nil), s.orderBy...)
	return &out
}

// GetAttr implements interp.Attrs: the generative methods.
func (s *stmtObj) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	method := func(f func(a *interp.Args) (interp.Value, error)) (interp.Value, error) {
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) { return f(a) }}, nil
	}
	exprs := func(a *interp.Args) ([]*sqlExpr, error) {
		var out []*sqlExpr
		for _, p := range a.Pos {
			e, ok := toExpr(p.Value)
			if !ok {
				if t, isText := p.Value.(*textExpr); isText {
					e = &t.sqlExpr
				} else {
					return nil, interp.Errorf(p.Loc, "%s(): Retort cannot turn %s into SQL", name, interp.Describe(p.Value))
				}
			}
			out = append(out, e)
		}
		return out, nil
	}
	switch name {
	case "where", "filter":
		return method(func(a *interp.Args) (interp.Value, error) {
			es, err := exprs(a)
			if err != nil {
				return nil, err
			}
			out := s.clone()
			out.where = append(out.where, es...)
			return out, nil
		})
	case "values", "ordered_values":
		return method(func(a *interp.Args) (interp.Value, error) {
			out := s.clone()
			if len(a.Pos) == 1 {
				switch v := a.Pos[0].Value.(type) {
				case *interp.Dict:
					for i, k := range v.Keys() {
						col, err := stmtColumnName(k)
						if err != nil {
							return nil, err
						}
						val, err := s.bind(in, col, v.Values()[i])
						if err != nil {
							return nil, interp.Errorf(a.Pos[0].Loc, "values(): %s", err.Error())
						}
						e, ok := toExpr(val)
						if !ok {
							return nil, interp.Errorf(a.Pos[0].Loc, "values(): Retort cannot turn %s into SQL", interp.Describe(v.Values()[i]))
						}
						out.values = append(out.values, stmtValue{col, e})
					}
					return out, nil
				case *interp.List:
					for _, it := range v.Items {
						d, ok := it.(*interp.Dict)
						if !ok {
							return nil, interp.Errorf(a.Pos[0].Loc, "values() takes a list of dicts, not a list of %s", interp.Describe(it))
						}
						out.many = append(out.many, d)
					}
					return out, nil
				}
			}
			for _, kw := range a.Kw {
				val, err := s.bind(in, kw.Name, kw.Value)
				if err != nil {
					return nil, interp.Errorf(kw.Loc, "values(): %s", err.Error())
				}
				e, ok := toExpr(val)
				if !ok {
					if sub, isStmt := kw.Value.(*stmtObj); isStmt && sub.kind == "select" {
						sq, err := sub.SQL()
						if err != nil {
							return nil, err
						}
						e = &sqlExpr{kind: exprText, text: "(" + sq + ")"}
					} else {
						return nil, interp.Errorf(kw.Loc, "values(): Retort cannot turn %s into SQL", interp.Describe(kw.Value))
					}
				}
				out.values = append(out.values, stmtValue{kw.Name, e})
			}
			return out, nil
		})
	case "order_by":
		return method(func(a *interp.Args) (interp.Value, error) {
			es, err := exprs(a)
			if err != nil {
				return nil, err
			}
			out := s.clone()
			out.orderBy = append(out.orderBy, es...)
			return out, nil
		})
	case "group_by":
		return method(func(a *interp.Args) (interp.Value, error) {
			es, err := exprs(a)
			if err != nil {
				return nil, err
			}
			out := s.clone()
			out.groupBy = append(out.groupBy, es...)
			return out, nil
		})
	case "limit", "offset":
		return method(func(a *interp.Args) (interp.Value, error) {
			n, ok := a.Pos[0].Value.(interp.Int)
			if !ok {
				return nil, interp.NewError("TypeError", "%s() takes a number", name)
			}
			out := s.clone()
			if name == "limit" {
				out.limit = int(n)
			} else {
				out.offset = int(n)
			}
			return out, nil
		})
	case "select_from":
		return method(func(a *interp.Args) (interp.Value, error) {
			out := s.clone()
			for _, p := range a.Pos {
				if t, ok := p.Value.(*tableObj); ok {
					out.from = append(out.from, t)
				}
			}
			return out, nil
		})
	case "distinct":
		return method(func(a *interp.Args) (interp.Value, error) {
			out := s.clone()
			out.distinct = true
			return out, nil
		})
	case "from_select":
		return method(func(a *interp.Args) (interp.Value, error) {
			if len(a.Pos) != 2 {
				return nil, interp.NewError("TypeError", "from_select() takes column names and a select()")
			}
			names, err := in.List(a.Pos[0].Value)
			if err != nil {
				return nil, err
			}
			sel, ok := a.Pos[1].Value.(*stmtObj)
			if !ok {
				return nil, interp.Errorf(a.Pos[1].Loc, "from_select() takes a select(), not %s", interp.Describe(a.Pos[1].Value))
			}
			out := s.clone()
			out.fromSelect = sel
			for _, n := range names {
				c, err := stmtColumnName(n)
				if err != nil {
					return nil, err
				}
				out.fromNames = append(out.fromNames, c)
			}
			return out, nil
		})
	case "inline", "execution_options", "returning", "prefix_with", "with_only_columns", "correlate", "scalar_subquery", "subquery", "alias", "compile":
		return method(func(a *interp.Args) (interp.Value, error) { return s, nil })
	case "table":
		return s.table, nil
	case "execute":
		// SQLAlchemy 1.x's bound execution: the statement runs on its
		// table's MetaData(bind=...).
		return method(func(a *interp.Args) (interp.Value, error) {
			if s.table == nil || s.table.meta == nil || s.table.meta.bind == nil {
				return nil, interp.NewError("UnboundExecutionError", "This statement is not bound to a Connection or Engine; execute it with connection.execute(statement)")
			}
			fn, err := in.GetAttr(s.table.meta.bind, "execute", a.Loc)
			if err != nil {
				return nil, err
			}
			return in.Call(fn, &interp.Args{Pos: append([]interp.Arg{{Value: s, Loc: a.Loc}}, a.Pos...), Kw: a.Kw, Loc: a.Loc})
		})
	}
	return nil, nil
}

// stmtColumnName reads a column named in values(): a string or a column.
func stmtColumnName(k interp.Value) (string, error) {
	switch x := k.(type) {
	case interp.Str:
		return string(x), nil
	case *columnObj:
		return x.colName(), nil
	}
	return "", interp.NewError("TypeError", "a column name must be a string or a column, not %s", interp.Describe(k))
}

// SQL implements Statement.
func (s *stmtObj) SQL() (string, error) {
	o := compileOpts{qualify: true, quote: true, binds: true}
	unq := compileOpts{quote: true, binds: true}
	join := func(list []*sqlExpr, opts compileOpts) (string, error) {
		parts := make([]string, len(list))
		for i, e := range list {
			s, err := e.compile(opts)
			if err != nil {
				return "", err
			}
			parts[i] = s
		}
		return strings.Join(parts, ", "), nil
	}
	where := func() (string, error) {
		if len(s.where) == 0 {
			return "", nil
		}
		acc := s.where[0]
		for _, w := range s.where[1:] {
			acc = &sqlExpr{kind: exprBinary, op: "AND", args: []*sqlExpr{acc, w}}
		}
		w, err := acc.compile(o)
		return " WHERE " + w, err
	}
	var b strings.Builder
	switch s.kind {
	case "insert":
		b.WriteString("INSERT INTO " + tableRef(s.table))
		if s.fromSelect != nil {
			names := make([]string, len(s.fromNames))
			for i, n := range s.fromNames {
				names[i] = o.ident(n)
			}
			sq, err := s.fromSelect.SQL()
			if err != nil {
				return "", err
			}
			b.WriteString(" (" + strings.Join(names, ", ") + ") " + sq)
			return b.String(), nil
		}
		if len(s.many) > 0 {
			var cols []string
			for _, k := range s.many[0].Keys() {
				c, err := stmtColumnName(k)
				if err != nil {
					return "", err
				}
				cols = append(cols, c)
			}
			qc := make([]string, len(cols))
			for i, c := range cols {
				qc[i] = o.ident(c)
			}
			b.WriteString(" (" + strings.Join(qc, ", ") + ") VALUES ")
			for r, d := range s.many {
				if r > 0 {
					b.WriteString(", ")
				}
				vals := make([]string, len(cols))
				for i, c := range cols {
					v, _ := d.GetStr(c)
					v, err := s.bind(nil, c, v)
					if err != nil {
						return "", err
					}
					e, ok := toExpr(v)
					if !ok {
						return "", interp.NewError("TypeError", "values(): Retort cannot turn %s into SQL", interp.Describe(v))
					}
					sv, err := e.compile(unq)
					if err != nil {
						return "", err
					}
					vals[i] = sv
				}
				b.WriteString("(" + strings.Join(vals, ", ") + ")")
			}
			return b.String(), nil
		}
		if len(s.values) == 0 {
			return b.String(), nil // columns come from the execute() parameters
		}
		cols := make([]string, len(s.values))
		vals := make([]string, len(s.values))
		for i, v := range s.values {
			cols[i] = o.ident(v.col)
			sv, err := v.expr.compile(unq)
			if err != nil {
				return "", err
			}
			vals[i] = sv
		}
		b.WriteString(" (" + strings.Join(cols, ", ") + ") VALUES (" + strings.Join(vals, ", ") + ")")
	case "update":
		b.WriteString("UPDATE " + tableRef(s.table) + " SET ")
		for i, v := range s.values {
			if i > 0 {
				b.WriteString(", ")
			}
			sv, err := v.expr.compile(o)
			if err != nil {
				return "", err
			}
			b.WriteString(o.ident(v.col) + "=" + sv)
		}
		w, err := where()
		if err != nil {
			return "", err
		}
		b.WriteString(w)
	case "delete":
		b.WriteString("DELETE FROM " + tableRef(s.table))
		w, err := where()
		if err != nil {
			return "", err
		}
		b.WriteString(w)
	case "select":
		b.WriteString("SELECT ")
		if s.distinct {
			b.WriteString("DISTINCT ")
		}
		cols, err := join(s.cols, o)
		if err != nil {
			return "", err
		}
		b.WriteString(cols)
		froms := s.froms()
		if len(froms) > 0 {
			names := make([]string, len(froms))
			for i, t := range froms {
				names[i] = tableRef(t)
			}
			b.WriteString(" FROM " + strings.Join(names, ", "))
		}
		w, err := where()
		if err != nil {
			return "", err
		}
		b.WriteString(w)
		if len(s.groupBy) > 0 {
			g, err := join(s.groupBy, o)
			if err != nil {
				return "", err
			}
			b.WriteString(" GROUP BY " + g)
		}
		if len(s.orderBy) > 0 {
			ob, err := join(s.orderBy, o)
			if err != nil {
				return "", err
			}
			b.WriteString(" ORDER BY " + ob)
		}
		if s.limit > 0 {
			b.WriteString(" LIMIT " + strconv.Itoa(s.limit))
		}
		if s.offset > 0 {
			if s.limit == 0 {
				b.WriteString(" LIMIT -1")
			}
			b.WriteString(" OFFSET " + strconv.Itoa(s.offset))
		}
	}
	return b.String(), nil
}

// froms are the tables a select() reads: given, or those of its columns.
func (s *stmtObj) froms() []*tableObj {
	out := append([]*tableObj(nil), s.from...)
	add := func(t *tableObj) {
		for _, x := range out {
			if x == t {
				return
			}
		}
		out = append(out, t)
	}
	var walk func(e *sqlExpr)
	walk = func(e *sqlExpr) {
		if e == nil {
			return
		}
		if e.kind == exprColumn && e.col != nil && e.col.table != nil {
			add(e.col.table)
		}
		for _, a := range e.args {
			walk(a)
		}
	}
	for _, c := range s.cols {
		walk(c)
	}
	for _, w := range s.where {
		walk(w)
	}
	return out
}

func tableRef(t *tableObj) string {
	q := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
	if t.t.Schema != "" {
		return q(t.t.Schema) + "." + q(t.t.Name)
	}
	return q(t.t.Name)
}

// statementMethod is table.insert(), .update(), .delete(), .select().
func statementMethod(in *interp.Interp, t *tableObj, name string) (interp.Value, bool) {
	switch name {
	case "insert", "update", "delete":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			var st interp.Value = &stmtObj{kind: name, table: t}
			// SQLAlchemy 1.x's table.update(whereclause, values={...}).
			for i, p := range a.Pos {
				kw := []string{"whereclause", "values"}[min(i, 1)]
				if name == "insert" {
					kw = "values"
				}
				a.Kw = append(a.Kw, interp.Arg{Name: kw, Value: p.Value, Loc: p.Loc})
			}
			for _, k := range a.Kw {
				method := map[string]string{"values": "values", "whereclause": "where"}[k.Name]
				if method == "" || isNone(k.Value) {
					continue
				}
				fn, err := st.(*stmtObj).GetAttr(in, method)
				if err != nil {
					return nil, err
				}
				if st, err = in.Call(fn, &interp.Args{Pos: []interp.Arg{k}, Loc: a.Loc}); err != nil {
					return nil, err
				}
			}
			return st, nil
		}}, true
	case "select":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			s := &stmtObj{kind: "select", from: []*tableObj{t}}
			for _, c := range t.cols {
				s.cols = append(s.cols, &sqlExpr{kind: exprColumn, col: c})
			}
			return s, nil
		}}, true
	}
	return nil, false
}

// statementBuilder makes sa.table, sa.column, select, insert, update, delete.
func (l *Lib) statementBuilder(name string) interp.Value {
	switch name {
	case "table":
		return l.builtin(name, func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			if len(a.Pos) == 0 {
				return nil, interp.NewError("TypeError", "table() takes a name")
			}
			n, ok := a.Pos[0].Value.(interp.Str)
			if !ok {
				return nil, interp.Errorf(a.Pos[0].Loc, "table()'s name must be a string, not %s", interp.Describe(a.Pos[0].Value))
			}
			t := &tableObj{t: &schema.Table{Name: string(n)}, loc: a.Loc, light: true}
			if s, ok := a.Kwarg("schema"); ok {
				if ss, ok := s.Value.(interp.Str); ok {
					t.t.Schema = string(ss)
				}
			}
			for _, p := range a.Pos[1:] {
				c, ok := p.Value.(*columnObj)
				if !ok {
					return nil, interp.Errorf(p.Loc, "table() takes column()s, not %s", describe(p.Value))
				}
				cp := *c
				cp.table = t
				cp.col = &schema.Column{Name: c.colName()}
				if c.typ != nil {
					cp.col.Type = c.typ.t.Clone()
				}
				if cp.key == "" {
					cp.key = cp.col.Name
				}
				t.cols = append(t.cols, &cp)
				t.t.Columns = append(t.t.Columns, cp.col)
			}
			return t, nil
		})
	case "column":
		return l.builtin(name, func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			if len(a.Pos) == 0 {
				return nil, interp.NewError("TypeError", "column() takes a name")
			}
			n, ok := a.Pos[0].Value.(interp.Str)
			if !ok {
				return nil, interp.Errorf(a.Pos[0].Loc, "column()'s name must be a string, not %s", interp.Describe(a.Pos[0].Value))
			}
			c := &columnObj{name: string(n), key: string(n), loc: a.Loc}
			var typeArg *interp.Arg
			if len(a.Pos) > 1 {
				typeArg = &a.Pos[1]
			} else if k, ok := a.Kwarg("type_"); ok {
				typeArg = &k
			}
			if typeArg != nil && !isNone(typeArg.Value) {
				t, err := asTypeValue(in, *typeArg)
				if err != nil {
					return nil, err
				}
				c.typ = t
			}
			return c, nil
		})
	case "select":
		return l.builtin(name, func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			s := &stmtObj{kind: "select"}
			var items []interp.Value
			for _, p := range a.Pos {
				if lst, ok := p.Value.(*interp.List); ok { // select([a, b]), SQLAlchemy 1.x
					items = append(items, lst.Items...)
					continue
				}
				items = append(items, p.Value)
			}
			for _, it := range items {
				switch v := it.(type) {
				case *tableObj:
					s.from = append(s.from, v)
					for _, c := range v.cols {
						s.cols = append(s.cols, &sqlExpr{kind: exprColumn, col: c})
					}
					continue
				case *interp.Class:
					if m := mappingOf(v); m != nil && m.table != nil {
						s.from = append(s.from, m.table)
						for _, c := range m.table.cols {
							s.cols = append(s.cols, &sqlExpr{kind: exprColumn, col: c})
						}
						continue
					}
				}
				e, ok := toExpr(it)
				if !ok {
					if t, isText := it.(*textExpr); isText {
						e = &t.sqlExpr
					} else {
						return nil, interp.Errorf(a.Loc, "select(): Retort cannot turn %s into SQL", interp.Describe(it))
					}
				}
				s.cols = append(s.cols, e)
			}
			return s, nil
		})
	case "insert", "update", "delete":
		return l.builtin(name, func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			if len(a.Pos) == 0 {
				return nil, interp.NewError("TypeError", "%s() takes a table", name)
			}
			var t *tableObj
			switch v := a.Pos[0].Value.(type) {
			case *tableObj:
				t = v
			case *interp.Class:
				if m := mappingOf(v); m != nil {
					t = m.table
				}
			}
			if t == nil {
				return nil, interp.Errorf(a.Pos[0].Loc, "%s() takes a table, not %s", name, describe(a.Pos[0].Value))
			}
			return &stmtObj{kind: name, table: t}, nil
		})
	}
	return l.builtin(name, func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
		return nil, interp.Errorf(a.Loc, "Retort does not run sqlalchemy.%s()", name)
	})
}

// TableOf returns a Table (sa.table() or a model's) as a schema table and
// its column keys, for op.bulk_insert.
func TableOf(v interp.Value) (*schema.Table, bool) {
	switch t := v.(type) {
	case *tableObj:
		return t.t, true
	case *interp.Class:
		if m := mappingOf(t); m != nil && m.table != nil {
			return m.table.t, true
		}
	}
	return nil, false
}

// bind is a value given for column col of the statement's table as
// SQLAlchemy binds it with the column's type (bindTyped); SQL expressions
// are left as they are, but for an inline_literal() of a value whose type
// SQLAlchemy does not infer (an enum member), which takes the column's.
func (s *stmtObj) bind(in *interp.Interp, col string, v interp.Value) (interp.Value, error) {
	lit, isLit := v.(*sqlExpr)
	if isLit {
		if _, enum := lit.value.(*interp.EnumMember); lit.kind != exprLiteral || !enum {
			return v, nil
		}
		v = lit.value
	} else if isSQL(v) {
		return v, nil
	}
	var c *columnObj
	if s.table != nil {
		c = s.table.lookupColumn(col)
	}
	if c == nil {
		return v, nil
	}
	out, err := bindTyped(in, c.typ, c.schemaType(), v)
	if err != nil || !isLit {
		return out, err
	}
	e, ok := toExpr(out)
	if !ok {
		return lit, nil
	}
	return &sqlExpr{kind: exprLiteral, text: mustSQL(e)}, nil
}

// schemaType is the column's type, zero when it has none (sa.column('x')).
func (c *columnObj) schemaType() schema.Type {
	if c.col != nil && !c.col.Type.IsZero() {
		return c.col.Type
	}
	if c.typ != nil {
		return c.typ.t
	}
	return schema.Type{}
}

// ResultProcessor is, for a select(), what turns the value SQLite returned
// for result column i into what the script reads (ResultValue, then a
// TypeDecorator's process_result_value); nil when the statement is no
// select() or none of its columns has a type.
func ResultProcessor(in *interp.Interp, st Statement) func(i int, v interp.Value) (interp.Value, error) {
	s, ok := st.(*stmtObj)
	if !ok || s.kind != "select" {
		return nil
	}
	return func(i int, v interp.Value) (interp.Value, error) {
		if i >= len(s.cols) {
			return v, nil
		}
		var typ *typeObj
		t := schema.Type{}
		switch e := s.cols[i]; {
		case e.kind == exprColumn && e.col != nil:
			typ, t = e.col.typ, e.col.schemaType()
		case e.typ != nil:
			typ, t = e.typ, e.typ.t
		}
		v, err := ResultValue(t, v)
		if err != nil || typ == nil || typ.cls == nil || isNone(v) {
			return v, err
		}
		if m, owner, ok := typ.cls.Lookup("process_result_value"); ok && owner.Data == nil {
			return in.Call(&interp.Method{Self: typ, Func: m}, interp.Values(v, lib(in).dialectObj()))
		}
		return v, nil
	}
}

// BindColumn is v given for column col of table (a Table, sa.table() or a
// model), bound as the column's type binds it (op.bulk_insert's rows).
func BindColumn(in *interp.Interp, table interp.Value, col string, v interp.Value) (interp.Value, error) {
	var t *tableObj
	switch x := table.(type) {
	case *tableObj:
		t = x
	case *interp.Class:
		if m := mappingOf(x); m != nil {
			t = m.table
		}
	}
	if t != nil {
		if c := t.lookupColumn(col); c != nil {
			return bindTyped(in, c.typ, c.schemaType(), v)
		}
	}
	return BindValue(in, schema.Type{}, v)
}

// BindParam is an execute() parameter named name as the statement binds
// it: with the type of the column it fills in an insert() or update() of a
// table (bindTyped), else as BindValue binds an untyped value.
func BindParam(in *interp.Interp, st Statement, name string, v interp.Value) (interp.Value, error) {
	if s, ok := st.(*stmtObj); ok && s.table != nil {
		if c := s.table.lookupColumn(name); c != nil {
			return bindTyped(in, c.typ, c.schemaType(), v)
		}
	}
	return BindValue(in, schema.Type{}, v)
}
