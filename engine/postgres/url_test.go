package postgres

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// The URLs are read as SQLAlchemy 1.4.46's make_url reads them and turned
// into the parameters psycopg2's dialect passes to libpq
// (PGDialect_psycopg2.create_connect_args). The expectations are what
// /usr/bin/python3 printed for make_url(raw) and create_connect_args of
// each (psycopg2's database= is libpq's dbname=), but for postgres://,
// which SQLAlchemy 1.4 refuses and Retort reads as postgresql://, and the
// asyncpg row, whose ssl= Retort reads as sslmode=.
func TestParseURL(t *testing.T) {
	cases := []struct {
		raw    string
		url    URL
		params []Param
		err    string
	}{
		{raw: "postgresql://u@localhost/db",
			url:    URL{User: "u", Host: "localhost", Database: "db"},
			params: []Param{{"host", "localhost"}, {"dbname", "db"}, {"user", "u"}}},
		{raw: "postgresql+psycopg2://scott:tiger@db.example.com:5433/app?sslmode=require&application_name=retort",
			url: URL{Driver: "psycopg2", User: "scott", Password: "tiger", HasPassword: true, Host: "db.example.com", Port: 5433, Database: "app",
				Query: []Param{{"sslmode", "require"}, {"application_name", "retort"}}},
			params: []Param{{"host", "db.example.com"}, {"dbname", "app"}, {"user", "scott"}, {"password", "tiger"}, {"port", "5433"},
				{"sslmode", "require"}, {"application_name", "retort"}}},
		{raw: "postgresql+psycopg://u:p%40ss%3Aw%2Frd@h/db",
			url:    URL{Driver: "psycopg", User: "u", Password: "p@ss:w/rd", HasPassword: true, Host: "h", Database: "db"},
			params: []Param{{"host", "h"}, {"dbname", "db"}, {"user", "u"}, {"password", "p@ss:w/rd"}}},
		{raw: "postgres://u@/db?host=/var/run/postgresql",
			url:    URL{User: "u", Database: "db", Query: []Param{{"host", "/var/run/postgresql"}}},
			params: []Param{{"dbname", "db"}, {"user", "u"}, {"host", "/var/run/postgresql"}}},
		{raw: "postgresql+asyncpg://u@h/db?ssl=require&prepared_statement_cache_size=0",
			url:    URL{Driver: "asyncpg", User: "u", Host: "h", Database: "db", Query: []Param{{"ssl", "require"}, {"prepared_statement_cache_size", "0"}}},
			params: []Param{{"host", "h"}, {"dbname", "db"}, {"user", "u"}, {"sslmode", "require"}}},
		{raw: "postgresql://u@[::1]:5432/db",
			url:    URL{User: "u", Host: "::1", Port: 5432, Database: "db"},
			params: []Param{{"host", "::1"}, {"dbname", "db"}, {"user", "u"}, {"port", "5432"}}},
		{raw: "postgresql:///db?host=h1:5432&host=h2:5433",
			url:    URL{Database: "db", Query: []Param{{"host", "h1:5432"}, {"host", "h2:5433"}}},
			params: []Param{{"dbname", "db"}, {"host", "h1,h2"}, {"port", "5432,5433"}}},
		{raw: "postgresql://",
			url: URL{}, params: nil},
		// A password may hold '@' only percent-encoded: SQLAlchemy takes the
		// first '@' as the end of the password, the rest as the host.
		{raw: "postgresql://u:p@ss@h/db",
			url:    URL{User: "u", Password: "p", HasPassword: true, Host: "ss@h", Database: "db"},
			params: []Param{{"host", "ss@h"}, {"dbname", "db"}, {"user", "u"}, {"password", "p"}}},
		// parse_qsl drops empty values and decodes + and %XX; the database
		// is taken as written.
		{raw: "postgresql://u@h/my%20db?sslmode=&options=-c+search_path%3Dapp",
			url:    URL{User: "u", Host: "h", Database: "my%20db", Query: []Param{{"options", "-c search_path=app"}}},
			params: []Param{{"host", "h"}, {"dbname", "my%20db"}, {"user", "u"}, {"options", "-c search_path=app"}}},
		{raw: "postgresql://u@h/db?database=other",
			url:    URL{User: "u", Host: "h", Database: "db", Query: []Param{{"database", "other"}}},
			params: []Param{{"host", "h"}, {"dbname", "other"}, {"user", "u"}}},
		{raw: "sqlite:///app.db", err: "not a PostgreSQL URL"},
		{raw: "postgresql://h:port/db", err: `the port "port" is not a number`},
		{raw: "postgresql://u@h/db?bogus=1", err: `unknown or unsupported connection parameter "bogus"`},
		{raw: "postgresql://u@h:5432/db?host=a:1&host=b:2", err: "can't mix 'multihost' formats"},
		{raw: "not a url", err: "could not parse SQLAlchemy URL"},
	}
	for _, tc := range cases {
		t.Run(tc.raw, func(t *testing.T) {
			u, err := ParseURL(tc.raw)
			if err == nil {
				var params []Param
				params, err = u.Params()
				if err == nil {
					require.Empty(t, tc.err)
					require.Equal(t, tc.url, *u)
					require.Equal(t, tc.params, params)
					return
				}
			}
			require.NotEmpty(t, tc.err, "unexpected error %v", err)
			require.ErrorContains(t, err, tc.err)
		})
	}
}

func TestURLRedactedAndDSN(t *testing.T) {
	u, err := ParseURL(`postgresql+psycopg2://sc:ott:ti'g\er@h:5/d b?sslmode=verify-full`)
	require.NoError(t, err)
	require.Equal(t, "postgresql+psycopg2://sc:***@h:5/d b?sslmode=verify-full", u.Redacted())
	dsn, err := u.DSN()
	require.NoError(t, err)
	require.Equal(t, `host='h' dbname='d b' user='sc' password='ott:ti\'g\\er' port='5' sslmode='verify-full'`, dsn)
	require.True(t, IsURL("postgres://x"))
	require.True(t, IsURL("postgresql+asyncpg://x"))
	require.False(t, IsURL("sqlite:///x.db"))
	require.False(t, IsURL("postgresqlx://x"))
}

func FuzzParseURL(f *testing.F) {
	for _, s := range []string{
		"postgresql://u@localhost/db", "postgresql+psycopg2://a:b@[::1]:5432/x?sslmode=require&host=h1:1&host=h2:2",
		"postgres://u:p%zz@/db?host=/tmp", "postgresql://u:p@ss@h/db", "postgresql+asyncpg://h/d?ssl=true",
		"postgresql://%ff%fe@h", "postgresql://h:99999/d", "postgresql://?&=&a=b=c",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := ParseURL(raw)
		if err != nil {
			return
		}
		r := u.Redacted()
		if u.HasPassword && u.Password != "" && len(u.Password) > 3 {
			require.NotContains(t, r, ":"+u.Password+"@", "the password shows in %q", r)
		}
		if _, err := u.DSN(); err != nil {
			return
		}
		// Redacted with the password put back parses to the same URL,
		// but for what Redacted cannot keep (an empty query value).
		again, err := ParseURL(r)
		require.NoError(t, err, "Redacted() = %q does not parse", r)
		require.Equal(t, u.Driver, again.Driver)
		require.Equal(t, u.Port, again.Port)
	})
}
