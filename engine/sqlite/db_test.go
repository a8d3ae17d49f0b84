package sqlite_test

import (
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
