package script

import (
	"fmt"
	"slices"
	"strings"
)

// signature describes the parameters of one callable the reader understands:
// its positional-or-keyword parameters in order, the required ones, and the
// keyword-only ones. Keywords listed in ignored are accepted and have no effect
// on SQLite (schema=None, if_exists, …).
type signature struct {
	name     string
	params   []string // positional or keyword, in order
	required int      // the first `required` params must be given
	keywords []string // keyword-only
	ignored  []string // accepted, no effect
	varargs  bool     // *args after params (create_table's columns)
}

func (s *signature) known(kw string) bool {
	return slices.Contains(s.params, kw) || slices.Contains(s.keywords, kw) || slices.Contains(s.ignored, kw)
}

func (s *signature) allNames() []string {
	return slices.Concat(s.params, s.keywords, s.ignored)
}

// boundArgs maps parameter names to the argument given for them; rest holds
// the extra positional arguments of a *args signature.
type boundArgs[T any] struct {
	named map[string]T
	rest  []T
}

func (b boundArgs[T]) get(name string) (T, bool) {
	v, ok := b.named[name]
	return v, ok
}

// bindError is an argument that does not fit the signature; at is the index of
// the offending argument (positional first, then keywords), or -1 for the call.
type bindError struct {
	at  int
	msg string
}

// bind matches positional and keyword arguments to s as Python would.
func bind[T any](s *signature, pos []T, kwNames []string, kwVals []T) (boundArgs[T], *bindError) {
	b := boundArgs[T]{named: map[string]T{}}
	for i, a := range pos {
		switch {
		case i < len(s.params):
			b.named[s.params[i]] = a
		case s.varargs:
			b.rest = append(b.rest, a)
		default:
			return b, &bindError{at: i, msg: s.name + " " + positionalMsg(s.required, len(s.params), len(pos))}
		}
	}
	for i, k := range kwNames {
		if !s.known(k) {
			msg := fmt.Sprintf("%s has no argument '%s'", s.name, k)
			if near := suggest(k, s.allNames()); near != "" {
				msg += fmt.Sprintf(" (did you mean '%s'?)", near)
			}
			return b, &bindError{at: len(pos) + i, msg: msg}
		}
		if _, dup := b.named[k]; dup {
			return b, &bindError{at: len(pos) + i, msg: fmt.Sprintf("%s got multiple values for argument '%s'", s.name, k)}
		}
		b.named[k] = kwVals[i]
	}
	for _, p := range s.params[:s.required] {
		if _, ok := b.named[p]; !ok {
			return b, &bindError{at: -1, msg: fmt.Sprintf("%s is missing its '%s' argument", s.name, p)}
		}
	}
	return b, nil
}

// positionalMsg words a positional argument count error as Python does.
func positionalMsg(required, most, given int) string {
	were := "were"
	if given == 1 {
		were = "was"
	}
	plural := "s"
	if most == 1 {
		plural = ""
	}
	if required == most {
		return fmt.Sprintf("takes %d positional argument%s but %d %s given", most, plural, given, were)
	}
	return fmt.Sprintf("takes from %d to %d positional arguments but %d %s given", required, most, given, were)
}

// suggest returns the candidate closest to name when it is close enough to be
// a likely typo, else "".
func suggest(name string, candidates []string) string {
	best, bestD := "", 0
	for _, c := range candidates {
		d := editDistance(strings.ToLower(name), strings.ToLower(c))
		if best == "" || d < bestD {
			best, bestD = c, d
		}
	}
	limit := max(1, min(3, len(name)/3))
	if best == "" || bestD > limit {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Alembic's operations as Retort reads them, for op.* (plain) and batch_op.*
// (inside a batch block, where the table is the block's).
var (
	opSignatures = map[string]*signature{
		"create_table": {params: []string{"table_name"}, required: 1, varargs: true,
			keywords: []string{"comment", "schema", "sqlite_strict", "sqlite_with_rowid", "sqlite_autoincrement"},
			// Table()'s own keywords, which create_table passes on.
			ignored: []string{"info", "if_not_exists", "extend_existing", "keep_existing", "prefixes", "quote",
				"quote_schema", "implicit_returning", "listeners", "must_exist", "autoload_replace"}},
		"drop_table":   {params: []string{"table_name"}, required: 1, keywords: []string{"schema"}, ignored: []string{"if_exists"}},
		"rename_table": {params: []string{"old_table_name", "new_table_name"}, required: 2, keywords: []string{"schema"}},
		"add_column": {params: []string{"table_name", "column"}, required: 2, keywords: []string{"schema"},
			ignored: []string{"if_not_exists", "inline_references", "inline_primary_key"}},
		"drop_column": {params: []string{"table_name", "column_name"}, required: 2, keywords: []string{"schema"}, ignored: []string{"if_exists", "mssql_drop_check", "mssql_drop_default", "mssql_drop_foreign_key"}},
		"alter_column": {params: []string{"table_name", "column_name"}, required: 2,
			keywords: append([]string{"schema", "postgresql_using"}, alterKeywords...), ignored: []string{"autoincrement", "existing_autoincrement"}},
		"create_index": {params: []string{"index_name", "table_name", "columns"}, required: 3,
			keywords: []string{"unique", "schema", "sqlite_where", "postgresql_where", "postgresql_using", "postgresql_include", "postgresql_concurrently"},
			ignored:  []string{"if_not_exists", "quote"}},
		"drop_index": {params: []string{"index_name", "table_name"}, required: 1,
			keywords: []string{"schema", "sqlite_where", "postgresql_concurrently"}, ignored: []string{"if_exists"}},
		"create_unique_constraint": {params: []string{"constraint_name", "table_name", "columns"}, required: 3,
			keywords: []string{"schema"}, ignored: []string{"deferrable", "initially"}},
		"create_check_constraint": {params: []string{"constraint_name", "table_name", "condition"}, required: 3,
			keywords: []string{"schema"}, ignored: []string{"deferrable", "initially"}},
		"create_foreign_key": {params: []string{"constraint_name", "source_table", "referent_table", "local_cols", "remote_cols"}, required: 5,
			keywords: []string{"onupdate", "ondelete", "deferrable", "initially", "source_schema", "referent_schema"},
			ignored:  []string{"match", "use_alter"}},
		"drop_constraint":      {params: []string{"constraint_name", "table_name", "type_"}, required: 2, keywords: []string{"schema"}, ignored: []string{"if_exists"}},
		"create_table_comment": {params: []string{"table_name", "comment"}, required: 2, keywords: []string{"existing_comment", "schema"}},
		"drop_table_comment":   {params: []string{"table_name"}, required: 1, keywords: []string{"existing_comment", "schema"}},
		"execute":              {params: []string{"sqltext", "execution_options"}, required: 1},
		"bulk_insert":          {params: []string{"table", "rows", "multiinsert"}, required: 2},
		"batch_alter_table": {params: []string{"table_name", "schema", "recreate"}, required: 1,
			ignored: []string{"partial_reordering", "copy_from", "table_args", "table_kwargs", "reflect_args", "reflect_kwargs", "naming_convention"}},
		"f": {params: []string{"name"}, required: 1},
	}
	batchSignatures = map[string]*signature{
		"add_column":  {params: []string{"column"}, required: 1, ignored: []string{"insert_before", "insert_after", "if_not_exists", "inline_references", "inline_primary_key"}},
		"drop_column": {params: []string{"column_name"}, required: 1, ignored: []string{"if_exists"}},
		"alter_column": {params: []string{"column_name"}, required: 1,
			keywords: append([]string{"postgresql_using"}, alterKeywords...), ignored: []string{"insert_before", "insert_after", "autoincrement", "existing_autoincrement"}},
		"create_index": {params: []string{"index_name", "columns"}, required: 2,
			keywords: []string{"unique", "sqlite_where", "postgresql_where", "postgresql_using", "postgresql_include", "postgresql_concurrently"},
			ignored:  []string{"if_not_exists", "quote"}},
		"drop_index": {params: []string{"index_name"}, required: 1,
			keywords: []string{"sqlite_where", "postgresql_concurrently"}, ignored: []string{"if_exists"}},
		"create_unique_constraint": {params: []string{"constraint_name", "columns"}, required: 2,
			ignored: []string{"deferrable", "initially"}},
		"create_check_constraint": {params: []string{"constraint_name", "condition"}, required: 2,
			ignored: []string{"deferrable", "initially"}},
		"create_foreign_key": {params: []string{"constraint_name", "referent_table", "local_cols", "remote_cols"}, required: 4,
			keywords: []string{"onupdate", "ondelete", "deferrable", "initially", "referent_schema"},
			ignored:  []string{"match", "use_alter"}},
		"drop_constraint":      {params: []string{"constraint_name", "type_"}, required: 1},
		"create_table_comment": {params: []string{"comment"}, required: 1, keywords: []string{"existing_comment"}},
		"drop_table_comment":   {params: []string{}, required: 0, keywords: []string{"existing_comment"}},
		"execute":              {params: []string{"sqltext", "execution_options"}, required: 1},
		"f":                    {params: []string{"name"}, required: 1},
	}

	alterKeywords = []string{"nullable", "comment", "server_default", "new_column_name", "type_",
		"existing_type", "existing_server_default", "existing_nullable", "existing_comment"}

	// otherOperations are Alembic operations Retort does not run; naming them
	// gives a clearer error than "not an Alembic operation".
	otherOperations = []string{
		"create_primary_key", "create_exclude_constraint", "get_bind", "get_context", "inline_literal", "invoke",
		"run_async", "implementation_for", "register_operation", "create_sequence",
		"drop_sequence", "batch_alter_table", "alter_table",
	}
)

func init() {
	for name, s := range opSignatures {
		s.name = "op." + name
	}
	for name, s := range batchSignatures {
		s.name = "batch_op." + name
	}
}
