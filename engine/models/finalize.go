package models

import (
	"strings"

	"retort/engine/schema"
)

// tableArgs applies __table_args__: a tuple of constraints and indexes,
// optionally ending with a dict of options, or a dict alone.
func (ev *evaluator) tableArgs(tv *tableVal, a *arg) {
	var items []*arg
	var opts *arg
	switch v := ev.val(a).(type) {
	case *tupleVal:
		items = v.items
		if n := len(items); n > 0 {
			if _, ok := items[n-1].val.(*dictVal); ok {
				items, opts = items[:n-1], items[n-1]
			}
		}
	case *dictVal:
		opts = a
	case noneVal, poisonVal:
		return
	case *constraintVal:
		ev.errorAt(a, "__table_args__ must be a tuple: add a trailing comma, (%s,)", strings.TrimSpace(a.src))
		return
	default:
		ev.errorAt(a, "__table_args__ must be a tuple (constraints, then an optional dict of options) or a dict, not %s", describe(v))
		return
	}
	for _, it := range items {
		switch v := ev.val(it).(type) {
		case *constraintVal:
			if v.table != nil && v.table != tv {
				ev.errorAt(it, "this constraint already belongs to table '%s'", v.table.t.Name)
				continue
			}
			tv.addConstraint(v)
		case poisonVal:
		case *dictVal:
			ev.errorAt(it, "the options dict must come last in __table_args__")
		default:
			hint := ""
			if _, ok := v.(strVal); ok && len(items) == 1 {
				hint = " (a one-item tuple needs a trailing comma: (UniqueConstraint(...),))"
			}
			ev.errorAt(it, "__table_args__ holds constraints and indexes, not %s%s", describe(v), hint)
		}
	}
	if opts == nil {
		return
	}
	d := opts.val.(*dictVal)
	c := &callInfo{pos: opts.pos, end: opts.end}
	for i, k := range d.keys {
		key, ok := ev.val(k).(strVal)
		if !ok {
			if !silent(k.val) {
				ev.errorAt(k, "__table_args__ option names are strings, not %s", describe(k.val))
			}
			continue
		}
		v := *d.vals[i]
		v.name, v.namePos, v.nameEnd = string(key), k.pos, k.end
		c.kwargs = append(c.kwargs, &v)
	}
	b, _, ok := ev.bindArgs(c, "__table_args__", nil, tableKw, "", tableSQLiteKw)
	if !ok {
		return
	}
	if a := b.get("schema"); a != nil && !isNone(a.val) {
		ev.errorAt(a, "schema is not supported: Retort keeps every table in SQLite's main schema")
	}
	ev.tableOptions(tv, b)
}

// finalize turns a MetaData's tables into the schema, once every module is
// loaded: it resolves foreign keys (and the types of columns that take theirs
// from the referred column), constraint columns and names.
func (ev *evaluator) finalize(meta *metadataVal) (*schema.MetaData, []ColumnInfo) {
	out := &schema.MetaData{}
	var infos []ColumnInfo
	if len(meta.tables) > 0 {
		out.Tables = make([]*schema.Table, 0, len(meta.tables))
		n := 0
		for _, tv := range meta.tables {
			n += len(tv.cols)
		}
		if n > 0 {
			infos = make([]ColumnInfo, 0, n)
		}
	}
	ev.inferTypes(meta)
	conv := meta.convention
	if len(conv) == 0 {
		conv = defaultNamingConvention
	}
	for _, tv := range meta.tables {
		ev.finalizeTable(tv, conv)
		out.Tables = append(out.Tables, tv.t)
		for _, cv := range tv.cols {
			info := ColumnInfo{
				Table: tv.t.Name, Column: cv.col.Name, Attr: cv.key,
				Default: cv.defaultSrc, OnUpdate: cv.onUpdateSrc, Pos: cv.pos.Pos(), End: cv.end.Pos(),
			}
			if cv.owner != nil {
				info.Class = cv.owner.name
			}
			infos = append(infos, info)
		}
	}
	return out, infos
}

// refTarget resolves a foreign key's referred column. It reports a mistake
// (once) and returns nil when the reference does not resolve.
func (ev *evaluator) refTarget(meta *metadataVal, r *colRef, report bool) (*tableVal, *columnVal) {
	if r.col != nil {
		if r.col.table == nil {
			if report && !r.col.poisoned {
				ev.errorf(r.pos, r.end, "foreign key refers to a column that is not in any table")
			}
			return nil, nil
		}
		return r.col.table, r.col
	}
	spec := r.name
	dot := strings.LastIndexByte(spec, '.')
	tname, cname := spec[:dot], spec[dot+1:]
	var tv *tableVal
	for _, t := range meta.tables {
		if t.t.Name == tname {
			tv = t
		}
	}
	if tv == nil {
		if i := strings.IndexByte(tname, '.'); i >= 0 {
			if report {
				ev.errorf(r.pos, r.end, "foreign key %s names schema '%s': Retort keeps every table in SQLite's main schema", pyQuote(spec), tname[:i])
			}
			return nil, nil
		}
		if report && !meta.incomplete {
			names := make([]string, 0, len(meta.tables))
			for _, t := range meta.tables {
				names = append(names, t.t.Name)
			}
			ev.errorf(r.pos, r.end, "foreign key %s refers to unknown table '%s'%s", pyQuote(spec), tname, didYouMean(tname, names))
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
		ev.errorf(r.pos, r.end, "foreign key %s refers to unknown column '%s' of table '%s'%s", pyQuote(spec), cname, tname, didYouMean(cname, cols))
	}
	return tv, nil
}

// lookupColumn finds a column by key, then by name, as table.c[...] and
// SQLAlchemy's string column references do.
func (tv *tableVal) lookupColumn(name string) *columnVal {
	for _, c := range tv.cols {
		if c.key == name {
			return c
		}
	}
	return tv.column(name)
}

// inferTypes gives a column declared without a type (Column(ForeignKey(...)))
// the type of the column its foreign key refers to, as SQLAlchemy does.
func (ev *evaluator) inferTypes(meta *metadataVal) {
	for changed := true; changed; {
		changed = false
		for _, tv := range meta.tables {
			for _, cv := range tv.cols {
				if !cv.col.Type.IsZero() || len(cv.fks) == 0 {
					continue
				}
				fk := cv.fks[0]
				_, target := ev.refTarget(meta, &colRef{name: fk.target, col: fk.col}, false)
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
				if _, target := ev.refTarget(meta, &colRef{name: fk.target, col: fk.col}, false); target == nil || target.poisoned {
					continue // the foreign key's own error says it
				}
			}
			ev.errorf(cv.pos, cv.end, "column '%s.%s' has no type: give it one, such as Integer or String(50)", tv.t.Name, cv.col.Name)
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
func (ev *evaluator) resolveCols(tv *tableVal, cv *constraintVal) ([]*columnVal, []string, bool) {
	var cols []*columnVal
	var names []string
	if len(cv.cols) > 0 {
		cols = make([]*columnVal, 0, len(cv.cols))
		names = make([]string, 0, len(cv.cols))
	}
	ok := true
	for _, r := range cv.cols {
		switch {
		case r.col != nil:
			if r.col.table != tv || r.col.col == nil {
				if r.col.table != nil && !r.col.poisoned {
					ev.errorf(r.pos, r.end, "can't create %s on table '%s': column '%s' belongs to table '%s'", constraintFunc(cv.kind), tv.t.Name, r.col.colName(), r.col.table.t.Name)
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
				ev.errorf(r.pos, r.end, "can't create %s on table '%s': no column named '%s' is present%s", constraintFunc(cv.kind), tv.t.Name, r.name, didYouMean(r.name, all))
				ok = false
				continue
			}
			cols = append(cols, c)
			names = append(names, c.col.Name)
		}
	}
	return cols, names, ok
}

func namingCols(cols []*columnVal) []namingColumn {
	out := make([]namingColumn, len(cols))
	for i, c := range cols {
		out[i] = namingColumn{Name: c.col.Name, Key: c.key}
	}
	return out
}

// name applies the naming convention, reporting a convention that cannot be
// applied at the constraint.
func (ev *evaluator) name(conv map[string]string, cv *constraintVal, t namingTarget) (string, bool) {
	t.Kind, t.Name, t.Named = cv.kind, cv.name, cv.named
	n, fromConvention, err := applyConvention(conv, t)
	if err != nil {
		ev.errorf(cv.pos, cv.end, "%s", err.Error())
		return "", false
	}
	if fromConvention && n != "" {
		if ev.convNames == nil {
			ev.convNames = map[string]bool{}
		}
		ev.convNames[n] = true
	}
	return n, true
}

// finalizeTable fills tv.t's constraints and indexes.
func (ev *evaluator) finalizeTable(tv *tableVal, conv map[string]string) {
	t := tv.t
	if tv.finalized {
		return
	}
	tv.finalized = true
	var pkc *constraintVal
	for _, cv := range tv.cons {
		if cv.kind == kindPrimaryKey {
			pkc = cv
		}
	}
	// The primary key: an explicit PrimaryKeyConstraint, or the columns marked
	// primary_key=True, in table order.
	var pkCols []*columnVal
	if pkc != nil {
		cols, _, ok := ev.resolveCols(tv, pkc)
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
			pcv = &constraintVal{kind: kindPrimaryKey, pos: tv.pos, end: tv.end}
		}
		if n, ok := ev.name(conv, pcv, namingTarget{Table: t.Name, Columns: namingCols(pkCols)}); ok {
			pk.Name = n
		}
		t.PrimaryKey = pk
		if tv.autoinc && len(pkCols) == 1 && integerAffinity(pkCols[0].col.Type) && len(pkCols[0].fks) == 0 {
			pkCols[0].col.Autoincrement = true
		}
	}
	for _, cv := range tv.cons {
		switch cv.kind {
		case kindUnique:
			cols, names, ok := ev.resolveCols(tv, cv)
			if !ok {
				continue
			}
			n, ok := ev.name(conv, cv, namingTarget{Table: t.Name, Columns: namingCols(cols)})
			if !ok {
				continue
			}
			t.Uniques = append(t.Uniques, &schema.Unique{Name: n, Columns: names})
		case kindIndex:
			cols, names, ok := ev.resolveCols(tv, cv)
			if !ok {
				continue
			}
			if len(names) == 0 {
				ev.errorf(cv.pos, cv.end, "Index %s has no columns", pyQuote(cv.name))
				continue
			}
			n, ok := ev.name(conv, cv, namingTarget{Table: t.Name, Columns: namingCols(cols)})
			if !ok {
				continue
			}
			if n == "" {
				ev.errorf(cv.pos, cv.end, "index=True needs a name for the index, and the MetaData's naming_convention has no \"ix\" entry (add \"ix\": \"ix_%%(column_0_label)s\")")
				continue
			}
			t.Indexes = append(t.Indexes, &schema.Index{Name: n, Table: t.Name, Columns: names, Unique: cv.unique, Where: cv.where})
		case kindCheck:
			n, ok := ev.name(conv, cv, namingTarget{Table: t.Name})
			if !ok {
				continue
			}
			t.Checks = append(t.Checks, &schema.Check{Name: n, SQL: cv.sql})
		case kindForeignKey:
			cols, names, ok := ev.resolveCols(tv, cv)
			if !ok {
				continue
			}
			fk := &schema.ForeignKey{Columns: names, OnDelete: cv.onDelete, OnUpdate: cv.onUpdate, Deferrable: cv.deferr}
			var refTable *tableVal
			for _, r := range cv.refs {
				rt, rc := ev.refTarget(tv.meta, r, true)
				if rc == nil {
					ok = false
					break
				}
				if refTable != nil && rt != refTable {
					ev.errorf(r.pos, r.end, "a foreign key's referred columns must all be in one table")
					ok = false
					break
				}
				refTable = rt
				fk.RefColumns = append(fk.RefColumns, rc.col.Name)
			}
			if !ok {
				continue
			}
			fk.RefTable = refTable.t.Name
			n, ok := ev.name(conv, cv, namingTarget{Table: t.Name, Columns: namingCols(cols), RefTable: fk.RefTable, RefColumns: fk.RefColumns})
			if !ok {
				continue
			}
			fk.Name = n
			t.ForeignKeys = append(t.ForeignKeys, fk)
		}
	}
}
