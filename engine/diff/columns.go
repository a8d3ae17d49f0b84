package diff

import (
	"slices"
	"strings"

	"retort/engine/ops"
	"retort/engine/python"
	"retort/engine/schema"
)

// compareTable compares a table both sides have, in Alembic's order: added
// columns, altered columns, then the table's indexes and unique constraints,
// foreign keys and CHECK constraints, and last the removed columns.
func (c *comparer) compareTable(dt, mt *schema.Table) error {
	if old := c.renamedTable(mt.Name); old != "" {
		c.entries = append(c.entries, entry{top: &ops.RenameTable{Old: old, New: mt.Name}, table: mt.Name})
		c.detected("Detected renamed table %s to %s", python.Quote(old), python.Quote(mt.Name))
	}
	m := &modify{c: c, table: mt.Name, schema: mt.Schema, mt: mt}
	if c.shortcuts() && sameColumnNames(dt, mt) {
		// Each column has its namesake at the same place: none added or removed.
		for i, mc := range mt.Columns {
			if err := m.alterColumn(dt, dt.Columns[i], mc); err != nil {
				return err
			}
		}
		m.constraints(dt, mt)
		c.flush(m)
		return nil
	}
	for _, mc := range mt.Columns {
		if dt.Column(mc.Name) == nil {
			if err := m.addColumn(mc); err != nil {
				return err
			}
		}
	}
	for _, mc := range mt.Columns {
		if dc := dt.Column(mc.Name); dc != nil {
			if err := m.alterColumn(dt, dc, mc); err != nil {
				return err
			}
		}
	}
	m.constraints(dt, mt)
	for _, dc := range dt.Columns {
		if mt.Column(dc.Name) == nil {
			if err := m.dropColumn(dc); err != nil {
				return err
			}
		}
	}
	c.flush(m)
	return nil
}

// constraints compares the indexes and constraints of a table both sides have.
func (m *modify) constraints(dt, mt *schema.Table) {
	m.indexesAndUniques(dt, mt)
	m.foreignKeys(dt, mt)
	if !m.c.opts.IgnoreChecks {
		m.checks(dt, mt)
	}
	m.tableComment(dt, mt)
}

// tableComment is Alembic's _compare_table_comment, where the dialect has
// comments: a comment the models remove is drop_table_comment, a new or
// changed one create_table_comment. Alembic logs no line for either.
func (m *modify) tableComment(dt, mt *schema.Table) {
	if !m.c.dialect().SupportsComments() || dt.Comment == mt.Comment {
		return
	}
	if mt.Comment == "" {
		m.add(&ops.DropTableComment{Table: m.table, ExistingComment: ops.Ptr(dt.Comment), Schema: mt.Schema})
		return
	}
	op := &ops.CreateTableComment{Table: m.table, Comment: mt.Comment, Schema: mt.Schema}
	if dt.Comment != "" {
		op.ExistingComment = ops.Ptr(dt.Comment)
	}
	m.add(op)
}

// sameColumnNames reports whether two tables have columns of the same names,
// spelled alike, in the same order, and no two columns of a table whose names
// are equal ignoring case. Then dt.Column(mt.Columns[i].Name) is
// dt.Columns[i], and the other way round.
func sameColumnNames(dt, mt *schema.Table) bool {
	if !slices.EqualFunc(dt.Columns, mt.Columns, func(a, b *schema.Column) bool { return a.Name == b.Name }) {
		return false
	}
	for i, c := range dt.Columns {
		if !isASCII(c.Name) {
			return false
		}
		for _, prev := range dt.Columns[:i] {
			// ASCII names equal ignoring case have the same length.
			if len(prev.Name) == len(c.Name) && strings.EqualFold(prev.Name, c.Name) {
				return false
			}
		}
	}
	return true
}

func (m *modify) addColumn(mc *schema.Column) error {
	m.add(&ops.AddColumn{Table: m.table, Column: mc.Clone()})
	m.c.detected("Detected added column '%s.%s'", m.name(), mc.Name)
	if m.c.opts.Counter == nil || mc.Nullable || mc.ServerDefault != "" {
		return nil
	}
	n, err := m.c.count(true, m.schema, m.table, "")
	if err != nil {
		return err
	}
	if n > 0 {
		m.c.warn("Detected added column '%s.%s' is NOT NULL without a server default and will fail on upgrade: the table has %s; give the column a server_default",
			m.table, mc.Name, plural(n, "row", "rows"))
	}
	return nil
}

func (m *modify) dropColumn(dc *schema.Column) error {
	m.add(&ops.DropColumn{Table: m.table, Name: dc.Name, Column: dc.Clone()})
	m.c.detected("Detected removed column '%s.%s'", m.name(), dc.Name)
	if m.c.opts.Counter == nil {
		return nil
	}
	n, err := m.c.count(false, m.schema, m.table, dc.Name)
	if err != nil {
		return err
	}
	if n > 0 {
		verb := "they"
		if n == 1 {
			verb = "it"
		}
		m.c.warn("Detected removed column '%s.%s' holds %s; %s will be lost on upgrade",
			m.table, dc.Name, plural(n, "non-NULL value", "non-NULL values"), verb)
	}
	return nil
}

// alterColumn compares a column both sides have. Alembic runs its column
// comparators by priority, so the lines come in this order: nullability, then
// type, then server default. The op always carries the existing type and
// nullability, and the existing server default when either side has one.
func (m *modify) alterColumn(dt *schema.Table, dc, mc *schema.Column) error {
	c := m.c
	// op is copied to the heap only when the column changed: most do not.
	op := ops.AlterColumn{Table: m.table, Column: dc.Name}
	changed := false
	if old := c.renamedFrom(m.table, mc.Name); old != "" {
		op.Column, op.NewName = old, mc.Name
		changed = true
		c.detected("Detected renamed column '%s.%s' to '%s.%s'", m.table, old, m.table, mc.Name)
	}

	typeSetup := func() bool {
		switch {
		case dc.Type.IsZero():
			c.info("Couldn't determine database type for column '%s.%s'", m.table, mc.Name)
		case mc.Type.IsZero():
			c.info("Column '%s.%s' has no type within the model; can't compare", m.table, mc.Name)
		default:
			return true
		}
		return false
	}
	comparable := false
	if !c.opts.IgnoreTypes {
		// Alembic's user compare_type hook runs first and sets the type up.
		comparable = typeSetup()
	}

	if dc.Nullable != mc.Nullable && !c.dialect().NeverNull(dt, dc) {
		op.Nullable = ops.Ptr(mc.Nullable)
		changed = true
		word := "NOT NULL"
		if mc.Nullable {
			word = "NULL"
		}
		c.detected("Detected %s on column '%s.%s'", word, m.table, mc.Name)
		if !mc.Nullable && c.opts.Counter != nil {
			rows, err := c.count(true, m.schema, m.table, "")
			if err != nil {
				return err
			}
			values, err := c.count(false, m.schema, m.table, mc.Name)
			if err != nil {
				return err
			}
			if nulls := rows - values; nulls > 0 {
				c.warn("NOT NULL on column '%s.%s' will fail on upgrade: %s NULL there; fill them in first (an op.execute UPDATE before the alter_column), or give the column a server_default",
					m.table, mc.Name, plural(nulls, "row holds", "rows hold"))
			}
		}
	}

	if !c.opts.IgnoreTypes {
		// … and the dialect's comparison runs last, setting it up again.
		if !comparable {
			typeSetup()
		} else if !c.dialect().SameType(dc.Type, mc.Type) {
			op.Type = ops.Ptr(mc.Type.Clone())
			changed = true
			line := "Detected type change from " + TypeRepr(dc.Type) + " to " + TypeRepr(mc.Type) + " on '" + m.table + "." + mc.Name + "'"
			c.detected("%s", line)
			if c.opts.Counter != nil && narrows(c.dialect(), dc.Type, mc.Type) {
				n, err := c.count(false, m.schema, m.table, mc.Name)
				if err != nil {
					return err
				}
				if n > 0 {
					c.warn("%s narrows a column that holds %s; values that do not fit may be lost on upgrade",
						line, plural(n, "non-NULL value", "non-NULL values"))
				}
			}
		}
	}

	if c.opts.CompareServerDefault && !c.dialect().SameDefault(m.mt, dc, mc) {
		op.ServerDefault = ops.Ptr(mc.ServerDefault)
		changed = true
		c.detected("Detected server default on column '%s.%s'", m.table, mc.Name)
	}

	// Alembic's _compare_column_comment, where the dialect has comments:
	// the existing comment goes on the op whatever else changed.
	if c.dialect().SupportsComments() && (dc.Comment != "" || mc.Comment != "") {
		if dc.Comment != "" {
			op.ExistingComment = ops.Ptr(dc.Comment)
		}
		if dc.Comment != mc.Comment {
			op.Comment = ops.Ptr(mc.Comment)
			changed = true
			c.detected("Detected column comment '%s.%s'", m.table, mc.Name)
		}
	}

	if changed {
		if !dc.Type.IsZero() {
			op.ExistingType = ops.Ptr(dc.Type.Clone())
		}
		op.ExistingNullable = ops.Ptr(dc.Nullable)
		// Alembic's _setup_autoincrement.
		switch {
		case m.mt.AutoincrementColumn() == mc, strings.EqualFold(mc.AutoincrementArg, "true"):
			op.Autoincrement = ops.Ptr(true)
		case strings.EqualFold(mc.AutoincrementArg, "false"):
			op.Autoincrement = ops.Ptr(false)
		}
		if dc.ServerDefault != "" {
			op.ExistingServerDefault = ops.Ptr(dc.ServerDefault)
		}
		heap := op
		m.add(&heap)
	}
	return nil
}

// narrows reports whether changing a column from one type to another may not
// keep every value: a shorter length, a smaller precision or scale, a smaller
// integer, text into a bounded string, a number into an integer, a timestamp
// into a date.
func narrows(d Dialect, from, to schema.Type) bool {
	fn, fa := d.TypeName(from)
	tn, ta := d.TypeName(to)
	family := func(name string) string {
		switch name {
		case "VARCHAR", "NVARCHAR", "CHAR", "NCHAR", "TEXT", "CLOB":
			return "string"
		case "SMALLINT", "INTEGER", "BIGINT":
			return "integer"
		case "NUMERIC", "FLOAT", "REAL", "DOUBLE", "DOUBLE PRECISION":
			return "number"
		case "BLOB", "BINARY", "VARBINARY":
			return "binary"
		}
		return name
	}
	ff, tf := family(fn), family(tn)
	switch {
	case ff == "string" && tf == "string", ff == "binary" && tf == "binary":
		// A bounded length from an unbounded one, or a shorter one.
		return len(ta) > 0 && (len(fa) == 0 || ta[0] < fa[0])
	case ff == "integer" && tf == "integer":
		rank := map[string]int{"SMALLINT": 1, "INTEGER": 2, "BIGINT": 3}
		return rank[tn] < rank[fn]
	case ff == "number" && tf == "integer":
		return true
	case ff == "number" && tf == "number":
		for i := range min(len(fa), len(ta)) {
			if ta[i] < fa[i] {
				return true
			}
		}
		return fn != "NUMERIC" && tn == "NUMERIC" && len(ta) > 0 && len(fa) == 0
	case fn == "DATETIME" || fn == "TIMESTAMP":
		return tn == "DATE" || tn == "TIME"
	}
	return false
}
