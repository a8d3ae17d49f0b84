// Package sqlite is Retort's SQLite dialect and its one database boundary.
//
//   - db.go: DB, a database over a single connection (file, in-memory via
//     vfs/memdb, or from bytes), Export/Import of the file's bytes. It, script.go
//     and rows.go are the files that import the driver (github.com/ncruces/go-sqlite3).
//   - script.go: ExecScript, the user's SQL statement by statement; rows.go:
//     the page's row access (a page of rows by rowid or WITHOUT ROWID key,
//     counts, insert/update/delete of one row), reading values as ExecScript does.
//   - inspect.go, parse.go, tokens.go: Inspect reads a live database back
//     into a schema.MetaData, from the pragma table-valued functions and the
//     CREATE statements in sqlite_schema.
//   - ddl.go, types.go: every statement Retort writes (identifiers always
//     quoted, literals escaped), in SQLAlchemy's layout.
//   - plan.go, rebuild.go: ops to statements: SQLite's ALTER TABLE where it
//     can, otherwise the 12-step table rebuild, with consecutive ops on one
//     table coalesced into one rebuild.
//
// Transactions and foreign keys around a plan are the runner's business
// (package runner): Plan only writes what goes inside the transaction.
package sqlite
