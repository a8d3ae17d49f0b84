//go:build !js

package postgres

import (
	"testing"

	"retort/engine/postgres/pgtest"
)

// The tests that need a server get a fresh database each from pgtest (see
// its package comment for where the server comes from).
func TestMain(m *testing.M) { pgtest.Main(m) }
