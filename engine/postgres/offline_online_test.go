//go:build !js

package postgres

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/ops"
	"retort/engine/postgres/pgtest"
	"retort/engine/schema"
)

// TestOfflineScriptsRunOnPostgres feeds the --sql output of every archive
// in testdata/offline to psql -v ON_ERROR_STOP=1 -f, runs the same steps
// online through DB (plan, execute, in transactions as the runner will), and
// requires the same catalog state (Inspect) and row counts from both, and
// the schema the plan expected. Where Retort's SQL is Alembic's (no
// *.retort.sql in the archive), Alembic's recorded SQL is fed to psql too
// and must give the same state. Upgrade, then downgrade to base.
//
// An upgrade that fails on PostgreSQL (the gallery's: DEFAULT 1 on a
// BOOLEAN column) must fail both ways and leave the same database.
func TestOfflineScriptsRunOnPostgres(t *testing.T) {
	paths, err := filepath.Glob("testdata/offline/*.txtar")
	require.NoError(t, err)
	for _, path := range paths {
		name := strings.TrimSuffix(filepath.Base(path), ".txtar")
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			a := readArchive(t, path)
			c := loadCase(t, name, a)

			viaPsql := newCaseDB(t, c)
			online := openTestDB(t)
			if c.setup != "" {
				execSQL(t, online, c.setup)
			}
			for _, upgrade := range []bool{true, false} {
				dir := map[bool]string{true: "upgrade", false: "downgrade"}[upgrade]
				sql, err := c.offlineSQL(upgrade)
				require.NoError(t, err)
				_, psqlErr := psql(t, viaPsql.dsn, sql)
				onlineErr := c.runOnline(ctx, online, upgrade)
				require.Equal(t, psqlErr == nil, onlineErr == nil, "%s: psql: %v; online: %v", dir, psqlErr, onlineErr)
				got := inspect(t, online)
				requireSameSchema(t, inspect(t, viaPsql.db), got, "%s: psql and online differ", dir)
				requireSameRows(t, viaPsql.db, online, got)
				if onlineErr == nil {
					want, unknown := c.expected(t, upgrade)
					if unknown {
						// op.execute ran DDL the plan cannot know (CREATE TYPE color).
						want.Enums = got.Enums
					}
					requireSameSchema(t, want, got, "%s: not the schema the plan expected", dir)
				}

				alembic, ok := a.get(dir + ".sql")
				if _, differs := a.get(dir + ".retort.sql"); ok && !differs {
					// Alembic's own SQL, from the same start.
					if upgrade {
						viaAlembic := newCaseDB(t, c)
						_, alembicErr := psql(t, viaAlembic.dsn, alembic)
						require.Equal(t, onlineErr == nil, alembicErr == nil, "Alembic's upgrade through psql: %v", alembicErr)
						requireSameSchema(t, got, inspect(t, viaAlembic.db), "Alembic's upgrade through psql gives another schema")
						requireSameRows(t, viaAlembic.db, online, got)
					}
				}
				if onlineErr != nil {
					return // nothing to downgrade
				}
			}
		})
	}
}

type caseDB struct {
	dsn string
	db  *DB
}

// newCaseDB makes a fresh database with the archive's setup SQL run.
func newCaseDB(t *testing.T, c *offlineCase) caseDB {
	dsn := pgtest.DSN(t)
	db, err := OpenDSN(context.Background(), dsn)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	if c.setup != "" {
		execSQL(t, db, c.setup)
	}
	return caseDB{dsn, db}
}

// psql runs SQL text through psql -v ON_ERROR_STOP=1 -f.
func psql(t *testing.T, dsn, sql string) (string, error) {
	path := filepath.Join(t.TempDir(), "script.sql")
	require.NoError(t, os.WriteFile(path, []byte(sql), 0o644))
	return pgtest.Psql(t, dsn, path)
}

// requireSameRows compares the row counts of every table of md in two databases.
func requireSameRows(t *testing.T, a, b *DB, md *schema.MetaData) {
	t.Helper()
	ctx := context.Background()
	for _, tb := range md.Tables {
		var na, nb int64
		require.NoError(t, a.QueryRow(ctx, CountRowsSQL(tb.Schema, tb.Name)).Scan(&na))
		require.NoError(t, b.QueryRow(ctx, CountRowsSQL(tb.Schema, tb.Name)).Scan(&nb))
		require.Equal(t, na, nb, "rows of %s.%s", tb.Schema, tb.Name)
	}
}

// runOnline runs the archive's upgrade (or downgrade to base) on db as the
// runner will: alembic_version created and moved in the same transactions
// as the steps, one transaction for the run (one per step with
// transaction_per_migration), the changes that must run outside one
// outside it.
func (c *offlineCase) runOnline(ctx context.Context, db *DB, upgrade bool) error {
	md, err := Inspect(ctx, db)
	if err != nil {
		return err
	}
	var steps []func(*schema.MetaData) ([]Change, *schema.MetaData, error)
	withVersion := func(list opList, pre, post []string) func(*schema.MetaData) ([]Change, *schema.MetaData, error) {
		return func(md *schema.MetaData) ([]Change, *schema.MetaData, error) {
			changes, after, err := PlanAll(md, list)
			if err != nil {
				return nil, nil, err
			}
			var out []Change
			if len(pre) > 0 {
				out = append(out, Change{What: "alembic_version", Statements: pre})
			}
			out = append(out, changes...)
			out = append(out, Change{What: "alembic_version", Statements: post})
			return out, after, nil
		}
	}
	if upgrade {
		for i, r := range c.revs {
			var pre []string
			ver := UpdateVersionSQL(c.versionSchema, r.down, r.id)
			if i == 0 {
				pre = []string{CreateVersionTableSQL(c.versionSchema)}
				ver = InsertVersionSQL(c.versionSchema, r.id)
			}
			steps = append(steps, withVersion(r.upgrade, pre, []string{ver}))
		}
	} else {
		for i := len(c.revs) - 1; i >= 0; i-- {
			r := c.revs[i]
			post := []string{UpdateVersionSQL(c.versionSchema, r.id, r.down)}
			if i == 0 {
				post = []string{DeleteVersionSQL(c.versionSchema, r.id), DropVersionTableSQL(c.versionSchema)}
			}
			steps = append(steps, withVersion(r.downgrade, nil, post))
		}
	}
	if c.perMigration {
		for _, step := range steps {
			changes, after, err := step(md)
			if err != nil {
				return err
			}
			if err := runChanges(ctx, db, changes); err != nil {
				return err
			}
			md = after
		}
		return nil
	}
	var all []Change
	for _, step := range steps {
		changes, after, err := step(md)
		if err != nil {
			return err
		}
		all = append(all, changes...)
		md = after
	}
	return runChanges(ctx, db, all)
}

type opList = []ops.Op

// expected is the schema the plan expects after the archive's upgrade (or
// after the upgrade and the downgrade), from an empty database; unknown
// says an op.execute may have changed the schema in ways the plan does not
// know.
func (c *offlineCase) expected(t testing.TB, upgrade bool) (md *schema.MetaData, unknown bool) {
	t.Helper()
	md = &schema.MetaData{}
	plan := func(list []ops.Op) {
		changes, after, err := PlanAll(md, list)
		require.NoError(t, err)
		for _, ch := range changes {
			unknown = unknown || ch.DDL
		}
		md = after
	}
	for _, r := range c.revs {
		plan(r.upgrade)
	}
	md.Tables = append(md.Tables, VersionTable(c.versionSchema))
	if !upgrade {
		for i := len(c.revs) - 1; i >= 0; i-- {
			plan(c.revs[i].downgrade)
		}
		md.Tables = removeTable(md.Tables, c.versionSchema, VersionTableName)
	}
	return md, unknown
}

func removeTable(list []*schema.Table, sch, name string) []*schema.Table {
	var out []*schema.Table
	for _, t := range list {
		if t.Schema != sch || t.Name != name {
			out = append(out, t)
		}
	}
	return out
}
