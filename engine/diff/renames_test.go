package diff_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/diff"
	"retort/engine/schema"
	"retort/engine/sqlite"
)

func TestRenameCandidates(t *testing.T) {
	for _, tc := range []struct {
		name   string
		db     *schema.MetaData
		models *schema.MetaData
		want   []diff.Rename
	}{{
		name:   "column of the same type and nullability",
		db:     md(users(null("bio", ty("TEXT")))),
		models: md(tbl("users", col("id", integer), null("full_name", str50), null("about", ty("Text")))),
		want: []diff.Rename{
			{Table: "users", From: "name", To: "full_name", Type: "VARCHAR(50)"},
			{Table: "users", From: "bio", To: "about", Type: "TEXT"},
		},
	}, {
		name:   "every pair that fits",
		db:     md(users(null("a", INTEGER))),
		models: md(usersModel(null("b", integer), null("c", integer), null("d", ty("Text")))),
		want: []diff.Rename{
			{Table: "users", From: "a", To: "b", Type: "INTEGER"},
			{Table: "users", From: "a", To: "c", Type: "INTEGER"},
		},
	}, {
		name:   "another type or nullability is no candidate",
		db:     md(users(null("a", INTEGER), col("b", INTEGER))),
		models: md(usersModel(null("x", ty("String")), col("y", ty("Text")), null("z", ty("BigInteger")))),
		want:   nil,
	}, {
		name:   "table with the same columns",
		db:     md(tbl("audit_log", col("id", INTEGER), col("message", ty("TEXT"))), tbl("other", col("id", INTEGER))),
		models: md(tbl("audit_entries", col("id", integer), col("message", ty("Text"))), tbl("notes", col("id", integer), col("x", integer))),
		want:   []diff.Rename{{From: "audit_log", To: "audit_entries"}},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := diff.Compare(tc.db, tc.models, diff.Options{Dialect: sqlite.Autogen{}})
			require.NoError(t, err)
			require.Equal(t, tc.want, res.RenameCandidates)
		})
	}
}

func TestRenameQuestion(t *testing.T) {
	require.Equal(t, "Was users.name renamed to users.full_name (a VARCHAR)? [y/N]",
		diff.Rename{Table: "users", From: "name", To: "full_name", Type: "VARCHAR(50)"}.Question())
	require.Equal(t, "Was users.n renamed to users.m (an INTEGER)? [y/N]",
		diff.Rename{Table: "users", From: "n", To: "m", Type: "INTEGER"}.Question())
	require.Equal(t, "Was the table audit_log renamed to audit_entries? [y/N]",
		diff.Rename{From: "audit_log", To: "audit_entries"}.Question())
	require.Equal(t, "users.name", diff.Rename{Table: "users", From: "name", To: "full_name"}.Key())
	require.Equal(t, "audit_log", diff.Rename{From: "audit_log", To: "audit_entries"}.Key())
}

func TestRenames(t *testing.T) {
	runCases(t, []compareCase{{
		name:     "unconfirmed: drop and add, as Alembic",
		db:       md(users()),
		models:   md(tbl("users", col("id", integer), null("full_name", str50))),
		detected: []string{"Detected added column 'users.full_name'", "Detected removed column 'users.name'"},
		upgrade:  []string{"op.add_column('users', sa.Column('full_name', sa.String(length=50), nullable=True))", "op.drop_column('users', 'name')"},
	}, {
		name: "confirmed column rename, with the index over it",
		db: md(
			with(users(null("email", vc50)), index("ix_users_name", false, "name")),
			with(tbl("posts", col("id", INTEGER), null("author", vc50)), fk("author", "users", "name", "")),
		),
		models: md(
			with(tbl("users", col("id", integer), null("full_name", str50), null("email", str50)), index("ix_users_name", false, "full_name")),
			with(tbl("posts", col("id", integer), null("author", str50)), fk("author", "users", "full_name", "")),
		),
		opts:     diff.Options{Dialect: sqlite.Autogen{}, Renames: map[string]string{"users.name": "full_name"}},
		detected: []string{"Detected renamed column 'users.name' to 'users.full_name'"},
		upgrade: []string{"op.alter_column('users', 'name',\n" +
			"               existing_type=sa.VARCHAR(length=50),\n" +
			"               new_column_name='full_name',\n" +
			"               existing_nullable=True)"},
		downgrade: []string{"op.alter_column('users', 'full_name',\n" +
			"               existing_type=sa.VARCHAR(length=50),\n" +
			"               new_column_name='name',\n" +
			"               existing_nullable=True)"},
	}, {
		name:     "confirmed rename that also changes the column",
		db:       md(users()),
		models:   md(tbl("users", col("id", integer), col("full_name", ty("String", 80)))),
		opts:     diff.Options{Dialect: sqlite.Autogen{}, Renames: map[string]string{"users.name": "users.full_name"}},
		detected: []string{"Detected renamed column 'users.name' to 'users.full_name'", "Detected NOT NULL on column 'users.full_name'", "Detected type change from VARCHAR(length=50) to String(length=80) on 'users.full_name'"},
		upgrade: []string{"op.alter_column('users', 'name',\n" +
			"               existing_type=sa.VARCHAR(length=50),\n" +
			"               new_column_name='full_name',\n" +
			"               type_=sa.String(length=80),\n" +
			"               nullable=False)"},
	}, {
		name: "confirmed table rename: foreign keys to it follow",
		db: md(
			tbl("audit_log", col("id", INTEGER), col("message", ty("TEXT"))),
			with(tbl("notes", col("id", INTEGER), null("log_id", INTEGER)), fk("log_id", "audit_log", "id", "")),
		),
		models: md(
			with(tbl("audit_entries", col("id", integer), col("message", ty("Text")), null("extra", integer)), index("ix_audit_entries_extra", false, "extra")),
			with(tbl("notes", col("id", integer), null("log_id", integer)), fk("log_id", "audit_entries", "id", "")),
		),
		opts: diff.Options{Dialect: sqlite.Autogen{}, Renames: map[string]string{"audit_log": "audit_entries"}},
		detected: []string{
			"Detected renamed table 'audit_log' to 'audit_entries'",
			"Detected added column 'audit_entries.extra'",
			"Detected added index 'ix_audit_entries_extra' on '('extra',)'",
		},
		upgrade: []string{
			"op.rename_table('audit_log', 'audit_entries')",
			"op.add_column('audit_entries', sa.Column('extra', sa.Integer(), nullable=True))",
			"op.create_index('ix_audit_entries_extra', 'audit_entries', ['extra'], unique=False)",
		},
		downgrade: []string{
			"op.drop_index('ix_audit_entries_extra', table_name='audit_entries')",
			"op.drop_column('audit_entries', 'extra')",
			"op.rename_table('audit_entries', 'audit_log')",
		},
	}})
}

// A confirmed rename's ops, applied, leave nothing to compare.
func TestRenameRoundTrip(t *testing.T) {
	db := md(with(users(null("email", vc50)), index("ix_users_name", false, "name")), tbl("audit_log", col("id", INTEGER)))
	models := md(with(tbl("users", col("id", integer), null("full_name", str50), null("email", str50)), index("ix_users_name", false, "full_name")), tbl("log", col("id", integer)))
	res, err := diff.Compare(db, models, diff.Options{Dialect: sqlite.Autogen{}, Renames: map[string]string{"users.name": "full_name", "audit_log": "log"}})
	require.NoError(t, err)
	require.Empty(t, res.RenameCandidates)
	roundTrip(t, db, models, res, diff.Options{Dialect: sqlite.Autogen{}})
}

func TestBadRenames(t *testing.T) {
	db := md(users(), tbl("audit_log", col("id", INTEGER)))
	models := md(tbl("users", col("id", integer), null("full_name", str50)), tbl("log", col("id", integer)))
	for _, renames := range []map[string]string{
		{"users.nme": "full_name"},
		{"users.name": "fullname"},
		{"users.id": "full_name"},
		{"people.name": "full_name"},
		{"audit": "log"},
		{"audit_log": "users"},
	} {
		t.Run(fmt.Sprint(renames), func(t *testing.T) {
			_, err := diff.Compare(db, models, diff.Options{Dialect: sqlite.Autogen{}, Renames: renames})
			require.Error(t, err)
			require.True(t, errors.Is(err, diff.ErrRename), "%v", err)
		})
	}
}
