package runner

import (
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/ops"
	"retort/engine/schema"
	"retort/engine/sqlite"
	"retort/engine/sqlite/sqlitetest"
)

func ty(name string, args ...int) schema.Type { return schema.Type{Name: name, Args: args} }

// opCases are the four-phase cases: every op kind, on the fixture's tables.
// start is the fixture's schema, for ops that carry a definition (as the
// scripts autogenerate writes do).
var opCases = []struct {
	name    string
	lossy   bool // the up ops drop values the down ops cannot bring back
	rebuild bool // the upgrade recreates a table
	up      func(n names, start *schema.MetaData) []ops.Op
}{
	{name: "create_table", up: func(n names, _ *schema.MetaData) []ops.Op {
		return []ops.Op{&ops.CreateTable{Table: &schema.Table{
			Name: "tags",
			Columns: []*schema.Column{
				{Name: n.id, Type: ty("Integer")},
				{Name: n.name, Type: ty("String", 30), Collation: "NOCASE"},
				{Name: n.userID, Type: ty("Integer"), Nullable: true},
				{Name: "weight", Type: ty("Numeric", 10, 2), Nullable: true, ServerDefault: "'0'"},
				{Name: "created", Type: ty("DateTime"), Nullable: true, ServerDefault: "(CURRENT_TIMESTAMP)"},
			},
			PrimaryKey:  &schema.PrimaryKey{Columns: []string{n.id}},
			Uniques:     []*schema.Unique{{Name: "uq_tags_name", Columns: []string{n.name}}},
			Checks:      []*schema.Check{{Name: "ck_weight", SQL: "weight >= 0"}, {SQL: "length(" + sqlite.Quote(n.name) + ") > 0"}},
			ForeignKeys: []*schema.ForeignKey{{Columns: []string{n.userID}, RefTable: n.users, RefColumns: []string{n.id}, OnDelete: "SET NULL"}},
		}}}
	}},
	{name: "drop_table", lossy: true, up: func(n names, start *schema.MetaData) []ops.Op {
		return []ops.Op{&ops.DropTable{Name: n.audit, Table: start.Table(n.audit).Clone()}}
	}},
	{name: "rename_table", up: func(n names, _ *schema.MetaData) []ops.Op {
		return []ops.Op{&ops.RenameTable{Old: n.audit, New: n.audit + "_old"}}
	}},
	{name: "add_column_nullable", up: func(n names, _ *schema.MetaData) []ops.Op {
		return []ops.Op{&ops.AddColumn{Table: n.users, Column: &schema.Column{Name: "age", Type: ty("Integer"), Nullable: true}}}
	}},
	{name: "add_column_not_null_constant_default", up: func(n names, _ *schema.MetaData) []ops.Op {
		return []ops.Op{&ops.AddColumn{Table: n.users, Column: &schema.Column{Name: "is_active", Type: ty("Boolean"), ServerDefault: "1"}}}
	}},
	{name: "add_column_expression_default", rebuild: true, up: func(n names, _ *schema.MetaData) []ops.Op {
		return []ops.Op{&ops.AddColumn{Table: n.users, Column: &schema.Column{Name: "created_at", Type: ty("DateTime"), Nullable: true, ServerDefault: "(CURRENT_TIMESTAMP)"}}}
	}},
	{name: "drop_column", lossy: true, up: func(n names, start *schema.MetaData) []ops.Op {
		return []ops.Op{&ops.DropColumn{Table: n.users, Name: n.bio, Column: start.Table(n.users).Column(n.bio).Clone()}}
	}},
	{name: "drop_column_named_by_a_view", rebuild: true, lossy: true, up: func(n names, start *schema.MetaData) []ops.Op {
		// SQLite refuses to drop a column a view names: a rebuild.
		return []ops.Op{&ops.DropColumn{Table: n.users, Name: n.name, Column: start.Table(n.users).Column(n.name).Clone()}}
	}},
	{name: "drop_indexed_column", lossy: true, up: func(n names, start *schema.MetaData) []ops.Op {
		return []ops.Op{
			&ops.DropIndex{Name: n.ixCity, Table: n.users, Index: start.Table(n.users).Index(n.ixCity).Clone()},
			&ops.DropColumn{Table: n.users, Name: n.city, Column: start.Table(n.users).Column(n.city).Clone()},
		}
	}},
	{name: "alter_column_not_null", rebuild: true, up: func(n names, _ *schema.MetaData) []ops.Op {
		return []ops.Op{&ops.AlterColumn{Table: n.users, Column: n.name, Nullable: ops.Ptr(false),
			ExistingNullable: ops.Ptr(true), ExistingType: ops.Ptr(ty("VARCHAR", 50))}}
	}},
	{name: "alter_column_type", rebuild: true, up: func(n names, _ *schema.MetaData) []ops.Op {
		return []ops.Op{&ops.AlterColumn{Table: n.users, Column: n.name, Type: ops.Ptr(ty("String", 100)),
			ExistingType: ops.Ptr(ty("VARCHAR", 50)), ExistingNullable: ops.Ptr(true)}}
	}},
	{name: "alter_column_server_default", rebuild: true, up: func(n names, _ *schema.MetaData) []ops.Op {
		return []ops.Op{&ops.AlterColumn{Table: n.users, Column: n.city, ServerDefault: ops.Ptr("'nowhere'"),
			ExistingServerDefault: ops.Ptr(""), ExistingType: ops.Ptr(ty("VARCHAR", 40))}}
	}},
	{name: "alter_column_rename", up: func(n names, _ *schema.MetaData) []ops.Op {
		return []ops.Op{&ops.AlterColumn{Table: n.users, Column: n.email, NewName: "mail"}}
	}},
	{name: "alter_column_rename_and_not_null", rebuild: true, up: func(n names, _ *schema.MetaData) []ops.Op {
		return []ops.Op{&ops.AlterColumn{Table: n.posts, Column: n.userID, NewName: "author_id", Nullable: ops.Ptr(false), ExistingNullable: ops.Ptr(true)}}
	}},
	{name: "create_index", up: func(n names, _ *schema.MetaData) []ops.Op {
		return []ops.Op{
			&ops.CreateIndex{Index: &schema.Index{Name: "ix_name_email", Table: n.users, Columns: []string{n.name, n.email}}},
			&ops.CreateIndex{Index: &schema.Index{Name: "uq_ix_email", Table: n.users, Columns: []string{n.email}, Unique: true, Where: sqlite.Quote(n.email) + " IS NOT NULL"}},
			&ops.CreateIndex{Index: &schema.Index{Name: "ix_lower_name", Table: n.users, Columns: []string{"lower(" + sqlite.Quote(n.name) + ")"}}},
		}
	}},
	{name: "drop_index", up: func(n names, start *schema.MetaData) []ops.Op {
		return []ops.Op{&ops.DropIndex{Name: n.ixCity, Table: n.users, Index: start.Table(n.users).Index(n.ixCity).Clone()}}
	}},
	{name: "create_unique_constraint", rebuild: true, up: func(n names, _ *schema.MetaData) []ops.Op {
		return []ops.Op{&ops.CreateUnique{Table: n.users, Unique: &schema.Unique{Name: "uq_users_email", Columns: []string{n.email}}}}
	}},
	{name: "create_unnamed_unique_constraint", rebuild: true, up: func(n names, _ *schema.MetaData) []ops.Op {
		return []ops.Op{&ops.CreateUnique{Table: n.users, Unique: &schema.Unique{Columns: []string{n.email}}}}
	}},
	{name: "create_check_constraint", rebuild: true, up: func(n names, _ *schema.MetaData) []ops.Op {
		return []ops.Op{&ops.CreateCheck{Table: n.users, Check: &schema.Check{Name: "ck_name", SQL: "length(" + sqlite.Quote(n.name) + ") < 40"}}}
	}},
	{name: "create_foreign_key", rebuild: true, up: func(n names, _ *schema.MetaData) []ops.Op {
		return []ops.Op{&ops.CreateForeignKey{Table: n.audit, ForeignKey: &schema.ForeignKey{
			Name: "fk_audit_user", Columns: []string{n.id}, RefTable: n.users, RefColumns: []string{n.id}, OnDelete: "CASCADE"}}}
	}},
	{name: "create_unnamed_foreign_key", rebuild: true, up: func(n names, _ *schema.MetaData) []ops.Op {
		return []ops.Op{&ops.CreateForeignKey{Table: n.audit, ForeignKey: &schema.ForeignKey{
			Columns: []string{n.id}, RefTable: n.users, RefColumns: []string{n.id}}}}
	}},
	{name: "drop_unnamed_foreign_key", rebuild: true, up: func(n names, start *schema.MetaData) []ops.Op {
		return []ops.Op{&ops.DropConstraint{Table: n.posts, Kind: ops.KindForeignKey, ForeignKey: start.Table(n.posts).ForeignKeys[0].Clone()}}
	}},
	{name: "batch", rebuild: true, lossy: true, up: func(n names, start *schema.MetaData) []ops.Op {
		return []ops.Op{&ops.Batch{Table: n.users, Ops: []ops.Op{
			&ops.AddColumn{Table: n.users, Column: &schema.Column{Name: "age", Type: ty("Integer"), Nullable: true}},
			&ops.AlterColumn{Table: n.users, Column: n.name, Nullable: ops.Ptr(false), ExistingNullable: ops.Ptr(true)},
			&ops.DropIndex{Name: n.ixCity, Table: n.users, Index: start.Table(n.users).Index(n.ixCity).Clone()},
			&ops.CreateIndex{Index: &schema.Index{Name: "ix_name_email", Table: n.users, Columns: []string{n.name, n.email}}},
			&ops.CreateUnique{Table: n.users, Unique: &schema.Unique{Name: "uq_email", Columns: []string{n.email}}},
			&ops.DropColumn{Table: n.users, Name: n.bio, Column: start.Table(n.users).Column(n.bio).Clone()},
		}}}
	}},
	{name: "batch_recreate_always", rebuild: true, lossy: true, up: func(n names, start *schema.MetaData) []ops.Op {
		return []ops.Op{&ops.Batch{Table: n.users, Recreate: "always", Ops: []ops.Op{
			&ops.DropColumn{Table: n.users, Name: n.bio, Column: start.Table(n.users).Column(n.bio).Clone()},
		}}}
	}},
}

func TestOpsFourPhase(t *testing.T) {
	for _, fx := range []struct {
		name string
		n    names
	}{{"plain", plainNames}, {"weird", weirdNames}} {
		for _, tc := range opCases {
			t.Run(fx.name+"/"+tc.name, func(t *testing.T) {
				db := fixture(t, fx.n)
				start := sqlitetest.Inspect(t, db)
				upSQL := fourPhase(t, db, tc.up(fx.n, start), tc.lossy)
				require.Equal(t, tc.rebuild, rebuilds(upSQL), "rebuild in %q", upSQL)
			})
		}
	}
}

func TestUnnamedCheckDropAndRestore(t *testing.T) {
	db := sqlitetest.Open(t)
	sqlitetest.Exec(t, db,
		`CREATE TABLE t (id INTEGER NOT NULL, n INTEGER CHECK (n > 0), m INTEGER, CONSTRAINT ck_m CHECK (m < 10), PRIMARY KEY (id))`,
		`INSERT INTO t VALUES (1, 1, 1), (2, 5, 9)`)
	start := sqlitetest.Inspect(t, db)
	require.Len(t, start.Table("t").Checks, 2)
	fourPhase(t, db, []ops.Op{&ops.DropConstraint{Table: "t", Kind: ops.KindCheck, Check: &schema.Check{SQL: "n > 0"}}}, false)
	fourPhase(t, db, []ops.Op{&ops.DropConstraint{Name: "ck_m", Table: "t", Kind: ops.KindCheck, Check: &schema.Check{Name: "ck_m", SQL: "m < 10"}}}, false)
}

// op.execute and op.bulk_insert have no reverse: each goes up with its own
// down, and the schema is read back after raw SQL.
func TestExecuteAndBulkInsert(t *testing.T) {
	for _, n := range []names{plainNames, weirdNames} {
		t.Run(n.users, func(t *testing.T) {
			ctx := t.Context()
			db := fixture(t, n)
			start := sqlitetest.Inspect(t, db)
			before := sqlitetest.Dump(t, db)
			q := sqlite.Quote
			up := []ops.Op{
				&ops.BulkInsert{Table: n.audit, Columns: []string{n.id, n.message}, Rows: []map[string]any{
					{n.id: int64(10), n.message: "it's"}, {n.id: int64(11), n.message: "line\nbreak"}}},
				// DDL in raw SQL, then an op that rebuilds the table it made:
				// the rebuild works from the table read back.
				&ops.Execute{SQL: "CREATE TABLE " + q("raw "+n.users) + " (" + q(n.id) + " INTEGER, " + q(n.name) + " TEXT); INSERT INTO " + q("raw "+n.users) + " VALUES (1, 'x')"},
				&ops.AlterColumn{Table: "raw " + n.users, Column: n.name, Nullable: ops.Ptr(false)},
			}
			require.NoError(t, Run(ctx, db, []Step{{Label: "up", Ops: up}}, Hooks{}))
			got := sqlitetest.Inspect(t, db)
			raw := got.Table("raw " + n.users)
			require.NotNil(t, raw)
			require.False(t, raw.Column(n.name).Nullable)
			require.Equal(t, []string{`1|1|"x"`}, sqlitetest.Rows(t, db, "raw "+n.users))
			require.Len(t, sqlitetest.Rows(t, db, n.audit), 4)

			down := []ops.Op{
				&ops.Execute{SQL: "DROP TABLE " + q("raw "+n.users)},
				&ops.Execute{SQL: "DELETE FROM " + q(n.audit) + " WHERE " + q(n.id) + " >= 10"},
			}
			require.NoError(t, Run(ctx, db, []Step{{Label: "down", Ops: down}}, Hooks{}))
			sqlitetest.RequireSameSchema(t, start, sqlitetest.Inspect(t, db))
			require.Equal(t, before, sqlitetest.Dump(t, db))
		})
	}
}
