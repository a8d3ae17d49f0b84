package postgres

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"retort/engine/schema"
)

// Autogen is autogenerate's comparison hooks for PostgreSQL, as Alembic's
// PostgresqlImpl decides them: package diff takes it as Options.Dialect.
// The zero value is ready to use.
type Autogen struct{}

// SameType reports whether a column type as the database reports it (db)
// and as the models declare it are the same: Alembic's compare_type, with
// PostgresqlImpl's synonyms. Both types are written as SQLAlchemy's
// PostgreSQL compiler writes them, lowercased and cut into words and one
// parenthesized group; the first words must match (NUMERIC and DECIMAL,
// FLOAT and DOUBLE PRECISION are synonyms), and the other words and the
// arguments are compared only when both sides have as many of them, so the
// less specific side never flags a change (String vs VARCHAR(50) is no
// change; String(50) vs VARCHAR(100), DateTime vs TIMESTAMP WITH TIME ZONE,
// JSON vs JSONB are changes).
func (Autogen) SameType(db, model schema.Type) bool {
	insp, meta := tokenizeType(db), tokenizeType(model)
	return typesMatch(insp, meta) && typeArgsMatch(insp, meta)
}

// SupportsComments is true: PostgreSQL keeps COMMENT ON TABLE and COLUMN,
// which Alembic compares.
func (Autogen) SupportsComments() bool { return true }

// TypeSQL is the type as PostgreSQL's DDL writes it (its name when
// SQLAlchemy could not compile it either: an unnamed enum).
func (Autogen) TypeSQL(t schema.Type) string {
	s, err := TypeSQL(t)
	if err != nil {
		return t.Name
	}
	return s
}

// TypeName is TypeSQL's words, uppercased (NUMERIC and DECIMAL, FLOAT and
// DOUBLE PRECISION as PostgresqlImpl's synonyms spell them one way), and
// its numeric arguments.
func (Autogen) TypeName(t schema.Type) (string, []int) {
	p := tokenizeType(t)
	name := strings.ToUpper(strings.Join(append([]string{p.token0}, p.tokens...), " "))
	switch name {
	case "DECIMAL":
		name = "NUMERIC"
	case "DOUBLE PRECISION":
		name = "FLOAT"
	}
	var args []int
	for _, a := range p.args {
		if n, err := strconv.Atoi(a); err == nil {
			args = append(args, n)
		}
	}
	return name, args
}

// NeverNull is false: a PostgreSQL column is nullable as its DDL says.
func (Autogen) NeverNull(*schema.Table, *schema.Column) bool { return false }

// typeParams is Alembic's Params: a compiled type cut into its first word,
// its other words and its parenthesized arguments.
type typeParams struct {
	token0 string
	tokens []string
	args   []string
}

var (
	typeTokenRe = regexp.MustCompile(`[\w\-_]+|\(.+?\)`)
	parenRe     = regexp.MustCompile(`^\(.*\)$`)
	argRe       = regexp.MustCompile(`[^(),]+`)
)

// tokenizeType is Alembic's DefaultImpl._tokenize_column_type.
func tokenizeType(t schema.Type) typeParams {
	def, err := TypeSQL(t)
	if err != nil {
		def = t.Name // an unnamed enum: SQLAlchemy could not compile it either
	}
	def = strings.ToLower(def)
	var p typeParams
	paren := ""
	for _, tok := range typeTokenRe.FindAllString(def, -1) {
		if parenRe.MatchString(tok) {
			paren = tok
		} else if p.token0 == "" && len(p.tokens) == 0 {
			p.token0 = tok
		} else {
			p.tokens = append(p.tokens, tok)
		}
	}
	for _, a := range argRe.FindAllString(paren, -1) {
		if !strings.Contains(a, "=") {
			p.args = append(p.args, strings.TrimSpace(a))
		}
	}
	return p
}

// typeSynonyms are PostgresqlImpl.type_synonyms.
var typeSynonyms = [][]string{{"numeric", "decimal"}, {"float", "double precision"}}

// typesMatch is Alembic's _column_types_match.
func typesMatch(insp, meta typeParams) bool {
	if insp.token0 == meta.token0 {
		return true
	}
	inspAll := strings.Join(append([]string{insp.token0}, insp.tokens...), " ")
	metaAll := strings.Join(append([]string{meta.token0}, meta.tokens...), " ")
	for _, batch := range typeSynonyms {
		if slices.Contains(batch, inspAll) && slices.Contains(batch, metaAll) ||
			slices.Contains(batch, insp.token0) && slices.Contains(batch, meta.token0) {
			return true
		}
	}
	return false
}

// typeArgsMatch is Alembic's _column_args_match.
func typeArgsMatch(insp, meta typeParams) bool {
	if len(meta.tokens) == len(insp.tokens) && !slices.Equal(meta.tokens, insp.tokens) {
		return false
	}
	if len(meta.args) == len(insp.args) && !slices.Equal(meta.args, insp.args) {
		return false
	}
	return true
}

// SameDefault reports whether the server default a database reports for a
// column (db, as pg_get_expr prints it, with a SERIAL's nextval left out by
// Inspect) and the one the models declare (model, a column of table) are
// the same: Alembic's PostgresqlImpl.compare_server_default. That one asks
// the server (SELECT <db default> = <model default>); Retort decides without
// one, from what the server prints (see normDefault): no change for the
// table's autoincrement column (its nextval), for now() against
// CURRENT_TIMESTAMP, for 'x'::character varying against 'x', for
// false against 0 on a BOOLEAN column, for 5 against '5'.
func (Autogen) SameDefault(table *schema.Table, db, model *schema.Column) bool {
	if table != nil && table.IsPrimaryKey(model.Name) && table.AutoincrementColumn() == table.Column(model.Name) && model.Identity == nil {
		return true
	}
	a, b := strings.TrimSpace(db.ServerDefault), strings.TrimSpace(model.ServerDefault)
	if a == b {
		return true
	}
	if a == "" || b == "" {
		return false
	}
	boolean := isBoolean(db.Type) || isBoolean(model.Type)
	return normDefault(a, boolean) == normDefault(b, boolean)
}

func isBoolean(t schema.Type) bool { return t.Name == "Boolean" || t.Name == "BOOLEAN" }

// Serial is a column Alembic's PostgresqlImpl.autogen_column_reflect takes
// for a SERIAL when autogenerate reflects its table: an INTEGER or BIGINT
// column whose default is nextval('seq'::regclass), where a sequence named
// seq is owned by a column of the same name. Alembic logs it (Note, under
// the alembic.ddl.postgresql logger) and omits the default, as Inspect does.
type Serial struct {
	Schema, Table, Column, Sequence string
}

// SerialNoteLogger is the logger Alembic writes Serial.Note under.
const SerialNoteLogger = "alembic.ddl.postgresql"

// Note is the line Alembic logs for the column.
func (s Serial) Note() string {
	return fmt.Sprintf("Detected sequence named '%s' as owned by integer column '%s(%s)', assuming SERIAL and omitting", s.Sequence, s.Table, s.Column)
}

// SerialsSQL lists the Serial columns of the database's tables, as
// autogen_column_reflect finds them (its regular expression on the default,
// then the first sequence of that name with the column that owns it):
// schema ("" for the current one), table, column, sequence.
const SerialsSQL = `SELECT CASE WHEN tn.nspname = current_schema() THEN '' ELSE tn.nspname END, t.relname, a.attname, m.seq
	FROM pg_catalog.pg_attribute a
	JOIN pg_catalog.pg_class t ON t.oid = a.attrelid AND t.relkind IN ('r', 'p')
	JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
	JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
	CROSS JOIN LATERAL (SELECT substring(pg_catalog.pg_get_expr(d.adbin, d.adrelid) FROM '^nextval\(''(.+?)''::regclass\)') AS seq) m
	WHERE a.attnum > 0 AND NOT a.attisdropped AND a.atttypid IN ('pg_catalog.int4'::regtype, 'pg_catalog.int8'::regtype)
		AND m.seq IS NOT NULL
		AND (SELECT oa.attname FROM pg_catalog.pg_class s
			JOIN pg_catalog.pg_depend dep ON dep.objid = s.oid AND dep.classid = 'pg_catalog.pg_class'::regclass
				AND dep.refclassid = 'pg_catalog.pg_class'::regclass
			JOIN pg_catalog.pg_attribute oa ON oa.attrelid = dep.refobjid AND oa.attnum = dep.refobjsubid
			WHERE s.relkind = 'S' AND s.relname = m.seq LIMIT 1) = a.attname
	ORDER BY 1, 2, a.attnum`

// ReadSerials turns SerialsSQL's rows into Serials.
func ReadSerials(rows [][]any) ([]Serial, error) {
	var out []Serial
	for _, r := range rows {
		var s Serial
		dst := []*string{&s.Schema, &s.Table, &s.Column, &s.Sequence}
		if len(r) != len(dst) {
			return nil, fmt.Errorf("serial columns: expected %d values, got %d", len(dst), len(r))
		}
		for i, v := range r {
			str, ok := v.(string)
			if !ok {
				return nil, fmt.Errorf("serial columns: expected text, got %T", v)
			}
			*dst[i] = str
		}
		out = append(out, s)
	}
	return out, nil
}

// AutogenView is what Alembic 1.8.1's autogenerate compares on PostgreSQL
// (with SQLAlchemy 1.4) of the database's schema (db) and the models':
//
//   - with include_schemas=False, env.py's default, the tables of the
//     default schema only (the search_path's first; MetaData's Schema "");
//   - no expression index on the database's side: SQLAlchemy 1.4 does not
//     reflect them ("Skipped unsupported reflection of expression-based
//     index");
//   - no expression index on the models' side either, unless the database
//     has an index of that name: PostgresqlImpl.correct_for_autogen_constraints
//     skips them ("autogenerate skipping functional index").
//
// Neither argument is changed; the tables that change are copies.
func AutogenView(db, models *schema.MetaData, includeSchemas bool) (*schema.MetaData, *schema.MetaData) {
	dbOut := &schema.MetaData{Views: db.Views, Triggers: db.Triggers, Enums: db.Enums}
	names := map[string]bool{}
	for _, t := range db.Tables {
		if t.Schema != "" && !includeSchemas {
			continue
		}
		dbOut.Tables = append(dbOut.Tables, withoutExpressionIndexes(t, nil))
		for _, ix := range t.Indexes {
			if !isExpressionIndex(t, ix) {
				names[ix.Name] = true
			}
		}
	}
	if models == nil {
		return dbOut, nil
	}
	modelsOut := *models
	modelsOut.Tables = make([]*schema.Table, len(models.Tables))
	for i, t := range models.Tables {
		modelsOut.Tables[i] = withoutExpressionIndexes(t, names)
	}
	return dbOut, &modelsOut
}

// withoutExpressionIndexes is t without its expression indexes, but those
// named in keep; t itself when it has none to leave out.
func withoutExpressionIndexes(t *schema.Table, keep map[string]bool) *schema.Table {
	drop := func(ix *schema.Index) bool { return isExpressionIndex(t, ix) && !keep[ix.Name] }
	if !slices.ContainsFunc(t.Indexes, drop) {
		return t
	}
	t = t.Clone()
	t.Indexes = slices.DeleteFunc(t.Indexes, drop)
	if len(t.Indexes) == 0 {
		t.Indexes = nil
	}
	return t
}

// isExpressionIndex reports whether an index holds an expression: an entry
// that names no column of its table.
func isExpressionIndex(t *schema.Table, ix *schema.Index) bool {
	return slices.ContainsFunc(ix.Columns, func(c string) bool { return t.Column(c) == nil })
}
