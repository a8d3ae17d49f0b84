package sqlite_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"retort/engine/sqlite"
	"retort/engine/sqlite/sqlitetest"
)

// inspect200 is a schema of 200 tables, each with a primary key, a CHECK
// and an index; with all set each also has a UNIQUE and a foreign key,
// else every other table has neither.
func inspect200(b *testing.B, all bool) *sqlite.DB {
	db := sqlitetest.Open(b)
	var script strings.Builder
	for i := range 200 {
		keys := ", UNIQUE (name), FOREIGN KEY (parent_id) REFERENCES t" + fmt.Sprint(max(i-1, 0)) + " (id)"
		if !all && i%2 == 1 {
			keys = ""
		}
		fmt.Fprintf(&script, `CREATE TABLE t%d (id INTEGER NOT NULL, name VARCHAR(50) NOT NULL DEFAULT '', parent_id INTEGER,
			PRIMARY KEY (id)%s, CHECK (length(name) < 50));
			CREATE INDEX ix_t%d_parent ON t%d (parent_id);`, i, keys, i, i)
	}
	sqlitetest.Exec(b, db, script.String())
	return db
}

// benchInspect reads the schema back whole each time: through a Querier
// that is not a *DB, which Inspect does not cache for.
func benchInspect(b *testing.B, db *sqlite.DB) {
	ctx := context.Background()
	q := struct{ sqlite.Querier }{db}
	b.ResetTimer()
	for b.Loop() {
		if _, err := sqlite.Inspect(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkInspect200 reads back a schema of 200 tables, each with a primary
// key, a UNIQUE, a foreign key, a CHECK and an index.
func BenchmarkInspect200(b *testing.B) { benchInspect(b, inspect200(b, true)) }

// BenchmarkInspect200HalfKeys reads back the same schema with every other
// table without its UNIQUE and foreign key.
func BenchmarkInspect200HalfKeys(b *testing.B) { benchInspect(b, inspect200(b, false)) }

// BenchmarkInspect200Unchanged is Inspect on the DB of an unchanged schema:
// the key of the read it keeps, and a copy of it.
func BenchmarkInspect200Unchanged(b *testing.B) {
	db := inspect200(b, true)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		if _, err := sqlite.Inspect(ctx, db); err != nil {
			b.Fatal(err)
		}
	}
}
