//go:build !js

package postgres

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/diff"
	"retort/engine/ops"
	"retort/engine/schema"
)

// opCase is one op run through the four phases on a real server: the op's
// SQL in a transaction, the schema read back equal to the one the plan
// expected (and autogenerate detects nothing between them), the reversed
// op, the schema read back equal to the start (nothing detected), with the
// table's rows kept throughout.
type opCase struct {
	name string
	// setup makes the start from the base tables (users, posts; see base).
	setup []ops.Op
	rows  []string // more rows, after the base's
	// op builds the op from the start as read back (the definitions a drop
	// needs for its reverse come from there, as the runner would take them).
	op func(start *schema.MetaData) ops.Op
	// lossy says the round trip does not give every value back (a dropped
	// column comes back NULL): only row counts are compared at the end.
	lossy bool
	// dropsRows says the op drops a table: it comes back empty.
	dropsRows bool
}

// base is the start every op case builds on: two tables with rows.
func base(names baseNames) ([]ops.Op, []string) {
	n := names
	return []ops.Op{
			&ops.CreateTable{Table: &schema.Table{
				Name: n.users,
				Columns: []*schema.Column{
					col(n.id, ty("Integer"), false),
					col(n.name, ty("String", 50), false),
					col(n.email, ty("String", 120), true),
					col(n.age, ty("Integer"), true),
					col(n.note, ty("Text"), true),
				},
				PrimaryKey: pk("", n.id),
			}},
			&ops.CreateTable{Table: &schema.Table{
				Name:       n.posts,
				Columns:    []*schema.Column{col(n.id, ty("Integer"), false), col(n.userID, ty("Integer"), true), col(n.title, ty("String", 200), true)},
				PrimaryKey: pk("", n.id),
			}},
		}, []string{
			"INSERT INTO " + Quote(n.users) + " (" + quoteList([]string{n.name, n.email, n.age, n.note}) + ") VALUES " +
				"('ada', 'ada@example.org', 36, 'first'), ('bob', 'bob@example.org', 41, NULL), ('cy', NULL, NULL, 'it''s')",
			"INSERT INTO " + Quote(n.posts) + " (" + quoteList([]string{n.userID, n.title}) + ") VALUES (1, 'hello'), (1, 'again'), (2, 'hi')",
		}
}

// baseNames are the base tables' names: plain ones, and hostile ones.
type baseNames struct{ users, posts, id, name, email, age, note, userID, title string }

var plainNames = baseNames{"users", "posts", "id", "name", "email", "age", "note", "user_id", "title"}

// hostileNames are SQL keywords, a quote, spaces and mixed case.
var hostileNames = baseNames{"order", `we"ird`, "select", "from", "Group", "MixedCase", "user id", "table", "where"}

func opCases(n baseNames) []opCase {
	users, posts := n.users, n.posts
	return []opCase{
		{name: "create_table", op: func(*schema.MetaData) ops.Op {
			return &ops.CreateTable{Table: &schema.Table{
				Name: "tags",
				Columns: []*schema.Column{col("id", ty("BigInteger"), false),
					with(col("label", ty("String", 30), false), func(c *schema.Column) { c.Comment = "shown" }),
					with(col("created", schema.Type{Name: "DateTime", Timezone: true}, true), func(c *schema.Column) { c.ServerDefault = "now()" }),
					col("data", pgTy("JSONB"), true), col("token", pgTy("UUID"), true), col("names", arrayOf(ty("String"), 0), true),
					with(col("seq", ty("Integer"), false), func(c *schema.Column) { c.Identity = &schema.Identity{Always: true, Start: i64(10)} }),
					with(col("twice", ty("BigInteger"), true), func(c *schema.Column) { c.Computed = &schema.Computed{SQL: "id * 2"} })},
				PrimaryKey:  pk("", "id"),
				Uniques:     []*schema.Unique{{Name: "uq_tags_label", Columns: []string{"label"}}},
				Checks:      []*schema.Check{{Name: "ck_tags_label", SQL: "label <> ''"}},
				ForeignKeys: []*schema.ForeignKey{{Name: "fk_tags_user", Columns: []string{"id"}, RefTable: users, RefColumns: []string{n.id}, OnDelete: "CASCADE"}},
				Indexes:     []*schema.Index{{Name: "ix_tags_created", Table: "tags", Columns: []string{"created"}}},
				Comment:     "labels",
			}}
		}},
		{name: "drop_table", op: func(s *schema.MetaData) ops.Op {
			return &ops.DropTable{Name: posts, Table: s.Table(posts)}
		}, lossy: true, dropsRows: true},
		{name: "rename_table", op: func(*schema.MetaData) ops.Op { return &ops.RenameTable{Old: posts, New: "Articles"} }},
		{name: "add_column", op: func(*schema.MetaData) ops.Op {
			return &ops.AddColumn{Table: users, Column: with(col("score", ty("Numeric", 10, 2), false), func(c *schema.Column) {
				c.ServerDefault = "'0'"
				c.Comment = "points"
			})}
		}},
		{name: "add_identity_column", op: func(*schema.MetaData) ops.Op {
			return &ops.AddColumn{Table: posts, Column: with(col("seq", ty("BigInteger"), false), func(c *schema.Column) { c.Identity = &schema.Identity{} })}
		}},
		{name: "add_computed_column", op: func(*schema.MetaData) ops.Op {
			return &ops.AddColumn{Table: users, Column: with(col("older", ty("Integer"), true), func(c *schema.Column) { c.Computed = &schema.Computed{SQL: Quote(n.age) + " + 1"} })}
		}},
		{name: "drop_column", op: func(s *schema.MetaData) ops.Op {
			return &ops.DropColumn{Table: users, Name: n.note, Column: s.Table(users).Column(n.note)}
		}, lossy: true},
		{name: "alter_column_type_using", op: func(s *schema.MetaData) ops.Op {
			return &ops.AlterColumn{Table: users, Column: n.age, Type: ops.Ptr(ty("String", 10)), ExistingType: ops.Ptr(s.Table(users).Column(n.age).Type),
				Using: Quote(n.age) + "::text"}
		}, lossy: true}, // the reverse needs USING too: see alter_column_type_round_trip
		{name: "alter_column_type_round_trip", op: func(s *schema.MetaData) ops.Op {
			return &ops.AlterColumn{Table: users, Column: n.name, Type: ops.Ptr(ty("String", 100)), ExistingType: ops.Ptr(s.Table(users).Column(n.name).Type)}
		}},
		{name: "alter_column_nullable", op: func(*schema.MetaData) ops.Op {
			return &ops.AlterColumn{Table: users, Column: n.name, Nullable: ops.Ptr(true), ExistingNullable: ops.Ptr(false)}
		}},
		{name: "alter_column_not_null", setup: []ops.Op{}, rows: nil, op: func(*schema.MetaData) ops.Op {
			return &ops.AlterColumn{Table: posts, Column: n.userID, Nullable: ops.Ptr(false), ExistingNullable: ops.Ptr(true)}
		}},
		{name: "alter_column_default", op: func(*schema.MetaData) ops.Op {
			return &ops.AlterColumn{Table: users, Column: n.email, ServerDefault: ops.Ptr("'nobody@example.org'")}
		}},
		{name: "alter_column_comment", op: func(*schema.MetaData) ops.Op {
			return &ops.AlterColumn{Table: users, Column: n.email, Comment: ops.Ptr("where to write"), ExistingComment: ops.Ptr("")}
		}},
		{name: "rename_column", op: func(*schema.MetaData) ops.Op {
			return &ops.AlterColumn{Table: users, Column: n.email, NewName: "e-mail"}
		}},
		{name: "alter_column_everything", op: func(s *schema.MetaData) ops.Op {
			return &ops.AlterColumn{Table: users, Column: n.age, Type: ops.Ptr(ty("BigInteger")), ExistingType: ops.Ptr(s.Table(users).Column(n.age).Type),
				Nullable: ops.Ptr(false), ExistingNullable: ops.Ptr(true), ServerDefault: ops.Ptr("0"), Comment: ops.Ptr("years"), NewName: "years"}
		}, rows: []string{"UPDATE " + Quote(users) + " SET " + Quote(n.age) + " = 0 WHERE " + Quote(n.age) + " IS NULL"}},
		{name: "create_index", op: func(*schema.MetaData) ops.Op {
			return &ops.CreateIndex{Index: &schema.Index{Name: "ix_users_name", Table: users, Columns: []string{n.name}}}
		}},
		{name: "create_unique_index_where", op: func(*schema.MetaData) ops.Op {
			return &ops.CreateIndex{Index: &schema.Index{Name: "ix_users_email", Table: users, Columns: []string{n.email}, Unique: true,
				Where: Quote(n.email) + " IS NOT NULL"}}
		}},
		{name: "create_expression_index", op: func(*schema.MetaData) ops.Op {
			return &ops.CreateIndex{Index: &schema.Index{Name: "ix_users_lower_name", Table: users, Columns: []string{"lower(" + Quote(n.name) + ")"}}}
		}},
		{name: "create_index_using_include", op: func(*schema.MetaData) ops.Op {
			return &ops.CreateIndex{Index: &schema.Index{Name: "ix_users_age", Table: users, Columns: []string{n.age}, Using: "btree", Include: []string{n.name}}}
		}},
		{name: "create_hash_index", op: func(*schema.MetaData) ops.Op {
			return &ops.CreateIndex{Index: &schema.Index{Name: "ix_users_note", Table: users, Columns: []string{n.note}, Using: "hash"}}
		}},
		{name: "create_index_concurrently", op: func(*schema.MetaData) ops.Op {
			return &ops.CreateIndex{Index: &schema.Index{Name: "ix_posts_title", Table: posts, Columns: []string{n.title}}, Concurrently: true}
		}},
		{name: "drop_index", setup: []ops.Op{&ops.CreateIndex{Index: &schema.Index{Name: "ix_posts_user", Table: posts, Columns: []string{n.userID, n.title}}}},
			op: func(s *schema.MetaData) ops.Op {
				return &ops.DropIndex{Name: "ix_posts_user", Table: posts, Index: s.Table(posts).Index("ix_posts_user")}
			}},
		{name: "create_unique", op: func(*schema.MetaData) ops.Op {
			return &ops.CreateUnique{Table: users, Unique: &schema.Unique{Name: "uq_users_name", Columns: []string{n.name}}}
		}},
		{name: "create_unnamed_unique", op: func(*schema.MetaData) ops.Op {
			return &ops.CreateUnique{Table: users, Unique: &schema.Unique{Columns: []string{n.name, n.email}}}
		}},
		{name: "create_check", op: func(*schema.MetaData) ops.Op {
			return &ops.CreateCheck{Table: users, Check: &schema.Check{Name: "ck_users_age", SQL: Quote(n.age) + " IS NULL OR " + Quote(n.age) + " >= 0"}}
		}},
		{name: "create_foreign_key", op: func(*schema.MetaData) ops.Op {
			return &ops.CreateForeignKey{Table: posts, ForeignKey: &schema.ForeignKey{Name: "fk_posts_user", Columns: []string{n.userID},
				RefTable: users, RefColumns: []string{n.id}, OnDelete: "SET NULL", OnUpdate: "CASCADE", Deferrable: "DEFERRABLE INITIALLY DEFERRED"}}
		}},
		{name: "create_unnamed_foreign_key", op: func(*schema.MetaData) ops.Op {
			return &ops.CreateForeignKey{Table: posts, ForeignKey: &schema.ForeignKey{Columns: []string{n.userID}, RefTable: users, RefColumns: []string{n.id}}}
		}},
		{name: "drop_foreign_key", setup: []ops.Op{&ops.CreateForeignKey{Table: posts, ForeignKey: &schema.ForeignKey{Columns: []string{n.userID}, RefTable: users, RefColumns: []string{n.id}, OnDelete: "CASCADE"}}},
			op: func(s *schema.MetaData) ops.Op {
				return &ops.DropConstraint{Table: posts, Kind: ops.KindForeignKey, ForeignKey: s.Table(posts).ForeignKeys[0]}
			}},
		{name: "drop_check", setup: []ops.Op{&ops.CreateCheck{Table: users, Check: &schema.Check{Name: "ck_name", SQL: "length(" + Quote(n.name) + ") > 0"}}},
			op: func(s *schema.MetaData) ops.Op {
				return &ops.DropConstraint{Name: "ck_name", Table: users, Kind: ops.KindCheck, Check: s.Table(users).Checks[0]}
			}},
		{name: "drop_unique", setup: []ops.Op{&ops.CreateUnique{Table: users, Unique: &schema.Unique{Name: "uq_email", Columns: []string{n.email}}}},
			op: func(s *schema.MetaData) ops.Op {
				return &ops.DropConstraint{Name: "uq_email", Table: users, Kind: ops.KindUnique, Unique: s.Table(users).Uniques[0]}
			}},
		{name: "create_primary_key", setup: []ops.Op{&ops.CreateTable{Table: &schema.Table{Name: "tags",
			Columns: []*schema.Column{col("id", ty("Integer"), false), col("label", ty("String", 30), false), col("note", ty("Text"), true)}}}},
			rows: []string{"INSERT INTO tags VALUES (1, 'a', NULL), (1, 'b', 'x'), (2, 'a', 'y')"},
			op: func(*schema.MetaData) ops.Op {
				return &ops.CreatePrimaryKey{Table: "tags", PrimaryKey: &schema.PrimaryKey{Name: "pk_tags", Columns: []string{"id", "label"}}}
			}},
		{name: "create_unnamed_primary_key", setup: []ops.Op{&ops.CreateTable{Table: &schema.Table{Name: "tags",
			Columns: []*schema.Column{col("id", ty("Integer"), false), col("note", ty("Text"), true)}}}},
			rows: []string{"INSERT INTO tags VALUES (1, NULL), (2, 'x')"},
			op: func(*schema.MetaData) ops.Op {
				return &ops.CreatePrimaryKey{Table: "tags", PrimaryKey: &schema.PrimaryKey{Columns: []string{"id"}}}
			}},
		{name: "batch_drop_then_create_primary_key", op: func(s *schema.MetaData) ops.Op {
			// ironic-inspector's 882b2d84cb1b: the primary key moved to other columns.
			old := s.Table(users).PrimaryKey
			return &ops.Batch{Table: users, Ops: []ops.Op{
				&ops.DropConstraint{Name: old.Name, Kind: ops.KindPrimary, PrimaryKey: old},
				&ops.CreatePrimaryKey{PrimaryKey: &schema.PrimaryKey{Name: "pk_" + users, Columns: []string{n.name, n.id}}},
			}}
		}},
		{name: "create_table_comment", op: func(*schema.MetaData) ops.Op {
			return &ops.CreateTableComment{Table: users, Comment: "people's accounts"}
		}},
		{name: "drop_table_comment", setup: []ops.Op{&ops.CreateTableComment{Table: users, Comment: "old"}},
			op: func(*schema.MetaData) ops.Op {
				return &ops.DropTableComment{Table: users, ExistingComment: ops.Ptr("old")}
			}},
		{name: "batch", op: func(s *schema.MetaData) ops.Op {
			return &ops.Batch{Table: users, Ops: []ops.Op{
				&ops.AddColumn{Column: col("active", ty("Boolean"), true)},
				&ops.AlterColumn{Column: n.note, Type: ops.Ptr(ty("String", 500)), ExistingType: ops.Ptr(s.Table(users).Column(n.note).Type)},
				&ops.CreateIndex{Index: &schema.Index{Name: "ix_users_active", Columns: []string{"active"}}},
			}}
		}},
		{name: "schema_create_table", setup: []ops.Op{&ops.Execute{SQL: "CREATE SCHEMA audit"}}, op: func(*schema.MetaData) ops.Op {
			return &ops.CreateTable{Table: &schema.Table{Name: users, Schema: "audit", Columns: []*schema.Column{col("id", ty("Integer"), false), col("at", ty("DateTime"), true)},
				PrimaryKey:  pk("", "id"),
				ForeignKeys: []*schema.ForeignKey{{Columns: []string{"id"}, RefTable: users, RefColumns: []string{n.id}}}}}
		}},
		{name: "schema_ops", setup: []ops.Op{&ops.Execute{SQL: "CREATE SCHEMA audit"}, &ops.CreateTable{Table: &schema.Table{Name: "log", Schema: "audit",
			Columns: []*schema.Column{col("id", ty("Integer"), false)}, PrimaryKey: pk("", "id")}}},
			op: func(*schema.MetaData) ops.Op {
				return &ops.Batch{Table: "log", Schema: "audit", Ops: []ops.Op{
					&ops.AddColumn{Column: col("msg", ty("Text"), true)},
					&ops.CreateIndex{Index: &schema.Index{Name: "ix_log_msg", Columns: []string{"msg"}}},
					&ops.CreateTableComment{Comment: "journal"},
				}}
			}},
	}
}

func TestOpsOnPostgres(t *testing.T) {
	for _, tc := range opCases(plainNames) {
		t.Run(tc.name, func(t *testing.T) { runOpCase(t, plainNames, tc) })
	}
}

// TestHostileIdentifiers runs every op case on tables and columns named
// order, we"ird, select, from, Group, MixedCase, "user id", table, where.
func TestHostileIdentifiers(t *testing.T) {
	for _, tc := range opCases(hostileNames) {
		t.Run(tc.name, func(t *testing.T) { runOpCase(t, hostileNames, tc) })
	}
}

func runOpCase(t *testing.T, n baseNames, tc opCase) {
	ctx := context.Background()
	db := openTestDB(t)
	setup, rows := base(n)
	_, err := runOps(ctx, db, &schema.MetaData{}, append(setup, tc.setup...))
	require.NoError(t, err)
	for _, r := range append(rows, tc.rows...) {
		execSQL(t, db, r)
	}
	start := inspect(t, db)
	before := tableRows(t, db, start)

	op := tc.op(start)
	want, err := runOps(ctx, db, start, []ops.Op{op})
	require.NoError(t, err)
	got := inspect(t, db)
	requireSameSchema(t, want, got, "after the op")
	requireNothingDetected(t, got, want, "after the op")
	requireRowCounts(t, db, got, before)

	rev, err := op.Reverse()
	require.NoError(t, err)
	if tc.name == "alter_column_type_using" {
		rev.(*ops.AlterColumn).Using = Quote(n.age) + "::integer"
	}
	_, err = runOps(ctx, db, got, []ops.Op{rev})
	require.NoError(t, err)
	end := inspect(t, db)
	requireSameSchema(t, start, end, "after the reverse op")
	requireNothingDetected(t, end, start, "after the reverse op")
	after := tableRows(t, db, end)
	if tc.lossy {
		for table := range before {
			if !tc.dropsRows || table != "."+n.posts {
				require.Equal(t, before[table].count, after[table].count, "rows of %s", table)
			}
		}
		return
	}
	require.Equal(t, before, after, "the rows after the round trip")
}

// requireNothingDetected runs autogenerate's comparison with PostgreSQL's
// hooks between the database (got) and the intended schema (want): it must
// find nothing, server defaults compared. As Alembic with its default
// settings on PostgreSQL, it compares the default schema's tables only
// (include_schemas=False), and no expression index (SQLAlchemy 1.4 does not
// reflect them, and PostgresqlImpl.correct_for_autogen_constraints skips
// the models' with a warning).
func requireNothingDetected(t *testing.T, got, want *schema.MetaData, msg string) {
	t.Helper()
	res, err := diff.Compare(alembicView(got), alembicView(want), diff.Options{Dialect: Autogen{}, CompareServerDefault: true})
	require.NoError(t, err)
	require.Empty(t, res.Detected, "%s: autogenerate detects changes", msg)
}

type tableContents struct {
	count int64
	hash  string
}

// tableRows reads each table's row count and a digest of its rows.
func tableRows(t *testing.T, db *DB, md *schema.MetaData) map[string]tableContents {
	t.Helper()
	out := map[string]tableContents{}
	for _, tb := range md.Tables {
		var c tableContents
		q := "SELECT count(*), coalesce(md5(string_agg(r::text, ',' ORDER BY r::text)), '') FROM " + Qualify(tb.Schema, tb.Name) + " r"
		require.NoError(t, db.QueryRow(context.Background(), q).Scan(&c.count, &c.hash))
		out[tb.Schema+"."+tb.Name] = c
	}
	return out
}

// requireRowCounts checks that the tables still there kept their rows.
func requireRowCounts(t *testing.T, db *DB, md *schema.MetaData, before map[string]tableContents) {
	t.Helper()
	now := tableRows(t, db, md)
	for table, c := range now {
		if b, ok := before[table]; ok {
			require.Equal(t, b.count, c.count, "rows of %s", table)
		}
	}
}

// alembicView is what Alembic's autogenerate compares of a schema on
// PostgreSQL by default: the default schema's tables, without expression
// indexes.
func alembicView(md *schema.MetaData) *schema.MetaData {
	out := &schema.MetaData{}
	for _, t := range md.Tables {
		if t.Schema != "" {
			continue
		}
		t = t.Clone()
		var kept []*schema.Index
		for _, ix := range t.Indexes {
			plain := true
			for _, c := range ix.Columns {
				plain = plain && t.Column(c) != nil
			}
			if plain {
				kept = append(kept, ix)
			}
		}
		t.Indexes = kept
		out.Tables = append(out.Tables, t)
	}
	return out
}
