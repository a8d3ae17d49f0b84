package models

import (
	"slices"
	"strings"

	"retort/engine/interp"
	"retort/engine/python"
	"retort/engine/schema"
)

// Result returns the schema of the target metadata: every MetaData is
// finalized (so that mistakes anywhere are found), the targets' tables are
// returned. Targets are MetaData objects or declarative bases; with none,
// the first base or MetaData made that holds tables is the target.
func (l *Lib) Result(targets []interp.Value) *Result {
	var metas []*metaObj
	for _, t := range targets {
		if m := metaOf(t); m != nil {
			metas = append(metas, m)
		}
	}
	if len(targets) == 0 {
		var target *metaObj
		for _, b := range l.bases {
			m := metaOf(b)
			if m == nil {
				continue
			}
			if target == nil {
				target = m
			}
			if len(m.tables) > 0 {
				target = m
				break
			}
		}
		if target != nil {
			metas = append(metas, target)
		}
	}
	res := &Result{}
	done := map[*metaObj]bool{}
	for _, m := range metas {
		if done[m] {
			continue
		}
		done[m] = true
		md, infos := l.finalize(m)
		res.Groups = append(res.Groups, len(md.Tables))
		if res.MetaData == nil {
			res.MetaData = md
		} else {
			res.MetaData.Tables = append(res.MetaData.Tables, md.Tables...)
		}
		if res.Columns == nil {
			res.Columns = infos
		} else {
			res.Columns = append(res.Columns, infos...)
		}
	}
	if len(res.Groups) < 2 {
		res.Groups = nil
	}
	for n := range l.convNames {
		res.ConvNames = append(res.ConvNames, n)
	}
	slices.Sort(res.ConvNames)
	for _, m := range l.metas {
		if !done[m] {
			done[m] = true
			l.finalize(m)
		}
	}
	return res
}

// metaOf returns the MetaData of a MetaData object or a declarative base.
func metaOf(v interp.Value) *metaObj {
	switch v := v.(type) {
	case *metaObj:
		return v
	case *interp.Class:
		if b, _ := baseOf(v); b != nil {
			return b.meta
		}
	case *flaskDB:
		return v.meta
	}
	return nil
}

// IsMetaData reports whether v is a MetaData (a target_metadata value).
func IsMetaData(v interp.Value) bool {
	_, ok := v.(*metaObj)
	return ok
}

// DescribeTarget names a target_metadata value as code writes it:
// Base.metadata, SQLModel.metadata, db.metadata, metadata.
func (l *Lib) DescribeTarget(v interp.Value) string {
	m := metaOf(v)
	for _, b := range l.bases {
		if c, ok := b.(*interp.Class); ok && metaOf(c) == m {
			return c.Name + ".metadata"
		}
	}
	return "metadata"
}

// StrayTables warns about tables that are in a MetaData other than the
// targets: autogenerate does not see them (usually a module that made its
// own Base = declarative_base() instead of importing the project's).
func (l *Lib) StrayTables(targets []interp.Value) python.ErrorList {
	var names []string
	for _, t := range targets {
		names = append(names, l.DescribeTarget(t))
	}
	expr := strings.Join(names, ", ")
	var in []*metaObj
	for _, t := range targets {
		if m := metaOf(t); m != nil {
			in = append(in, m)
		}
	}
	var out python.ErrorList
	for _, m := range l.metas {
		if slices.Contains(in, m) || len(m.tables) == 0 {
			continue
		}
		tv := m.tables[0]
		what := "table '" + tv.t.Name + "'"
		if tv.class != nil {
			what = "class " + tv.class.Name + "'s table '" + tv.t.Name + "'"
		}
		out = append(out, &python.Error{Pos: tv.loc.Pos(), End: tv.loc.End(),
			Msg: what + " is not in target_metadata (" + expr + "): it belongs to another MetaData, so autogenerate will not see it — import the project's Base instead of making a new one"})
	}
	out.Sort()
	return out
}

// finalize turns a MetaData's tables into the schema, once every module is
// loaded: it resolves foreign keys (and the types of columns that take theirs
// from the referred column), constraint columns and names.
func (l *Lib) finalize(meta *metaObj) (*schema.MetaData, []ColumnInfo) {
	out := &schema.MetaData{}
	// Sized up front: a ColumnInfo is 192 bytes, and appending 1,600 of them
	// (200 tables) one by one allocates twice what they take.
	n := 0
	for _, tv := range meta.tables {
		n += len(tv.cols)
	}
	var infos []ColumnInfo
	if n > 0 {
		infos = make([]ColumnInfo, 0, n)
	}
	if len(meta.tables) > 0 {
		out.Tables = make([]*schema.Table, 0, len(meta.tables))
	}
	l.inferTypes(meta)
	conv := meta.conv
	if len(conv.templates) == 0 {
		conv = defaultNamingConvention
	}
	for _, tv := range meta.tables {
		l.finalizeTable(tv, conv)
		out.Tables = append(out.Tables, tv.t)
		for _, cv := range tv.cols {
			info := ColumnInfo{
				Table: tv.t.Name, Column: cv.col.Name, Attr: cv.key,
				Default: cv.defaultSrc, OnUpdate: cv.onUpdateSrc, Pos: cv.loc.Pos(), End: cv.loc.End(),
				ServerDefaultText: cv.hasServer && cv.serverText,
			}
			if cv.owner != nil {
				info.Class = cv.owner.Name
			}
			if cv.ormNullable && !cv.col.Nullable {
				info.ORMNullable = true
			}
			infos = append(infos, info)
		}
		if len(tv.t.Columns) == 0 {
			tv.t.Columns = nil
		}
	}
	return out, infos
}

// refTarget resolves a foreign key's referred column. It reports a mistake
// (once) and returns nil when the reference does not resolve.
func (l *Lib) refTarget(meta *metaObj, r *colRef, report bool) (*tableObj, *columnObj) {
	if r.col != nil {
		if r.col.table == nil {
			if report && !r.col.poisoned {
				l.in.Report(r.loc, "foreign key refers to a column that is not in any table")
			}
			return nil, nil
		}
		return r.col.table, r.col
	}
	spec := r.name
	dot := strings.LastIndexByte(spec, '.')
	tname, cname := spec[:dot], spec[dot+1:]
	if meta.detached {
		// "schema.table.column" names the table's schema.
		t := &schema.Table{Name: tname}
		if i := strings.LastIndexByte(tname, '.'); i >= 0 {
			t.Schema, t.Name = tname[:i], tname[i+1:]
		}
		return &tableObj{t: t}, &columnObj{col: &schema.Column{Name: cname}}
	}
	// SQLAlchemy's table key: "schema.name", or the name alone in the
	// default schema; a name without a schema is first looked up in the
	// MetaData's schema=.
	key := func(t *tableObj) string { return schema.TableKey(t.t.Schema, t.t.Name) }
	var tv *tableObj
	for _, t := range meta.tables {
		if key(t) == tname || tv == nil && meta.schema != "" && !strings.Contains(tname, ".") && key(t) == meta.schema+"."+tname {
			tv = t
		}
	}
	if tv == nil {
		for _, t := range meta.tables {
			if t.t.Name == tname {
				tv = t
			}
		}
	}
	if tv == nil {
		if report && !meta.incomplete {
			names := make([]string, 0, len(meta.tables))
			for _, t := range meta.tables {
				names = append(names, t.t.Name)
			}
			l.in.Report(r.loc, "foreign key %s refers to unknown table '%s'%s", python.Quote(spec), tname, didYouMean(tname, names))
		}
		return nil, nil
	}
	if cv := tv.lookupColumn(cname); cv != nil {
		return tv, cv
	}
	if report {
		cols := make([]string, 0, len(tv.cols))
		for _, c := range tv.cols {
			cols = append(cols, c.col.Name)
		}
		l.in.Report(r.loc, "foreign key %s refers to unknown column '%s' of table '%s'%s", python.Quote(spec), cname, tname, didYouMean(cname, cols))
	}
	return tv, nil
}

// inferTypes gives a column declared without a type (Column(ForeignKey(...)))
// the type of the column its foreign key refers to, as SQLAlchemy does.
func (l *Lib) inferTypes(meta *metaObj) {
	for changed := true; changed; {
		changed = false
		for _, tv := range meta.tables {
			for _, cv := range tv.cols {
				if !cv.col.Type.IsZero() || len(cv.fks) == 0 {
					continue
				}
				fk := cv.fks[0]
				_, target := l.refTarget(meta, &colRef{name: fk.target, col: fk.col}, false)
				if target != nil && !target.col.Type.IsZero() {
					cv.col.Type = target.col.Type.Clone()
					changed = true
				}
			}
		}
	}
	for _, tv := range meta.tables {
		for _, cv := range tv.cols {
			if !cv.col.Type.IsZero() || cv.poisoned {
				continue
			}
			if len(cv.fks) > 0 {
				fk := cv.fks[0]
				if _, target := l.refTarget(meta, &colRef{name: fk.target, col: fk.col}, false); target == nil || target.poisoned {
					continue // the foreign key's own error says it
				}
			}
			l.in.Report(cv.loc, "column '%s.%s' has no type: give it one, such as Integer or String(50)", tv.t.Name, cv.col.Name)
		}
	}
}

// constraintFunc returns SQLAlchemy's class name for a constraint kind.
func constraintFunc(kind string) string {
	switch kind {
	case kindUnique:
		return "UniqueConstraint"
	case kindPrimaryKey:
		return "PrimaryKeyConstraint"
	case kindCheck:
		return "CheckConstraint"
	case kindForeignKey:
		return "ForeignKeyConstraint"
	}
	return "Index"
}

// resolveCols turns a constraint's column references into columns of tv.
func (l *Lib) resolveCols(tv *tableObj, cv *constraintObj) ([]*columnObj, []string, bool) {
	var cols []*columnObj
	var names []string
	ok := true
	for _, r := range cv.cols {
		switch {
		case r.col != nil:
			if r.col.table != tv || r.col.col == nil {
				if r.col.table != nil && !r.col.poisoned {
					l.in.Report(r.loc, "can't create %s on table '%s': column '%s' belongs to table '%s'", constraintFunc(cv.kind), tv.t.Name, r.col.colName(), r.col.table.t.Name)
				}
				ok = false
				continue
			}
			cols = append(cols, r.col)
			names = append(names, r.col.col.Name)
		case r.expr != "":
			names = append(names, r.expr)
		default:
			c := tv.lookupColumn(r.name)
			if c == nil {
				all := make([]string, 0, len(tv.cols))
				for _, c := range tv.cols {
					all = append(all, c.key)
				}
				l.in.Report(r.loc, "can't create %s on table '%s': no column named '%s' is present%s", constraintFunc(cv.kind), tv.t.Name, r.name, didYouMean(r.name, all))
				ok = false
				continue
			}
			cols = append(cols, c)
			names = append(names, c.col.Name)
		}
	}
	return cols, names, ok
}

func namingCols(cols []*columnObj) []namingColumn {
	out := make([]namingColumn, len(cols))
	for i, c := range cols {
		out[i] = namingColumn{Name: c.col.Name, Key: c.key}
	}
	return out
}

// name applies the naming convention, reporting a convention that cannot be
// applied at the constraint.
func (l *Lib) conventionName(conv convention, tv *tableObj, cv *constraintObj, t namingTarget) (string, bool) {
	t.Kind, t.Name, t.Named = cv.kind, cv.name, cv.named
	if tv != nil && tv.t != nil {
		t.Schema = tv.t.Schema
	}
	if cv.conv {
		return cv.name, true
	}
	custom := func(token string) (string, error) { return l.customToken(conv.tokens[token], cv, tv) }
	n, fromConvention, err := applyConvention(conv, t, custom)
	if err != nil {
		if e, ok := err.(*interp.Exception); ok {
			l.report(e)
			return "", false
		}
		l.in.Report(cv.loc, "%s", err.Error())
		return "", false
	}
	if fromConvention && n != "" {
		l.convNames[n] = true
	}
	return n, true
}

// finalizeTable fills tv.t's constraints and indexes.
func (l *Lib) finalizeTable(tv *tableObj, conv convention) {
	t := tv.t
	if tv.finalized {
		return
	}
	tv.finalized = true
	var pkc *constraintObj
	for _, cv := range tv.cons {
		if cv.kind == kindPrimaryKey {
			pkc = cv
		}
	}
	// The primary key: an explicit PrimaryKeyConstraint, or the columns marked
	// primary_key=True, in table order.
	var pkCols []*columnObj
	if pkc != nil {
		cols, _, ok := l.resolveCols(tv, pkc)
		if ok {
			pkCols = cols
		}
	} else {
		for _, c := range tv.cols {
			if c.primaryKey {
				pkCols = append(pkCols, c)
			}
		}
	}
	if len(pkCols) > 0 {
		pk := &schema.PrimaryKey{}
		for _, c := range pkCols {
			pk.Columns = append(pk.Columns, c.col.Name)
			if c.nullable == nil {
				c.col.Nullable = false
			}
		}
		pcv := pkc
		if pcv == nil {
			pcv = &constraintObj{kind: kindPrimaryKey, loc: tv.loc}
		}
		if n, ok := l.conventionName(conv, tv, pcv, namingTarget{Table: t.Name, Columns: namingCols(pkCols)}); ok {
			pk.Name = n
		}
		t.PrimaryKey = pk
		if tv.autoinc && len(pkCols) == 1 && schema.IntegerAffinity(pkCols[0].col.Type) && len(pkCols[0].fks) == 0 {
			pkCols[0].col.Autoincrement = true
		}
	}
	for _, cv := range tv.cons {
		switch cv.kind {
		case kindUnique:
			cols, names, ok := l.resolveCols(tv, cv)
			if !ok {
				continue
			}
			n, ok := l.conventionName(conv, tv, cv, namingTarget{Table: t.Name, Columns: namingCols(cols)})
			if !ok {
				continue
			}
			t.Uniques = append(t.Uniques, &schema.Unique{Name: n, Columns: names})
		case kindIndex:
			cols, names, ok := l.resolveCols(tv, cv)
			if !ok {
				continue
			}
			if len(names) == 0 {
				l.in.Report(cv.loc, "Index %s has no columns", python.Quote(cv.name))
				continue
			}
			n, ok := l.conventionName(conv, tv, cv, namingTarget{Table: t.Name, Columns: namingCols(cols)})
			if !ok {
				continue
			}
			if n == "" {
				l.in.Report(cv.loc, "index=True needs a name for the index, and the MetaData's naming_convention has no \"ix\" entry (add \"ix\": \"ix_%%(column_0_label)s\")")
				continue
			}
			t.Indexes = append(t.Indexes, &schema.Index{Name: n, Table: t.Name, Columns: names, Unique: cv.unique, Where: cv.where})
		case kindCheck:
			n := ""
			if cv.typeOf == "" || cv.named {
				// A type's CHECK without a name stays without one
				// (SQLAlchemy's _NONE_NAME): no convention names it.
				var ok bool
				if n, ok = l.conventionName(conv, tv, cv, namingTarget{Table: t.Name}); !ok {
					continue
				}
			}
			t.Checks = append(t.Checks, &schema.Check{Name: n, SQL: cv.sql, TypeOf: cv.typeOf})
		case kindForeignKey:
			cols, names, ok := l.resolveCols(tv, cv)
			if !ok {
				continue
			}
			fk := &schema.ForeignKey{Columns: names, OnDelete: cv.onDelete, OnUpdate: cv.onUpdate, Deferrable: cv.deferr}
			var refTable *tableObj
			for _, r := range cv.refs {
				rt, rc := l.refTarget(tv.meta, r, true)
				if rc == nil {
					ok = false
					break
				}
				if refTable != nil && rt != refTable {
					l.in.Report(r.loc, "a foreign key's referred columns must all be in one table")
					ok = false
					break
				}
				refTable = rt
				fk.RefColumns = append(fk.RefColumns, rc.col.Name)
			}
			if !ok {
				continue
			}
			fk.RefTable, fk.RefSchema = refTable.t.Name, refTable.t.Schema
			n, ok := l.conventionName(conv, tv, cv, namingTarget{Table: t.Name, Columns: namingCols(cols), RefTable: fk.RefTable, RefColumns: fk.RefColumns})
			if !ok {
				continue
			}
			fk.Name = n
			t.ForeignKeys = append(t.ForeignKeys, fk)
		}
	}
}
