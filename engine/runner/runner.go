// Package runner runs migration steps (upgrade, downgrade, stamp) on a
// database: one transaction per step, together with its alembic_version
// change, so that a step either happens entirely or not at all. A step's
// operations come one at a time from the program that makes them (a
// revision script running, engine/script) and are carried out at once,
// inside the step's transaction. It also renders the SQL a range of steps
// would run, without a database (--sql).
package runner

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"retort/engine/ops"
	"retort/engine/schema"
	"retort/engine/sqlite"
)

// Migration is what a step's program works with: the step's operations and
// SQL go to it (executed inside the step's transaction online, written out
// offline), and it reads the database as the step has left it so far.
type Migration interface {
	// Dialect is "sqlite".
	Dialect() string
	// Offline is set when the SQL is written, not run (--sql).
	Offline() bool
	// Emit carries out an operation.
	Emit(op ops.Op) error
	// Execute runs one statement with named parameters (:name), once per
	// parameter set or once without any, and returns the rows it returned.
	Execute(sql string, params []map[string]any) (*Rows, error)
	// Inspect reads the database's schema (an error offline).
	Inspect() (*schema.MetaData, error)
}

// Autocommitter is a Migration with transactions that carries out
// Alembic's autocommit_block (op.get_context().autocommit_block()): on
// entering it commits the transaction (online) or writes COMMIT; (--sql),
// what the block does runs outside any transaction, and on leaving a
// transaction begins again. What ran before the block stays done whatever
// happens after it. PostgreSQL's runs implement it; SQLite's steps do not
// (the block changes nothing there).
type Autocommitter interface {
	Autocommit(on bool) error
}

// Rows are a statement's rows: column names and values (nil, int64,
// float64, string, []byte); Affected counts the rows an INSERT, UPDATE or
// DELETE changed.
type Rows struct {
	Columns  []string
	Values   [][]any
	Affected int64
}

// Step is one revision step: the program that makes its operations and the
// alembic_version change that records it.
type Step struct {
	// Label is the step's log line, as Alembic writes it after the logger
	// name: "Running upgrade 1f67b9e072b7 -> 3a291af61148, add age to users".
	Label string
	// Short is the step as the --sql comment names it: "upgrade 1f67b9e072b7 ->
	// 3a291af61148" (written "-- Running upgrade …"). When empty it is taken
	// from Label, up to the message.
	Short string
	// Program makes the step's operations (a revision script's upgrade() or
	// downgrade()); when nil, Ops are the step's operations.
	Program func(m Migration) error
	Ops     []ops.Op
	Version VersionChange
}

// VersionChange says which alembic_version rows a step deletes, moves and
// adds (in that order, as Alembic does).
type VersionChange struct {
	Delete []string
	Update []VersionUpdate
	Insert []string
}

// VersionUpdate moves one head.
type VersionUpdate struct{ From, To string }

func (v VersionChange) empty() bool {
	return len(v.Delete) == 0 && len(v.Update) == 0 && len(v.Insert) == 0
}

// program returns what makes the step's operations.
func (st Step) program() func(m Migration) error {
	if st.Program != nil {
		return st.Program
	}
	return func(m Migration) error {
		for _, op := range st.Ops {
			if err := m.Emit(op); err != nil {
				return err
			}
		}
		return nil
	}
}

// Hooks are how a run reports what it does; nil hooks are skipped.
type Hooks struct {
	// Log receives each step's Label as the step starts.
	Log func(line string)
	// SQL receives every statement executed (or, offline, written), in order.
	SQL func(stmt string)
	// Warn is asked, before an operation runs, about each way it destroys
	// data the database holds; returning false stops the step (the error
	// wraps ErrDeclined) and rolls it back. Nil proceeds.
	Warn func(w Warning) (proceed bool)
	// Notice receives what the user should know but that does not stop
	// the step: foreign key violations that were there before it.
	Notice func(msg string)
	// Progress reports the operations of a step done so far (total is 0:
	// a running script's operations are known only as it makes them).
	Progress func(done, total int)
	// Inspected receives each read of the schema from the database: the
	// tables read (lowercased, sorted), "table.column" for a column just
	// added or dropped read alone, or nil when the whole schema was read.
	Inspected func(tables []string)
}

func (h Hooks) log(line string) {
	if h.Log != nil {
		h.Log(line)
	}
}

func (h Hooks) sql(stmt string) {
	if h.SQL != nil {
		h.SQL(stmt)
	}
}

func (h Hooks) progress(done, total int) {
	if h.Progress != nil {
		h.Progress(done, total)
	}
}

// ErrDeclined is wrapped when Hooks.Warn declines a step.
var ErrDeclined = errors.New("declined")

// ErrForeignKey is wrapped when a step leaves rows whose foreign keys point
// at no row.
var ErrForeignKey = errors.New("foreign key violation")

// StepError is a step's failure; the database is as it was before the step
// (before the run, when Whole), unless Committed.
type StepError struct {
	Step string // the step's Label
	Err  error
	// Whole says the whole run was rolled back, not only the step: the
	// steps ran in one transaction (PostgreSQL's default).
	Whole bool
	// Committed is the Label of the step whose autocommit block (or
	// CREATE INDEX CONCURRENTLY) last committed the transaction, when one
	// did in the transaction that was rolled back: what ran before it stays
	// done, and the database is as it was at that block.
	Committed string
}

func (e *StepError) Error() string { return e.Err.Error() }
func (e *StepError) Unwrap() error { return e.Err }

// Run runs the steps in order, each in its own transaction: BEGIN, the
// step's operations, the alembic_version change (alembic_version is created
// when missing), a foreign key check, COMMIT. Foreign keys are not
// enforced statement by statement inside a step (SQLite's 12-step rebuild
// needs them off, and a step may drop a parent table before its child): when
// they are on they are switched off before BEGIN and back on after the step
// ends, and the step's foreign key check fails the step for violations the
// step leaves behind (those that were there before it are reported as a
// notice). A failure rolls the step back, leaving schema, rows and
// alembic_version exactly as before it, and stops the run; the steps before
// it stay done. With no step to run, Run creates alembic_version when it is
// missing, as Alembic does when it starts an upgrade, downgrade or stamp on a
// database that has no current revision.
//
// The schema is read from the database once, before the first step, and
// carried from step to step: what a step changes is read back (the tables
// it touched, and the views and triggers when it may have rewritten them),
// the rest is kept, so that a step of a long history costs what it touches,
// not what the database holds. Each step starts from the schema as the
// database holds it, as a fresh read would give it.
func Run(ctx context.Context, db *sqlite.DB, steps []Step, hooks Hooks) error {
	if len(steps) == 0 {
		return ensureVersionTable(ctx, db)
	}
	c := &carried{}
	for _, st := range steps {
		if err := runStep(ctx, db, st, hooks, c); err != nil {
			return &StepError{Step: st.Label, Err: err}
		}
	}
	return nil
}

// carried is what a run carries from one step to the next: the schema (nil
// before the first step), with what the last step changed still to be read
// back, and whether foreign keys are on (read once: each step puts them
// back as it found them, and nothing runs between the steps).
type carried struct {
	md    *schema.MetaData
	dirty dirty
	fkOn  *bool
}

// dirty are the parts of a step's schema that were replayed rather than
// read, to be read back before anything needs them exact: tables by
// lowercased name, and the views and triggers.
type dirty struct {
	tables map[string]bool
	views  bool
}

func (d *dirty) empty() bool { return len(d.tables) == 0 && !d.views }

func (d *dirty) table(name string) {
	if name == "" {
		return
	}
	if d.tables == nil {
		d.tables = map[string]bool{}
	}
	d.tables[strings.ToLower(name)] = true
}

// CheckCarried makes every step compare the schema it carries on with a
// whole read of the database, failing on a difference. Tests set it; it
// doubles what a step reads.
var CheckCarried bool

// ensureVersionTable creates alembic_version when it is missing (steps
// create it themselves, inside their transaction).
func ensureVersionTable(ctx context.Context, db *sqlite.DB) error {
	var n int
	if err := db.QueryRow(ctx, sqlite.HasVersionTableSQL).Scan(&n); err != nil {
		return fmt.Errorf("read alembic_version: %w", err)
	}
	if n > 0 {
		return nil
	}
	if _, err := db.Exec(ctx, sqlite.CreateVersionTableSQL()); err != nil {
		return fmt.Errorf("create alembic_version: %w", err)
	}
	return nil
}

// Current returns the revisions alembic_version holds (none when the table
// does not exist).
func Current(ctx context.Context, db *sqlite.DB) ([]string, error) {
	var n int
	if err := db.QueryRow(ctx, sqlite.HasVersionTableSQL).Scan(&n); err != nil {
		return nil, fmt.Errorf("read alembic_version: %w", err)
	}
	if n == 0 {
		return nil, nil
	}
	rows, err := db.Query(ctx, sqlite.SelectVersionsSQL)
	if err != nil {
		return nil, fmt.Errorf("read alembic_version: %w", err)
	}
	defer rows.Close()
	var revs []string
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, fmt.Errorf("read alembic_version: %w", err)
		}
		revs = append(revs, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read alembic_version: %w", err)
	}
	return revs, nil
}

// stepRun is one step running: the Migration its program works with.
type stepRun struct {
	ctx   context.Context
	db    *sqlite.DB
	hooks Hooks
	label string
	// md is the schema as the step has left it so far: read from the
	// database, but for the dirty parts, which were replayed.
	md    *schema.MetaData
	dirty dirty
	done  int
	// checks are the foreign key checks the step's end runs.
	checks *fkChecks
	held   held
}

func (r *stepRun) exec(stmt string) error {
	r.hooks.sql(stmt)
	_, err := r.db.Exec(r.ctx, stmt)
	return err
}

func runStep(ctx context.Context, db *sqlite.DB, st Step, hooks Hooks, c *carried) (err error) {
	hooks.log(st.Label)
	r := &stepRun{ctx: ctx, db: db, hooks: hooks, label: st.Label, md: c.md, dirty: c.dirty}
	c.md, c.dirty = nil, dirty{}
	if c.fkOn == nil {
		on, err := db.ForeignKeys(ctx)
		if err != nil {
			return err
		}
		c.fkOn = &on
	}
	fkOn := *c.fkOn
	r.held.notice = hooks.Notice
	r.checks = &fkChecks{r: r, pre: map[string][]violation{}}
	// Rollback and foreign keys back on happen even when ctx is cancelled.
	after := &stepRun{ctx: context.WithoutCancel(ctx), db: db, hooks: hooks}
	if fkOn {
		if err := r.exec(sqlite.ForeignKeysOffSQL); err != nil {
			return err
		}
		defer func() {
			if e := after.exec(sqlite.ForeignKeysOnSQL); e != nil && err == nil {
				err = e
			}
		}()
	}
	if err := r.exec(sqlite.BeginSQL); err != nil {
		return err
	}
	if err := r.body(st); err != nil {
		if in, e := db.InTransaction(after.ctx); e != nil || in {
			if e := after.exec(sqlite.RollbackSQL); e != nil {
				return errors.Join(err, fmt.Errorf("rollback: %w", e))
			}
		}
		return err
	}
	if err := r.exec(sqlite.CommitSQL); err != nil {
		if in, _ := db.InTransaction(after.ctx); in {
			_ = after.exec(sqlite.RollbackSQL)
		}
		return err
	}
	c.md, c.dirty = r.md, r.dirty
	return nil
}

// inspectAll reads the whole schema.
func (r *stepRun) inspectAll() error {
	md, err := sqlite.Inspect(r.ctx, r.db)
	if err != nil {
		return err
	}
	if r.hooks.Inspected != nil {
		r.hooks.Inspected(nil)
	}
	r.md, r.dirty = md, dirty{}
	return nil
}

// refresh reads back what the step (or the one before) replayed.
func (r *stepRun) refresh() error {
	if r.dirty.empty() {
		return nil
	}
	tables := make([]string, 0, len(r.dirty.tables))
	for t := range r.dirty.tables {
		tables = append(tables, t)
	}
	slices.Sort(tables)
	md, err := sqlite.Reinspect(r.ctx, r.db, r.md, tables, r.dirty.views)
	if err != nil {
		return err
	}
	if r.hooks.Inspected != nil {
		r.hooks.Inspected(tables)
	}
	r.md, r.dirty = md, dirty{}
	return nil
}

// checkCarried compares the carried schema with a whole read (CheckCarried).
func (r *stepRun) checkCarried() error {
	md, err := sqlite.Inspect(r.ctx, r.db)
	if err != nil {
		return err
	}
	byName := func(md *schema.MetaData) map[string]*schema.Table {
		out := map[string]*schema.Table{}
		for _, t := range md.Tables {
			out[strings.ToLower(t.Name)] = t
		}
		return out
	}
	want, got := byName(md), byName(r.md)
	for name, t := range want {
		if d := tableDiff(got[name], t); d != "" {
			return fmt.Errorf("carried schema: table %q differs from the database's: %s", name, d)
		}
	}
	for name := range got {
		if want[name] == nil {
			return fmt.Errorf("carried schema: table %q is not in the database", name)
		}
	}
	if !reflect.DeepEqual(md.Views, r.md.Views) || !reflect.DeepEqual(md.Triggers, r.md.Triggers) {
		return fmt.Errorf("carried schema: views or triggers differ from the database's")
	}
	return nil
}

// tableDiff says where a carried table differs from the one read ("" when
// it does not).
func tableDiff(carried, read *schema.Table) string {
	if carried == nil {
		return "not carried"
	}
	if reflect.DeepEqual(carried, read) {
		return ""
	}
	for i := range max(len(carried.Columns), len(read.Columns)) {
		var c, r *schema.Column
		if i < len(carried.Columns) {
			c = carried.Columns[i]
		}
		if i < len(read.Columns) {
			r = read.Columns[i]
		}
		if !reflect.DeepEqual(c, r) {
			return fmt.Sprintf("column %d: carried %+v, read %+v", i, c, r)
		}
	}
	parts := []struct {
		what          string
		carried, read any
	}{
		{"primary key", carried.PrimaryKey, read.PrimaryKey},
		{"indexes", carried.Indexes, read.Indexes},
		{"unique constraints", carried.Uniques, read.Uniques},
		{"checks", carried.Checks, read.Checks},
		{"foreign keys", carried.ForeignKeys, read.ForeignKeys},
	}
	for _, p := range parts {
		if !reflect.DeepEqual(p.carried, p.read) {
			return fmt.Sprintf("%s: carried %s, read %s", p.what, describe(p.carried), describe(p.read))
		}
	}
	return fmt.Sprintf("carried %+v, read %+v", *carried, *read)
}

// describe spells out a schema part's pointers.
func describe(v any) string {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer:
		if rv.IsNil() {
			return "none"
		}
		return fmt.Sprintf("%+v", rv.Elem().Interface())
	case reflect.Slice:
		var out []string
		for i := range rv.Len() {
			out = append(out, describe(rv.Index(i).Interface()))
		}
		return "[" + strings.Join(out, ", ") + "]"
	}
	return fmt.Sprintf("%+v", v)
}

// addedColumn reads back, alone, the column a change added with ALTER
// TABLE … ADD COLUMN, or checks the one it dropped with DROP COLUMN, when the
// rest of its table is as the database holds it: the schema after the
// change, as the database holds it; ok is false for any other change.
func (r *stepRun) addedColumn(ch sqlite.Change) (*schema.MetaData, bool, error) {
	if len(ch.Items) != 1 || ch.Rebuild || r.dirty.views {
		return nil, false, nil
	}
	var table, column string
	var read func() (*schema.MetaData, bool, error)
	switch o := ch.Items[0].Op.(type) {
	case *ops.AddColumn:
		if o.Column == nil {
			return nil, false, nil
		}
		table, column = o.Table, o.Column.Name
		read = func() (*schema.MetaData, bool, error) {
			return sqlite.AddedColumn(r.ctx, r.db, r.md, o.Table, o.Column)
		}
	case *ops.DropColumn:
		table, column = o.Table, o.Name
		read = func() (*schema.MetaData, bool, error) {
			return sqlite.DroppedColumn(r.ctx, r.db, r.md, o.Table, o.Name)
		}
	default:
		return nil, false, nil
	}
	if r.dirty.tables[strings.ToLower(table)] {
		return nil, false, nil
	}
	md, ok, err := read()
	if err != nil || !ok {
		return nil, false, err
	}
	if r.hooks.Inspected != nil {
		r.hooks.Inspected([]string{strings.ToLower(table + "." + column)})
	}
	return md, true, nil
}

// touched marks dirty what a change carried out by replay leaves to be read
// back: the tables it changes and, for anything but adding a column or an
// index, the tables that refer to them (a rename rewrites their foreign
// keys; a new, dropped or rebuilt parent changes what a foreign key declared
// without columns refers to) and the views and triggers (a rebuild or a
// rename rewrites them).
func (r *stepRun) touched(ch sqlite.Change) {
	plain := !ch.Rebuild
	var names []string
	if ch.Table != "" {
		names = append(names, ch.Table)
	}
	for _, it := range ch.Items {
		switch o := it.Op.(type) {
		case *ops.CreateTable:
			// A foreign key that referred to no table now refers to it.
			if o.Table != nil {
				names = append(names, o.Table.Name)
			}
			plain = false
		case *ops.RenameTable:
			names = append(names, o.Old, o.New)
			plain = false
		case *ops.AddColumn, *ops.CreateIndex, *ops.DropIndex, *ops.BulkInsert, *ops.CreateTableComment, *ops.DropTableComment:
		default:
			plain = false
		}
		names = append(names, tableNameOf(it.Op))
	}
	for _, n := range names {
		r.dirty.table(n)
		if !plain {
			for _, child := range referrers(r.md, n) {
				r.dirty.table(child)
			}
		}
	}
	if !plain && (len(r.md.Views) > 0 || len(r.md.Triggers) > 0) {
		r.dirty.views = true
	}
}

// body runs a step's program and version change inside its transaction,
// then its foreign key check.
func (r *stepRun) body(st Step) error {
	// The schema as the database holds it: read whole for a run's first
	// step, or what the step before changed read back (inside the
	// transaction, whose lock its reads share).
	if r.md == nil {
		if err := r.inspectAll(); err != nil {
			return err
		}
	} else if err := r.refresh(); err != nil {
		return err
	}
	if CheckCarried {
		if err := r.checkCarried(); err != nil {
			return err
		}
	}
	if err := st.program()(r); err != nil {
		return err
	}
	if err := r.flush(); err != nil {
		return err
	}
	if !st.Version.empty() && r.md.Table(sqlite.VersionTable.Name) == nil {
		if err := r.exec(sqlite.CreateVersionTableSQL()); err != nil {
			return fmt.Errorf("create alembic_version: %w", err)
		}
		r.dirty.table(sqlite.VersionTable.Name)
	}
	if err := r.version(st.Version); err != nil {
		return err
	}
	return r.checks.finish()
}

// Dialect implements Migration.
func (r *stepRun) Dialect() string { return "sqlite" }

// Offline implements Migration.
func (r *stepRun) Offline() bool { return false }

// Inspect implements Migration: the schema as the step has left it.
func (r *stepRun) Inspect() (*schema.MetaData, error) {
	if err := r.flush(); err != nil {
		return nil, err
	}
	if err := r.refresh(); err != nil {
		return nil, err
	}
	return r.md.Clone(), nil
}

// Emit implements Migration: the op's data-loss warnings are asked about,
// then it runs (see held).
func (r *stepRun) Emit(op ops.Op) error {
	if err := r.ctx.Err(); err != nil {
		return err
	}
	warnings, err := Warnings(r.ctx, r.db, r.held.now(r.md), Step{Label: r.label, Ops: []ops.Op{op}})
	if err != nil {
		return err
	}
	for _, w := range warnings {
		if r.hooks.Warn != nil && !r.hooks.Warn(w) {
			return fmt.Errorf("%s: %w", w, ErrDeclined)
		}
	}
	return r.held.add(r.md, op, r.carry)
}

// flush carries out the operations held back.
func (r *stepRun) flush() error { return r.held.flush(r.carry) }

// held are consecutive operations on one table, held back so that they are
// planned together: when any of them needs SQLite's rebuild, one rebuild
// does them all (as a batch block does). An operation on something else,
// SQL of the script's own, an inspection or the step's end carries them out.
// Each operation is checked against the schema as it comes, so that a
// mistake is reported at the call that makes it.
type held struct {
	// notice receives what the batch rules leave out (see missingColumns).
	notice func(msg string)
	items  []sqlite.Item
	table  string
	// planned is the schema as the held operations leave it.
	planned *schema.MetaData
}

// now is the schema as the operations so far leave it.
func (h *held) now(md *schema.MetaData) *schema.MetaData {
	if len(h.items) > 0 {
		return h.planned
	}
	return md
}

// add holds op (or, when it acts on no one table, runs what is held and
// then it).
func (h *held) add(md *schema.MetaData, op ops.Op, carry func([]sqlite.Item) error) error {
	for _, it := range sqlite.Flatten([]ops.Op{op}) {
		state := h.now(md)
		if it.Batch != nil {
			if missing := missingColumns(state, it.Op); missing != "" {
				// Alembic's batch mode builds the new table only with the
				// constraints and indexes whose columns it has, leaving the
				// others out without a word; Retort does the same, and says so.
				if h.notice != nil {
					h.notice(fmt.Sprintf("%s names column '%s', which table '%s' does not have: left out, as Alembic's batch mode leaves it out", opName(it.Op), missing, it.Batch.Table))
				}
				continue
			}
		}
		_, after, err := sqlite.PlanNext(state, []sqlite.Item{it})
		if err != nil {
			return err
		}
		table := sqlite.TableOf(state, it)
		if table == "" {
			if err := h.flush(carry); err != nil {
				return err
			}
			if err := carry([]sqlite.Item{it}); err != nil {
				return err
			}
			continue
		}
		if len(h.items) > 0 && (!strings.EqualFold(h.table, table) || h.altersAdded(it.Op)) {
			if err := h.flush(carry); err != nil {
				return err
			}
		}
		h.items = append(h.items, it)
		h.table, h.planned = table, after
	}
	return nil
}

// missingColumns returns a column a batch op's constraint or index names
// that its table does not have ("" when it has them all).
func missingColumns(md *schema.MetaData, op ops.Op) string {
	var table string
	var cols []string
	switch o := op.(type) {
	case *ops.CreateUnique:
		table, cols = o.Table, o.Unique.Columns
	case *ops.CreatePrimaryKey:
		table, cols = o.Table, o.PrimaryKey.Columns
	case *ops.CreateForeignKey:
		table, cols = o.Table, o.ForeignKey.Columns
	case *ops.CreateIndex:
		table, cols = o.Index.Table, o.Index.Columns
	default:
		return ""
	}
	t := md.Table(table)
	if t == nil {
		return ""
	}
	for _, c := range cols {
		if isPlainColumnName(c) && t.Column(c) == nil {
			return c
		}
	}
	return ""
}

// isPlainColumnName tells a column name from an index's SQL expression.
func isPlainColumnName(s string) bool {
	return s != "" && !strings.ContainsAny(s, "()+-*/ ,'\"")
}

// opName is an op as Alembic's batch_op names it.
func opName(op ops.Op) string {
	switch o := op.(type) {
	case *ops.CreateUnique:
		return fmt.Sprintf("batch_op.create_unique_constraint('%s')", o.Unique.Name)
	case *ops.CreatePrimaryKey:
		return fmt.Sprintf("batch_op.create_primary_key('%s')", o.PrimaryKey.Name)
	case *ops.CreateForeignKey:
		return fmt.Sprintf("batch_op.create_foreign_key('%s')", o.ForeignKey.Name)
	case *ops.CreateIndex:
		return fmt.Sprintf("batch_op.create_index('%s')", o.Index.Name)
	}
	return fmt.Sprintf("%T", op)
}

// altersAdded reports whether op alters a column one of the held ops adds:
// the rows the rebuild copies get the added column's server default, so the
// add must be carried out before the alter changes it (add_column(...,
// server_default='x') then alter_column(..., server_default=None) fills the
// existing rows with 'x', as two steps do under Alembic).
func (h *held) altersAdded(op ops.Op) bool {
	alter, ok := op.(*ops.AlterColumn)
	if !ok {
		return false
	}
	for _, it := range h.items {
		if add, ok := it.Op.(*ops.AddColumn); ok && add.Column != nil && strings.EqualFold(add.Column.Name, alter.Column) {
			return true
		}
	}
	return false
}

// flush carries out what is held.
func (h *held) flush(carry func([]sqlite.Item) error) error {
	if len(h.items) == 0 {
		return nil
	}
	items := h.items
	h.items, h.planned, h.table = nil, nil, ""
	return carry(items)
}

// carry plans and runs items on the database.
func (r *stepRun) carry(items []sqlite.Item) error {
	for len(items) > 0 {
		ch, after, err := sqlite.PlanNext(r.md, items)
		if err != nil {
			return err
		}
		if ch.Rebuild && !r.dirty.empty() {
			// A rebuild works from the real table: read back what was replayed.
			if err := r.refresh(); err != nil {
				return err
			}
			if ch, after, err = sqlite.PlanNext(r.md, items); err != nil {
				return err
			}
		}
		if err := r.checks.before(ch); err != nil {
			return err
		}
		for _, stmt := range ch.Statements {
			if err := r.exec(stmt); err != nil {
				return ch.Explain(err)
			}
		}
		if ch.Execute {
			// op.execute's SQL may have changed anything.
			if err := r.inspectAll(); err != nil {
				return err
			}
		} else if md, ok, err := r.addedColumn(ch); err != nil {
			return err
		} else if ok {
			r.md = md
		} else {
			r.touched(ch)
			r.md = after
		}
		r.checks.after(ch)
		r.done += len(ch.Items)
		r.hooks.progress(r.done, 0)
		items = items[len(ch.Items):]
	}
	return nil
}

// Execute implements Migration: a statement of the script's (conn.execute),
// run inside the step.
func (r *stepRun) Execute(query string, params []map[string]any) (*Rows, error) {
	if err := r.ctx.Err(); err != nil {
		return nil, err
	}
	if err := r.flush(); err != nil {
		return nil, err
	}
	if err := r.checks.raw(); err != nil {
		return nil, err
	}
	rows, err := execute(r.ctx, r.db, query, params, r.hooks)
	if err != nil {
		return nil, err
	}
	// The statement may have changed the schema or the rows of any table.
	if err := r.inspectAll(); err != nil {
		return nil, err
	}
	return rows, nil
}

// execute runs one statement per parameter set, collecting rows.
func execute(ctx context.Context, db *sqlite.DB, query string, params []map[string]any, hooks Hooks) (*Rows, error) {
	if len(params) == 0 {
		params = []map[string]any{nil}
	}
	out := &Rows{}
	for _, p := range params {
		args := make([]any, 0, len(p))
		for k, v := range p {
			if strings.Contains(query, ":"+k) {
				args = append(args, sql.Named(k, v))
			}
		}
		hooks.sql(query)
		if returnsRows(query) {
			rows, err := db.Query(ctx, query, args...)
			if err != nil {
				return nil, err
			}
			cols, vals, err := readRows(rows)
			if err != nil {
				return nil, err
			}
			out.Columns = cols
			out.Values = append(out.Values, vals...)
			continue
		}
		res, err := db.Exec(ctx, query, args...)
		if err != nil {
			return nil, err
		}
		if n, err := res.RowsAffected(); err == nil {
			out.Affected += n
		}
	}
	return out, nil
}

// returnsRows reports whether SQL returns rows (a query, or a statement
// with RETURNING).
func returnsRows(query string) bool {
	s := strings.ToUpper(strings.TrimSpace(query))
	for _, p := range []string{"SELECT", "WITH", "PRAGMA", "VALUES", "EXPLAIN"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return strings.Contains(s, " RETURNING ")
}

func readRows(rows *sql.Rows) ([]string, [][]any, error) {
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, nil, err
	}
	var out [][]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, nil, err
		}
		for i, v := range vals {
			if t, ok := v.(interface{ Format(string) string }); ok {
				vals[i] = t.Format("2006-01-02 15:04:05")
			}
		}
		out = append(out, vals)
	}
	return cols, out, rows.Err()
}

func (r *stepRun) version(v VersionChange) error {
	for _, rev := range v.Delete {
		if err := r.expectOne(sqlite.DeleteVersionSQL(rev), fmt.Sprintf("deleting '%s'", rev)); err != nil {
			return err
		}
	}
	for _, u := range v.Update {
		if err := r.expectOne(sqlite.UpdateVersionSQL(u.From, u.To), fmt.Sprintf("updating '%s' to '%s'", u.From, u.To)); err != nil {
			return err
		}
	}
	for _, rev := range v.Insert {
		if err := r.exec(sqlite.InsertVersionSQL(rev)); err != nil {
			return fmt.Errorf("insert '%s' into alembic_version: %w", rev, err)
		}
	}
	return nil
}

// expectOne runs a statement that must change exactly one alembic_version
// row, as Alembic checks.
func (r *stepRun) expectOne(stmt, what string) error {
	r.hooks.sql(stmt)
	res, err := r.db.Exec(r.ctx, stmt)
	if err != nil {
		return fmt.Errorf("alembic_version: %s: %w", what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("alembic_version: %s: %w", what, err)
	}
	if n != 1 {
		return fmt.Errorf("Online migration expected to match one row when %s in 'alembic_version'; %d found", what, n)
	}
	return nil
}

// PurgeVersions empties alembic_version (stamp --purge), when it exists.
func PurgeVersions(ctx context.Context, db *sqlite.DB) error {
	var n int
	if err := db.QueryRow(ctx, sqlite.HasVersionTableSQL).Scan(&n); err != nil || n == 0 {
		return err
	}
	if _, err := db.Exec(ctx, sqlite.PurgeVersionsSQL); err != nil {
		return fmt.Errorf("purge alembic_version: %w", err)
	}
	return nil
}

// Conn is a database outside any step, as env.py's connection works with
// it: statements run as they are (autocommit), the schema is read fresh.
type Conn struct {
	Ctx   context.Context
	DB    *sqlite.DB
	Hooks Hooks
}

// Dialect is "sqlite".
func (c *Conn) Dialect() string { return "sqlite" }

// Execute runs a statement.
func (c *Conn) Execute(query string, params []map[string]any) (*Rows, error) {
	return execute(c.Ctx, c.DB, query, params, c.Hooks)
}

// Inspect reads the schema.
func (c *Conn) Inspect() (*schema.MetaData, error) { return sqlite.Inspect(c.Ctx, c.DB) }

// violation is one row PRAGMA foreign_key_check reports.
type violation struct {
	table  string
	rowid  int64
	parent string
	fkid   int
}

// fkChecks are a step's foreign key checks: the violations of the tables it
// changes (and of the tables that refer to them), read before the step
// first changes them and again at its end. The step fails for the new ones.
type fkChecks struct {
	r *stepRun
	// pre are the violations each checked table had before the step
	// touched it, by lowercased name; all is set once every table was read
	// (raw SQL may change any table).
	pre map[string][]violation
	all bool
}

// before reads the violations of what a change touches before it runs.
func (f *fkChecks) before(ch sqlite.Change) error {
	if ch.Execute {
		return f.raw()
	}
	var tables []string
	for _, it := range ch.Items {
		if t := tableNameOf(it.Op); t != "" {
			tables = append(tables, t)
		}
	}
	if ch.Table != "" {
		tables = append(tables, ch.Table)
	}
	for _, t := range tables {
		if err := f.read(t); err != nil {
			return err
		}
		for _, child := range referrers(f.r.md, t) {
			if err := f.read(child); err != nil {
				return err
			}
		}
	}
	return nil
}

// after notes the tables a change made (a new table has no violations
// before it).
func (f *fkChecks) after(ch sqlite.Change) {
	for _, it := range ch.Items {
		switch o := it.Op.(type) {
		case *ops.CreateTable:
			if o.Table != nil {
				key := strings.ToLower(o.Table.Name)
				if _, ok := f.pre[key]; !ok {
					f.pre[key] = nil
				}
			}
		case *ops.RenameTable:
			key := strings.ToLower(o.New)
			if _, ok := f.pre[key]; !ok {
				f.pre[key] = f.pre[strings.ToLower(o.Old)]
			}
		}
	}
}

// raw reads every table's violations before a statement that may change any.
func (f *fkChecks) raw() error {
	if f.all {
		return nil
	}
	f.all = true
	for _, t := range f.r.md.Tables {
		if err := f.read(t.Name); err != nil {
			return err
		}
	}
	return nil
}

func (f *fkChecks) read(table string) error {
	key := strings.ToLower(table)
	if _, ok := f.pre[key]; ok {
		return nil
	}
	if f.r.md.Table(table) == nil {
		f.pre[key] = nil
		return nil
	}
	v, err := f.r.check(table)
	if err != nil {
		return err
	}
	f.pre[key] = v
	return nil
}

// finish checks the tables the step changed: a violation that was not there
// before fails the step; one that was is a notice.
func (f *fkChecks) finish() error {
	var tables []string
	for t := range f.pre {
		if f.r.md.Table(t) != nil {
			tables = append(tables, t)
		}
	}
	slices.Sort(tables)
	// Rows are told apart by table and parent, not rowid: a rebuild gives a
	// table's rows new rowids (and its foreign keys new ids).
	var fresh, old []violation
	for _, t := range tables {
		now, err := f.r.check(t)
		if err != nil {
			return err
		}
		before := map[[2]string]int{}
		for _, v := range f.pre[t] {
			before[[2]string{strings.ToLower(v.table), strings.ToLower(v.parent)}]++
		}
		for _, v := range now {
			k := [2]string{strings.ToLower(v.table), strings.ToLower(v.parent)}
			if before[k] > 0 {
				before[k]--
				old = append(old, v)
			} else {
				fresh = append(fresh, v)
			}
		}
	}
	if len(old) > 0 && f.r.hooks.Notice != nil {
		f.r.hooks.Notice(fmt.Sprintf("%s: %s already there before this step", f.r.label, describeViolations(old)))
	}
	if len(fresh) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %s", ErrForeignKey, describeViolations(fresh))
}

func describeViolations(vs []violation) string {
	var found []string
	for i, v := range vs {
		if i == 3 {
			break
		}
		row := "a row"
		if v.rowid != 0 {
			row = fmt.Sprintf("rowid %d", v.rowid)
		}
		found = append(found, fmt.Sprintf("table %q %s refers to a missing row of %q", v.table, row, v.parent))
	}
	msg := strings.Join(found, "; ")
	if len(vs) > len(found) {
		msg += fmt.Sprintf(" (and %d more)", len(vs)-len(found))
	}
	return msg
}

// check runs PRAGMA foreign_key_check for one table. A table the schema
// holds as the database does (not replayed) with no foreign key of its own
// has none to violate: the PRAGMA would find nothing, and is not run.
func (r *stepRun) check(table string) ([]violation, error) {
	if t := r.md.Table(table); t != nil && len(t.ForeignKeys) == 0 && !r.dirty.tables[strings.ToLower(table)] {
		return nil, nil
	}
	stmt := sqlite.ForeignKeyCheckSQL(table)
	r.hooks.sql(stmt)
	rows, err := r.db.Query(r.ctx, stmt)
	if err != nil {
		return nil, fmt.Errorf("foreign key check: %w", err)
	}
	defer rows.Close()
	var out []violation
	for rows.Next() {
		var v violation
		var rowid *int64
		if err := rows.Scan(&v.table, &rowid, &v.parent, &v.fkid); err != nil {
			return nil, fmt.Errorf("foreign key check: %w", err)
		}
		if rowid != nil {
			v.rowid = *rowid
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// tableNameOf is the table an op changes, "" for none.
func tableNameOf(op ops.Op) string {
	switch o := op.(type) {
	case *ops.DropTable:
		return o.Name
	case *ops.RenameTable:
		return o.Old
	case *ops.BulkInsert:
		return o.Table
	case *ops.CreateTable:
		return ""
	}
	return ops.AltersTable(op)
}

// referrers are the tables with a foreign key to table.
func referrers(md *schema.MetaData, table string) []string {
	var out []string
	for _, t := range md.Tables {
		for _, fk := range t.ForeignKeys {
			if strings.EqualFold(fk.RefTable, table) && !strings.EqualFold(t.Name, table) {
				out = append(out, t.Name)
				break
			}
		}
	}
	return out
}
