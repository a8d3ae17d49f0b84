package diff

import (
	"fmt"
	"slices"
	"strings"

	"retort/engine/ops"
	"retort/engine/schema"
)

// renameTables applies the confirmed table renames to the database side, so
// that the renamed table compares as an existing one, and lists the unconfirmed
// candidates: a removed and an added table with the same columns (names and
// types).
func (c *comparer) renameTables(added, removed []*schema.Table) ([]*schema.Table, []*schema.Table, error) {
	for _, old := range sortedKeys(c.opts.Renames) {
		if strings.Contains(old, ".") {
			continue
		}
		new := c.opts.Renames[old]
		i := slices.IndexFunc(removed, func(t *schema.Table) bool { return strings.EqualFold(t.Name, old) })
		j := slices.IndexFunc(added, func(t *schema.Table) bool { return strings.EqualFold(t.Name, new) })
		if i < 0 || j < 0 {
			return nil, nil, fmt.Errorf("diff: rename table %s to %s: %w", old, new, ErrRename)
		}
		from, to := removed[i].Name, added[j].Name
		if err := ops.Apply(c.db, &ops.RenameTable{Old: from, New: to}); err != nil {
			return nil, nil, fmt.Errorf("diff: rename table %s to %s: %w", from, to, err)
		}
		c.dbTables = newTableIndex(c.db, c.shortcuts())
		c.dbTable[strings.ToLower(to)] = from
		removed = slices.Delete(removed, i, i+1)
		added = slices.Delete(added, j, j+1)
	}
	byName := func(list []*schema.Table) []*schema.Table {
		list = slices.Clone(list)
		slices.SortStableFunc(list, func(a, b *schema.Table) int { return strings.Compare(a.Name, b.Name) })
		return list
	}
	for _, r := range byName(removed) {
		for _, a := range byName(added) {
			if sameShape(c.dialect(), r, a) {
				c.res.RenameCandidates = append(c.res.RenameCandidates, Rename{From: r.Name, To: a.Name})
			}
		}
	}
	return added, removed, nil
}

// sameShape reports whether two tables have the same columns: names and types.
func sameShape(d Dialect, a, b *schema.Table) bool {
	if len(a.Columns) != len(b.Columns) {
		return false
	}
	for _, ac := range a.Columns {
		bc := b.Column(ac.Name)
		if bc == nil || !d.SameType(ac.Type, bc.Type) {
			return false
		}
	}
	return true
}

// renameColumns applies the confirmed column renames to the database side and
// lists the unconfirmed candidates: in a table both sides have, a removed and an
// added column of the same type and nullability.
func (c *comparer) renameColumns() error {
	for _, key := range sortedKeys(c.opts.Renames) {
		table, old, ok := strings.Cut(key, ".")
		if !ok {
			continue
		}
		new := c.opts.Renames[key]
		if t, col, ok := strings.Cut(new, "."); ok && strings.EqualFold(t, table) {
			new = col
		}
		fail := func(why string) error {
			return fmt.Errorf("diff: rename column %s.%s to %s: %s: %w", table, old, new, why, ErrRename)
		}
		mt, dt := c.modelTables.get("", table), c.dbTables.get("", table)
		if mt == nil || dt == nil {
			return fail("no such table on both sides")
		}
		dc, mc := dt.Column(old), mt.Column(new)
		switch {
		case dc == nil || mt.Column(old) != nil:
			return fail(old + " is not a removed column")
		case mc == nil || dt.Column(new) != nil:
			return fail(new + " is not an added column")
		}
		if err := ops.Apply(c.db, &ops.AlterColumn{Table: dt.Name, Column: dc.Name, NewName: mc.Name}); err != nil {
			return fmt.Errorf("diff: rename column %s.%s to %s: %w", table, old, new, err)
		}
		c.dbTables = newTableIndex(c.db, c.shortcuts())
		c.dbColumn[strings.ToLower(mt.Name+"."+mc.Name)] = old
	}
	for _, p := range c.existingTables() {
		dt, mt := p.db, p.models
		if c.shortcuts() && sameColumnNames(dt, mt) {
			continue // no column removed
		}
		for _, dc := range dt.Columns {
			if mt.Column(dc.Name) != nil {
				continue
			}
			for _, mc := range mt.Columns {
				if dt.Column(mc.Name) != nil || dc.Nullable != mc.Nullable || !c.dialect().SameType(dc.Type, mc.Type) {
					continue
				}
				c.res.RenameCandidates = append(c.res.RenameCandidates, Rename{
					Table: mt.Name, From: dc.Name, To: mc.Name, Type: typeSQL(c.dialect(), dc.Type),
				})
			}
		}
	}
	return nil
}

// renamedFrom returns the database name of a column the user renamed, or "".
func (c *comparer) renamedFrom(table, column string) string {
	if len(c.dbColumn) == 0 {
		return ""
	}
	return c.dbColumn[strings.ToLower(table+"."+column)]
}

// renamedTable returns the database name of a table the user renamed, or "".
func (c *comparer) renamedTable(table string) string {
	if len(c.dbTable) == 0 {
		return ""
	}
	return c.dbTable[strings.ToLower(table)]
}

func typeSQL(d Dialect, t schema.Type) string {
	if t.IsZero() {
		return ""
	}
	return d.TypeSQL(t)
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
