package runner

import (
	"context"
	"errors"
	"fmt"

	"retort/engine/ops"
	"retort/engine/postgres"
	"retort/engine/schema"
)

// PGConn is a PostgreSQL connection as the runner uses it: postgres.DB,
// natively. (The page has no PostgreSQL connection: it writes PostgreSQL's
// SQL offline only, see WritePostgresSQL.)
type PGConn interface {
	// ExecCount runs SQL that returns no rows; with no args it may hold
	// several statements.
	ExecCount(ctx context.Context, sql string, args ...any) (int64, error)
	// Rows runs a statement that returns rows.
	Rows(ctx context.Context, sql string, args ...any) ([]string, [][]any, error)
	// Schema reads the database's schema.
	Schema(ctx context.Context) (*schema.MetaData, error)
	// InTransaction reports whether a transaction is open.
	InTransaction() bool
}

// PGOptions are the env.py settings that change a run on PostgreSQL.
type PGOptions struct {
	// VersionSchema is context.configure(version_table_schema=...).
	VersionSchema string
	// PerMigration is transaction_per_migration=True: each step in its own
	// transaction. Without it the whole run is one transaction, as Alembic
	// runs it on PostgreSQL.
	PerMigration bool
}

// RunPostgres runs the steps on PostgreSQL as Alembic's PostgresqlImpl
// does, with transactional DDL: BEGIN, alembic_version created when it is
// missing, each step's operations and alembic_version change, COMMIT. The
// whole run is one transaction unless o.PerMigration, which commits each
// step. A failure rolls back the transaction: with one transaction the
// database is as it was before the run (StepError.Whole), with one per step
// as it was before the failing step. An autocommit block (Autocommitter)
// commits the transaction and runs outside one, as Alembic's
// autocommit_block does, and so do CREATE/DROP INDEX CONCURRENTLY: what ran
// before them is not rolled back (StepError.Committed).
func RunPostgres(ctx context.Context, db PGConn, steps []Step, hooks Hooks, o PGOptions) error {
	r := &pgRun{ctx: ctx, db: db, hooks: hooks, opts: o}
	label := ""
	err := r.run(steps, &label)
	if err == nil {
		return nil
	}
	if db.InTransaction() {
		if _, e := db.ExecCount(context.WithoutCancel(ctx), postgres.RollbackSQL); e != nil {
			err = errors.Join(err, fmt.Errorf("rollback: %w", e))
		}
	}
	if label == "" {
		return err
	}
	se := &StepError{Step: label, Err: err, Whole: !o.PerMigration && len(steps) > 1, Committed: r.committed}
	if se.Committed != "" {
		se.Whole = false
	}
	return se
}

// pgRun is a run on PostgreSQL; it is the Migration of the step running.
type pgRun struct {
	ctx   context.Context
	db    PGConn
	hooks Hooks
	opts  PGOptions
	// planner keeps the schema as the run has left it so far.
	planner *postgres.Planner
	label   string
	done    int
	// autocommit is set inside an autocommit block: no transaction is open.
	autocommit bool
	// committed is the step whose autocommit block committed the
	// transaction open now (or last open), "" when none did.
	committed string
}

func (r *pgRun) run(steps []Step, label *string) error {
	if err := r.exec(postgres.BeginSQL); err != nil {
		return err
	}
	md, err := r.db.Schema(r.ctx)
	if err != nil {
		return err
	}
	r.planner = postgres.NewPlanner(md)
	if md.TableIn(r.opts.VersionSchema, postgres.VersionTableName) == nil {
		if err := r.exec(postgres.CreateVersionTableSQL(r.opts.VersionSchema)); err != nil {
			return fmt.Errorf("create alembic_version: %w", err)
		}
		if _, err := r.planner.Plan(&ops.CreateTable{Table: postgres.VersionTable(r.opts.VersionSchema)}); err != nil {
			return err
		}
	}
	for i, st := range steps {
		*label = st.Label
		r.label = st.Label
		r.hooks.log(st.Label)
		if err := st.program()(r); err != nil {
			return err
		}
		if err := r.version(st.Version); err != nil {
			return err
		}
		if r.autocommit {
			// A block the script left open (an exception inside it).
			if err := r.Autocommit(false); err != nil {
				return err
			}
		}
		if r.opts.PerMigration && i < len(steps)-1 {
			if err := r.exec(postgres.CommitSQL); err != nil {
				return err
			}
			*label, r.committed = "", ""
			if err := r.exec(postgres.BeginSQL); err != nil {
				return err
			}
		}
	}
	return r.exec(postgres.CommitSQL)
}

func (r *pgRun) exec(stmt string) error {
	r.hooks.sql(stmt)
	_, err := r.db.ExecCount(r.ctx, stmt)
	return err
}

// Dialect implements Migration.
func (r *pgRun) Dialect() string { return "postgresql" }

// Offline implements Migration.
func (r *pgRun) Offline() bool { return false }

// Inspect implements Migration: the schema as the run has left it.
func (r *pgRun) Inspect() (*schema.MetaData, error) { return r.planner.Schema().Clone(), nil }

// Emit implements Migration: the op's data-loss warnings are asked about,
// then its statements run.
func (r *pgRun) Emit(op ops.Op) error {
	if err := r.ctx.Err(); err != nil {
		return err
	}
	for _, w := range warnings(r.planner.Schema(), Step{Label: r.label, Ops: []ops.Op{op}}, PGCounter{r.ctx, r.db}) {
		if r.hooks.Warn != nil && !r.hooks.Warn(w) {
			return fmt.Errorf("%s: %w", w, ErrDeclined)
		}
	}
	if x, ok := op.(*ops.Execute); ok {
		var params []map[string]any
		if x.Params != nil {
			params = []map[string]any{x.Params}
		}
		_, err := r.Execute(x.SQL, params)
		return err
	}
	changes, err := r.planner.Plan(op)
	if err != nil {
		return err
	}
	for _, ch := range changes {
		outside := ch.Autocommit && !r.autocommit
		if outside {
			if err := r.Autocommit(true); err != nil {
				return err
			}
		}
		for _, stmt := range ch.Statements {
			if err := r.exec(stmt); err != nil {
				return ch.Explain(err)
			}
		}
		if outside {
			if err := r.Autocommit(false); err != nil {
				return err
			}
		}
		r.done++
		r.hooks.progress(r.done, 0)
	}
	return nil
}

// Autocommit implements Autocommitter: COMMIT on entering an autocommit
// block, BEGIN on leaving it.
func (r *pgRun) Autocommit(on bool) error {
	if on == r.autocommit {
		return nil
	}
	if on {
		if err := r.exec(postgres.CommitSQL); err != nil {
			return err
		}
		r.autocommit, r.committed = true, r.label
		return nil
	}
	if err := r.exec(postgres.BeginSQL); err != nil {
		return err
	}
	r.autocommit = false
	return nil
}

// Execute implements Migration: the script's own SQL, in the transaction.
// SQL that may change the schema makes the run read it back.
func (r *pgRun) Execute(query string, params []map[string]any) (*Rows, error) {
	if err := r.ctx.Err(); err != nil {
		return nil, err
	}
	rows, err := pgExecute(r.ctx, r.db, query, params, r.hooks)
	if err != nil {
		return nil, err
	}
	if postgres.ChangesSchema(query) {
		md, err := r.db.Schema(r.ctx)
		if err != nil {
			return nil, err
		}
		r.planner = postgres.NewPlanner(md)
	}
	return rows, nil
}

// pgExecute runs one statement per parameter set, collecting rows.
func pgExecute(ctx context.Context, db PGConn, query string, params []map[string]any, hooks Hooks) (*Rows, error) {
	if len(params) == 0 {
		params = []map[string]any{nil}
	}
	out := &Rows{}
	for _, p := range params {
		q, args, err := postgres.BindNamed(query, p)
		if err != nil {
			return nil, err
		}
		hooks.sql(query)
		if returnsRows(q) {
			cols, vals, err := db.Rows(ctx, q, args...)
			if err != nil {
				return nil, err
			}
			out.Columns = cols
			out.Values = append(out.Values, vals...)
			continue
		}
		n, err := db.ExecCount(ctx, q, args...)
		if err != nil {
			return nil, err
		}
		out.Affected += n
	}
	return out, nil
}

func (r *pgRun) version(v VersionChange) error {
	sch := r.opts.VersionSchema
	for _, rev := range v.Delete {
		if err := r.expectOne(postgres.DeleteVersionSQL(sch, rev), fmt.Sprintf("deleting '%s'", rev)); err != nil {
			return err
		}
	}
	for _, u := range v.Update {
		if err := r.expectOne(postgres.UpdateVersionSQL(sch, u.From, u.To), fmt.Sprintf("updating '%s' to '%s'", u.From, u.To)); err != nil {
			return err
		}
	}
	for _, rev := range v.Insert {
		stmt := postgres.InsertVersionSQL(sch, rev)
		r.hooks.sql(stmt)
		if _, _, err := r.db.Rows(r.ctx, stmt); err != nil {
			return fmt.Errorf("insert '%s' into alembic_version: %w", rev, err)
		}
	}
	return nil
}

func (r *pgRun) expectOne(stmt, what string) error {
	r.hooks.sql(stmt)
	n, err := r.db.ExecCount(r.ctx, stmt)
	if err != nil {
		return fmt.Errorf("alembic_version: %s: %w", what, err)
	}
	if n != 1 {
		return fmt.Errorf("Online migration expected to match one row when %s in 'alembic_version'; %d found", what, n)
	}
	return nil
}

// PGCounter counts rows of a PostgreSQL database (inside a run's
// transaction when it runs one): for a step's data-loss warnings, and
// (RowCount, NonNullCount: diff.Counter) autogenerate's.
type PGCounter struct {
	Ctx context.Context
	DB  PGConn
}

func (c PGCounter) count(q string) (int64, error) {
	_, rows, err := c.DB.Rows(c.Ctx, q)
	if err != nil {
		return 0, err
	}
	if len(rows) != 1 || len(rows[0]) != 1 {
		return 0, fmt.Errorf("%s: expected one value", q)
	}
	n, isInt := rows[0][0].(int64)
	if !isInt {
		return 0, fmt.Errorf("%s: expected a count, got %T", q, rows[0][0])
	}
	return n, nil
}

// RowCount counts a table's rows (sch "": in the search path's schema).
func (c PGCounter) RowCount(sch, table string) (int64, error) {
	return c.count(postgres.CountRowsSQL(sch, table))
}

// NonNullCount counts a column's non-NULL values.
func (c PGCounter) NonNullCount(sch, table, column string) (int64, error) {
	return c.count(postgres.CountValuesSQL(sch, table, column))
}

func (c PGCounter) rows(sch, table string) (int64, bool) {
	return ok(c.count(postgres.CountRowsSQL(sch, table)))
}
func (c PGCounter) values(sch, table, column string) (int64, bool) {
	return ok(c.count(postgres.CountValuesSQL(sch, table, column)))
}
func (c PGCounter) nulls(sch, table, column string) (int64, bool) {
	return ok(c.count(postgres.CountNullsSQL(sch, table, column)))
}

// CurrentPostgres returns the revisions alembic_version holds (none when the
// table does not exist).
func CurrentPostgres(ctx context.Context, db PGConn, versionSchema string) ([]string, error) {
	_, rows, err := db.Rows(ctx, postgres.HasVersionTableSQL(versionSchema))
	if err != nil {
		return nil, fmt.Errorf("read alembic_version: %w", err)
	}
	if len(rows) != 1 || rows[0][0] != true {
		return nil, nil
	}
	_, rows, err = db.Rows(ctx, postgres.SelectVersionsSQL(versionSchema))
	if err != nil {
		return nil, fmt.Errorf("read alembic_version: %w", err)
	}
	var revs []string
	for _, row := range rows {
		if s, ok := row[0].(string); ok {
			revs = append(revs, s)
		}
	}
	return revs, nil
}

// PurgePostgres empties alembic_version (stamp --purge), when it exists.
func PurgePostgres(ctx context.Context, db PGConn, versionSchema string) error {
	revs, err := CurrentPostgres(ctx, db, versionSchema)
	if err != nil || revs == nil {
		return err
	}
	if _, err := db.ExecCount(ctx, postgres.PurgeVersionsSQL(versionSchema)); err != nil {
		return fmt.Errorf("purge alembic_version: %w", err)
	}
	return nil
}

// PGConnection is a PostgreSQL database outside any step, as env.py's
// connection works with it: statements run as they are, the schema is
// read fresh.
type PGConnection struct {
	Ctx   context.Context
	DB    PGConn
	Hooks Hooks
}

// Dialect is "postgresql".
func (c *PGConnection) Dialect() string { return "postgresql" }

// Execute runs a statement.
func (c *PGConnection) Execute(query string, params []map[string]any) (*Rows, error) {
	return pgExecute(c.Ctx, c.DB, query, params, c.Hooks)
}

// Inspect reads the schema.
func (c *PGConnection) Inspect() (*schema.MetaData, error) { return c.DB.Schema(c.Ctx) }
