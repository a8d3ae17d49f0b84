package runner

import (
	"context"
	"fmt"
	"strings"

	"retort/engine/ops"
	"retort/engine/python"
	"retort/engine/schema"
	"retort/engine/sqlite"
)

// FindingKind is what an op of a pending step does to the rows a database
// holds.
type FindingKind string

// The kinds of findings a review reports (anchored on Atlas's lint
// analyzers: destructive changes, DS1xx, and data-dependent ones, MF1xx).
const (
	Rebuilds       FindingKind = "rebuild"     // SQLite copies the table's rows into a new table
	LosesTable     FindingKind = "drop_table"  // the table's rows are deleted
	LosesColumn    FindingKind = "drop_column" // the column's non-NULL values are deleted
	LeavesOrphans  FindingKind = "orphans"     // rows of another table point at a dropped table
	NullsFail      FindingKind = "not_null"    // NOT NULL on a column rows leave NULL: the step fails
	DuplicatesFail FindingKind = "unique"      // UNIQUE on values rows share: the step fails
	ForeignKeyFail FindingKind = "foreign_key" // a foreign key existing rows break: the step fails
	CheckFails     FindingKind = "check"       // a CHECK existing rows break: the step fails
	Narrows        FindingKind = "narrow_type" // a type values do not fit
	RunsSQL        FindingKind = "execute"     // raw SQL: what it does to the rows is known once it runs
	CannotRun      FindingKind = "cannot_run"  // the op cannot apply to the schema: the step fails
)

// Finding is what one op of a pending step does to the rows the database
// holds now, found by counting them.
type Finding struct {
	Step string // the step's Label
	Op   string // the op as a script writes it: "op.drop_column('users', 'age')"
	Kind FindingKind
	// Table and Column are what the finding is about (Column may be empty).
	Table, Column string
	// Count is the rows (or values) the finding counts.
	Count int64
	// Fails says the step, as written, will fail on these rows (and change nothing).
	Fails bool
	// Text says what happens, in the voice of the run's warnings.
	Text string
	// SQL finds the rows the finding counts ("" when there is nothing to find).
	SQL string
}

// Review lists, before steps run, what each of their ops does to the rows
// the database holds: tables rebuilt (rows copied), tables and columns
// dropped (rows and values lost, rows of other tables left pointing at
// nothing), NOT NULL, UNIQUE, foreign keys and CHECKs that existing rows
// break (the step would fail), and types narrowed below the values held.
// Each step's program runs offline (as --sql runs it), against the schema
// replayed from md; the counts are of the rows as they are now (after an
// op.execute, which the review cannot see into, a finding says so).
// Nothing is changed. Ops on tables and columns the steps make themselves
// find nothing: the database holds no rows for them yet.
func Review(ctx context.Context, db *sqlite.DB, md *schema.MetaData, steps []Step) ([]Finding, error) {
	rv := &review{cnt: SQLiteCounter{ctx, db}, state: md.Clone(), made: map[string]bool{}}
	for _, st := range steps {
		rec := &recorder{}
		if err := st.program()(rec); err != nil {
			return rv.out, fmt.Errorf("%s: %w", st.Label, err)
		}
		rv.step(st.Label, rec.ops)
	}
	return rv.out, nil
}

// recorder is the Migration a reviewed step runs against: offline, it
// keeps the ops.
type recorder struct{ ops []ops.Op }

func (r *recorder) Dialect() string { return "sqlite" }
func (r *recorder) Offline() bool   { return true }
func (r *recorder) Emit(op ops.Op) error {
	r.ops = append(r.ops, op)
	return nil
}
func (r *recorder) Execute(query string, params []map[string]any) (*Rows, error) {
	var p map[string]any
	if len(params) > 0 {
		p = params[0]
	}
	r.ops = append(r.ops, &ops.Execute{SQL: query, Params: p})
	return &Rows{}, nil
}
func (r *recorder) Inspect() (*schema.MetaData, error) {
	return nil, fmt.Errorf("%w: a review runs the steps offline", ErrOffline)
}

type review struct {
	cnt   SQLiteCounter
	state *schema.MetaData
	// made are the tables and columns (lowercased "table\x00column") the
	// steps made or renamed: the database holds no rows under those names.
	made map[string]bool
	// raw is set once an op.execute ran: the counts after it are the rows
	// before it.
	raw bool
	out []Finding
}

func key(parts ...string) string { return strings.ToLower(strings.Join(parts, "\x00")) }

// live reports whether the database holds table (and column) as the
// state names them.
func (rv *review) live(table string, column ...string) bool {
	if rv.made[key(table)] {
		return false
	}
	return len(column) == 0 || !rv.made[key(table, column[0])]
}

// count runs CountSQL(query); ok is false when it cannot be read.
func (rv *review) count(query string) (int64, bool) {
	return ok(rv.cnt.count(sqlite.CountSQL(query)))
}

func (rv *review) add(f Finding) { rv.out = append(rv.out, f) }

func (rv *review) step(label string, list []ops.Op) {
	items := sqlite.Flatten(list)
	for len(items) > 0 {
		c, after, err := sqlite.PlanNext(rv.state, items)
		if err != nil {
			rv.add(Finding{Step: label, Op: opLabel(items[0].Op), Kind: CannotRun, Fails: true,
				Text: fmt.Sprintf("%s cannot run on this database: %v: the step will fail", opLabel(items[0].Op), err)})
			return
		}
		if c.Rebuild && rv.live(c.Table) && rv.state.Table(c.Table) != nil {
			if n, ok := rv.cnt.rows("", c.Table); ok {
				rv.add(Finding{Step: label, Op: opLabel(c.Items[0].Op), Kind: Rebuilds, Table: c.Table, Count: n,
					Text: fmt.Sprintf("Rebuilding table '%s' will copy its %s (SQLite cannot ALTER it in place)", c.Table, plural(n, "row")),
					SQL:  sqlite.CountRowsSQL(c.Table)})
			}
		}
		state := rv.state
		for _, it := range c.Items {
			rv.op(label, state, it.Op)
			if len(c.Items) > 1 {
				// Ops coalesced into one rebuild: each is checked against
				// the schema the ones before it leave.
				state = state.Clone()
				_ = ops.Apply(state, it.Op)
			}
		}
		rv.state = after
		items = items[len(c.Items):]
	}
}

// op adds the findings of one op, on the schema before it.
func (rv *review) op(label string, md *schema.MetaData, op ops.Op) {
	name := opLabel(op)
	add := func(f Finding) {
		f.Step, f.Op = label, name
		if rv.raw && f.Count > 0 {
			f.Text += " (counted before the op.execute above it, which may change these rows)"
		}
		rv.add(f)
	}
	switch o := op.(type) {
	case *ops.Execute, *ops.BulkInsert:
		if !rv.raw {
			add(Finding{Kind: RunsSQL, Text: name + " changes rows in ways known only once it runs: the counts after it are of the rows as they are now"})
		}
		rv.raw = true
	case *ops.CreateTable:
		if o.Table != nil {
			rv.made[key(o.Table.Name)] = true
		}
	case *ops.RenameTable:
		rv.made[key(o.New)] = true
	case *ops.DropTable:
		if !rv.live(o.Name) || md.Table(o.Name) == nil {
			return
		}
		if n, ok := rv.cnt.rows("", o.Name); ok && n > 0 {
			add(Finding{Kind: LosesTable, Table: o.Name, Count: n, SQL: "SELECT * FROM " + sqlite.Quote(o.Name),
				Text: fmt.Sprintf("Dropping table '%s' will delete its %s", o.Name, plural(n, "row"))})
		}
		for _, t := range md.Tables {
			if strings.EqualFold(t.Name, o.Name) || !rv.live(t.Name) {
				continue
			}
			for _, fk := range t.ForeignKeys {
				if !strings.EqualFold(fk.RefTable, o.Name) {
					continue
				}
				q := sqlite.ValueRowsSQL(t.Name, fk.Columns)
				if n, ok := rv.count(q); ok && n > 0 {
					add(Finding{Kind: LeavesOrphans, Table: t.Name, Column: strings.Join(fk.Columns, ", "), Count: n, Fails: true, SQL: q,
						Text: fmt.Sprintf("Table '%s' references '%s' (%s): dropping it leaves %s of '%s' pointing at no table: the step's foreign key check will fail",
							t.Name, o.Name, strings.Join(fk.Columns, ", "), plural(n, "row"), t.Name)})
				}
			}
		}
	case *ops.DropColumn:
		if t := md.Table(o.Table); t == nil || t.Column(o.Name) == nil || !rv.live(o.Table, o.Name) {
			return
		}
		if n, ok := rv.cnt.values("", o.Table, o.Name); ok && n > 0 {
			add(Finding{Kind: LosesColumn, Table: o.Table, Column: o.Name, Count: n, SQL: sqlite.ValueRowsSQL(o.Table, []string{o.Name}),
				Text: fmt.Sprintf("Dropping column '%s.%s' will delete %s", o.Table, o.Name, plural(n, "non-NULL value"))})
		}
	case *ops.AddColumn:
		c := o.Column
		noDefault := c.ServerDefault == "" || strings.EqualFold(strings.Trim(c.ServerDefault, "() "), "NULL")
		if !c.Nullable && noDefault && rv.live(o.Table) && md.Table(o.Table) != nil {
			if n, ok := rv.cnt.rows("", o.Table); ok && n > 0 {
				add(Finding{Kind: NullsFail, Table: o.Table, Column: c.Name, Count: n, Fails: true, SQL: "SELECT * FROM " + sqlite.Quote(o.Table),
					Text: fmt.Sprintf("Column '%s.%s' is added NOT NULL without a server default, but the table's %s would hold NULL: the step will fail",
						o.Table, c.Name, plural(n, "row"))})
			}
		}
		rv.made[key(o.Table, c.Name)] = true
	case *ops.AlterColumn:
		t := md.Table(o.Table)
		var c *schema.Column
		if t != nil {
			c = t.Column(o.Column)
		}
		if c != nil && rv.live(o.Table, o.Column) {
			if o.Nullable != nil && !*o.Nullable && c.Nullable {
				q := sqlite.NullRowsSQL(o.Table, o.Column)
				if n, ok := rv.count(q); ok && n > 0 {
					add(Finding{Kind: NullsFail, Table: o.Table, Column: o.Column, Count: n, Fails: true, SQL: q,
						Text: fmt.Sprintf("Column '%s.%s' becomes NOT NULL without a server default, but %s NULL: the step will fail",
							o.Table, o.Column, holds(n, "row"))})
				}
			}
			if o.Type != nil {
				rv.narrow(add, o.Table, o.Column, c.Type, *o.Type)
			}
		}
		if o.NewName != "" {
			rv.made[key(o.Table, o.NewName)] = true
		}
	case *ops.CreateIndex:
		if ix := o.Index; ix != nil && ix.Unique && ix.Where == "" {
			rv.unique(add, ix.Table, ix.Columns, md, fmt.Sprintf("unique index '%s'", ix.Name))
		}
	case *ops.CreateUnique:
		if o.Unique != nil {
			what := "a unique constraint"
			if o.Unique.Name != "" {
				what = fmt.Sprintf("unique constraint '%s'", o.Unique.Name)
			}
			rv.unique(add, o.Table, o.Unique.Columns, md, what)
		}
	case *ops.CreatePrimaryKey:
		if o.PrimaryKey != nil {
			what := "a primary key"
			if o.PrimaryKey.Name != "" {
				what = fmt.Sprintf("primary key '%s'", o.PrimaryKey.Name)
			}
			rv.unique(add, o.Table, o.PrimaryKey.Columns, md, what)
		}
	case *ops.CreateForeignKey:
		fk := o.ForeignKey
		if fk == nil || md.Table(o.Table) == nil || !rv.live(o.Table) || !rv.liveColumns(o.Table, fk.Columns) {
			return
		}
		q := sqlite.OrphansSQL(o.Table, fk.Columns, fk.RefTable, fk.RefColumns)
		if !rv.live(fk.RefTable) {
			// A table the steps make is empty: every value is missing from it.
			q = sqlite.ValueRowsSQL(o.Table, fk.Columns)
		}
		if n, ok := rv.count(q); ok && n > 0 {
			add(Finding{Kind: ForeignKeyFail, Table: o.Table, Column: strings.Join(fk.Columns, ", "), Count: n, Fails: true, SQL: q,
				Text: fmt.Sprintf("Foreign key %s.(%s) -> %s.(%s) is broken by %s whose values no row of '%s' has%s: the step's foreign key check will fail",
					o.Table, strings.Join(fk.Columns, ", "), fk.RefTable, strings.Join(fk.RefColumns, ", "), plural(n, "row"), fk.RefTable, rv.rowids(q, n))})
		}
	case *ops.CreateCheck:
		if o.Check == nil || md.Table(o.Table) == nil || !rv.live(o.Table) {
			return
		}
		q := sqlite.FailsCheckSQL(o.Table, o.Check.SQL)
		if n, ok := rv.count(q); ok && n > 0 {
			add(Finding{Kind: CheckFails, Table: o.Table, Count: n, Fails: true, SQL: q,
				Text: fmt.Sprintf("CHECK (%s) on '%s' is false for %s: the step will fail", o.Check.SQL, o.Table, plural(n, "row"))})
		}
	}
}

func (rv *review) liveColumns(table string, cols []string) bool {
	for _, c := range cols {
		if !rv.live(table, c) {
			return false
		}
	}
	return true
}

// unique adds the finding of a UNIQUE constraint or index on columns that
// rows share values of.
func (rv *review) unique(add func(Finding), table string, cols []string, md *schema.MetaData, what string) {
	if md.Table(table) == nil || !rv.live(table) || !rv.liveColumns(table, cols) {
		return
	}
	q := sqlite.DuplicatesSQL(table, cols)
	values, ok := rv.count(q)
	if !ok || values == 0 {
		return
	}
	var rows int64
	if err := rv.cnt.DB.QueryRow(rv.cnt.Ctx, sqlite.DuplicateRowsSQL(table, cols)).Scan(&rows); err != nil {
		return
	}
	col := table + "." + strings.Join(cols, ", ")
	if len(cols) > 1 {
		col = table + ".(" + strings.Join(cols, ", ") + ")"
	}
	add(Finding{Kind: DuplicatesFail, Table: table, Column: strings.Join(cols, ", "), Count: rows, Fails: true, SQL: q,
		Text: fmt.Sprintf("Column '%s' gets %s, but %s share %s: the step will fail", col, what, plural(rows, "row"), plural(values, "value"))})
}

// narrow adds the finding of a type change the column's values do not fit.
func (rv *review) narrow(add func(Finding), table, column string, from, to schema.Type) {
	fromName, toName := sqlite.TypeName(from), sqlite.TypeName(to)
	toArgs, fromArgs := sqlite.TypeArgs(to), sqlite.TypeArgs(from)
	var q, what string
	switch {
	case isTextType(toName) && len(toArgs) == 1 && (len(fromArgs) == 0 || fromArgs[0] > toArgs[0] || !isTextType(fromName)):
		q = sqlite.LongerSQL(table, column, toArgs[0])
		what = fmt.Sprintf("longer than %d characters", toArgs[0])
	case strings.Contains(toName, "INT") && !strings.Contains(fromName, "INT"):
		q = sqlite.NotWholeSQL(table, column)
		what = "that are no whole numbers"
	default:
		return
	}
	if n, ok := rv.count(q); ok && n > 0 {
		are := " are "
		if n == 1 {
			are = " is "
		}
		add(Finding{Kind: Narrows, Table: table, Column: column, Count: n, SQL: q,
			Text: fmt.Sprintf("Column '%s.%s' becomes %s, but %s %s: SQLite keeps them as they are; PostgreSQL would fail the step",
				table, column, sqlite.TypeSQL(to), plural(n, "value")+are, what)})
	}
}

// holds is "1 row holds" or "N rows hold".
func holds(n int64, what string) string {
	if n == 1 {
		return plural(n, what) + " holds"
	}
	return plural(n, what) + " hold"
}

func isTextType(name string) bool {
	switch name {
	case "VARCHAR", "CHAR", "NVARCHAR", "NCHAR", "TEXT", "CLOB":
		return true
	}
	return false
}

// rowids names the first few rows a query finds (its first column is their
// rowid): " (rowid 4, 7, 9, …)".
func (rv *review) rowids(q string, n int64) string {
	rows, err := rv.cnt.DB.Query(rv.cnt.Ctx, q+" LIMIT 5")
	if err != nil {
		return ""
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id any
		dest := []any{&id}
		cols, _ := rows.Columns()
		for len(dest) < len(cols) {
			dest = append(dest, new(any))
		}
		if rows.Scan(dest...) != nil {
			return ""
		}
		ids = append(ids, fmt.Sprint(id))
	}
	if len(ids) == 0 {
		return ""
	}
	more := ""
	if n > int64(len(ids)) {
		more = ", …"
	}
	return " (rowid " + strings.Join(ids, ", ") + more + ")"
}

// opLabel is an op as a revision script writes it, in short.
func opLabel(op ops.Op) string {
	q := python.Quote
	switch o := op.(type) {
	case *ops.CreateTable:
		if o.Table != nil {
			return "op.create_table(" + q(o.Table.Name) + ", …)"
		}
	case *ops.DropTable:
		return "op.drop_table(" + q(o.Name) + ")"
	case *ops.RenameTable:
		return "op.rename_table(" + q(o.Old) + ", " + q(o.New) + ")"
	case *ops.AddColumn:
		return "op.add_column(" + q(o.Table) + ", sa.Column(" + q(o.Column.Name) + ", …))"
	case *ops.DropColumn:
		return "op.drop_column(" + q(o.Table) + ", " + q(o.Name) + ")"
	case *ops.AlterColumn:
		return "op.alter_column(" + q(o.Table) + ", " + q(o.Column) + ", …)"
	case *ops.CreateIndex:
		if o.Index != nil {
			return "op.create_index(" + q(o.Index.Name) + ", " + q(o.Index.Table) + ", " + python.QuoteList(o.Index.Columns) + uniqueArg(o.Index.Unique) + ")"
		}
	case *ops.DropIndex:
		return "op.drop_index(" + q(o.Name) + ")"
	case *ops.CreateUnique:
		if o.Unique != nil {
			return "op.create_unique_constraint(" + nameArg(o.Unique.Name) + ", " + q(o.Table) + ", " + python.QuoteList(o.Unique.Columns) + ")"
		}
	case *ops.CreatePrimaryKey:
		if o.PrimaryKey != nil {
			return "op.create_primary_key(" + nameArg(o.PrimaryKey.Name) + ", " + q(o.Table) + ", " + python.QuoteList(o.PrimaryKey.Columns) + ")"
		}
	case *ops.CreateForeignKey:
		if o.ForeignKey != nil {
			return "op.create_foreign_key(" + nameArg(o.ForeignKey.Name) + ", " + q(o.Table) + ", " + q(o.ForeignKey.RefTable) + ", " +
				python.QuoteList(o.ForeignKey.Columns) + ", " + python.QuoteList(o.ForeignKey.RefColumns) + ")"
		}
	case *ops.CreateCheck:
		if o.Check != nil {
			return "op.create_check_constraint(" + nameArg(o.Check.Name) + ", " + q(o.Table) + ", " + q(o.Check.SQL) + ")"
		}
	case *ops.DropConstraint:
		return "op.drop_constraint(" + nameArg(o.Name) + ", " + q(o.Table) + ")"
	case *ops.Execute:
		return "op.execute(…)"
	case *ops.BulkInsert:
		return "op.bulk_insert(" + q(o.Table) + ", …)"
	}
	return strings.ToLower(strings.TrimPrefix(fmt.Sprintf("%T", op), "*ops."))
}

func nameArg(n string) string {
	if n == "" {
		return "None"
	}
	return python.Quote(n)
}

func uniqueArg(u bool) string {
	if u {
		return ", unique=True"
	}
	return ""
}
