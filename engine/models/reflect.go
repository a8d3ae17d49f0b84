package models

import (
	"slices"
	"strings"

	"retort/engine/interp"
	"retort/engine/schema"
)

// Reflection: MetaData(bind=conn).reflect() and Table(name, meta,
// autoload_with=conn) (or autoload=True with a bound MetaData) in revision
// scripts build Table objects from the live database, as SQLAlchemy 1.4's
// SQLite dialect reflects them: columns with their types, nullability,
// server defaults (text, as the database holds them) and primary key; the
// primary key, foreign keys, unique and CHECK constraints and indexes with
// their names, or unnamed (then the MetaData's naming_convention names
// them, as it names reflected constraints in SQLAlchemy). A table's foreign
// keys bring the tables they refer to into the MetaData too.

// reflectBind returns the live schema through bind (Options.Reflect).
func (l *Lib) reflectBind(bind interp.Value, at interp.Loc) (*schema.MetaData, error) {
	if l.opts.Reflect == nil {
		return nil, interp.Errorf(at, "reflecting tables from a database needs a revision script's connection (op.get_bind())")
	}
	if bind == nil || isNone(bind) {
		return nil, interp.NewError("UnboundExecutionError", "No engine is bound to this MetaData; pass an engine to the reflect operation or bind the MetaData (MetaData(bind=op.get_bind()))")
	}
	return l.opts.Reflect(l.in, bind)
}

// reflect adds the tables of md named by names (all of them, but SQLite's
// own, when names is nil) that meta does not hold yet, with the tables
// their foreign keys refer to.
func (l *Lib) reflect(meta *metaObj, md *schema.MetaData, names []string, at interp.Loc) error {
	var added []*tableObj
	var add func(name string) error
	add = func(name string) error {
		for _, tv := range meta.tables {
			if tv.t.Name == name {
				return nil
			}
		}
		t := md.Table(name)
		if t == nil {
			return &interp.Exception{Class: l.ExceptionClass("NoSuchTableError"), Args: []interp.Value{interp.Str(name)}, Loc: at, Plain: true}
		}
		added = append(added, l.reflectTable(meta, t, at))
		for _, fk := range t.ForeignKeys {
			if md.Table(fk.RefTable) != nil {
				if err := add(md.Table(fk.RefTable).Name); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if names == nil {
		for _, t := range md.Tables {
			if !strings.HasPrefix(t.Name, "sqlite_") {
				names = append(names, t.Name)
			}
		}
	}
	for _, n := range names {
		if err := add(n); err != nil {
			return err
		}
	}
	conv := meta.conv
	if len(conv.templates) == 0 {
		conv = defaultNamingConvention
	}
	n := len(l.in.Errors())
	for _, tv := range added {
		l.finalizeTable(tv, conv)
	}
	if len(l.in.Errors()) > n {
		return interp.Reported()
	}
	return nil
}

// reflectTable builds the Table of meta that the live table t is.
func (l *Lib) reflectTable(meta *metaObj, t *schema.Table, at interp.Loc) *tableObj {
	tv := &tableObj{meta: meta, t: &schema.Table{Name: t.Name, Schema: meta.schema, Comment: t.Comment, Strict: t.Strict, WithoutRowID: t.WithoutRowID}, loc: at, reflected: true}
	meta.tables = append(meta.tables, tv)
	for _, c := range t.Columns {
		// Retort's rebuilds keep AUTOINCREMENT (SQLAlchemy does not
		// reflect sqlite_autoincrement; a batch that reflects keeps it).
		tv.autoinc = tv.autoinc || c.Autoincrement
		nullable := c.Nullable
		cv := &columnObj{name: c.Name, key: c.Name, loc: at, seq: l.nextSeq(), nullable: &nullable, primaryKey: t.IsPrimaryKey(c.Name)}
		if typ, ok := l.TypeValue(c.Type).(*typeObj); ok {
			cv.typ = typ
		}
		if c.ServerDefault != "" {
			// A DefaultClause(text(...)) of the text the database holds.
			cv.serverDefault, cv.hasServer, cv.serverText = c.ServerDefault, true, true
		}
		l.attachColumn(tv, cv, nil)
		cv.col.Collation = c.Collation
	}
	names := func(cols []string) []*colRef {
		out := make([]*colRef, len(cols))
		for i, c := range cols {
			out[i] = &colRef{name: c, loc: at}
		}
		return out
	}
	if pk := t.PrimaryKey; pk != nil {
		tv.addConstraint(&constraintObj{kind: kindPrimaryKey, loc: at, name: pk.Name, named: pk.Name != "", cols: names(pk.Columns)})
	}
	for _, fk := range t.ForeignKeys {
		cv := &constraintObj{kind: kindForeignKey, loc: at, name: fk.Name, named: fk.Name != "", cols: names(fk.Columns),
			onDelete: fk.OnDelete, onUpdate: fk.OnUpdate, deferr: fk.Deferrable}
		for _, rc := range fk.RefColumns {
			cv.refs = append(cv.refs, &colRef{name: fk.RefTable + "." + rc, loc: at})
		}
		tv.addConstraint(cv)
	}
	for _, u := range t.Uniques {
		tv.addConstraint(&constraintObj{kind: kindUnique, loc: at, name: u.Name, named: u.Name != "", cols: names(u.Columns)})
	}
	for _, ck := range t.Checks {
		tv.addConstraint(&constraintObj{kind: kindCheck, loc: at, name: ck.Name, named: ck.Name != "", sql: ck.SQL})
	}
	for _, ix := range t.Indexes {
		if containsExpr(t, ix.Columns) {
			// SQLAlchemy 1.4 skips an expression index, with a warning.
			continue
		}
		tv.addConstraint(&constraintObj{kind: kindIndex, loc: at, name: ix.Name, named: true, cols: names(ix.Columns), unique: ix.Unique, where: ix.Where})
	}
	return tv
}

// containsExpr reports whether an index's columns hold an expression.
func containsExpr(t *schema.Table, cols []string) bool {
	for _, c := range cols {
		if t.Column(c) == nil {
			return true
		}
	}
	return false
}

// autoload is Table(name, meta, autoload_with=bind) or autoload=True.
func (l *Lib) autoload(meta *metaObj, name string, bind interp.Value, at interp.Loc) interp.Value {
	md, err := l.reflectBind(bind, at)
	if err == nil {
		err = l.reflect(meta, md, []string{name}, at)
	}
	if err != nil {
		if e, ok := err.(*interp.Exception); ok && e.Loc.File == nil {
			e.Loc = at
		}
		l.report(err)
		return interp.Poison{}
	}
	for _, tv := range meta.tables {
		if tv.t.Name == name {
			return tv
		}
	}
	return interp.Poison{}
}

// copyColumn is Column.copy(): an unattached column like c, without the
// foreign keys a table's constraints hold.
func (c *columnObj) copyColumn(l *Lib) *columnObj {
	cp := &columnObj{name: c.colName(), key: c.key, loc: c.loc, typ: c.typ, seq: l.nextSeq(),
		primaryKey: c.primaryKey, unique: c.unique, uniqueGiven: c.uniqueGiven, index: c.index,
		serverDefault: c.serverDefault, hasServer: c.hasServer, serverText: c.serverText, serverDDL: c.serverDDL, serverArg: c.serverArg,
		comment: c.comment, identity: c.identity, computed: c.computed, autoincrement: c.autoincrement, checks: c.checks}
	if c.col != nil {
		n := c.col.Nullable
		cp.nullable = &n
	} else if c.nullable != nil {
		n := *c.nullable
		cp.nullable = &n
	}
	if c.table == nil {
		cp.fks = c.fks
	}
	return cp
}

// copyConstraint is Constraint.copy(): an unattached constraint naming its
// columns (and a foreign key's referred columns) by name.
func (c *constraintObj) copyConstraint() *constraintObj {
	cp := *c
	cp.table, cp.cols, cp.refs = nil, nil, nil
	for _, r := range c.cols {
		n := *r
		if r.col != nil {
			n = colRef{name: r.col.colName(), loc: r.loc}
		}
		cp.cols = append(cp.cols, &n)
	}
	for _, r := range c.refs {
		n := *r
		if r.col != nil && r.col.table != nil {
			n = colRef{name: r.col.table.t.Name + "." + r.col.colName(), loc: r.loc}
		}
		cp.refs = append(cp.refs, &n)
	}
	return &cp
}

// constraintSet is table.constraints, table.indexes or table.foreign_keys
// (the ForeignKey elements of its foreign key constraints, each with its
// .constraint).
func (t *tableObj) constraintSet(which string) *interp.Set {
	out := interp.NewSet()
	for _, cv := range t.cons {
		switch {
		case which == "indexes" && cv.kind == kindIndex:
			_ = out.Add(cv)
		case which == "constraints" && cv.kind != kindIndex:
			_ = out.Add(cv)
		case which == "foreign_keys" && cv.kind == kindForeignKey:
			for i, r := range cv.refs {
				fk := &fkObj{target: r.name, col: r.col, loc: r.loc, name: cv.name, named: cv.named, onDelete: cv.onDelete, onUpdate: cv.onUpdate, deferr: cv.deferr, constraint: cv}
				if i < len(cv.cols) {
					if c := cv.cols[i].col; c != nil {
						fk.parent = c
					} else {
						fk.parent = t.lookupColumn(cv.cols[i].name)
					}
				}
				if r.col != nil && r.col.table != nil {
					fk.target, fk.col = r.col.table.t.Name+"."+r.col.colName(), nil
				}
				_ = out.Add(fk)
			}
		}
	}
	return out
}

// GetAttr implements interp.Attrs.
func (f *fkObj) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	switch name {
	case "constraint":
		if f.constraint != nil {
			return f.constraint, nil
		}
		return interp.None, nil
	case "parent":
		if f.parent != nil {
			return f.parent, nil
		}
		return interp.None, nil
	case "name":
		if f.named {
			return interp.Str(f.name), nil
		}
		return interp.None, nil
	case "target_fullname":
		if f.col != nil && f.col.table != nil {
			return interp.Str(f.col.table.t.Name + "." + f.col.colName()), nil
		}
		return interp.Str(f.target), nil
	case "ondelete":
		return strOrNone(f.onDelete), nil
	case "onupdate":
		return strOrNone(f.onUpdate), nil
	}
	return nil, nil
}

func strOrNone(s string) interp.Value {
	if s == "" {
		return interp.None
	}
	return interp.Str(s)
}

// SetAttr implements interp.AttrSetter: what scripts change on a column
// before giving it to op.create_table (column.unique = False).
func (c *columnObj) SetAttr(in *interp.Interp, name string, v interp.Value) error {
	flag := func(p *bool) error {
		b, ok := v.(interp.Bool)
		if !ok && !isNone(v) {
			return interp.NewError("TypeError", "Column.%s takes True or False, not %s", name, describe(v))
		}
		*p = bool(b)
		return nil
	}
	if c.table != nil {
		return interp.NewError("AttributeError", "Retort does not follow Column.%s being set on a column of a table", name)
	}
	switch name {
	case "unique":
		c.uniqueGiven = true
		return flag(&c.unique)
	case "index":
		return flag(&c.index)
	case "primary_key":
		return flag(&c.primaryKey)
	case "nullable":
		var n bool
		if err := flag(&n); err != nil {
			return err
		}
		c.nullable = &n
		return nil
	}
	return interp.NewError("AttributeError", "Retort does not follow Column.%s being set", name)
}

// indexDDL is Index(...).create(bind) / .drop(bind) (Options.IndexDDL).
func (c *constraintObj) indexDDL(in *interp.Interp, a *interp.Args, create bool) (interp.Value, error) {
	l := lib(in)
	if l.opts.IndexDDL == nil {
		return nil, interp.Errorf(a.Loc, "Index.%s() runs only in a revision script", map[bool]string{true: "create", false: "drop"}[create])
	}
	if c.table == nil {
		return nil, interp.NewError("InvalidRequestError", "Index %s is not associated with any Table", c.name)
	}
	var bind interp.Value = interp.None
	if len(a.Pos) > 0 {
		bind = a.Pos[0].Value
	} else if k, ok := a.Kwarg("bind"); ok {
		bind = k.Value
	} else if c.table.meta != nil && c.table.meta.bind != nil {
		bind = c.table.meta.bind
	}
	_, cols, ok := l.resolveCols(c.table, c)
	if !ok {
		return nil, interp.Reported()
	}
	ix := &schema.Index{Name: c.name, Table: c.table.t.Name, Columns: cols, Unique: c.unique, Where: c.where}
	return interp.None, l.opts.IndexDDL(in, bind, ix, create, a.Loc)
}

// BatchTable is the table batch_alter_table(copy_from=table) recreates its
// table from: the Table's schema, server defaults as SQLAlchemy's DDL
// writes them, without the indexes index=True made (Alembic's batch copies
// the columns with index=False and leaves those indexes out).
func (l *Lib) BatchTable(a interp.Arg) (*schema.Table, error) {
	tv, ok := a.Value.(*tableObj)
	if !ok || tv.light {
		return nil, interp.Errorf(a.Loc, "copy_from= takes a Table, not %s", describe(a.Value))
	}
	n := len(l.in.Errors())
	if !tv.finalized && tv.meta != nil {
		l.inferTypes(tv.meta)
		conv := tv.meta.conv
		if len(conv.templates) == 0 {
			conv = defaultNamingConvention
		}
		// Alembic's batch refers to the referred tables by name
		// (_setup_referent): they need not be in the Table's MetaData.
		detached := tv.meta.detached
		tv.meta.detached = true
		l.finalizeTable(tv, conv)
		tv.meta.detached = detached
	}
	if len(l.in.Errors()) > n {
		return nil, interp.Reported()
	}
	return l.batchCopy(tv), nil
}

// batchCopy is the schema of the table Alembic's batch builds from tv
// (ApplyBatchImpl): server defaults as SQLAlchemy's DDL writes them; a
// type's CHECK named by the type alone (the copied column's type makes it
// again, in a MetaData without a naming convention); the indexes index=True
// made left out (the columns are copied with index=False).
func (l *Lib) batchCopy(tv *tableObj) *schema.Table {
	t := tv.t.Clone()
	for _, ck := range t.Checks {
		for _, cv := range tv.cons {
			if ck.TypeOf != "" && cv.kind == kindCheck && cv.typeOf == ck.TypeOf {
				ck.Name = cv.name
			}
		}
	}
	// Named constraints are kept by name: one of each name.
	seen := map[string]bool{}
	first := func(name string) bool {
		if name == "" {
			return true
		}
		dup := seen[strings.ToLower(name)]
		seen[strings.ToLower(name)] = true
		return !dup
	}
	t.Checks = slices.DeleteFunc(t.Checks, func(ck *schema.Check) bool { return ck.TypeOf == "" && !first(ck.Name) })
	t.Uniques = slices.DeleteFunc(t.Uniques, func(u *schema.Unique) bool { return !first(u.Name) })
	t.ForeignKeys = slices.DeleteFunc(t.ForeignKeys, func(fk *schema.ForeignKey) bool { return !first(fk.Name) })
	for i, cv := range tv.cols {
		if cv.hasServer && i < len(t.Columns) {
			t.Columns[i].ServerDefault = cv.ddlDefault()
		}
	}
	var flagged []string
	for _, cv := range tv.cons {
		if cv.kind == kindIndex && cv.columnFlag {
			_, names, _ := l.resolveCols(tv, cv)
			flagged = append(flagged, strings.Join(names, "\x00"))
		}
	}
	var keep []*schema.Index
	for _, ix := range t.Indexes {
		if i := indexOfString(flagged, strings.Join(ix.Columns, "\x00")); i >= 0 {
			flagged = append(flagged[:i], flagged[i+1:]...)
			continue
		}
		keep = append(keep, ix)
	}
	t.Indexes = keep
	return t
}

func indexOfString(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// BatchReflect is the live table t as Alembic's batch_alter_table reflects
// it: under its naming_convention= (conv, nil for none), whose names the
// unnamed constraints get as SQLAlchemy names reflected constraints, and
// with reflect_args= columns (args) in place of the reflected ones of their
// names, as Table(name, m, *reflect_args, autoload_with=bind) has them: the
// reflected foreign keys over a replaced column go, the new column's own
// foreign keys and type CHECK come.
func (l *Lib) BatchReflect(conv *interp.Arg, args []interp.Arg, t *schema.Table, at interp.Loc) (*schema.Table, error) {
	meta := &metaObj{loc: at, detached: true}
	if conv != nil {
		meta.conv = l.namingConvention(*conv)
	}
	tv := l.reflectTable(meta, t, at)
	for _, cv := range tv.cols {
		if cv.hasServer {
			// SQLiteImpl.autogen_column_reflect, which the batch's
			// reflection listens with: an expression default in
			// parentheses.
			cv.serverDefault = serverDefaultSQL(cv.serverDefault)
			cv.col.ServerDefault = cv.serverDefault
		}
	}
	n := len(l.in.Errors())
	for _, a := range args {
		cv, ok := l.val(a).(*columnObj)
		if !ok || cv.table != nil {
			return nil, interp.Errorf(a.Loc, "reflect_args= takes Column objects not in a table, not %s", describe(a.Value))
		}
		name := cv.colName()
		i := slices.IndexFunc(tv.cols, func(c *columnObj) bool { return c.colName() == name })
		if i >= 0 {
			tv.cols = slices.Delete(tv.cols, i, i+1)
			tv.t.Columns = slices.Delete(tv.t.Columns, i, i+1)
			tv.cons = slices.DeleteFunc(tv.cons, func(c *constraintObj) bool {
				return c.kind == kindForeignKey && slices.ContainsFunc(c.cols, func(r *colRef) bool { return r.name == name })
			})
		}
		if cv.key == "" {
			cv.key = name
		}
		l.attachColumn(tv, cv, nil)
		if i >= 0 {
			last := len(tv.cols) - 1
			tv.cols = slices.Insert(tv.cols[:last], i, tv.cols[last])
			tv.t.Columns = slices.Insert(tv.t.Columns[:last], i, tv.t.Columns[last])
		}
	}
	conventions := meta.conv
	if len(conventions.templates) == 0 {
		conventions = defaultNamingConvention
	}
	l.finalizeTable(tv, conventions)
	if len(l.in.Errors()) > n {
		return nil, interp.Reported()
	}
	return l.batchCopy(tv), nil
}

// TypeCheck is the CHECK constraint a type with create_constraint=True
// makes on a column (an Enum's or Boolean's), named as Alembic's
// alter_column adds it after changing a column's type in a batch (by the
// type's name=, under naming's convention); nil for a type that makes none
// or makes it without a name (which Alembic's batch refuses to add).
func (l *Lib) TypeCheck(a interp.Arg, table, column string, naming ScriptNaming) *schema.Check {
	t, _ := l.asType(a)
	if t == nil {
		return nil
	}
	ck := l.typeCheck(t.forDialect(l.opts.Dialect), column)
	if ck == nil || !ck.named {
		return nil
	}
	tv := &tableObj{t: &schema.Table{Name: table}}
	ck.conv = naming.Conv != nil && naming.Conv(ck.name)
	n, ok := l.conventionName(naming.convention(), tv, ck, namingTarget{Table: table})
	if !ok {
		return nil
	}
	return &schema.Check{Name: n, SQL: ck.sql, TypeOf: column}
}
