// Package pgtest gives each test its own fresh PostgreSQL database on a
// throwaway cluster, for the tests of the PostgreSQL dialect and of what
// runs on it.
//
// Where the server comes from:
//
//   - RETORT_PG_URL, when set, is a libpq connection URL or string
//     (postgres://user@host:5432/postgres, host=/var/run/postgresql
//     user=postgres) of a server and a role that may CREATE DATABASE: each
//     test gets a database created there and dropped after it.
//   - Otherwise pgtest starts a cluster of its own, once per test binary,
//     if PostgreSQL's server programs are installed (initdb and postgres on
//     PATH, or Debian's /usr/lib/postgresql/<version>/bin): initdb in a
//     temporary folder, the server listening on a unix socket there only
//     (no TCP port), fsync off. PostgreSQL refuses to run as root; as root
//     the cluster runs as the postgres user (Debian's package creates it).
//     Main stops it and removes the folder when the tests end, and the
//     server is stopped by the kernel if the test binary dies first.
//   - Neither: the test fails, saying how to get a server (Debian: apt-get
//     install postgresql). RETORT_PG_SKIP=1 opts out: the tests that need a
//     server skip, saying so.
//
// A package whose tests use pgtest runs them through Main:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//
// (or through Run, from a TestMain that has more to do after the tests).
//
// The package is native only (the server is a process); under GOOS=js it
// is empty.
package pgtest
