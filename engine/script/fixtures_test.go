package script

import (
	"retort/engine/ops"
	"retort/engine/schema"
)

// The ops behind the reference scripts in testdata/reference.txtar, written out
// by hand from what the real Alembic rendered.

type refCase struct {
	name     string // the file in reference.txtar
	rev      RevisionInfo
	up, down []ops.Op
	opts     RenderOptions
}

func typ(name string, args ...int) schema.Type { return schema.Type{Name: name, Args: args} }

func col(name string, t schema.Type, nullable bool) *schema.Column {
	return &schema.Column{Name: name, Type: t, Nullable: nullable}
}

func withDefault(c *schema.Column, sql string) *schema.Column {
	c.ServerDefault = sql
	return c
}

func pk(cols ...string) *schema.PrimaryKey { return &schema.PrimaryKey{Columns: cols} }

func referenceCases() []refCase {
	usersTable := &schema.Table{
		Name: "users",
		Columns: []*schema.Column{
			col("id", typ("Integer"), false),
			col("name", typ("String"), false),
			col("email", typ("String"), true),
		},
		PrimaryKey: pk("id"),
		Uniques:    []*schema.Unique{{Columns: []string{"email"}}},
	}
	postsTable := &schema.Table{
		Name: "posts",
		Columns: []*schema.Column{
			col("id", typ("Integer"), false),
			col("title", typ("String", 200), false),
			col("user_id", typ("Integer"), false),
		},
		PrimaryKey:  pk("id"),
		ForeignKeys: []*schema.ForeignKey{{Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}}},
	}

	// The gallery's initial schema.
	galleryInitialUp := []ops.Op{
		&ops.CreateTable{Table: &schema.Table{
			Name: "audit_log",
			Columns: []*schema.Column{
				col("id", typ("Integer"), false),
				col("message", typ("Text"), false),
			},
			PrimaryKey: pk("id"),
		}},
		&ops.CreateTable{Table: &schema.Table{
			Name: "posts",
			Columns: []*schema.Column{
				col("id", typ("Integer"), false),
				col("title", typ("String", 200), false),
				col("user_id", typ("Integer"), true),
			},
			PrimaryKey: pk("id"),
		}},
		&ops.CreateTable{Table: &schema.Table{
			Name: "users",
			Columns: []*schema.Column{
				col("id", typ("Integer"), false),
				col("name", typ("String", 50), true),
				col("email", typ("String", 120), true),
				col("bio", typ("Text"), true),
				col("city", typ("String", 40), true),
			},
			PrimaryKey: pk("id"),
		}},
		&ops.CreateIndex{Index: &schema.Index{Name: "ix_users_city", Table: "users", Columns: []string{"city"}}},
	}
	galleryInitialDown := []ops.Op{
		&ops.DropIndex{Name: "ix_users_city", Table: "users"},
		&ops.DropTable{Name: "users"},
		&ops.DropTable{Name: "posts"},
		&ops.DropTable{Name: "audit_log"},
	}

	// The gallery's many changes.
	enum := schema.Type{Name: "Enum", Enum: []string{"active", "banned"}, EnumName: "status"}
	manyUp := []ops.Op{
		&ops.CreateTable{Table: &schema.Table{
			Name: "memberships",
			Columns: []*schema.Column{
				col("user_id", typ("Integer"), false),
				col("group_name", typ("String", 50), false),
				col("joined_at", typ("DateTime"), false),
			},
			PrimaryKey:  pk("user_id", "group_name"),
			ForeignKeys: []*schema.ForeignKey{{Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}}},
		}},
		&ops.DropTable{Name: "audit_log"},
		&ops.AlterColumn{Table: "posts", Column: "user_id", ExistingType: ops.Ptr(typ("INTEGER")), Nullable: ops.Ptr(false)},
		&ops.CreateForeignKey{Table: "posts", ForeignKey: &schema.ForeignKey{Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}, OnDelete: "CASCADE"}},
		&ops.AddColumn{Table: "users", Column: col("age", typ("Integer"), true)},
		&ops.AddColumn{Table: "users", Column: withDefault(col("is_active", typ("Boolean"), false), "1")},
		&ops.AddColumn{Table: "users", Column: col("status", enum, true)},
		&ops.AddColumn{Table: "users", Column: withDefault(col("balance", typ("Numeric", 10, 2), true), "'0'")},
		&ops.AddColumn{Table: "users", Column: withDefault(col("created_at", typ("DateTime"), true), "(CURRENT_TIMESTAMP)")},
		&ops.AlterColumn{Table: "users", Column: "name", ExistingType: ops.Ptr(typ("VARCHAR", 50)), Nullable: ops.Ptr(false)},
		&ops.DropIndex{Name: "ix_users_city", Table: "users"},
		&ops.CreateIndex{Index: &schema.Index{Name: "ix_users_name_email", Table: "users", Columns: []string{"name", "email"}}},
		&ops.CreateUnique{Table: "users", Unique: &schema.Unique{Name: "uq_users_email", Columns: []string{"email"}}},
		&ops.DropColumn{Table: "users", Name: "bio"},
		&ops.DropColumn{Table: "users", Name: "city"},
	}
	manyDown := []ops.Op{
		&ops.AddColumn{Table: "users", Column: col("city", typ("VARCHAR", 40), true)},
		&ops.AddColumn{Table: "users", Column: col("bio", typ("TEXT"), true)},
		&ops.DropConstraint{Name: "uq_users_email", Table: "users", Kind: ops.KindUnique},
		&ops.DropIndex{Name: "ix_users_name_email", Table: "users"},
		&ops.CreateIndex{Index: &schema.Index{Name: "ix_users_city", Table: "users", Columns: []string{"city"}}},
		&ops.AlterColumn{Table: "users", Column: "name", ExistingType: ops.Ptr(typ("VARCHAR", 50)), Nullable: ops.Ptr(true)},
		&ops.DropColumn{Table: "users", Name: "created_at"},
		&ops.DropColumn{Table: "users", Name: "balance"},
		&ops.DropColumn{Table: "users", Name: "status"},
		&ops.DropColumn{Table: "users", Name: "is_active"},
		&ops.DropColumn{Table: "users", Name: "age"},
		&ops.DropConstraint{Table: "posts", Kind: ops.KindForeignKey},
		&ops.AlterColumn{Table: "posts", Column: "user_id", ExistingType: ops.Ptr(typ("INTEGER")), Nullable: ops.Ptr(true)},
		&ops.CreateTable{Table: &schema.Table{
			Name: "audit_log",
			Columns: []*schema.Column{
				col("id", typ("INTEGER"), false),
				col("message", typ("TEXT"), false),
			},
			PrimaryKey: pk("id"),
		}},
		&ops.DropTable{Name: "memberships"},
	}

	conv := []string{"ix_users_city"}
	return []refCase{
		{
			name: "tutorial/versions/1f67b9e072b7_create_users_table.py",
			rev:  RevisionInfo{ID: "1f67b9e072b7", Message: "create users table", CreateDate: "2026-11-25 19:27:20.828640"},
			up:   []ops.Op{&ops.CreateTable{Table: usersTable}},
			down: []ops.Op{&ops.DropTable{Name: "users"}},
		},
		{
			name: "tutorial/versions/3a291af61148_add_age_to_users.py",
			rev:  RevisionInfo{ID: "3a291af61148", Down: []string{"1f67b9e072b7"}, Message: "add age to users", CreateDate: "2026-11-25 19:27:25.796641"},
			up:   []ops.Op{&ops.AddColumn{Table: "users", Column: col("age", typ("Integer"), true)}},
			down: []ops.Op{&ops.DropColumn{Table: "users", Name: "age"}},
		},
		{
			name: "tutorial/versions/88d25a73c36d_add_posts_table.py",
			rev:  RevisionInfo{ID: "88d25a73c36d", Down: []string{"3a291af61148"}, Message: "add posts table", CreateDate: "2026-11-25 19:27:26.939070"},
			up:   []ops.Op{&ops.CreateTable{Table: postsTable}},
			down: []ops.Op{&ops.DropTable{Name: "posts"}},
		},
		{
			name: "gallery/plain/aaaaaaaaaaaa_initial_schema.py",
			rev:  RevisionInfo{ID: "aaaaaaaaaaaa", Message: "initial schema", CreateDate: "2026-11-25 19:27:47.747482"},
			up:   galleryInitialUp,
			down: galleryInitialDown,
			opts: RenderOptions{ConvNames: conv},
		},
		{
			name: "gallery/plain/bbbbbbbbbbbb_many_changes.py",
			rev:  RevisionInfo{ID: "bbbbbbbbbbbb", Down: []string{"aaaaaaaaaaaa"}, Message: "many changes", CreateDate: "2026-11-25 19:27:48.472305"},
			up:   manyUp,
			down: manyDown,
		},
		{
			name: "gallery/batch/aaaaaaaaaaaa_initial_schema.py",
			rev:  RevisionInfo{ID: "aaaaaaaaaaaa", Message: "initial schema", CreateDate: "2026-11-25 19:27:49.933743"},
			up:   galleryInitialUp,
			down: galleryInitialDown,
			opts: RenderOptions{AsBatch: true, ConvNames: conv},
		},
		{
			name: "gallery/batch/bbbbbbbbbbbb_many_changes.py",
			rev:  RevisionInfo{ID: "bbbbbbbbbbbb", Down: []string{"aaaaaaaaaaaa"}, Message: "many changes", CreateDate: "2026-11-25 19:27:50.651496"},
			up:   manyUp,
			down: manyDown,
			opts: RenderOptions{AsBatch: true},
		},
	}
}
