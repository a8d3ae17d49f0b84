package script

import (
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/ops"
	"retort/engine/schema"
	"retort/internal/golden"
)

// roundTripCases hold every op kind in the forms Render writes and Parse reads
// back unchanged (create_table's constraints in the sorted order Render writes
// them).
func roundTripCases() []struct {
	name string
	ops  []ops.Op
	conv []string
} {
	str := func(s string) *string { return &s }
	full := &schema.Table{
		Name: "things",
		Columns: []*schema.Column{
			{Name: "id", Type: typ("Integer"), Autoincrement: true},
			{Name: "code", Type: typ("String", 20), Collation: "NOCASE", Comment: "the code"},
			{Name: "qty", Type: typ("Integer"), ServerDefault: "0"},
			{Name: "label", Type: typ("String"), ServerDefault: "'it''s'", Nullable: true},
			{Name: "at", Type: schema.Type{Name: "DateTime", Timezone: true}, ServerDefault: "(CURRENT_TIMESTAMP)", Nullable: true},
			col("owner_id", typ("Integer"), true),
			col("parent_id", typ("Integer"), true),
			col("price", typ("Numeric", 10, 2), true),
			col("kind", schema.Type{Name: "Enum", Enum: []string{"a", "b"}, EnumName: "kind"}, true),
			col("anon", schema.Type{Name: "Enum", Enum: []string{"x"}}, true),
			col("legacy", typ("VARCHAR", 10), true),
			col("f", typ("Float", 53), true),
			col("ts", schema.Type{Name: "TIMESTAMP", Timezone: true}, true),
		},
		PrimaryKey: &schema.PrimaryKey{Name: "pk_things", Columns: []string{"id"}},
		ForeignKeys: []*schema.ForeignKey{
			{Name: "fk_things_owner", Columns: []string{"owner_id"}, RefTable: "users", RefColumns: []string{"id"}, OnDelete: "SET NULL", OnUpdate: "CASCADE"},
			{Columns: []string{"parent_id"}, RefTable: "things", RefColumns: []string{"id"}, Deferrable: "DEFERRABLE INITIALLY DEFERRED"},
		},
		Uniques: []*schema.Unique{
			{Name: "uq_things_code", Columns: []string{"code"}},
			{Columns: []string{"owner_id", "label"}},
		},
		Checks: []*schema.Check{
			{SQL: "price > 0"},
			{Name: "ck_things_qty", SQL: "qty >= 0"},
		},
		Comment:      "all the things",
		Strict:       true,
		WithoutRowID: true,
	}
	return []struct {
		name string
		ops  []ops.Op
		conv []string
	}{
		{name: "create_table", ops: []ops.Op{&ops.CreateTable{Table: full}}},
		{name: "create_table_composite_pk", ops: []ops.Op{&ops.CreateTable{Table: &schema.Table{
			Name:       "m",
			Columns:    []*schema.Column{col("a", typ("Integer"), false), col("b", typ("Text"), false)},
			PrimaryKey: &schema.PrimaryKey{Columns: []string{"a", "b"}},
		}}}},
		{name: "drop_table", ops: []ops.Op{&ops.DropTable{Name: "things"}}},
		{name: "rename_table", ops: []ops.Op{&ops.RenameTable{Old: "a", New: "b"}}},
		{name: "add_column", ops: []ops.Op{
			&ops.AddColumn{Table: "users", Column: &schema.Column{Name: "age", Type: typ("Integer"), ServerDefault: "(18)", Comment: "years"}},
			&ops.AddColumn{Table: "users", Column: &schema.Column{Name: "nick", Type: typ("Unicode", 30), ServerDefault: "'x'", Nullable: true}},
		}},
		{name: "drop_column", ops: []ops.Op{&ops.DropColumn{Table: "users", Name: "age"}}},
		{name: "alter_column", ops: []ops.Op{
			&ops.AlterColumn{Table: "users", Column: "name", ExistingType: ops.Ptr(typ("String", 50)), Type: ops.Ptr(typ("String", 100)), ExistingNullable: ops.Ptr(false)},
			&ops.AlterColumn{Table: "users", Column: "qty", ExistingType: ops.Ptr(typ("INTEGER")), ServerDefault: str("1"), ExistingNullable: ops.Ptr(true)},
			&ops.AlterColumn{Table: "users", Column: "qty", ServerDefault: str("")},
			&ops.AlterColumn{Table: "users", Column: "qty", ExistingType: ops.Ptr(typ("INTEGER")), Nullable: ops.Ptr(false), ExistingServerDefault: str("0")},
			&ops.AlterColumn{Table: "users", Column: "bio", ExistingType: ops.Ptr(typ("TEXT")), Comment: str("about"), ExistingComment: str("old"), ExistingNullable: ops.Ptr(true)},
			&ops.AlterColumn{Table: "users", Column: "bio", Comment: str(""), ExistingComment: str("old")},
			&ops.AlterColumn{Table: "users", Column: "bio", NewName: "about"},
			&ops.AlterColumn{Table: "users", Column: "bio"},
		}},
		{name: "indexes", conv: []string{"ix_users_city"}, ops: []ops.Op{
			&ops.CreateIndex{Index: &schema.Index{Name: "ix_users_email", Table: "users", Columns: []string{"email"}, Unique: true}},
			&ops.CreateIndex{Index: &schema.Index{Name: "ix_users_lower", Table: "users", Columns: []string{"lower(name)", "id"}}},
			&ops.CreateIndex{Index: &schema.Index{Name: "ix_users_active", Table: "users", Columns: []string{"name"}, Where: "age > 0"}},
			&ops.CreateIndex{Index: &schema.Index{Name: "ix_users_city", Table: "users", Columns: []string{"city"}}},
			&ops.DropIndex{Name: "ix_users_city", Table: "users"},
			&ops.DropIndex{Name: "ix_other", Table: "users"},
		}},
		{name: "constraints", ops: []ops.Op{
			&ops.CreateUnique{Table: "users", Unique: &schema.Unique{Name: "uq_users_email", Columns: []string{"email"}}},
			&ops.CreateUnique{Table: "users", Unique: &schema.Unique{Columns: []string{"a", "b"}}},
			&ops.CreateCheck{Table: "users", Check: &schema.Check{Name: "ck_users_age", SQL: "age >= 0"}},
			&ops.CreateForeignKey{Table: "posts", ForeignKey: &schema.ForeignKey{Name: "fk_posts_user", Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}, OnDelete: "CASCADE", OnUpdate: "SET NULL", Deferrable: "DEFERRABLE INITIALLY DEFERRED"}},
			&ops.CreateForeignKey{Table: "posts", ForeignKey: &schema.ForeignKey{Columns: []string{"a", "b"}, RefTable: "users", RefColumns: []string{"x", "y"}, Deferrable: "NOT DEFERRABLE"}},
			&ops.DropConstraint{Name: "uq_users_email", Table: "users", Kind: ops.KindUnique},
			&ops.DropConstraint{Name: "ck_users_age", Table: "users", Kind: ops.KindCheck},
			&ops.DropConstraint{Table: "posts", Kind: ops.KindForeignKey},
			&ops.DropConstraint{Name: "pk_users", Table: "users", Kind: ops.KindPrimary},
			&ops.DropConstraint{Name: "whatever", Table: "users"},
		}},
		{name: "execute", ops: []ops.Op{
			&ops.Execute{SQL: "UPDATE users SET name = 'x'\nWHERE id = 1"},
			&ops.Execute{SQL: `SELECT "a", '\'`},
		}},
		{name: "bulk_insert", ops: []ops.Op{
			&ops.BulkInsert{Table: "users", Columns: []string{"id", "name", "score", "ok", "note"}, Rows: []map[string]any{
				{"id": int64(1), "name": "alice", "score": 1.5, "ok": true, "note": nil},
				{"id": int64(-2), "name": "bob's", "score": -1e-07, "ok": false},
				{},
			}},
			&ops.BulkInsert{Table: "empty", Columns: []string{"a"}},
		}},
		{name: "batch", conv: []string{"ix_users_age"}, ops: []ops.Op{
			&ops.Batch{Table: "users", Recreate: "auto", Ops: []ops.Op{
				&ops.AddColumn{Table: "users", Column: col("age", typ("Integer"), true)},
				&ops.DropColumn{Table: "users", Name: "bio"},
				&ops.AlterColumn{Table: "users", Column: "name", ExistingType: ops.Ptr(typ("VARCHAR", 50)), Nullable: ops.Ptr(false)},
				&ops.CreateIndex{Index: &schema.Index{Name: "ix_users_age", Table: "users", Columns: []string{"age"}}},
				&ops.DropIndex{Name: "ix_users_city", Table: "users"},
				&ops.CreateUnique{Table: "users", Unique: &schema.Unique{Name: "uq_users_email", Columns: []string{"email"}}},
				&ops.CreateCheck{Table: "users", Check: &schema.Check{Name: "ck", SQL: "age > 0"}},
				&ops.CreateForeignKey{Table: "users", ForeignKey: &schema.ForeignKey{Name: "fk_users_team", Columns: []string{"team_id"}, RefTable: "teams", RefColumns: []string{"id"}, OnDelete: "CASCADE"}},
				&ops.DropConstraint{Name: "ck_users_age", Table: "users", Kind: ops.KindCheck},
				&ops.DropConstraint{Table: "users", Kind: ops.KindForeignKey},
				&ops.Execute{SQL: "DELETE FROM users"},
			}},
			&ops.Execute{SQL: "SELECT 1"},
			&ops.Batch{Table: "posts", Recreate: "always", Ops: []ops.Op{&ops.DropColumn{Table: "posts", Name: "x"}}},
		}},
	}
}

// TestRoundTrip renders every op kind and reads the script back: the same ops.
func TestRoundTrip(t *testing.T) {
	for _, c := range roundTripCases() {
		t.Run(c.name, func(t *testing.T) {
			rev := RevisionInfo{ID: "0123456789ab", Down: []string{"ba9876543210"}, Message: c.name, CreateDate: "2026-11-25 19:27:20.828640"}
			for _, tmpl := range []string{DefaultTemplate, mustFile(t, golden.Read(t, "testdata/templates.txtar"), "alembic-1.8/script.py.mako")} {
				text, err := Render(tmpl, rev, c.ops, nil, RenderOptions{ConvNames: c.conv})
				require.NoError(t, err)
				r, err := runScript("x.py", []byte(text))
				require.NoError(t, err, text)
				require.Equal(t, c.ops, r.up, text)
				require.Nil(t, r.down)
				require.ElementsMatch(t, c.conv, r.conv)
				again, err := r.render(tmpl)
				require.NoError(t, err)
				require.Equal(t, text, again)
			}
		})
	}
}
