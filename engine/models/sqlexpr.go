package models

import (
	"fmt"
	"strconv"
	"strings"

	"retort/engine/interp"
	"retort/engine/python"
	"retort/engine/schema"
)

// exprKind is what a SQL expression node is.
type exprKind int

const (
	exprText    exprKind = iota // text('...'): SQL as written
	exprLiteral                 // literal_column('...'): SQL as written, a column element
	exprValue                   // a Python value: 'abc', 1, None
	exprNull                    // null()
	exprBool                    // true() / false()
	exprFunc                    // func.name(args)
	exprColumn                  // a column
	exprBinary                  // a op b
	exprUnary                   // NOT a, -a
	exprPostfix                 // a DESC, a IS NULL
	exprList                    // (a, b, c) for IN
	exprCast                    // CAST(a AS type)
	exprBind                    // bindparam('name', value)
	exprLabel                   // a AS name
)

// sqlExpr is a SQL expression as SQLAlchemy builds it: text(), func.now(),
// User.age >= 0, literal_column(...). It is compiled to SQLite's SQL text
// when a schema or a statement needs it.
type sqlExpr struct {
	kind  exprKind
	text  string       // exprText/exprLiteral: SQL; exprFunc: name; exprBind/exprLabel: name
	value interp.Value // exprValue, exprBind
	b     bool         // exprBool
	op    string       // binary/unary/postfix operator
	args  []*sqlExpr
	col   *columnObj
	// table/name name a column of a lightweight table (sa.table / sa.column).
	table, name string
	typ         *typeObj
}

var sqlExprClass = interp.NewClass("ColumnElement", "sqlalchemy.sql.elements", nil)

// PyClass implements interp.Object.
func (e *sqlExpr) PyClass() *interp.Class { return sqlExprClass }

// HashKey implements interp.Hasher.
func (e *sqlExpr) HashKey() (any, error) { return e, nil }

// columnElement reports whether SQLAlchemy treats the expression as a column
// element (SQLite's DDL puts those in parentheses as a server default);
// text() is not one.
func (e *sqlExpr) columnElement() bool { return e.kind != exprText }

// Truth implements interp.Truther: a SQL expression has no truth value in
// Python (SQLAlchemy raises the same).
func (e *sqlExpr) Truth(in *interp.Interp) (bool, error) {
	return false, interp.NewError("TypeError", "Boolean value of this clause is not defined")
}

// GetAttr implements interp.Attrs.
func (e *sqlExpr) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	return exprMethod(in, e, name)
}

// BinaryOp implements interp.Operand.
func (e *sqlExpr) BinaryOp(in *interp.Interp, op string, other interp.Value, reflected bool) (interp.Value, error) {
	return exprOperator(in, e, op, other, reflected)
}

// UnaryOp implements interp.UnaryOperand.
func (e *sqlExpr) UnaryOp(in *interp.Interp, op string) (interp.Value, error) {
	switch op {
	case "~":
		return &sqlExpr{kind: exprUnary, op: "NOT", args: []*sqlExpr{e}}, nil
	case "-":
		return &sqlExpr{kind: exprUnary, op: "-", args: []*sqlExpr{e}}, nil
	}
	return nil, interp.NewError("TypeError", "bad operand type for unary %s: a SQL expression", op)
}

// ownerTable returns the table of the first column of a table the expression
// names (Index("ix", func.lower(User.email)) joins that table), or nil.
func (e *sqlExpr) ownerTable() *tableObj {
	if e.kind == exprColumn && e.col != nil && e.col.table != nil && !e.col.table.light {
		return e.col.table
	}
	for _, a := range e.args {
		if t := a.ownerTable(); t != nil {
			return t
		}
	}
	return nil
}

// toExpr turns an operand into an expression: expressions and columns as they
// are, Python values as literals.
func toExpr(v interp.Value) (*sqlExpr, bool) {
	switch x := v.(type) {
	case *sqlExpr:
		return x, true
	case *textExpr:
		return &x.sqlExpr, true
	case *columnObj:
		return &sqlExpr{kind: exprColumn, col: x}, true
	case interp.Str, interp.Int, interp.Float, interp.Bool, interp.NoneType, interp.Bytes:
		return &sqlExpr{kind: exprValue, value: v}, true
	case *interp.EnumMember:
		return &sqlExpr{kind: exprValue, value: interp.Str(x.Name)}, true
	case *interp.DateTime:
		return &sqlExpr{kind: exprValue, value: v}, true
	}
	return nil, false
}

var sqlOps = map[string]string{
	"==": "=", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">=",
	"+": "+", "-": "-", "*": "*", "/": "/", "%": "%", "&": "AND", "|": "OR",
}

// exprOperator is "a op b" where a (or b, reflected) is a SQL expression or a
// column: another SQL expression.
func exprOperator(in *interp.Interp, self interp.Value, op string, other interp.Value, reflected bool) (interp.Value, error) {
	if op == "contains" {
		return interp.NotImplemented, nil
	}
	sqlOp, ok := sqlOps[op]
	if !ok {
		return interp.NotImplemented, nil
	}
	left, right := self, other
	if reflected {
		left, right = other, self
	}
	var err error
	if left, err = bindAgainst(in, right, left); err != nil {
		return nil, err
	}
	if right, err = bindAgainst(in, left, right); err != nil {
		return nil, err
	}
	a, ok1 := toExpr(left)
	b, ok2 := toExpr(right)
	if !ok1 || !ok2 {
		return interp.NotImplemented, nil
	}
	if b.kind == exprValue && isNone(b.value) || b.kind == exprNull {
		switch op {
		case "==":
			return &sqlExpr{kind: exprPostfix, op: "IS NULL", args: []*sqlExpr{a}}, nil
		case "!=":
			return &sqlExpr{kind: exprPostfix, op: "IS NOT NULL", args: []*sqlExpr{a}}, nil
		}
	}
	if op == "+" && isStringish(a, b) {
		sqlOp = "||"
	}
	return &sqlExpr{kind: exprBinary, op: sqlOp, args: []*sqlExpr{a, b}}, nil
}

// isStringish reports whether + between these operands is string
// concatenation (a String column or a str literal on either side).
func isStringish(a, b *sqlExpr) bool {
	for _, e := range []*sqlExpr{a, b} {
		if e.kind == exprValue {
			if _, ok := e.value.(interp.Str); ok {
				return true
			}
		}
		if e.kind == exprColumn && e.col != nil && e.col.typ != nil {
			switch e.col.typ.t.Name {
			case "String", "Text", "Unicode", "UnicodeText", "VARCHAR", "TEXT", "CHAR", "NVARCHAR":
				return true
			}
		}
	}
	return false
}

// exprMethod is a method of a SQL expression or a column: .desc(), .in_(...).
func exprMethod(in *interp.Interp, self interp.Value, name string) (interp.Value, error) {
	e, _ := toExpr(self)
	method := func(f func(a *interp.Args) (interp.Value, error)) (interp.Value, error) {
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) { return f(a) }}, nil
	}
	unary := func(op string, postfix bool) (interp.Value, error) {
		return method(func(a *interp.Args) (interp.Value, error) {
			if postfix {
				return &sqlExpr{kind: exprPostfix, op: op, args: []*sqlExpr{e}}, nil
			}
			return &sqlExpr{kind: exprUnary, op: op, args: []*sqlExpr{e}}, nil
		})
	}
	binary := func(op string, wrap func(*sqlExpr) *sqlExpr) (interp.Value, error) {
		return method(func(a *interp.Args) (interp.Value, error) {
			if len(a.Pos) != 1 {
				return nil, interp.NewError("TypeError", "%s() takes one argument", name)
			}
			o, ok := toExpr(a.Pos[0].Value)
			if !ok {
				return nil, interp.Errorf(a.Pos[0].Loc, "%s(): Retort cannot turn %s into SQL", name, interp.Describe(a.Pos[0].Value))
			}
			if wrap != nil {
				o = wrap(o)
			}
			return &sqlExpr{kind: exprBinary, op: op, args: []*sqlExpr{e, o}}, nil
		})
	}
	likeWrap := func(pre, post string) func(*sqlExpr) *sqlExpr {
		return func(o *sqlExpr) *sqlExpr {
			if s, ok := o.value.(interp.Str); ok && o.kind == exprValue {
				return &sqlExpr{kind: exprValue, value: interp.Str(pre + string(s) + post)}
			}
			return o
		}
	}
	switch name {
	case "desc":
		return unary("DESC", true)
	case "asc":
		return unary("ASC", true)
	case "is_", "is_not", "isnot":
		return method(func(a *interp.Args) (interp.Value, error) {
			op := "IS"
			if name != "is_" {
				op = "IS NOT"
			}
			if len(a.Pos) == 1 && isNone(a.Pos[0].Value) {
				return &sqlExpr{kind: exprPostfix, op: op + " NULL", args: []*sqlExpr{e}}, nil
			}
			o, ok := toExpr(a.Pos[0].Value)
			if !ok {
				return nil, interp.Errorf(a.Pos[0].Loc, "%s(): Retort cannot turn %s into SQL", name, interp.Describe(a.Pos[0].Value))
			}
			return &sqlExpr{kind: exprBinary, op: op, args: []*sqlExpr{e, o}}, nil
		})
	case "like":
		return binary("LIKE", nil)
	case "ilike":
		return binary("LIKE", nil)
	case "notlike", "not_like":
		return binary("NOT LIKE", nil)
	case "contains":
		return binary("LIKE", likeWrap("%", "%"))
	case "startswith":
		return binary("LIKE", likeWrap("", "%"))
	case "endswith":
		return binary("LIKE", likeWrap("%", ""))
	case "in_", "notin_", "not_in":
		return method(func(a *interp.Args) (interp.Value, error) {
			if len(a.Pos) != 1 {
				return nil, interp.NewError("TypeError", "%s() takes one argument", name)
			}
			items, err := in.List(a.Pos[0].Value)
			if err != nil {
				return nil, err
			}
			list := &sqlExpr{kind: exprList}
			for _, it := range items {
				x, ok := toExpr(it)
				if !ok {
					return nil, interp.Errorf(a.Pos[0].Loc, "%s(): Retort cannot turn %s into SQL", name, interp.Describe(it))
				}
				list.args = append(list.args, x)
			}
			op := "IN"
			if name != "in_" {
				op = "NOT IN"
			}
			return &sqlExpr{kind: exprBinary, op: op, args: []*sqlExpr{e, list}}, nil
		})
	case "between":
		return method(func(a *interp.Args) (interp.Value, error) {
			if len(a.Pos) != 2 {
				return nil, interp.NewError("TypeError", "between() takes two arguments")
			}
			lo, ok1 := toExpr(a.Pos[0].Value)
			hi, ok2 := toExpr(a.Pos[1].Value)
			if !ok1 || !ok2 {
				return nil, interp.NewError("TypeError", "between(): Retort cannot turn these into SQL")
			}
			return &sqlExpr{kind: exprBinary, op: "BETWEEN", args: []*sqlExpr{e, &sqlExpr{kind: exprBinary, op: "AND", args: []*sqlExpr{lo, hi}}}}, nil
		})
	case "collate":
		return method(func(a *interp.Args) (interp.Value, error) {
			if len(a.Pos) != 1 {
				return nil, interp.NewError("TypeError", "collate() takes one argument")
			}
			s, ok := a.Pos[0].Value.(interp.Str)
			if !ok {
				return nil, interp.NewError("TypeError", "collate() takes a collation name")
			}
			return &sqlExpr{kind: exprPostfix, op: "COLLATE " + string(s), args: []*sqlExpr{e}}, nil
		})
	case "label":
		return method(func(a *interp.Args) (interp.Value, error) {
			s := ""
			if len(a.Pos) == 1 {
				if ls, ok := a.Pos[0].Value.(interp.Str); ok {
					s = string(ls)
				}
			}
			return &sqlExpr{kind: exprLabel, text: s, args: []*sqlExpr{e}}, nil
		})
	case "op":
		return method(func(a *interp.Args) (interp.Value, error) {
			s, ok := a.Pos[0].Value.(interp.Str)
			if !ok {
				return nil, interp.NewError("TypeError", "op() takes an operator string")
			}
			return &interp.Builtin{Name: "op", Fn: func(in *interp.Interp, b *interp.Args) (interp.Value, error) {
				o, ok := toExpr(b.Pos[0].Value)
				if !ok {
					return nil, interp.NewError("TypeError", "op(): Retort cannot turn this into SQL")
				}
				return &sqlExpr{kind: exprBinary, op: string(s), args: []*sqlExpr{e, o}}, nil
			}}, nil
		})
	case "cast":
		return method(func(a *interp.Args) (interp.Value, error) {
			t, err := asTypeValue(in, a.Pos[0])
			if err != nil {
				return nil, err
			}
			return &sqlExpr{kind: exprCast, args: []*sqlExpr{e}, typ: t}, nil
		})
	case "self_group", "distinct", "nulls_first", "nulls_last", "nullsfirst", "nullslast":
		return method(func(a *interp.Args) (interp.Value, error) { return e, nil })
	}
	return nil, nil
}

// compileOpts say how an expression is written: qualify names columns with
// their table and quote double-quotes identifiers (statements); binds
// writes bindparam()s without a value as :name placeholders.
type compileOpts struct {
	qualify, quote, binds bool
	// dialect is the database the SQL is for: "sqlite" (the default) or
	// "postgresql", where SQLAlchemy writes func.now() as now() and
	// true()/True as true.
	dialect string
}

// sql compiles the expression to SQLite's SQL text as a DDL expression is
// (CHECK, server defaults, index expressions): Python values as literals,
// names as written.
func (e *sqlExpr) sql(qualify bool) (string, error) {
	return e.compile(compileOpts{qualify: qualify})
}

func (o compileOpts) ident(name string) string {
	if o.quote {
		return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
	}
	return name
}

// compile compiles the expression to SQLite's SQL text, with Python values
// as literals (as Alembic's literal_binds rendering of a statement).
func (e *sqlExpr) compile(o compileOpts) (string, error) {
	switch e.kind {
	case exprText, exprLiteral:
		return e.text, nil
	case exprValue:
		return o.literal(e.value)
	case exprBind:
		if o.binds && (e.value == nil || isNone(e.value)) && e.text != "" {
			return ":" + e.text, nil
		}
		return o.literal(e.value)
	case exprNull:
		return "NULL", nil
	case exprBool:
		return o.literal(interp.Bool(e.b))
	case exprFunc:
		return e.funcSQL(o)
	case exprColumn:
		if e.col != nil {
			if o.qualify && e.col.table != nil {
				return o.ident(e.col.table.t.Name) + "." + o.ident(e.col.colName()), nil
			}
			return o.ident(e.col.colName()), nil
		}
		if o.qualify && e.table != "" {
			return o.ident(e.table) + "." + o.ident(e.name), nil
		}
		return o.ident(e.name), nil
	case exprBinary:
		l, err := e.args[0].compile(o)
		if err != nil {
			return "", err
		}
		r, err := e.args[1].compile(o)
		if err != nil {
			return "", err
		}
		if e.args[0].kind == exprBinary && precedence(e.args[0].op) < precedence(e.op) {
			l = "(" + l + ")"
		}
		if e.args[1].kind == exprBinary && precedence(e.args[1].op) <= precedence(e.op) && e.op != "BETWEEN" {
			r = "(" + r + ")"
		}
		return l + " " + e.op + " " + r, nil
	case exprUnary:
		x, err := e.args[0].compile(o)
		if err != nil {
			return "", err
		}
		if e.args[0].kind == exprBinary {
			x = "(" + x + ")"
		}
		if e.op == "-" {
			return "-" + x, nil
		}
		return e.op + " " + x, nil
	case exprPostfix:
		x, err := e.args[0].compile(o)
		if err != nil {
			return "", err
		}
		return x + " " + e.op, nil
	case exprList:
		parts := make([]string, len(e.args))
		for i, a := range e.args {
			s, err := a.compile(o)
			if err != nil {
				return "", err
			}
			parts[i] = s
		}
		return "(" + strings.Join(parts, ", ") + ")", nil
	case exprCast:
		x, err := e.args[0].compile(o)
		if err != nil {
			return "", err
		}
		return "CAST(" + x + " AS " + castTypeSQL(e.typ) + ")", nil
	case exprLabel:
		x, err := e.args[0].compile(o)
		if err != nil {
			return "", err
		}
		if e.text == "" {
			return x, nil
		}
		return x + " AS " + e.text, nil
	}
	return "", fmt.Errorf("internal: unknown SQL expression")
}

func castTypeSQL(t *typeObj) string {
	if t == nil {
		return "TEXT"
	}
	s := strings.ToUpper(t.t.Name)
	switch t.t.Name {
	case "String", "Unicode":
		s = "VARCHAR"
	case "Text", "UnicodeText":
		s = "TEXT"
	case "Numeric":
		s = "NUMERIC"
	case "Float", "Double":
		s = "FLOAT"
	case "Boolean":
		s = "BOOLEAN"
	case "SmallInteger":
		s = "SMALLINT"
	case "BigInteger":
		s = "BIGINT"
	}
	if len(t.t.Args) > 0 {
		parts := make([]string, len(t.t.Args))
		for i, n := range t.t.Args {
			parts[i] = strconv.Itoa(n)
		}
		s += "(" + strings.Join(parts, ", ") + ")"
	}
	return s
}

func precedence(op string) int {
	switch op {
	case "OR":
		return 1
	case "AND":
		return 2
	case "=", "!=", "<", "<=", ">", ">=", "IS", "IS NOT", "LIKE", "NOT LIKE", "IN", "NOT IN", "BETWEEN":
		return 4
	case "||":
		return 5
	case "+", "-":
		return 6
	case "*", "/", "%":
		return 7
	}
	return 3
}

// literal renders a Python constant as the dialect's SQL literal.
func (o compileOpts) literal(v interp.Value) (string, error) {
	if b, ok := v.(interp.Bool); ok && o.dialect == "postgresql" {
		if b {
			return "true", nil
		}
		return "false", nil
	}
	return sqlLiteral(v)
}

// funcSQL renders func.name(args) as SQLAlchemy's compiler for the dialect
// does.
func (e *sqlExpr) funcSQL(o compileOpts) (string, error) {
	if o.dialect == "postgresql" {
		switch strings.ToLower(e.text) {
		case "current_timestamp", "current_date", "current_time", "localtime", "localtimestamp":
			return strings.ToUpper(e.text), nil
		}
	}
	switch strings.ToLower(e.text) {
	case "now", "current_timestamp":
		if o.dialect == "postgresql" {
			return "now()", nil
		}
		return "CURRENT_TIMESTAMP", nil
	case "current_date":
		return "CURRENT_DATE", nil
	case "current_time":
		return "CURRENT_TIME", nil
	case "localtimestamp", "localtime":
		return `DATETIME(CURRENT_TIMESTAMP, "localtime")`, nil
	}
	name := e.text
	if strings.ToLower(name) == "char_length" {
		name = "length"
	}
	parts := make([]string, 0, len(e.args))
	for _, a := range e.args {
		s, err := a.compile(o)
		if err != nil {
			return "", err
		}
		parts = append(parts, s)
	}
	return name + "(" + strings.Join(parts, ", ") + ")", nil
}

// exprOrValue returns a text() construct as its SQL expression, any other
// value as it is.
func exprOrValue(v interp.Value) interp.Value {
	if t, ok := v.(*textExpr); ok {
		return &t.sqlExpr
	}
	return v
}

// sqlLiteral renders a Python constant as a SQL literal (literal_binds).
func sqlLiteral(v interp.Value) (string, error) {
	switch v := v.(type) {
	case interp.Str:
		return sqlQuote(string(v)), nil
	case interp.Int:
		return strconv.FormatInt(int64(v), 10), nil
	case interp.Float:
		return python.FloatRepr(float64(v)), nil
	case interp.Bool:
		if v {
			return "1", nil
		}
		return "0", nil
	case interp.NoneType:
		return "NULL", nil
	case interp.Bytes:
		return "X'" + fmt.Sprintf("%X", string(v)) + "'", nil
	case *interp.EnumMember:
		return sqlQuote(v.Name), nil
	case *interp.DateTime:
		bv, err := BindValue(nil, schema.Type{}, v)
		if err != nil {
			return "", err
		}
		return sqlLiteral(bv)
	}
	return "", interp.NewError("TypeError", "Retort cannot turn %s into a SQL literal", interp.Describe(v))
}

// sqlQuote writes s as a SQL string literal.
func sqlQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// funcNamespace is sqlalchemy.func: func.now, func.lower, func.count...
type funcNamespace struct{ prefix string }

var funcClass = interp.NewClass("_FunctionGenerator", "sqlalchemy.sql.functions", nil)

func (f *funcNamespace) PyClass() *interp.Class { return funcClass }

// GetAttr implements interp.Attrs: func.x is another namespace that can be called.
func (f *funcNamespace) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	if f.prefix != "" {
		return &funcNamespace{prefix: f.prefix + "." + name}, nil
	}
	return &funcNamespace{prefix: name}, nil
}

// Call implements interp.Callable: func.name(args) is a function call expression.
func (f *funcNamespace) Call(in *interp.Interp, a *interp.Args) (interp.Value, error) {
	if f.prefix == "" {
		return nil, interp.NewError("TypeError", "func() is not callable: write func.name(...)")
	}
	e := &sqlExpr{kind: exprFunc, text: f.prefix}
	for _, p := range a.Pos {
		x, ok := toExpr(p.Value)
		if !ok {
			if silent(p.Value) {
				return interp.Poison{}, nil
			}
			return nil, interp.Errorf(p.Loc, "func.%s(): Retort cannot turn %s into SQL", f.prefix, interp.Describe(p.Value))
		}
		e.args = append(e.args, x)
	}
	return e, nil
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

// bindAgainst is v compared with c: a Python value compared with a typed
// column is bound with the column's type, as SQLAlchemy binds it.
func bindAgainst(in *interp.Interp, c, v interp.Value) (interp.Value, error) {
	if isSQL(v) {
		return v, nil
	}
	switch x := c.(type) {
	case *columnObj:
		return bindTyped(in, x.typ, x.schemaType(), v)
	case *sqlExpr:
		if x.kind == exprColumn && x.col != nil {
			return bindTyped(in, x.col.typ, x.col.schemaType(), v)
		}
		if x.typ != nil {
			return bindTyped(in, x.typ, x.typ.t, v)
		}
	}
	return v, nil
}
