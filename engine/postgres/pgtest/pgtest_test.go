//go:build !js

package pgtest_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"retort/engine/postgres/pgtest"

	_ "retort/internal/golden" // go test ./... -update: every test binary takes the flag
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// Each test gets its own empty database: what one creates, the other does not see.
func TestFreshDatabases(t *testing.T) {
	ctx := context.Background()
	a, b := pgtest.DSN(t), pgtest.DSN(t)
	require.NotEqual(t, a, b)
	ca, err := pgx.Connect(ctx, a)
	require.NoError(t, err)
	defer ca.Close(ctx)
	_, err = ca.Exec(ctx, "CREATE TABLE t (x int)")
	require.NoError(t, err)
	cb, err := pgx.Connect(ctx, b)
	require.NoError(t, err)
	defer cb.Close(ctx)
	var n int
	require.NoError(t, cb.QueryRow(ctx, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").Scan(&n))
	require.Zero(t, n)
}

// URL names the same kind of database as a sqlalchemy.url.
func TestURL(t *testing.T) {
	u := pgtest.URL(t)
	require.Regexp(t, `^postgresql://[^@]+@`, u)
}
