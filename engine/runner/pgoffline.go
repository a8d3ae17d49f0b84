package runner

import (
	"fmt"
	"io"
	"strings"

	"retort/engine/ops"
	"retort/engine/postgres"
	"retort/engine/schema"
)

// WritePostgresSQL writes the SQL a range of steps would run on PostgreSQL,
// without a database, in the layout of Alembic's --sql output for
// PostgreSQL: BEGIN; … COMMIT; around the run (around each step with
// o.PerMigration), CREATE TABLE alembic_version before the first step that
// adds a head while none is known, a "-- Running upgrade A -> B" comment per
// step, each statement followed by ";" and a blank line, COMMIT; … BEGIN;
// around what must run outside a transaction (CREATE INDEX CONCURRENTLY),
// and DROP TABLE alembic_version when a downgrade leaves no head. start is
// the schema before the first step (nil: an empty database).
func WritePostgresSQL(w io.Writer, start *schema.MetaData, steps []Step, hooks Hooks, o PGOptions) error {
	md := start.Clone()
	if md == nil {
		md = &schema.MetaData{}
	}
	hasVersions := md.TableIn(o.VersionSchema, postgres.VersionTableName) != nil
	if len(steps) > 0 && (len(steps[0].Version.Update) > 0 || len(steps[0].Version.Delete) > 0) {
		hasVersions = true
	}
	off := &pgOffline{planner: postgres.NewPlanner(md), hooks: hooks}
	var out strings.Builder
	write := func(s string) { writePGStmt(&out, hooks, s) }
	flush := func() error {
		_, err := io.WriteString(w, out.String())
		out.Reset()
		return err
	}
	heads := map[string]bool{}
	if !o.PerMigration {
		write(postgres.BeginSQL)
	}
	for _, st := range steps {
		if o.PerMigration {
			write(postgres.BeginSQL)
		}
		if !hasVersions && len(st.Version.Insert) > 0 {
			write(postgres.CreateVersionTableSQL(o.VersionSchema))
			hasVersions = true
		}
		hooks.log(st.Label)
		out.WriteString("-- Running " + short(st) + "\n\n")
		off.body = &out
		off.label = st.Label
		if err := st.program()(off); err != nil {
			return err
		}
		off.endAutocommit()
		for _, rev := range st.Version.Delete {
			write(postgres.DeleteVersionSQL(o.VersionSchema, rev))
			delete(heads, rev)
		}
		for _, u := range st.Version.Update {
			write(postgres.UpdateVersionSQL(o.VersionSchema, u.From, u.To))
			delete(heads, u.From)
			heads[u.To] = true
		}
		for _, rev := range st.Version.Insert {
			write(postgres.InsertVersionSQL(o.VersionSchema, rev))
			heads[rev] = true
		}
		if o.PerMigration {
			write(postgres.CommitSQL)
		}
		if err := flush(); err != nil {
			return err
		}
	}
	dropVersions := len(steps) > 0 && len(steps[len(steps)-1].Version.Delete) > 0 && len(heads) == 0
	if dropVersions && !o.PerMigration {
		write(postgres.DropVersionTableSQL(o.VersionSchema))
	}
	if !o.PerMigration {
		write(postgres.CommitSQL)
	}
	if dropVersions && o.PerMigration {
		write(postgres.DropVersionTableSQL(o.VersionSchema))
	}
	return flush()
}

func writePGStmt(out *strings.Builder, hooks Hooks, s string) {
	hooks.sql(s)
	out.WriteString(strings.TrimSpace(strings.ReplaceAll(s, "\t", "    ")))
	out.WriteString(";\n\n")
}

// pgOffline is the Migration of a step written as PostgreSQL SQL.
type pgOffline struct {
	planner *postgres.Planner
	hooks   Hooks
	body    *strings.Builder
	label   string
	// autocommit is set while COMMIT; has been written for statements that
	// run outside a transaction, until BEGIN; is written again.
	autocommit bool
	// block is set inside the script's autocommit block.
	block bool
	// unknown names the step whose op.execute changed the schema.
	unknown string
}

func (o *pgOffline) Dialect() string { return "postgresql" }
func (o *pgOffline) Offline() bool   { return true }

func (o *pgOffline) Inspect() (*schema.MetaData, error) {
	return nil, fmt.Errorf("%w: there is no database to inspect when writing SQL (--sql)", ErrOffline)
}

func (o *pgOffline) Execute(query string, params []map[string]any) (*Rows, error) {
	if !o.block {
		o.endAutocommit()
	}
	if len(params) == 0 {
		params = []map[string]any{nil}
	}
	for _, p := range params {
		text, err := postgres.BindLiterals(query, p)
		if err != nil {
			return nil, err
		}
		writePGStmt(o.body, o.hooks, text)
	}
	if postgres.ChangesSchema(query) {
		o.unknown = o.label
	}
	return &Rows{}, nil
}

func (o *pgOffline) endAutocommit() {
	if o.autocommit {
		writePGStmt(o.body, o.hooks, postgres.BeginSQL)
		o.autocommit = false
	}
}

func (o *pgOffline) Emit(op ops.Op) error {
	if x, ok := op.(*ops.Execute); ok {
		var params []map[string]any
		if x.Params != nil {
			params = []map[string]any{x.Params}
		}
		_, err := o.Execute(x.SQL, params)
		return err
	}
	changes, err := o.planner.Plan(op)
	if err != nil {
		if o.unknown != "" {
			return fmt.Errorf("%s: %w: op.execute in %q changed the schema, which only a database can tell: %w", o.label, ErrOffline, o.unknown, err)
		}
		return err
	}
	for _, ch := range changes {
		if ch.Autocommit && !o.autocommit {
			writePGStmt(o.body, o.hooks, postgres.CommitSQL)
			o.autocommit = true
		} else if !ch.Autocommit && !o.block {
			o.endAutocommit()
		}
		for _, s := range ch.Statements {
			writePGStmt(o.body, o.hooks, s)
		}
	}
	return nil
}

// Autocommit implements Autocommitter: COMMIT; on entering an autocommit
// block, BEGIN; on leaving it, as Alembic writes them.
func (o *pgOffline) Autocommit(on bool) error {
	if on == o.block {
		return nil
	}
	o.block = on
	if on {
		if !o.autocommit {
			writePGStmt(o.body, o.hooks, postgres.CommitSQL)
			o.autocommit = true
		}
		return nil
	}
	o.endAutocommit()
	return nil
}
