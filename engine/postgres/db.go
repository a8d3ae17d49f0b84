//go:build !js

package postgres

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"retort/engine/schema"
)

// This file is the database boundary: with inspect.go, the only files in
// Retort that import the PostgreSQL driver (github.com/jackc/pgx/v5), and
// only natively: the page renders PostgreSQL's SQL offline, without a
// server, and its wasm carries no driver.

// DB is one PostgreSQL database reached over a single connection, so that
// transactions and session settings apply to every statement that follows.
type DB struct {
	conn *pgx.Conn

	mu     sync.Mutex
	closed bool
}

// Open connects to the database a sqlalchemy.url names
// (postgresql+psycopg2://user:password@host:port/database?sslmode=…; see
// ParseURL). What the URL leaves out comes from libpq's environment
// (PGHOST, PGUSER, PGPASSWORD, …), ~/.pgpass and defaults, as with psycopg2.
func Open(ctx context.Context, sqlalchemyURL string) (*DB, error) {
	u, err := ParseURL(sqlalchemyURL)
	if err != nil {
		return nil, err
	}
	dsn, err := u.DSN()
	if err != nil {
		return nil, err
	}
	db, err := OpenDSN(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", u.Redacted(), oneLine{err})
	}
	return db, nil
}

// oneLine is a driver error on one line: pgx puts each address it tried on
// a line of its own, often the same failure twice.
type oneLine struct{ err error }

func (e oneLine) Unwrap() error { return e.err }

func (e oneLine) Error() string {
	var parts []string
	for _, p := range strings.Split(e.err.Error(), "\n") {
		p = strings.TrimSpace(p)
		if p != "" && !slices.Contains(parts, p) {
			parts = append(parts, p)
		}
	}
	return strings.TrimSuffix(strings.Join(parts, " "), ":")
}

// OpenDSN connects with a libpq connection string: keyword/value
// (host=/tmp dbname=app) or a postgres:// URL as libpq reads it.
func OpenDSN(ctx context.Context, dsn string) (*DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	// No server-side statement cache: a migration changes the tables that
	// cached statements would describe.
	cfg.DefaultQueryExecMode = pgx.QueryExecModeExec
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return &DB{conn: conn}, nil
}

// Close closes the connection; an open transaction is rolled back by the server.
func (db *DB) Close() error {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.closed {
		return nil
	}
	db.closed = true
	return db.conn.Close(context.Background())
}

// Exec runs SQL that returns no rows. Without args it may hold several
// statements (the simple protocol, as op.execute's text needs); with args,
// one statement with $1, $2, … placeholders.
func (db *DB) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	return db.conn.Exec(ctx, sql, args...)
}

// Query runs a statement that returns rows.
func (db *DB) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	return db.conn.Query(ctx, sql, args...)
}

// QueryRow runs a statement that returns at most one row.
func (db *DB) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	return db.conn.QueryRow(ctx, sql, args...)
}

// Tx runs fn inside BEGIN … COMMIT on the connection, rolling back when fn
// (or COMMIT) fails. fn runs its statements through db as usual. PostgreSQL's
// DDL is transactional: a failing fn leaves nothing of what it did.
func (db *DB) Tx(ctx context.Context, fn func() error) error {
	if _, err := db.Exec(ctx, BeginSQL); err != nil {
		return err
	}
	err := fn()
	if err == nil {
		if _, err = db.Exec(ctx, CommitSQL); err == nil {
			if db.InTransaction() {
				// COMMIT of a failed transaction reports ROLLBACK, not an error.
				return errors.New("commit: the transaction was rolled back")
			}
			return nil
		}
	}
	if db.InTransaction() {
		if _, e := db.Exec(context.WithoutCancel(ctx), RollbackSQL); e != nil {
			return errors.Join(err, fmt.Errorf("rollback: %w", e))
		}
	}
	return err
}

// InTransaction reports whether a transaction is open (or failed and not
// yet rolled back) on the connection.
func (db *DB) InTransaction() bool {
	return db.conn.PgConn().TxStatus() != 'I'
}

// Conn is the database's one connection, for what Exec and Query do not cover.
func (db *DB) Conn() *pgx.Conn { return db.conn }

// ErrorCode returns the SQLSTATE of a server error (23502 for a NOT NULL
// violation, 42P07 for a relation that exists, …), or "" for other errors.
func ErrorCode(err error) string {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code
	}
	return ""
}

// IsNotNullError reports whether err is PostgreSQL's NOT NULL violation.
func IsNotNullError(err error) bool { return ErrorCode(err) == "23502" }

// ExecCount runs SQL that returns no rows and reports how many rows it
// changed (see Exec).
func (db *DB) ExecCount(ctx context.Context, sql string, args ...any) (int64, error) {
	tag, err := db.conn.Exec(ctx, sql, args...)
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

// Rows runs a statement that returns rows and reads them all, as plain Go
// values: nil, bool, int64, float64, string, []byte; times as
// "2006-01-02 15:04:05" text, numerics, UUIDs and the rest as PostgreSQL
// prints them.
func (db *DB) Rows(ctx context.Context, sql string, args ...any) ([]string, [][]any, error) {
	rows, err := db.conn.Query(ctx, sql, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var cols []string
	for _, f := range rows.FieldDescriptions() {
		cols = append(cols, f.Name)
	}
	var out [][]any
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return nil, nil, err
		}
		for i, v := range vals {
			vals[i] = plainValue(v)
		}
		out = append(out, vals)
	}
	return cols, out, rows.Err()
}

// plainValue is a driver value as scripts see it.
func plainValue(v any) any {
	switch x := v.(type) {
	case nil, bool, int64, float64, string, []byte:
		return x
	case int16:
		return int64(x)
	case int32:
		return int64(x)
	case int:
		return int64(x)
	case float32:
		return float64(x)
	case time.Time:
		return x.Format("2006-01-02 15:04:05.999999")
	case [16]byte:
		return fmt.Sprintf("%x-%x-%x-%x-%x", x[0:4], x[4:6], x[6:8], x[8:10], x[10:16])
	case driver.Valuer:
		if dv, err := x.Value(); err == nil {
			return plainValue(dv)
		}
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}

// Schema reads the database's schema (Inspect).
func (db *DB) Schema(ctx context.Context) (*schema.MetaData, error) { return Inspect(ctx, db) }
