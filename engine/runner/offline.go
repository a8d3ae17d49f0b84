package runner

import (
	"errors"
	"fmt"
	"io"
	"strings"

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
// The schema is replayed step by step so that rebuilds are planned from it.
// An op.execute whose SQL changes the schema (DDL) makes the schema unknown:
// a rebuild after it in the range is an error wrapping ErrOffline, and
// nothing is written past the step before it. Hooks.Log receives each
// step's Label where Alembic logs it; Hooks.SQL each statement.
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
	unknown := "" // the step whose op.execute changed the schema

	var out strings.Builder
	stmt := func(s string) {
		hooks.sql(s)
		out.WriteString(strings.TrimSpace(strings.ReplaceAll(s, "\n\t", "\n    ")))
		if !strings.HasSuffix(s, ";") {
			out.WriteString(";")
		}
		out.WriteString("\n\n")
	}
	flush := func() error {
		_, err := io.WriteString(w, out.String())
		out.Reset()
		return err
	}
	for _, st := range steps {
		changes, after, err := sqlite.PlanAll(md, st.Ops)
		if err != nil {
			if unknown != "" {
				return fmt.Errorf("%s: %w: op.execute in %q changed the schema, which only a database can tell: %w", st.Label, ErrOffline, unknown, err)
			}
			return fmt.Errorf("%s: %w", st.Label, err)
		}
		rebuild := false
		for _, c := range changes {
			if c.Rebuild && unknown != "" {
				return fmt.Errorf("%s: %w: %s needs the real table, and op.execute in %q changed the schema with SQL only a database can run; run it online",
					st.Label, ErrOffline, c.What, unknown)
			}
			rebuild = rebuild || c.Rebuild
			if c.DDL {
				unknown = st.Label
			}
		}

		if rebuild {
			stmt(sqlite.ForeignKeysOffSQL)
		}
		stmt(sqlite.BeginSQL)
		if !hasVersions && len(st.Version.Insert) > 0 {
			stmt(sqlite.CreateVersionTableSQL())
			hasVersions = true
		}
		hooks.log(st.Label)
		out.WriteString("-- Running " + short(st) + "\n\n")
		for _, c := range changes {
			for _, s := range c.Statements {
				stmt(s)
			}
		}
		for _, rev := range st.Version.Delete {
			stmt(sqlite.DeleteVersionSQL(rev))
		}
		for _, u := range st.Version.Update {
			stmt(sqlite.UpdateVersionSQL(u.From, u.To))
		}
		for _, rev := range st.Version.Insert {
			stmt(sqlite.InsertVersionSQL(rev))
		}
		if rebuild {
			stmt(sqlite.ForeignKeyCheckSQL(""))
		}
		stmt(sqlite.CommitSQL)
		if rebuild {
			stmt(sqlite.ForeignKeysOnSQL)
		}
		if err := flush(); err != nil {
			return err
		}
		md = after
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
