package models

import (
	"slices"
	"strings"

	"retort/engine/interp"
	"retort/engine/python"
	"retort/engine/schema"
)

// columnObj is Column(...) or mapped_column(...), before and after it is
// attached to a table.
type columnObj struct {
	loc    interp.Loc
	name   string // explicit name, "" if none
	key    string // the attribute name it is assigned to
	typ    *typeObj
	fks    []*fkObj
	checks []*constraintObj

	nullable      *bool
	serverDefault string
	// serverText marks a server default given as SQL (text(), func.now()),
	// not a string.
	serverText bool
	// serverDDL, when not "", is the DEFAULT clause as SQLAlchemy's SQLite
	// DDL writes it, where that differs from serverDefault (the text
	// Alembic renders into a script, and so the database's after
	// autogenerate): text() as given, a SQL expression object (func.now(),
	// sql.false()) in parentheses, DEFAULT (0) where Alembic renders
	// sa.text('0'). What a script's op.create_table writes.
	serverDDL string
	// serverArg is server_default='s argument (a reflected column's: a
	// text()), for column.server_default.arg.
	serverArg   interp.Value
	comment     string
	sortOrder   int
	defaultSrc  string
	onUpdateSrc string
	identity    *schema.Identity
	computed    *schema.Computed
	// autoincrement is autoincrement= when not "auto": "true", "false" or
	// "ignore_fk" (schema.Column.AutoincrementArg).
	autoincrement string

	mapped      bool // mapped_column
	primaryKey  bool
	unique      bool
	uniqueGiven bool
	index       bool
	hasServer   bool
	// poisoned columns have reported a mistake; they still take their place so
	// nothing that refers to them errs again.
	poisoned bool

	// Set when attached.
	table *tableObj
	col   *schema.Column
	// owner is the model class the column is mapped in, if any.
	owner *interp.Class
	// copyOf is the mixin column this one was copied from.
	copyOf *columnObj
	// sqlmodel marks a SQLModel field's column (its own nullability rules).
	sqlmodel bool
	// useExisting is mapped_column(use_existing_column=True): on a
	// single-table subclass, the parent table's column of that name if it
	// has one.
	useExisting bool
	// seq is when the column was made (SQLAlchemy's _creation_order).
	seq int
	// ormNullable marks a primary key column annotated Optional[...]
	// without nullable= (ColumnInfo.ORMNullable).
	ormNullable bool
}

var columnClass = interp.NewClass("Column", "sqlalchemy.sql.schema", nil)

// PyClass implements interp.Object.
func (c *columnObj) PyClass() *interp.Class { return columnClass }

// HashKey implements interp.Hasher.
func (c *columnObj) HashKey() (any, error) { return c, nil }

// colName is the column's name as far as it is known.
func (c *columnObj) colName() string {
	if c.col != nil {
		return c.col.Name
	}
	if c.name != "" {
		return c.name
	}
	return c.key
}

// GetAttr implements interp.Attrs.
func (c *columnObj) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	switch name {
	case "name":
		return interp.Str(c.colName()), nil
	case "key":
		if c.key != "" {
			return interp.Str(c.key), nil
		}
		return interp.Str(c.colName()), nil
	case "type":
		if c.typ != nil {
			return c.typ, nil
		}
		return interp.None, nil
	case "table":
		if c.table != nil {
			return c.table, nil
		}
		return interp.None, nil
	case "primary_key":
		return interp.Bool(c.primaryKey), nil
	case "nullable":
		if c.col != nil {
			return interp.Bool(c.col.Nullable), nil
		}
		if c.nullable != nil {
			return interp.Bool(*c.nullable), nil
		}
		return interp.Bool(!c.primaryKey), nil
	case "unique":
		return interp.Bool(c.unique), nil
	case "index":
		return interp.Bool(c.index), nil
	case "foreign_keys":
		items := make([]interp.Value, len(c.fks))
		for i, f := range c.fks {
			items[i] = f
		}
		return interp.NewList(items...), nil
	case "expression", "property", "comparator", "column":
		return c, nil
	case "info":
		return interp.NewDict(), nil
	case "copy", "_copy":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			return c.copyColumn(lib(in)), nil
		}}, nil
	case "server_default":
		if !c.hasServer {
			return interp.None, nil
		}
		arg := c.serverArg
		if arg == nil || c.table != nil && c.table.reflected {
			arg = &textExpr{sqlExpr: sqlExpr{kind: exprText, text: c.serverDefault}}
		}
		return &schemaItem{kind: "DefaultClause", arg: arg}, nil
	}
	return exprMethod(in, c, name)
}

// BinaryOp implements interp.Operand.
func (c *columnObj) BinaryOp(in *interp.Interp, op string, other interp.Value, reflected bool) (interp.Value, error) {
	return exprOperator(in, c, op, other, reflected)
}

// UnaryOp implements interp.UnaryOperand.
func (c *columnObj) UnaryOp(in *interp.Interp, op string) (interp.Value, error) {
	e, _ := toExpr(c)
	return e.UnaryOp(in, op)
}

// Truth implements interp.Truther.
func (c *columnObj) Truth(in *interp.Interp) (bool, error) {
	return false, interp.NewError("TypeError", "Boolean value of this clause is not defined")
}

var (
	columnKw = []string{
		"name", "type_", "autoincrement", "default", "insert_default", "doc", "key", "index",
		"info", "nullable", "onupdate", "primary_key", "server_default", "server_onupdate",
		"quote", "system", "comment", "unique", "insert_sentinel", "_proxies",
	}
	mappedColumnKw = append(slices.Clone(columnKw),
		"init", "repr", "default_factory", "compare", "kw_only", "hash", "deferred",
		"deferred_group", "deferred_raiseload", "use_existing_column", "active_history",
		"dataclass_metadata", "sort_order",
	)
	columnSQLiteKw = []string{"sqlite_on_conflict_not_null", "sqlite_on_conflict_primary_key", "sqlite_on_conflict_unique"}
)

// makeColumn builds Column(...) or mapped_column(...).
func (l *Lib) makeColumn(c *interp.Args, mapped bool) interp.Value {
	fn := "Column"
	kw := columnKw
	if mapped {
		fn, kw = "mapped_column", mappedColumnKw
	}
	b, rest, ok := l.bindArgs(c, fn, nil, kw, "args", columnSQLiteKw)
	cv := &columnObj{mapped: mapped, loc: c.Loc, poisoned: !ok, seq: l.nextSeq()}
	// As Column.__init__: a leading string is the name, then a type, then
	// schema items (ForeignKey, CheckConstraint, Sequence, ...).
	if len(rest) > 0 {
		switch v := rest[0].Value.(type) {
		case interp.Str:
			cv.name = string(v)
			rest = rest[1:]
		case interp.NoneType:
			rest = rest[1:]
		}
	}
	if len(rest) > 0 {
		if isNone(rest[0].Value) {
			rest = rest[1:]
		} else if tv, reported := l.asType(rest[0]); tv != nil || reported {
			cv.typ = tv
			cv.poisoned = cv.poisoned || reported
			rest = rest[1:]
		}
	}
	for _, a := range rest {
		switch v := l.val(a).(type) {
		case *fkObj:
			cv.fks = append(cv.fks, v)
		case *constraintObj:
			if v.kind != kindCheck {
				l.in.Report(a.Loc, "%s() takes a CheckConstraint among its arguments, not %s", fn, describe(v))
				cv.poisoned = true
				continue
			}
			cv.checks = append(cv.checks, v)
		case *schemaItem:
			switch v.kind {
			case "Identity":
				cv.identity = v.identity
			case "Computed":
				cv.computed = v.computed
			}
		case interp.Poison:
			cv.poisoned = true
		case interp.Str:
			l.in.Report(a.Loc, "%s(): the column's name must be the first argument", fn)
			cv.poisoned = true
		default:
			if tv, reported := l.asType(a); tv != nil || reported {
				if tv != nil {
					l.in.Report(a.Loc, "%s(): the type must come first (after the column's name)", fn)
				}
				cv.poisoned = true
				continue
			}
			if o, isOpaque := v.(*interp.Opaque); isOpaque {
				l.in.Report(a.Loc, "%s() does not take %s as an argument (it comes from outside the project)", fn, o.What)
			} else {
				l.in.Report(a.Loc, "%s() does not take %s as an argument", fn, describe(v))
			}
			cv.poisoned = true
		}
	}
	if a := b.get("name"); a != nil {
		if cv.name != "" {
			l.in.Report(a.NameLoc, "%s(): may not pass name positionally and as a keyword", fn)
			cv.poisoned = true
		} else if s, none, ok := l.wantStr(*a, "name", true); ok && !none {
			cv.name = s
		} else if !ok {
			cv.poisoned = true
		}
	}
	if a := b.get("type_"); a != nil {
		if cv.typ != nil {
			l.in.Report(a.NameLoc, "%s(): may not pass type_ positionally and as a keyword", fn)
			cv.poisoned = true
		} else if tv, reported := l.asType(*a); tv != nil {
			cv.typ = tv
		} else if !reported {
			if !isNone(a.Value) && !silent(l.val(*a)) {
				l.in.Report(a.Loc, "type_ must be a column type such as String(50), not %s", describe(a.Value))
			}
			cv.poisoned = true
		} else {
			cv.poisoned = true
		}
	}
	flag := func(key string, dst *bool) (given bool) {
		a := b.get(key)
		if a == nil || isNone(a.Value) {
			return false
		}
		v, ok := l.wantBool(*a, key)
		if !ok {
			cv.poisoned = true
			return false
		}
		*dst = v
		return true
	}
	flag("primary_key", &cv.primaryKey)
	var nullable bool
	if flag("nullable", &nullable) {
		cv.nullable = &nullable
	}
	cv.uniqueGiven = flag("unique", &cv.unique)
	flag("index", &cv.index)
	flag("use_existing_column", &cv.useExisting)
	if a := b.get("autoincrement"); a != nil {
		switch v := l.val(*a).(type) {
		case interp.Str:
			switch v {
			case "auto":
			case "ignore_fk":
				cv.autoincrement = string(v)
			default:
				l.in.Report(a.Loc, "autoincrement= takes True, False, 'auto' or 'ignore_fk', not %s", python.Quote(string(v)))
				cv.poisoned = true
			}
		default:
			var ai bool
			if flag("autoincrement", &ai) {
				cv.autoincrement = "false"
				if ai {
					cv.autoincrement = "true"
				}
			}
		}
	}
	if a := b.get("server_default"); a != nil {
		if !l.serverDefault(cv, *a) {
			cv.poisoned = true
		}
	}
	if a := b.get("comment"); a != nil {
		if s, _, ok := l.wantStr(*a, "comment", true); ok {
			cv.comment = s
		} else {
			cv.poisoned = true
		}
	}
	if a := b.get("key"); a != nil {
		if s, none, ok := l.wantStr(*a, "key", true); ok && !none {
			cv.key = s
		}
	}
	if a := b.get("sort_order"); a != nil {
		if n, none, ok := l.wantInt(*a, "sort_order", "", true); ok && !none {
			cv.sortOrder = n
		}
	}
	for _, k := range []string{"default", "insert_default", "default_factory"} {
		if a := b.get(k); a != nil && cv.defaultSrc == "" {
			if !isNone(a.Value) || k != "default" {
				cv.defaultSrc = a.Loc.Text()
			}
			l.val(*a) // a missing name is still a mistake
		}
	}
	if a := b.get("onupdate"); a != nil {
		cv.onUpdateSrc = a.Loc.Text()
		l.val(*a)
	}
	return cv
}

// serverDefault reads server_default=: a string, text(...), a SQL
// expression such as func.now(), FetchedValue() (none that reaches DDL).
func (l *Lib) serverDefault(cv *columnObj, a interp.Arg) bool {
	cv.serverArg = l.val(a)
	switch v := exprOrValue(l.val(a)).(type) {
	case interp.Str:
		cv.serverDefault, cv.hasServer, cv.serverDDL = sqlQuote(string(v)), true, ""
	case *sqlExpr:
		s, err := v.compile(compileOpts{dialect: l.opts.Dialect})
		if err != nil {
			l.in.Report(a.Loc, "%s", err.Error())
			return false
		}
		ddl := ""
		if l.opts.Dialect != "postgresql" {
			// SQLiteDDLCompiler.get_column_specification: a
			// ColumnElement default in parentheses, text() as it is.
			ddl = s
			if v.columnElement() {
				ddl = "(" + s + ")"
			}
			s = serverDefaultSQL(s)
		}
		cv.serverDefault, cv.hasServer, cv.serverText, cv.serverDDL = s, true, true, ddl
	case interp.NoneType:
	case *schemaItem:
		switch v.kind {
		case "FetchedValue":
		case "DefaultClause":
			return l.serverDefault(cv, interp.Arg{Value: v.arg, Loc: a.Loc})
		default:
			l.in.Report(a.Loc, "server_default must be a string, text(...) or a SQL function such as func.now(), not %s", describe(v))
			return false
		}
	case interp.Poison:
		return false
	case interp.Int, interp.Float, interp.Bool:
		lit, _ := sqlLiteral(v)
		l.in.Report(a.Loc, "server_default must be a string or text(...), not %s — did you mean server_default=%s or text(%s)?", describe(v), python.Quote(lit), python.Quote(lit))
		return false
	default:
		l.in.Report(a.Loc, "server_default must be a string, text(...) or a SQL function such as func.now(), not %s", describe(v))
		return false
	}
	return true
}

// describe names a value's kind in messages.
func describe(v interp.Value) string {
	switch v.(type) {
	case *columnObj:
		return "a Column"
	case *typeObj:
		return "a type"
	case *fkObj:
		return "a ForeignKey"
	case *constraintObj:
		return "a constraint"
	case *metaObj:
		return "a MetaData"
	case *tableObj:
		return "a Table"
	case *sqlExpr:
		return "a SQL expression"
	}
	return interp.Describe(v)
}

var fkActions = []string{"CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT", "NO ACTION"}

// fkAction reads ondelete= / onupdate=, checked as SQLAlchemy's DDL compiler does.
func (l *Lib) fkAction(a interp.Arg, what string) (string, bool) {
	s, none, ok := l.wantStr(a, what, true)
	if !ok || none {
		return "", ok
	}
	norm := strings.Join(strings.Fields(strings.ToUpper(s)), " ")
	if !slices.Contains(fkActions, norm) {
		l.in.Report(a.Loc, "%s=%s is not one of CASCADE, SET NULL, SET DEFAULT, RESTRICT, NO ACTION%s", what, python.Quote(s), didYouMean(norm, fkActions))
		return "", false
	}
	return s, true
}

// deferrable composes DEFERRABLE / INITIALLY text.
func (l *Lib) deferrable(b binding) (string, bool) {
	var parts []string
	if a := b.get("deferrable"); a != nil && !isNone(a.Value) {
		d, ok := l.wantBool(*a, "deferrable")
		if !ok {
			return "", false
		}
		if d {
			parts = append(parts, "DEFERRABLE")
		} else {
			parts = append(parts, "NOT DEFERRABLE")
		}
	}
	if a := b.get("initially"); a != nil {
		s, none, ok := l.wantStr(*a, "initially", true)
		if !ok {
			return "", false
		}
		if !none {
			parts = append(parts, "INITIALLY "+strings.ToUpper(s))
		}
	}
	return strings.Join(parts, " "), true
}

// fkObj is ForeignKey(...).
type fkObj struct {
	target   string     // "users.id", or "" when col is set
	col      *columnObj // ForeignKey(User.id)
	loc      interp.Loc // the target argument
	name     string
	named    bool
	onDelete string
	onUpdate string
	deferr   string
	// constraint is the ForeignKeyConstraint a table's foreign_keys
	// element belongs to (constraintSet), and parent its column; nil for
	// a Column's ForeignKey.
	constraint *constraintObj
	parent     *columnObj
}

var fkClass = interp.NewClass("ForeignKey", "sqlalchemy.sql.schema", nil)

// PyClass implements interp.Object.
func (f *fkObj) PyClass() *interp.Class { return fkClass }

// HashKey implements interp.Hasher.
func (f *fkObj) HashKey() (any, error) { return f, nil }

var fkKw = []string{"_constraint", "use_alter", "name", "onupdate", "ondelete", "deferrable", "initially", "link_to_name", "match", "info", "comment", "_unresolvable"}

// makeForeignKey builds ForeignKey("table.column") or ForeignKey(Model.attr).
func (l *Lib) makeForeignKey(c *interp.Args) interp.Value {
	b, _, ok := l.bindArgs(c, "ForeignKey", []string{"column"}, fkKw, "", []string{})
	if !ok {
		return interp.Poison{}
	}
	a := b.get("column")
	if a == nil {
		l.in.Report(c.Loc, "ForeignKey() missing 1 required positional argument: 'column'")
		return interp.Poison{}
	}
	fk := &fkObj{loc: a.Loc}
	switch v := l.val(*a).(type) {
	case interp.Str:
		s := string(v)
		if strings.Count(s, ".") < 1 {
			l.in.Report(a.Loc, "foreign key %s must name a table and a column, as 'users.id'", python.Quote(s))
			return interp.Poison{}
		}
		fk.target = s
	case *columnObj:
		fk.col = v
	case interp.Poison:
		return interp.Poison{}
	default:
		l.in.Report(a.Loc, "ForeignKey() takes 'table.column' or a column such as User.id, not %s", describe(v))
		return interp.Poison{}
	}
	if !l.fkOptions(b, &fk.name, &fk.named, &fk.onDelete, &fk.onUpdate, &fk.deferr) {
		return interp.Poison{}
	}
	return fk
}

func (l *Lib) fkOptions(b binding, name *string, named *bool, onDelete, onUpdate, deferr *string) bool {
	ok := true
	if a := b.get("name"); a != nil {
		s, none, good := l.wantStr(*a, "name", true)
		ok = ok && good
		*name, *named = s, good && !none
	}
	if a := b.get("ondelete"); a != nil {
		s, good := l.fkAction(*a, "ondelete")
		ok = ok && good
		*onDelete = s
	}
	if a := b.get("onupdate"); a != nil {
		s, good := l.fkAction(*a, "onupdate")
		ok = ok && good
		*onUpdate = s
	}
	d, good := l.deferrable(b)
	*deferr = d
	return ok && good
}

// Constraint kinds, as the keys of MetaData(naming_convention=...) spell them.
const (
	kindIndex      = "ix"
	kindUnique     = "uq"
	kindCheck      = "ck"
	kindForeignKey = "fk"
	kindPrimaryKey = "pk"
)

// constraintObj is UniqueConstraint, PrimaryKeyConstraint, CheckConstraint,
// ForeignKeyConstraint or Index.
type constraintObj struct {
	kind  string
	loc   interp.Loc
	name  string
	named bool
	// cols are the constrained columns (for an index, its expressions).
	cols []*colRef
	// Foreign keys: the referred columns, "table.column" strings or columns.
	refs     []*colRef
	onDelete string
	onUpdate string
	deferr   string
	// Indexes.
	unique bool
	where  string
	// Checks.
	sql string

	table *tableObj // once attached
	// columnFlag marks what index=True / unique=True made.
	columnFlag bool
	// conv marks a name written op.f(name) in a script: no convention
	// applies to it.
	conv bool
	// typeOf, on the CHECK an Enum or Boolean type with
	// create_constraint=True makes, is its column's name.
	typeOf string
}

var constraintClass = interp.NewClass("Constraint", "sqlalchemy.sql.schema", nil)

// PyClass implements interp.Object.
func (c *constraintObj) PyClass() *interp.Class { return constraintClass }

// HashKey implements interp.Hasher.
func (c *constraintObj) HashKey() (any, error) { return c, nil }

// GetAttr implements interp.Attrs (a naming convention's callable reads
// constraint.columns and constraint.name).
func (c *constraintObj) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	switch name {
	case "name":
		if c.named {
			return interp.Str(c.name), nil
		}
		return interp.None, nil
	case "columns":
		var cols []*columnObj
		for _, r := range c.cols {
			if r.col != nil {
				cols = append(cols, r.col)
			} else if c.table != nil {
				if col := c.table.lookupColumn(r.name); col != nil {
					cols = append(cols, col)
				}
			}
		}
		return &columnCollection{cols: cols}, nil
	case "table":
		if c.table != nil {
			return c.table, nil
		}
		return interp.None, nil
	case "unique":
		if c.table != nil && c.table.reflected {
			// SQLite's PRAGMA index_list value, as SQLAlchemy reflects it.
			if c.unique {
				return interp.Int(1), nil
			}
			return interp.Int(0), nil
		}
		return interp.Bool(c.unique), nil
	case "ondelete":
		return strOrNone(c.onDelete), nil
	case "onupdate":
		return strOrNone(c.onUpdate), nil
	case "copy", "_copy":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			return c.copyConstraint(), nil
		}}, nil
	case "create", "drop":
		if c.kind == kindIndex {
			return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
				return c.indexDDL(in, a, name == "create")
			}}, nil
		}
	}
	return nil, nil
}

// colRef names a column of a constraint: a string (a column key or name), a
// column object, or (for an index) a SQL expression.
type colRef struct {
	name string
	col  *columnObj
	expr string // SQL expression text, for an index on an expression
	// exprTable is the table of the first column the expression names.
	exprTable *tableObj
	loc       interp.Loc
}

// colRefFromArg reads a constraint's column: a name, a column, or (for an index)
// an expression.
func (l *Lib) colRefFromArg(a interp.Arg, fn string, exprOK bool) (*colRef, bool) {
	switch v := exprOrValue(l.val(a)).(type) {
	case interp.Str:
		return &colRef{name: string(v), loc: a.Loc}, true
	case *columnObj:
		return &colRef{col: v, loc: a.Loc}, true
	case *sqlExpr:
		if exprOK {
			s, err := v.sql(false)
			if err != nil {
				l.in.Report(a.Loc, "%s", err.Error())
				return nil, false
			}
			return &colRef{expr: s, exprTable: v.ownerTable(), loc: a.Loc}, true
		}
	case interp.Poison:
		return nil, false
	}
	l.in.Report(a.Loc, "%s() takes column names or columns, not %s", fn, describe(a.Value))
	return nil, false
}

// makeConstraint builds UniqueConstraint, PrimaryKeyConstraint, CheckConstraint,
// ForeignKeyConstraint and Index.
func (l *Lib) makeConstraint(fn string, c *interp.Args) interp.Value {
	cv := &constraintObj{loc: c.Loc}
	var (
		b    binding
		rest []interp.Arg
		ok   bool
	)
	common := []string{"name", "deferrable", "initially", "info", "comment", "_autoattach", "_column_flag"}
	switch fn {
	case "UniqueConstraint":
		cv.kind = kindUnique
		b, rest, ok = l.bindArgs(c, fn, nil, common, "columns", []string{"sqlite_on_conflict"})
	case "PrimaryKeyConstraint":
		cv.kind = kindPrimaryKey
		b, rest, ok = l.bindArgs(c, fn, nil, append(common, "_implicit_generated"), "columns", []string{"sqlite_on_conflict"})
	case "CheckConstraint":
		cv.kind = kindCheck
		b, _, ok = l.bindArgs(c, fn, []string{"sqltext", "name", "deferrable", "initially", "table", "info", "_create_rule", "_autoattach", "_type_bound"}, []string{"comment"}, "", []string{})
	case "ForeignKeyConstraint":
		cv.kind = kindForeignKey
		b, _, ok = l.bindArgs(c, fn, []string{"columns", "refcolumns", "name", "onupdate", "ondelete", "deferrable", "initially", "use_alter", "link_to_name", "match", "table", "info", "comment"}, nil, "", []string{})
	case "Index":
		cv.kind = kindIndex
		b, rest, ok = l.bindArgs(c, fn, []string{"name"}, []string{"unique", "quote", "info", "_table", "_column_flag"}, "expressions", []string{"sqlite_where"})
	}
	if !ok {
		return interp.Poison{}
	}
	if a := b.get("name"); a != nil {
		s, none, good := l.wantStr(*a, fn+" name", true)
		if !good {
			return interp.Poison{}
		}
		cv.name, cv.named = s, !none
	} else if fn == "Index" {
		l.in.Report(c.Loc, "Index() missing 1 required positional argument: 'name'")
		return interp.Poison{}
	}
	for _, a := range rest {
		r, good := l.colRefFromArg(a, fn, fn == "Index")
		if !good {
			ok = false
			continue
		}
		cv.cols = append(cv.cols, r)
	}
	switch fn {
	case "CheckConstraint":
		a := b.get("sqltext")
		if a == nil {
			l.in.Report(c.Loc, "CheckConstraint() missing 1 required positional argument: 'sqltext'")
			return interp.Poison{}
		}
		switch v := exprOrValue(l.val(*a)).(type) {
		case interp.Str:
			cv.sql = string(v)
		case *sqlExpr:
			s, err := v.sql(false)
			if err != nil {
				l.in.Report(a.Loc, "%s", err.Error())
				return interp.Poison{}
			}
			cv.sql = s
		case interp.Poison:
			return interp.Poison{}
		default:
			l.in.Report(a.Loc, "CheckConstraint() takes the SQL of the check as a string, not %s", describe(v))
			return interp.Poison{}
		}
	case "ForeignKeyConstraint":
		cols, refs := b.get("columns"), b.get("refcolumns")
		if cols == nil || refs == nil {
			l.in.Report(c.Loc, "ForeignKeyConstraint() needs two lists: the columns and the columns they refer to")
			return interp.Poison{}
		}
		for i, list := range []*interp.Arg{cols, refs} {
			items, err := l.in.List(l.val(*list))
			if err != nil || silent(list.Value) {
				if !silent(list.Value) {
					l.in.Report(list.Loc, "ForeignKeyConstraint() takes a list of columns here, not %s", describe(list.Value))
				}
				return interp.Poison{}
			}
			for _, item := range items {
				r, good := l.colRefFromArg(interp.Arg{Value: item, Loc: list.Loc}, fn, false)
				if !good {
					ok = false
					continue
				}
				if i == 1 && r.col == nil && !strings.Contains(r.name, ".") {
					l.in.Report(list.Loc, "referred column %s must be written 'table.column'", python.Quote(r.name))
					ok = false
					continue
				}
				if i == 0 {
					cv.cols = append(cv.cols, r)
				} else {
					cv.refs = append(cv.refs, r)
				}
			}
		}
		if ok && len(cv.cols) != len(cv.refs) {
			l.in.Report(c.Loc, "ForeignKeyConstraint(): %d column%s but %d referred column%s; the two lists must match", len(cv.cols), plural(len(cv.cols)), len(cv.refs), plural(len(cv.refs)))
			return interp.Poison{}
		}
		var name string
		if !l.fkOptions(b, &name, &cv.named, &cv.onDelete, &cv.onUpdate, &cv.deferr) {
			return interp.Poison{}
		}
		cv.name = name
	case "Index":
		if a := b.get("unique"); a != nil {
			u, good := l.wantBool(*a, "unique")
			ok = ok && good
			cv.unique = u
		}
		if a := b.get("sqlite_where"); a != nil {
			switch v := exprOrValue(l.val(*a)).(type) {
			case *sqlExpr:
				s, err := v.sql(false)
				if err != nil {
					l.in.Report(a.Loc, "%s", err.Error())
					ok = false
				}
				cv.where = s
			case interp.Str:
				cv.where = string(v)
			case interp.NoneType:
			case interp.Poison:
				ok = false
			default:
				l.in.Report(a.Loc, "sqlite_where must be text(...) or a SQL expression, not %s", describe(v))
				ok = false
			}
		}
	}
	if fn != "ForeignKeyConstraint" {
		d, good := l.deferrable(b)
		ok = ok && good
		cv.deferr = d
	}
	if !ok {
		return interp.Poison{}
	}
	// A constraint made of columns already in a table joins that table now
	// (Index("ix", users.c.name) at module level).
	for _, r := range cv.cols {
		if r.col != nil && r.col.table != nil {
			r.col.table.addConstraint(cv)
			break
		}
		if r.exprTable != nil {
			r.exprTable.addConstraint(cv)
			break
		}
	}
	return cv
}

// schemaItem is a column argument with no constraint of its own: Identity(),
// Computed(...), Sequence(...), FetchedValue(), DefaultClause(...).
type schemaItem struct {
	kind     string
	identity *schema.Identity
	computed *schema.Computed
	arg      interp.Value // DefaultClause's argument
}

var schemaItemClass = interp.NewClass("SchemaItem", "sqlalchemy.sql.schema", nil)

// PyClass implements interp.Object.
func (s *schemaItem) PyClass() *interp.Class { return schemaItemClass }

// GetAttr implements interp.Attrs: a DefaultClause's arg.
func (s *schemaItem) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	if name == "arg" && s.arg != nil {
		return s.arg, nil
	}
	return nil, nil
}

// makeSchemaItem builds Identity(...), Computed(...), Sequence(...),
// FetchedValue(), DefaultClause(...).
func (l *Lib) makeSchemaItem(kind string, a *interp.Args) interp.Value {
	item := &schemaItem{kind: kind}
	switch kind {
	case "Identity":
		id := &schema.Identity{}
		if k, ok := a.Kwarg("always"); ok {
			id.Always, _ = l.wantBool(k, "always")
		}
		ints := map[string]**int64{"start": &id.Start, "increment": &id.Increment, "minvalue": &id.MinValue, "maxvalue": &id.MaxValue, "cache": &id.Cache}
		for _, opt := range []string{"start", "increment", "minvalue", "maxvalue", "cache"} {
			if k, ok := a.Kwarg(opt); ok && !isNone(k.Value) {
				n, ok := k.Value.(interp.Int)
				if !ok {
					l.in.Report(k.Loc, "Identity(%s=) takes an integer, not %s", opt, describe(k.Value))
					continue
				}
				v := int64(n)
				*ints[opt] = &v
			}
		}
		if k, ok := a.Kwarg("nominvalue"); ok {
			id.NoMinValue, _ = l.wantBool(k, "nominvalue")
		}
		if k, ok := a.Kwarg("nomaxvalue"); ok {
			id.NoMaxValue, _ = l.wantBool(k, "nomaxvalue")
		}
		if k, ok := a.Kwarg("cycle"); ok && !isNone(k.Value) {
			c, _ := l.wantBool(k, "cycle")
			id.Cycle = &c
		}
		item.identity = id
	case "Computed":
		comp := &schema.Computed{}
		if len(a.Pos) > 0 {
			switch v := exprOrValue(a.Pos[0].Value).(type) {
			case interp.Str:
				comp.SQL = string(v)
			case *sqlExpr:
				s, err := v.sql(false)
				if err != nil {
					l.in.Report(a.Pos[0].Loc, "%s", err.Error())
					return interp.Poison{}
				}
				comp.SQL = s
			default:
				l.in.Report(a.Pos[0].Loc, "Computed() takes the SQL expression as a string, not %s", describe(v))
				return interp.Poison{}
			}
		}
		if k, ok := a.Kwarg("persisted"); ok && !isNone(k.Value) {
			p, _ := l.wantBool(k, "persisted")
			comp.Persisted = &p
		}
		item.computed = comp
	case "DefaultClause":
		if len(a.Pos) > 0 {
			item.arg = a.Pos[0].Value
		}
	}
	return item
}
