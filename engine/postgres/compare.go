package postgres

import (
	"regexp"
	"slices"
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
	if table != nil && table.IsPrimaryKey(model.Name) && SerialColumn(table) == table.Column(model.Name) && model.Identity == nil {
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
