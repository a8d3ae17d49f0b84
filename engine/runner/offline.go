package runner

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"retort/engine/ops"
	"retort/engine/schema"
	"retort/engine/sqlite"
)

// ErrOffline is wrapped when a range of steps cannot be written as SQL
// without a database.
var ErrOffline = errors.New("cannot be rendered as offline SQL")

// SQL renders the SQL a range of steps would run, without a database (the
// --sql mode), starting from the schema start describes (nil: an empty
// database). See WriteSQL.
func SQL(start *schema.MetaData, steps []Step) (string, error) {
	var b strings.Builder
	if err := WriteSQL(&b, start, steps, Hooks{}); err != nil {
		return "", err
	}
	return b.String(), nil
}

// WriteSQL writes the SQL a range of steps would run, in Alembic's --sql
// layout: a "-- Running upgrade A -> B" comment per step, each statement
// followed by ";" and a blank line, and CREATE TABLE alembic_version first when
// the range starts from base. Retort adds what makes the script do what an
// online run does when fed to the sqlite3 shell: BEGIN;/COMMIT; around each
// step, and PRAGMA foreign_keys=OFF;/ON; outside them around a step that
// rebuilds a table (with PRAGMA foreign_key_check; before its COMMIT).
//
// Each step's program runs offline: its operations are planned against the
// schema replayed so far and written; the SQL it executes itself is written
// with its parameters as literals. An op.execute whose SQL changes the
// schema (DDL) makes the schema unknown: a rebuild after it in the range is
// an error wrapping ErrOffline, and nothing is written past the step before
// it. Hooks.Log receives each step's Label where Alembic logs it; Hooks.SQL
// each statement.
//
// alembic_version is created before the first step that adds a head while
// no head is known: unless start holds an alembic_version table, or the
// first step moves or removes a head.
func WriteSQL(w io.Writer, start *schema.MetaData, steps []Step, hooks Hooks) error {
	md := start.Clone()
	if md == nil {
		md = &schema.MetaData{}
	}
	hasVersions := md.Table(sqlite.VersionTable.Name) != nil
	if len(steps) > 0 && (len(steps[0].Version.Update) > 0 || len(steps[0].Version.Delete) > 0) {
		hasVersions = true
	}
	o := &offline{md: md, hooks: hooks}
	o.held.notice = hooks.Notice
	for _, st := range steps {
		o.body.Reset()
		o.rebuild = false
		o.label = st.Label
		if err := st.program()(o); err != nil {
			return err
		}
		if err := o.held.flush(o.carry); err != nil {
			return err
		}
		var out strings.Builder
		write := func(s string) { writeStmt(&out, hooks, s) }
		if o.rebuild {
			write(sqlite.ForeignKeysOffSQL)
		}
		write(sqlite.BeginSQL)
		if !hasVersions && len(st.Version.Insert) > 0 {
			write(sqlite.CreateVersionTableSQL())
			hasVersions = true
		}
		hooks.log(st.Label)
		out.WriteString("-- Running " + short(st) + "\n\n")
		out.WriteString(o.body.String())
		for _, rev := range st.Version.Delete {
			write(sqlite.DeleteVersionSQL(rev))
		}
		for _, u := range st.Version.Update {
			write(sqlite.UpdateVersionSQL(u.From, u.To))
		}
		for _, rev := range st.Version.Insert {
			write(sqlite.InsertVersionSQL(rev))
		}
		if o.rebuild {
			write(sqlite.ForeignKeyCheckSQL(""))
		}
		write(sqlite.CommitSQL)
		if o.rebuild {
			write(sqlite.ForeignKeysOnSQL)
		}
		if _, err := io.WriteString(w, out.String()); err != nil {
			return err
		}
	}
	return nil
}

func writeStmt(out *strings.Builder, hooks Hooks, s string) {
	hooks.sql(s)
	out.WriteString(strings.TrimSpace(strings.ReplaceAll(s, "\n\t", "\n    ")))
	if !strings.HasSuffix(s, ";") {
		out.WriteString(";")
	}
	out.WriteString("\n\n")
}

// offline is the Migration of a step written as SQL.
type offline struct {
	md      *schema.MetaData
	hooks   Hooks
	label   string
	body    strings.Builder
	rebuild bool
	// unknown names the step whose op.execute changed the schema.
	unknown string
	held    held
}

func (o *offline) Dialect() string { return "sqlite" }
func (o *offline) Offline() bool   { return true }

func (o *offline) Inspect() (*schema.MetaData, error) {
	return nil, fmt.Errorf("%w: there is no database to inspect when writing SQL (--sql)", ErrOffline)
}

func (o *offline) Execute(query string, params []map[string]any) (*Rows, error) {
	if err := o.held.flush(o.carry); err != nil {
		return nil, err
	}
	if len(params) == 0 {
		params = []map[string]any{nil}
	}
	for _, p := range params {
		text, err := sqlite.BindLiterals(query, p)
		if err != nil {
			return nil, err
		}
		writeStmt(&o.body, o.hooks, text)
	}
	return &Rows{}, nil
}

func (o *offline) Emit(op ops.Op) error {
	err := o.held.add(o.md, op, o.carry)
	if err != nil && o.unknown != "" && !errors.Is(err, ErrOffline) {
		return fmt.Errorf("%s: %w: op.execute in %q changed the schema, which only a database can tell: %w", o.label, ErrOffline, o.unknown, err)
	}
	return err
}

// carry writes the statements of items.
func (o *offline) carry(items []sqlite.Item) error {
	for len(items) > 0 {
		c, after, err := sqlite.PlanNext(o.md, items)
		if err != nil {
			if o.unknown != "" {
				return fmt.Errorf("%s: %w: op.execute in %q changed the schema, which only a database can tell: %w", o.label, ErrOffline, o.unknown, err)
			}
			return err
		}
		if c.Rebuild && o.unknown != "" {
			return fmt.Errorf("%s: %w: %s needs the real table, and op.execute in %q changed the schema with SQL only a database can run; run it online",
				o.label, ErrOffline, c.What, o.unknown)
		}
		o.rebuild = o.rebuild || c.Rebuild
		if c.DDL {
			o.unknown = o.label
		}
		for _, s := range c.Statements {
			writeStmt(&o.body, o.hooks, s)
		}
		o.md = after
		items = items[len(c.Items):]
	}
	return nil
}

// short is the step as the --sql comment names it.
func short(st Step) string {
	if st.Short != "" {
		return st.Short
	}
	s := strings.TrimPrefix(st.Label, "Running ")
	if arrow := strings.Index(s, "-> "); arrow >= 0 {
		if comma := strings.Index(s[arrow:], ", "); comma >= 0 {
			return s[:arrow+comma]
		}
	}
	return s
}
