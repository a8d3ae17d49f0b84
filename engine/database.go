package engine

import (
	"context"
	"fmt"
	"io"

	"retort/engine/diff"
	"retort/engine/ops"
	"retort/engine/postgres"
	"retort/engine/runner"
	"retort/engine/schema"
	"retort/engine/script"
	"retort/engine/sqlite"
)

// database is the database a command works on, behind its dialect: SQLite
// (the page's, or a file) or PostgreSQL (natively, over the network).
type database interface {
	// dialect is "sqlite" or "postgresql".
	dialect() string
	// impl is Alembic's name for the dialect's implementation, as the
	// "Context impl SQLiteImpl." line says it.
	impl() string
	current(ctx context.Context, env *script.Environment, s *Session) ([]string, error)
	purge(ctx context.Context, env *script.Environment, s *Session) error
	run(ctx context.Context, env *script.Environment, s *Session, steps []runner.Step, hooks runner.Hooks) error
	// inspect reads the schema; the result may be shared with later reads
	// (SQLite's is the read its DB keeps): callers only read it
	// (autogenerate, and review, which copies it to play the steps on).
	inspect(ctx context.Context) (*schema.MetaData, error)
	// counter counts rows for autogenerate's data-loss warnings.
	counter(ctx context.Context) diff.Counter
	// autogen prepares autogenerate's comparison for the dialect: what it
	// compares of the database's schema (live) and the models' (env.py's
	// include_schemas= given), and Options.Dialect and Options.Reflected.
	autogen(ctx context.Context, includeSchemas bool, live, models *schema.MetaData, o *diff.Options) (*schema.MetaData, *schema.MetaData, error)
	// conn is the database as env.py's connection (engine.connect()).
	conn(ctx context.Context) script.DB
	close() error
}

// dialectImpl is Alembic's implementation class name for a dialect.
func dialectImpl(dialect string) string {
	if dialect == "postgresql" {
		return "PostgresqlImpl"
	}
	return "SQLiteImpl"
}

// sqliteDatabase is a SQLite database; own is set when the command opened
// it (and closes it).
type sqliteDatabase struct {
	db  *sqlite.DB
	own bool
}

func (d *sqliteDatabase) dialect() string { return "sqlite" }
func (d *sqliteDatabase) impl() string    { return dialectImpl("sqlite") }

func (d *sqliteDatabase) current(ctx context.Context, _ *script.Environment, _ *Session) ([]string, error) {
	return runner.Current(ctx, d.db)
}

func (d *sqliteDatabase) purge(ctx context.Context, _ *script.Environment, _ *Session) error {
	return runner.PurgeVersions(ctx, d.db)
}

func (d *sqliteDatabase) run(ctx context.Context, _ *script.Environment, _ *Session, steps []runner.Step, hooks runner.Hooks) error {
	return runner.Run(ctx, d.db, steps, hooks)
}

func (d *sqliteDatabase) inspect(ctx context.Context) (*schema.MetaData, error) {
	return sqlite.InspectShared(ctx, d.db)
}

func (d *sqliteDatabase) counter(ctx context.Context) diff.Counter {
	return runner.SQLiteCounter{Ctx: ctx, DB: d.db}
}

func (d *sqliteDatabase) autogen(_ context.Context, _ bool, live, models *schema.MetaData, _ *diff.Options) (*schema.MetaData, *schema.MetaData, error) {
	return live, models, nil
}

func (d *sqliteDatabase) conn(ctx context.Context) script.DB { return &runner.Conn{Ctx: ctx, DB: d.db} }

func (d *sqliteDatabase) close() error {
	if d.own {
		return d.db.Close()
	}
	return nil
}

// pgConn is a PostgreSQL connection (postgres.DB natively) that can be closed.
type pgConn interface {
	runner.PGConn
	Close() error
}

// pgDatabase is a PostgreSQL database.
type pgDatabase struct{ db pgConn }

func (d *pgDatabase) dialect() string { return "postgresql" }
func (d *pgDatabase) impl() string    { return dialectImpl("postgresql") }

// pgOptions are env.py's settings for a run on PostgreSQL.
func pgOptions(env *script.Environment, s *Session) runner.PGOptions {
	var o runner.PGOptions
	if env == nil {
		return o
	}
	in := s.rt.Interp()
	o.PerMigration = env.Bool(in, "transaction_per_migration", false)
	o.VersionSchema = env.Str("version_table_schema", "")
	return o
}

func (d *pgDatabase) current(ctx context.Context, env *script.Environment, s *Session) ([]string, error) {
	return runner.CurrentPostgres(ctx, d.db, pgOptions(env, s).VersionSchema)
}

func (d *pgDatabase) purge(ctx context.Context, env *script.Environment, s *Session) error {
	return runner.PurgePostgres(ctx, d.db, pgOptions(env, s).VersionSchema)
}

func (d *pgDatabase) run(ctx context.Context, env *script.Environment, s *Session, steps []runner.Step, hooks runner.Hooks) error {
	return runner.RunPostgres(ctx, d.db, steps, hooks, pgOptions(env, s))
}

func (d *pgDatabase) inspect(ctx context.Context) (*schema.MetaData, error) { return d.db.Schema(ctx) }

func (d *pgDatabase) counter(ctx context.Context) diff.Counter {
	return runner.PGCounter{Ctx: ctx, DB: d.db}
}

// autogen compares as Alembic's PostgresqlImpl: what it sees of both
// schemas (postgres.AutogenView), postgres.Autogen's types and defaults,
// and its autogen_column_reflect lines for the SERIAL columns of the tables
// it reflects.
func (d *pgDatabase) autogen(ctx context.Context, includeSchemas bool, live, models *schema.MetaData, o *diff.Options) (*schema.MetaData, *schema.MetaData, error) {
	o.Dialect = postgres.Autogen{}
	_, rows, err := d.db.Rows(ctx, postgres.SerialsSQL)
	if err != nil {
		return nil, nil, fmt.Errorf("read the serial columns: %w", err)
	}
	serials, err := postgres.ReadSerials(rows)
	if err != nil {
		return nil, nil, err
	}
	o.Reflected = func(t *schema.Table) []diff.Line {
		var out []diff.Line
		for _, s := range serials {
			if s.Schema == t.Schema && s.Table == t.Name {
				out = append(out, diff.Line{Level: diff.Info, Text: s.Note(), Logger: postgres.SerialNoteLogger})
			}
		}
		return out
	}
	live, models = postgres.AutogenView(live, models, includeSchemas)
	return live, models, nil
}

func (d *pgDatabase) conn(ctx context.Context) script.DB {
	return &runner.PGConnection{Ctx: ctx, DB: d.db}
}

func (d *pgDatabase) close() error { return d.db.Close() }

// writeOfflineSQL writes the SQL of a range of steps in the dialect's --sql
// layout.
func writeOfflineSQL(w io.Writer, dialect string, env *script.Environment, s *Session, start *schema.MetaData, steps []runner.Step, hooks runner.Hooks) error {
	if dialect == "postgresql" {
		return runner.WritePostgresSQL(w, start, steps, hooks, pgOptions(env, s))
	}
	return runner.WriteSQL(w, start, steps, hooks)
}

// replayOps is the schema after ops on md, as the dialect's database leaves
// it: PostgreSQL names the constraints created without a name
// (posts_user_id_fkey), which a later drop_constraint(None, …) drops by
// that name. md is not changed.
func replayOps(dialect string, md *schema.MetaData, list []ops.Op) (*schema.MetaData, error) {
	if dialect == "postgresql" {
		_, after, err := postgres.PlanAll(md, list)
		return after, err
	}
	md = md.Clone()
	for _, op := range list {
		if err := ops.Apply(md, op); err != nil {
			return nil, err
		}
	}
	return md, nil
}

// versionTable is alembic_version as the run's dialect creates it.
func versionTable(x *envRun) *schema.Table {
	if x.dialect == "postgresql" {
		return postgres.VersionTable(x.env.Str("version_table_schema", ""))
	}
	return sqlite.VersionTable.Clone()
}

// diffDialect is what autogenerate asks of the dialect.
func diffDialect(dialect string) diff.Dialect {
	if dialect == "postgresql" {
		return postgres.Autogen{}
	}
	return sqlite.Autogen{}
}
