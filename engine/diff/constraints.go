package diff

import (
	"fmt"
	"slices"
	"strings"

	"retort/engine/ops"
	"retort/engine/python"
	"retort/engine/schema"
)

// sig is an index or a unique constraint, as Alembic's _constraint_sig: the two
// share one namespace of names in the comparison.
type sig struct {
	name string
	ix   *schema.Index
	uq   *schema.Unique
}

// uniqueKey is a unique constraint's signature without its name: its columns,
// sorted (Alembic compares unique constraints as column sets).
func uniqueKey(cols []string) string {
	norm := make([]string, len(cols))
	for i, c := range cols {
		norm[i] = schema.NormExpr(c)
	}
	slices.Sort(norm)
	return strings.Join(norm, "\x00")
}

func sortedColumns(cols []string) []string {
	out := slices.Clone(cols)
	slices.Sort(out)
	return out
}

// indexesAndUniques is Alembic's _compare_indexes_and_uniques. dt is nil for a
// table being created, mt nil for one being dropped.
//
// Named objects are matched by name: removed ones first, then changed ones,
// then added ones, each in name order; then the unnamed unique constraints of
// the models, by their columns. SQLite gives no name to a UNIQUE constraint
// written without one, so Retort also matches by columns an unnamed
// constraint of the database against any of the models (Alembic would report
// the named one added), and reports an unnamed constraint of the database
// that the models no longer have as removed (Alembic cannot see it).
func (m *modify) indexesAndUniques(dt, mt *schema.Table) {
	if m.c.shortcuts() && dt != nil && mt != nil && sameIndexesAndUniques(dt, mt) {
		return
	}
	creating, dropping := dt == nil, mt == nil
	metaNames, connNames := map[string]sig{}, map[string]sig{}
	var metaUnnamed, connUnnamed []sig
	if mt != nil {
		for _, uq := range mt.Uniques {
			if uq.Name == "" {
				metaUnnamed = append(metaUnnamed, sig{uq: uq})
			} else {
				metaNames[strings.ToLower(uq.Name)] = sig{name: uq.Name, uq: uq}
			}
		}
		for _, ix := range mt.Indexes {
			if ix.Name != "" {
				metaNames[strings.ToLower(ix.Name)] = sig{name: ix.Name, ix: ix}
			}
		}
	}
	if dt != nil {
		if !dropping {
			// For DROP TABLE unique constraints go with the table.
			for _, uq := range dt.Uniques {
				if uq.Name == "" {
					connUnnamed = append(connUnnamed, sig{uq: uq})
				} else {
					connNames[strings.ToLower(uq.Name)] = sig{name: uq.Name, uq: uq}
				}
			}
		}
		for _, ix := range dt.Indexes {
			connNames[strings.ToLower(ix.Name)] = sig{name: ix.Name, ix: ix}
		}
	}
	metaUniqueKeys := map[string]bool{}
	for _, s := range metaNames {
		if s.uq != nil {
			metaUniqueKeys[uniqueKey(s.uq.Columns)] = true
		}
	}
	unnamedMetaKeys := map[string]bool{}
	for _, s := range metaUnnamed {
		metaUniqueKeys[uniqueKey(s.uq.Columns)] = true
		unnamedMetaKeys[uniqueKey(s.uq.Columns)] = true
	}
	// claimed marks the database's unnamed unique constraints already matched.
	claimed := make([]bool, len(connUnnamed))
	claim := func(cols []string) bool {
		key := uniqueKey(cols)
		for i, s := range connUnnamed {
			if !claimed[i] && uniqueKey(s.uq.Columns) == key {
				claimed[i] = true
				return true
			}
		}
		return false
	}

	added := func(s sig) {
		if s.ix != nil {
			ix := s.ix.Clone()
			ix.Table = m.table
			m.add(&ops.CreateIndex{Index: ix})
			m.c.detected("Detected added index %s on '%s'", python.Quote(s.name), python.QuoteTuple(s.ix.Columns))
			return
		}
		if creating || dropping {
			return // unique constraints are created inline with the table
		}
		uq := *s.uq
		uq.Columns = slices.Clone(uq.Columns)
		m.add(&ops.CreateUnique{Table: m.table, Unique: &uq})
		m.c.detected("Detected added unique constraint %s on '%s'", python.NameRepr(s.uq.Name), python.QuoteTuple(s.uq.Columns))
	}
	removed := func(s sig) {
		if s.ix != nil {
			m.add(&ops.DropIndex{Name: s.ix.Name, Table: m.table, Index: s.ix.Clone()})
			m.c.detected("Detected removed index %s on %s", python.Quote(s.name), python.Quote(m.table))
			return
		}
		if creating || dropping {
			return
		}
		uq := *s.uq
		uq.Columns = slices.Clone(uq.Columns)
		m.add(&ops.DropConstraint{Name: uq.Name, Table: m.table, Kind: ops.KindUnique, Unique: &uq})
		m.c.detected("Detected removed unique constraint %s on %s", python.NameRepr(s.uq.Name), python.Quote(m.table))
	}
	changed := func(old, new sig, msg string) {
		if old.ix != nil {
			m.c.detected("Detected changed index %s on %s: %s", python.Quote(old.name), python.Quote(m.table), msg)
			m.add(&ops.DropIndex{Name: old.ix.Name, Table: m.table, Index: old.ix.Clone()})
			ix := new.ix.Clone()
			ix.Table = m.table
			m.add(&ops.CreateIndex{Index: ix})
			return
		}
		m.c.detected("Detected changed unique constraint %s on %s: %s", python.Quote(old.name), python.Quote(m.table), msg)
		ou, nu := *old.uq, *new.uq
		ou.Columns, nu.Columns = slices.Clone(ou.Columns), slices.Clone(nu.Columns)
		m.add(&ops.DropConstraint{Name: ou.Name, Table: m.table, Kind: ops.KindUnique, Unique: &ou})
		m.add(&ops.CreateUnique{Table: m.table, Unique: &nu})
	}

	for _, key := range sortedSigKeys(connNames, metaNames, false) {
		s := connNames[key]
		if s.uq != nil && unnamedMetaKeys[uniqueKey(s.uq.Columns)] {
			continue
		}
		removed(s)
	}
	if !creating && !dropping {
		for i, s := range connUnnamed {
			if !claimed[i] && !metaUniqueKeys[uniqueKey(s.uq.Columns)] {
				claimed[i] = true
				removed(s)
			}
		}
	}
	for _, key := range sortedSigKeys(metaNames, connNames, true) {
		ms, cs := metaNames[key], connNames[key]
		switch {
		case (ms.ix != nil) != (cs.ix != nil):
			removed(cs)
			added(ms)
		case ms.ix != nil:
			var msg []string
			if ms.ix.Unique != cs.ix.Unique {
				msg = append(msg, fmt.Sprintf("unique=%s to unique=%s", python.BoolRepr(cs.ix.Unique), python.BoolRepr(ms.ix.Unique)))
			}
			if !sameIndexColumns(cs.ix.Columns, ms.ix.Columns) {
				msg = append(msg, fmt.Sprintf("expression %s to %s", python.QuoteTuple(cs.ix.Columns), python.QuoteTuple(ms.ix.Columns)))
			}
			if len(msg) > 0 {
				changed(cs, ms, strings.Join(msg, ", "))
			}
		default:
			if uniqueKey(cs.uq.Columns) != uniqueKey(ms.uq.Columns) {
				changed(cs, ms, fmt.Sprintf("expression %s to %s", python.QuoteTuple(sortedColumns(cs.uq.Columns)), python.QuoteTuple(sortedColumns(ms.uq.Columns))))
			}
		}
	}
	for _, key := range sortedSigKeys(metaNames, connNames, false) {
		s := metaNames[key]
		if s.uq != nil && claim(s.uq.Columns) {
			continue // the database has it, unnamed
		}
		added(s)
	}
	for _, s := range metaUnnamed {
		if claim(s.uq.Columns) || namedUniqueWith(connNames, s.uq.Columns) {
			continue
		}
		added(s)
	}
}

// sortedSigKeys returns the keys of a that b has (both) or lacks (!both),
// ordered by name as Python's sorted() orders them.
func sortedSigKeys(a, b map[string]sig, both bool) []string {
	var keys []string
	for k := range a {
		if _, ok := b[k]; ok == both {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(x, y string) int { return strings.Compare(a[x].name, a[y].name) })
	return keys
}

func namedUniqueWith(names map[string]sig, cols []string) bool {
	key := uniqueKey(cols)
	for _, s := range names {
		if s.uq != nil && uniqueKey(s.uq.Columns) == key {
			return true
		}
	}
	return false
}

func sameIndexColumns(a, b []string) bool {
	return slices.EqualFunc(a, b, func(x, y string) bool { return schema.NormExpr(x) == schema.NormExpr(y) })
}

// fkKey is Alembic's foreign key signature without the name: columns, referred
// table and columns, ON UPDATE / ON DELETE (NO ACTION is none) and
// deferrability. SQLite keeps no constraint names that matter here.
func fkKey(fk *schema.ForeignKey) string {
	action := func(s string) string {
		s = strings.ToLower(strings.Join(strings.Fields(s), " "))
		if s == "no action" {
			return ""
		}
		return s
	}
	lower := func(cols []string) string {
		out := make([]string, len(cols))
		for i, c := range cols {
			out[i] = strings.ToLower(c)
		}
		return strings.Join(out, ",")
	}
	d := strings.ToUpper(strings.Join(strings.Fields(fk.Deferrable), " "))
	deferrable := "not deferrable"
	switch {
	case strings.Contains(d, "INITIALLY DEFERRED"):
		deferrable = "initially_deferrable"
	case strings.HasPrefix(d, "DEFERRABLE"):
		deferrable = "deferrable"
	}
	return strings.Join([]string{lower(fk.Columns), strings.ToLower(fk.RefSchema), strings.ToLower(fk.RefTable), lower(fk.RefColumns),
		action(fk.OnUpdate), action(fk.OnDelete), deferrable}, "|")
}

// foreignKeys is Alembic's _compare_foreign_keys: foreign keys are matched by
// signature, never by name; removed ones first, then added ones.
func (m *modify) foreignKeys(dt, mt *schema.Table) {
	if m.c.shortcuts() && slices.EqualFunc(dt.ForeignKeys, mt.ForeignKeys, sameForeignKey) {
		return
	}
	conn, meta := map[string]*schema.ForeignKey{}, map[string]*schema.ForeignKey{}
	for _, fk := range dt.ForeignKeys {
		conn[fkKey(fk)] = fk
	}
	for _, fk := range mt.ForeignKeys {
		meta[fkKey(fk)] = fk
	}
	describe := func(fk *schema.ForeignKey) string {
		return fmt.Sprintf("(%s)(%s) on table %s", strings.Join(fk.Columns, ", "), strings.Join(fk.RefColumns, ", "), m.name())
	}
	for _, key := range sortedMissing(conn, meta) {
		fk := conn[key]
		m.add(&ops.DropConstraint{Name: fk.Name, Table: m.table, Kind: ops.KindForeignKey, ForeignKey: fk.Clone()})
		m.c.detected("Detected removed foreign key %s", describe(fk))
	}
	for _, key := range sortedMissing(meta, conn) {
		fk := meta[key]
		m.add(&ops.CreateForeignKey{Table: m.table, ForeignKey: fk.Clone()})
		m.c.detected("Detected added foreign key %s", describe(fk))
	}
}

func sortedMissing[V any](a, b map[string]V) []string {
	var keys []string
	for k := range a {
		if _, ok := b[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// checks is Alembic 1.19's checkconstraint_byname plugin: named CHECK
// constraints matched by name only (an unchanged name is presumed the same
// constraint); unnamed ones are ignored. Removed ones first, then added ones.
func (m *modify) checks(dt, mt *schema.Table) {
	if len(dt.Checks) == 0 && len(mt.Checks) == 0 {
		return
	}
	conn, meta := map[string]*schema.Check{}, map[string]*schema.Check{}
	for _, ck := range dt.Checks {
		if ck.Name != "" {
			conn[strings.ToLower(ck.Name)] = ck
		}
	}
	for _, ck := range mt.Checks {
		if ck.Name != "" {
			meta[strings.ToLower(ck.Name)] = ck
		}
	}
	byName := func(a, b map[string]*schema.Check) []*schema.Check {
		var out []*schema.Check
		for k, ck := range a {
			if _, ok := b[k]; !ok {
				out = append(out, ck)
			}
		}
		slices.SortFunc(out, func(x, y *schema.Check) int { return strings.Compare(x.Name, y.Name) })
		return out
	}
	for _, ck := range byName(conn, meta) {
		cc := *ck
		m.add(&ops.DropConstraint{Name: ck.Name, Table: m.table, Kind: ops.KindCheck, Check: &cc})
		m.c.detected("Detected removed check constraint %s on table %s", python.Quote(ck.Name), python.Quote(m.table))
	}
	for _, ck := range byName(meta, conn) {
		if ck.TypeOf != "" {
			// An Enum's or Boolean's own CHECK comes with its column's
			// type (op.add_column makes it), not as an operation.
			continue
		}
		cc := *ck
		m.add(&ops.CreateCheck{Table: m.table, Check: &cc})
		m.c.detected("Detected added check constraint %s on table %s", python.Quote(ck.Name), python.Quote(m.table))
	}
}

// sameIndexesAndUniques is a shortcut of indexesAndUniques for a table both
// sides have: it reports whether the two list the same indexes (named, with
// the same names, uniqueness and columns) and unique constraints (same names
// and columns) in the same order, spelled alike. Then every name and every
// unnamed constraint finds its equal, and indexesAndUniques would find
// nothing.
func sameIndexesAndUniques(dt, mt *schema.Table) bool {
	return slices.EqualFunc(dt.Indexes, mt.Indexes, func(a, b *schema.Index) bool {
		return a.Name != "" && a.Name == b.Name && a.Unique == b.Unique && slices.Equal(a.Columns, b.Columns)
	}) && slices.EqualFunc(dt.Uniques, mt.Uniques, func(a, b *schema.Unique) bool {
		return a.Name == b.Name && slices.Equal(a.Columns, b.Columns)
	})
}

// sameForeignKey reports whether two foreign keys are spelled alike in all
// that fkKey holds, so that they have the same key. foreignKeys finds nothing
// when the two sides' lists pair up so.
func sameForeignKey(a, b *schema.ForeignKey) bool {
	return slices.Equal(a.Columns, b.Columns) && a.RefTable == b.RefTable && a.RefSchema == b.RefSchema && slices.Equal(a.RefColumns, b.RefColumns) &&
		a.OnUpdate == b.OnUpdate && a.OnDelete == b.OnDelete && a.Deferrable == b.Deferrable
}
