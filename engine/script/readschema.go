package script

import (
	"slices"
	"strings"

	"retort/engine/ops"
	"retort/engine/python"
	"retort/engine/schema"
)

// Reading sa.Column, the types and the constraints of op.create_table and
// op.add_column.

var (
	columnSig = &signature{name: "sa.Column", varargs: true,
		keywords: []string{"nullable", "primary_key", "server_default", "autoincrement", "comment", "unique", "index"},
		ignored:  []string{"default", "onupdate", "server_onupdate", "key", "doc", "info", "quote", "system", "insert_default", "sort_order", "type_", "name"}}
	foreignKeySig = &signature{name: "sa.ForeignKey", params: []string{"column", "_constraint", "use_alter", "name", "onupdate", "ondelete", "deferrable", "initially", "link_to_name", "match"}, required: 1,
		ignored: []string{"info", "comment"}}
	fkConstraintSig = &signature{name: "sa.ForeignKeyConstraint", params: []string{"columns", "refcolumns", "name", "onupdate", "ondelete", "deferrable", "initially", "use_alter", "link_to_name", "match"}, required: 2,
		ignored: []string{"info", "comment"}}
	pkConstraintSig     = &signature{name: "sa.PrimaryKeyConstraint", varargs: true, keywords: []string{"name"}, ignored: []string{"deferrable", "initially", "info", "comment"}}
	uniqueConstraintSig = &signature{name: "sa.UniqueConstraint", varargs: true, keywords: []string{"name"}, ignored: []string{"deferrable", "initially", "info", "comment"}}
	checkConstraintSig  = &signature{name: "sa.CheckConstraint", params: []string{"sqltext", "name"}, required: 1, ignored: []string{"deferrable", "initially", "info", "comment"}}
	indexSig            = &signature{name: "sa.Index", params: []string{"name"}, required: 1, varargs: true, keywords: []string{"unique", "sqlite_where"}, ignored: []string{"quote", "info"}}
)

// columnExtras are what a Column declares beyond the schema.Column.
type columnExtras struct {
	nullableSet bool
	primaryKey  bool
	unique      bool
	index       bool
	autoinc     bool // autoincrement=True
	fks         []*schema.ForeignKey
	checks      []*schema.Check
}

// createTable reads op.create_table('t', sa.Column(...), sa.PrimaryKeyConstraint(...), ...).
func (r *reader) createTable(call *python.Call, a args) (ops.Op, *failure) {
	t := &schema.Table{}
	var f *failure
	if t.Name, f = r.str(a, "table_name"); f != nil {
		return nil, f
	}
	type colInfo struct {
		col    *schema.Column
		extras columnExtras
		node   python.Node
	}
	var cols []colInfo
	var pkNode python.Node
	for _, x := range a.rest {
		item, ok := x.(*python.Call)
		if !ok {
			return nil, fail(x, "expected sa.Column(...) or a constraint, found %s", describe(x))
		}
		switch r.qualified(item.Func) {
		case "sqlalchemy.Column":
			c, ex, f := r.column(item)
			if f != nil {
				return nil, f
			}
			if t.Column(c.Name) != nil {
				return nil, fail(item, "column %s is declared twice", pyStr(c.Name))
			}
			t.Columns = append(t.Columns, c)
			cols = append(cols, colInfo{c, ex, item})
		case "sqlalchemy.PrimaryKeyConstraint":
			ca, f := r.bindCall(item, pkConstraintSig)
			if f != nil {
				return nil, f
			}
			pk := &schema.PrimaryKey{}
			if pk.Columns, f = r.strArgs(ca.rest); f != nil {
				return nil, f
			}
			if pk.Name, f = r.constraintName(ca); f != nil {
				return nil, f
			}
			t.PrimaryKey, pkNode = pk, item
		case "sqlalchemy.ForeignKeyConstraint":
			fk, f := r.fkConstraint(item)
			if f != nil {
				return nil, f
			}
			t.ForeignKeys = append(t.ForeignKeys, fk)
		case "sqlalchemy.UniqueConstraint":
			ca, f := r.bindCall(item, uniqueConstraintSig)
			if f != nil {
				return nil, f
			}
			u := &schema.Unique{}
			if u.Columns, f = r.strArgs(ca.rest); f != nil {
				return nil, f
			}
			if u.Name, f = r.constraintName(ca); f != nil {
				return nil, f
			}
			t.Uniques = append(t.Uniques, u)
		case "sqlalchemy.CheckConstraint":
			ck, f := r.checkConstraint(item)
			if f != nil {
				return nil, f
			}
			t.Checks = append(t.Checks, ck)
		case "sqlalchemy.Index":
			ca, f := r.bindCall(item, indexSig)
			if f != nil {
				return nil, f
			}
			ix := &schema.Index{Table: t.Name}
			x, _ := ca.get("name")
			if ix.Name, f = r.nameValue(x, ""); f != nil {
				return nil, f
			}
			for _, e := range ca.rest {
				s, f := r.sqlValue(e)
				if f != nil {
					return nil, fail(e, "expected a column name or sa.text('expression'), found %s", describe(e))
				}
				ix.Columns = append(ix.Columns, s)
			}
			if u, f := r.optBool(ca, "unique"); f != nil {
				return nil, f
			} else if u != nil {
				ix.Unique = *u
			}
			if w, ok := ca.get("sqlite_where"); ok && !isNone(w) {
				if ix.Where, f = r.sqlValue(w); f != nil {
					return nil, f
				}
			}
			t.Indexes = append(t.Indexes, ix)
		default:
			if f := r.unbound(item.Func); f != nil {
				return nil, f
			}
			return nil, fail(x, "expected sa.Column(...) or a constraint, found %s", describe(x))
		}
	}
	// Column-level primary_key=True, unique=True, index=True, ForeignKey and
	// CheckConstraint, as SQLAlchemy turns them into table constraints.
	var pkCols []string
	for _, ci := range cols {
		if ci.extras.primaryKey {
			pkCols = append(pkCols, ci.col.Name)
		}
		if ci.extras.unique {
			t.Uniques = append(t.Uniques, &schema.Unique{Columns: []string{ci.col.Name}})
		}
		if ci.extras.index {
			t.Indexes = append(t.Indexes, &schema.Index{Name: "ix_" + t.Name + "_" + ci.col.Name, Table: t.Name, Columns: []string{ci.col.Name}})
		}
		t.ForeignKeys = append(t.ForeignKeys, ci.extras.fks...)
		t.Checks = append(t.Checks, ci.extras.checks...)
	}
	if t.PrimaryKey == nil && len(pkCols) > 0 {
		t.PrimaryKey = &schema.PrimaryKey{Columns: pkCols}
	}
	if t.PrimaryKey != nil {
		for _, name := range t.PrimaryKey.Columns {
			c := t.Column(name)
			if c == nil {
				return nil, fail(pkNode, "the primary key names column %s, which the table does not have", pyStr(name))
			}
			for _, ci := range cols {
				if ci.col == c && !ci.extras.nullableSet {
					c.Nullable = false
				}
			}
		}
	}
	if x, ok := a.get("comment"); ok && !isNone(x) {
		if t.Comment, f = r.strValue(x); f != nil {
			return nil, f
		}
	}
	if v, f := r.optBool(a, "sqlite_strict"); f != nil {
		return nil, f
	} else if v != nil {
		t.Strict = *v
	}
	if v, f := r.optBool(a, "sqlite_with_rowid"); f != nil {
		return nil, f
	} else if v != nil {
		t.WithoutRowID = !*v
	}
	if v, f := r.optBool(a, "sqlite_autoincrement"); f != nil {
		return nil, f
	} else if v != nil && *v {
		x, _ := a.get("sqlite_autoincrement")
		if t.PrimaryKey == nil || len(t.PrimaryKey.Columns) != 1 {
			return nil, fail(x, "sqlite_autoincrement=True needs a primary key of one INTEGER column")
		}
		t.Column(t.PrimaryKey.Columns[0]).Autoincrement = true
	}
	return &ops.CreateTable{Table: t}, nil
}

// strArgs reads positional string arguments (a constraint's columns).
func (r *reader) strArgs(list []python.Expr) ([]string, *failure) {
	out := make([]string, 0, len(list))
	for _, x := range list {
		s, f := r.strValue(x)
		if f != nil {
			return nil, f
		}
		out = append(out, s)
	}
	return out, nil
}

func (r *reader) constraintName(a args) (string, *failure) {
	x, ok := a.get("name")
	if !ok {
		return "", nil
	}
	return r.nameValue(x, "")
}

func (r *reader) checkConstraint(call *python.Call) (*schema.Check, *failure) {
	a, f := r.bindCall(call, checkConstraintSig)
	if f != nil {
		return nil, f
	}
	ck := &schema.Check{}
	x, _ := a.get("sqltext")
	if ck.SQL, f = r.sqlValue(x); f != nil {
		return nil, f
	}
	if ck.Name, f = r.constraintName(a); f != nil {
		return nil, f
	}
	return ck, nil
}

func (r *reader) fkConstraint(call *python.Call) (*schema.ForeignKey, *failure) {
	a, f := r.bindCall(call, fkConstraintSig)
	if f != nil {
		return nil, f
	}
	fk := &schema.ForeignKey{}
	x, _ := a.get("columns")
	if fk.Columns, f = r.strList(x); f != nil {
		return nil, f
	}
	refs, _ := a.get("refcolumns")
	specs, f := r.strList(refs)
	if f != nil {
		return nil, f
	}
	if len(specs) != len(fk.Columns) {
		return nil, fail(refs, "sa.ForeignKeyConstraint names %d columns and %d referenced columns", len(fk.Columns), len(specs))
	}
	for _, s := range specs {
		table, col, f := splitColumnSpec(s, refs)
		if f != nil {
			return nil, f
		}
		if fk.RefTable != "" && table != fk.RefTable {
			return nil, fail(refs, "sa.ForeignKeyConstraint refers to two tables, %s and %s", pyStr(fk.RefTable), pyStr(table))
		}
		fk.RefTable = table
		fk.RefColumns = append(fk.RefColumns, col)
	}
	if fk.Name, f = r.constraintName(a); f != nil {
		return nil, f
	}
	if f = r.fkOptions(a, fk); f != nil {
		return nil, f
	}
	return fk, nil
}

// splitColumnSpec splits "table.column".
func splitColumnSpec(s string, at python.Node) (string, string, *failure) {
	table, col, ok := strings.Cut(s, ".")
	if !ok || table == "" || col == "" {
		return "", "", fail(at, "%s: a referenced column is written 'table.column'", pyStr(s))
	}
	if strings.Contains(col, ".") {
		return "", "", fail(at, "%s: SQLite has no schemas; write 'table.column'", pyStr(s))
	}
	return table, col, nil
}

// column reads sa.Column('name', TYPE, *constraints, **options).
func (r *reader) column(call *python.Call) (*schema.Column, columnExtras, *failure) {
	var ex columnExtras
	a, f := r.bindCall(call, columnSig)
	if f != nil {
		return nil, ex, f
	}
	if len(a.rest) == 0 {
		return nil, ex, fail(call, "sa.Column needs a name and a type")
	}
	c := &schema.Column{Nullable: true}
	if c.Name, f = r.strValue(a.rest[0]); f != nil {
		return nil, ex, f
	}
	typed := false
	for _, x := range a.rest[1:] {
		if item, ok := x.(*python.Call); ok {
			switch r.qualified(item.Func) {
			case "sqlalchemy.ForeignKey":
				fk, f := r.foreignKey(item, c.Name)
				if f != nil {
					return nil, ex, f
				}
				ex.fks = append(ex.fks, fk)
				continue
			case "sqlalchemy.CheckConstraint":
				ck, f := r.checkConstraint(item)
				if f != nil {
					return nil, ex, f
				}
				ex.checks = append(ex.checks, ck)
				continue
			case "sqlalchemy.Computed", "sqlalchemy.Identity", "sqlalchemy.Sequence":
				return nil, ex, fail(x, "%s: Retort does not support computed or identity columns", describe(x))
			}
		}
		if typed {
			return nil, ex, fail(x, "expected sa.ForeignKey(...) or sa.CheckConstraint(...) after the type, found %s", describe(x))
		}
		t, coll, f := r.typeExpr(x)
		if f != nil {
			return nil, ex, f
		}
		c.Type, c.Collation, typed = t, coll, true
	}
	if !typed {
		return nil, ex, fail(call, "sa.Column(%s) needs a type", pyStr(c.Name))
	}
	if v, f := r.optBool(a, "primary_key"); f != nil {
		return nil, ex, f
	} else if v != nil && *v {
		ex.primaryKey = true
		c.Nullable = false
	}
	if x, ok := a.get("nullable"); ok {
		v, f := r.boolValue(x)
		if f != nil {
			return nil, ex, f
		}
		c.Nullable, ex.nullableSet = v, true
	}
	if x, ok := a.get("server_default"); ok && !isNone(x) {
		if c.ServerDefault, f = r.serverDefaultValue(x); f != nil {
			return nil, ex, f
		}
	}
	if x, ok := a.get("comment"); ok && !isNone(x) {
		if c.Comment, f = r.strValue(x); f != nil {
			return nil, ex, f
		}
	}
	if x, ok := a.get("autoincrement"); ok {
		if s, isStr := x.(*python.String); !isStr || s.Value != "auto" {
			v, f := r.boolValue(x)
			if f != nil {
				return nil, ex, fail(x, "expected True, False or 'auto', found %s", describe(x))
			}
			ex.autoinc = v
		}
	}
	for _, k := range []string{"unique", "index"} {
		v, f := r.optBool(a, k)
		if f != nil {
			return nil, ex, f
		}
		if v != nil && *v {
			if k == "unique" {
				ex.unique = true
			} else {
				ex.index = true
			}
		}
	}
	return c, ex, nil
}

// foreignKey reads sa.ForeignKey('table.column', ...) on column col.
func (r *reader) foreignKey(call *python.Call, col string) (*schema.ForeignKey, *failure) {
	a, f := r.bindCall(call, foreignKeySig)
	if f != nil {
		return nil, f
	}
	x, _ := a.get("column")
	spec, f := r.strValue(x)
	if f != nil {
		return nil, f
	}
	table, refCol, f := splitColumnSpec(spec, x)
	if f != nil {
		return nil, f
	}
	fk := &schema.ForeignKey{Columns: []string{col}, RefTable: table, RefColumns: []string{refCol}}
	if fk.Name, f = r.constraintName(a); f != nil {
		return nil, f
	}
	if f = r.fkOptions(a, fk); f != nil {
		return nil, f
	}
	return fk, nil
}

// addedColumn reads the column of add_column: a plain column, since SQLite's
// ALTER TABLE ADD COLUMN (and ops.AddColumn) cannot carry a constraint.
func (r *reader) addedColumn(x python.Expr, what string) (*schema.Column, *failure) {
	call, ok := x.(*python.Call)
	if !ok || r.qualified(call.Func) != "sqlalchemy.Column" {
		if ok {
			if f := r.unbound(call.Func); f != nil {
				return nil, f
			}
		}
		return nil, fail(x, "%s needs sa.Column(...), found %s", what, describe(x))
	}
	c, ex, f := r.column(call)
	if f != nil {
		return nil, f
	}
	switch {
	case ex.primaryKey:
		return nil, fail(call, "%s: SQLite cannot add a primary key column", what)
	case ex.unique:
		return nil, fail(call, "%s: unique=True is not supported here; add op.create_unique_constraint() after it", what)
	case ex.index:
		return nil, fail(call, "%s: index=True is not supported here; add op.create_index() after it", what)
	case len(ex.fks) > 0:
		return nil, fail(call, "%s: a ForeignKey is not supported here; add op.create_foreign_key() after it", what)
	case len(ex.checks) > 0:
		return nil, fail(call, "%s: a CheckConstraint is not supported here; add op.create_check_constraint() after it", what)
	}
	return c, nil
}

// ---- types ----

// typeSig returns the parameters a type takes, as SQLAlchemy declares them.
func typeSig(name string) *signature {
	s := &signature{name: "sa." + name}
	switch name {
	case "String", "Unicode", "Text", "UnicodeText", "VARCHAR", "NVARCHAR", "CHAR", "NCHAR", "TEXT", "CLOB":
		s.params = []string{"length", "collation"}
	case "LargeBinary", "BLOB", "BINARY", "VARBINARY":
		s.params = []string{"length"}
	case "Numeric", "NUMERIC", "DECIMAL":
		s.params = []string{"precision", "scale", "decimal_return_scale", "asdecimal"}
	case "Float", "FLOAT", "REAL", "Double", "DOUBLE", "DOUBLE_PRECISION":
		s.params = []string{"precision", "asdecimal", "decimal_return_scale"}
	case "DateTime", "DATETIME", "TIMESTAMP", "Time", "TIME":
		s.params = []string{"timezone"}
		if name == "DATETIME" || name == "TIME" {
			s.ignored = []string{"storage_format", "regexp", "truncate_microseconds"}
		}
	case "Date", "DATE":
		s.ignored = []string{"storage_format", "regexp"}
	case "Enum":
		s.varargs = true
		s.keywords = []string{"name"}
		s.ignored = []string{"native_enum", "create_constraint", "length", "validate_strings", "values_callable",
			"inherit_schema", "schema", "metadata", "quote", "sort_key_function", "omit_aliases", "collation"}
	case "Boolean", "BOOLEAN":
		s.params = []string{"create_constraint", "name"}
	case "Interval":
		s.params = []string{"native", "second_precision", "day_precision"}
	case "JSON":
		s.params = []string{"none_as_null"}
	case "Uuid", "UUID":
		s.params = []string{"as_uuid", "native_uuid"}
	}
	return s
}

// typeExpr reads a column type: sa.Integer, sa.Integer(), sa.String(50),
// sa.String(length=50, collation='NOCASE'), Numeric(10, 2),
// sa.DateTime(timezone=True), sa.Enum('a', 'b', name='e'), sqlite.JSON().
// It returns the type and the collation the type carries.
func (r *reader) typeExpr(x python.Expr) (schema.Type, string, *failure) {
	fn := x
	call, isCall := x.(*python.Call)
	if isCall {
		fn = call.Func
	}
	q := r.qualified(fn)
	name, ok := strings.CutPrefix(q, "sqlalchemy.")
	if !ok {
		name, ok = strings.CutPrefix(q, "sqlite.")
	}
	if !ok || !schema.KnownType(name) {
		if q == "" {
			if f := r.unbound(fn); f != nil {
				return schema.Type{}, "", f
			}
			return schema.Type{}, "", fail(x, "expected a column type such as sa.Integer(), found %s", describe(x))
		}
		msg := r.text(fn) + " is not a column type Retort knows"
		if near := suggest(name, slices.Concat(schema.GenericTypes, schema.SQLTypes)); near != "" && ok {
			prefix, _, _ := strings.Cut(r.text(fn), name)
			msg += " (did you mean " + prefix + near + "?)"
		}
		return schema.Type{}, "", fail(fn, "%s", msg)
	}
	t := schema.Type{Name: name}
	if !isCall {
		return t, "", nil
	}
	sig := typeSig(name)
	a, f := r.bindCall(call, sig)
	if f != nil {
		return t, "", f
	}
	if name == "Enum" {
		for _, v := range a.rest {
			s, f := r.strValue(v)
			if f != nil {
				return t, "", fail(v, "sa.Enum needs its values written as strings, found %s", describe(v))
			}
			t.Enum = append(t.Enum, s)
		}
		if t.EnumName, f = r.optStr(a, "name"); f != nil {
			return t, "", f
		}
		return t, "", nil
	}
	// The numbers, in SQL order; scale needs precision.
	for _, p := range []string{"length", "precision", "scale"} {
		if !slices.Contains(sig.params, p) {
			continue
		}
		v, ok := a.get(p)
		if !ok || isNone(v) {
			continue
		}
		n, f := r.intValue(v)
		if f != nil {
			return t, "", f
		}
		if p == "scale" && len(t.Args) == 0 {
			return t, "", fail(v, "sa.%s: scale needs a precision", name)
		}
		t.Args = append(t.Args, n)
	}
	if v, f := r.optBool(a, "timezone"); f != nil {
		return t, "", f
	} else if v != nil {
		t.Timezone = *v
	}
	coll, f := r.optStr(a, "collation")
	if f != nil {
		return t, "", f
	}
	return t, coll, nil
}
