package postgres

import (
	"fmt"
	"math"
	"retort/engine/python"
	"strconv"
	"strings"
)

// Quote writes an identifier as SQLAlchemy's PostgreSQL preparer does
// (IdentifierPreparer.quote), so that Retort's SQL is Alembic's: bare when
// PostgreSQL reads it back as it is (lower case letters, digits, _ and $,
// not starting with a digit or $, not a reserved word), otherwise in double
// quotes, embedded ones doubled. So users stays users while "order",
// "select", "we""ird" and "MixedCase" are names like any other (PostgreSQL
// folds unquoted names to lower case; quoted, a name is exactly what the
// script says).
func Quote(name string) string {
	if !RequiresQuotes(name) {
		return name
	}
	return quoteAlways(name)
}

// quoteAlways writes an identifier in double quotes, whatever it is.
func quoteAlways(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// RequiresQuotes reports whether SQLAlchemy's PostgreSQL preparer quotes a
// name (IdentifierPreparer._requires_quotes): a reserved word, a name with
// an upper case letter or a character other than letters, digits, _ and $,
// or one starting with a digit or $. The empty name is quoted.
func RequiresQuotes(name string) bool {
	if name == "" {
		return true
	}
	if c := name[0]; c >= '0' && c <= '9' || c == '$' {
		return true
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '$') {
			return true
		}
	}
	return reservedWords[name]
}

// reservedWords is sqlalchemy.dialects.postgresql.base.RESERVED_WORDS
// (SQLAlchemy 1.4.46): the names its preparer quotes although they are
// lower case.
var reservedWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`all analyse analyze and any array as asc asymmetric
		authorization between binary both case cast check collate column constraint create
		cross current_catalog current_date current_role current_schema current_time
		current_timestamp current_user default deferrable desc distinct do else end except
		false fetch for foreign freeze from full grant group having ilike in initially inner
		intersect into is isnull join leading left like limit localtime localtimestamp natural
		new not notnull null of off offset old on only or order outer over overlaps placing
		primary references returning right select session_user similar some symmetric table
		then to trailing true union unique user using variadic verbose when where window with`) {
		m[w] = true
	}
	return m
}()

// Qualify quotes a name with its schema when it has one: "s"."t", or "t".
func Qualify(schema, name string) string {
	if schema == "" {
		return Quote(name)
	}
	return Quote(schema) + "." + Quote(name)
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = Quote(n)
	}
	return strings.Join(q, ", ")
}

// QuoteString writes s as a string literal, quotes doubled. A string holding a
// backslash is written as an escape string, E'a\\b', which means the same
// whatever the server's standard_conforming_strings (SQLAlchemy, offline,
// doubles backslashes inside a plain literal, which a server with the default
// standard_conforming_strings=on stores doubled).
func QuoteString(s string) string {
	q := "'" + strings.ReplaceAll(s, "'", "''") + "'"
	if strings.Contains(s, `\`) {
		return "E" + strings.ReplaceAll(q, `\`, `\\`)
	}
	return q
}

// Literal writes a Go value as a PostgreSQL literal: nil, bool (true,
// false), integers, floats and strings, as SQLAlchemy's PostgreSQL compiler
// renders bound values inline (op.bulk_insert in --sql mode).
func Literal(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "NULL", nil
	case bool:
		if x {
			return "true", nil
		}
		return "false", nil
	case int:
		return strconv.Itoa(x), nil
	case int32:
		return strconv.FormatInt(int64(x), 10), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case float64:
		switch {
		case math.IsNaN(x):
			return "'NaN'", nil
		case math.IsInf(x, 1):
			return "'Infinity'", nil
		case math.IsInf(x, -1):
			return "'-Infinity'", nil
		}
		return python.FloatRepr(x), nil
	case string:
		if strings.ContainsRune(x, 0) {
			return "", fmt.Errorf("a PostgreSQL string cannot hold a NUL character: %q", x)
		}
		return QuoteString(x), nil
	}
	return "", fmt.Errorf("cannot write %T as a PostgreSQL literal", v)
}

// pyFloat writes a float as Python's repr does, which is how SQLAlchemy
