package models

import (
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/python"
)

// The names SQLAlchemy 2.0 gives, checked against sqlalchemy.sql.naming.
func TestApplyConvention(t *testing.T) {
	conv := map[string]string{
		"ix": "ix_%(column_0_label)s",
		"uq": "uq_%(table_name)s_%(column_0_name)s",
		"ck": "ck_%(table_name)s_%(constraint_name)s",
		"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
		"pk": "pk_%(table_name)s",
	}
	cols := []namingColumn{{"first_name", "first"}, {"last_name", "last"}}
	cases := []struct {
		name string
		conv convention
		t    namingTarget
		want string
		err  string
	}{
		{"index label", convention{templates: conv}, namingTarget{Kind: kindIndex, Table: "users", Columns: cols}, "ix_users_first_name", ""},
		{"default ix", defaultNamingConvention, namingTarget{Kind: kindIndex, Table: "users", Columns: cols[:1]}, "ix_users_first_name", ""},
		{"default leaves uq", defaultNamingConvention, namingTarget{Kind: kindUnique, Table: "users", Columns: cols}, "", ""},
		{"named uq kept", convention{templates: conv}, namingTarget{Kind: kindUnique, Name: "my_uq", Named: true, Table: "users", Columns: cols}, "my_uq", ""},
		{"unnamed uq", convention{templates: conv}, namingTarget{Kind: kindUnique, Table: "users", Columns: cols}, "uq_users_first_name", ""},
		{"ck named", convention{templates: conv}, namingTarget{Kind: kindCheck, Name: "age_positive", Named: true, Table: "users"}, "ck_users_age_positive", ""},
		{"ck unnamed", convention{templates: conv}, namingTarget{Kind: kindCheck, Table: "users"}, "", "requires that the constraint is explicitly named"},
		{"fk", convention{templates: conv}, namingTarget{Kind: kindForeignKey, Table: "posts", Columns: []namingColumn{{"user_id", "user_id"}}, RefTable: "users", RefColumns: []string{"id"}}, "fk_posts_user_id_users", ""},
		{"pk", convention{templates: conv}, namingTarget{Kind: kindPrimaryKey, Table: "users", Columns: cols}, "pk_users", ""},
		{"0N", convention{templates: map[string]string{"uq": "uq_%(table_name)s_%(column_0N_name)s"}}, namingTarget{Kind: kindUnique, Table: "t", Columns: cols}, "uq_t_first_namelast_name", ""},
		{"0_N", convention{templates: map[string]string{"uq": "uq_%(table_name)s_%(column_0_N_name)s"}}, namingTarget{Kind: kindUnique, Table: "t", Columns: cols}, "uq_t_first_name_last_name", ""},
		{"0_N label", convention{templates: map[string]string{"ix": "ix_%(column_0_N_label)s"}}, namingTarget{Kind: kindIndex, Table: "t", Columns: cols}, "ix_t_first_name_t_last_name", ""},
		{"key", convention{templates: map[string]string{"uq": "uq_%(column_1_key)s"}}, namingTarget{Kind: kindUnique, Table: "t", Columns: cols}, "uq_last", ""},
		{"column out of range", convention{templates: map[string]string{"uq": "uq_%(column_3_name)s"}}, namingTarget{Kind: kindUnique, Table: "t", Columns: cols}, "uq_", ""},
		{"referred 0_N", convention{templates: map[string]string{"fk": "fk_%(referred_column_0_N_name)s"}}, namingTarget{Kind: kindForeignKey, Table: "t", Columns: cols, RefTable: "u", RefColumns: []string{"a", "b"}}, "fk_a_b", ""},
		{"percent", convention{templates: map[string]string{"uq": "uq%%_%(table_name)s"}}, namingTarget{Kind: kindUnique, Table: "t"}, "uq%_t", ""},
		{"unknown token", convention{templates: map[string]string{"uq": "uq_%(tablename)s"}}, namingTarget{Kind: kindUnique, Table: "t"}, "", "unknown naming convention token %(tablename)s"},
		{"1N is not a token", convention{templates: map[string]string{"uq": "uq_%(column_1N_name)s"}}, namingTarget{Kind: kindUnique, Table: "t"}, "", "unknown naming convention token"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, fromConvention, err := applyConvention(c.conv, c.t, nil)
			if c.err != "" {
				require.ErrorContains(t, err, c.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, c.want, got)
			_, hasConvention := c.conv.templates[c.t.Kind]
			require.Equal(t, hasConvention && got != c.t.Name || hasConvention && !c.t.Named, fromConvention, "from the convention")
		})
	}
}

func TestSuggest(t *testing.T) {
	cases := []struct {
		name  string
		cands []string
		want  string
	}{
		{"Strng", typeNames, "String"},
		{"string", typeNames, "String"},
		{"Intger", typeNames, "Integer"},
		{"Interger", typeNames, "Integer"},
		{"DateTim", typeNames, "DateTime"},
		{"Varchar", typeNames, "VARCHAR"},
		{"usrs", []string{"posts", "users"}, "users"},
		{"nulable", []string{"nullable", "unique"}, "nullable"},
		{"primary_ky", []string{"primary_key", "nullable"}, "primary_key"},
		{"Blah", typeNames, ""},
		{"x", []string{"id"}, ""},
	}
	for _, c := range cases {
		require.Equal(t, c.want, python.Suggest(c.name, c.cands), c.name)
	}
}
