package ops_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/ops"
	"retort/engine/schema"

	_ "retort/internal/golden" // go test ./... -update: every test binary takes the flag
)

func users() *schema.MetaData {
	return &schema.MetaData{Tables: []*schema.Table{{
		Name:    "log",
		Schema:  "audit",
		Columns: []*schema.Column{{Name: "id", Type: schema.Type{Name: "Integer"}}},
	}, {
		Name: "users",
		Columns: []*schema.Column{
			{Name: "id", Type: schema.Type{Name: "Integer"}},
			{Name: "name", Type: schema.Type{Name: "String", Args: []int{50}}, Nullable: true},
			{Name: "email", Type: schema.Type{Name: "String"}, Nullable: true},
		},
		PrimaryKey: &schema.PrimaryKey{Columns: []string{"id"}},
		Uniques:    []*schema.Unique{{Columns: []string{"email"}}},
	}, {
		Name:        "posts",
		Columns:     []*schema.Column{{Name: "id", Type: schema.Type{Name: "Integer"}}, {Name: "user_id", Type: schema.Type{Name: "Integer"}, Nullable: true}},
		PrimaryKey:  &schema.PrimaryKey{Columns: []string{"id"}},
		ForeignKeys: []*schema.ForeignKey{{Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}}},
	}}}
}

// Every reversible op, applied and then reversed, gives back the schema it started from.
func TestApplyThenReverse(t *testing.T) {
	age := &schema.Column{Name: "age", Type: schema.Type{Name: "Integer"}, Nullable: true}
	cases := []struct {
		name string
		op   ops.Op
	}{
		{"create_table", &ops.CreateTable{Table: &schema.Table{Name: "tags", Columns: []*schema.Column{{Name: "id", Type: schema.Type{Name: "Integer"}}}}}},
		{"drop_table", &ops.DropTable{Name: "posts", Table: users().Table("posts")}},
		{"rename_table", &ops.RenameTable{Old: "users", New: "people"}},
		{"add_column", &ops.AddColumn{Table: "users", Column: age}},
		{"drop_column", &ops.DropColumn{Table: "users", Name: "name", Column: users().Table("users").Column("name")}},
		{"alter_column", &ops.AlterColumn{Table: "users", Column: "name", Nullable: ops.Ptr(false), ExistingNullable: ops.Ptr(true),
			Type: &schema.Type{Name: "String", Args: []int{100}}, ExistingType: &schema.Type{Name: "String", Args: []int{50}}, ServerDefault: ops.Ptr("'x'")}},
		{"rename_column", &ops.AlterColumn{Table: "users", Column: "name", NewName: "full_name"}},
		{"create_index", &ops.CreateIndex{Index: &schema.Index{Name: "ix_users_name", Table: "users", Columns: []string{"name"}}}},
		{"create_unique", &ops.CreateUnique{Table: "users", Unique: &schema.Unique{Name: "uq_name", Columns: []string{"name"}}}},
		{"create_check", &ops.CreateCheck{Table: "users", Check: &schema.Check{Name: "ck_id", SQL: "id > 0"}}},
		{"create_foreign_key", &ops.CreateForeignKey{Table: "posts", ForeignKey: &schema.ForeignKey{Name: "fk_p", Columns: []string{"id"}, RefTable: "users", RefColumns: []string{"id"}, OnDelete: "CASCADE"}}},
		{"create_primary_key", &ops.CreatePrimaryKey{Table: "log", PrimaryKey: &schema.PrimaryKey{Name: "pk_log", Columns: []string{"id"}}, Schema: "audit"}},
		{"drop_primary_key", &ops.DropConstraint{Name: "pk_users", Table: "users", Kind: ops.KindPrimary, PrimaryKey: users().Table("users").PrimaryKey}},
		{"batch_drop_then_create_primary_key", &ops.Batch{Table: "users", Ops: []ops.Op{
			&ops.DropConstraint{Name: "pk_users", Table: "users", Kind: ops.KindPrimary, PrimaryKey: users().Table("users").PrimaryKey},
			&ops.CreatePrimaryKey{Table: "users", PrimaryKey: &schema.PrimaryKey{Name: "pk_users", Columns: []string{"id", "email"}}},
		}}},
		{"drop_unnamed_fk", &ops.DropConstraint{Table: "posts", Kind: ops.KindForeignKey, ForeignKey: users().Table("posts").ForeignKeys[0]}},
		{"batch", &ops.Batch{Table: "users", Ops: []ops.Op{&ops.AddColumn{Table: "users", Column: age}, &ops.AlterColumn{Table: "users", Column: "age", NewName: "years"}}}},
		{"create_table_comment", &ops.CreateTableComment{Table: "users", Comment: "people"}},
		{"create_table_in_schema", &ops.CreateTable{Table: &schema.Table{Name: "users", Schema: "audit", Columns: []*schema.Column{{Name: "id", Type: schema.Type{Name: "Integer"}}}}}},
		{"add_column_in_schema", &ops.AddColumn{Table: "log", Column: age, Schema: "audit"}},
		{"rename_table_in_schema", &ops.RenameTable{Old: "log", New: "journal", Schema: "audit"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			md := users()
			require.NoError(t, ops.Apply(md, tc.op))
			require.NotEqual(t, users(), md, "the op changed nothing")
			rev, err := tc.op.Reverse()
			require.NoError(t, err)
			require.NoError(t, ops.Apply(md, rev))
			require.Equal(t, normalize(users()), normalize(md))
		})
	}
}

// normalize keys tables and columns by name: a drop and re-add moves a table or
// column to the end, as it does in a database.
func normalize(md *schema.MetaData) map[string]*schema.Table {
	out := map[string]*schema.Table{}
	for _, t := range md.Tables {
		t = t.Clone()
		slices.SortFunc(t.Columns, func(a, b *schema.Column) int { return strings.Compare(a.Name, b.Name) })
		out[t.Schema+"."+t.Name] = t
	}
	return out
}

func TestIrreversible(t *testing.T) {
	cases := []ops.Op{
		&ops.Execute{SQL: "UPDATE users SET name = 'x'"},
		&ops.BulkInsert{Table: "users"},
		&ops.DropTable{Name: "users"},
		&ops.DropColumn{Table: "users", Name: "name"},
		&ops.DropIndex{Name: "ix"},
		&ops.DropConstraint{Name: "uq", Table: "users", Kind: ops.KindUnique},
		&ops.DropConstraint{Name: "pk", Table: "users", Kind: ops.KindPrimary},
		&ops.AlterColumn{Table: "users", Column: "name", Nullable: ops.Ptr(false)},
		&ops.Batch{Table: "users", Ops: []ops.Op{&ops.Execute{SQL: "SELECT 1"}}},
	}
	for _, op := range cases {
		_, err := op.Reverse()
		require.Error(t, err)
		require.True(t, errors.Is(err, ops.ErrIrreversible), "%T: %v", op, err)
	}
}

func TestFindUnnamedConstraint(t *testing.T) {
	md := users()
	posts := md.Table("posts")
	posts.ForeignKeys = append(posts.ForeignKeys, &schema.ForeignKey{Columns: []string{"id"}, RefTable: "users", RefColumns: []string{"id"}})

	// Unnamed, no columns to go by, two unnamed FKs: ambiguous.
	_, _, err := ops.FindConstraint(posts, &ops.DropConstraint{Table: "posts", Kind: ops.KindForeignKey})
	require.ErrorIs(t, err, ops.ErrAmbiguous)
	require.ErrorContains(t, err, `drop unnamed foreignkey constraint on "posts": 2 constraints match (FOREIGN KEY (user_id) REFERENCES users (id); FOREIGN KEY (id) REFERENCES users (id)): name the one to drop, nothing was changed`)

	// With the definition's columns it is found.
	kind, i, err := ops.FindConstraint(posts, &ops.DropConstraint{Table: "posts", Kind: ops.KindForeignKey,
		ForeignKey: &schema.ForeignKey{Columns: []string{"id"}}})
	require.NoError(t, err)
	require.Equal(t, ops.KindForeignKey, kind)
	require.Equal(t, 1, i)

	// By name, without type_.
	users := md.Table("users")
	users.Uniques[0].Name = "uq_email"
	kind, i, err = ops.FindConstraint(users, &ops.DropConstraint{Name: "uq_email", Table: "users"})
	require.NoError(t, err)
	require.Equal(t, ops.KindUnique, kind)
	require.Equal(t, 0, i)

	_, _, err = ops.FindConstraint(users, &ops.DropConstraint{Name: "nope", Table: "users", Kind: ops.KindCheck})
	require.ErrorIs(t, err, ops.ErrNotFound)
}

func TestApplyErrors(t *testing.T) {
	cases := []struct {
		op   ops.Op
		want error
	}{
		{&ops.AddColumn{Table: "nope", Column: &schema.Column{Name: "x"}}, ops.ErrNotFound},
		{&ops.AddColumn{Table: "users", Column: &schema.Column{Name: "name"}}, ops.ErrExists},
		{&ops.CreateTable{Table: &schema.Table{Name: "USERS"}}, ops.ErrExists},
		{&ops.DropColumn{Table: "users", Name: "nope"}, ops.ErrNotFound},
		{&ops.DropIndex{Name: "nope"}, ops.ErrNotFound},
		{&ops.CreatePrimaryKey{Table: "users", PrimaryKey: &schema.PrimaryKey{Name: "pk", Columns: []string{"name"}}}, ops.ErrExists},
		{&ops.CreatePrimaryKey{Table: "log", Schema: "audit", PrimaryKey: &schema.PrimaryKey{Name: "pk", Columns: []string{"nope"}}}, ops.ErrNotFound},
		{&ops.CreatePrimaryKey{Table: "nope", PrimaryKey: &schema.PrimaryKey{Name: "pk", Columns: []string{"id"}}}, ops.ErrNotFound},
		{&ops.AlterColumn{Table: "users", Column: "name", NewName: "email"}, ops.ErrExists},
	}
	for _, tc := range cases {
		require.ErrorIs(t, ops.Apply(users(), tc.op), tc.want, "%#v", tc.op)
	}
}

// A drop that names a constraint the database holds unnamed finds it when it
// is the only unnamed one of its kind.
func TestFindNamedFallsBackToOnlyUnnamed(t *testing.T) {
	posts := users().Table("posts")
	kind, i, err := ops.FindConstraint(posts, &ops.DropConstraint{Name: "fk_posts_user_id_users", Table: "posts", Kind: ops.KindForeignKey})
	require.NoError(t, err)
	require.Equal(t, ops.KindForeignKey, kind)
	require.Equal(t, 0, i)
	posts.ForeignKeys = append(posts.ForeignKeys, &schema.ForeignKey{Columns: []string{"id"}, RefTable: "users", RefColumns: []string{"id"}})
	_, _, err = ops.FindConstraint(posts, &ops.DropConstraint{Name: "fk_posts_user_id_users", Table: "posts", Kind: ops.KindForeignKey})
	require.ErrorIs(t, err, ops.ErrNotFound)
}

// Dropping a column drops the CHECK constraints that name it (outside string
// literals, bare or quoted), and no others.
func TestDropColumnChecks(t *testing.T) {
	md := users()
	tbl := md.Table("users")
	tbl.Checks = []*schema.Check{
		{Name: "user_status", SQL: "name IN ('a', 'b')", TypeOf: "name"},
		{Name: "quoted", SQL: `length("Name") > 1`},
		{Name: "bracket", SQL: "[name] <> ''"},
		{Name: "literal", SQL: "email <> 'name'"},
		{Name: "prefix", SQL: "names_count > 0 AND email LIKE '%@%'"},
		{Name: "qualified", SQL: "users.name IS NOT NULL"},
	}
	require.NoError(t, ops.Apply(md, &ops.DropColumn{Table: "users", Name: "name"}))
	var left []string
	for _, c := range tbl.Checks {
		left = append(left, c.Name)
	}
	require.Equal(t, []string{"literal", "prefix"}, left)
}

// TestBatchRecreates holds ops.Batch.Recreates to Alembic 1.8.1's
// SQLiteImpl.requires_recreate_in_batch.
func TestBatchRecreates(t *testing.T) {
	add := func(def string) ops.Op {
		return &ops.AddColumn{Column: &schema.Column{Name: "c", Type: schema.Type{Name: "Integer"}, Nullable: true, ServerDefault: def}}
	}
	tests := []struct {
		name     string
		recreate string
		ops      []ops.Op
		want     bool
	}{
		{"indexes only", "auto", []ops.Op{&ops.CreateIndex{Index: &schema.Index{Name: "ix"}}, &ops.DropIndex{Name: "iy"}}, false},
		{"add column", "auto", []ops.Op{add("")}, false},
		{"add column with a string default", "auto", []ops.Op{add("'x'")}, false},
		{"add column with text('0')", "auto", []ops.Op{add("0")}, true},
		{"add column with sql.false()", "auto", []ops.Op{add("(0)")}, true},
		{"alter column that changes nothing", "auto", []ops.Op{&ops.AlterColumn{Column: "c"}}, true},
		{"drop column", "auto", []ops.Op{&ops.DropColumn{Name: "c"}}, true},
		{"never", "never", []ops.Op{&ops.DropColumn{Name: "c"}}, false},
		{"always", "always", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, (&ops.Batch{Table: "t", Recreate: tt.recreate, Ops: tt.ops}).Recreates())
		})
	}
}
