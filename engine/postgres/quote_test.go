package postgres

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Quote against SQLAlchemy 1.4.46's PostgreSQL preparer; the right-hand
// column was recorded with
//
//	/usr/bin/python3 -c 'from sqlalchemy.dialects import postgresql
//	p = postgresql.dialect().identifier_preparer
//	for n in NAMES: print(repr(n), repr(p.quote(n)))'
func TestQuoteAsSQLAlchemy(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"users", `users`},
		{"order", `"order"`},
		{"select", `"select"`},
		{`we"ird`, `"we""ird"`},
		{"MixedCase", `"MixedCase"`},
		{"1abc", `"1abc"`},
		{"$x", `"$x"`},
		{"a$b", `a$b`},
		{"user id", `"user id"`},
		{"é", `"é"`},
		{"user", `"user"`},
		{"alembic_version", `alembic_version`},
		{"Group", `"Group"`},
		{"ab_9", `ab_9`},
		{"_x", `_x`},
		{"analyse", `"analyse"`},
		{"C", `"C"`},
		{"en_US", `"en_US"`},
		{"x-y", `"x-y"`},
		{"naïve", `"naïve"`},
	} {
		require.Equal(t, tc.want, Quote(tc.name), tc.name)
	}
	require.Equal(t, `audit."Events"`, Qualify("audit", "Events"))
}
