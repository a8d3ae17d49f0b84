package postgres

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/models"
	"retort/engine/ops"
	"retort/engine/schema"
	"retort/engine/script"
)

// TestOfflineParity compares Retort's PostgreSQL SQL with what the real
// Alembic 1.8.1 prints for the same revisions (`alembic upgrade head --sql`,
// `alembic downgrade head:base --sql`, recorded in testdata/offline by
// testdata/offline/record.py), statement for statement, in Alembic's --sql
// layout (offlineSQL below writes it as the runner will).
//
// Retort quotes every identifier; before comparing, its output is put back
// into SQLAlchemy's quoting (alembicQuoting: a name is quoted only when
// SQLAlchemy's PostgreSQL preparer would quote it), so that this is the only
// difference that needs no note. Every other difference is deliberate and
// recorded in the archive as <upgrade|downgrade>.retort.sql (what Retort
// writes, refreshed with -update), with the archive's comment saying why.
// They are:
//
//   - drop_constraint(None, …): Alembic cannot drop an unnamed constraint
//     ("Can't emit DROP CONSTRAINT …; it has no name"); Retort drops it by
//     the name PostgreSQL gave it (posts_user_id_fkey), known from the
//     schema (gallery_plain, gallery_batch).
//   - string literals holding a backslash: SQLAlchemy, offline, doubles the
//     backslash inside a plain literal, which a server with the default
//     standard_conforming_strings=on keeps doubled; Retort writes an escape
//     string, E'C:\\temp', which means C:\temp on any server (comments).
//
// Two more differences are not in the archives, because Alembic's SQL for
// them fails on a server:
//
//   - CREATE/DROP INDEX CONCURRENTLY outside Alembic's autocommit_block:
//     Alembic writes it inside the transaction (PostgreSQL refuses it there);
//     Retort's plan marks it Autocommit, and the runner commits before it and
//     begins again after, as autocommit_block does (indexes.txtar uses the
//     block, so both agree).
//   - a create_table whose enum type the database already has (a downgrade
//     dropped the table but, as in Alembic, not the type): Alembic creates
//     it again and fails; Retort's plan knows the type from the schema
//     (MetaData.Enums) and does not.
//
// What a script says that Retort's ops cannot say yet (func.now() and
// sa.false() as server defaults, which arrive as SQLite's
// (CURRENT_TIMESTAMP) and 0) is left out of these scripts; see defaultSQL.
func TestOfflineParity(t *testing.T) {
	paths, err := filepath.Glob("testdata/offline/*.txtar")
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	for _, path := range paths {
		name := strings.TrimSuffix(filepath.Base(path), ".txtar")
		t.Run(name, func(t *testing.T) {
			a := readArchive(t, path)
			c := loadCase(t, name, a)
			changed := false
			for _, dir := range []string{"upgrade", "downgrade"} {
				got, err := c.offlineSQL(dir == "upgrade")
				require.NoError(t, err)
				got = alembicQuoting(t, got)
				alembic, ok := a.get(dir + ".sql")
				if !ok {
					alembic, ok = a.get(dir + ".error")
					require.True(t, ok, "%s: no recorded %s: run testdata/offline/record.py", path, dir)
					alembic = "" // Alembic failed: Retort's SQL must be recorded as a difference
				}
				retortName := dir + ".retort.sql"
				if *update {
					want := got
					if got == alembic {
						want = ""
					}
					if old, _ := a.get(retortName); old != want {
						a.set(retortName, want)
						changed = true
					}
					continue
				}
				want, differs := a.get(retortName)
				if !differs {
					want = alembic
				}
				require.Equal(t, want, got, "%s: %s differs from %s", path, dir, map[bool]string{true: retortName, false: "Alembic's"}[differs])
				if differs {
					require.NotEqual(t, alembic, want, "%s: %s equals Alembic's output: delete it (go test -update)", path, retortName)
				}
			}
			if changed {
				require.NoError(t, os.WriteFile(path, []byte(formatArchive(a)), 0o644))
			}
		})
	}
}

// offlineCase is one archive's revisions, in order from base, with their ops.
type offlineCase struct {
	revs          []offlineRev
	versionSchema string // env.py's version_table_schema
	perMigration  bool   // env.py's transaction_per_migration=True
	setup         string // SQL a database needs before the revisions (schemas)
}

type offlineRev struct {
	id, down  string
	upgrade   []ops.Op
	downgrade []ops.Op
}

var (
	revisionRe      = regexp.MustCompile(`(?m)^revision(?:\s*:\s*str)?\s*=\s*['"]([^'"]+)['"]`)
	downRevisionRe  = regexp.MustCompile(`(?m)^down_revision(?:\s*:[^=]*)?\s*=\s*(?:None|['"]([^'"]*)['"])`)
	versionSchemaRe = regexp.MustCompile(`version_table_schema\s*=\s*['"]([^'"]+)['"]`)
)

// loadCase reads an archive's revisions: their ops from offlineOps (Go
// values, for what the script package does not read yet: schema=,
// postgresql_*, identity, comments ops) or from the scripts themselves.
func loadCase(t testing.TB, name string, a archive) *offlineCase {
	t.Helper()
	c := &offlineCase{}
	if env, ok := a.get("env"); ok {
		if m := versionSchemaRe.FindStringSubmatch(env); m != nil {
			c.versionSchema = m[1]
		}
		c.perMigration = strings.Contains(env, "transaction_per_migration=True")
	}
	c.setup, _ = a.get("setup.sql")
	byDown := map[string]*offlineRev{}
	for _, f := range a.Files {
		if !strings.HasPrefix(f.Name, "versions/") {
			continue
		}
		rev := &offlineRev{}
		m := revisionRe.FindStringSubmatch(f.Data)
		require.NotNil(t, m, "%s: no revision", f.Name)
		rev.id = m[1]
		if d := downRevisionRe.FindStringSubmatch(f.Data); d != nil {
			rev.down = d[1]
		}
		if goOps, ok := offlineOps[name]; ok {
			r, ok := goOps[rev.id]
			require.True(t, ok, "offlineOps[%q] has no revision %q", name, rev.id)
			rev.upgrade, rev.downgrade = r.up, r.down
		} else {
			file, err := script.Parse(f.Name, []byte(f.Data))
			require.NoError(t, err)
			rt := script.New(script.Project{FS: models.Files{f.Name: []byte(f.Data)}, Root: "/project"}, script.Options{Offline: true, Dialect: "postgresql"})
			rev.upgrade, err = rt.Collect(file, script.Upgrade, "postgresql")
			require.NoError(t, err)
			rev.downgrade, err = rt.Collect(file, script.Downgrade, "postgresql")
			require.NoError(t, err)
		}
		_, dup := byDown[rev.down]
		require.False(t, dup, "%s: revisions must form one line", name)
		byDown[rev.down] = rev
	}
	for down := ""; byDown[down] != nil; down = byDown[down].id {
		c.revs = append(c.revs, *byDown[down])
	}
	require.Len(t, c.revs, len(byDown), "%s: revisions must form one line from base", name)
	return c
}

// offlineSQL writes the --sql output of upgrade head (or downgrade
// head:base) from an empty database, in Alembic's layout for PostgreSQL:
// BEGIN; … COMMIT; around the run (around each step with
// transaction_per_migration), alembic_version created first, a "-- Running"
// comment per step, each statement followed by ";" and a blank line, COMMIT;
// … BEGIN; around what must run outside a transaction, and DROP TABLE
// alembic_version when a downgrade reaches base.
func (c *offlineCase) offlineSQL(upgrade bool) (string, error) {
	var b strings.Builder
	stmt := func(s string) {
		b.WriteString(strings.TrimSpace(strings.ReplaceAll(s, "\t", "    ")) + ";\n\n")
	}
	// The schema before each step, replayed from base.
	md := &schema.MetaData{}
	before := make([]*schema.MetaData, len(c.revs))
	for i, r := range c.revs {
		before[i] = md
		_, after, err := PlanAll(md, r.upgrade)
		if err != nil {
			return "", fmt.Errorf("upgrade %s: %w", r.id, err)
		}
		md = after
	}
	type step struct {
		label string
		md    *schema.MetaData
		ops   []ops.Op
		ver   string
	}
	var steps []step
	if upgrade {
		for i, r := range c.revs {
			v := InsertVersionSQL(c.versionSchema, r.id)
			if i > 0 {
				v = UpdateVersionSQL(c.versionSchema, r.down, r.id)
			}
			steps = append(steps, step{"upgrade " + r.down + " -> " + r.id, before[i], r.upgrade, v})
		}
	} else {
		for i := len(c.revs) - 1; i >= 0; i-- {
			r := c.revs[i]
			v := DeleteVersionSQL(c.versionSchema, r.id)
			if i > 0 {
				v = UpdateVersionSQL(c.versionSchema, r.id, r.down)
			}
			steps = append(steps, step{"downgrade " + r.id + " -> " + r.down, md, r.downgrade, v})
			_, after, err := PlanAll(md, r.downgrade)
			if err != nil {
				return "", fmt.Errorf("downgrade %s: %w", r.id, err)
			}
			md = after
		}
	}
	if !c.perMigration {
		stmt(BeginSQL)
	}
	for i, st := range steps {
		if c.perMigration {
			stmt(BeginSQL)
		}
		if upgrade && i == 0 {
			stmt(CreateVersionTableSQL(c.versionSchema))
		}
		b.WriteString("-- Running " + st.label + "\n\n")
		changes, _, err := PlanAll(st.md, st.ops)
		if err != nil {
			return "", fmt.Errorf("%s: %w", st.label, err)
		}
		for j, ch := range changes {
			if ch.Autocommit && (j == 0 || !changes[j-1].Autocommit) {
				stmt(CommitSQL)
			}
			for _, s := range ch.Statements {
				stmt(s)
			}
			if ch.Autocommit && (j == len(changes)-1 || !changes[j+1].Autocommit) {
				stmt(BeginSQL)
			}
		}
		stmt(st.ver)
		if c.perMigration {
			stmt(CommitSQL)
		}
	}
	if !upgrade && !c.perMigration {
		stmt(DropVersionTableSQL(c.versionSchema))
	}
	if !c.perMigration {
		stmt(CommitSQL)
	}
	if !upgrade && c.perMigration {
		stmt(DropVersionTableSQL(c.versionSchema))
	}
	return b.String(), nil
}

// alembicQuoting rewrites SQL that quotes every identifier into SQLAlchemy's
// quoting: a name stays quoted only when SQLAlchemy's PostgreSQL preparer
// would quote it (a reserved word, upper case, anything but letters, digits,
// _ and $, or a leading digit or $).
func alembicQuoting(t testing.TB, sql string) string {
	t.Helper()
	toks, err := lex(sql)
	require.NoError(t, err)
	var b strings.Builder
	last := 0
	for _, tok := range toks {
		if tok.Kind != tokIdent || requiresQuotes(tok.Text) {
			continue
		}
		b.WriteString(sql[last:tok.Start])
		b.WriteString(tok.Text)
		last = tok.End
	}
	b.WriteString(sql[last:])
	return b.String()
}

var legalName = regexp.MustCompile(`^[A-Za-z0-9_$]+$`)

// requiresQuotes is SQLAlchemy's IdentifierPreparer._requires_quotes for
// PostgreSQL.
func requiresQuotes(name string) bool {
	lc := strings.ToLower(name)
	return slices.Contains(sqlalchemyReservedWords, lc) || name[0] >= '0' && name[0] <= '9' || name[0] == '$' ||
		!legalName.MatchString(name) || lc != name
}

// sqlalchemyReservedWords is sqlalchemy.dialects.postgresql.base.RESERVED_WORDS (1.4.46).
var sqlalchemyReservedWords = strings.Fields(`all analyse analyze and any array as asc asymmetric
authorization between binary both case cast check collate column constraint create cross
current_catalog current_date current_role current_schema current_time current_timestamp
current_user default deferrable desc distinct do else end except false fetch for foreign freeze
from full grant group having ilike in initially inner intersect into is isnull join leading left
like limit localtime localtimestamp natural new not notnull null of off offset old on only or
order outer over overlaps placing primary references returning right select session_user similar
some symmetric table then to trailing true union unique user using variadic verbose when where
window with`)
