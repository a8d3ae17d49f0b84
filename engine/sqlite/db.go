package sqlite

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/driver"
	"github.com/ncruces/go-sqlite3/ext/serdes"
	"github.com/ncruces/go-sqlite3/vfs"
	"github.com/ncruces/go-sqlite3/vfs/memdb"
)

// This file is the database boundary: the only file in Retort that imports the
// SQLite driver. Everything else reaches the database through DB's methods,
// which are plain database/sql, so another driver could go under them.

// Header is how every SQLite database file begins.
const Header = "SQLite format 3\x00"

// ErrNotDatabase is wrapped when bytes or a file are not a usable SQLite database.
var ErrNotDatabase = errors.New("not a SQLite database")

// ErrOutOfMemory is wrapped when SQLite ran out of memory for a statement. The
// statement failed as any other does; the connection and the database stay.
var ErrOutOfMemory = errors.New("out of memory")

// MemoryLimit is how much memory SQLite may take on a connection for its
// statements' work: its page cache, sorting, a big value, a result being
// built (an in-memory database's pages are kept apart, by vfs/memdb). It is
// the driver's default, said here: the page runs in a WebAssembly memory of at
// most 4 GiB that the Go runtime, the database and the copies sent to the
// page share. Past it a statement fails with ErrOutOfMemory.
const MemoryLimit = 256 << 20

// DB is one SQLite database reached over a single connection, so that PRAGMAs
// and transactions apply to every statement that follows them.
type DB struct {
	sqlDB *sql.DB
	conn  *sql.Conn
	mem   string // the memdb name of an in-memory database, deleted on Close

	mu     sync.Mutex
	closed bool

	// inspected is the last whole schema Inspect read, keyed by the schema's
	// text (schemacache.go).
	inspected schemaCache
}

// Open opens (creating it if needed) the database file at path.
func Open(path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("open database: empty path")
	}
	db, err := open(fileURI(path), "")
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return db, nil
}

// OpenMemory opens a new, empty, private in-memory database.
func OpenMemory() (*DB, error) {
	return OpenBytes(nil)
}

// OpenBytes opens an in-memory database holding a copy of data, an SQLite
// database file's bytes; empty data gives an empty database. Data that is not
// an intact SQLite database is refused.
func OpenBytes(data []byte) (*DB, error) {
	if len(data) > 0 {
		if err := checkDatabase(data); err != nil {
			return nil, err
		}
	}
	name := "retort-" + rand.Text()
	memdb.Create(name, bytes.Clone(data))
	db, err := open("file:/"+name+"?vfs=memdb", name)
	if err != nil {
		memdb.Delete(name)
		return nil, fmt.Errorf("open in-memory database: %w", err)
	}
	return db, nil
}

func open(dsn, mem string) (*DB, error) {
	// Values come back as SQLite holds them, as Python's sqlite3 gives them:
	// the driver would turn text (and numbers) in DATE, TIME, DATETIME and
	// TIMESTAMP columns into time.Time by its "_timefmt"; a layout that is
	// only itself ("retort.raw", no layout tokens) turns nothing.
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	dsn += sep + "_timefmt=retort.raw"
	sqlDB, err := driver.Open(dsn, extensions...)
	if err != nil {
		return nil, err
	}
	sqlDB.SetMaxOpenConns(1)
	sqlDB.SetMaxIdleConns(1)
	sqlDB.SetConnMaxLifetime(0)
	sqlDB.SetConnMaxIdleTime(0)
	conn, err := sqlDB.Conn(sqlite3.WithMaxMemory(context.Background(), MemoryLimit))
	if err != nil {
		sqlDB.Close()
		// Setting the connection up (the extensions) reads the file first.
		return nil, notDatabase(err)
	}
	db := &DB{sqlDB: sqlDB, conn: conn, mem: mem}
	// Reading the schema is the first thing anyone does: fail here, not later,
	// when the file is not a database.
	var n int
	if err := conn.QueryRowContext(context.Background(), "SELECT count(*) FROM sqlite_schema").Scan(&n); err != nil {
		db.Close()
		return nil, notDatabase(err)
	}
	return db, nil
}

// fileURI turns a file path into an SQLite URI filename, escaping what URIs
// treat specially so that any path names the file it says. Where the VFS
// cannot lock files (GOOS=js), the one connection opens it with nolock=1.
func fileURI(path string) string {
	r := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")
	uri := "file:" + r.Replace(path)
	if !vfs.SupportsFileLocking {
		uri += "?nolock=1"
	}
	return uri
}

// Close closes the database; an in-memory database is gone afterwards.
func (db *DB) Close() error {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.closed {
		return nil
	}
	db.closed = true
	err := errors.Join(db.conn.Close(), db.sqlDB.Close())
	if db.mem != "" {
		memdb.Delete(db.mem)
	}
	return err
}

// Exec runs one or more statements that return no rows. With args, query must
// be a single statement with ? placeholders.
// A statement that needs more memory than SQLite may take fails with an
// error wrapping ErrOutOfMemory.
func (db *DB) Exec(ctx context.Context, query string, args ...any) (_ sql.Result, err error) {
	defer recoverOutOfMemory(&err)
	return db.conn.ExecContext(ctx, query, args...)
}

// Query runs a statement that returns rows. (Reading them may panic with the
// driver's out-of-memory error: see IsOutOfMemory.)
func (db *DB) Query(ctx context.Context, query string, args ...any) (_ *sql.Rows, err error) {
	defer recoverOutOfMemory(&err)
	return db.conn.QueryContext(ctx, query, args...)
}

// recoverOutOfMemory turns the driver's out-of-memory panic into *err.
func recoverOutOfMemory(err *error) {
	if r := recover(); r != nil {
		if !IsOutOfMemory(r) {
			panic(r)
		}
		*err = outOfMemory()
	}
}

// QueryRow runs a statement that returns at most one row.
func (db *DB) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return db.conn.QueryRowContext(ctx, query, args...)
}

// Tx runs fn inside BEGIN … COMMIT on the connection, rolling back when fn
// (or COMMIT) fails. fn runs its statements through db as usual.
func (db *DB) Tx(ctx context.Context, fn func() error) error {
	if _, err := db.Exec(ctx, BeginSQL); err != nil {
		return err
	}
	err := fn()
	if err == nil {
		if _, err = db.Exec(ctx, CommitSQL); err == nil {
			return nil
		}
	}
	if in, e := db.InTransaction(context.WithoutCancel(ctx)); e != nil || in {
		if _, e := db.Exec(context.WithoutCancel(ctx), RollbackSQL); e != nil {
			return errors.Join(err, fmt.Errorf("rollback: %w", e))
		}
	}
	return err
}

// Conn is the database's one connection, for what Exec and Query do not cover.
// Statements run on it share the DB's transaction and PRAGMA state.
func (db *DB) Conn() *sql.Conn { return db.conn }

// InTransaction reports whether a transaction is open on the connection.
func (db *DB) InTransaction(ctx context.Context) (bool, error) {
	var in bool
	err := db.raw(ctx, func(c *sqlite3.Conn) error {
		in = !c.GetAutocommit()
		return nil
	})
	return in, err
}

// ForeignKeys reports whether foreign key enforcement is on.
func (db *DB) ForeignKeys(ctx context.Context) (bool, error) {
	var on bool
	if err := db.QueryRow(ctx, "PRAGMA foreign_keys").Scan(&on); err != nil {
		return false, fmt.Errorf("read PRAGMA foreign_keys: %w", err)
	}
	return on, nil
}

// raw runs fn on the driver's connection. The driver panics when SQLite
// reports SQLITE_NOMEM; database/sql would then discard the connection, and
// with it an in-memory database: raw turns that panic into an error wrapping
// ErrOutOfMemory, so a statement that needs too much memory fails as any
// other does and the connection stays.
func (db *DB) raw(ctx context.Context, fn func(*sqlite3.Conn) error) error {
	return db.conn.Raw(func(dc any) (err error) {
		c, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		defer recoverOutOfMemory(&err)
		return fn(c.Raw())
	})
}

// IsOutOfMemory reports whether a recovered panic value (or an error) is the
// driver's report of SQLITE_NOMEM.
func IsOutOfMemory(v any) bool {
	e, ok := v.(error)
	return ok && (errors.Is(e, ErrOutOfMemory) || errors.Is(e, sqlite3.NOMEM) || e.Error() == "sqlite3: out of memory")
}

func outOfMemory() error {
	return fmt.Errorf("%w: the statement needs more than the %d MiB SQLite may use", ErrOutOfMemory, MemoryLimit>>20)
}

// Export returns the database file's bytes. An in-memory database's are
// copied from its memory as they are (readMemory); a file's are SQLite's
// backup of it (serdes), as is an in-memory database's when the copy cannot
// be made.
func (db *DB) Export(ctx context.Context) ([]byte, error) {
	var data []byte
	err := db.raw(ctx, func(c *sqlite3.Conn) error {
		if !c.GetAutocommit() {
			return errors.New("a transaction is open")
		}
		var err error
		if db.mem != "" {
			if data, err = readMemory(db.mem); err == nil {
				return nil
			}
		}
		data, err = serdes.Serialize(c, "main")
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("export database: %w", err)
	}
	return data, nil
}

// readMemory copies the file of an in-memory database (vfs/memdb's name),
// under a shared lock, a page at a time as SQLite reads it. It is what the
// page's checkpoint after every step costs: SQLite's backup, which went
// through both connections' pagers and SQLite's allocator a page at a time,
// took 1–12 ms in wasm for 10,000 users (1 MB); this is a copy. Between
// statements, outside a transaction, the file holds every committed page.
// A file that is empty or does not begin as a database is an error (Export
// then asks SQLite).
func readMemory(name string) ([]byte, error) {
	f, _, err := vfs.Find("memdb").Open("/"+name, vfs.OPEN_MAIN_DB|vfs.OPEN_READONLY)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if err := f.Lock(vfs.LOCK_SHARED); err != nil {
		return nil, err
	}
	defer f.Unlock(vfs.LOCK_NONE)
	size, err := f.Size()
	if err != nil {
		return nil, err
	}
	if size < 100 {
		return nil, errors.New("no database in memory yet")
	}
	data := make([]byte, size)
	if _, err := f.ReadAt(data[:100], 0); err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(data, []byte(Header)) {
		return nil, errors.New("the memory holds no database")
	}
	// The page size: big-endian at offset 16, 1 meaning 65536.
	page := int64(data[16])<<8 | int64(data[17])
	if page == 1 {
		page = 65536
	}
	if page < 512 || page&(page-1) != 0 || size%page != 0 {
		return nil, fmt.Errorf("a page size of %d for %d bytes", page, size)
	}
	for off := int64(0); off < size; off += page {
		if _, err := f.ReadAt(data[off:off+page], off); err != nil {
			return nil, err
		}
	}
	return data, nil
}

// Import replaces the database's contents with data, an SQLite database file's
// bytes. Data that is not an intact SQLite database is refused with an error
// wrapping ErrNotDatabase, and the database is left as it was.
func (db *DB) Import(ctx context.Context, data []byte) error {
	if err := checkDatabase(data); err != nil {
		return err
	}
	err := db.raw(ctx, func(c *sqlite3.Conn) error {
		if !c.GetAutocommit() {
			return errors.New("a transaction is open")
		}
		return serdes.Deserialize(c, "main", bytes.Clone(data))
	})
	if err != nil {
		return fmt.Errorf("import database: %w", err)
	}
	return nil
}

// checkDatabase checks that data is an intact SQLite database, on a scratch
// in-memory copy.
func checkDatabase(data []byte) error {
	if len(data) < 100 || !bytes.HasPrefix(data, []byte(Header)) {
		return fmt.Errorf("%w: the file does not begin with %q", ErrNotDatabase, strings.TrimSuffix(Header, "\x00"))
	}
	name := "retort-check-" + rand.Text()
	memdb.Create(name, bytes.Clone(data))
	defer memdb.Delete(name)
	c, err := sqlite3.Open("file:/" + name + "?vfs=memdb&mode=ro")
	if err != nil {
		return fmt.Errorf("%w: %w", ErrNotDatabase, err)
	}
	defer c.Close()
	stmt, _, err := c.Prepare("PRAGMA quick_check")
	if err != nil {
		return fmt.Errorf("%w: %w", ErrNotDatabase, err)
	}
	defer stmt.Close()
	var problems []string
	for stmt.Step() {
		if msg := stmt.ColumnText(0); msg != "ok" {
			problems = append(problems, msg)
		}
	}
	if err := stmt.Err(); err != nil {
		return fmt.Errorf("%w: %w", ErrNotDatabase, err)
	}
	if len(problems) > 0 {
		if len(problems) > 3 {
			problems = append(problems[:3], "…")
		}
		return fmt.Errorf("%w: the database is corrupt: %s", ErrNotDatabase, strings.Join(problems, "; "))
	}
	return nil
}

func notDatabase(err error) error {
	if errors.Is(err, sqlite3.NOTADB) || errors.Is(err, sqlite3.CORRUPT) {
		return fmt.Errorf("%w: %w", ErrNotDatabase, err)
	}
	return err
}

// IsNotNullError reports whether err is SQLite's NOT NULL constraint failure.
func IsNotNullError(err error) bool {
	return errors.Is(err, sqlite3.CONSTRAINT_NOTNULL)
}
