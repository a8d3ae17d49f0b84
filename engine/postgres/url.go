package postgres

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ErrNotPostgres is wrapped when a sqlalchemy.url does not name PostgreSQL.
var ErrNotPostgres = errors.New("not a PostgreSQL URL")

// URL is a sqlalchemy.url that names PostgreSQL, read as SQLAlchemy 1.4's
// make_url reads it:
//
//	postgresql[+driver]://[user[:password]@][host][:port][/database][?key=value&…]
//
// User and Password are percent-decoded (p%40ss is p@ss); Host and Database
// are taken as written, as SQLAlchemy takes them; query values are decoded
// as Python's parse_qsl decodes them (+ is a space, %XX a byte), and a key
// with an empty value is dropped, as parse_qsl drops it.
type URL struct {
	// Driver is what follows "+" in the scheme: psycopg2, psycopg, asyncpg,
	// pg8000, …; "" for plain postgresql://. Retort connects with its own
	// driver whatever it says; asyncpg's ssl= is read as sslmode=.
	Driver      string
	User        string
	Password    string
	HasPassword bool // a password was given, even an empty one
	Host        string
	Port        int // 0: not given
	Database    string
	Query       []Param // the query parameters, in order (a key may repeat: host=h1&host=h2)
}

// Param is one query parameter.
type Param struct{ Key, Value string }

// urlPattern is SQLAlchemy 1.4's make_url pattern (sqlalchemy/engine/url.py),
// anchored at the start as re.match is.
var urlPattern = regexp.MustCompile(`^([\w+]+)://` +
	`(?:([^:/]*)(?::([^@]*))?@)?` +
	`(?:(?:\[([^/?]+)\]|([^/:?]+))?(?::([^/?]*))?)?` +
	`(?:/([^?]*))?` +
	`(?:\?(.*))?`)

// IsURL reports whether a sqlalchemy.url names PostgreSQL: its scheme is
// postgresql or postgres, with or without a +driver. (SQLAlchemy 1.4 no
// longer accepts postgres://; Retort does, as many hosts write it.)
func IsURL(raw string) bool {
	scheme, _, ok := strings.Cut(strings.TrimSpace(raw), "://")
	if !ok {
		return false
	}
	name, _, _ := strings.Cut(scheme, "+")
	return name == "postgresql" || name == "postgres"
}

// ParseURL reads a sqlalchemy.url that names PostgreSQL.
func ParseURL(raw string) (*URL, error) {
	raw = strings.TrimSpace(raw)
	m := urlPattern.FindStringSubmatchIndex(raw)
	if m == nil {
		return nil, fmt.Errorf("could not parse SQLAlchemy URL %q", redactRaw(raw))
	}
	group := func(i int) (string, bool) {
		if m[2*i] < 0 {
			return "", false
		}
		return raw[m[2*i]:m[2*i+1]], true
	}
	scheme, _ := group(1)
	name, driver, _ := strings.Cut(scheme, "+")
	if name != "postgresql" && name != "postgres" {
		return nil, fmt.Errorf("sqlalchemy.url %q: %w (it names %q)", redactRaw(raw), ErrNotPostgres, name)
	}
	u := &URL{Driver: driver}
	if s, ok := group(2); ok {
		u.User = pyUnquote(s)
	}
	if s, ok := group(3); ok {
		u.Password, u.HasPassword = pyUnquote(s), true
	}
	if s, ok := group(4); ok {
		u.Host = s
	} else if s, ok := group(5); ok {
		u.Host = s
	}
	if s, ok := group(6); ok && s != "" {
		p, err := strconv.Atoi(s)
		if err != nil || p < 0 || p > 65535 {
			return nil, fmt.Errorf("sqlalchemy.url %q: the port %q is not a number", redactRaw(raw), s)
		}
		u.Port = p
	}
	u.Database, _ = group(7)
	if q, ok := group(8); ok {
		u.Query = parseQSL(q)
	}
	return u, nil
}

// redactRaw hides the password of a URL that may not parse, for messages.
func redactRaw(raw string) string {
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return raw
	}
	at := strings.LastIndex(rest, "@")
	if at < 0 {
		return raw
	}
	if user, _, hasPass := strings.Cut(rest[:at], ":"); hasPass {
		return scheme + "://" + user + ":***" + rest[at:]
	}
	return raw
}

// pyUnquote decodes %XX escapes as Python's urllib.parse.unquote does:
// invalid escapes stay as they are, and bytes that are not UTF-8 become
// U+FFFD.
func pyUnquote(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b []byte
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			v, _ := strconv.ParseUint(s[i+1:i+3], 16, 8)
			b = append(b, byte(v))
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// parseQSL is Python's urllib.parse.parse_qsl with its defaults: pairs split
// on "&", each at its first "="; pairs without "=" or with an empty value
// dropped; + decoded as a space, then %XX escapes.
func parseQSL(q string) []Param {
	var out []Param
	for _, pair := range strings.Split(q, "&") {
		k, v, ok := strings.Cut(pair, "=")
		if !ok || v == "" {
			continue
		}
		k = pyUnquote(strings.ReplaceAll(k, "+", " "))
		v = pyUnquote(strings.ReplaceAll(v, "+", " "))
		out = append(out, Param{k, v})
	}
	return out
}

// Redacted writes the URL back with the password hidden, as SQLAlchemy's
// repr of a URL does (postgresql://scott:***@localhost/test).
func (u *URL) Redacted() string {
	var b strings.Builder
	b.WriteString("postgresql")
	if u.Driver != "" {
		b.WriteString("+" + u.Driver)
	}
	b.WriteString("://")
	if u.User != "" || u.HasPassword {
		b.WriteString(sqlaQuote(u.User))
		if u.HasPassword {
			b.WriteString(":***")
		}
		b.WriteString("@")
	}
	if strings.Contains(u.Host, ":") {
		b.WriteString("[" + u.Host + "]")
	} else {
		b.WriteString(u.Host)
	}
	if u.Port != 0 {
		b.WriteString(":" + strconv.Itoa(u.Port))
	}
	if u.Database != "" {
		b.WriteString("/" + u.Database)
	}
	for i, p := range u.Query {
		if i == 0 {
			b.WriteString("?")
		} else {
			b.WriteString("&")
		}
		b.WriteString(p.Key + "=" + p.Value)
	}
	return b.String()
}

// sqlaQuote escapes what SQLAlchemy escapes in a URL's user: ":", "@", "/".
func sqlaQuote(s string) string {
	r := strings.NewReplacer(":", "%3A", "@", "%40", "/", "%2F")
	return r.Replace(s)
}

// libpqKeys are the connection parameters Retort's driver understands, by
// libpq's names.
var libpqKeys = []string{
	"host", "port", "dbname", "user", "password", "passfile", "connect_timeout",
	"sslmode", "sslkey", "sslcert", "sslcertmode", "sslrootcert", "sslpassword", "sslsni", "sslnegotiation",
	"krbsrvname", "target_session_attrs", "service", "channel_binding", "require_auth",
	"min_protocol_version", "max_protocol_version",
	// Sent to the server at start-up, as libpq sends them.
	"application_name", "client_encoding", "options",
}

// ignoredKeys are libpq parameters that tune the connection and that
// Retort's driver does without: accepted, without effect.
var ignoredKeys = []string{
	"keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count",
	"tcp_user_timeout", "sslcompression", "fallback_application_name",
}

// Params returns the connection parameters by libpq's names, in the order
// psycopg2 builds them: host, dbname, user, password and port from the URL,
// then the query's parameters, which override them. Several host= parameters
// (host=h1:5432&host=h2:5433) are SQLAlchemy's multi-host form: host=h1,h2
// port=5432,5433. A parameter libpq would refuse ("invalid connection
// option"), or one that Retort's driver cannot honour, is an error.
func (u *URL) Params() ([]Param, error) {
	var out []Param
	set := func(k, v string) {
		for i := range out {
			if out[i].Key == k {
				out[i].Value = v
				return
			}
		}
		out = append(out, Param{k, v})
	}
	if u.Host != "" {
		set("host", u.Host)
	}
	if u.Database != "" {
		set("dbname", u.Database)
	}
	if u.User != "" {
		set("user", u.User)
	}
	if u.Password != "" {
		set("password", u.Password)
	}
	if u.Port != 0 {
		set("port", strconv.Itoa(u.Port))
	}
	var hosts []string
	for _, p := range u.Query {
		if p.Key == "host" {
			hosts = append(hosts, p.Value)
		}
	}
	for _, p := range u.Query {
		k, v := p.Key, p.Value
		switch {
		case k == "host":
			continue
		case k == "database":
			k = "dbname"
		case u.Driver == "asyncpg" && k == "ssl":
			k = "sslmode"
			if v == "true" || v == "True" {
				v = "require"
			}
		case u.Driver == "asyncpg" && strings.HasPrefix(k, "prepared_statement_"):
			continue // asyncpg's statement cache
		}
		switch {
		case slices.Contains(libpqKeys, k):
			set(k, v)
		case slices.Contains(ignoredKeys, k):
			if k == "fallback_application_name" {
				if !slices.ContainsFunc(out, func(p Param) bool { return p.Key == "application_name" }) {
					set("application_name", v)
				}
			}
		default:
			return nil, fmt.Errorf("sqlalchemy.url: unknown or unsupported connection parameter %q (Retort takes %s)", p.Key, strings.Join(libpqKeys, ", "))
		}
	}
	switch {
	case len(hosts) == 1:
		set("host", hosts[0])
	case len(hosts) > 1:
		if u.Port != 0 || slices.ContainsFunc(u.Query, func(p Param) bool { return p.Key == "port" }) {
			return nil, errors.New(`sqlalchemy.url: can't mix 'multihost' formats together; use "host=h1,h2,h3&port=p1,p2,p3" or "host=h1:p1&host=h2:p2&host=h3:p3" separately`)
		}
		var hs, ps []string
		for _, h := range hosts {
			host, port, _ := strings.Cut(h, ":")
			hs, ps = append(hs, host), append(ps, port)
		}
		set("host", strings.Join(hs, ","))
		set("port", strings.Join(ps, ","))
	}
	return out, nil
}

// DSN writes the URL as a libpq keyword/value connection string
// (host='/var/run/postgresql' dbname='app' …), the form every PostgreSQL
// driver takes. What it leaves out comes from libpq's environment (PGHOST,
// PGUSER, …) and defaults, as with psycopg2.
func (u *URL) DSN() (string, error) {
	params, err := u.Params()
	if err != nil {
		return "", err
	}
	parts := make([]string, len(params))
	for i, p := range params {
		parts[i] = p.Key + "=" + dsnQuote(p.Value)
	}
	return strings.Join(parts, " "), nil
}

// dsnQuote writes a keyword/value connection string value: in single
// quotes, with backslashes and quotes escaped.
func dsnQuote(v string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(v) + "'"
}
