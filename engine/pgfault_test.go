//go:build !js

package engine_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine"
)

// faultRevisions are four revisions: r0, the start, then three steps of
// which the second fails half-way on the server (a unique constraint over
// duplicate values) after changing schema and rows.
var faultRevisions = map[string]string{
	"r0": `    op.create_table('accounts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('owner', sa.String(length=50), nullable=False),
        sa.Column('balance', sa.Numeric(precision=10, scale=2), nullable=True),
        sa.PrimaryKeyConstraint('id'))
    op.execute("INSERT INTO accounts (owner, balance) VALUES ('ada', 10), ('bob', 20), ('ada', 30)")
`,
	"r1": `    op.create_table('ledger',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), sa.ForeignKey('accounts.id'), nullable=False),
        sa.Column('amount', sa.Numeric(precision=10, scale=2), nullable=False),
        sa.PrimaryKeyConstraint('id'))
    op.execute("INSERT INTO ledger (account_id, amount) SELECT id, balance FROM accounts")
`,
	"r2": `    op.add_column('accounts', sa.Column('note', sa.Text(), nullable=True))
    op.execute("UPDATE accounts SET note = 'seen', balance = balance * 2")
    op.drop_column('accounts', 'balance')
    op.create_index('ix_accounts_owner', 'accounts', ['owner'])
    op.create_unique_constraint('uq_accounts_owner', 'accounts', ['owner'])
`,
	"r3": `    op.create_table('audit',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'))
`,
}

// faultR1Autocommit is an r1 with an autocommit block in its middle: what
// came before it is committed, whatever happens after.
const faultR1Autocommit = `    op.create_table('ledger',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), sa.ForeignKey('accounts.id'), nullable=False),
        sa.PrimaryKeyConstraint('id'))
    op.execute("INSERT INTO ledger (account_id) SELECT id FROM accounts")
    with op.get_context().autocommit_block():
        op.execute("CREATE INDEX CONCURRENTLY ix_accounts_balance ON accounts (balance)")
    op.add_column('ledger', sa.Column('amount', sa.Numeric(precision=10, scale=2), nullable=True))
`

// faultProject is a project holding faultRevisions (without target
// metadata) on db, env.py's online configure() given envOptions; the
// revisions in replace have those bodies instead.
func faultProject(t *testing.T, db pgDB, envOptions string, replace map[string]string) *engine.Playground {
	t.Helper()
	s := pgProject(t, db, modelsHeader, envOptions)
	down := "None"
	for _, rev := range []string{"r0", "r1", "r2", "r3"} {
		body := faultRevisions[rev]
		if b, ok := replace[rev]; ok {
			body = b
		}
		src := `from alembic import op
import sqlalchemy as sa

revision = '` + rev + `'
down_revision = ` + down + `
branch_labels = None
depends_on = None


def upgrade():
` + body + `

def downgrade():
    pass
`
		require.NoError(t, s.WriteFile("alembic/versions/"+rev+"_step.py", src))
		down = "'" + rev + "'"
	}
	return s
}

// TestPostgresFailingStep injects a failure in the middle of a three-step
// upgrade (r1, r2, r3 from r0; r2 fails on the server half-way through):
//
//   - by default the run is one transaction, as Alembic runs it on
//     PostgreSQL: nothing of it remains (schema, rows and alembic_version
//     as at r0, pg_dump equal);
//   - with transaction_per_migration=True each step is one: r1 stays,
//     nothing of r2 remains (the database is the one `upgrade r1` makes);
//   - an autocommit block in r1 commits what came before it (as Alembic's
//     autocommit_block does): that stays, the rest is rolled back, and the
//     message says so.
//
// When the real Alembic is installed, it runs the same project on a third
// database and must leave the same database.
func TestPostgresFailingStep(t *testing.T) {
	for _, tc := range []struct {
		name, env, r1, stop, message string
	}{
		{"one_transaction", "", "", "r0", "the upgrade ran in one transaction and was rolled back: the database is as it was before it"},
		{"transaction_per_migration", "transaction_per_migration=True", "", "r1", "the step was rolled back: the database is as it was before it"},
		{"autocommit_block", "", faultR1Autocommit, "r0", "the transaction was rolled back to the autocommit block of upgrade r0 -> r1, which committed what ran before it: that stays done"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, want := newPGDB(t), newPGDB(t)
			s := faultProject(t, db, tc.env, map[string]string{"r1": tc.r1})
			if tc.r1 == "" {
				s = faultProject(t, db, tc.env, nil)
			}
			run(t, s, "alembic upgrade r0")
			before := db.dump(t)

			out, status := try(t, s, "alembic upgrade head")
			require.Equal(t, 1, status, out)
			require.Contains(t, out, "INFO  [alembic.runtime.migration] Running upgrade r0 -> r1\n")
			require.Contains(t, out, "INFO  [alembic.runtime.migration] Running upgrade r1 -> r2\n")
			require.NotContains(t, out, "Running upgrade r2 -> r3")
			require.Contains(t, out, `FAILED: upgrade r1 -> r2: `)
			require.Contains(t, out, `could not create unique index "uq_accounts_owner"`)
			require.Contains(t, out, tc.message)
			require.Equal(t, tc.stop+"\n", db.query(t, "SELECT version_num FROM alembic_version"))
			require.Equal(t, "1|ada|10.00\n2|bob|20.00\n3|ada|30.00\n", db.query(t, "SELECT id, owner, balance FROM accounts ORDER BY id"))

			if tc.r1 == "" {
				// The database an upgrade to where the run stopped makes.
				run(t, faultProject(t, want, tc.env, nil), "alembic upgrade "+tc.stop)
				require.Equal(t, want.dump(t), db.dump(t), "after the failed run (- what upgrade %s makes, + the database)", tc.stop)
				if tc.stop == "r0" {
					require.Equal(t, before, db.dump(t))
				}
			} else {
				// What r1 did before its autocommit block stays, the rest not.
				require.Equal(t, "1|1\n2|2\n3|3\n", db.query(t, "SELECT id, account_id FROM ledger ORDER BY id"))
				require.Equal(t, "ix_accounts_balance\n", db.query(t, "SELECT indexname FROM pg_indexes WHERE tablename = 'accounts' AND indexname LIKE 'ix_%'"))
				require.Equal(t, "id\naccount_id\n", db.query(t, "SELECT column_name FROM information_schema.columns WHERE table_name = 'ledger' ORDER BY ordinal_position"))
			}

			// The real Alembic, on the same project and a database of its own.
			if adb, ok := alembicRun(t, s, db, "r0"); ok {
				require.Equal(t, adb.dump(t), db.dump(t), "after the failed run (- Alembic's database, + Retort's)")
			}
		})
	}
}

// alembicRun runs the real Alembic on a copy of the session's project (on
// disk) against a database of its own: upgrade start first when start is
// not "", then upgrade head, which must fail as Retort's did (on the
// duplicate owners). ok is false when Alembic or its psycopg2 is missing.
func alembicRun(t *testing.T, s *engine.Playground, db pgDB, start string) (adb pgDB, ok bool) {
	t.Helper()
	alembic, err := exec.LookPath("alembic")
	if err != nil || exec.Command("/usr/bin/python3", "-c", "import psycopg2").Run() != nil {
		t.Log("not compared with the real Alembic: install it with psycopg2 (Debian: apt-get install -y alembic python3-psycopg2)")
		return pgDB{}, false
	}
	adb = newPGDB(t)
	dir := t.TempDir()
	for _, name := range s.Files() {
		text, err := s.ReadFile(name)
		require.NoError(t, err)
		if name == "alembic.ini" {
			text = strings.Replace(text, db.url, adb.url, 1)
		}
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	runAlembic := func(args ...string) (string, error) {
		cmd := exec.Command(alembic, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1")
		b, err := cmd.CombinedOutput()
		return string(b), err
	}
	if start != "" {
		out, err := runAlembic("upgrade", start)
		require.NoError(t, err, out)
	}
	out, err := runAlembic("upgrade", "head")
	require.Error(t, err, out)
	return adb, true
}

// TestPostgresFailingFirstStep makes the first step of a run on an empty
// database fail: nothing remains, alembic_version included, with one
// transaction for the run or one per step. (With transaction_per_migration=True
// the real Alembic creates alembic_version before the first step's
// transaction, and an empty one stays: Retort creates it inside, so that the
// database is exactly as it was. The comparison with Alembic allows that.)
func TestPostgresFailingFirstStep(t *testing.T) {
	r0 := faultRevisions["r0"] + "    op.execute(\"SELECT 1 / 0\")\n"
	for _, tc := range []struct{ name, env string }{
		{"one_transaction", ""},
		{"transaction_per_migration", "transaction_per_migration=True"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := newPGDB(t)
			before := db.dump(t)
			s := faultProject(t, db, tc.env, map[string]string{"r0": r0})
			out, status := try(t, s, "alembic upgrade head")
			require.Equal(t, 1, status, out)
			require.Contains(t, out, "division by zero")
			require.Equal(t, before, db.dump(t))
			if adb, ok := alembicRun(t, s, db, ""); ok {
				if tc.env != "" {
					require.Equal(t, "", adb.query(t, "SELECT version_num FROM alembic_version"))
					adb.exec(t, "DROP TABLE alembic_version")
				}
				require.Equal(t, adb.dump(t), db.dump(t), "after the failed run (- Alembic's database, + Retort's)")
			}
		})
	}
}
