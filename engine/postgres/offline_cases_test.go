package postgres

import (
	"retort/engine/ops"
	"retort/engine/schema"
)

// The ops of testdata/offline's scripts that the script package does not
// read yet (schema=, postgresql_*, sa.Identity, sa.Computed, dialect types,
// table comments), written as the values a script's ops will be. Archives
// not listed here are read with script.Parse.

type revOps struct{ up, down []ops.Op }

func ty(name string, args ...int) schema.Type { return schema.Type{Name: name, Args: args} }

func pgTy(name string, args ...int) schema.Type {
	return schema.Type{Name: name, Args: args, Dialect: "postgresql"}
}

func enumTy(name string, values ...string) schema.Type {
	return schema.Type{Name: "Enum", Enum: values, EnumName: name}
}

func arrayOf(item schema.Type, dims int) schema.Type {
	return schema.Type{Name: "ARRAY", Item: &item, Dimensions: dims, Dialect: "postgresql"}
}

func col(name string, t schema.Type, nullable bool) *schema.Column {
	return &schema.Column{Name: name, Type: t, Nullable: nullable}
}

func with(c *schema.Column, f func(*schema.Column)) *schema.Column {
	f(c)
	return c
}

func i64(v int64) *int64 { return &v }

func pk(name string, cols ...string) *schema.PrimaryKey {
	return &schema.PrimaryKey{Name: name, Columns: cols}
}

var offlineOps = map[string]map[string]revOps{
	"tables": {"a1": {
		up: []ops.Op{
			&ops.CreateTable{Table: &schema.Table{
				Name: "accounts",
				Columns: []*schema.Column{
					col("id", ty("BigInteger"), false),
					with(col("name", ty("String", 50), false), func(c *schema.Column) { c.Comment = "the account's name" }),
					with(col("status", enumTy("account_status", "active", "banned"), false), func(c *schema.Column) { c.ServerDefault = "'active'" }),
					with(col("created_at", schema.Type{Name: "DateTime", Timezone: true}, true), func(c *schema.Column) { c.ServerDefault = "now()" }),
					col("data", schema.Type{Name: "JSONB", Dialect: "postgresql", Options: map[string]string{"astext_type": "sa.Text()"}}, true),
					col("token", schema.Type{Name: "UUID", Dialect: "postgresql", Options: map[string]string{"as_uuid": "True"}}, true),
					col("tags", arrayOf(ty("String"), 0), true),
					col("grid", arrayOf(ty("Integer"), 2), true),
					with(col("active", ty("Boolean"), false), func(c *schema.Column) { c.ServerDefault = "true" }),
					with(col("balance", ty("Numeric", 10, 2), true), func(c *schema.Column) { c.ServerDefault = "'0'" }),
					col("ratio", ty("Float"), true),
					col("score", pgTy("DOUBLE_PRECISION"), true),
					col("avatar", ty("LargeBinary"), true),
					col("born", ty("Date"), true),
					col("wakes", ty("Time"), true),
					col("span", ty("Interval"), true),
					col("bio", ty("Text"), true),
					col("code", ty("CHAR", 3), true),
					col("ip", pgTy("INET"), true),
					col("seen", schema.Type{Name: "TIMESTAMP", Args: []int{3}, Timezone: true, Dialect: "postgresql"}, true),
					with(col("title", ty("String", 20), true), func(c *schema.Column) { c.Collation = "C" }),
				},
				Checks:     []*schema.Check{{Name: "ck_accounts_balance", SQL: "balance >= 0"}},
				PrimaryKey: pk("pk_accounts", "id"),
				Uniques:    []*schema.Unique{{Name: "uq_accounts_name", Columns: []string{"name"}}},
				Comment:    "people who pay",
			}},
			&ops.CreateTable{Table: &schema.Table{
				Name: "ledger",
				Columns: []*schema.Column{
					with(col("id", ty("Integer"), false), func(c *schema.Column) {
						c.Identity = &schema.Identity{Always: true, Start: i64(100), Increment: i64(5)}
					}),
					col("account_id", ty("BigInteger"), false),
					col("amount", ty("Numeric", 12, 2), false),
					with(col("doubled", ty("Numeric", 12, 2), true), func(c *schema.Column) { c.Computed = &schema.Computed{SQL: "amount * 2"} }),
					col("status", enumTy("account_status", "active", "banned"), true),
					with(col("seq", ty("Integer"), false), func(c *schema.Column) { c.Identity = &schema.Identity{} }),
				},
				ForeignKeys: []*schema.ForeignKey{{Name: "fk_ledger_account", Columns: []string{"account_id"}, RefTable: "accounts", RefColumns: []string{"id"},
					OnDelete: "CASCADE", OnUpdate: "RESTRICT", Deferrable: "DEFERRABLE INITIALLY DEFERRED"}},
				PrimaryKey: pk("", "id"),
			}},
			&ops.CreateTable{Table: &schema.Table{
				Name: "plain",
				Columns: []*schema.Column{
					with(col("id", ty("Integer"), false), func(c *schema.Column) { c.AutoincrementArg = "false" }),
					col("n", ty("SmallInteger"), true),
				},
				PrimaryKey: pk("", "id"),
			}},
			&ops.CreateTable{Table: &schema.Table{
				Name:       "pairs",
				Columns:    []*schema.Column{col("a", ty("Integer"), false), col("b", ty("Integer"), false)},
				PrimaryKey: pk("", "a", "b"),
				Uniques:    []*schema.Unique{{Columns: []string{"b", "a"}}},
			}},
			&ops.CreateTable{Table: &schema.Table{
				Name:        "counters",
				Columns:     []*schema.Column{col("id", ty("SmallInteger"), false), col("account_id", ty("BigInteger"), true)},
				ForeignKeys: []*schema.ForeignKey{{Columns: []string{"account_id"}, RefTable: "accounts", RefColumns: []string{"id"}}},
				PrimaryKey:  pk("", "id"),
			}},
			&ops.CreateTable{Table: &schema.Table{
				Name:       "tickets",
				Columns:    []*schema.Column{with(col("id", ty("Integer"), false), func(c *schema.Column) { c.ServerDefault = "'7'" })},
				PrimaryKey: pk("", "id"),
			}},
			&ops.RenameTable{Old: "plain", New: "simple"},
		},
		down: []ops.Op{
			&ops.RenameTable{Old: "simple", New: "plain"},
			&ops.DropTable{Name: "tickets"},
			&ops.DropTable{Name: "counters"},
			&ops.DropTable{Name: "pairs"},
			&ops.DropTable{Name: "plain"},
			&ops.DropTable{Name: "ledger"},
			&ops.DropTable{Name: "accounts"},
		},
	}},

	"columns": {
		"a1": {
			up: []ops.Op{
				&ops.CreateTable{Table: &schema.Table{
					Name:       "items",
					Columns:    []*schema.Column{col("id", ty("Integer"), false), col("name", ty("String", 50), true), col("qty", ty("Integer"), true)},
					PrimaryKey: pk("", "id"),
				}},
				&ops.CreateTable{Table: &schema.Table{
					Name:       "stock",
					Schema:     "inventory",
					Columns:    []*schema.Column{col("id", ty("Integer"), false), col("level", ty("Integer"), true)},
					PrimaryKey: pk("", "id"),
				}},
			},
			down: []ops.Op{
				&ops.DropTable{Name: "stock", Schema: "inventory"},
				&ops.DropTable{Name: "items"},
			},
		},
		"a2": {
			up: []ops.Op{
				&ops.AddColumn{Table: "items", Column: with(col("price", ty("Numeric", 10, 2), false), func(c *schema.Column) { c.ServerDefault = "'0'" })},
				&ops.AddColumn{Table: "items", Column: with(col("note", ty("Text"), true), func(c *schema.Column) { c.Comment = "free text" })},
				&ops.AddColumn{Table: "items", Column: with(col("seq", ty("Integer"), false), func(c *schema.Column) { c.Identity = &schema.Identity{} })},
				&ops.AddColumn{Table: "items", Column: with(col("total", ty("Numeric", 12, 2), true), func(c *schema.Column) { c.Computed = &schema.Computed{SQL: "price * 2"} })},
				&ops.AlterColumn{Table: "items", Column: "qty", ExistingType: ops.Ptr(ty("Integer")), Type: ops.Ptr(ty("String", 20)), Using: "qty::text",
					Nullable: ops.Ptr(false), ServerDefault: ops.Ptr("'none'"), Comment: ops.Ptr("how many"), NewName: "quantity", ExistingNullable: ops.Ptr(true)},
				&ops.AlterColumn{Table: "items", Column: "name", ExistingType: ops.Ptr(ty("String", 50)), Type: ops.Ptr(ty("String", 100))},
				&ops.AlterColumn{Table: "items", Column: "price", ServerDefault: ops.Ptr(""), ExistingServerDefault: ops.Ptr("'0'")},
				&ops.AlterColumn{Table: "items", Column: "note", Comment: ops.Ptr(""), ExistingComment: ops.Ptr("free text")},
				&ops.DropColumn{Table: "items", Name: "seq"},
				&ops.AddColumn{Table: "stock", Column: col("bin", ty("String", 10), true), Schema: "inventory"},
				&ops.AlterColumn{Table: "stock", Column: "bin", NewName: "shelf", Schema: "inventory"},
				&ops.DropColumn{Table: "stock", Name: "level", Schema: "inventory"},
			},
			down: []ops.Op{
				&ops.AddColumn{Table: "stock", Column: col("level", ty("Integer"), true), Schema: "inventory"},
				&ops.AlterColumn{Table: "stock", Column: "shelf", NewName: "bin", Schema: "inventory"},
				&ops.DropColumn{Table: "stock", Name: "bin", Schema: "inventory"},
				&ops.AddColumn{Table: "items", Column: with(col("seq", ty("Integer"), false), func(c *schema.Column) { c.Identity = &schema.Identity{} })},
				&ops.AlterColumn{Table: "items", Column: "note", Comment: ops.Ptr("free text")},
				&ops.AlterColumn{Table: "items", Column: "price", ServerDefault: ops.Ptr("'0'")},
				&ops.AlterColumn{Table: "items", Column: "name", ExistingType: ops.Ptr(ty("String", 100)), Type: ops.Ptr(ty("String", 50))},
				&ops.AlterColumn{Table: "items", Column: "quantity", ExistingType: ops.Ptr(ty("String", 20)), Type: ops.Ptr(ty("Integer")), Using: "quantity::integer",
					Nullable: ops.Ptr(true), ServerDefault: ops.Ptr(""), Comment: ops.Ptr(""), NewName: "qty"},
				&ops.DropColumn{Table: "items", Name: "total"},
				&ops.DropColumn{Table: "items", Name: "seq"},
				&ops.DropColumn{Table: "items", Name: "note"},
				&ops.DropColumn{Table: "items", Name: "price"},
			},
		},
	},

	"indexes": {"a1": {
		up: []ops.Op{
			&ops.CreateTable{Table: &schema.Table{
				Name: "docs",
				Columns: []*schema.Column{col("id", ty("Integer"), false), col("title", ty("String", 200), false), col("body", ty("Text"), true),
					col("lang", ty("String", 5), true), col("created", ty("DateTime"), true)},
				PrimaryKey: pk("", "id"),
			}},
			&ops.CreateIndex{Index: &schema.Index{Name: "ix_docs_title", Table: "docs", Columns: []string{"title"}, Unique: true}},
			&ops.CreateIndex{Index: &schema.Index{Name: "ix_docs_lower_title", Table: "docs", Columns: []string{"lower(title)"}}},
			&ops.CreateIndex{Index: &schema.Index{Name: "ix_docs_lang_recent", Table: "docs", Columns: []string{"lang", "created"}, Where: "lang <> 'en'"}},
			&ops.CreateIndex{Index: &schema.Index{Name: "ix_docs_body", Table: "docs", Columns: []string{"body"}, Using: "hash"}},
			&ops.CreateIndex{Index: &schema.Index{Name: "ix_docs_lang_incl", Table: "docs", Columns: []string{"lang"}, Include: []string{"title"}}},
			&ops.CreateIndex{Index: &schema.Index{Name: "ix_docs_created", Table: "docs", Columns: []string{"created"}}, Concurrently: true},
		},
		down: []ops.Op{
			&ops.DropIndex{Name: "ix_docs_created", Table: "docs", Concurrently: true},
			&ops.DropIndex{Name: "ix_docs_lang_incl", Table: "docs"},
			&ops.DropIndex{Name: "ix_docs_body", Table: "docs"},
			&ops.DropIndex{Name: "ix_docs_lang_recent", Table: "docs"},
			&ops.DropIndex{Name: "ix_docs_lower_title", Table: "docs"},
			&ops.DropIndex{Name: "ix_docs_title", Table: "docs"},
			&ops.DropTable{Name: "docs"},
		},
	}},

	"constraints": {
		"a1": {
			up: []ops.Op{
				&ops.CreateTable{Table: &schema.Table{Name: "parents", Columns: []*schema.Column{col("id", ty("Integer"), false)}, PrimaryKey: pk("", "id")}},
				&ops.CreateTable{Table: &schema.Table{
					Name:       "children",
					Columns:    []*schema.Column{col("id", ty("Integer"), false), col("parent_id", ty("Integer"), true), col("code", ty("String", 10), true), col("qty", ty("Integer"), true)},
					PrimaryKey: pk("", "id"),
				}},
			},
			down: []ops.Op{&ops.DropTable{Name: "children"}, &ops.DropTable{Name: "parents"}},
		},
		"a2": {
			up: []ops.Op{
				&ops.CreateUnique{Table: "children", Unique: &schema.Unique{Name: "uq_children_code", Columns: []string{"code"}}},
				&ops.CreateUnique{Table: "children", Unique: &schema.Unique{Columns: []string{"parent_id", "code"}}},
				&ops.CreateForeignKey{Table: "children", ForeignKey: &schema.ForeignKey{Name: "fk_children_parent", Columns: []string{"parent_id"}, RefTable: "parents", RefColumns: []string{"id"},
					OnDelete: "SET NULL", OnUpdate: "CASCADE", Deferrable: "DEFERRABLE INITIALLY IMMEDIATE"}},
				&ops.CreateCheck{Table: "children", Check: &schema.Check{Name: "ck_children_qty", SQL: "qty > 0"}},
				&ops.CreateForeignKey{Table: "children", ForeignKey: &schema.ForeignKey{Columns: []string{"id"}, RefTable: "parents", RefColumns: []string{"id"}, Deferrable: "NOT DEFERRABLE"}},
			},
			down: []ops.Op{
				&ops.DropConstraint{Name: "children_id_fkey", Table: "children", Kind: ops.KindForeignKey},
				&ops.DropConstraint{Name: "ck_children_qty", Table: "children", Kind: ops.KindCheck},
				&ops.DropConstraint{Name: "fk_children_parent", Table: "children", Kind: ops.KindForeignKey},
				&ops.DropConstraint{Name: "children_parent_id_code_key", Table: "children", Kind: ops.KindUnique},
				&ops.DropConstraint{Name: "uq_children_code", Table: "children", Kind: ops.KindUnique},
			},
		},
	},

	"comments": {"a1": {
		up: []ops.Op{
			&ops.CreateTable{Table: &schema.Table{
				Name: "notes",
				Columns: []*schema.Column{
					col("id", ty("Integer"), false),
					with(col("body", ty("Text"), true), func(c *schema.Column) { c.Comment = "the text" }),
					with(col("path", ty("Text"), true), func(c *schema.Column) { c.Comment = `C:\temp` }),
				},
				PrimaryKey: pk("", "id"),
				Comment:    "notes table",
			}},
			&ops.CreateTableComment{Table: "notes", Comment: "everybody's notes", ExistingComment: ops.Ptr("notes table")},
			&ops.AlterColumn{Table: "notes", Column: "body", Comment: ops.Ptr("the body"), ExistingComment: ops.Ptr("the text"), ExistingType: ops.Ptr(ty("Text"))},
			&ops.DropTableComment{Table: "notes", ExistingComment: ops.Ptr("everybody's notes")},
		},
		down: []ops.Op{
			&ops.CreateTableComment{Table: "notes", Comment: "everybody's notes"},
			&ops.AlterColumn{Table: "notes", Column: "body", Comment: ops.Ptr("the text"), ExistingComment: ops.Ptr("the body"), ExistingType: ops.Ptr(ty("Text"))},
			&ops.CreateTableComment{Table: "notes", Comment: "notes table", ExistingComment: ops.Ptr("everybody's notes")},
			&ops.DropTable{Name: "notes"},
		},
	}},

	"schemas": {
		"a1": {
			up: []ops.Op{
				&ops.CreateTable{Table: &schema.Table{Name: "users", Columns: []*schema.Column{col("id", ty("Integer"), false)}, PrimaryKey: pk("", "id")}},
				&ops.CreateTable{Table: &schema.Table{
					Name:       "events",
					Schema:     "audit",
					Columns:    []*schema.Column{col("id", ty("Integer"), false), col("kind", ty("String", 20), true), col("user_id", ty("Integer"), true)},
					PrimaryKey: pk("", "id"),
				}},
				&ops.CreateForeignKey{Table: "events", Schema: "audit", ForeignKey: &schema.ForeignKey{Name: "fk_events_user", Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}}},
				&ops.CreateIndex{Index: &schema.Index{Name: "ix_events_kind", Table: "events", Schema: "audit", Columns: []string{"kind"}}},
				&ops.RenameTable{Old: "events", New: "happenings", Schema: "audit"},
				&ops.BulkInsert{Table: "happenings", Schema: "audit", Columns: []string{"id", "kind"}, Rows: []map[string]any{
					{"id": int64(1), "kind": "login"}, {"id": int64(2), "kind": "logout"}}},
			},
			down: []ops.Op{&ops.DropTable{Name: "happenings", Schema: "audit"}, &ops.DropTable{Name: "users"}},
		},
		"a2": {
			up: []ops.Op{
				&ops.AddColumn{Table: "happenings", Schema: "audit", Column: col("at", ty("DateTime"), true)},
				&ops.Batch{Table: "happenings", Schema: "audit", Ops: []ops.Op{
					&ops.AlterColumn{Column: "kind", ExistingType: ops.Ptr(ty("String", 20)), Nullable: ops.Ptr(false)},
					&ops.CreateUnique{Unique: &schema.Unique{Name: "uq_happenings_kind_at", Columns: []string{"kind", "at"}}},
				}},
				&ops.DropIndex{Name: "ix_events_kind", Table: "happenings", Schema: "audit"},
			},
			down: []ops.Op{
				&ops.CreateIndex{Index: &schema.Index{Name: "ix_events_kind", Table: "happenings", Schema: "audit", Columns: []string{"kind"}}},
				&ops.Batch{Table: "happenings", Schema: "audit", Ops: []ops.Op{
					&ops.DropConstraint{Name: "uq_happenings_kind_at", Kind: ops.KindUnique},
					&ops.AlterColumn{Column: "kind", ExistingType: ops.Ptr(ty("String", 20)), Nullable: ops.Ptr(true)},
				}},
				&ops.DropColumn{Table: "happenings", Schema: "audit", Name: "at"},
			},
		},
	},

	"data": {"a1": {
		up: []ops.Op{
			&ops.CreateTable{Table: &schema.Table{
				Name: "people",
				Columns: []*schema.Column{col("id", ty("Integer"), false), col("name", ty("String", 50), true),
					col("active", ty("Boolean"), true), col("score", ty("Float"), true)},
				PrimaryKey: pk("", "id"),
			}},
			&ops.BulkInsert{Table: "people", Columns: []string{"id", "name", "active", "score"}, Rows: []map[string]any{
				{"id": int64(1), "name": "O'Brien", "active": true, "score": 1.5},
				{"score": 1234567.0, "id": int64(2), "name": nil, "active": false},
				{"id": int64(3)},
			}},
			&ops.Execute{SQL: "UPDATE people SET score = 0 WHERE score IS NULL"},
			&ops.Execute{SQL: "INSERT INTO people (id, name) VALUES (4, 'semi; colon'); INSERT INTO people (id) VALUES (5)"},
			&ops.Execute{SQL: "DO $$ BEGIN UPDATE people SET active = true WHERE active IS NULL; END $$"},
		},
		down: []ops.Op{&ops.Execute{SQL: "DELETE FROM people"}, &ops.DropTable{Name: "people"}},
	}},

	"enums": {
		"a1": {
			up: []ops.Op{
				&ops.CreateTable{Table: &schema.Table{
					Name: "people",
					Columns: []*schema.Column{
						col("id", ty("Integer"), false),
						col("mood", enumTy("mood", "happy", "sad"), true),
						col("tier", schema.Type{Name: "Enum", Enum: []string{"gold", "silver"}, EnumName: "tier", Schema: "shop"}, true),
						col("size", schema.Type{Name: "Enum", Enum: []string{"s", "m", "xl"}, EnumName: "size", NonNative: true}, true),
					},
					PrimaryKey: pk("", "id"),
				}},
				&ops.Execute{SQL: "CREATE TYPE color AS ENUM ('red', 'blue')"},
			},
			down: []ops.Op{
				&ops.Execute{SQL: "DROP TYPE color"},
				&ops.DropTable{Name: "people"},
				&ops.Execute{SQL: "DROP TYPE shop.tier"},
				&ops.Execute{SQL: "DROP TYPE mood"},
			},
		},
		"a2": {
			up: []ops.Op{
				&ops.CreateTable{Table: &schema.Table{
					Name: "pets",
					Columns: []*schema.Column{
						col("id", ty("Integer"), false),
						col("mood", enumTy("mood", "happy", "sad"), true),
						col("color", colorType(), true),
						col("moods", arrayOf(schema.Type{Name: "ENUM", Enum: []string{"calm", "wild"}, EnumName: "temper", Dialect: "postgresql"}, 0), true),
					},
					PrimaryKey: pk("", "id"),
				}},
				&ops.AddColumn{Table: "people", Column: col("favorite", colorType(), true)},
			},
			down: []ops.Op{
				&ops.DropColumn{Table: "people", Name: "favorite"},
				&ops.DropTable{Name: "pets"},
				&ops.Execute{SQL: "DROP TYPE temper"},
			},
		},
	},

	"hostile": {"a1": {
		up: []ops.Op{
			&ops.CreateTable{Table: &schema.Table{
				Name: "order",
				Columns: []*schema.Column{
					col("select", ty("Integer"), false),
					col(`we"ird`, ty("String", 10), true),
					col("MixedCase", enumTy("Order Status", "A b", "it's"), true),
					col("from", ty("Integer"), true),
				},
				Checks:     []*schema.Check{{Name: "check", SQL: `"from" > 0`}},
				PrimaryKey: pk("primary", "select"),
				Uniques:    []*schema.Unique{{Name: `uq "we"ird"`, Columns: []string{`we"ird`}}},
			}},
			&ops.CreateTable{Table: &schema.Table{
				Name:        "Group",
				Columns:     []*schema.Column{col("user id", ty("Integer"), false), col("order", ty("Integer"), true)},
				ForeignKeys: []*schema.ForeignKey{{Name: "fk Group order", Columns: []string{"order"}, RefTable: "order", RefColumns: []string{"select"}, OnDelete: "CASCADE"}},
				PrimaryKey:  pk("", "user id"),
			}},
			&ops.CreateIndex{Index: &schema.Index{Name: "index", Table: "Group", Columns: []string{"order"}}},
			&ops.AddColumn{Table: "order", Column: with(col("table", ty("Text"), true), func(c *schema.Column) { c.Comment = `a "quoted" comment` })},
			&ops.AlterColumn{Table: "order", Column: "from", NewName: "to"},
			&ops.RenameTable{Old: "Group", New: "group"},
			&ops.BulkInsert{Table: "order", Columns: []string{"select", `we"ird`}, Rows: []map[string]any{{"select": int64(1), `we"ird`: "x"}}},
		},
		down: []ops.Op{
			&ops.RenameTable{Old: "group", New: "Group"},
			&ops.AlterColumn{Table: "order", Column: "to", NewName: "from"},
			&ops.DropColumn{Table: "order", Name: "table"},
			&ops.DropIndex{Name: "index", Table: "Group"},
			&ops.DropTable{Name: "Group"},
			&ops.DropTable{Name: "order"},
		},
	}},

	"batch": {"a1": {
		up: []ops.Op{
			&ops.CreateTable{Table: &schema.Table{
				Name:       "users",
				Columns:    []*schema.Column{col("id", ty("Integer"), false), col("email", ty("String", 100), true), col("city", ty("String", 40), true)},
				PrimaryKey: pk("", "id"),
			}},
			&ops.CreateTable{Table: &schema.Table{
				Name:       "posts",
				Columns:    []*schema.Column{col("id", ty("Integer"), false), col("user_id", ty("Integer"), true)},
				PrimaryKey: pk("", "id"),
			}},
			&ops.Batch{Table: "users", Ops: []ops.Op{
				&ops.AddColumn{Column: col("age", ty("Integer"), true)},
				&ops.AlterColumn{Column: "email", ExistingType: ops.Ptr(ty("String", 100)), Nullable: ops.Ptr(false)},
				&ops.AlterColumn{Column: "city", ExistingType: ops.Ptr(ty("String", 40)), Type: ops.Ptr(ty("String", 80))},
				&ops.CreateIndex{Index: &schema.Index{Name: "ix_users_email", Columns: []string{"email"}, Unique: true}},
				&ops.CreateCheck{Check: &schema.Check{Name: "ck_users_age", SQL: "age >= 0"}},
				&ops.DropColumn{Name: "city"},
			}},
			&ops.Batch{Table: "posts", Ops: []ops.Op{
				&ops.CreateForeignKey{ForeignKey: &schema.ForeignKey{Name: "fk_posts_user", Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}, OnDelete: "CASCADE"}},
			}},
		},
		down: []ops.Op{
			&ops.Batch{Table: "posts", Ops: []ops.Op{&ops.DropConstraint{Name: "fk_posts_user", Kind: ops.KindForeignKey}}},
			&ops.Batch{Table: "users", Ops: []ops.Op{
				&ops.AddColumn{Column: col("city", ty("String", 80), true)},
				&ops.DropConstraint{Name: "ck_users_age", Kind: ops.KindCheck},
				&ops.DropIndex{Name: "ix_users_email"},
				&ops.AlterColumn{Column: "email", ExistingType: ops.Ptr(ty("String", 100)), Nullable: ops.Ptr(true)},
				&ops.DropColumn{Name: "age"},
			}},
			&ops.DropTable{Name: "posts"},
			&ops.DropTable{Name: "users"},
		},
	}},
}

func colorType() schema.Type {
	return schema.Type{Name: "ENUM", Enum: []string{"red", "blue"}, EnumName: "color", Dialect: "postgresql", Options: map[string]string{"create_type": "False"}}
}
