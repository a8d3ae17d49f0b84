//go:build !js

package postgres

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/ops"
	"retort/engine/postgres/pgtest"
	"retort/engine/schema"
)

// Open takes a sqlalchemy.url: the database pgtest made, named the way
// alembic.ini names it.
func TestOpenSQLAlchemyURL(t *testing.T) {
	ctx := context.Background()
	u := pgtest.URL(t)
	db, err := Open(ctx, u)
	require.NoError(t, err, u)
	defer db.Close()
	var one int
	require.NoError(t, db.QueryRow(ctx, "SELECT 1").Scan(&one))
	require.Equal(t, 1, one)

	_, err = Open(ctx, "sqlite:///x.db")
	require.ErrorIs(t, err, ErrNotPostgres)
	_, err = Open(ctx, u+"&bogus=1")
	require.ErrorContains(t, err, `unknown or unsupported connection parameter "bogus"`)
	// A wrong password's message names the URL without it.
	_, err = Open(ctx, "postgresql://nobody:s3cret@127.0.0.1:1/db?connect_timeout=1")
	require.Error(t, err)
	require.NotContains(t, err.Error(), "s3cret")
}

// PostgreSQL's DDL is transactional: a step that fails part way leaves
// nothing of what it did, rows and alembic_version included.
func TestTransactionalDDL(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	md, err := runOps(ctx, db, &schema.MetaData{}, []ops.Op{&ops.CreateTable{Table: &schema.Table{
		Name: "users", Columns: []*schema.Column{col("id", ty("Integer"), false), col("email", ty("String", 50), true)}, PrimaryKey: pk("", "id"),
	}}})
	require.NoError(t, err)
	execSQL(t, db, CreateVersionTableSQL(""))
	execSQL(t, db, InsertVersionSQL("", "a1"))
	execSQL(t, db, `INSERT INTO users (email) VALUES ('a@example.org'), (NULL)`)
	start := inspect(t, db)
	before := tableRows(t, db, start)

	changes, _, err := PlanAll(md, []ops.Op{
		&ops.AddColumn{Table: "users", Column: col("age", ty("Integer"), true)},
		&ops.CreateIndex{Index: &schema.Index{Name: "ix_users_email", Table: "users", Columns: []string{"email"}}},
		&ops.CreateTable{Table: &schema.Table{Name: "posts", Columns: []*schema.Column{col("id", ty("Integer"), false)}, PrimaryKey: pk("", "id")}},
		&ops.BulkInsert{Table: "users", Columns: []string{"email"}, Rows: []map[string]any{{"email": "b@example.org"}}},
		&ops.AlterColumn{Table: "users", Column: "email", Nullable: ops.Ptr(false)}, // fails: a row holds NULL
	})
	require.NoError(t, err)
	changes = append(changes, Change{What: "alembic_version", Statements: []string{UpdateVersionSQL("", "a1", "a2")}})
	err = runChanges(ctx, db, changes)
	require.Error(t, err)
	require.True(t, IsNotNullError(err), "%v", err)
	require.Contains(t, err.Error(), `alter column "email" of "users"`)
	require.False(t, db.InTransaction())

	requireSameSchema(t, start, inspect(t, db), "after the failed step")
	require.Equal(t, before, tableRows(t, db, start))
	var v string
	require.NoError(t, db.QueryRow(ctx, SelectVersionsSQL("")).Scan(&v))
	require.Equal(t, "a1", v)
}

// Autogen.SameDefault decides without a server what Alembic asks the server
// (PostgresqlImpl.compare_server_default: SELECT <database's default> =
// <model's default>): for each pair, the column is created with the model's
// default, read back, and both verdicts must agree.
func TestSameDefaultAgreesWithServer(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	cases := []struct {
		typ          string
		model, other string // other: a model default to compare with what model reads back as
	}{
		{"varchar(20)", "'x'", "'x'"},
		{"varchar(20)", "'x'", "'y'"},
		{"text", "'it''s'", "'it''s'"},
		{"integer", "5", "'5'"},
		{"integer", "'5'", "5"},
		{"integer", "5", "6"},
		{"numeric(10,2)", "'0'", "0"},
		{"numeric(10,2)", "0", "0.0"},
		{"bigint", "0", "0"},
		{"boolean", "false", "false"},
		{"boolean", "true", "'t'"},
		{"boolean", "false", "true"},
		{"timestamp with time zone", "now()", "CURRENT_TIMESTAMP"},
		{"timestamp with time zone", "CURRENT_TIMESTAMP", "now()"},
		{"date", "'2020-01-01'", "'2020-01-01'"},
		{"date", "'2020-01-01'", "'2021-01-01'"},
		{"text", "lower('X')", "lower('X')"},
		{"text", "'a' || 'b'", "'a' || 'b'"},
		{"integer", "-1", "-1"},
	}
	for i, tc := range cases {
		table := Quote("t" + string(rune('a'+i)))
		execSQL(t, db, "CREATE TABLE "+table+" (c "+tc.typ+" DEFAULT "+tc.model+")")
	}
	md := inspect(t, db)
	for i, tc := range cases {
		name := "t" + string(rune('a'+i))
		dc := md.Table(name).Column("c")
		var server bool
		require.NoError(t, db.QueryRow(ctx, "SELECT "+dc.ServerDefault+" = "+tc.other).Scan(&server), "%s = %s", dc.ServerDefault, tc.other)
		mc := &schema.Column{Name: "c", Type: dc.Type, ServerDefault: tc.other}
		require.Equal(t, server, Autogen{}.SameDefault(nil, dc, mc), "%s %s read back as %q vs %s: the server says %v", tc.typ, tc.model, dc.ServerDefault, tc.other, server)
	}
}

// alembic_version's statements, in the default schema and in another one
// (version_table_schema).
func TestVersionTable(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	execSQL(t, db, `CREATE SCHEMA "Meta"`)
	for _, sch := range []string{"", "Meta"} {
		has := func() bool {
			var ok bool
			require.NoError(t, db.QueryRow(ctx, HasVersionTableSQL(sch)).Scan(&ok))
			return ok
		}
		versions := func() []string {
			rows, err := db.Query(ctx, SelectVersionsSQL(sch))
			require.NoError(t, err)
			defer rows.Close()
			var out []string
			for rows.Next() {
				var v string
				require.NoError(t, rows.Scan(&v))
				out = append(out, v)
			}
			require.NoError(t, rows.Err())
			return out
		}
		require.False(t, has())
		execSQL(t, db, CreateVersionTableSQL(sch))
		require.True(t, has())
		execSQL(t, db, InsertVersionSQL(sch, "a1"))
		execSQL(t, db, InsertVersionSQL(sch, "b1"))
		execSQL(t, db, UpdateVersionSQL(sch, "a1", "a2"))
		require.ElementsMatch(t, []string{"a2", "b1"}, versions())
		execSQL(t, db, DeleteVersionSQL(sch, "b1"))
		require.Equal(t, []string{"a2"}, versions())
		execSQL(t, db, PurgeVersionsSQL(sch))
		require.Empty(t, versions())
		md := inspect(t, db)
		requireSameSchema(t, &schema.MetaData{Tables: []*schema.Table{VersionTable(sch)}}, &schema.MetaData{Tables: []*schema.Table{md.TableIn(sch, VersionTableName)}})
		execSQL(t, db, DropVersionTableSQL(sch))
		require.False(t, has())
	}
}

// An enum type outlives the table that created it (drop_table drops no
// type, as in Alembic); creating the table again does not create the type
// again, which the schema read back holds.
func TestEnumTypeOutlivesItsTable(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	table := &schema.Table{Name: "people", Columns: []*schema.Column{col("id", ty("Integer"), false), col("mood", enumTy("mood", "happy", "sad"), true)},
		PrimaryKey: pk("", "id")}
	create := &ops.CreateTable{Table: table}
	changes, _, err := PlanAll(nil, []ops.Op{create})
	require.NoError(t, err)
	require.Equal(t, `CREATE TYPE mood AS ENUM ('happy', 'sad')`, changes[0].Statements[0])
	require.NoError(t, runChanges(ctx, db, changes))
	_, err = runOps(ctx, db, inspect(t, db), []ops.Op{&ops.DropTable{Name: "people"}})
	require.NoError(t, err)
	md := inspect(t, db)
	require.Equal(t, []*schema.Enum{{Name: "mood", Values: []string{"happy", "sad"}}}, md.Enums)

	changes, _, err = PlanAll(md, []ops.Op{create})
	require.NoError(t, err)
	require.Len(t, changes[0].Statements, 1, "no CREATE TYPE: %q", changes[0].Statements)
	require.NoError(t, runChanges(ctx, db, changes))
}
