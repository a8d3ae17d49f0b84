package sqlite_test

import (
	"context"
	"testing"

	"retort/engine/sqlite"
	"retort/engine/sqlite/sqlitetest"
)

// BenchmarkReadPage reads the page the Database panel shows of a table
// (50 rows of examples.ManyModels' eight columns: integers, text, a
// decimal, a boolean, a timestamp), as the page's view does after every
// command, for each table.
func BenchmarkReadPage(b *testing.B) {
	ctx := context.Background()
	db := sqlitetest.Open(b)
	sqlitetest.Exec(b, db, `CREATE TABLE t (id INTEGER NOT NULL, name VARCHAR(100) NOT NULL, code VARCHAR(20), body TEXT,
		price NUMERIC(10, 2), active BOOLEAN DEFAULT '1' NOT NULL, created DATETIME DEFAULT (CURRENT_TIMESTAMP), parent_id INTEGER, PRIMARY KEY (id), UNIQUE (code))`,
		`WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 50)
		INSERT INTO t (name, code, body, price, parent_id) SELECT 'name ' || n, 'c' || n, 'body text ' || n, n * 1.5, n FROM s`)
	md, err := sqlite.Inspect(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		page, err := db.ReadPage(ctx, md.Tables[0], 50, 0, 50)
		if err != nil || len(page.Rows) != 50 {
			b.Fatal(err)
		}
	}
}
