package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// declCases are schemas whose tables' CREATE statements Inspect reads
// without PRAGMAs (exact) or must leave to them; every one is compared with
// the PRAGMAs' read.
var declCases = []struct {
	name  string
	ddl   []string
	exact bool
}{
	{"spacing and comments in types and defaults", []string{`CREATE TABLE t (a VARCHAR ( 50 ) , b NUMERIC(10,  2) NOT NULL, d  unsigned   big int DEFAULT (1 + 2), e DEFAULT 'x''y', f DEFAULT -  1, g DEFAULT CURRENT_TIMESTAMP, h DEFAULT true, i DEFAULT "qq", j DEFAULT ( ( 3 ) ) , k DEFAULT +5, l DEFAULT x'00', m DEFAULT NULL, n int default 0x1F, o TEXT /* c */ DEFAULT /* c2 */ 'a' /* c3 */ , q VARCHAR(10) COLLATE NOCASE, r DEFAULT 1.5e3, s DEFAULT (/* lead */ 1 /* trail */), u DECIMAL(+5, -2), v int -- line
		DEFAULT ( ` + "\n\t" + `datetime('now') ` + "\n" + `))`}, true},
	{"table primary key in its own order", []string{`CREATE TABLE t (a INTEGER, b TEXT, c, CONSTRAINT pk_t PRIMARY KEY (b COLLATE NOCASE, "A" DESC))`}, true},
	{"column constraints in every order", []string{`CREATE TABLE t (a INTEGER PRIMARY KEY DESC ON CONFLICT ABORT, b NOT NULL ON CONFLICT IGNORE NULL, c INT NULL NOT NULL, "d""q" INT, 'e' INT, f INT CONSTRAINT nn NOT NULL CONSTRAINT df DEFAULT - 'x' UNIQUE ON CONFLICT REPLACE CHECK (f > 0), g INTEGER NOT NULL DEFAULT 0 COLLATE BINARY)`}, true},
	{"autoincrement", []string{`CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, x)`}, true},
	{"foreign keys: column and table, actions, no referred columns", []string{
		`CREATE TABLE p (id INTEGER NOT NULL, k TEXT, PRIMARY KEY (id), UNIQUE (k))`,
		`CREATE TABLE "c" (id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p ON DELETE CASCADE ON UPDATE SET NULL, pk TEXT CONSTRAINT fk_k REFERENCES p (k) DEFERRABLE INITIALLY DEFERRED, a, b, FOREIGN KEY (a, b) REFERENCES q (x, "Y") MATCH FULL ON DELETE SET DEFAULT, FOREIGN KEY (A) REFERENCES p NOT DEFERRABLE, CONSTRAINT self FOREIGN KEY (pid) REFERENCES "c" ON DELETE NO ACTION ON UPDATE RESTRICT)`,
		`CREATE TABLE later (x REFERENCES p, y REFERENCES c (pid), z REFERENCES nowhere)`,
	}, true},
	{"uniques and checks", []string{`CREATE TABLE t (a UNIQUE, b, c, CONSTRAINT uq_bc UNIQUE (b, C), UNIQUE (a, b) ON CONFLICT FAIL, CHECK (a <> b), CONSTRAINT ck CHECK (c IN ('x', 'y')))`}, true},
	{"added columns", []string{`CREATE TABLE t (a INTEGER NOT NULL, PRIMARY KEY (a))`, `ALTER TABLE t ADD COLUMN b VARCHAR(20) DEFAULT 'z' NOT NULL`, `ALTER TABLE t ADD COLUMN "c d" REFERENCES t`}, true},
	{"renamed", []string{`CREATE TABLE t (a INTEGER PRIMARY KEY, b REFERENCES t (a))`, `ALTER TABLE t RENAME TO "u v"`, `ALTER TABLE "u v" RENAME COLUMN a TO "A 2"`}, true},
	{"no types at all", []string{`CREATE TABLE t (a, b, c)`}, true},
	{"quoted type names", []string{`CREATE TABLE t (c "weird type", p [bracket type], s 'text')`}, false},
	{"generated columns", []string{`CREATE TABLE t (a INTEGER, c INT GENERATED ALWAYS AS (a+1), d INT AS (a) STORED)`}, false},
	{"without rowid", []string{`CREATE TABLE t (a TEXT PRIMARY KEY, b) WITHOUT ROWID`}, false},
	{"strict", []string{`CREATE TABLE t (a TEXT PRIMARY KEY, b INT, c ANY) STRICT`}, false},
	// SQLite keeps CREATE TABLE … AS SELECT as a CREATE TABLE of its own
	// with a column list.
	{"as select", []string{`CREATE TABLE s (a INT, b)`, `CREATE TABLE t AS SELECT a, b AS "x y" FROM s`}, true},
}

// inspectBoth reads db by the statements where it can and by the PRAGMAs
// only, and reports whether every table was read by its statement.
func inspectBoth(t testing.TB, db *DB) (exact bool) {
	t.Helper()
	ctx := context.Background()
	in := newInspector()
	require.NoError(t, in.read(ctx, db))
	viaPragmas := newInspector()
	viaPragmas.pragmasOnly = true
	require.NoError(t, viaPragmas.read(ctx, db))
	require.Equal(t, viaPragmas.md, in.md)
	return len(in.pragma) == 0
}

func TestDeclaredMatchesPragmas(t *testing.T) {
	for _, tc := range declCases {
		t.Run(tc.name, func(t *testing.T) {
			db, err := OpenMemory()
			require.NoError(t, err)
			defer db.Close()
			for _, ddl := range tc.ddl {
				_, err := db.Exec(context.Background(), ddl)
				require.NoError(t, err, ddl)
			}
			require.Equal(t, tc.exact, inspectBoth(t, db))
		})
	}
}

// TestDeclaredMatchesPragmasCorpus reads every CREATE TABLE statement the
// real Alembic wrote in the corpus projects' histories (their golden
// files), each alone in a database, both ways. The goldens keep names
// unquoted: the few that are keywords SQLite then refuses are left out.
func TestDeclaredMatchesPragmasCorpus(t *testing.T) {
	files, err := filepath.Glob("../testdata/corpus*/*/golden.txtar")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	seen := map[string]bool{}
	ran, exact := 0, 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, line := range strings.Split(string(data), "\n") {
			ddl, ok := strings.CutPrefix(line, "  sql CREATE TABLE ")
			if !ok || seen[ddl] {
				continue
			}
			seen[ddl] = true
			db, err := OpenMemory()
			require.NoError(t, err)
			if _, err = db.Exec(context.Background(), "CREATE TABLE "+ddl); err == nil {
				ran++
				if inspectBoth(t, db) {
					exact++
				}
			}
			db.Close()
		}
	}
	t.Logf("%d statements run, %d refused (keywords left unquoted)", ran, len(seen)-ran)
	require.Greater(t, ran, 100)
	// Every statement Alembic wrote is read without a PRAGMA.
	require.Equal(t, ran, exact)
}

func FuzzDeclaredMatchesPragmas(f *testing.F) {
	for _, tc := range declCases {
		f.Add(tc.ddl[len(tc.ddl)-1])
	}
	for _, s := range seeds(f) {
		if strings.HasPrefix(strings.ToUpper(s), "CREATE TABLE") {
			f.Add(s)
		}
	}
	f.Fuzz(func(t *testing.T, ddl string) {
		if !strings.HasPrefix(strings.ToUpper(strings.TrimSpace(ddl)), "CREATE TABLE") {
			return
		}
		db, err := OpenMemory()
		require.NoError(t, err)
		defer db.Close()
		if _, err := db.Exec(context.Background(), ddl); err != nil {
			return
		}
		if _, err := parseCreateTable(ddl); err != nil {
			return // Inspect fails on it either way
		}
		inspectBoth(t, db)
	})
}
