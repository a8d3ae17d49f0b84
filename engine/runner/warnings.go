package runner

import (
	"context"
	"fmt"
	"strings"

	"retort/engine/ops"
	"retort/engine/schema"
	"retort/engine/sqlite"
)

// WarningKind is a way a step destroys data.
type WarningKind string

// The ways a step destroys data, or fails on it.
const (
	DropsTable   WarningKind = "drop_table"  // the step drops a table that has rows
	DropsColumn  WarningKind = "drop_column" // the step drops a column that holds values
	NotNullFails WarningKind = "not_null"    // the step makes a column NOT NULL that rows leave NULL: it will fail
)

// Warning is a data-destroying change a step makes, found before it runs.
type Warning struct {
	Step   string // the step's Label
	Kind   WarningKind
	Table  string
	Column string // empty for DropsTable
	// Count is the rows of a dropped table, the non-NULL values of a dropped
	// column, or the rows that would hold NULL in a NOT NULL column.
	Count int64
	// Fails says the step, as written, will fail (and change nothing).
	Fails bool
}

// String says what happens, in Alembic's voice.
func (w Warning) String() string {
	switch w.Kind {
	case DropsTable:
		return fmt.Sprintf("Dropping table '%s' will delete its %s", w.Table, plural(w.Count, "row"))
	case DropsColumn:
		return fmt.Sprintf("Dropping column '%s.%s' will delete %s", w.Table, w.Column, plural(w.Count, "non-NULL value"))
	case NotNullFails:
		return fmt.Sprintf("Column '%s.%s' becomes NOT NULL without a server default, but %s would hold NULL: the step will fail",
			w.Table, w.Column, plural(w.Count, "row"))
	}
	return string(w.Kind)
}

func plural(n int64, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// Warnings finds, before a step runs, the data it destroys: dropping a table
// that has rows or a column that holds values, and making a column NOT NULL
// (added without a default, or altered) where rows would hold NULL, which
// fails. md is the database's schema before the step.
func Warnings(ctx context.Context, db *sqlite.DB, md *schema.MetaData, st Step) ([]Warning, error) {
	return warnings(md, st, SQLiteCounter{ctx, db}), nil
}

// counter counts what a warning reports, in the database's dialect: the
// rows of a table, and the non-NULL and NULL values of a column. ok is false
// when the count cannot be read (no warning then: the step reports the
// problem itself).
type counter interface {
	rows(sch, table string) (n int64, ok bool)
	values(sch, table, column string) (n int64, ok bool)
	nulls(sch, table, column string) (n int64, ok bool)
}

// SQLiteCounter counts rows of a SQLite database: for a step's data-loss
// warnings, and (RowCount, NonNullCount: diff.Counter) autogenerate's.
type SQLiteCounter struct {
	Ctx context.Context
	DB  *sqlite.DB
}

func (c SQLiteCounter) count(q string) (int64, error) {
	var n int64
	err := c.DB.QueryRow(c.Ctx, q).Scan(&n)
	return n, err
}

// RowCount counts a table's rows (SQLite has one schema: sch is ignored).
func (c SQLiteCounter) RowCount(_, table string) (int64, error) {
	return c.count(sqlite.CountRowsSQL(table))
}

// NonNullCount counts a column's non-NULL values.
func (c SQLiteCounter) NonNullCount(_, table, column string) (int64, error) {
	return c.count(sqlite.CountValuesSQL(table, column))
}

func (c SQLiteCounter) rows(_, table string) (int64, bool) { return ok(c.RowCount("", table)) }
func (c SQLiteCounter) values(_, table, column string) (int64, bool) {
	return ok(c.NonNullCount("", table, column))
}
func (c SQLiteCounter) nulls(_, table, column string) (int64, bool) {
	return ok(c.count(sqlite.CountNullsSQL(table, column)))
}

// ok is a count a warning can use.
func ok(n int64, err error) (int64, bool) { return n, err == nil }

func warnings(md *schema.MetaData, st Step, cnt counter) []Warning {
	// The schema is replayed op by op, on a copy made only when an op
	// follows another (a running script's steps come one op at a time).
	state := md
	copied := false
	// Tables and columns the step made, or renamed: the database does not
	// hold them under those names yet.
	made := map[string]bool{}
	key := func(parts ...string) string { return strings.ToLower(strings.Join(parts, "\x00")) }
	var out []Warning
	items := sqlite.Flatten(st.Ops)
	for i, it := range items {
		switch o := it.Op.(type) {
		case *ops.Execute, *ops.BulkInsert:
			// What raw SQL or inserted rows do to the data is known only once
			// they ran: the ops after them are checked then (see stepRun.body).
			return out
		case *ops.DropTable:
			if !made[key(o.Name)] && state.Table(o.Name) != nil {
				if n, ok := cnt.rows(o.Schema, o.Name); ok && n > 0 {
					out = append(out, Warning{Step: st.Label, Kind: DropsTable, Table: o.Name, Count: n})
				}
			}
		case *ops.DropColumn:
			if t := state.Table(o.Table); t != nil && t.Column(o.Name) != nil && !made[key(o.Table)] && !made[key(o.Table, o.Name)] {
				if n, ok := cnt.values(o.Schema, o.Table, o.Name); ok && n > 0 {
					out = append(out, Warning{Step: st.Label, Kind: DropsColumn, Table: o.Table, Column: o.Name, Count: n})
				}
			}
		case *ops.AddColumn:
			c := o.Column
			noDefault := c.ServerDefault == "" || strings.EqualFold(strings.Trim(c.ServerDefault, "() "), "NULL")
			if !c.Nullable && noDefault && !made[key(o.Table)] && state.Table(o.Table) != nil {
				if n, ok := cnt.rows(o.Schema, o.Table); ok && n > 0 {
					out = append(out, Warning{Step: st.Label, Kind: NotNullFails, Table: o.Table, Column: c.Name, Count: n, Fails: true})
				}
			}
			made[key(o.Table, c.Name)] = true
		case *ops.AlterColumn:
			if o.Nullable != nil && !*o.Nullable && !made[key(o.Table)] && !made[key(o.Table, o.Column)] {
				if t := state.Table(o.Table); t != nil {
					if c := t.Column(o.Column); c != nil && c.Nullable {
						if n, ok := cnt.nulls(o.Schema, o.Table, o.Column); ok && n > 0 {
							out = append(out, Warning{Step: st.Label, Kind: NotNullFails, Table: o.Table, Column: o.Column, Count: n, Fails: true})
						}
					}
				}
			}
			if o.NewName != "" {
				made[key(o.Table, o.NewName)] = true
			}
		case *ops.CreateTable:
			if o.Table != nil {
				made[key(o.Table.Name)] = true
			}
		case *ops.RenameTable:
			made[key(o.New)] = true
		}
		// Keep replaying as far as the schema allows; the step itself reports
		// the op that cannot apply.
		if i == len(items)-1 {
			break
		}
		if !copied {
			state, copied = md.Clone(), true
		}
		_ = ops.Apply(state, it.Op)
	}
	return out
}
