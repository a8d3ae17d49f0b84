package script

import (
	"strings"

	"retort/engine/interp"
	"retort/engine/models"
	"retort/engine/runner"
	"retort/engine/schema"
)

// conn is a Connection: op.get_bind() inside a step, what env.py's
// engine.connect() gives outside one.
type conn struct {
	rt *Runtime
	// db is the database outside a step (env.py's connection); inside one,
	// statements go through the step.
	db  DB
	url string
}

var connClass = interp.NewClass("Connection", "sqlalchemy.engine.base", nil)

func (c *conn) PyClass() *interp.Class { return connClass }

// target is where the connection's statements go now.
func (c *conn) target() (DB, bool) {
	if c.rt.mig != nil {
		return c.rt.mig, c.rt.mig.Offline()
	}
	if c.db == nil {
		return nil, c.rt.opts.Offline
	}
	return c.db, false
}

func (c *conn) dialect() string {
	if c.db != nil {
		return c.db.Dialect()
	}
	if c.rt.mig != nil {
		return c.rt.mig.Dialect()
	}
	return c.rt.opts.Dialect
}

func (c *conn) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	method := func(f func(a *interp.Args) (interp.Value, error)) (interp.Value, error) {
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) { return f(a) }}, nil
	}
	switch name {
	case "execute", "exec_driver_sql":
		return method(func(a *interp.Args) (interp.Value, error) { return c.execute(a) })
	case "scalar":
		return method(func(a *interp.Args) (interp.Value, error) {
			r, err := c.execute(a)
			if err != nil {
				return nil, err
			}
			return r.(*result).scalar(), nil
		})
	case "dialect":
		return &dialect{name: c.dialect()}, nil
	case "engine":
		return &engineRef{c: c}, nil
	case "begin", "begin_nested", "connect":
		return method(func(a *interp.Args) (interp.Value, error) { return &nullContext{v: c}, nil })
	case "commit", "rollback", "close", "invalidate", "detach":
		return method(func(a *interp.Args) (interp.Value, error) { return interp.None, nil })
	case "in_transaction", "in_nested_transaction":
		return method(func(a *interp.Args) (interp.Value, error) { return interp.Bool(c.rt.mig != nil), nil })
	case "execution_options":
		return method(func(a *interp.Args) (interp.Value, error) { return c, nil })
	case "info":
		return interp.NewDict(), nil
	case "closed":
		return interp.Bool(false), nil
	case "run_sync":
		// async env.py: await connection.run_sync(do_run_migrations)
		return method(func(a *interp.Args) (interp.Value, error) {
			if len(a.Pos) == 0 {
				return nil, interp.Errorf(a.Loc, "run_sync() takes a function")
			}
			args := &interp.Args{Pos: append([]interp.Arg{{Value: c}}, a.Pos[1:]...), Kw: a.Kw, Loc: a.Loc}
			return in.Call(a.Pos[0].Value, args)
		})
	}
	return nil, nil
}

// Enter and Exit make `with engine.connect() as connection:` work.
func (c *conn) Enter(in *interp.Interp) (interp.Value, error)               { return c, nil }
func (c *conn) Exit(in *interp.Interp, exc *interp.Exception) (bool, error) { return false, nil }

// execute is connection.execute(statement, parameters).
func (c *conn) execute(a *interp.Args) (interp.Value, error) {
	rt := c.rt
	if len(a.Pos) == 0 {
		return nil, interp.Errorf(a.Loc, "execute() takes a statement")
	}
	stmt := a.Pos[0]
	if err := rt.in.Use(stmt.Value); err != nil {
		return nil, err
	}
	var sql string
	var base map[string]any
	var st models.Statement
	rows := false
	switch v := stmt.Value.(type) {
	case interp.Str:
		sql = string(v)
		rows = isQuery(sql)
	default:
		var ok bool
		if st, ok = models.AsStatement(v); !ok {
			return nil, interp.Errorf(stmt.Loc, "execute() takes SQL (sa.text(...) or a statement), not %s", interp.Describe(v))
		}
		s, err := st.SQL()
		if err != nil {
			return nil, withLoc(err, stmt.Loc)
		}
		sql, rows = s, st.Rows()
		if p := st.Params(); p != nil {
			base = map[string]any{}
			if err := addParams(rt.in, st, base, p, stmt.Loc); err != nil {
				return nil, err
			}
		}
	}
	// Parameters: a dict, a list of dicts (executemany), or keywords.
	var sets []map[string]any
	for _, p := range a.Pos[1:] {
		switch v := p.Value.(type) {
		case *interp.Dict:
			m := clone(base)
			if err := addParams(rt.in, st, m, v, p.Loc); err != nil {
				return nil, err
			}
			sets = append(sets, m)
		case *interp.List, *interp.Tuple:
			items, _ := rt.in.List(v)
			for _, it := range items {
				d, ok := it.(*interp.Dict)
				if !ok {
					return nil, interp.Errorf(p.Loc, "execute()'s parameters must be dicts, not %s", interp.Describe(it))
				}
				m := clone(base)
				if err := addParams(rt.in, st, m, d, p.Loc); err != nil {
					return nil, err
				}
				sets = append(sets, m)
			}
		case interp.NoneType:
		default:
			return nil, interp.Errorf(p.Loc, "execute()'s parameters must be a dict or a list of dicts, not %s", interp.Describe(v))
		}
	}
	if len(a.Kw) > 0 {
		m := clone(base)
		for _, kw := range a.Kw {
			gv, err := paramValue(rt.in, st, kw.Name, kw.Value)
			if err != nil {
				return nil, interp.Errorf(kw.Loc, "%s", err.Error())
			}
			m[kw.Name] = gv
		}
		sets = append(sets, m)
	}
	if sets == nil && base != nil {
		sets = []map[string]any{base}
	}
	if insertWithoutValues(sql) && len(sets) > 0 {
		sql = completeInsert(sql, sets[0])
	}
	db, offline := c.target()
	if db == nil {
		if offline {
			return &result{rt: rt}, nil
		}
		return nil, interp.Errorf(a.Loc, "this connection is not connected to a database")
	}
	r, err := db.Execute(sql, sets)
	if err != nil {
		return nil, rt.dbError(err, a.Loc)
	}
	if offline || !rows && len(r.Columns) == 0 {
		return &result{rt: rt, rows: r, noRows: true}, nil
	}
	if proc := models.ResultProcessor(rt.in, st); proc != nil {
		for _, vals := range r.Values {
			for i := range vals {
				v, err := proc(i, fromDB(vals[i]))
				if err != nil {
					return nil, withLoc(err, a.Loc)
				}
				vals[i] = pyValue{v}
			}
		}
	}
	return &result{rt: rt, rows: r}, nil
}

// pyValue is a column's value as its type gave it to the script (a
// datetime, an unpickled list): fromDB returns it as it is, the same object
// each time.
type pyValue struct{ v interp.Value }

// paramValue is an execute() parameter as the statement's column binds it.
func paramValue(in *interp.Interp, st models.Statement, name string, v interp.Value) (any, error) {
	bv, err := models.BindParam(in, st, name, v)
	if err != nil {
		return nil, err
	}
	return goValue(in, bv)
}

func clone(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func addParams(in *interp.Interp, st models.Statement, m map[string]any, d *interp.Dict, at interp.Loc) error {
	for i, k := range d.Keys() {
		ks, ok := models.ColumnName(k)
		if !ok {
			return interp.Errorf(at, "a parameter's name must be a string, not %s", interp.Describe(k))
		}
		gv, err := paramValue(in, st, ks, d.Values()[i])
		if err != nil {
			return interp.Errorf(at, "%s", err.Error())
		}
		m[ks] = gv
	}
	return nil
}

// isQuery reports whether raw SQL returns rows.
func isQuery(sql string) bool {
	s := strings.ToUpper(strings.TrimSpace(sql))
	return strings.HasPrefix(s, "SELECT") || strings.HasPrefix(s, "WITH") || strings.HasPrefix(s, "PRAGMA") || strings.HasPrefix(s, "VALUES")
}

// insertWithoutValues reports whether a statement is insert(table) with its
// values to come from the parameters.
func insertWithoutValues(sql string) bool {
	return strings.HasPrefix(sql, "INSERT INTO ") && !strings.Contains(sql, " VALUES ") && !strings.Contains(sql, " SELECT ")
}

// completeInsert gives insert(table) the columns its parameters name, as
// SQLAlchemy does for conn.execute(table.insert(), [{...}, ...]).
func completeInsert(sql string, params map[string]any) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sortStrings(keys)
	cols := make([]string, len(keys))
	vals := make([]string, len(keys))
	for i, k := range keys {
		cols[i] = `"` + strings.ReplaceAll(k, `"`, `""`) + `"`
		vals[i] = ":" + k
	}
	return sql + " (" + strings.Join(cols, ", ") + ") VALUES (" + strings.Join(vals, ", ") + ")"
}

// result is a statement's result.
type result struct {
	rt     *Runtime
	rows   *Rows
	pos    int
	noRows bool
}

var resultClass = interp.NewClass("CursorResult", "sqlalchemy.engine.cursor", nil)

func (r *result) PyClass() *interp.Class { return resultClass }

func (r *result) columns() []string {
	if r.rows == nil {
		return nil
	}
	return r.rows.Columns
}

func (r *result) next() (interp.Value, bool) {
	if r.rows == nil || r.pos >= len(r.rows.Values) {
		return nil, false
	}
	row := &row{cols: r.rows.Columns, vals: r.rows.Values[r.pos]}
	r.pos++
	return row, true
}

func (r *result) scalar() interp.Value {
	v, ok := r.next()
	if !ok {
		return interp.None
	}
	rw := v.(*row)
	if len(rw.vals) == 0 {
		return interp.None
	}
	return fromDB(rw.vals[0])
}

func (r *result) rest() []interp.Value {
	var out []interp.Value
	for {
		v, ok := r.next()
		if !ok {
			return out
		}
		out = append(out, v)
	}
}

func (r *result) Iter(in *interp.Interp, yield func(interp.Value) (bool, error)) error {
	if r.noRows {
		return interp.Errorf(interp.Loc{}, "this result returns no rows (the statement was not a query)")
	}
	for {
		v, ok := r.next()
		if !ok {
			return nil
		}
		if more, err := yield(v); err != nil || !more {
			return err
		}
	}
}

func (r *result) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	method := func(f func(a *interp.Args) (interp.Value, error)) (interp.Value, error) {
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) { return f(a) }}, nil
	}
	switch name {
	case "fetchall", "all":
		return method(func(a *interp.Args) (interp.Value, error) { return interp.NewList(r.rest()...), nil })
	case "fetchone":
		return method(func(a *interp.Args) (interp.Value, error) {
			if v, ok := r.next(); ok {
				return v, nil
			}
			return interp.None, nil
		})
	case "first":
		return method(func(a *interp.Args) (interp.Value, error) {
			v, ok := r.next()
			r.pos = len(r.rows.Values)
			if !ok {
				return interp.None, nil
			}
			return v, nil
		})
	case "one", "one_or_none", "scalar_one", "scalar_one_or_none":
		return method(func(a *interp.Args) (interp.Value, error) {
			rows := r.rest()
			if len(rows) == 0 {
				if strings.HasSuffix(name, "or_none") {
					return interp.None, nil
				}
				return nil, &interp.Exception{Class: r.rt.lib.ExceptionClass("InvalidRequestError"), Args: []interp.Value{interp.Str("No row was found when one was required")}, Plain: true}
			}
			if len(rows) > 1 {
				return nil, &interp.Exception{Class: r.rt.lib.ExceptionClass("InvalidRequestError"), Args: []interp.Value{interp.Str("Multiple rows were found when one or none was required")}, Plain: true}
			}
			if strings.HasPrefix(name, "scalar") {
				return fromDB(rows[0].(*row).vals[0]), nil
			}
			return rows[0], nil
		})
	case "fetchmany":
		return method(func(a *interp.Args) (interp.Value, error) {
			n := 1
			if len(a.Pos) > 0 {
				if v, ok := a.Pos[0].Value.(interp.Int); ok {
					n = int(v)
				}
			}
			var out []interp.Value
			for i := 0; i < n; i++ {
				v, ok := r.next()
				if !ok {
					break
				}
				out = append(out, v)
			}
			return interp.NewList(out...), nil
		})
	case "scalar":
		return method(func(a *interp.Args) (interp.Value, error) { return r.scalar(), nil })
	case "scalars":
		return method(func(a *interp.Args) (interp.Value, error) {
			var out []interp.Value
			for _, v := range r.rest() {
				out = append(out, fromDB(v.(*row).vals[0]))
			}
			return &valueList{items: out}, nil
		})
	case "mappings":
		return method(func(a *interp.Args) (interp.Value, error) {
			var out []interp.Value
			for _, v := range r.rest() {
				out = append(out, v.(*row).mapping())
			}
			return &valueList{items: out}, nil
		})
	case "keys":
		return method(func(a *interp.Args) (interp.Value, error) {
			items := make([]interp.Value, len(r.columns()))
			for i, c := range r.columns() {
				items[i] = interp.Str(c)
			}
			return interp.NewList(items...), nil
		})
	case "rowcount":
		if r.rows == nil {
			return interp.Int(-1), nil
		}
		return interp.Int(r.rows.Affected), nil
	case "close":
		return method(func(a *interp.Args) (interp.Value, error) { return interp.None, nil })
	case "returns_rows":
		return interp.Bool(!r.noRows), nil
	}
	return nil, nil
}

// valueList is .scalars() / .mappings(): a list with .all(), .first().
type valueList struct {
	items []interp.Value
}

var valueListClass = interp.NewClass("ScalarResult", "sqlalchemy.engine.result", nil)

func (v *valueList) PyClass() *interp.Class { return valueListClass }

func (v *valueList) Iter(in *interp.Interp, yield func(interp.Value) (bool, error)) error {
	for _, it := range v.items {
		if ok, err := yield(it); err != nil || !ok {
			return err
		}
	}
	return nil
}

func (v *valueList) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	method := func(f func() interp.Value) (interp.Value, error) {
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) { return f(), nil }}, nil
	}
	switch name {
	case "all", "fetchall":
		return method(func() interp.Value { return interp.NewList(v.items...) })
	case "first", "one_or_none":
		return method(func() interp.Value {
			if len(v.items) == 0 {
				return interp.None
			}
			return v.items[0]
		})
	case "one":
		return method(func() interp.Value {
			if len(v.items) == 0 {
				return interp.None
			}
			return v.items[0]
		})
	}
	return nil, nil
}

// row is a Row: a tuple that also has attributes (and ._mapping) by column.
type row struct {
	cols []string
	vals []any
}

var rowClass = interp.NewClass("Row", "sqlalchemy.engine.row", nil)

func (r *row) PyClass() *interp.Class { return rowClass }

func (r *row) mapping() *interp.Dict {
	d := interp.NewDict()
	for i, c := range r.cols {
		d.SetStr(c, fromDB(r.vals[i]))
	}
	return d
}

func (r *row) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	for i, c := range r.cols {
		if c == name {
			return fromDB(r.vals[i]), nil
		}
	}
	switch name {
	case "_mapping":
		return r.mapping(), nil
	case "_asdict":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) { return r.mapping(), nil }}, nil
	case "_fields":
		items := make([]interp.Value, len(r.cols))
		for i, c := range r.cols {
			items[i] = interp.Str(c)
		}
		return interp.NewTuple(items...), nil
	case "keys":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			items := make([]interp.Value, len(r.cols))
			for i, c := range r.cols {
				items[i] = interp.Str(c)
			}
			return interp.NewList(items...), nil
		}}, nil
	}
	return nil, nil
}

func (r *row) GetItem(in *interp.Interp, key interp.Value, at interp.Loc) (interp.Value, error) {
	switch k := key.(type) {
	case interp.Int:
		i := int(k)
		if i < 0 {
			i += len(r.vals)
		}
		if i < 0 || i >= len(r.vals) {
			return nil, interp.NewError("IndexError", "tuple index out of range")
		}
		return fromDB(r.vals[i]), nil
	case interp.Str:
		for i, c := range r.cols {
			if c == string(k) {
				return fromDB(r.vals[i]), nil
			}
		}
		return nil, &interp.Exception{Class: interp.ExceptionClassNamed("KeyError"), Args: []interp.Value{k}}
	}
	items := make([]interp.Value, len(r.vals))
	for i, v := range r.vals {
		items[i] = fromDB(v)
	}
	return in.GetItem(interp.NewTuple(items...), key)
}

func (r *row) Iter(in *interp.Interp, yield func(interp.Value) (bool, error)) error {
	for _, v := range r.vals {
		if ok, err := yield(fromDB(v)); err != nil || !ok {
			return err
		}
	}
	return nil
}

func (r *row) Len(in *interp.Interp) (int, error) { return len(r.vals), nil }

func (r *row) Repr(in *interp.Interp) (string, error) {
	items := make([]interp.Value, len(r.vals))
	for i, v := range r.vals {
		items[i] = fromDB(v)
	}
	return in.Repr(interp.NewTuple(items...))
}

// BinaryOp implements interp.Operand: a row compares as its tuple.
func (r *row) BinaryOp(in *interp.Interp, op string, other interp.Value, reflected bool) (interp.Value, error) {
	items := make([]interp.Value, len(r.vals))
	for i, v := range r.vals {
		items[i] = fromDB(v)
	}
	t := interp.NewTuple(items...)
	if op == "contains" {
		ok, err := in.Contains(t, other)
		return interp.Bool(ok), err
	}
	if reflected {
		return in.Compare(op, other, t)
	}
	return in.Compare(op, t, other)
}

// dialect is connection.dialect.
type dialect struct{ name string }

var dialectClass = interp.NewClass("Dialect", "sqlalchemy.engine.interfaces", nil)

func (d *dialect) PyClass() *interp.Class { return dialectClass }

func (d *dialect) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	switch name {
	case "name":
		return interp.Str(d.name), nil
	case "driver":
		if d.name == "postgresql" {
			return interp.Str("psycopg2"), nil
		}
		return interp.Str("pysqlite"), nil
	case "server_version_info":
		if d.name == "sqlite" {
			return interp.NewTuple(interp.Int(3), interp.Int(40), interp.Int(0)), nil
		}
		return interp.NewTuple(interp.Int(15), interp.Int(0)), nil
	case "supports_alter", "supports_native_enum", "supports_native_boolean", "supports_comments":
		return interp.Bool(d.name != "sqlite"), nil
	case "default_schema_name":
		if d.name == "postgresql" {
			return interp.Str("public"), nil
		}
		return interp.Str("main"), nil
	}
	return &interp.Opaque{What: "dialect." + name}, nil
}

// engineRef is connection.engine.
type engineRef struct{ c *conn }

var engineRefClass = interp.NewClass("Engine", "sqlalchemy.engine.base", nil)

func (e *engineRef) PyClass() *interp.Class { return engineRefClass }

func (e *engineRef) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	switch name {
	case "name":
		return interp.Str(e.c.dialect()), nil
	case "dialect":
		return &dialect{name: e.c.dialect()}, nil
	case "url":
		return interp.Str(e.c.url), nil
	case "connect", "begin":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) { return e.c, nil }}, nil
	}
	return &interp.Opaque{What: "engine." + name}, nil
}

// nullContext is a with block that does nothing but give v.
type nullContext struct{ v interp.Value }

func (n *nullContext) PyClass() *interp.Class                                      { return interp.ObjectClass }
func (n *nullContext) Enter(in *interp.Interp) (interp.Value, error)               { return n.v, nil }
func (n *nullContext) Exit(in *interp.Interp, exc *interp.Exception) (bool, error) { return false, nil }
func (n *nullContext) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	switch name {
	case "commit", "rollback", "close":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) { return interp.None, nil }}, nil
	}
	return nil, nil
}

// autocommitBlock is context.autocommit_block(): where the step runs in a
// transaction (runner.Autocommitter: PostgreSQL's), the transaction is
// committed on entering the block (COMMIT; with --sql), what the block does
// runs outside any, and a transaction begins again on leaving it, as
// Alembic's MigrationContext.autocommit_block does. Elsewhere it does
// nothing.
type autocommitBlock struct {
	rt  *Runtime
	mig runner.Autocommitter
}

func (b *autocommitBlock) PyClass() *interp.Class { return interp.ObjectClass }

func (b *autocommitBlock) Enter(in *interp.Interp) (interp.Value, error) {
	if ac, ok := b.rt.mig.(runner.Autocommitter); ok {
		b.mig = ac
		if err := ac.Autocommit(true); err != nil {
			return nil, err
		}
	}
	return interp.None, nil
}

func (b *autocommitBlock) Exit(in *interp.Interp, exc *interp.Exception) (bool, error) {
	if b.mig == nil {
		return false, nil
	}
	return false, b.mig.Autocommit(false)
}

func (b *autocommitBlock) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	return nil, nil
}

// inspector is sqlalchemy.inspect(bind).
type inspector struct {
	rt *Runtime
	c  *conn
}

var inspectorClass = interp.NewClass("Inspector", "sqlalchemy.engine.reflection", nil)

func (i *inspector) PyClass() *interp.Class { return inspectorClass }

// schema reads the database's schema as it is now.
func (i *inspector) schema(at interp.Loc) (*schema.MetaData, error) {
	db, offline := i.c.target()
	if offline || db == nil {
		return nil, interp.Errorf(at, "%s: inspect() needs a database, and with --sql there is none (as with Alembic's offline mode)", ErrOffline)
	}
	md, err := db.Inspect()
	if err != nil {
		return nil, i.rt.dbError(err, at)
	}
	return md, nil
}

func (i *inspector) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	table := func(f func(t *schema.Table, md *schema.MetaData) (interp.Value, error)) (interp.Value, error) {
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			md, err := i.schema(a.Loc)
			if err != nil {
				return nil, err
			}
			if len(a.Pos) == 0 {
				return nil, interp.Errorf(a.Loc, "%s() takes a table name", name)
			}
			tn, ok := a.Pos[0].Value.(interp.Str)
			if !ok {
				return nil, interp.Errorf(a.Pos[0].Loc, "%s() takes a table name, not %s", name, interp.Describe(a.Pos[0].Value))
			}
			t := md.Table(string(tn))
			if t == nil {
				return nil, &interp.Exception{Class: i.rt.lib.ExceptionClass("NoSuchTableError"), Args: []interp.Value{tn}, Loc: a.Loc, Plain: true}
			}
			return f(t, md)
		}}, nil
	}
	switch name {
	case "get_table_names":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			md, err := i.schema(a.Loc)
			if err != nil {
				return nil, err
			}
			var names []string
			for _, t := range md.Tables {
				if t.Name != "sqlite_sequence" {
					names = append(names, t.Name)
				}
			}
			sortStrings(names)
			return strList(names), nil
		}}, nil
	case "get_view_names":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			md, err := i.schema(a.Loc)
			if err != nil {
				return nil, err
			}
			var names []string
			for _, v := range md.Views {
				names = append(names, v.Name)
			}
			sortStrings(names)
			return strList(names), nil
		}}, nil
	case "has_table":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			md, err := i.schema(a.Loc)
			if err != nil {
				return nil, err
			}
			if len(a.Pos) == 0 {
				return nil, interp.Errorf(a.Loc, "has_table() takes a table name")
			}
			tn, _ := a.Pos[0].Value.(interp.Str)
			return interp.Bool(md.Table(string(tn)) != nil), nil
		}}, nil
	case "get_schema_names":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			if i.c.dialect() == "postgresql" {
				return strList([]string{"public"}), nil
			}
			return strList([]string{"main"}), nil
		}}, nil
	case "default_schema_name":
		if i.c.dialect() == "postgresql" {
			return interp.Str("public"), nil
		}
		return interp.Str("main"), nil
	case "get_columns":
		return table(func(t *schema.Table, md *schema.MetaData) (interp.Value, error) {
			var out []interp.Value
			for _, c := range t.Columns {
				d := interp.NewDict()
				d.SetStr("name", interp.Str(c.Name))
				d.SetStr("type", i.rt.lib.TypeValue(c.Type))
				d.SetStr("nullable", interp.Bool(c.Nullable))
				if c.ServerDefault != "" {
					d.SetStr("default", interp.Str(c.ServerDefault))
				} else {
					d.SetStr("default", interp.None)
				}
				d.SetStr("autoincrement", interp.Str("auto"))
				pk := 0
				if t.PrimaryKey != nil {
					for j, n := range t.PrimaryKey.Columns {
						if strings.EqualFold(n, c.Name) {
							pk = j + 1
						}
					}
				}
				d.SetStr("primary_key", interp.Int(pk))
				if c.Comment != "" {
					d.SetStr("comment", interp.Str(c.Comment))
				}
				out = append(out, d)
			}
			return interp.NewList(out...), nil
		})
	case "get_pk_constraint":
		return table(func(t *schema.Table, md *schema.MetaData) (interp.Value, error) {
			d := interp.NewDict()
			if t.PrimaryKey == nil {
				d.SetStr("constrained_columns", interp.NewList())
				d.SetStr("name", interp.None)
				return d, nil
			}
			d.SetStr("constrained_columns", strList(t.PrimaryKey.Columns))
			d.SetStr("name", strOrNone(t.PrimaryKey.Name))
			return d, nil
		})
	case "get_foreign_keys":
		return table(func(t *schema.Table, md *schema.MetaData) (interp.Value, error) {
			var out []interp.Value
			for _, fk := range t.ForeignKeys {
				d := interp.NewDict()
				d.SetStr("name", strOrNone(fk.Name))
				d.SetStr("constrained_columns", strList(fk.Columns))
				d.SetStr("referred_schema", interp.None)
				d.SetStr("referred_table", interp.Str(fk.RefTable))
				d.SetStr("referred_columns", strList(fk.RefColumns))
				opts := interp.NewDict()
				if fk.OnDelete != "" {
					opts.SetStr("ondelete", interp.Str(fk.OnDelete))
				}
				if fk.OnUpdate != "" {
					opts.SetStr("onupdate", interp.Str(fk.OnUpdate))
				}
				d.SetStr("options", opts)
				out = append(out, d)
			}
			return interp.NewList(out...), nil
		})
	case "get_indexes":
		return table(func(t *schema.Table, md *schema.MetaData) (interp.Value, error) {
			var out []interp.Value
			for _, ix := range t.Indexes {
				d := interp.NewDict()
				d.SetStr("name", interp.Str(ix.Name))
				d.SetStr("column_names", strList(ix.Columns))
				d.SetStr("unique", interp.Bool(ix.Unique))
				out = append(out, d)
			}
			return interp.NewList(out...), nil
		})
	case "get_unique_constraints":
		return table(func(t *schema.Table, md *schema.MetaData) (interp.Value, error) {
			var out []interp.Value
			for _, u := range t.Uniques {
				d := interp.NewDict()
				d.SetStr("name", strOrNone(u.Name))
				d.SetStr("column_names", strList(u.Columns))
				out = append(out, d)
			}
			return interp.NewList(out...), nil
		})
	case "get_check_constraints":
		return table(func(t *schema.Table, md *schema.MetaData) (interp.Value, error) {
			var out []interp.Value
			for _, ck := range t.Checks {
				d := interp.NewDict()
				d.SetStr("name", strOrNone(ck.Name))
				d.SetStr("sqltext", interp.Str(ck.SQL))
				out = append(out, d)
			}
			return interp.NewList(out...), nil
		})
	case "get_table_comment":
		return table(func(t *schema.Table, md *schema.MetaData) (interp.Value, error) {
			d := interp.NewDict()
			d.SetStr("text", strOrNone(t.Comment))
			return d, nil
		})
	case "bind", "engine":
		return i.c, nil
	}
	return nil, nil
}

func strList(items []string) *interp.List {
	out := make([]interp.Value, len(items))
	for i, s := range items {
		out[i] = interp.Str(s)
	}
	return interp.NewList(out...)
}

func strOrNone(s string) interp.Value {
	if s == "" {
		return interp.None
	}
	return interp.Str(s)
}

// migrationContext is op.get_context() / context.get_context().
type migrationContext struct{ rt *Runtime }

var migrationContextClass = interp.NewClass("MigrationContext", "alembic.runtime.migration", nil)

func (m *migrationContext) PyClass() *interp.Class { return migrationContextClass }

func (m *migrationContext) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	rt := m.rt
	d := rt.opts.Dialect
	if rt.mig != nil {
		d = rt.mig.Dialect()
	}
	switch name {
	case "dialect":
		return &dialect{name: d}, nil
	case "bind", "connection":
		return rt.bind(interp.Loc{})
	case "as_sql":
		return interp.Bool(rt.opts.Offline), nil
	case "opts":
		return interp.NewDict(), nil
	case "impl":
		return &interp.Opaque{What: "context.impl"}, nil
	case "get_current_revision":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			return &interp.Opaque{What: "context.get_current_revision()"}, nil
		}}, nil
	case "autocommit_block":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			return &autocommitBlock{rt: rt}, nil
		}}, nil
	}
	return &interp.Opaque{What: "context." + name}, nil
}

// bind is op.get_bind(): the connection of the running step.
func (rt *Runtime) bind(at interp.Loc) (interp.Value, error) {
	if rt.env != nil && rt.env.conn != nil {
		return rt.env.conn, nil
	}
	return &conn{rt: rt}, nil
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}
