package diff

import (
	"slices"
	"strings"

	"retort/engine/ops"
	"retort/engine/python"
	"retort/engine/schema"
)

// sortTables orders tables as SQLAlchemy's MetaData.sorted_tables does: sorted
// by name, then in layers, each layer holding (in name order) the tables whose
// foreign keys refer only to tables of earlier layers. Self-references and
// references to tables outside the list do not count. Tables in a cycle come
// last, by name.
func sortTables(tables []*schema.Table) []*schema.Table {
	return layers(tables, func(t *schema.Table, pending map[string]bool) bool {
		for _, fk := range t.ForeignKeys {
			ref := strings.ToLower(schema.TableKey(fk.RefSchema, fk.RefTable))
			if ref != strings.ToLower(schema.TableKey(t.Schema, t.Name)) && pending[ref] {
				return false
			}
		}
		return true
	})
}

// dropOrder orders tables to be dropped: a table before the tables it refers
// to, in layers by name, as dropping in reverse dependency order needs.
func dropOrder(tables []*schema.Table) []*schema.Table {
	return layers(tables, func(t *schema.Table, pending map[string]bool) bool {
		for _, other := range tables {
			if other == t || !pending[strings.ToLower(schema.TableKey(other.Schema, other.Name))] {
				continue
			}
			for _, fk := range other.ForeignKeys {
				if strings.EqualFold(fk.RefTable, t.Name) && strings.EqualFold(fk.RefSchema, t.Schema) {
					return false
				}
			}
		}
		return true
	})
}

// layers is SQLAlchemy's topological sort_as_subsets over tables sorted by
// name: ready reports whether a table can come now, given the tables still
// pending (lowercase names).
func layers(tables []*schema.Table, ready func(*schema.Table, map[string]bool) bool) []*schema.Table {
	todo := slices.Clone(tables)
	slices.SortStableFunc(todo, func(a, b *schema.Table) int {
		return strings.Compare(schema.TableKey(a.Schema, a.Name), schema.TableKey(b.Schema, b.Name))
	})
	pending := map[string]bool{}
	for _, t := range todo {
		pending[strings.ToLower(schema.TableKey(t.Schema, t.Name))] = true
	}
	var out []*schema.Table
	for len(todo) > 0 {
		var layer []*schema.Table
		for _, t := range todo {
			if ready(t, pending) {
				layer = append(layer, t)
			}
		}
		if len(layer) == 0 {
			// A cycle: SQLAlchemy breaks it and warns; the rest go by name.
			layer = todo
		}
		for _, t := range layer {
			delete(pending, strings.ToLower(schema.TableKey(t.Schema, t.Name)))
		}
		out = append(out, layer...)
		todo = slices.DeleteFunc(todo, func(t *schema.Table) bool { return !pending[strings.ToLower(schema.TableKey(t.Schema, t.Name))] })
	}
	return out
}

// withoutIndexes is a table definition for create_table/drop_table: autogenerate
// creates and drops a table's indexes with separate ops. It shares the
// columns, keys and constraints with t: nothing changes them after the
// comparison (ops.Apply and Reverse copy an op's table), and a deep copy
// was 1,600 columns copied for 200 new tables.
func withoutIndexes(t *schema.Table) *schema.Table {
	out := *t
	out.Indexes = nil
	return &out
}

// addTable is a table only the models have: create_table, then its indexes.
func (c *comparer) addTable(t *schema.Table) {
	c.entries = append(c.entries, entry{top: &ops.CreateTable{Table: withoutIndexes(t)}, table: t.Name, schema: t.Schema})
	c.detected("Detected added table %s", python.Quote(schema.TableKey(t.Schema, t.Name)))
	m := &modify{c: c, table: t.Name, schema: t.Schema}
	m.indexesAndUniques(nil, t)
	c.flush(m)
}

// removeTable is a table only the database has: its indexes dropped, then
// drop_table.
func (c *comparer) removeTable(t *schema.Table) error {
	m := &modify{c: c, table: t.Name, schema: t.Schema}
	m.indexesAndUniques(t, nil)
	c.flush(m)
	c.entries = append(c.entries, entry{top: &ops.DropTable{Name: t.Name, Table: withoutIndexes(t), Schema: t.Schema}, table: t.Name, schema: t.Schema})
	c.detected("Detected removed table %s", python.Quote(schema.TableKey(t.Schema, t.Name)))
	if c.opts.Counter != nil {
		n, err := c.count(true, t.Schema, t.Name, "")
		if err != nil {
			return err
		}
		if n > 0 {
			verb := "they"
			if n == 1 {
				verb = "it"
			}
			c.warn("Detected removed table %s holds %s; %s will be lost on upgrade", python.Quote(schema.TableKey(t.Schema, t.Name)), plural(n, "row", "rows"), verb)
		}
	}
	return nil
}

// flush appends a table's ops as one entry, when there are any.
func (c *comparer) flush(m *modify) {
	if len(m.ops) > 0 {
		c.entries = append(c.entries, entry{table: m.table, schema: m.schema, mods: m.ops})
	}
}

// modify collects the ops on one table, as Alembic's ModifyTableOps.
type modify struct {
	c      *comparer
	table  string
	schema string        // the table's schema ("" is the default)
	mt     *schema.Table // the table as the models declare it
	ops    []ops.Op
}

// add appends an op on the table, with the table's schema as its schema=.
func (m *modify) add(op ops.Op) {
	if m.schema != "" {
		op = ops.InBatch(op, &ops.Batch{Table: m.table, Schema: m.schema})
	}
	m.ops = append(m.ops, op)
}

// name is the table as Alembic's comparators name it in their lines
// ("schema.table" outside the default schema).
func (m *modify) name() string { return schema.TableKey(m.schema, m.table) }
