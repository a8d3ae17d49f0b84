//go:build !js

package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestTutorialPostgres does the tutorial as a learner does it, with the
// built binary, against a PostgreSQL database, and compares every output
// with the real Alembic's on PostgreSQL (testdata/tutorial/output-postgresql,
// recorded by TestParityAlembicPostgres -update) and every generated
// revision with the reference's (the same as on SQLite). The --sql output
// is compared as it is: Retort's PostgreSQL SQL is Alembic's.
func TestTutorialPostgres(t *testing.T) {
	const ref = "output-postgresql/"
	db := newPGDB(t)
	p := newProj(t)
	n := &normaliser{ids: map[string]string{}, dirs: []string{p.dir}}
	if real, err := filepath.EvalSymlinks(p.dir); err == nil && real != p.dir {
		n.dirs = append(n.dirs, real)
	}
	p.ok("init", "alembic")
	p.setURL(db.url)
	p.copyFile("testdata/tutorial/database.py", "database.py")
	p.copyFile("testdata/tutorial/models_1.py", "models.py")
	p.pointEnvAtModels()

	// create users table; upgrade head.
	before := p.versions()
	r := p.ok("revision", "--autogenerate", "-m", "create users table")
	first := newRevision(t, p, n, before)
	compareOutput(t, n, r, ref+"01-revision.txt", false)
	compareRevision(t, p, n, first, "1f67b9e072b7_create_users_table.py")
	compareOutput(t, n, p.ok("upgrade", "head"), ref+"02-upgrade.txt", false)

	// 10,000 users.
	insertUsersPG(db, 10000)

	// Add age; autogenerate; upgrade: the rows stay, age is NULL.
	p.copyFile("testdata/tutorial/models_2.py", "models.py")
	before = p.versions()
	r = p.ok("revision", "--autogenerate", "-m", "add age to users")
	second := newRevision(t, p, n, before)
	compareOutput(t, n, r, ref+"03-revision.txt", false)
	compareRevision(t, p, n, second, "3a291af61148_add_age_to_users.py")
	compareOutput(t, n, p.ok("upgrade", "head"), ref+"04-upgrade.txt", false)
	require.Equal(t, "10000", db.count("SELECT count(*) FROM users"))
	require.Equal(t, "10000", db.count("SELECT count(*) FROM users WHERE age IS NULL"))
	require.Equal(t, "1", db.count("SELECT count(*) FROM users WHERE name = 'user42' AND email = 'user42@example.com'"))

	// Add the Post model with its ForeignKey; autogenerate; upgrade.
	p.copyFile("testdata/tutorial/models.py", "models.py")
	before = p.versions()
	r = p.ok("revision", "--autogenerate", "-m", "add posts table")
	third := newRevision(t, p, n, before)
	compareOutput(t, n, r, ref+"05-revision.txt", false)
	compareRevision(t, p, n, third, "88d25a73c36d_add_posts_table.py")
	compareOutput(t, n, p.ok("upgrade", "head"), ref+"06-upgrade.txt", false)
	compareOutput(t, n, p.ok("current"), ref+"07-current.txt", false)
	require.Equal(t, "posts_user_id_fkey|FOREIGN KEY (user_id) REFERENCES users(id)\n",
		db.query("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f'"))

	// check: nothing to do.
	require.Equal(t, "No new upgrade operations detected.\n", p.ok("check").stdout)

	// The offline SQL, Alembic's byte for byte: a range up, all of it from
	// an empty database, a range down; --sql never touches the database.
	a, c := idOf(first), idOf(third)
	compareOutput(t, n, p.ok("upgrade", a+":"+c, "--sql"), ref+"11-upgrade-sql.txt", false)
	compareOutput(t, n, p.ok("upgrade", "head", "--sql"), ref+"11b-upgrade-head-sql-from-base.txt", false)
	compareOutput(t, n, p.ok("downgrade", c+":"+a, "--sql"), ref+"12-downgrade-sql.txt", false)
	require.Equal(t, c, db.count("SELECT version_num FROM alembic_version"))

	// downgrade -1; downgrade base (which drops 10,000 users, and says so).
	compareOutput(t, n, p.ok("downgrade", "-1"), ref+"13-downgrade.txt", false)
	r = p.ok("downgrade", "base")
	const warning = "WARNI [alembic.runtime.migration] Dropping table 'users' will delete its 10000 rows\n"
	require.Contains(t, r.stderr, warning)
	r.stderr = strings.Replace(r.stderr, warning, "", 1)
	compareOutput(t, n, r, ref+"14-downgrade-base.txt", false)
	require.Equal(t, "alembic_version\n", db.tables())
	require.Equal(t, "0", db.count("SELECT count(*) FROM alembic_version"))
	require.Equal(t, "", p.ok("current").stdout)

	// check, both ways.
	p.ok("upgrade", "head")
	require.Equal(t, "No new upgrade operations detected.\n", p.ok("check").stdout)
	p.edit("models.py", "    age = Column(Integer, nullable=True)\n",
		"    age = Column(Integer, nullable=True)\n    nickname = Column(String(30))\n")
	r, msg := p.fails("check")
	require.Equal(t, "FAILED: New upgrade operations detected: "+
		"[('add_column', None, 'users', Column('nickname', String(length=30), table=<users>))]", msg)
	require.Contains(t, r.stderr, "INFO  [alembic.autogenerate.compare] Detected added column 'users.nickname'\n")
	require.Equal(t, "", r.stdout)
}
