package sqlite_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"retort/engine/sqlite"
	"retort/engine/sqlite/sqlitetest"
)

// BenchmarkInspect200 reads back a schema of 200 tables, each with a primary
// key, a UNIQUE, a foreign key, a CHECK and an index.
func BenchmarkInspect200(b *testing.B) {
	db := sqlitetest.Open(b)
	var script strings.Builder
	for i := range 200 {
		fmt.Fprintf(&script, `CREATE TABLE t%d (id INTEGER NOT NULL, name VARCHAR(50) NOT NULL DEFAULT '', parent_id INTEGER,
			PRIMARY KEY (id), UNIQUE (name), FOREIGN KEY (parent_id) REFERENCES t%d (id), CHECK (length(name) < 50));
			CREATE INDEX ix_t%d_parent ON t%d (parent_id);`, i, max(i-1, 0), i, i)
	}
	sqlitetest.Exec(b, db, script.String())
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		if _, err := sqlite.Inspect(ctx, db); err != nil {
			b.Fatal(err)
		}
	}
}
