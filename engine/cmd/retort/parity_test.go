//go:build !js

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"retort/internal/golden"

	"github.com/stretchr/testify/require"
)

// The parity test and the benchmarks compare Retort with the real Alembic when
// it is installed (Debian: apt-get install -y alembic, which brings
// python3-alembic 1.8.1 and SQLAlchemy 1.4). Without it they skip.

const noAlembic = "alembic is not on PATH: install the real Alembic (Debian: apt-get install -y alembic) to compare Retort with it"

// alembicBinary returns the alembic command, or "" when it is not installed.
func alembicBinary() string {
	p, err := exec.LookPath("alembic")
	if err != nil {
		return ""
	}
	return p
}

// hasPsycopg2 reports whether the Python that runs the alembic script (its
// #! line) imports psycopg2, SQLAlchemy's PostgreSQL driver.
func hasPsycopg2(alembic string) bool {
	b, err := os.ReadFile(alembic)
	if err != nil {
		return false
	}
	line, _, _ := strings.Cut(string(b), "\n")
	python := strings.Fields(strings.TrimPrefix(line, "#!"))
	if !strings.HasPrefix(line, "#!") || len(python) == 0 {
		return false
	}
	return exec.Command(python[0], append(python[1:], "-c", "import psycopg2")...).Run() == nil
}

// revisionIDs are revision ids in output, which differ between two runs.
var revisionIDs = regexp.MustCompile(`[0-9a-f]{12}`)

// alembic18Columns is the list of columns Alembic 1.8 prints in "Detected
// added index/unique constraint ... on '['a', 'b']'"; since 1.12 it is a
// tuple, as Retort prints it (see engine/diff's gallery test).
var alembic18Columns = regexp.MustCompile(`(?m)( on )'\[([^\]\n]*)\]'$`)

// asTuple rewrites alembic18Columns' lists as tuples.
func asTuple(s string) string {
	return alembic18Columns.ReplaceAllStringFunc(s, func(m string) string {
		items := alembic18Columns.FindStringSubmatch(m)[2]
		if !strings.Contains(items, ",") {
			items += ","
		}
		return " on '(" + items + ")'"
	})
}

// pythonWarning is a warning Python's warnings module writes (two lines:
// where, and the source line), which Retort does not imitate: Alembic's
// "autoincrement and existing_autoincrement only make sense for MySQL", which
// its own autogenerate's alter_column on an autoincrement column causes.
var pythonWarning = regexp.MustCompile(`(?m)^\S+:\d+: \w*Warning: .*\n  .*\n`)

// alembicEnv keeps Python from writing __pycache__ folders into the projects.
var alembicEnv = []string{"PYTHONDONTWRITEBYTECODE=1"}

// twin is the same tutorial done twice, side by side: once with retort, once
// with alembic.
type twin struct {
	t       *testing.T
	alembic string
	r, a    *proj
}

// runA runs the real alembic in a folder; it must succeed.
func (tw *twin) runA(dir string, args ...string) result {
	tw.t.Helper()
	r := runIn(tw.t, dir, tw.alembic, alembicEnv, args...)
	require.Equal(tw.t, 0, r.code, "alembic: %s", r)
	return r
}

// both runs a command in both folders and checks that the two logged the same
// lines, revision ids, paths and Retort's "transactional DDL" aside.
func (tw *twin) both(args ...string) (retort, alembic result) {
	tw.t.Helper()
	retort = tw.r.ok(args...)
	alembic = tw.runA(tw.a.dir, args...)
	norm := func(p *proj, s string) string {
		s = strings.ReplaceAll(s, p.dir, "/path/to/project")
		s = strings.ReplaceAll(s, "Will assume non-transactional DDL.", "Will assume transactional DDL.")
		s = revisionIDs.ReplaceAllString(s, "<rev>")
		s = asTuple(s)
		return pythonWarning.ReplaceAllString(s, "")
	}
	// Retort's data-loss WARNINGs are its own (tested elsewhere).
	var logged []string
	for _, l := range lines(retort.stderr) {
		if !strings.HasPrefix(l, "WARNI [") {
			logged = append(logged, l+"\n")
		}
	}
	require.Equal(tw.t, norm(tw.a, alembic.stderr), norm(tw.r, strings.Join(logged, "")), "stderr of %v", args)
	require.Equal(tw.t, norm(tw.a, alembic.stdout), norm(tw.r, retort.stdout), "stdout of %v", args)
	return retort, alembic
}

// sameSchema compares the two databases as autogenerate sees them.
func (tw *twin) sameSchema() {
	tw.t.Helper()
	rdb, adb := tw.r.db("myapp.db"), tw.a.db("myapp.db")
	requireSameSchema(tw.t, inspect(tw.t, adb), inspect(tw.t, rdb))
	require.NoError(tw.t, rdb.Close())
	require.NoError(tw.t, adb.Close())
}

// sameRevisions compares the op bodies of the newest revision in each folder.
func (tw *twin) sameNewRevision(beforeR, beforeA []string) {
	tw.t.Helper()
	rf := newFile(tw.t, tw.r, beforeR)
	af := newFile(tw.t, tw.a, beforeA)
	rUp, rDown := opBodies(tw.t, "retort", rf)
	aUp, aDown := opBodies(tw.t, "alembic", af)
	require.Equal(tw.t, aUp, rUp, "upgrade bodies")
	require.Equal(tw.t, aDown, rDown, "downgrade bodies")
}

// TestParityAlembic does the tutorial in two folders, one with retort and one
// with the real alembic (compare_type=True in its env.py, as current Alembic
// defaults), and checks that both log the same, generate the same ops and end
// with the same schema; then that each tool runs in the folder the other made.
func TestParityAlembic(t *testing.T) {
	bin := alembicBinary()
	if bin == "" {
		t.Skip(noAlembic)
	}
	tw := &twin{t: t, alembic: bin, r: newProj(t), a: newProj(t)}
	tw.r.initTutorial()
	tw.runA(tw.a.dir, "init", "alembic")
	tw.a.setURL("sqlite:///./myapp.db")
	tw.a.copyFile("testdata/tutorial/database.py", "database.py")
	tw.a.copyFile("testdata/tutorial/models_1.py", "models.py")
	tw.a.pointEnvAtModels()
	tw.a.edit("alembic/env.py", "connection=connection, target_metadata=target_metadata\n",
		"connection=connection, target_metadata=target_metadata,\n            compare_type=True,\n")

	steps := []struct{ models, message string }{
		{"models_1.py", "create users table"},
		{"models_2.py", "add age to users"},
		{"models.py", "add posts table"},
	}
	for i, st := range steps {
		tw.r.copyFile("testdata/tutorial/"+st.models, "models.py")
		tw.a.copyFile("testdata/tutorial/"+st.models, "models.py")
		beforeR, beforeA := tw.r.versions(), tw.a.versions()
		tw.both("revision", "--autogenerate", "-m", st.message)
		tw.sameNewRevision(beforeR, beforeA)
		tw.both("upgrade", "head")
		tw.sameSchema()
		if i == 0 {
			for _, p := range []*proj{tw.r, tw.a} {
				db := p.db("myapp.db")
				insertUsers(t, db, 100)
				require.NoError(t, db.Close())
			}
		}
	}
	tw.both("current")
	tw.both("history")
	tw.both("heads")
	tw.both("downgrade", "-1")
	tw.sameSchema()
	tw.both("downgrade", "base")
	tw.sameSchema()
	tw.both("upgrade", "head")
	tw.sameSchema()
	for _, p := range []*proj{tw.r, tw.a} {
		db := p.db("myapp.db")
		require.EqualValues(t, 0, queryInt(t, db, "SELECT count(*) FROM users"))
		require.NoError(t, db.Close())
	}

	// alembic in the folder retort made: from base to head, the same schema.
	tw.r.ok("downgrade", "base")
	r := tw.runA(tw.r.dir, "upgrade", "head")
	require.Contains(t, r.stderr, "Running upgrade  -> ")
	tw.sameSchema()
	r = tw.runA(tw.r.dir, "current")
	require.Equal(t, idOf(tw.r.versions()[indexOf(t, tw.r.versions(), "add_posts_table")])+" (head)\n", r.stdout)
	// … and its autogenerate, with Retort's env.py and the real SQLAlchemy,
	// finds nothing to do.
	before := tw.r.versions()
	tw.runA(tw.r.dir, "revision", "--autogenerate", "-m", "nothing")
	up, down := opBodies(t, "alembic in retort's folder", newFile(t, tw.r, before))
	require.Equal(t, "    pass\n", up)
	require.Equal(t, "    pass\n", down)

	// retort in the folder alembic made: down and up again, and check.
	tw.a.ok("downgrade", "base")
	tw.a.ok("upgrade", "head")
	require.Equal(t, "No new upgrade operations detected.\n", tw.a.ok("check").stdout)
}

func indexOf(t *testing.T, files []string, part string) int {
	t.Helper()
	for i, f := range files {
		if strings.Contains(f, part) {
			return i
		}
	}
	t.Fatalf("no file with %q in %v", part, files)
	return -1
}

// copyTree copies testdata files into a project.
func copyTree(t testing.TB, p *proj, files map[string]string) {
	t.Helper()
	for src, dst := range files {
		b, err := os.ReadFile(src)
		require.NoError(t, err)
		p.write(dst, string(b))
	}
}

// tutorialFiles are the reference tutorial's project files (Alembic 1.8.1's
// layout), which both tools run.
func tutorialFiles(t testing.TB) map[string]string {
	t.Helper()
	files := map[string]string{
		"testdata/tutorial/alembic.ini": "alembic.ini",
		"testdata/tutorial/env.py":      "alembic/env.py",
		"testdata/tutorial/database.py": "database.py",
		"testdata/tutorial/models.py":   "models.py",
	}
	versions, err := filepath.Glob("testdata/tutorial/versions/*.py")
	require.NoError(t, err)
	for _, v := range versions {
		files[v] = "alembic/versions/" + filepath.Base(v)
	}
	return files
}

// TestParityAlembicPostgres does the tutorial twice against PostgreSQL, each
// on a database of its own, once with retort and once with the real alembic
// (with psycopg2: Debian's python3-psycopg2), and checks that both log the
// same, generate the same ops and leave the same database: pg_dump of both,
// schema and rows, equal but for the revision ids; then that each tool runs
// in the folder the other made.
//
// With -update it records what alembic printed as the goldens
// TestTutorialPostgres compares retort with (testdata/tutorial/output-postgresql).
func TestParityAlembicPostgres(t *testing.T) {
	bin := alembicBinary()
	if bin == "" {
		t.Skip(noAlembic)
	}
	if !hasPsycopg2(bin) {
		t.Skip("the real alembic's Python has no psycopg2: install it (Debian: apt-get install -y python3-psycopg2) to compare Retort with Alembic on PostgreSQL")
	}
	tw := &twin{t: t, alembic: bin, r: newProj(t), a: newProj(t)}
	rdb, adb := newPGDB(t), newPGDB(t)
	tw.r.initTutorial()
	tw.r.setURL(rdb.url)
	tw.runA(tw.a.dir, "init", "alembic")
	tw.a.setURL(adb.url)
	tw.a.copyFile("testdata/tutorial/database.py", "database.py")
	tw.a.copyFile("testdata/tutorial/models_1.py", "models.py")
	tw.a.pointEnvAtModels()
	tw.a.edit("alembic/env.py", "connection=connection, target_metadata=target_metadata\n",
		"connection=connection, target_metadata=target_metadata,\n            compare_type=True,\n")
	// n maps alembic's folder onto the reference's.
	n := &normaliser{dirs: []string{tw.a.dir}}
	if real, err := filepath.EvalSymlinks(tw.a.dir); err == nil && real != tw.a.dir {
		n.dirs = append(n.dirs, real)
	}
	record := func(name string, args ...string) {
		t.Helper()
		_, a := tw.both(args...)
		if *golden.Update {
			path := filepath.Join("testdata/tutorial/output-postgresql", name)
			require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
			require.NoError(t, os.WriteFile(path, []byte(n.apply(a.stderr+a.stdout)), 0o644))
		}
	}
	sameDB := func() {
		t.Helper()
		require.Equal(t, revisionIDs.ReplaceAllString(adb.dump(), "<rev>"), revisionIDs.ReplaceAllString(rdb.dump(), "<rev>"), "pg_dump of alembic's database (-) and retort's (+)")
	}

	steps := []struct{ models, message string }{
		{"models_1.py", "create users table"},
		{"models_2.py", "add age to users"},
		{"models.py", "add posts table"},
	}
	for i, st := range steps {
		tw.r.copyFile("testdata/tutorial/"+st.models, "models.py")
		tw.a.copyFile("testdata/tutorial/"+st.models, "models.py")
		beforeR, beforeA := tw.r.versions(), tw.a.versions()
		// The reference's ids, in both folders.
		record(fmt.Sprintf("%02d-revision.txt", 2*i+1), "revision", "--autogenerate", "-m", st.message, "--rev-id", refIDs[i])
		tw.sameNewRevision(beforeR, beforeA)
		record(fmt.Sprintf("%02d-upgrade.txt", 2*i+2), "upgrade", "head")
		sameDB()
		if i == 0 {
			insertUsersPG(rdb, 100)
			insertUsersPG(adb, 100)
		}
	}
	record("07-current.txt", "current")
	tw.both("history")
	tw.both("heads")
	// The offline SQL, from base, as a range up and down.
	record("11-upgrade-sql.txt", "upgrade", refIDs[0]+":"+refIDs[2], "--sql")
	record("11b-upgrade-head-sql-from-base.txt", "upgrade", "head", "--sql")
	record("12-downgrade-sql.txt", "downgrade", refIDs[2]+":"+refIDs[0], "--sql")
	record("13-downgrade.txt", "downgrade", "-1")
	sameDB()
	record("14-downgrade-base.txt", "downgrade", "base")
	sameDB()
	tw.both("upgrade", "head")
	sameDB()
	require.Equal(t, "0", rdb.count("SELECT count(*) FROM users"))

	// alembic in the folder retort made, on retort's database: from base to
	// head, the same database.
	tw.r.ok("downgrade", "base")
	tw.runA(tw.r.dir, "upgrade", "head")
	sameDB()
	// … and its autogenerate, with the real SQLAlchemy reading the database
	// retort's migrations made, finds nothing to do.
	before := tw.r.versions()
	tw.runA(tw.r.dir, "revision", "--autogenerate", "-m", "nothing")
	up, down := opBodies(t, "alembic in retort's folder", newFile(t, tw.r, before))
	require.Equal(t, "    pass\n", up)
	require.Equal(t, "    pass\n", down)

	// retort in the folder alembic made: down and up again, and check.
	tw.a.ok("downgrade", "base")
	tw.a.ok("upgrade", "head")
	require.Equal(t, "No new upgrade operations detected.\n", tw.a.ok("check").stdout)
}

// TestParityAlembicPostgresComments holds autogenerate's comparison of table
// and column comments on PostgreSQL (Alembic's _compare_table_comment and
// _compare_column_comment; SQLite has no comments) to the real Alembic's:
// the same logs, the same ops in upgrade and downgrade, the same database.
func TestParityAlembicPostgresComments(t *testing.T) {
	tw, sameDB := pgModelTwins(t)
	tw.a.edit("alembic/env.py", "connection=connection, target_metadata=target_metadata\n",
		"connection=connection, target_metadata=target_metadata,\n            compare_type=True,\n")
	const head = "from sqlalchemy import Column, Integer, String\n\nfrom database import Base\n\n\nclass User(Base):\n    __tablename__ = \"users\"\n"
	steps := []struct{ name, models string }{
		{"comments on create", head + `    __table_args__ = {"comment": "people"}

    id = Column(Integer, primary_key=True)
    name = Column(String(50), nullable=False, comment="full name")
    email = Column(String)
`},
		// The table's comment changed, a column's added, one kept while its
		// type changes (existing_comment), one dropped.
		{"comments changed", head + `    __table_args__ = {"comment": "the app's users"}

    id = Column(Integer, primary_key=True, comment="it's the key")
    name = Column(String(100), nullable=False, comment="full name")
    email = Column(String, comment="login")
`},
		{"comments dropped", head + `
    id = Column(Integer, primary_key=True)
    name = Column(String(100), nullable=False, comment="full name")
    email = Column(String)
`},
	}
	tw.modelSteps(steps, sameDB)
}

// TestParityAlembicPostgresSchemas holds autogenerate with include_schemas=True
// on PostgreSQL to the real Alembic's: tables are compared by (schema, name)
// (a table items in the default schema and another in schema shop), the ops
// carry schema= (and referent_schema= for a foreign key across schemas), the
// "Detected added/removed table" lines name 'shop.items'. The same logs, the
// same ops in upgrade and downgrade, the same database. Alembic iterates the
// removed tables of a set, so each step removes at most one table.
func TestParityAlembicPostgresSchemas(t *testing.T) {
	tw, sameDB := pgModelTwins(t, "shop")
	for _, p := range []*proj{tw.r, tw.a} {
		p.edit("alembic/env.py", "connection=connection, target_metadata=target_metadata\n",
			"connection=connection, target_metadata=target_metadata,\n            compare_type=True,\n            include_schemas=True,\n")
	}
	const head = "from sqlalchemy import Column, ForeignKey, Integer, String, UniqueConstraint\n\nfrom database import Base\n"
	const item = `

class Item(Base):
    __tablename__ = "items"

    id = Column(Integer, primary_key=True, autoincrement=False)
    name = Column(String(50), index=True)
`
	const order = `

class Order(Base):
    __tablename__ = "orders"

    id = Column(Integer, primary_key=True, autoincrement=False)
    shop_item_id = Column(Integer, ForeignKey("shop.items.id"))
`
	const tag = `

class Tag(Base):
    __tablename__ = "tags"
    __table_args__ = {"schema": "shop"}

    id = Column(Integer, primary_key=True, autoincrement=False)
    shop_item_id = Column(Integer, ForeignKey("shop.items.id"))
`
	steps := []struct{ name, models string }{
		// Two tables named items, a foreign key from shop to the default
		// schema and one from the default schema to shop, indexes.
		{"schemas", head + item + `

class ShopItem(Base):
    __tablename__ = "items"
    __table_args__ = {"schema": "shop"}

    id = Column(Integer, primary_key=True)
    item_id = Column(Integer, ForeignKey("items.id"))
    sku = Column(String(20), index=True)
` + order + tag},
		// A column added in shop.items, a type altered there, a unique
		// constraint and a named foreign key across schemas added, a table
		// of shop dropped.
		{"changes", head + item + `

class ShopItem(Base):
    __tablename__ = "items"
    __table_args__ = (UniqueConstraint("sku", name="uq_shop_items_sku"), {"schema": "shop"})

    id = Column(Integer, primary_key=True)
    item_id = Column(Integer, ForeignKey("items.id"))
    sku = Column(String(40), index=True)
    price = Column(Integer)
    order_id = Column(Integer, ForeignKey("orders.id", name="fk_shop_items_order"))
` + order},
		// An index and a column of shop.items dropped.
		{"drops", head + item + `

class ShopItem(Base):
    __tablename__ = "items"
    __table_args__ = (UniqueConstraint("sku", name="uq_shop_items_sku"), {"schema": "shop"})

    id = Column(Integer, primary_key=True)
    item_id = Column(Integer, ForeignKey("items.id"))
    sku = Column(String(40))
    order_id = Column(Integer, ForeignKey("orders.id", name="fk_shop_items_order"))
` + order},
	}
	tw.modelSteps(steps, sameDB)
}

// pgModelTwins sets up the twins for a models-driven comparison on
// PostgreSQL: retort's tutorial project and alembic's own (init, the
// tutorial's database.py, env.py pointed at the models), each on a database
// of its own holding the schemas given; sameDB compares their pg_dumps but
// for the revision ids. It skips when alembic or its psycopg2 is missing.
func pgModelTwins(t *testing.T, schemas ...string) (*twin, func()) {
	t.Helper()
	bin := alembicBinary()
	if bin == "" {
		t.Skip(noAlembic)
	}
	if !hasPsycopg2(bin) {
		t.Skip("the real alembic's Python has no psycopg2: install it (Debian: apt-get install -y python3-psycopg2) to compare Retort with Alembic on PostgreSQL")
	}
	tw := &twin{t: t, alembic: bin, r: newProj(t), a: newProj(t)}
	rdb, adb := newPGDB(t), newPGDB(t)
	for _, sc := range schemas {
		rdb.exec("CREATE SCHEMA " + sc + ";")
		adb.exec("CREATE SCHEMA " + sc + ";")
	}
	tw.r.initTutorial()
	tw.r.setURL(rdb.url)
	tw.runA(tw.a.dir, "init", "alembic")
	tw.a.setURL(adb.url)
	tw.a.copyFile("testdata/tutorial/database.py", "database.py")
	tw.a.pointEnvAtModels()
	return tw, func() {
		t.Helper()
		require.Equal(t, revisionIDs.ReplaceAllString(adb.dump(), "<rev>"), revisionIDs.ReplaceAllString(rdb.dump(), "<rev>"), "pg_dump of alembic's database (-) and retort's (+)")
	}
}

// modelSteps writes each step's models.py into both projects, autogenerates
// (the same new revision) and upgrades, comparing the databases; then
// checks that nothing is left to detect and downgrades step by step back to
// the start, comparing again after each.
func (tw *twin) modelSteps(steps []struct{ name, models string }, sameDB func()) {
	t := tw.t
	t.Helper()
	for _, st := range steps {
		tw.r.write("models.py", st.models)
		tw.a.write("models.py", st.models)
		beforeR, beforeA := tw.r.versions(), tw.a.versions()
		tw.both("revision", "--autogenerate", "-m", st.name)
		tw.sameNewRevision(beforeR, beforeA)
		tw.both("upgrade", "head")
		sameDB()
	}
	// Nothing left to detect, for both.
	beforeR := tw.r.versions()
	tw.both("revision", "--autogenerate", "-m", "nothing")
	up, _ := opBodies(t, "retort", newFile(t, tw.r, beforeR))
	require.Equal(t, "    pass\n", up)
	tw.r.ok("upgrade", "head")
	tw.runA(tw.a.dir, "upgrade", "head")
	for range len(steps) + 1 {
		tw.both("downgrade", "-1")
		sameDB()
	}
}
