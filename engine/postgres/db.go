//go:build !js

package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
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
		return nil, fmt.Errorf("connect to %s: %w", u.Redacted(), err)
	}
	return db, nil
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
