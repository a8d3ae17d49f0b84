package models

import (
	"slices"
	"strings"

	"retort/engine/interp"
	"retort/engine/schema"
)

// metaObj is a MetaData object.
type metaObj struct {
	conv convention
	// incomplete is set when a class meant for this MetaData failed to map:
	// a foreign key to a table Retort has not seen may be to that class's.
	incomplete bool
	tables     []*tableObj
	loc        interp.Loc
	// schema is MetaData(schema=...).
	schema string
	// detached is the MetaData of a script's op.create_table: its foreign
	// keys name tables the database has, not tables of this MetaData.
	detached bool
	// bind is MetaData(bind=...): where reflect() and autoload=True read.
	bind interp.Value
}

var metaClass = interp.NewClass("MetaData", "sqlalchemy.sql.schema", nil)

// PyClass implements interp.Object.
func (m *metaObj) PyClass() *interp.Class { return metaClass }

// HashKey implements interp.Hasher.
func (m *metaObj) HashKey() (any, error) { return m, nil }

// GetAttr implements interp.Attrs.
func (m *metaObj) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	switch name {
	case "tables":
		d := interp.NewDict()
		for _, t := range m.tables {
			d.SetStr(t.t.Name, t)
		}
		return d, nil
	case "sorted_tables":
		items := make([]interp.Value, len(m.tables))
		for i, t := range m.tables {
			items[i] = t
		}
		return interp.NewList(items...), nil
	case "naming_convention":
		d := interp.NewDict()
		for k, v := range m.conv.templates {
			d.SetStr(k, interp.Str(v))
		}
		return d, nil
	case "schema":
		if m.schema == "" {
			return interp.None, nil
		}
		return interp.Str(m.schema), nil
	case "info":
		return interp.NewDict(), nil
	case "bind":
		if m.bind == nil {
			return interp.None, nil
		}
		return m.bind, nil
	case "reflect":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			l := lib(in)
			bind := m.bind
			var only []string
			for i, arg := range a.Pos {
				if i == 0 {
					bind = arg.Value
				}
			}
			for _, kw := range a.Kw {
				switch kw.Name {
				case "bind":
					bind = kw.Value
				case "only":
					items, err := in.List(kw.Value)
					if err != nil {
						return nil, err
					}
					only = []string{}
					for _, it := range items {
						if s, ok := it.(interp.Str); ok {
							only = append(only, string(s))
						}
					}
				}
			}
			md, err := l.reflectBind(bind, a.Loc)
			if err != nil {
				return nil, err
			}
			if err := l.reflect(m, md, only, a.Loc); err != nil {
				return nil, err
			}
			return interp.None, nil
		}}, nil
	case "create_all", "drop_all", "clear", "remove":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			return interp.None, nil
		}}, nil
	}
	return nil, nil
}

// SetAttr implements interp.AttrSetter: a MetaData's naming_convention set
// after it is made (Base.metadata.naming_convention = {...} under a
// declarative base), which SQLAlchemy honours: names are made when the
// tables are finalized, so it holds for every table of that MetaData.
func (m *metaObj) SetAttr(in *interp.Interp, name string, v interp.Value) error {
	if name != "naming_convention" {
		return interp.NewError("AttributeError", "Retort does not follow MetaData.%s being set", name)
	}
	m.conv = lib(in).namingConvention(interp.Arg{Value: v})
	return nil
}

// tableObj is a Table: one in the making (a declarative class's) or done.
type tableObj struct {
	meta      *metaObj
	t         *schema.Table
	loc       interp.Loc // where its name is given
	cols      []*columnObj
	cons      []*constraintObj // in the order SQLAlchemy attaches them
	autoinc   bool             // sqlite_autoincrement
	class     *interp.Class    // the declarative class, if any
	finalized bool
	// light is sa.table(...): a table for statements, not in any MetaData.
	light bool
	// reflected is a table read from the database (reflect.go).
	reflected bool
}

var tableClass = interp.NewClass("Table", "sqlalchemy.sql.schema", nil)

// PyClass implements interp.Object.
func (t *tableObj) PyClass() *interp.Class { return tableClass }

// HashKey implements interp.Hasher.
func (t *tableObj) HashKey() (any, error) { return t, nil }

// Name returns the table's name.
func (t *tableObj) Name() string { return t.t.Name }

// GetAttr implements interp.Attrs.
func (t *tableObj) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	switch name {
	case "c", "columns":
		return &columnCollection{cols: t.cols, table: t}, nil
	case "name", "fullname":
		return interp.Str(t.t.Name), nil
	case "metadata":
		if t.meta != nil {
			return t.meta, nil
		}
		return interp.None, nil
	case "schema":
		if t.t.Schema != "" {
			return interp.Str(t.t.Schema), nil
		}
		return interp.None, nil
	case "primary_key":
		var pk []*columnObj
		for _, c := range t.cols {
			if c.primaryKey {
				pk = append(pk, c)
			}
		}
		return &columnCollection{cols: pk, table: t, pk: true}, nil
	case "constraints", "indexes", "foreign_keys":
		return t.constraintSet(name), nil
	case "info":
		return interp.NewDict(), nil
	case "comment":
		return interp.Str(t.t.Comment), nil
	case "append_column":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			if len(a.Pos) != 1 {
				return nil, interp.NewError("TypeError", "append_column() takes one Column")
			}
			cv, ok := a.Pos[0].Value.(*columnObj)
			if !ok {
				return nil, interp.Errorf(a.Pos[0].Loc, "append_column() takes a Column, not %s", describe(a.Pos[0].Value))
			}
			if cv.key == "" {
				cv.key = cv.name
			}
			lib(in).attachColumn(t, cv, nil)
			return interp.None, nil
		}}, nil
	case "append_constraint":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			if len(a.Pos) == 1 {
				if cv, ok := a.Pos[0].Value.(*constraintObj); ok {
					t.addConstraint(cv)
				}
			}
			return interp.None, nil
		}}, nil
	}
	if st, ok := statementMethod(in, t, name); ok {
		return st, nil
	}
	return nil, nil
}

// lookupColumn finds a column by key, then by name, as table.c[...] and
// SQLAlchemy's string column references do.
func (t *tableObj) lookupColumn(name string) *columnObj {
	for _, c := range t.cols {
		if c.key == name {
			return c
		}
	}
	return t.column(name)
}

// column returns the table's column named name, or nil.
func (t *tableObj) column(name string) *columnObj {
	for _, c := range t.cols {
		if c.col != nil && c.col.Name == name {
			return c
		}
	}
	return nil
}

// addConstraint attaches a constraint to a table, once.
func (t *tableObj) addConstraint(cv *constraintObj) {
	if cv.table != nil {
		return
	}
	cv.table = t
	t.cons = append(t.cons, cv)
}

// columnCollection is table.c.
type columnCollection struct {
	cols  []*columnObj
	table *tableObj
	// pk is table.primary_key: the PrimaryKeyConstraint, which also has
	// .columns and .name.
	pk bool
}

var columnCollectionClass = interp.NewClass("ColumnCollection", "sqlalchemy.sql.base", nil)

// PyClass implements interp.Object.
func (cc *columnCollection) PyClass() *interp.Class { return columnCollectionClass }

func (cc *columnCollection) find(name string) *columnObj {
	for _, c := range cc.cols {
		if c.key == name {
			return c
		}
	}
	for _, c := range cc.cols {
		if c.colName() == name {
			return c
		}
	}
	return nil
}

func (cc *columnCollection) keys() []string {
	out := make([]string, 0, len(cc.cols))
	for _, c := range cc.cols {
		out = append(out, c.key)
	}
	return out
}

// GetAttr implements interp.Attrs.
func (cc *columnCollection) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	if cc.pk {
		switch name {
		case "columns":
			return cc, nil
		case "name":
			if t := cc.table.t.PrimaryKey; t != nil && t.Name != "" {
				return interp.Str(t.Name), nil
			}
			return interp.None, nil
		}
	}
	if c := cc.find(name); c != nil {
		return c, nil
	}
	switch name {
	case "values":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			items := make([]interp.Value, len(cc.cols))
			for i, c := range cc.cols {
				items[i] = c
			}
			return interp.NewList(items...), nil
		}}, nil
	case "keys":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			items := make([]interp.Value, len(cc.cols))
			for i, k := range cc.keys() {
				items[i] = interp.Str(k)
			}
			return interp.NewList(items...), nil
		}}, nil
	case "get":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			if len(a.Pos) < 1 || len(a.Pos) > 2 {
				return nil, interp.NewError("TypeError", "get() takes a key and an optional default")
			}
			if k, ok := a.Pos[0].Value.(interp.Str); ok {
				if c := cc.find(string(k)); c != nil {
					return c, nil
				}
			}
			if len(a.Pos) == 2 {
				return a.Pos[1].Value, nil
			}
			return interp.None, nil
		}}, nil
	case "items":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			items := make([]interp.Value, len(cc.cols))
			for i, c := range cc.cols {
				items[i] = interp.NewTuple(interp.Str(c.key), c)
			}
			return interp.NewList(items...), nil
		}}, nil
	}
	tname := ""
	if cc.table != nil {
		tname = cc.table.t.Name
	}
	return in.MissingAttr(name, "table '"+tname+"' has no column '"+name+"'"+didYouMean(name, cc.keys()), interp.Loc{}), nil
}

// GetItem implements interp.Indexable.
func (cc *columnCollection) GetItem(in *interp.Interp, key interp.Value, at interp.Loc) (interp.Value, error) {
	switch k := key.(type) {
	case interp.Str:
		if c := cc.find(string(k)); c != nil {
			return c, nil
		}
		return nil, &interp.Exception{Class: interp.ExceptionClassNamed("KeyError"), Args: []interp.Value{k}}
	case interp.Int:
		if int(k) >= 0 && int(k) < len(cc.cols) {
			return cc.cols[k], nil
		}
	}
	return nil, interp.NewError("KeyError", "%s", interp.Describe(key))
}

// Iter implements interp.Iterable.
func (cc *columnCollection) Iter(in *interp.Interp, yield func(interp.Value) (bool, error)) error {
	for _, c := range cc.cols {
		if ok, err := yield(c); err != nil || !ok {
			return err
		}
	}
	return nil
}

// Len implements interp.Lenner.
func (cc *columnCollection) Len(in *interp.Interp) (int, error) { return len(cc.cols), nil }

// BinaryOp implements interp.Operand: "name" in table.c.
func (cc *columnCollection) BinaryOp(in *interp.Interp, op string, other interp.Value, reflected bool) (interp.Value, error) {
	if op != "contains" {
		return interp.NotImplemented, nil
	}
	switch o := other.(type) {
	case interp.Str:
		return interp.Bool(cc.find(string(o)) != nil), nil
	case *columnObj:
		return interp.Bool(slices.Contains(cc.cols, o)), nil
	}
	return interp.Bool(false), nil
}

var (
	tableKw = []string{
		"schema", "quote", "quote_schema", "autoload_with", "autoload_replace", "keep_existing",
		"extend_existing", "resolve_fks", "include_columns", "implicit_returning", "comment",
		"info", "listeners", "prefixes", "must_exist", "mustexist", "autoload",
	}
	tableSQLiteKw = []string{"sqlite_autoincrement", "sqlite_with_rowid", "sqlite_strict", "sqlite_on_conflict"}
)

// makeTable builds Table("name", metadata, Column(...), ...). meta, when not
// nil, is the MetaData the caller implies (Flask-SQLAlchemy's db.Table).
func (l *Lib) makeTable(c *interp.Args, implied *metaObj) interp.Value {
	params := []string{"name", "metadata"}
	if implied != nil {
		params = []string{"name"}
	}
	b, rest, ok := l.bindArgs(c, "Table", params, tableKw, "args", tableSQLiteKw)
	if !ok {
		return interp.Poison{}
	}
	na := b.get("name")
	meta := implied
	if implied == nil {
		ma := b.get("metadata")
		if na == nil || ma == nil {
			l.in.Report(c.Loc, "Table() needs a name and a MetaData: Table(\"users\", metadata, Column(...), ...)")
			return interp.Poison{}
		}
		m, isMeta := l.val(*ma).(*metaObj)
		if !isMeta {
			if !silent(ma.Value) {
				l.in.Report(ma.Loc, "Table()'s second argument must be a MetaData, not %s", describe(ma.Value))
			}
			return interp.Poison{}
		}
		meta = m
	} else if na == nil {
		l.in.Report(c.Loc, "Table() needs a name: db.Table(\"tags\", db.Column(...), ...)")
		return interp.Poison{}
	}
	name, _, good := l.wantStr(*na, "Table name", false)
	if !good {
		return interp.Poison{}
	}
	if a := b.get("autoload_with"); a != nil {
		if l.opts.Reflect == nil {
			l.in.Report(a.Loc, "autoload_with= (reflecting a table from a database) is not supported in models")
			return interp.Poison{}
		}
		if len(rest) == 0 {
			return l.autoload(meta, name, a.Value, a.Loc)
		}
	}
	if a := b.get("autoload"); a != nil && l.opts.Reflect != nil && len(rest) == 0 {
		if v, ok := a.Value.(interp.Bool); ok && bool(v) {
			return l.autoload(meta, name, meta.bind, a.Loc)
		}
	}
	sch := meta.schema
	if a := b.get("schema"); a != nil {
		if s, ok := a.Value.(interp.Str); ok {
			sch = string(s)
		}
	}
	tv := l.newTable(meta, name, sch, na.Loc, b.get("extend_existing") != nil)
	if tv == nil {
		return interp.Poison{}
	}
	if a := b.get("schema"); a != nil && !isNone(a.Value) {
		if s, _, ok := l.wantStr(*a, "schema", true); ok {
			tv.t.Schema = s
		}
	}
	for _, a := range rest {
		switch v := l.val(a).(type) {
		case *columnObj:
			if v.name == "" {
				l.in.Report(v.loc, "a Column in Table() needs a name as its first argument")
				continue
			}
			v.key = v.name
			l.attachColumn(tv, v, nil)
		case *constraintObj:
			tv.addConstraint(v)
		case interp.Poison:
		case *schemaItem:
		default:
			l.in.Report(a.Loc, "Table() takes columns and constraints, not %s", describe(v))
		}
	}
	l.tableOptions(tv, b)
	return tv
}

// tableOptions applies Table()/__table_args__ keyword options.
func (l *Lib) tableOptions(tv *tableObj, b binding) {
	if a := b.get("comment"); a != nil {
		if s, _, ok := l.wantStr(*a, "comment", true); ok {
			tv.t.Comment = s
		}
	}
	if a := b.get("sqlite_autoincrement"); a != nil {
		if v, ok := l.wantBool(*a, "sqlite_autoincrement"); ok {
			tv.autoinc = v
		}
	}
	if a := b.get("sqlite_with_rowid"); a != nil {
		if v, ok := l.wantBool(*a, "sqlite_with_rowid"); ok {
			tv.t.WithoutRowID = !v
		}
	}
	if a := b.get("sqlite_strict"); a != nil {
		if v, ok := l.wantBool(*a, "sqlite_strict"); ok {
			tv.t.Strict = v
		}
	}
}

// newTable adds a table to a MetaData, in schema sch (the MetaData's
// schema= unless the table names one), or reports that it is there already:
// SQLAlchemy keys a MetaData's tables by schema and name.
func (l *Lib) newTable(meta *metaObj, name, sch string, at interp.Loc, extend bool) *tableObj {
	for _, t := range meta.tables {
		if t.t.Name == name && t.t.Schema == sch {
			if extend {
				return t
			}
			l.in.Report(at, "table '%s' is already defined for this MetaData (at %s)", schema.TableKey(sch, name), t.loc)
			return nil
		}
	}
	tv := &tableObj{meta: meta, t: &schema.Table{Name: name, Schema: sch}, loc: at}
	meta.tables = append(meta.tables, tv)
	return tv
}

// attachColumn adds a column to a table as Column._set_parent does: its
// primary key, unique and index flags, foreign keys and checks become the
// table's. nullableDefault, when set, is the nullability its annotation gives.
func (l *Lib) attachColumn(tv *tableObj, cv *columnObj, nullableDefault *bool) {
	name := cv.colName()
	if prev := tv.column(name); prev != nil {
		l.in.Report(cv.loc, "duplicate column '%s' in table '%s' (first at %s)", name, tv.t.Name, prev.loc)
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
	// SQLAlchemy 2.0 applies the annotation's nullability after the
	// primary key made the column NOT NULL: its Column says nullable, the
	// tables built from it (Alembic's copy, the database) do not.
	cv.ormNullable = cv.nullable == nil && cv.primaryKey && nullableDefault != nil && *nullableDefault
	col := &schema.Column{Name: name, Nullable: nullable, Comment: cv.comment, Identity: cv.identity, Computed: cv.computed, AutoincrementArg: cv.autoincrement}
	if cv.typ != nil {
		col.Type, col.Collation = cv.typ.schemaType(l.opts.Dialect)
	}
	if cv.hasServer {
		col.ServerDefault = cv.serverDefault
	}
	cv.col, cv.table = col, tv
	tv.cols = append(tv.cols, cv)
	tv.t.Columns = append(tv.t.Columns, col)
	var ref *colRef
	if cv.index || cv.unique || len(cv.fks) > 0 {
		ref = &colRef{col: cv, loc: cv.loc}
	}
	switch {
	case cv.index:
		tv.addConstraint(&constraintObj{kind: kindIndex, cols: []*colRef{ref}, unique: cv.unique, loc: cv.loc, columnFlag: true})
	case cv.unique:
		tv.addConstraint(&constraintObj{kind: kindUnique, cols: []*colRef{ref}, loc: cv.loc, columnFlag: true})
	}
	for _, fk := range cv.fks {
		fkc := &constraintObj{
			kind: kindForeignKey, cols: []*colRef{ref}, loc: fk.loc,
			name: fk.name, named: fk.named, onDelete: fk.onDelete, onUpdate: fk.onUpdate, deferr: fk.deferr,
			refs: []*colRef{{name: fk.target, col: fk.col, loc: fk.loc}},
		}
		tv.addConstraint(fkc)
	}
	for _, ck := range cv.checks {
		tv.addConstraint(ck)
	}
	if cv.typ != nil {
		if ck := l.typeCheck(cv.typ.forDialect(l.opts.Dialect), name); ck != nil {
			ck.loc = cv.loc
			tv.addConstraint(ck)
		}
	}
}

// typeCheck is the CHECK constraint an Enum or Boolean type with
// create_constraint=True adds to its column's table, as SchemaType does,
// where the dialect has no type of its own for it: always on SQLite; for an
// Enum with native_enum=False on PostgreSQL. Its name is the type's name=,
// to which the naming convention applies; it has none without one.
func (l *Lib) typeCheck(t *typeObj, column string) *constraintObj {
	if !t.createConstraint {
		return nil
	}
	native := l.opts.Dialect == "postgresql"
	ck := &constraintObj{kind: kindCheck, typeOf: column}
	switch {
	case t.t.Name == "Enum" || t.t.Name == "ENUM":
		if native && !t.t.NonNative {
			return nil
		}
		vals := make([]string, len(t.t.Enum))
		for i, v := range t.t.Enum {
			vals[i] = sqlQuote(v)
		}
		ck.sql = column + " IN (" + strings.Join(vals, ", ") + ")"
		ck.name, ck.named = t.t.EnumName, t.t.EnumName != ""
	case native:
		return nil
	default: // Boolean
		ck.sql = column + " IN (0, 1)"
		ck.name, ck.named = t.constraintName, t.constraintName != ""
	}
	return ck
}

// tableArgs applies __table_args__: a tuple of constraints and indexes,
// optionally ending with a dict of options, or a dict alone.
// tableArgsSchema is the schema a class's __table_args__ (v) names, or
// def when it names none: the table's schema before the class makes it.
func tableArgsSchema(v interp.Value, def string) string {
	var opts *interp.Dict
	switch v := v.(type) {
	case *interp.Tuple:
		if n := len(v.Items); n > 0 {
			opts, _ = v.Items[n-1].(*interp.Dict)
		}
	case *interp.List:
		if n := len(v.Items); n > 0 {
			opts, _ = v.Items[n-1].(*interp.Dict)
		}
	case *interp.Dict:
		opts = v
	}
	if opts != nil {
		if s, ok := opts.GetStr("schema"); ok {
			if s, ok := s.(interp.Str); ok {
				return string(s)
			}
		}
	}
	return def
}

func (l *Lib) tableArgs(tv *tableObj, a interp.Arg) {
	var items []interp.Value
	var opts *interp.Dict
	switch v := l.val(a).(type) {
	case *interp.Tuple:
		items = v.Items
		if n := len(items); n > 0 {
			if d, ok := items[n-1].(*interp.Dict); ok {
				items, opts = items[:n-1], d
			}
		}
	case *interp.List:
		items = v.Items
		if n := len(items); n > 0 {
			if d, ok := items[n-1].(*interp.Dict); ok {
				items, opts = items[:n-1], d
			}
		}
	case *interp.Dict:
		opts = v
	case interp.NoneType, interp.Poison:
		return
	case *constraintObj:
		l.in.Report(a.Loc, "__table_args__ must be a tuple: add a trailing comma, (%s,)", strings.TrimSpace(a.Loc.Text()))
		return
	default:
		l.in.Report(a.Loc, "__table_args__ must be a tuple (constraints, then an optional dict of options) or a dict, not %s", describe(v))
		return
	}
	for _, it := range items {
		switch v := it.(type) {
		case *constraintObj:
			if v.table != nil && v.table != tv {
				l.in.Report(v.loc, "this constraint already belongs to table '%s'", v.table.t.Name)
				continue
			}
			tv.addConstraint(v)
		case interp.Poison:
		case *interp.Dict:
			l.in.Report(a.Loc, "the options dict must come last in __table_args__")
		default:
			hint := ""
			if _, ok := v.(interp.Str); ok && len(items) == 1 {
				hint = " (a one-item tuple needs a trailing comma: (UniqueConstraint(...),))"
			}
			l.in.Report(a.Loc, "__table_args__ holds constraints and indexes, not %s%s", describe(v), hint)
		}
	}
	if opts == nil {
		return
	}
	c := &interp.Args{Loc: a.Loc}
	for i, k := range opts.Keys() {
		key, ok := k.(interp.Str)
		if !ok {
			if !silent(k) {
				l.in.Report(a.Loc, "__table_args__ option names are strings, not %s", describe(k))
			}
			continue
		}
		c.Kw = append(c.Kw, interp.Arg{Name: string(key), Value: opts.Values()[i], Loc: a.Loc, NameLoc: a.Loc})
	}
	b, _, ok := l.bindArgs(c, "__table_args__", nil, tableKw, "", tableSQLiteKw)
	if !ok {
		return
	}
	if a := b.get("schema"); a != nil && !isNone(a.Value) {
		if s, _, ok := l.wantStr(*a, "schema", true); ok {
			tv.t.Schema = s
		}
	}
	l.tableOptions(tv, b)
}

// makeMetaData builds MetaData(naming_convention={...}).
func (l *Lib) makeMetaData(c *interp.Args) interp.Value {
	b, _, ok := l.bindArgs(c, "MetaData", []string{"schema", "quote_schema", "naming_convention", "info"}, []string{"bind"}, "", nil)
	if !ok {
		return interp.Poison{}
	}
	meta := l.newMeta(c.Loc)
	if a := b.get("schema"); a != nil && !isNone(a.Value) {
		if s, _, ok := l.wantStr(*a, "schema", true); ok {
			meta.schema = s
		}
	}
	if a := b.get("naming_convention"); a != nil {
		meta.conv = l.namingConvention(*a)
	}
	if a := b.get("bind"); a != nil && l.opts.Reflect != nil {
		meta.bind = a.Value
	}
	l.bases = append(l.bases, meta)
	return meta
}

// newMeta makes a MetaData the library keeps (all are finalized, so that
// mistakes anywhere are found).
func (l *Lib) newMeta(at interp.Loc) *metaObj {
	m := &metaObj{loc: at}
	l.metas = append(l.metas, m)
	return m
}

// convention is a MetaData's naming_convention: templates by kind and token
// name, and custom tokens that are Python callables.
type convention struct {
	templates map[string]string
	tokens    map[string]interp.Value
}

// namingConvention reads a naming_convention dict.
func (l *Lib) namingConvention(a interp.Arg) convention {
	d, ok := l.val(a).(*interp.Dict)
	if !ok {
		if !isNone(a.Value) && !silent(a.Value) {
			l.in.Report(a.Loc, "naming_convention must be a dict, not %s", describe(a.Value))
		}
		return convention{}
	}
	conv := convention{templates: map[string]string{}}
	for i, k := range d.Keys() {
		var key string
		switch kv := k.(type) {
		case interp.Str:
			key = string(kv)
		case *interp.Class:
			key = l.constraintKinds[kv]
		case interp.Poison:
			continue
		}
		if key == "" {
			l.in.Report(a.Loc, "naming_convention keys are ix, uq, ck, fk, pk or token names, not %s", describe(k))
			continue
		}
		switch vv := d.Values()[i].(type) {
		case interp.Str:
			conv.templates[key] = string(vv)
		case interp.Poison:
		default:
			if slices.Contains([]string{kindIndex, kindUnique, kindCheck, kindForeignKey, kindPrimaryKey}, key) {
				l.in.Report(a.Loc, "naming convention for %s must be a string such as \"%s_%%(table_name)s\"", key, key)
				continue
			}
			if conv.tokens == nil {
				conv.tokens = map[string]interp.Value{}
			}
			conv.tokens[key] = vv
		}
	}
	return conv
}

// customToken runs a naming convention's callable token with the
// constraint and its table, as SQLAlchemy's ConventionDict does.
func (l *Lib) customToken(fn interp.Value, cv *constraintObj, tv *tableObj) (string, error) {
	r, err := l.in.Call(fn, interp.Values(cv, tv))
	if err != nil {
		return "", err
	}
	s, ok := r.(interp.Str)
	if !ok {
		return "", interp.NewError("TypeError", "a naming convention token must return a string, not %s", interp.Describe(r))
	}
	return string(s), nil
}
