package script

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"retort/engine/ops"
	"retort/engine/python"
	"retort/engine/schema"
)

type args = boundArgs[python.Expr]

// bindCall matches a call's arguments to sig.
func (r *reader) bindCall(call *python.Call, sig *signature) (args, *failure) {
	for _, a := range call.Args {
		if _, ok := a.(*python.Starred); ok {
			return args{}, fail(a, "a *args argument: %s needs its arguments written out", sig.name)
		}
	}
	names := make([]string, 0, len(call.Keywords))
	vals := make([]python.Expr, 0, len(call.Keywords))
	for _, k := range call.Keywords {
		if k.Name == nil {
			return args{}, fail(k, "a **kwargs argument: %s needs its arguments written out", sig.name)
		}
		names = append(names, k.Name.Id)
		vals = append(vals, k.Value)
	}
	b, e := bind(sig, call.Args, names, vals)
	if e != nil {
		var at python.Node = call
		switch {
		case e.at >= 0 && e.at < len(call.Args):
			at = call.Args[e.at]
		case e.at >= len(call.Args):
			at = call.Keywords[e.at-len(call.Args)]
		}
		return b, fail(at, "%s", e.msg)
	}
	for _, k := range []string{"schema", "source_schema", "referent_schema"} {
		if x, ok := b.get(k); ok && !isNone(x) {
			return b, fail(x, "%s=%s: SQLite has no schemas; leave it out", k, r.text(x))
		}
	}
	return b, nil
}

func isNone(x python.Expr) bool {
	c, ok := x.(*python.Const)
	return ok && c.Value == "None"
}

// ---- literal values ----

func (r *reader) strValue(x python.Expr) (string, *failure) {
	if s, ok := x.(*python.String); ok && !s.Bytes && !s.FString {
		return s.Value, nil
	}
	return "", fail(x, "expected a string, found %s", describe(x))
}

// str reads a required string argument.
func (r *reader) str(a args, name string) (string, *failure) {
	x, _ := a.get(name)
	return r.strValue(x)
}

// optStr reads an optional string argument that may be None ("" when absent or None).
func (r *reader) optStr(a args, name string) (string, *failure) {
	x, ok := a.get(name)
	if !ok || isNone(x) {
		return "", nil
	}
	return r.strValue(x)
}

func (r *reader) boolValue(x python.Expr) (bool, *failure) {
	if c, ok := x.(*python.Const); ok {
		switch c.Value {
		case "True":
			return true, nil
		case "False":
			return false, nil
		}
	}
	return false, fail(x, "expected True or False, found %s", describe(x))
}

func (r *reader) optBool(a args, name string) (*bool, *failure) {
	x, ok := a.get(name)
	if !ok || isNone(x) {
		return nil, nil
	}
	v, f := r.boolValue(x)
	if f != nil {
		return nil, f
	}
	return &v, nil
}

func (r *reader) intValue(x python.Expr) (int, *failure) {
	if n, ok := x.(*python.Number); ok {
		if v, ok := n.Int(); ok && v >= 0 && v <= 1<<31 {
			return int(v), nil
		}
	}
	return 0, fail(x, "expected a whole number, found %s", describe(x))
}

// strList reads a list or tuple of strings.
func (r *reader) strList(x python.Expr) ([]string, *failure) {
	var elts []python.Expr
	switch v := x.(type) {
	case *python.List:
		elts = v.Elts
	case *python.Tuple:
		elts = v.Elts
	default:
		return nil, fail(x, "expected a list of strings, found %s", describe(x))
	}
	out := make([]string, 0, len(elts))
	for _, e := range elts {
		s, f := r.strValue(e)
		if f != nil {
			return nil, f
		}
		out = append(out, s)
	}
	return out, nil
}

// nameValue reads a constraint or index name: a string, op.f('name') (a name
// from a naming convention), or None ("").
func (r *reader) nameValue(x python.Expr, batchVar string) (string, *failure) {
	if isNone(x) {
		return "", nil
	}
	if call, ok := x.(*python.Call); ok {
		if r.opMethod(call.Func, batchVar) == "f" {
			a, f := r.bindCall(call, opSignatures["f"])
			if f != nil {
				return "", f
			}
			n, f := r.str(a, "name")
			if f != nil {
				return "", f
			}
			if !slices.Contains(r.out.ConvNames, n) {
				r.out.ConvNames = append(r.out.ConvNames, n)
			}
			return n, nil
		}
	}
	if s, ok := x.(*python.String); ok && !s.Bytes && !s.FString {
		return s.Value, nil
	}
	return "", fail(x, "expected a name (a string, op.f('...') or None), found %s", describe(x))
}

// sqlValue reads SQL text: a string or sa.text('...').
func (r *reader) sqlValue(x python.Expr) (string, *failure) {
	if call, ok := x.(*python.Call); ok && r.qualified(call.Func) == "sqlalchemy.text" {
		if len(call.Args) != 1 || len(call.Keywords) != 0 {
			return "", fail(call, "sa.text() takes one string")
		}
		return r.strValue(call.Args[0])
	}
	if s, ok := x.(*python.String); ok && !s.Bytes && !s.FString {
		return s.Value, nil
	}
	return "", fail(x, "expected SQL as a string or sa.text('...'), found %s", describe(x))
}

// serverDefaultValue reads a server default as the SQL its DEFAULT clause
// holds: a string is an SQL string literal ('0'), sa.text() is SQL as
// written, func.now() is (CURRENT_TIMESTAMP).
func (r *reader) serverDefaultValue(x python.Expr) (string, *failure) {
	if s, ok := x.(*python.String); ok && !s.Bytes && !s.FString {
		return sqlQuote(s.Value), nil
	}
	if call, ok := x.(*python.Call); ok {
		switch r.qualified(call.Func) {
		case "sqlalchemy.text":
			return r.sqlValue(x)
		case "sqlalchemy.func.now", "sqlalchemy.func.current_timestamp", "sqlalchemy.func.CURRENT_TIMESTAMP":
			return "(CURRENT_TIMESTAMP)", nil
		case "sqlalchemy.func.current_date", "sqlalchemy.func.CURRENT_DATE":
			return "(CURRENT_DATE)", nil
		case "sqlalchemy.func.current_time", "sqlalchemy.func.CURRENT_TIME":
			return "(CURRENT_TIME)", nil
		}
	}
	return "", fail(x, "expected a server default (a string, sa.text('...') or sa.func.now()), found %s", describe(x))
}

// literal reads a bulk_insert value: None, True/False, a number or a string.
func (r *reader) literal(x python.Expr) (any, *failure) {
	switch v := x.(type) {
	case *python.Const:
		switch v.Value {
		case "None":
			return nil, nil
		case "True":
			return true, nil
		case "False":
			return false, nil
		}
	case *python.String:
		if !v.Bytes && !v.FString {
			return v.Value, nil
		}
	case *python.Number:
		if n, ok := v.Int(); ok {
			return n, nil
		}
		raw := strings.ReplaceAll(v.Raw, "_", "")
		if !strings.HasSuffix(strings.ToLower(raw), "j") {
			if f, err := strconv.ParseFloat(raw, 64); err == nil {
				return f, nil
			}
		}
	case *python.UnaryOp:
		if v.Op == "-" || v.Op == "+" {
			if n, ok := v.X.(*python.Number); ok {
				val, f := r.literal(n)
				if f != nil {
					return nil, f
				}
				if v.Op == "+" {
					return val, nil
				}
				switch n := val.(type) {
				case int64:
					return -n, nil
				case float64:
					return -n, nil
				}
			}
		}
	}
	return nil, fail(x, "expected a value (None, True, False, a number or a string), found %s", describe(x))
}

// ---- ops ----

// opCall reads one op.* (or batch_op.*) call.
func (r *reader) opCall(call *python.Call, batchVar string, locals map[string]*ops.BulkInsert) (ops.Op, *failure) {
	m := r.opMethod(call.Func, batchVar)
	prefix := "op."
	sigs := opSignatures
	if batchVar != "" {
		prefix, sigs = batchVar+".", batchSignatures
		if !isBatchVar(call.Func, batchVar) {
			if om := r.opMethod(call.Func, ""); om != "" {
				return nil, fail(call, "op.%s inside a batch block: call %s.* here, or op.* outside the block", om, batchVar)
			}
			return nil, fail(call, "%s: revision scripts may only call %s.* here", describe(call), batchVar)
		}
	}
	if m == "" {
		if f := r.unbound(call.Func); f != nil {
			return nil, f
		}
		return nil, fail(call, "%s: %s", describe(call), opHere)
	}
	sig, ok := sigs[m]
	switch {
	case m == "batch_alter_table":
		return nil, fail(call, "op.batch_alter_table is used as `with op.batch_alter_table(...) as batch_op:`")
	case m == "f":
		return nil, fail(call, "%sf() names a constraint; on its own it does nothing", prefix)
	case !ok && batchVar != "" && opSignatures[m] != nil:
		return nil, fail(call.Func, "%s%s is not available inside a batch block", prefix, m)
	case !ok && slices.Contains(otherOperations, m):
		return nil, fail(call.Func, "%s%s is an Alembic operation Retort does not support", prefix, m)
	case !ok:
		names := make([]string, 0, len(sigs))
		for n := range sigs {
			if n != "f" && n != "batch_alter_table" {
				names = append(names, n)
			}
		}
		sort.Strings(names)
		msg := prefix + m + " is not an Alembic operation"
		if near := suggest(m, names); near != "" {
			msg += " (did you mean " + prefix + near + "?)"
		}
		return nil, fail(call.Func, "%s", msg)
	}
	a, f := r.bindCall(call, sig)
	if f != nil {
		return nil, f
	}
	table := func(param string) (string, *failure) {
		if batchVar != "" {
			return "", nil
		}
		return r.str(a, param)
	}
	name := func(param string) (string, *failure) {
		x, _ := a.get(param)
		return r.nameValue(x, batchVar)
	}

	switch m {
	case "create_table":
		return r.createTable(call, a)
	case "drop_table":
		n, f := r.str(a, "table_name")
		if f != nil {
			return nil, f
		}
		return &ops.DropTable{Name: n}, nil
	case "rename_table":
		old, f := r.str(a, "old_table_name")
		if f != nil {
			return nil, f
		}
		nw, f := r.str(a, "new_table_name")
		if f != nil {
			return nil, f
		}
		return &ops.RenameTable{Old: old, New: nw}, nil
	case "add_column":
		t, f := table("table_name")
		if f != nil {
			return nil, f
		}
		x, _ := a.get("column")
		c, f := r.addedColumn(x, prefix+"add_column")
		if f != nil {
			return nil, f
		}
		return &ops.AddColumn{Table: t, Column: c}, nil
	case "drop_column":
		t, f := table("table_name")
		if f != nil {
			return nil, f
		}
		c, f := r.str(a, "column_name")
		if f != nil {
			return nil, f
		}
		return &ops.DropColumn{Table: t, Name: c}, nil
	case "alter_column":
		t, f := table("table_name")
		if f != nil {
			return nil, f
		}
		return r.alterColumn(t, a)
	case "create_index":
		t, f := table("table_name")
		if f != nil {
			return nil, f
		}
		ix := &schema.Index{Table: t}
		if ix.Name, f = name("index_name"); f != nil {
			return nil, f
		}
		x, _ := a.get("columns")
		if ix.Columns, f = r.indexColumns(x); f != nil {
			return nil, f
		}
		if u, f := r.optBool(a, "unique"); f != nil {
			return nil, f
		} else if u != nil {
			ix.Unique = *u
		}
		if x, ok := a.get("sqlite_where"); ok && !isNone(x) {
			if ix.Where, f = r.sqlValue(x); f != nil {
				return nil, f
			}
		}
		return &ops.CreateIndex{Index: ix}, nil
	case "drop_index":
		n, f := name("index_name")
		if f != nil {
			return nil, f
		}
		t := ""
		if batchVar == "" {
			if t, f = r.optStr(a, "table_name"); f != nil {
				return nil, f
			}
		}
		return &ops.DropIndex{Name: n, Table: t}, nil
	case "create_unique_constraint":
		t, f := table("table_name")
		if f != nil {
			return nil, f
		}
		u := &schema.Unique{}
		if u.Name, f = name("constraint_name"); f != nil {
			return nil, f
		}
		x, _ := a.get("columns")
		if u.Columns, f = r.strList(x); f != nil {
			return nil, f
		}
		return &ops.CreateUnique{Table: t, Unique: u}, nil
	case "create_check_constraint":
		t, f := table("table_name")
		if f != nil {
			return nil, f
		}
		c := &schema.Check{}
		if c.Name, f = name("constraint_name"); f != nil {
			return nil, f
		}
		x, _ := a.get("condition")
		if c.SQL, f = r.sqlValue(x); f != nil {
			return nil, f
		}
		return &ops.CreateCheck{Table: t, Check: c}, nil
	case "create_foreign_key":
		t, f := table("source_table")
		if f != nil {
			return nil, f
		}
		fk := &schema.ForeignKey{}
		if fk.Name, f = name("constraint_name"); f != nil {
			return nil, f
		}
		if fk.RefTable, f = r.str(a, "referent_table"); f != nil {
			return nil, f
		}
		x, _ := a.get("local_cols")
		if fk.Columns, f = r.strList(x); f != nil {
			return nil, f
		}
		x, _ = a.get("remote_cols")
		if fk.RefColumns, f = r.strList(x); f != nil {
			return nil, f
		}
		if len(fk.Columns) != len(fk.RefColumns) {
			return nil, fail(x, "%s names %d local and %d remote columns", prefix+"create_foreign_key", len(fk.Columns), len(fk.RefColumns))
		}
		if f = r.fkOptions(a, fk); f != nil {
			return nil, f
		}
		return &ops.CreateForeignKey{Table: t, ForeignKey: fk}, nil
	case "drop_constraint":
		t, f := table("table_name")
		if f != nil {
			return nil, f
		}
		n, f := name("constraint_name")
		if f != nil {
			return nil, f
		}
		d := &ops.DropConstraint{Name: n, Table: t}
		if x, ok := a.get("type_"); ok && !isNone(x) {
			k, f := r.strValue(x)
			if f != nil {
				return nil, f
			}
			d.Kind = ops.Kind(k)
			switch d.Kind {
			case ops.KindUnique, ops.KindForeignKey, ops.KindCheck, ops.KindPrimary:
			default:
				return nil, fail(x, "type_=%s: expected 'unique', 'foreignkey', 'check' or 'primary'", pyStr(k))
			}
		}
		return d, nil
	case "execute":
		x, _ := a.get("sqltext")
		s, f := r.sqlValue(x)
		if f != nil {
			return nil, f
		}
		return &ops.Execute{SQL: s}, nil
	case "bulk_insert":
		return r.bulkInsert(a, locals)
	}
	return nil, fail(call, "%s%s is not supported", prefix, m)
}

func isBatchVar(fn python.Expr, batchVar string) bool {
	attr, ok := fn.(*python.Attribute)
	if !ok {
		return false
	}
	n, ok := attr.X.(*python.Name)
	return ok && n.Id == batchVar
}

// fkOptions reads onupdate=, ondelete=, deferrable=, initially=.
func (r *reader) fkOptions(a args, fk *schema.ForeignKey) *failure {
	var f *failure
	if fk.OnUpdate, f = r.optStr(a, "onupdate"); f != nil {
		return f
	}
	if fk.OnDelete, f = r.optStr(a, "ondelete"); f != nil {
		return f
	}
	fk.Deferrable, f = r.deferrable(a)
	return f
}

// deferrable reads deferrable= and initially= as the DEFERRABLE clause.
func (r *reader) deferrable(a args) (string, *failure) {
	var parts []string
	d, f := r.optBool(a, "deferrable")
	if f != nil {
		return "", f
	}
	if d != nil {
		if *d {
			parts = append(parts, "DEFERRABLE")
		} else {
			parts = append(parts, "NOT DEFERRABLE")
		}
	}
	init, f := r.optStr(a, "initially")
	if f != nil {
		return "", f
	}
	if init != "" {
		parts = append(parts, "INITIALLY "+strings.ToUpper(init))
	}
	return strings.Join(parts, " "), nil
}

// indexColumns reads an index's columns: names, or sa.text('expression').
func (r *reader) indexColumns(x python.Expr) ([]string, *failure) {
	var elts []python.Expr
	switch v := x.(type) {
	case *python.List:
		elts = v.Elts
	case *python.Tuple:
		elts = v.Elts
	default:
		return nil, fail(x, "expected a list of column names, found %s", describe(x))
	}
	out := make([]string, 0, len(elts))
	for _, e := range elts {
		s, f := r.sqlValue(e)
		if f != nil {
			return nil, fail(e, "expected a column name or sa.text('expression'), found %s", describe(e))
		}
		out = append(out, s)
	}
	return out, nil
}

func (r *reader) alterColumn(table string, a args) (ops.Op, *failure) {
	o := &ops.AlterColumn{Table: table}
	var f *failure
	if o.Column, f = r.str(a, "column_name"); f != nil {
		return nil, f
	}
	if o.Nullable, f = r.optBool(a, "nullable"); f != nil {
		return nil, f
	}
	if o.ExistingNullable, f = r.optBool(a, "existing_nullable"); f != nil {
		return nil, f
	}
	if x, ok := a.get("comment"); ok && !isFalse(x) {
		s := ""
		if !isNone(x) {
			if s, f = r.strValue(x); f != nil {
				return nil, f
			}
		}
		o.Comment = &s
	}
	if x, ok := a.get("existing_comment"); ok && !isNone(x) {
		s, f := r.strValue(x)
		if f != nil {
			return nil, f
		}
		o.ExistingComment = &s
	}
	if x, ok := a.get("server_default"); ok && !isFalse(x) {
		s := ""
		if !isNone(x) {
			if s, f = r.serverDefaultValue(x); f != nil {
				return nil, f
			}
		}
		o.ServerDefault = &s
	}
	if x, ok := a.get("existing_server_default"); ok && !isFalse(x) && !isNone(x) {
		s, f := r.serverDefaultValue(x)
		if f != nil {
			return nil, f
		}
		o.ExistingServerDefault = &s
	}
	if o.NewName, f = r.optStr(a, "new_column_name"); f != nil {
		return nil, f
	}
	for _, k := range []string{"type_", "existing_type"} {
		x, ok := a.get(k)
		if !ok || isNone(x) {
			continue
		}
		t, _, f := r.typeExpr(x)
		if f != nil {
			return nil, f
		}
		if k == "type_" {
			o.Type = &t
		} else {
			o.ExistingType = &t
		}
	}
	return o, nil
}

func isFalse(x python.Expr) bool {
	c, ok := x.(*python.Const)
	return ok && c.Value == "False"
}

// ---- bulk_insert ----

func (r *reader) bulkInsert(a args, locals map[string]*ops.BulkInsert) (ops.Op, *failure) {
	x, _ := a.get("table")
	var t *ops.BulkInsert
	switch v := x.(type) {
	case *python.Call:
		if r.qualified(v.Func) != "sqlalchemy.table" {
			return nil, fail(x, "op.bulk_insert needs sa.table('name', sa.column('x'), ...), found %s", describe(x))
		}
		var f *failure
		if t, f = r.adhocTable(v); f != nil {
			return nil, f
		}
	case *python.Name:
		t = locals[v.Id]
		if t == nil {
			t = r.tables[v.Id]
		}
		if t == nil {
			return nil, fail(x, "%s is not a table declared with sa.table(...) in this script", v.Id)
		}
	default:
		return nil, fail(x, "op.bulk_insert needs sa.table('name', sa.column('x'), ...), found %s", describe(x))
	}
	out := &ops.BulkInsert{Table: t.Table, Columns: slices.Clone(t.Columns)}
	rows, _ := a.get("rows")
	list, ok := rows.(*python.List)
	if !ok {
		if tup, ok := rows.(*python.Tuple); ok {
			list = &python.List{Span: tup.Span, Elts: tup.Elts}
		} else {
			return nil, fail(rows, "op.bulk_insert needs a list of rows ({'column': value, ...}), found %s", describe(rows))
		}
	}
	for _, e := range list.Elts {
		d, ok := e.(*python.Dict)
		if !ok {
			return nil, fail(e, "a row must be a dict ({'column': value, ...}), found %s", describe(e))
		}
		row := make(map[string]any, len(d.Keys))
		for i, k := range d.Keys {
			if k == nil {
				return nil, fail(d.Values[i], "a **mapping in a row: write the row's values out")
			}
			key, f := r.strValue(k)
			if f != nil {
				return nil, f
			}
			if !slices.Contains(out.Columns, key) {
				return nil, fail(k, "column %s is not in sa.table(%s, ...)", pyStr(key), pyStr(out.Table))
			}
			v, f := r.literal(d.Values[i])
			if f != nil {
				return nil, f
			}
			row[key] = v
		}
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}

var (
	adhocTableSig  = &signature{name: "sa.table", params: []string{"name"}, required: 1, varargs: true, ignored: []string{"schema"}}
	adhocColumnSig = &signature{name: "sa.column", params: []string{"text", "type_"}, required: 1, ignored: []string{"is_literal"}}
)

// adhocTable reads sa.table('t', sa.column('x', sa.Integer), ...).
func (r *reader) adhocTable(call *python.Call) (*ops.BulkInsert, *failure) {
	a, f := r.bindCall(call, adhocTableSig)
	if f != nil {
		return nil, f
	}
	t := &ops.BulkInsert{}
	if t.Table, f = r.str(a, "name"); f != nil {
		return nil, f
	}
	for _, x := range a.rest {
		c, ok := x.(*python.Call)
		if !ok || r.qualified(c.Func) != "sqlalchemy.column" {
			return nil, fail(x, "expected sa.column('name', type), found %s", describe(x))
		}
		ca, f := r.bindCall(c, adhocColumnSig)
		if f != nil {
			return nil, f
		}
		n, f := r.str(ca, "text")
		if f != nil {
			return nil, f
		}
		if tx, ok := ca.get("type_"); ok && !isNone(tx) {
			if _, _, f := r.typeExpr(tx); f != nil {
				return nil, f
			}
		}
		t.Columns = append(t.Columns, n)
	}
	return t, nil
}
