// Package postgres is Retort's PostgreSQL dialect, beside package sqlite in
// the same role: every op to SQL, reading a database's schema back for
// autogenerate, and the connection boundary.
//
//   - url.go: ParseURL reads a sqlalchemy.url (postgresql://,
//     postgresql+psycopg2://, +psycopg, +asyncpg, postgres://) into a URL,
//     and URL.DSN writes it as the libpq connection string a driver takes.
//   - quote.go, types.go, ddl.go, version.go: every statement Retort writes for
//     PostgreSQL (identifiers quoted as SQLAlchemy's preparer quotes them,
//     literals escaped), in the layout of SQLAlchemy 1.4's PostgreSQL
//     compiler and Alembic's PostgresqlImpl: Alembic's --sql, byte for byte.
//   - plan.go: ops to statements. PostgreSQL alters tables in place (no
//     rebuilds, batch blocks included), runs DDL in transactions, and runs
//     CREATE/DROP INDEX CONCURRENTLY only outside one (Change.Autocommit).
//   - compare.go, defaults.go, reflect.go: autogenerate's comparison hooks
//     (Autogen: compare_type and compare_server_default as Alembic's
//     PostgresqlImpl decides them) and the mapping of catalog type names to
//     SQLAlchemy's reflected types.
//   - db.go, inspect.go (native only): DB, one connection over
//     github.com/jackc/pgx/v5, and Inspect, which reads a live database's
//     schema from the catalogs. They are the only files that import the
//     driver; everything else builds for GOOS=js (the page renders
//     PostgreSQL SQL offline, without a server).
//   - compare.go also has what Alembic 1.8.1 sees of a PostgreSQL database
//     (AutogenView) and the SERIAL columns it logs (SerialsSQL).
//
// Transactions around a plan are the runner's business: a plan says which
// changes must run outside one.
package postgres
