package sqlite

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"retort/engine/ops"
	"retort/engine/schema"
)

// planRebuild plans SQLite's 12-step procedure for the items, consecutive ops
// on one table: before is the schema before them, after the schema after them.
//
// The statements run inside the step's transaction, with foreign keys off
// (the runner switches them off before BEGIN): drop the views and triggers
// that name the table (SQLite's RENAME refuses to leave them dangling),
// CREATE TABLE "new_X" with the target definition, copy the rows (renamed
// columns mapped, new columns left to their defaults, rowids and the
// AUTOINCREMENT counter kept), DROP TABLE X, rename new_X to X, then recreate
// the indexes, views and triggers. The old table is never renamed.
func planRebuild(before, after *schema.MetaData, table string, items []Item) (Change, *schema.MetaData, error) {
	old, nt := before.Table(table), after.Table(table)
	if old == nil || nt == nil {
		return Change{}, nil, fmt.Errorf("rebuild table %q: table %w", table, ops.ErrNotFound)
	}
	if err := validTable(nt); err != nil {
		return Change{}, nil, err
	}
	if slices.ContainsFunc(items, func(it Item) bool { return it.Batch != nil }) {
		reflectedDefaults(old, nt, items)
	}
	name := old.Name
	tmp := "new_" + name
	for i := 1; before.Table(tmp) != nil; i++ {
		tmp = fmt.Sprintf("new_%s_%d", name, i)
	}

	// Where each new column's values come from.
	source := map[string]string{}
	for _, c := range old.Columns {
		source[strings.ToLower(c.Name)] = c.Name
	}
	for _, it := range items {
		switch o := it.Op.(type) {
		case *ops.AddColumn:
			source[strings.ToLower(o.Column.Name)] = ""
		case *ops.DropColumn:
			delete(source, strings.ToLower(o.Name))
		}
	}
	var into, from []string
	for _, c := range nt.Columns {
		if src := source[strings.ToLower(c.Name)]; src != "" {
			into, from = append(into, Quote(c.Name)), append(from, Quote(src))
		}
	}
	if rowid := keptRowid(old, nt); rowid != "" {
		into, from = append([]string{rowid}, into...), append([]string{rowid}, from...)
	}

	// Views and triggers that name the table, or a view being dropped.
	names := []string{name}
	var views []*schema.View
	for changed := true; changed; {
		changed = false
		for _, v := range before.Views {
			if !slices.Contains(views, v) && mentionsAny(v.SQL, names) {
				views, names, changed = append(views, v), append(names, v.Name), true
			}
		}
	}
	viewOrder := func(v *schema.View) int { return slices.Index(before.Views, v) }
	slices.SortFunc(views, func(a, b *schema.View) int { return viewOrder(a) - viewOrder(b) })
	droppedWith := func(tr *schema.Trigger) bool {
		// DROP TABLE and DROP VIEW take their own triggers with them.
		if strings.EqualFold(tr.Table, name) {
			return true
		}
		return slices.ContainsFunc(views, func(v *schema.View) bool { return strings.EqualFold(v.Name, tr.Table) })
	}
	var triggers []*schema.Trigger // every trigger to recreate, in creation order
	var stmts []string
	for i := len(views) - 1; i >= 0; i-- {
		stmts = append(stmts, "DROP VIEW "+Quote(views[i].Name))
	}
	for _, tr := range after.Triggers {
		switch {
		case droppedWith(tr):
			triggers = append(triggers, tr)
		case mentionsAny(tr.SQL, names):
			stmts = append(stmts, "DROP TRIGGER "+Quote(tr.Name))
			triggers = append(triggers, tr)
		}
	}

	stmts = append(stmts, createTableSQL(nt, tmp))
	if sameColumns(old, nt, source) {
		// Column for column the same rows: SQLite's transfer optimization
		// copies the records (and the UNIQUE indexes) without decoding them,
		// when the two definitions allow it; otherwise this is the same copy.
		stmts = append(stmts, "INSERT INTO "+Quote(tmp)+" SELECT * FROM "+Quote(name))
	} else if len(into) > 0 {
		stmts = append(stmts, "INSERT INTO "+Quote(tmp)+" ("+strings.Join(into, ", ")+") SELECT "+strings.Join(from, ", ")+" FROM "+Quote(name))
	}
	if hasAutoincrement(old) && hasAutoincrement(nt) {
		stmts = append(stmts,
			"DELETE FROM sqlite_sequence WHERE name = "+QuoteString(tmp),
			"INSERT INTO sqlite_sequence (name, seq) SELECT "+QuoteString(tmp)+", seq FROM sqlite_sequence WHERE name = "+QuoteString(name))
	}
	stmts = append(stmts, dropTableSQL(name), renameTableSQL(tmp, nt.Name))
	for _, ix := range nt.Indexes {
		ix := ix.Clone()
		ix.Table = nt.Name
		stmts = append(stmts, CreateIndexSQL(nt, ix))
	}
	for _, v := range views {
		stmts = append(stmts, v.SQL)
	}
	for _, tr := range triggers {
		stmts = append(stmts, tr.SQL)
	}

	check := []string{nt.Name}
	for _, t := range after.Tables {
		for _, fk := range t.ForeignKeys {
			if strings.EqualFold(fk.RefTable, nt.Name) && !slices.Contains(check, t.Name) {
				check = append(check, t.Name)
			}
		}
	}
	return Change{
		Items:      items,
		What:       fmt.Sprintf("rebuild table %q", name),
		Table:      name,
		Rebuild:    true,
		Statements: stmts,
		Check:      check,
		tmp:        tmp,
	}, after, nil
}

// sameColumns reports whether the new table's columns are the old ones, in
// the same order, each copied from itself, with rowids that are column
// values (an INTEGER PRIMARY KEY on both, or WITHOUT ROWID on both): then
// INSERT … SELECT * copies the rows exactly.
func sameColumns(old, nt *schema.Table, source map[string]string) bool {
	if len(old.Columns) != len(nt.Columns) {
		return false
	}
	for i, c := range nt.Columns {
		if source[strings.ToLower(c.Name)] != old.Columns[i].Name {
			return false
		}
	}
	switch {
	case old.WithoutRowID && nt.WithoutRowID:
		return true
	case old.WithoutRowID || nt.WithoutRowID:
		return false
	}
	return rowidAlias(old) && rowidAlias(nt) && strings.EqualFold(old.PrimaryKey.Columns[0], nt.PrimaryKey.Columns[0])
}

func mentionsAny(sqlText string, names []string) bool {
	for _, n := range names {
		if mentions(sqlText, n) {
			return true
		}
	}
	return false
}

// keptRowid returns the name under which a rebuild copies the rowid, so that
// rows keep theirs: when both tables have rowids and the new one has no
// INTEGER PRIMARY KEY (whose copied values are the rowids), and a name for
// the rowid is not taken by a column.
func keptRowid(old, nt *schema.Table) string {
	if old.WithoutRowID || nt.WithoutRowID || rowidAlias(nt) {
		return ""
	}
	for _, n := range []string{"rowid", "_rowid_", "oid"} {
		if old.Column(n) == nil && nt.Column(n) == nil {
			return n
		}
	}
	return ""
}

// rowidAlias reports whether the table's primary key is an INTEGER PRIMARY
// KEY, which is the rowid.
func rowidAlias(t *schema.Table) bool {
	if t.WithoutRowID || t.PrimaryKey == nil || len(t.PrimaryKey.Columns) != 1 {
		return false
	}
	c := t.Column(t.PrimaryKey.Columns[0])
	return c != nil && strings.EqualFold(TypeSQL(c.Type), "INTEGER")
}

func hasAutoincrement(t *schema.Table) bool {
	return slices.ContainsFunc(t.Columns, func(c *schema.Column) bool { return c.Autoincrement && t.IsPrimaryKey(c.Name) })
}

// reflectedDefaults gives the columns a batch block leaves as they were the
// server defaults Alembic's batch writes for them: it reflects the table,
// and its SQLite impl parenthesizes a reflected default it guesses to be an
// expression (autogen_column_reflect): anything but one digit or dot, a
// quoted string of at least one character, or a parenthesized text — so
// an empty string default is written in parentheses, DEFAULT 10 as
// DEFAULT (10).
func reflectedDefaults(old, nt *schema.Table, items []Item) {
	set := map[string]bool{}
	for _, it := range items {
		if ac, ok := it.Op.(*ops.AlterColumn); ok && ac.ServerDefault != nil {
			set[strings.ToLower(ac.Column)] = true
		}
	}
	for i, c := range nt.Columns {
		oc := old.Column(c.Name)
		if oc == nil || oc.ServerDefault != c.ServerDefault || set[strings.ToLower(c.Name)] {
			continue
		}
		if d := c.ServerDefault; d != "" && !reflectedDefaultRe.MatchString(d) {
			cp := *c // the column may be the schema before's too
			cp.ServerDefault = "(" + d + ")"
			nt.Columns[i] = &cp
		}
	}
}

var reflectedDefaultRe = regexp.MustCompile(`^(?:[0-9.]|'.+'|\(.+\))$`)
