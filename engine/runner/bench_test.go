package runner

import (
	"context"
	"testing"

	"retort/engine/ops"
	"retort/engine/schema"
	"retort/engine/sqlite"
	"retort/engine/sqlite/sqlitetest"
)

// rows10k is the browser's case: a 10,000-row table with a UNIQUE constraint,
// an index and a child table, foreign keys on.
func rows10k(b *testing.B) *sqlite.DB {
	db := sqlitetest.Open(b)
	sqlitetest.Exec(b, db,
		`CREATE TABLE users (id INTEGER NOT NULL, name VARCHAR(50) NOT NULL, email VARCHAR(120), city VARCHAR(40),
			PRIMARY KEY (id), UNIQUE (email))`,
		`CREATE INDEX ix_users_city ON users (city)`,
		`CREATE TABLE posts (id INTEGER NOT NULL, user_id INTEGER REFERENCES users (id), PRIMARY KEY (id))`,
		`WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < 10000)
			INSERT INTO users SELECT i, 'user ' || i, 'u' || i || '@example.com', 'city ' || (i % 50) FROM seq`,
		`INSERT INTO posts SELECT id, id FROM users WHERE id % 3 = 0`,
	)
	return db
}

// runSteps runs up then down, timing only up.
func runSteps(b *testing.B, db *sqlite.DB, up, down []ops.Op) {
	ctx := context.Background()
	for b.Loop() {
		if err := Run(ctx, db, []Step{{Label: "up", Ops: up}}, Hooks{}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if err := Run(ctx, db, []Step{{Label: "down", Ops: down}}, Hooks{}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}

// BenchmarkAddColumn10k: op.add_column of a nullable column, a whole step
// (read the schema, warnings, BEGIN, ALTER TABLE, COMMIT).
func BenchmarkAddColumn10k(b *testing.B) {
	db := rows10k(b)
	add := &ops.AddColumn{Table: "users", Column: &schema.Column{Name: "age", Type: schema.Type{Name: "Integer"}, Nullable: true}}
	down, _ := add.Reverse()
	runSteps(b, db, []ops.Op{add}, []ops.Op{down})
}

// BenchmarkAddColumnRebuild10k: op.add_column with a CURRENT_TIMESTAMP
// default, which SQLite cannot add in place: a whole step with the rebuild.
func BenchmarkAddColumnRebuild10k(b *testing.B) {
	db := rows10k(b)
	add := &ops.AddColumn{Table: "users", Column: &schema.Column{Name: "created_at", Type: schema.Type{Name: "DateTime"}, Nullable: true, ServerDefault: "(CURRENT_TIMESTAMP)"}}
	down, _ := add.Reverse()
	runSteps(b, db, []ops.Op{add}, []ops.Op{down})
}

// BenchmarkAlterNotNull10k: op.alter_column(nullable=False), a rebuild of the
// parent of a foreign key, a whole step (foreign keys off, check, on).
func BenchmarkAlterNotNull10k(b *testing.B) {
	db := rows10k(b)
	up := &ops.AlterColumn{Table: "users", Column: "city", Nullable: ops.Ptr(false), ExistingNullable: ops.Ptr(true)}
	down, _ := up.Reverse()
	runSteps(b, db, []ops.Op{up}, []ops.Op{down})
}
