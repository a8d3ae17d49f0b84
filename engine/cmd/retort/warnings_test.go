//go:build !js

package main

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// The models of the warnings test: users with a bio and a nickname, and notes.
const warnModels1 = `from sqlalchemy import Column, Integer, String, Text

from database import Base


class User(Base):
    __tablename__ = "users"

    id = Column(Integer, primary_key=True)
    name = Column(String, nullable=False)
    bio = Column(Text)
    nickname = Column(String(30))
    city = Column(String(40))


class Note(Base):
    __tablename__ = "notes"

    id = Column(Integer, primary_key=True)
    text = Column(Text)
`

// warnModels2 drops notes and users.bio, adds a NOT NULL score without a
// server default, and makes nickname NOT NULL (it holds NULLs).
const warnModels2 = `from sqlalchemy import Column, Integer, String

from database import Base


class User(Base):
    __tablename__ = "users"

    id = Column(Integer, primary_key=True)
    name = Column(String, nullable=False)
    nickname = Column(String(30), nullable=False)
    city = Column(String(40))
    score = Column(Integer, nullable=False)
`

// warnModels3 is warnModels2 made to work: score has a server default, and
// nickname stays nullable.
const warnModels3 = `from sqlalchemy import Column, Integer, String

from database import Base


class User(Base):
    __tablename__ = "users"

    id = Column(Integer, primary_key=True)
    name = Column(String, nullable=False)
    nickname = Column(String(30))
    city = Column(String(40))
    score = Column(Integer, nullable=False, server_default="0")
`

// TestDataLossWarnings: autogenerate says, beside each Detected line, what a
// change would destroy or why it would fail, with the counts; upgrade and
// downgrade print a WARNING line before a step that destroys data, and go on.
func TestDataLossWarnings(t *testing.T) {
	p := newProj(t)
	p.initTutorial()
	p.write("models.py", warnModels1)
	p.ok("revision", "--autogenerate", "-m", "users and notes")
	p.ok("upgrade", "head")
	db := p.db("myapp.db")
	exec1(t, db, `WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < 10)
		INSERT INTO users (id, name, bio, nickname, city) SELECT i, 'user' || i, CASE WHEN i <= 7 THEN 'bio ' || i END, CASE WHEN i = 1 THEN 'one' END, 'city' FROM c`)
	exec1(t, db, `INSERT INTO notes (text) VALUES ('a'), ('b'), ('c'), ('d')`)
	require.NoError(t, db.Close())

	// Everything at once: each warning right after its Detected line.
	p.write("models.py", warnModels2)
	before := p.versions()
	r := p.ok("revision", "--autogenerate", "-m", "destroy")
	require.Equal(t, "INFO  [alembic.runtime.migration] Context impl SQLiteImpl.\n"+
		"INFO  [alembic.runtime.migration] Will assume transactional DDL.\n"+
		"INFO  [alembic.autogenerate.compare] Detected removed table 'notes'\n"+
		"WARNI [alembic.autogenerate.compare] Detected removed table 'notes' holds 4 rows; they will be lost on upgrade\n"+
		"INFO  [alembic.autogenerate.compare] Detected added column 'users.score'\n"+
		"WARNI [alembic.autogenerate.compare] Detected added column 'users.score' is NOT NULL without a server default and will fail on upgrade: the table has 10 rows; give the column a server_default\n"+
		"INFO  [alembic.autogenerate.compare] Detected NOT NULL on column 'users.nickname'\n"+
		"WARNI [alembic.autogenerate.compare] NOT NULL on column 'users.nickname' will fail on upgrade: 9 rows hold NULL there; fill them in first (an op.execute UPDATE before the alter_column), or give the column a server_default\n"+
		"INFO  [alembic.autogenerate.compare] Detected removed column 'users.bio'\n"+
		"WARNI [alembic.autogenerate.compare] Detected removed column 'users.bio' holds 7 non-NULL values; they will be lost on upgrade\n",
		r.stderr)
	for _, f := range p.versions() {
		if !contains(before, f) {
			require.NoError(t, os.Remove(p.path("alembic/versions/"+f)))
		}
	}

	// A single value, a single row: singular.
	db = p.db("myapp.db")
	exec1(t, db, `DELETE FROM notes WHERE text <> 'a'`)
	exec1(t, db, `UPDATE users SET bio = NULL WHERE id > 1`)
	require.NoError(t, db.Close())
	p.write("models.py", warnModels3)
	before = p.versions()
	r = p.ok("revision", "--autogenerate", "-m", "destroy")
	require.Contains(t, r.stderr, "WARNI [alembic.autogenerate.compare] Detected removed table 'notes' holds 1 row; it will be lost on upgrade\n")
	require.Contains(t, r.stderr, "WARNI [alembic.autogenerate.compare] Detected removed column 'users.bio' holds 1 non-NULL value; it will be lost on upgrade\n")
	require.NotContains(t, r.stderr, "NOT NULL")
	newFile(t, p, before)

	// upgrade: a WARNING line for each step that destroys data, and it runs.
	r = p.ok("upgrade", "head")
	require.Regexp(t, `^INFO  \[alembic.runtime.migration\] Context impl SQLiteImpl.
INFO  \[alembic.runtime.migration\] Will assume transactional DDL.
INFO  \[alembic.runtime.migration\] Running upgrade [0-9a-f]{12} -> [0-9a-f]{12}, destroy
WARNI \[alembic.runtime.migration\] Dropping table 'notes' will delete its 1 row
WARNI \[alembic.runtime.migration\] Dropping column 'users.bio' will delete 1 non-NULL value
$`, r.stderr)
	db = p.db("myapp.db")
	md := inspect(t, db)
	require.Nil(t, md.Table("notes"))
	require.Equal(t, []string{"id", "name", "nickname", "city", "score"}, columnsOf(t, md, "users"))
	require.EqualValues(t, 10, queryInt(t, db, "SELECT count(*) FROM users WHERE score = 0 AND name = 'user' || id AND city = 'city'"))
	require.NoError(t, db.Close())

	// downgrade: score holds values.
	r = p.ok("downgrade", "-1")
	require.Contains(t, r.stderr, "WARNI [alembic.runtime.migration] Dropping column 'users.score' will delete 10 non-NULL values\n")
	db = p.db("myapp.db")
	require.EqualValues(t, 10, queryInt(t, db, "SELECT count(*) FROM users WHERE bio IS NULL"))
	require.EqualValues(t, 0, queryInt(t, db, "SELECT count(*) FROM notes"))
	require.NoError(t, db.Close())

	// Nothing to lose, nothing said: notes is empty now, bio NULL.
	r = p.ok("upgrade", "head")
	require.NotContains(t, r.stderr, "WARNI")
}
