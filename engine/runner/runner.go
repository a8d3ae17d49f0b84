// Package runner runs migration steps (upgrade, downgrade, stamp) on a
// database: one transaction per step, together with its alembic_version
// change, so that a step either happens entirely or not at all. It also
// renders the SQL a range of steps would run, without a database (--sql).
package runner

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"retort/engine/ops"
	"retort/engine/schema"
	"retort/engine/sqlite"
)

// Step is one revision step: its ops and the alembic_version change that
// records it.
type Step struct {
	// Label is the step's log line, as Alembic writes it after the logger
	// name: "Running upgrade 1f67b9e072b7 -> 3a291af61148, add age to users".
	Label string
	// Short is the step as the --sql comment names it: "upgrade 1f67b9e072b7 ->
	// 3a291af61148" (written "-- Running upgrade …"). When empty it is taken
	// from Label, up to the message.
	Short   string
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

// Hooks are how a run reports what it does; nil hooks are skipped.
type Hooks struct {
	// Log receives each step's Label as the step starts.
	Log func(line string)
	// SQL receives every statement executed (or, offline, written), in order.
	SQL func(stmt string)
	// Warn is asked, before a step runs, about each way the step destroys
	// data the database holds; returning false stops the run before the step
	// (the error wraps ErrDeclined). Nil proceeds.
	Warn func(w Warning) (proceed bool)
	// Progress reports the ops of a step done so far.
	Progress func(done, total int)
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

// StepError is a step's failure; the database is as it was before the step.
type StepError struct {
	Step string // the step's Label
	Err  error
}

func (e *StepError) Error() string { return e.Err.Error() }
func (e *StepError) Unwrap() error { return e.Err }

// Run runs the steps in order, each in its own transaction: BEGIN, the ops,
// the alembic_version change (alembic_version is created when missing), a
// foreign key check, COMMIT. When a step rebuilds a table and foreign keys
// are on, they are switched off before BEGIN and back on after the step ends,
// as SQLite's procedure requires. A failure rolls the step back, leaving
// schema, rows and alembic_version exactly as before it, and stops the run;
// the steps before it stay done. With no step to run, Run creates
// alembic_version when it is missing, as Alembic does when it starts an
// upgrade, downgrade or stamp on a database that has no current revision.
func Run(ctx context.Context, db *sqlite.DB, steps []Step, hooks Hooks) error {
	if len(steps) == 0 {
		return ensureVersionTable(ctx, db)
	}
	for _, st := range steps {
		if err := runStep(ctx, db, st, hooks); err != nil {
			return &StepError{Step: st.Label, Err: err}
		}
	}
	return nil
}

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

type stepRun struct {
	ctx   context.Context
	db    *sqlite.DB
	hooks Hooks
}

func (r *stepRun) exec(stmt string) error {
	r.hooks.sql(stmt)
	_, err := r.db.Exec(r.ctx, stmt)
	return err
}

func runStep(ctx context.Context, db *sqlite.DB, st Step, hooks Hooks) (err error) {
	hooks.log(st.Label)
	md, err := sqlite.Inspect(ctx, db)
	if err != nil {
		return err
	}
	warnings, err := Warnings(ctx, db, md, st)
	if err != nil {
		return err
	}
	for _, w := range warnings {
		if hooks.Warn != nil && !hooks.Warn(w) {
			return fmt.Errorf("%s: %w", w, ErrDeclined)
		}
	}
	fkOn, err := db.ForeignKeys(ctx)
	if err != nil {
		return err
	}
	fkOff := fkOn && sqlite.NeedsRebuild(md, st.Ops)

	r := &stepRun{ctx: ctx, db: db, hooks: hooks}
	// Rollback and foreign keys back on happen even when ctx is cancelled.
	after := &stepRun{ctx: context.WithoutCancel(ctx), db: db, hooks: hooks}
	if fkOff {
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
	if err := r.body(md, st, fkOn, fkOff); err != nil {
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
	return nil
}

// body runs a step's ops and version change inside its transaction.
func (r *stepRun) body(md *schema.MetaData, st Step, fkOn, fkOff bool) error {
	if !st.Version.empty() && md.Table(sqlite.VersionTable.Name) == nil {
		if err := r.exec(sqlite.CreateVersionTableSQL()); err != nil {
			return fmt.Errorf("create alembic_version: %w", err)
		}
	}
	items := sqlite.Flatten(st.Ops)
	total, done := len(items), 0
	fresh := true // md was read from the database, not replayed
	var check []string
	rebuilt := false
	for len(items) > 0 {
		ch, after, err := sqlite.PlanNext(md, items)
		if err != nil {
			return err
		}
		if ch.Rebuild && !fresh {
			// A rebuild works from the real table: read it back.
			if md, err = sqlite.Inspect(r.ctx, r.db); err != nil {
				return err
			}
			fresh = true
			if ch, after, err = sqlite.PlanNext(md, items); err != nil {
				return err
			}
		}
		if ch.Rebuild && fkOn && !fkOff {
			return fmt.Errorf("%s: foreign keys are on, and a rebuild with them on would delete rows that refer to the table", ch.What)
		}
		for _, stmt := range ch.Statements {
			if err := r.exec(stmt); err != nil {
				return ch.Explain(err)
			}
		}
		if ch.Execute {
			if md, err = sqlite.Inspect(r.ctx, r.db); err != nil {
				return err
			}
			fresh = true
		} else {
			md, fresh = after, false
		}
		if ch.Rebuild {
			rebuilt = true
			for _, t := range ch.Check {
				if !slices.Contains(check, t) {
					check = append(check, t)
				}
			}
		}
		done += len(ch.Items)
		r.hooks.progress(done, total)
		items = items[len(ch.Items):]
		if dataChanged(ch.Items) && len(items) > 0 {
			if err := r.warnRest(md, st.Label, items); err != nil {
				return err
			}
		}
	}
	if err := r.version(st.Version); err != nil {
		return err
	}
	if !rebuilt {
		return nil
	}
	if fkOff {
		return r.foreignKeyCheck("")
	}
	for _, t := range check {
		if md.Table(t) != nil {
			if err := r.foreignKeyCheck(t); err != nil {
				return err
			}
		}
	}
	return nil
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

// foreignKeyCheck runs PRAGMA foreign_key_check (for one table, or all) and
// turns violations into an error naming table, rowid and parent.
func (r *stepRun) foreignKeyCheck(table string) error {
	stmt := sqlite.ForeignKeyCheckSQL(table)
	r.hooks.sql(stmt)
	rows, err := r.db.Query(r.ctx, stmt)
	if err != nil {
		return fmt.Errorf("foreign key check: %w", err)
	}
	defer rows.Close()
	var found []string
	n := 0
	for rows.Next() {
		var tbl, parent string
		var rowid *int64
		var fkid int
		if err := rows.Scan(&tbl, &rowid, &parent, &fkid); err != nil {
			return fmt.Errorf("foreign key check: %w", err)
		}
		n++
		if len(found) < 3 {
			row := "a row"
			if rowid != nil {
				row = fmt.Sprintf("rowid %d", *rowid)
			}
			found = append(found, fmt.Sprintf("table %q %s refers to a missing row of %q", tbl, row, parent))
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("foreign key check: %w", err)
	}
	if n == 0 {
		return nil
	}
	msg := strings.Join(found, "; ")
	if n > len(found) {
		msg += fmt.Sprintf(" (and %d more)", n-len(found))
	}
	return fmt.Errorf("%w: %s", ErrForeignKey, msg)
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

// dataChanged reports whether items ran raw SQL or inserted rows: the data the
// rest of the step works on is known only now.
func dataChanged(items []sqlite.Item) bool {
	for _, it := range items {
		switch it.Op.(type) {
		case *ops.Execute, *ops.BulkInsert:
			return true
		}
	}
	return false
}

// warnRest asks about the data the rest of a step destroys, counted inside the
// step's transaction after its op.execute or bulk_insert ran.
func (r *stepRun) warnRest(md *schema.MetaData, label string, items []sqlite.Item) error {
	rest := make([]ops.Op, len(items))
	for i, it := range items {
		rest[i] = it.Op
	}
	warnings, err := Warnings(r.ctx, r.db, md, Step{Label: label, Ops: rest})
	if err != nil {
		return err
	}
	for _, w := range warnings {
		if r.hooks.Warn != nil && !r.hooks.Warn(w) {
			return fmt.Errorf("%s: %w", w, ErrDeclined)
		}
	}
	return nil
}
