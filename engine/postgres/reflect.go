package postgres

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"retort/engine/schema"
)

// Reading catalog values back into schema values, as SQLAlchemy 1.4's
// PostgreSQL reflection reads them (PGDialect._get_column_info and
// friends). Inspect (native) runs the queries; what it does with their text
// is here, where it builds for GOOS=js too.

var (
	typeArgsRe = regexp.MustCompile(`\((.*)\)`)
	charlenRe  = regexp.MustCompile(`\(([\d,]+)\)`)
)

// ReflectType reads a column type as PostgreSQL's format_type() prints it
// into the type SQLAlchemy reflects: character varying(50) is VARCHAR(50),
// timestamp(3) with time zone is TIMESTAMP(precision=3, timezone=True),
// double precision is DOUBLE_PRECISION(precision=53), integer[] is
// ARRAY(INTEGER), an enum type's name is ENUM with its labels. enums are the
// database's enum types (Schema "" for the ones on the search path, as
// format_type writes their names bare). A type SQLAlchemy does not know
// keeps its name, uppercased (SQLAlchemy reflects it as NullType).
func ReflectType(formatType string, enums []*schema.Enum) schema.Type {
	base := typeArgsRe.ReplaceAllString(formatType, "")
	// format_type prints one [] whatever an array's dimensions, and
	// SQLAlchemy reflects ARRAY(item) without them.
	isArray := strings.HasSuffix(base, "[]")
	base = strings.TrimSuffix(base, "[]")
	t := scalarType(base, formatType, enums)
	if !isArray {
		return t
	}
	return schema.Type{Name: "ARRAY", Item: &t, Dialect: "postgresql"}
}

func scalarType(base, formatType string, enums []*schema.Enum) schema.Type {
	var charlen []int
	if m := charlenRe.FindStringSubmatch(formatType); m != nil {
		for _, p := range strings.Split(m[1], ",") {
			if n, err := strconv.Atoi(strings.TrimSpace(p)); err == nil {
				charlen = append(charlen, n)
			}
		}
	}
	first := func() []int {
		if len(charlen) > 0 {
			return charlen[:1]
		}
		return nil
	}
	pg := func(name string, args []int) schema.Type {
		return schema.Type{Name: name, Args: args, Dialect: "postgresql"}
	}
	switch base {
	case "integer":
		return schema.Type{Name: "INTEGER"}
	case "bigint":
		return schema.Type{Name: "BIGINT"}
	case "smallint":
		return schema.Type{Name: "SMALLINT"}
	case "character varying":
		return schema.Type{Name: "VARCHAR", Args: first()}
	case "character":
		return schema.Type{Name: "CHAR", Args: first()}
	case "text":
		return schema.Type{Name: "TEXT"}
	case "numeric":
		if len(charlen) == 2 {
			return schema.Type{Name: "NUMERIC", Args: charlen}
		}
		return schema.Type{Name: "NUMERIC"}
	case "real":
		return schema.Type{Name: "REAL"}
	case "double precision":
		return pg("DOUBLE_PRECISION", []int{53})
	case "boolean":
		return schema.Type{Name: "BOOLEAN"}
	case "date":
		return schema.Type{Name: "DATE"}
	case "timestamp with time zone", "timestamp without time zone", "timestamp":
		return schema.Type{Name: "TIMESTAMP", Args: first(), Timezone: base == "timestamp with time zone", Dialect: "postgresql"}
	case "time with time zone", "time without time zone", "time":
		return schema.Type{Name: "TIME", Args: first(), Timezone: base == "time with time zone", Dialect: "postgresql"}
	case "bytea":
		return pg("BYTEA", nil)
	case "json":
		return schema.Type{Name: "JSON"}
	case "jsonb":
		return pg("JSONB", nil)
	case "uuid":
		return pg("UUID", nil)
	case "bit", "bit varying":
		t := pg("BIT", first())
		if base == "bit varying" {
			t.Options = map[string]string{"varying": "True"}
		}
		return t
	case "inet", "cidr", "macaddr", "macaddr8", "money", "oid", "regclass", "tsvector", "hstore",
		"int4range", "int8range", "numrange", "daterange", "tsrange", "tstzrange":
		return pg(strings.ToUpper(base), nil)
	case `"char"`, "name":
		return schema.Type{Name: "String"}
	}
	if strings.HasPrefix(base, "interval") {
		t := pg("INTERVAL", first())
		if fields := strings.TrimSpace(strings.TrimPrefix(base, "interval")); fields != "" {
			t.Options = map[string]string{"fields": "'" + strings.ToUpper(fields) + "'"}
		}
		return t
	}
	if e := enumNamed(enums, base); e != nil {
		return schema.Type{Name: "ENUM", Enum: slices.Clone(e.Values), EnumName: e.Name, Schema: e.Schema, Dialect: "postgresql"}
	}
	return pg(strings.ToUpper(base), charlen)
}

// enumNamed finds the enum type a format_type name names: name or
// schema.name, each part quoted when it needs to be.
func enumNamed(enums []*schema.Enum, name string) *schema.Enum {
	parts := splitQualified(name)
	sch, n := "", ""
	switch len(parts) {
	case 1:
		n = parts[0]
	case 2:
		sch, n = parts[0], parts[1]
	default:
		return nil
	}
	for _, e := range enums {
		if e.Name == n && e.Schema == sch {
			return e
		}
	}
	return nil
}

// splitQualified splits a possibly quoted, possibly schema-qualified name:
// "My Type" -> [My Type]; s."t" -> [s t].
func splitQualified(s string) []string {
	toks, err := lex(s)
	if err != nil {
		return nil
	}
	var out []string
	want := true
	for _, t := range toks {
		switch {
		case want && t.Kind == tokWord:
			out = append(out, t.Text)
			want = false
		case want && t.Kind == tokIdent:
			out = append(out, t.Text)
			want = false
		case !want && t.Kind == tokPunct && t.Text == ".":
			want = true
		default:
			return nil
		}
	}
	return out
}

var (
	checkDefRe   = regexp.MustCompile(`(?s)^CHECK *\((.+)\)( NOT VALID)?$`)
	checkInnerRe = regexp.MustCompile(`(?s)^[\s\n]*\((.+)\)[\s\n]*$`)
)

// ReflectCheck reads pg_get_constraintdef's text of a CHECK constraint into
// its expression as SQLAlchemy reflects it: "CHECK ((qty > 0))" is
// "qty > 0".
func ReflectCheck(def string) string {
	m := checkDefRe.FindStringSubmatch(def)
	if m == nil {
		return ""
	}
	return checkInnerRe.ReplaceAllString(m[1], "$1")
}

// fkAction reads pg_constraint's confdeltype/confupdtype; "" for NO ACTION,
// PostgreSQL's default (SQLAlchemy reflects None).
func fkAction(c string) string {
	switch c {
	case "r":
		return "RESTRICT"
	case "c":
		return "CASCADE"
	case "n":
		return "SET NULL"
	case "d":
		return "SET DEFAULT"
	}
	return ""
}
