package sqlite_test

import (
	"context"
	"testing"
	"time"

	"retort/engine/ops"
	"retort/engine/sqlite"
	"retort/engine/sqlite/sqlitetest"
)

// bigTable makes a table of n rows with a UNIQUE constraint and two indexes.
func bigTable(b *testing.B, n int) *sqlite.DB {
	b.Helper()
	db := sqlitetest.Open(b)
	sqlitetest.Exec(b, db,
		`CREATE TABLE users (id INTEGER NOT NULL, name VARCHAR(50) NOT NULL, email VARCHAR(120), age INTEGER,
			created DATETIME DEFAULT (CURRENT_TIMESTAMP), PRIMARY KEY (id), UNIQUE (email))`,
		`CREATE INDEX ix_users_name ON users (name)`,
		`CREATE INDEX ix_users_age_name ON users (age, name)`,
	)
	_, err := db.Exec(context.Background(), `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?)
		INSERT INTO users (id, name, email, age) SELECT i, 'user ' || (i * 7919 % 100003), 'u' || i || '@example.com', i % 90 FROM seq`, n)
	if err != nil {
		b.Fatal(err)
	}
	return db
}

func run(b *testing.B, db *sqlite.DB, stmts ...string) {
	b.Helper()
	for _, s := range stmts {
		if _, err := db.Exec(context.Background(), s); err != nil {
			b.Fatalf("%s: %v", s, err)
		}
	}
}

// benchRebuild times SQLite's 12-step rebuild of the table (recreate='always'
// with nothing to change), in its transaction.
func benchRebuild(b *testing.B, n int) {
	db := bigTable(b, n)
	md := sqlitetest.Inspect(b, db)
	stmts, err := sqlite.Plan(md, &ops.Batch{Table: "users", Recreate: "always", Ops: []ops.Op{
		&ops.AlterColumn{Table: "users", Column: "age", Comment: ops.Ptr("")},
	}})
	if err != nil {
		b.Fatal(err)
	}
	run(b, db, sqlite.ForeignKeysOffSQL)
	b.ResetTimer()
	for b.Loop() {
		run(b, db, sqlite.BeginSQL)
		run(b, db, stmts...)
		run(b, db, sqlite.CommitSQL)
	}
}

// benchInsertSelect times the floor a rebuild is measured against: a raw
// INSERT … SELECT of the same rows into a table with the same definition and
// indexes, in a transaction (dropping the copy is not timed). With columns,
// the INSERT names them (as a rebuild that adds or drops columns must);
// without, it is INSERT … SELECT *, which SQLite's transfer optimization
// turns into a copy of the records and of every index.
func benchInsertSelect(b *testing.B, n int, columns bool) {
	db := bigTable(b, n)
	md := sqlitetest.Inspect(b, db)
	t := md.Table("users").Clone()
	t.Name = "copy"
	create := []string{sqlite.CreateTableSQL(t)}
	for _, ix := range t.Indexes {
		ix.Name, ix.Table = ix.Name+"_copy", "copy"
		create = append(create, sqlite.CreateIndexSQL(t, ix))
	}
	insert := `INSERT INTO "copy" SELECT * FROM "users"`
	if columns {
		cols := `"id", "name", "email", "age", "created"`
		insert = `INSERT INTO "copy" (` + cols + `) SELECT ` + cols + ` FROM "users"`
	}
	b.ResetTimer()
	for b.Loop() {
		run(b, db, sqlite.BeginSQL)
		run(b, db, create...)
		run(b, db, insert, sqlite.CommitSQL)
		b.StopTimer()
		run(b, db, `DROP TABLE "copy"`)
		b.StartTimer()
	}
}

func BenchmarkRebuild100k(b *testing.B)             { benchRebuild(b, 100_000) }
func BenchmarkInsertSelect100k(b *testing.B)        { benchInsertSelect(b, 100_000, false) }
func BenchmarkInsertSelectColumns100k(b *testing.B) { benchInsertSelect(b, 100_000, true) }
func BenchmarkRebuild10k(b *testing.B)              { benchRebuild(b, 10_000) }
func BenchmarkInsertSelect10k(b *testing.B)         { benchInsertSelect(b, 10_000, false) }

// BenchmarkRebuildRatio100k alternates the rebuild and the two INSERT …
// SELECT floors on one database, so that a busy machine slows all alike, and
// reports each one's time per op and the rebuild's ratio to each.
func BenchmarkRebuildRatio100k(b *testing.B) {
	db := bigTable(b, 100_000)
	md := sqlitetest.Inspect(b, db)
	rebuild, err := sqlite.Plan(md, &ops.Batch{Table: "users", Recreate: "always", Ops: []ops.Op{
		&ops.AlterColumn{Table: "users", Column: "age", Comment: ops.Ptr("")},
	}})
	if err != nil {
		b.Fatal(err)
	}
	t := md.Table("users").Clone()
	t.Name = "copy"
	create := []string{sqlite.CreateTableSQL(t)}
	for _, ix := range t.Indexes {
		ix.Name, ix.Table = ix.Name+"_copy", "copy"
		create = append(create, sqlite.CreateIndexSQL(t, ix))
	}
	cols := `"id", "name", "email", "age", "created"`
	run(b, db, sqlite.ForeignKeysOffSQL)
	timed := func(stmts ...string) time.Duration {
		start := time.Now()
		run(b, db, sqlite.BeginSQL)
		run(b, db, stmts...)
		run(b, db, sqlite.CommitSQL)
		return time.Since(start)
	}
	var tRebuild, tStar, tCols time.Duration
	b.ResetTimer()
	for b.Loop() {
		tRebuild += timed(rebuild...)
		tStar += timed(append(create, `INSERT INTO "copy" SELECT * FROM "users"`)...)
		run(b, db, `DROP TABLE "copy"`)
		tCols += timed(append(create, `INSERT INTO "copy" (`+cols+`) SELECT `+cols+` FROM "users"`)...)
		run(b, db, `DROP TABLE "copy"`)
	}
	n := float64(b.N)
	b.ReportMetric(float64(tRebuild.Milliseconds())/n, "rebuild-ms/op")
	b.ReportMetric(float64(tStar.Milliseconds())/n, "select*-ms/op")
	b.ReportMetric(float64(tCols.Milliseconds())/n, "selectcols-ms/op")
	b.ReportMetric(float64(tRebuild)/float64(tStar), "x-select*")
	b.ReportMetric(float64(tRebuild)/float64(tCols), "x-selectcols")
}
