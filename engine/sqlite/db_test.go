package sqlite_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/sqlite"
	"retort/engine/sqlite/sqlitetest"
)

func TestExportImport(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	sqlitetest.Exec(t, db, `CREATE TABLE t (a INTEGER, b TEXT)`, `INSERT INTO t VALUES (1, 'one'), (2, 'two')`)
	data, err := db.Export(ctx)
	require.NoError(t, err)
	require.Equal(t, sqlite.Header, string(data[:16]))

	// Into a new database from bytes…
	copyDB, err := sqlite.OpenBytes(data)
	require.NoError(t, err)
	t.Cleanup(func() { copyDB.Close() })
	require.Equal(t, sqlitetest.Dump(t, db), sqlitetest.Dump(t, copyDB))

	// …and over an existing one.
	other := sqlitetest.Open(t)
	sqlitetest.Exec(t, other, `CREATE TABLE gone (x)`)
	require.NoError(t, other.Import(ctx, data))
	require.Equal(t, sqlitetest.Dump(t, db), sqlitetest.Dump(t, other))

	// The copies are independent.
	sqlitetest.Exec(t, copyDB, `INSERT INTO t VALUES (3, 'three')`)
	require.Len(t, sqlitetest.Rows(t, db, "t"), 2)
}

func TestImportRefusesWhatIsNotADatabase(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	sqlitetest.Exec(t, db, `CREATE TABLE keep (a)`, `INSERT INTO keep VALUES (1)`)
	good, err := db.Export(ctx)
	require.NoError(t, err)
	before := sqlitetest.Dump(t, db)

	corrupt := append([]byte(nil), good...)
	for i := 100; i < len(corrupt); i++ {
		corrupt[i] ^= 0x5a // every page but the header's first 100 bytes
	}
	truncated := good[:len(good)/2+1]
	for name, data := range map[string][]byte{
		"empty":       nil,
		"text":        []byte("CREATE TABLE t (a);\n"),
		"header only": []byte(sqlite.Header),
		"corrupt":     corrupt,
		"truncated":   truncated,
	} {
		t.Run(name, func(t *testing.T) {
			err := db.Import(ctx, data)
			require.ErrorIs(t, err, sqlite.ErrNotDatabase)
			require.Equal(t, before, sqlitetest.Dump(t, db), "the database is untouched")
			_, err = sqlite.OpenBytes(data)
			if len(data) > 0 {
				require.ErrorIs(t, err, sqlite.ErrNotDatabase)
			}
		})
	}
}

func TestOpenFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "my app?#%.db")
	db, err := sqlite.Open(path)
	require.NoError(t, err)
	sqlitetest.Exec(t, db, `CREATE TABLE t (a)`, `INSERT INTO t VALUES (42)`)
	require.NoError(t, db.Close())

	db, err = sqlite.Open(path)
	require.NoError(t, err)
	defer db.Close()
	var a int
	require.NoError(t, db.QueryRow(ctx, "SELECT a FROM t").Scan(&a))
	require.Equal(t, 42, a)
}

// One connection: a PRAGMA or a transaction applies to what follows.
func TestOneConnection(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	sqlitetest.Exec(t, db, "PRAGMA foreign_keys=OFF")
	on, err := db.ForeignKeys(ctx)
	require.NoError(t, err)
	require.False(t, on)
	sqlitetest.Exec(t, db, "BEGIN", "CREATE TABLE t (a)")
	in, err := db.InTransaction(ctx)
	require.NoError(t, err)
	require.True(t, in)
	sqlitetest.Exec(t, db, "ROLLBACK")
	require.Nil(t, sqlitetest.Inspect(t, db).Table("t"))
}

func TestTx(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	sqlitetest.Exec(t, db, `CREATE TABLE t (a)`)
	err := db.Tx(ctx, func() error {
		_, err := db.Exec(ctx, `INSERT INTO t VALUES (1)`)
		require.NoError(t, err)
		_, err = db.Exec(ctx, `INSERT INTO nowhere VALUES (1)`)
		return err
	})
	require.ErrorContains(t, err, "no such table: nowhere")
	require.Empty(t, sqlitetest.Rows(t, db, "t"))
	require.NoError(t, db.Tx(ctx, func() error {
		_, err := db.Exec(ctx, `INSERT INTO t VALUES (2)`)
		return err
	}))
	require.Equal(t, []string{"1|2"}, sqlitetest.Rows(t, db, "t"))
}

// TestOutOfMemoryKeepsTheDatabase: a statement that needs more memory than
// SQLite may take, or whose rows are too large to send, fails as any other
// statement does; the connection and the in-memory database stay, and the
// next statement runs.
func TestOutOfMemoryKeepsTheDatabase(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, sql string
		want      error
	}{
		{"a value past SQLite's memory", `SELECT length(randomblob(300000000));`, sqlite.ErrOutOfMemory},
		{"a big value within the limits", `SELECT randomblob(10000000);`, nil},
		{"rows past the result limit", `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 40) SELECT i, randomblob(1000000) FROM n;`, sqlite.ErrResultTooLarge},
		{"one value past the result limit", `SELECT zeroblob(20000000);`, sqlite.ErrResultTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, err := sqlite.OpenMemory()
			require.NoError(t, err)
			t.Cleanup(func() { db.Close() })
			_, err = db.ExecScript(ctx, `CREATE TABLE keep (a); INSERT INTO keep VALUES (1), (2);`, 0)
			require.NoError(t, err)

			res, err := db.ExecScript(ctx, `INSERT INTO keep VALUES (3); `+tc.sql, 1000)
			if tc.want == nil {
				// Within the limits: the value comes back whole.
				require.NoError(t, err)
				require.Len(t, res, 2)
				require.Len(t, res[1].Rows[0][0], 10000000)
			} else {
				require.ErrorIs(t, err, tc.want)
				require.Contains(t, err.Error(), tc.sql[:20])
				require.Len(t, res, 1, "the statements before it ran")
			}

			res, err = db.ExecScript(ctx, `SELECT count(*) FROM keep;`, 0)
			require.NoError(t, err, "the connection is kept")
			require.Equal(t, int64(3), res[0].Rows[0][0])
			var n int
			require.NoError(t, db.QueryRow(ctx, `SELECT count(*) FROM keep`).Scan(&n))
			require.Equal(t, 3, n)
		})
	}
}

// TestChangeOneRow: a change meant for one row is kept only when it changed
// exactly one, in autocommit and inside the user's own transaction.
func TestChangeOneRow(t *testing.T) {
	ctx := context.Background()
	for _, inTx := range []bool{false, true} {
		t.Run(map[bool]string{false: "autocommit", true: "in a transaction"}[inTx], func(t *testing.T) {
			db := sqlitetest.Open(t)
			sqlitetest.Exec(t, db, `CREATE TABLE t (k TEXT, v INTEGER)`, `INSERT INTO t VALUES ('a', 1), ('a', 2), ('b', 3)`)
			if inTx {
				sqlitetest.Exec(t, db, `BEGIN`)
			}
			for _, tc := range []struct {
				query string
				args  []any
				n     int64
				ok    bool
			}{
				{`UPDATE t SET v = 10 WHERE k = ?`, []any{"a"}, 2, false},
				{`DELETE FROM t WHERE k = ?`, []any{"zz"}, 0, false},
				{`DELETE FROM t WHERE k = ?`, []any{"a"}, 2, false},
				{`UPDATE t SET v = 30 WHERE k = ?`, []any{"b"}, 1, true},
			} {
				n, err := sqlite.ChangeOneRow(db, ctx, tc.query, tc.args...)
				require.Equal(t, tc.n, n, tc.query)
				if tc.ok {
					require.NoError(t, err)
				} else {
					require.ErrorIs(t, err, sqlite.ErrNotOneRow)
				}
			}
			in, err := db.InTransaction(ctx)
			require.NoError(t, err)
			require.Equal(t, inTx, in, "the user's transaction is as it was")
			if inTx {
				sqlitetest.Exec(t, db, `COMMIT`)
			}
			require.Equal(t, []string{`1|"a"|1`, `2|"a"|2`, `3|"b"|30`}, sqlitetest.Rows(t, db, "t"))
		})
	}
}

// TestReadRowsValues: a page of rows holds each value as ExecScript does
// (blobs as bytes, text as strings, text that looks like a time as text),
// the rowid beside it; in a BOOLEAN column, 0 and 1 read as false and true.
func TestReadRowsValues(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	sqlitetest.Exec(t, db, `CREATE TABLE kinds (i INTEGER, r REAL, t TEXT, b BLOB, n, d DATETIME)`,
		`INSERT INTO kinds VALUES (9007199254740993, -2.5, 'it''s', x'00ff', NULL, '2024-01-02 03:04:05'), (1, 0.5, '2024-01-02', x'', 7, 1700000000)`,
		`CREATE TABLE flags (ok BOOLEAN, n)`, `INSERT INTO flags VALUES (1, 1), (0, 0), (2, NULL)`)
	page, err := db.ReadRows(ctx, "kinds", 0, 50)
	require.NoError(t, err)
	want := [][]any{
		{int64(9007199254740993), -2.5, "it's", []byte{0, 0xff}, nil, "2024-01-02 03:04:05"},
		{int64(1), 0.5, "2024-01-02", []byte(nil), int64(7), int64(1700000000)},
	}
	require.Equal(t, want, page.Rows)
	require.Equal(t, []int64{1, 2}, page.RowIDs)
	require.Equal(t, int64(2), page.Total)
	res, err := db.ExecScript(ctx, "SELECT * FROM kinds;", 0)
	require.NoError(t, err)
	require.Equal(t, page.Rows, res[0].Rows)

	page, err = db.ReadRows(ctx, "flags", 0, 50)
	require.NoError(t, err)
	require.Equal(t, [][]any{{true, int64(1)}, {false, int64(0)}, {int64(2), nil}}, page.Rows)
}

// counters is a database file's bytes without the header's counters, which
// SQLite's backup writes anew: the file change counter (offset 24), the
// schema cookie (40) and the version-valid-for number (92).
func counters(data []byte) []byte {
	out := bytes.Clone(data)
	for _, off := range []int{24, 40, 92} {
		clear(out[off : off+4])
	}
	return out
}

// An in-memory database's bytes are copied from its memory: the bytes
// SQLite's backup writes (bar the header's counters), whatever state its
// pages are in, and a database that opens with the same contents.
func TestExportMemoryIsTheBackup(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name string
		sql  []string
		// free: the database has pages on its free list, whose content
		// SQLite need not write (the file's are stale, the backup's are
		// the pager's): only the rest of the bytes are compared.
		free bool
	}{
		{"a table", []string{`CREATE TABLE t (a INTEGER, b TEXT)`, `INSERT INTO t VALUES (1, 'one')`}, false},
		{"past one 64 KiB sector", []string{`CREATE TABLE t (a, b)`,
			`WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 20000) INSERT INTO t SELECT n, 'row ' || n FROM s`}, false},
		{"overflow pages and a free list", []string{`CREATE TABLE t (a, b)`,
			`WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 50) INSERT INTO t SELECT n, randomblob(9000) FROM s`,
			`DELETE FROM t WHERE a % 2 = 0`}, true},
		{"vacuumed", []string{`CREATE TABLE t (a)`, `WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 5000) INSERT INTO t SELECT n FROM s`,
			`DELETE FROM t`, `VACUUM`}, false},
		{"512-byte pages", []string{`PRAGMA page_size = 512`, `VACUUM`, `CREATE TABLE t (a)`, `INSERT INTO t VALUES (randomblob(3000))`}, false},
		{"64 KiB pages", []string{`PRAGMA page_size = 65536`, `VACUUM`, `CREATE TABLE t (a)`, `INSERT INTO t VALUES (randomblob(200000))`}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := sqlitetest.Open(t)
			sqlitetest.Exec(t, db, c.sql...)
			got, err := sqlite.ReadMemory(db.MemoryName())
			require.NoError(t, err)
			want, err := db.Serialize(ctx)
			require.NoError(t, err)
			require.Len(t, got, len(want))
			if !c.free {
				require.True(t, bytes.Equal(counters(want), counters(got)), "the backup's bytes, but for the header's counters")
			}
			exported, err := db.Export(ctx)
			require.NoError(t, err)
			require.True(t, bytes.Equal(got, exported))
			copyDB, err := sqlite.OpenBytes(exported)
			require.NoError(t, err)
			t.Cleanup(func() { copyDB.Close() })
			require.Equal(t, sqlitetest.Dump(t, db), sqlitetest.Dump(t, copyDB))
			var check string
			require.NoError(t, copyDB.QueryRow(ctx, "PRAGMA integrity_check").Scan(&check))
			require.Equal(t, "ok", check)
		})
	}
	// A database nothing was written to yet is SQLite's own copy.
	db := sqlitetest.Open(t)
	_, err := sqlite.ReadMemory(db.MemoryName())
	require.Error(t, err)
	want, err := db.Serialize(ctx)
	require.NoError(t, err)
	got, err := db.Export(ctx)
	require.NoError(t, err)
	require.Equal(t, want, got)
}
