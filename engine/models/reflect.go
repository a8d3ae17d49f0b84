package models

import (
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
	tv := &tableObj{meta: meta, t: &schema.Table{Name: t.Name, Schema: meta.schema, Comment: t.Comment, Strict: t.Strict, WithoutRowID: t.WithoutRowID}, loc: at}
	meta.tables = append(meta.tables, tv)
	for _, c := range t.Columns {
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
		serverDefault: c.serverDefault, hasServer: c.hasServer, serverText: c.serverText, serverDDL: c.serverDDL,
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
			for _, r := range cv.refs {
				fk := &fkObj{target: r.name, col: r.col, loc: r.loc, name: cv.name, named: cv.named, onDelete: cv.onDelete, onUpdate: cv.onUpdate, deferr: cv.deferr, constraint: cv}
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
