package script

import (
	"fmt"
	"slices"
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
		"create_primary_key": {params: []string{"constraint_name", "table_name", "columns", "schema"}, required: 3},
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
			keywords: []string{"copy_from", "naming_convention", "reflect_args"},
			ignored:  []string{"partial_reordering", "table_args", "table_kwargs", "reflect_kwargs"}},
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
		"create_primary_key": {params: []string{"constraint_name", "columns"}, required: 2},
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
)

func init() {
	for name, s := range opSignatures {
		s.name = "op." + name
	}
	for name, s := range batchSignatures {
		s.name = "batch_op." + name
	}
}
