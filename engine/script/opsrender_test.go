package script

import (
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/ops"
	"retort/engine/schema"
	"retort/internal/golden"
)

type opsCase struct {
	name  string // the file in alembic-ops.txtar
	ops   []ops.Op
	batch bool
	conv  []string
}

// opsCases are the ops of testdata/gen/alembic_ops.py, built in Go.
func opsCases() []opsCase {
	full := &schema.Table{
		Name: "things",
		Columns: []*schema.Column{
			{Name: "id", Type: typ("Integer"), Autoincrement: true},
			{Name: "code", Type: typ("String", 20), Collation: "NOCASE", Comment: "the code"},
			{Name: "qty", Type: typ("Integer"), ServerDefault: "0"},
			{Name: "label", Type: typ("String"), ServerDefault: "'it''s'", Nullable: true},
			col("owner_id", typ("Integer"), true),
			col("parent_id", typ("Integer"), true),
			col("price", typ("Numeric", 10, 2), true),
			col("ratio", typ("Float"), true),
			col("big", typ("BigInteger"), true),
			col("small", typ("SmallInteger"), true),
			col("flag", typ("Boolean"), true),
			col("born", typ("Date"), true),
			col("at", schema.Type{Name: "DateTime", Timezone: true}, true),
			col("tm", typ("Time"), true),
			col("blob", typ("LargeBinary"), true),
			col("doc", typ("JSON"), true),
			col("kind", schema.Type{Name: "Enum", Enum: []string{"a", "b"}, EnumName: "kind"}, true),
			col("note", typ("Unicode", 30), true),
			col("body", typ("UnicodeText"), true),
			col("legacy", typ("VARCHAR", 10), true),
			col("n2", typ("NUMERIC", 8, 3), true),
			col("r", typ("REAL"), true),
			col("ts", typ("TIMESTAMP"), true),
			col("c", typ("CHAR", 2), true),
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
			{Name: "ck_things_qty", SQL: "qty >= 0"},
			{SQL: "price > 0"},
		},
		Comment:      "all the things",
		WithoutRowID: true,
	}
	str := func(s string) *string { return &s }
	return []opsCase{
		{name: "create_table_full", ops: []ops.Op{&ops.CreateTable{Table: full}}},
		{name: "drop_table", ops: []ops.Op{&ops.DropTable{Name: "things"}}},
		{name: "add_column", ops: []ops.Op{
			&ops.AddColumn{Table: "users", Column: &schema.Column{Name: "age", Type: typ("Integer"), ServerDefault: "18", Comment: "years"}},
			&ops.AddColumn{Table: "users", Column: &schema.Column{Name: "nick", Type: typ("String", 30), ServerDefault: "'x'", Nullable: true}},
		}},
		{name: "drop_column", ops: []ops.Op{&ops.DropColumn{Table: "users", Name: "age"}}},
		{name: "alter_column", ops: []ops.Op{
			&ops.AlterColumn{Table: "users", Column: "name", ExistingType: ops.Ptr(typ("String", 50)), Type: ops.Ptr(typ("String", 100)), ExistingNullable: ops.Ptr(false)},
			&ops.AlterColumn{Table: "users", Column: "qty", ExistingType: ops.Ptr(typ("INTEGER")), ServerDefault: str("1"), ExistingServerDefault: str("0"), ExistingNullable: ops.Ptr(true)},
			&ops.AlterColumn{Table: "users", Column: "qty", ExistingType: ops.Ptr(typ("INTEGER")), ServerDefault: str(""), ExistingNullable: ops.Ptr(true)},
			&ops.AlterColumn{Table: "users", Column: "qty", ExistingType: ops.Ptr(typ("INTEGER")), Nullable: ops.Ptr(false), ExistingServerDefault: str("0")},
			&ops.AlterColumn{Table: "users", Column: "bio", ExistingType: ops.Ptr(typ("TEXT")), Comment: str("about"), ExistingComment: str("old"), ExistingNullable: ops.Ptr(true)},
			&ops.AlterColumn{Table: "users", Column: "bio", ExistingType: ops.Ptr(typ("TEXT")), Comment: str(""), ExistingComment: str("old"), ExistingNullable: ops.Ptr(true)},
		}},
		{name: "indexes", conv: []string{"ix_users_city"}, ops: []ops.Op{
			&ops.CreateIndex{Index: &schema.Index{Name: "ix_users_email", Table: "users", Columns: []string{"email"}, Unique: true}},
			&ops.CreateIndex{Index: &schema.Index{Name: "ix_users_lower", Table: "users", Columns: []string{"lower(name)"}}},
			&ops.CreateIndex{Index: &schema.Index{Name: "ix_users_active", Table: "users", Columns: []string{"name"}, Where: "age > 0"}},
			&ops.DropIndex{Name: "ix_users_active", Table: "users", Index: &schema.Index{Name: "ix_users_active", Table: "users", Columns: []string{"name"}, Where: "age > 0"}},
			&ops.CreateIndex{Index: &schema.Index{Name: "ix_users_city", Table: "users", Columns: []string{"city"}}},
			&ops.DropIndex{Name: "ix_users_city", Table: "users"},
		}},
		{name: "constraints", ops: []ops.Op{
			&ops.CreateUnique{Table: "users", Unique: &schema.Unique{Name: "uq_users_email", Columns: []string{"email"}}},
			&ops.CreateUnique{Table: "users", Unique: &schema.Unique{Columns: []string{"a", "b"}}},
			&ops.CreateForeignKey{Table: "posts", ForeignKey: &schema.ForeignKey{Name: "fk_posts_user", Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}, OnDelete: "CASCADE", OnUpdate: "SET NULL", Deferrable: "DEFERRABLE INITIALLY DEFERRED"}},
			&ops.CreateForeignKey{Table: "posts", ForeignKey: &schema.ForeignKey{Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}}},
			&ops.DropConstraint{Name: "uq_users_email", Table: "users", Kind: ops.KindUnique},
			&ops.DropConstraint{Name: "ck_users_age", Table: "users", Kind: ops.KindCheck},
			&ops.DropConstraint{Table: "posts", Kind: ops.KindForeignKey},
			&ops.DropConstraint{Name: "pk_users", Table: "users", Kind: ops.KindPrimary},
		}},
		{name: "execute", ops: []ops.Op{
			&ops.Execute{SQL: "UPDATE users SET name = 'x'\nWHERE id = 1"},
			&ops.Execute{SQL: `SELECT "a"`},
		}},
		{name: "empty"},
		{name: "batch", batch: true, conv: []string{"ix_users_age"}, ops: []ops.Op{
			&ops.AddColumn{Table: "users", Column: col("age", typ("Integer"), true)},
			&ops.DropColumn{Table: "users", Name: "bio"},
			&ops.AlterColumn{Table: "users", Column: "name", ExistingType: ops.Ptr(typ("VARCHAR", 50)), Nullable: ops.Ptr(false)},
			&ops.CreateIndex{Index: &schema.Index{Name: "ix_users_age", Table: "users", Columns: []string{"age"}}},
			&ops.DropIndex{Name: "ix_users_city", Table: "users"},
			&ops.CreateUnique{Table: "users", Unique: &schema.Unique{Name: "uq_users_email", Columns: []string{"email"}}},
			&ops.CreateForeignKey{Table: "users", ForeignKey: &schema.ForeignKey{Name: "fk_users_team", Columns: []string{"team_id"}, RefTable: "teams", RefColumns: []string{"id"}, OnDelete: "CASCADE"}},
			&ops.DropConstraint{Name: "ck_users_age", Table: "users", Kind: ops.KindCheck},
			&ops.DropConstraint{Table: "users", Kind: ops.KindForeignKey},
			&ops.Execute{SQL: "DELETE FROM users"},
			&ops.DropColumn{Table: "posts", Name: "x"},
		}},
		{name: "strings", ops: []ops.Op{
			&ops.AddColumn{Table: "t", Column: &schema.Column{Name: `a"b`, Type: typ("String"), ServerDefault: `'say "hi"'`, Nullable: true}},
			&ops.AddColumn{Table: "t", Column: &schema.Column{Name: "tab\tnl\nbs\\", Type: typ("String"), ServerDefault: `'both '' and "'`, Nullable: true}},
			&ops.AddColumn{Table: "t", Column: &schema.Column{Name: "caf\u00e9 \u00a0\u200b\U0001F600", Type: typ("String"), ServerDefault: "'\x01\x7f'", Nullable: true}},
		}},
	}
}

// TestRenderLikeAlembic compares op bodies with what the real Alembic rendered
// for the same ops (testdata/alembic-ops.txtar).
func TestRenderLikeAlembic(t *testing.T) {
	want := golden.Read(t, "testdata/alembic-ops.txtar")
	cases := opsCases()
	require.Len(t, cases, len(want.Files))
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := newRenderer(RenderOptions{ConvNames: c.conv}).body(c.ops, c.batch)
			require.NoError(t, err)
			require.Equal(t, mustFile(t, want, c.name), got+"\n")
		})
	}
}
