package diff_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/diff"
	"retort/engine/schema"
	"retort/engine/sqlite"
)

// Builders for short test schemas.

func md(tables ...*schema.Table) *schema.MetaData { return &schema.MetaData{Tables: tables} }

// tbl is a table; a column named "id" is its primary key.
func tbl(name string, cols ...*schema.Column) *schema.Table {
	t := &schema.Table{Name: name, Columns: cols}
	if t.Column("id") != nil {
		t.PrimaryKey = &schema.PrimaryKey{Columns: []string{"id"}}
	}
	return t
}

func col(name string, t schema.Type) *schema.Column { return &schema.Column{Name: name, Type: t} }

func null(name string, t schema.Type) *schema.Column {
	return &schema.Column{Name: name, Type: t, Nullable: true}
}

func withDefault(c *schema.Column, d string) *schema.Column { c.ServerDefault = d; return c }

func with(t *schema.Table, f func(*schema.Table)) *schema.Table { f(t); return t }

func index(name string, unique bool, cols ...string) func(*schema.Table) {
	return func(t *schema.Table) {
		t.Indexes = append(t.Indexes, &schema.Index{Name: name, Table: t.Name, Columns: cols, Unique: unique})
	}
}

func unique(name string, cols ...string) func(*schema.Table) {
	return func(t *schema.Table) { t.Uniques = append(t.Uniques, &schema.Unique{Name: name, Columns: cols}) }
}

func fk(cols, ref string, refCols string, ondelete string) func(*schema.Table) {
	return func(t *schema.Table) {
		f := &schema.ForeignKey{Columns: strings.Split(cols, ","), RefTable: ref, OnDelete: ondelete}
		if refCols != "" {
			f.RefColumns = strings.Split(refCols, ",")
		}
		t.ForeignKeys = append(t.ForeignKeys, f)
	}
}

func check(name, sql string) func(*schema.Table) {
	return func(t *schema.Table) { t.Checks = append(t.Checks, &schema.Check{Name: name, SQL: sql}) }
}

func all(fs ...func(*schema.Table)) func(*schema.Table) {
	return func(t *schema.Table) {
		for _, f := range fs {
			f(t)
		}
	}
}

var (
	integer = ty("Integer")
	INTEGER = ty("INTEGER")
	str50   = ty("String", 50)
	vc50    = ty("VARCHAR", 50)
)

// users is the database's users table of most cases.
func users(extra ...*schema.Column) *schema.Table {
	return tbl("users", append([]*schema.Column{col("id", INTEGER), null("name", vc50)}, extra...)...)
}

// usersModel is the same table as the models declare it.
func usersModel(extra ...*schema.Column) *schema.Table {
	return tbl("users", append([]*schema.Column{col("id", integer), null("name", str50)}, extra...)...)
}

type compareCase struct {
	name      string
	db        *schema.MetaData
	models    *schema.MetaData
	opts      diff.Options
	detected  []string
	upgrade   []string // renderLines of the upgrade
	downgrade []string // renderLines of the downgrade, when the case checks it
}

func runCases(t *testing.T, cases []compareCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before, beforeModels := tc.db.Clone(), tc.models.Clone()
			if tc.opts.Dialect == nil {
				tc.opts.Dialect = sqlite.Autogen{} // the cases are SQLite's
			}
			res, err := diff.Compare(tc.db, tc.models, tc.opts)
			require.NoError(t, err)
			require.Equal(t, before, tc.db, "Compare changed the database schema")
			require.Equal(t, beforeModels, tc.models, "Compare changed the models schema")
			require.Equal(t, tc.detected, res.Detected)
			require.Equal(t, tc.upgrade, renderLines(res.Upgrade))
			if tc.downgrade != nil {
				require.Equal(t, tc.downgrade, renderLines(res.Downgrade))
			}
			if !tc.opts.IgnoreTypes && !tc.opts.IgnoreChecks && tc.opts.Renames == nil {
				// Applying what it found gets rid of every difference.
				roundTrip(t, tc.db, tc.models, res, tc.opts)
			}
		})
	}
}

func TestNoChanges(t *testing.T) {
	// What the database reads back for what the models declare: uppercase
	// types, names SQLite keeps or drops, defaults as SQLite writes them.
	db := md(
		&schema.Table{Name: "alembic_version", Columns: []*schema.Column{col("version_num", ty("VARCHAR", 32))}},
		with(tbl("users",
			null("id", INTEGER), // INTEGER PRIMARY KEY without NOT NULL: the rowid
			col("name", ty("VARCHAR")),
			null("email", vc50),
			null("score", ty("DECIMAL", 10, 2)),
			null("n", ty("INT")),
			null("flag", ty("BOOLEAN")),
			null("status", ty("VARCHAR", 6)),
			withDefault(null("created", ty("DATETIME")), "CURRENT_TIMESTAMP"),
			withDefault(null("balance", ty("NUMERIC")), "0"),
			withDefault(null("label", ty("TEXT")), "'x'"),
			withDefault(null("born", ty("DATE")), "date('now')"),
		), all(
			unique("", "email"),
			unique("", "name", "email"),
			index("sqlite_autoindex_users_1", true, "email"),
			index("ix_users_name", false, "name"),
			check("", "score > 0"),
		)),
		with(tbl("posts", col("id", INTEGER), null("user_id", INTEGER)), fk("user_id", "users", "", "NO ACTION")),
	)
	models := md(
		with(tbl("users",
			col("id", integer),
			col("name", ty("String", 30)),
			null("email", str50),
			null("score", ty("Numeric", 10, 2)),
			null("n", integer),
			null("flag", ty("Boolean")),
			null("status", schema.Type{Name: "Enum", Enum: []string{"active", "banned"}, EnumName: "status"}),
			withDefault(null("created", ty("DateTime")), "(CURRENT_TIMESTAMP)"),
			withDefault(null("balance", ty("Numeric")), "'0'"),
			withDefault(null("label", ty("Text")), " ( 'x' ) "),
			withDefault(null("born", ty("Date")), "(DATE( 'now' ))"),
		), all(
			unique("uq_users_email", "email"),
			unique("", "email", "name"),
			index("ix_users_name", false, "name"),
		)),
		with(tbl("posts", col("id", integer), null("user_id", integer)), fk("user_id", "users", "id", "")),
	)
	for _, tc := range []struct {
		name       string
		db, models *schema.MetaData
	}{
		{"itself", db, db},
		{"models itself", models, models},
		{"reflected vs declared", db, models},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := diff.Compare(tc.db, tc.models, diff.Options{Dialect: sqlite.Autogen{}, CompareServerDefault: true})
			require.NoError(t, err)
			require.Empty(t, res.Detected)
			require.Empty(t, res.Upgrade)
			require.Empty(t, res.Downgrade)
			require.Empty(t, res.Log)
			lines, ok := diff.Equal(tc.db, tc.models, sqlite.Autogen{})
			require.True(t, ok, "%v", lines)
			require.Empty(t, lines)
		})
	}
	res, err := diff.Compare(nil, nil, diff.Options{Dialect: sqlite.Autogen{}})
	require.NoError(t, err)
	require.True(t, res.Empty())
}

func TestTables(t *testing.T) {
	runCases(t, []compareCase{{
		name:     "added table with an index",
		db:       md(),
		models:   md(with(tbl("tags", col("id", integer), null("name", str50)), index("ix_tags_name", false, "name"))),
		detected: []string{"Detected added table 'tags'", "Detected added index 'ix_tags_name' on '('name',)'"},
		upgrade: []string{
			"op.create_table('tags',\n    sa.Column('id', sa.Integer(), nullable=False),\n    sa.Column('name', sa.String(length=50), nullable=True),\n    sa.PrimaryKeyConstraint('id')\n    )",
			"op.create_index('ix_tags_name', 'tags', ['name'], unique=False)",
		},
		downgrade: []string{"op.drop_index('ix_tags_name', table_name='tags')", "op.drop_table('tags')"},
	}, {
		name:     "added table's unique constraints stay inline",
		db:       md(),
		models:   md(with(tbl("tags", col("id", integer), null("name", str50)), all(unique("", "name"), unique("uq_x", "id", "name")))),
		detected: []string{"Detected added table 'tags'"},
		upgrade: []string{
			"op.create_table('tags',\n    sa.Column('id', sa.Integer(), nullable=False),\n    sa.Column('name', sa.String(length=50), nullable=True),\n    sa.PrimaryKeyConstraint('id'),\n    sa.UniqueConstraint('id', 'name', name='uq_x'),\n    sa.UniqueConstraint('name')\n    )",
		},
	}, {
		name:     "removed table: its indexes first",
		db:       md(with(tbl("tags", col("id", INTEGER), null("name", vc50)), all(index("ix_tags_name", true, "name"), index("ix_a", false, "id"), unique("", "name")))),
		models:   md(),
		detected: []string{"Detected removed index 'ix_a' on 'tags'", "Detected removed index 'ix_tags_name' on 'tags'", "Detected removed table 'tags'"},
		upgrade: []string{
			"op.drop_index('ix_a', table_name='tags')",
			"op.drop_index('ix_tags_name', table_name='tags')",
			"op.drop_table('tags')",
		},
		downgrade: []string{
			"op.create_table('tags',\n    sa.Column('id', sa.INTEGER(), nullable=False),\n    sa.Column('name', sa.VARCHAR(length=50), nullable=True),\n    sa.PrimaryKeyConstraint('id'),\n    sa.UniqueConstraint('name')\n    )",
			"op.create_index('ix_tags_name', 'tags', ['name'], unique=True)",
			"op.create_index('ix_a', 'tags', ['id'], unique=False)",
		},
	}, {
		name: "added tables: by name, referred tables first",
		db:   md(),
		models: md(
			with(tbl("a_child", col("id", integer), null("p", integer)), fk("p", "z_parent", "id", "")),
			tbl("z_parent", col("id", integer)),
			with(tbl("m_mid", col("id", integer), null("s", integer)), fk("s", "m_mid", "id", "")), // self-reference
		),
		detected: []string{"Detected added table 'm_mid'", "Detected added table 'z_parent'", "Detected added table 'a_child'"},
		upgrade: []string{
			"op.create_table('m_mid',\n    sa.Column('id', sa.Integer(), nullable=False),\n    sa.Column('s', sa.Integer(), nullable=True),\n    sa.ForeignKeyConstraint(['s'], ['m_mid.id'], ),\n    sa.PrimaryKeyConstraint('id')\n    )",
			"op.create_table('z_parent',\n    sa.Column('id', sa.Integer(), nullable=False),\n    sa.PrimaryKeyConstraint('id')\n    )",
			"op.create_table('a_child',\n    sa.Column('id', sa.Integer(), nullable=False),\n    sa.Column('p', sa.Integer(), nullable=True),\n    sa.ForeignKeyConstraint(['p'], ['z_parent.id'], ),\n    sa.PrimaryKeyConstraint('id')\n    )",
		},
	}, {
		name: "removed tables: referring tables first",
		db: md(
			tbl("z_parent", col("id", INTEGER)),
			with(tbl("a_child", col("id", INTEGER), null("p", INTEGER)), fk("p", "z_parent", "id", "")),
			tbl("m_other", col("id", INTEGER)),
			tbl("alembic_version", col("version_num", ty("VARCHAR", 32))),
			tbl("sqlite_sequence", null("name", ty("")), null("seq", ty(""))),
		),
		models:   md(),
		detected: []string{"Detected removed table 'a_child'", "Detected removed table 'm_other'", "Detected removed table 'z_parent'"},
		upgrade:  []string{"op.drop_table('a_child')", "op.drop_table('m_other')", "op.drop_table('z_parent')"},
	}, {
		name: "existing tables in name order, case-insensitive names",
		db: md(
			tbl("Zeta", col("ID", INTEGER), null("A", INTEGER)),
			tbl("alpha", col("id", INTEGER)),
		),
		models: md(
			tbl("zeta", col("id", integer), null("a", integer), null("b", integer)),
			tbl("ALPHA", col("id", integer), null("c", integer)),
		),
		detected: []string{"Detected added column 'ALPHA.c'", "Detected added column 'zeta.b'"},
		upgrade: []string{
			"op.add_column('ALPHA', sa.Column('c', sa.Integer(), nullable=True))",
			"op.add_column('zeta', sa.Column('b', sa.Integer(), nullable=True))",
		},
	}})
}

func TestColumns(t *testing.T) {
	runCases(t, []compareCase{{
		name:   "added and removed columns: models order, database order",
		db:     md(users(null("z", INTEGER), null("b", INTEGER), null("a", INTEGER))),
		models: md(usersModel(null("y", integer), null("c", integer))),
		detected: []string{
			"Detected added column 'users.y'", "Detected added column 'users.c'",
			"Detected removed column 'users.z'", "Detected removed column 'users.b'", "Detected removed column 'users.a'",
		},
		upgrade: []string{
			"op.add_column('users', sa.Column('y', sa.Integer(), nullable=True))",
			"op.add_column('users', sa.Column('c', sa.Integer(), nullable=True))",
			"op.drop_column('users', 'z')", "op.drop_column('users', 'b')", "op.drop_column('users', 'a')",
		},
		downgrade: []string{
			"op.add_column('users', sa.Column('a', sa.INTEGER(), nullable=True))",
			"op.add_column('users', sa.Column('b', sa.INTEGER(), nullable=True))",
			"op.add_column('users', sa.Column('z', sa.INTEGER(), nullable=True))",
			"op.drop_column('users', 'c')", "op.drop_column('users', 'y')",
		},
	}, {
		name:      "NULL",
		db:        md(tbl("users", col("id", INTEGER), col("name", vc50))),
		models:    md(usersModel()),
		detected:  []string{"Detected NULL on column 'users.name'"},
		upgrade:   []string{"op.alter_column('users', 'name',\n               existing_type=sa.VARCHAR(length=50),\n               nullable=True)"},
		downgrade: []string{"op.alter_column('users', 'name',\n               existing_type=sa.VARCHAR(length=50),\n               nullable=False)"},
	}, {
		name:      "type change",
		db:        md(users(null("bio", ty("TEXT")))),
		models:    md(usersModel(null("bio", ty("String", 200)))),
		detected:  []string{"Detected type change from TEXT() to String(length=200) on 'users.bio'"},
		upgrade:   []string{"op.alter_column('users', 'bio',\n               existing_type=sa.TEXT(),\n               type_=sa.String(length=200),\n               existing_nullable=True)"},
		downgrade: []string{"op.alter_column('users', 'bio',\n               existing_type=sa.String(length=200),\n               type_=sa.TEXT(),\n               existing_nullable=True)"},
	}, {
		name:     "nullable before type: Alembic's comparator priorities",
		db:       md(users(null("n", ty("SMALLINT")))),
		models:   md(usersModel(col("n", ty("BigInteger")))),
		detected: []string{"Detected NOT NULL on column 'users.n'", "Detected type change from SMALLINT() to BigInteger() on 'users.n'"},
		upgrade:  []string{"op.alter_column('users', 'n',\n               existing_type=sa.SMALLINT(),\n               type_=sa.BigInteger(),\n               nullable=False)"},
	}, {
		name:     "compare_type off",
		db:       md(users(null("bio", ty("TEXT")))),
		models:   md(usersModel(null("bio", ty("String", 200)))),
		opts:     diff.Options{Dialect: sqlite.Autogen{}, IgnoreTypes: true},
		detected: nil,
		upgrade:  nil,
	}, {
		name:      "server default added",
		db:        md(users(null("bio", ty("TEXT")))),
		models:    md(usersModel(withDefault(null("bio", ty("Text")), "'none'"))),
		opts:      diff.Options{Dialect: sqlite.Autogen{}, CompareServerDefault: true},
		detected:  []string{"Detected server default on column 'users.bio'"},
		upgrade:   []string{"op.alter_column('users', 'bio',\n               existing_type=sa.TEXT(),\n               server_default='none',\n               existing_nullable=True)"},
		downgrade: []string{"op.alter_column('users', 'bio',\n               existing_type=sa.TEXT(),\n               server_default=None,\n               existing_nullable=True)"},
	}, {
		name:      "server default changed, with other changes",
		db:        md(users(withDefault(null("n", INTEGER), "0"))),
		models:    md(usersModel(withDefault(col("n", integer), "1"))),
		opts:      diff.Options{Dialect: sqlite.Autogen{}, CompareServerDefault: true},
		detected:  []string{"Detected NOT NULL on column 'users.n'", "Detected server default on column 'users.n'"},
		upgrade:   []string{"op.alter_column('users', 'n',\n               existing_type=sa.INTEGER(),\n               server_default=sa.text('1'),\n               nullable=False)"},
		downgrade: []string{"op.alter_column('users', 'n',\n               existing_type=sa.INTEGER(),\n               server_default=sa.text('0'),\n               nullable=True)"},
	}, {
		name:     "server defaults not compared by default, but carried",
		db:       md(users(withDefault(col("n", INTEGER), "0"))),
		models:   md(usersModel(withDefault(null("n", integer), "1"))),
		detected: []string{"Detected NULL on column 'users.n'"},
		upgrade:  []string{"op.alter_column('users', 'n',\n               existing_type=sa.INTEGER(),\n               nullable=True,\n               existing_server_default=sa.text('0'))"},
	}, {
		name:     "server default removed",
		db:       md(users(withDefault(null("n", INTEGER), "'7'"))),
		models:   md(usersModel(null("n", integer))),
		opts:     diff.Options{Dialect: sqlite.Autogen{}, CompareServerDefault: true},
		detected: []string{"Detected server default on column 'users.n'"},
		upgrade:  []string{"op.alter_column('users', 'n',\n               existing_type=sa.INTEGER(),\n               server_default=None,\n               existing_nullable=True)"},
	}})
}

func TestUntypedColumns(t *testing.T) {
	db := md(users(null("blob", ty(""))))
	models := md(usersModel(null("blob", ty("LargeBinary"))))
	res, err := diff.Compare(db, models, diff.Options{Dialect: sqlite.Autogen{}})
	require.NoError(t, err)
	require.Empty(t, res.Detected)
	// Alembic sets the type comparison up twice (its user hook, then the
	// dialect's), and says so each time.
	line := diff.Line{Level: diff.Info, Text: "Couldn't determine database type for column 'users.blob'"}
	require.Equal(t, []diff.Line{line, line}, res.Log)

	res, err = diff.Compare(models, db, diff.Options{Dialect: sqlite.Autogen{}})
	require.NoError(t, err)
	line.Text = "Column 'users.blob' has no type within the model; can't compare"
	require.Equal(t, []diff.Line{line, line}, res.Log)
}

func TestIndexesAndUniques(t *testing.T) {
	runCases(t, []compareCase{{
		name:      "index made unique",
		db:        md(with(users(), index("ix_users_name", false, "name"))),
		models:    md(with(usersModel(), index("ix_users_name", true, "name"))),
		detected:  []string{"Detected changed index 'ix_users_name' on 'users': unique=False to unique=True"},
		upgrade:   []string{"op.drop_index('ix_users_name', table_name='users')", "op.create_index('ix_users_name', 'users', ['name'], unique=True)"},
		downgrade: []string{"op.drop_index('ix_users_name', table_name='users')", "op.create_index('ix_users_name', 'users', ['name'], unique=False)"},
	}, {
		name:     "index columns changed",
		db:       md(with(users(null("email", vc50)), index("ix_users_name", false, "name"))),
		models:   md(with(usersModel(null("email", str50)), index("ix_users_name", false, "name", "email"))),
		detected: []string{"Detected changed index 'ix_users_name' on 'users': expression ('name',) to ('name', 'email')"},
		upgrade:  []string{"op.drop_index('ix_users_name', table_name='users')", "op.create_index('ix_users_name', 'users', ['name', 'email'], unique=False)"},
	}, {
		name:   "removed before added, each by name",
		db:     md(with(users(null("email", vc50)), all(index("ix_b", false, "name"), index("ix_a", false, "email"), unique("uq_c", "email")))),
		models: md(with(usersModel(null("email", str50)), all(index("ix_d", false, "name"), unique("uq_0", "name")))),
		detected: []string{
			"Detected removed index 'ix_a' on 'users'", "Detected removed index 'ix_b' on 'users'",
			"Detected removed unique constraint 'uq_c' on 'users'",
			"Detected added index 'ix_d' on '('name',)'", "Detected added unique constraint 'uq_0' on '('name',)'",
		},
		upgrade: []string{
			"op.drop_index('ix_a', table_name='users')", "op.drop_index('ix_b', table_name='users')",
			"op.drop_constraint('uq_c', 'users', type_='unique')",
			"op.create_index('ix_d', 'users', ['name'], unique=False)",
			"op.create_unique_constraint('uq_0', 'users', ['name'])",
		},
	}, {
		name:      "unnamed unique added (column unique=True)",
		db:        md(users(null("email", vc50))),
		models:    md(with(usersModel(null("email", str50)), unique("", "email"))),
		detected:  []string{"Detected added unique constraint None on '('email',)'"},
		upgrade:   []string{"op.create_unique_constraint(None, 'users', ['email'])"},
		downgrade: []string{"op.drop_constraint(None, 'users', type_='unique')"},
	}, {
		name:      "unnamed unique removed (Alembic cannot see it)",
		db:        md(with(users(null("email", vc50)), unique("", "email"))),
		models:    md(usersModel(null("email", str50))),
		detected:  []string{"Detected removed unique constraint None on 'users'"},
		upgrade:   []string{"op.drop_constraint(None, 'users', type_='unique')"},
		downgrade: []string{"op.create_unique_constraint(None, 'users', ['email'])"},
	}, {
		name:     "named unique changed columns",
		db:       md(with(users(null("email", vc50)), unique("uq_users_email", "email"))),
		models:   md(with(usersModel(null("email", str50)), unique("uq_users_email", "name", "email"))),
		detected: []string{"Detected changed unique constraint 'uq_users_email' on 'users': expression ('email',) to ('email', 'name')"},
		upgrade:  []string{"op.drop_constraint('uq_users_email', 'users', type_='unique')", "op.create_unique_constraint('uq_users_email', 'users', ['name', 'email'])"},
	}, {
		name:     "a named unique the database holds unnamed is no change; one more is",
		db:       md(with(users(null("email", vc50)), unique("", "email"))),
		models:   md(with(usersModel(null("email", str50)), all(unique("uq_users_email", "email"), unique("uq_users_name", "name")))),
		detected: []string{"Detected added unique constraint 'uq_users_name' on '('name',)'"},
		upgrade:  []string{"op.create_unique_constraint('uq_users_name', 'users', ['name'])"},
	}, {
		name:     "unique constraint turned into an index of the same name",
		db:       md(with(users(), unique("uq_name", "name"))),
		models:   md(with(usersModel(), index("uq_name", true, "name"))),
		detected: []string{"Detected removed unique constraint 'uq_name' on 'users'", "Detected added index 'uq_name' on '('name',)'"},
		upgrade:  []string{"op.drop_constraint('uq_name', 'users', type_='unique')", "op.create_index('uq_name', 'users', ['name'], unique=True)"},
	}})
}

func TestForeignKeysAndChecks(t *testing.T) {
	posts := func(f ...func(*schema.Table)) *schema.Table {
		return with(tbl("posts", col("id", INTEGER), null("user_id", INTEGER)), all(f...))
	}
	postsModel := func(f ...func(*schema.Table)) *schema.Table {
		return with(tbl("posts", col("id", integer), null("user_id", integer)), all(f...))
	}
	runCases(t, []compareCase{{
		name:      "foreign key removed",
		db:        md(users(), posts(fk("user_id", "users", "id", ""))),
		models:    md(usersModel(), postsModel()),
		detected:  []string{"Detected removed foreign key (user_id)(id) on table posts"},
		upgrade:   []string{"op.drop_constraint(None, 'posts', type_='foreignkey')"},
		downgrade: []string{"op.create_foreign_key(None, 'posts', 'users', ['user_id'], ['id'])"},
	}, {
		name:     "ON DELETE changed: removed, then added",
		db:       md(users(), posts(fk("user_id", "users", "id", "SET NULL"))),
		models:   md(usersModel(), postsModel(fk("user_id", "users", "id", "CASCADE"))),
		detected: []string{"Detected removed foreign key (user_id)(id) on table posts", "Detected added foreign key (user_id)(id) on table posts"},
		upgrade: []string{
			"op.drop_constraint(None, 'posts', type_='foreignkey')",
			"op.create_foreign_key(None, 'posts', 'users', ['user_id'], ['id'], ondelete='CASCADE')",
		},
	}, {
		name:     "named CHECK constraints by name; unnamed ones ignored; text not compared",
		db:       md(with(users(), all(check("ck_old", "id > 0"), check("ck_same", "id > 1"), check("", "id < 9")))),
		models:   md(with(usersModel(), all(check("ck_same", "id > 2"), check("ck_new", "name <> ''"), check("", "id < 10")))),
		detected: []string{"Detected removed check constraint 'ck_old' on table 'users'", "Detected added check constraint 'ck_new' on table 'users'"},
		upgrade: []string{
			"op.drop_constraint('ck_old', 'users', type_='check')",
			"op.create_check_constraint('ck_new', 'users', \"name <> ''\")",
		},
	}, {
		name:     "CHECK detection off",
		db:       md(with(users(), check("ck_old", "id > 0"))),
		models:   md(usersModel()),
		opts:     diff.Options{Dialect: sqlite.Autogen{}, IgnoreChecks: true},
		detected: nil,
		upgrade:  nil,
	}, {
		name:   "table-level order: indexes, foreign keys, checks, then dropped columns",
		db:     md(users(null("gone", INTEGER)), posts(index("ix_p", false, "user_id"))),
		models: md(usersModel(), postsModel(check("ck_p", "id > 0"), fk("user_id", "users", "id", ""))),
		detected: []string{
			"Detected removed index 'ix_p' on 'posts'",
			"Detected added foreign key (user_id)(id) on table posts",
			"Detected added check constraint 'ck_p' on table 'posts'",
			"Detected removed column 'users.gone'",
		},
		upgrade: []string{
			"op.drop_index('ix_p', table_name='posts')",
			"op.create_foreign_key(None, 'posts', 'users', ['user_id'], ['id'])",
			"op.create_check_constraint('ck_p', 'posts', 'id > 0')",
			"op.drop_column('users', 'gone')",
		},
	}})
}

func TestBatch(t *testing.T) {
	db := md(users(null("bio", ty("TEXT"))))
	models := md(with(usersModel(), index("ix_users_name", false, "name")), with(tbl("tags", col("id", integer)), index("ix_tags_id", false, "id")))
	res, err := diff.Compare(db, models, diff.Options{Dialect: sqlite.Autogen{}, Batch: true})
	require.NoError(t, err)
	require.Equal(t, "    op.create_table('tags',\n    sa.Column('id', sa.Integer(), nullable=False),\n    sa.PrimaryKeyConstraint('id')\n    )\n"+
		"    with op.batch_alter_table('tags', schema=None) as batch_op:\n        batch_op.create_index('ix_tags_id', ['id'], unique=False)\n\n"+
		"    with op.batch_alter_table('users', schema=None) as batch_op:\n        batch_op.create_index('ix_users_name', ['name'], unique=False)\n        batch_op.drop_column('bio')\n\n",
		render(res.Upgrade))
	require.Equal(t, "    with op.batch_alter_table('users', schema=None) as batch_op:\n        batch_op.add_column(sa.Column('bio', sa.TEXT(), nullable=True))\n        batch_op.drop_index('ix_users_name')\n\n"+
		"    with op.batch_alter_table('tags', schema=None) as batch_op:\n        batch_op.drop_index('ix_tags_id')\n\n"+
		"    op.drop_table('tags')\n",
		render(res.Downgrade))
	roundTrip(t, db, models, res, diff.Options{Dialect: sqlite.Autogen{}})
}

// Go's map order is random: the same comparison must come out the same.
func TestDeterministic(t *testing.T) {
	first, err := diff.Compare(galleryDB(), galleryModels(), diff.Options{Dialect: sqlite.Autogen{}, CompareServerDefault: true})
	require.NoError(t, err)
	for range 30 {
		res, err := diff.Compare(galleryDB(), galleryModels(), diff.Options{Dialect: sqlite.Autogen{}, CompareServerDefault: true})
		require.NoError(t, err)
		require.Equal(t, first, res)
	}
}

func TestEqual(t *testing.T) {
	lines, ok := diff.Equal(galleryDB(), galleryDB(), sqlite.Autogen{})
	require.True(t, ok)
	require.Empty(t, lines)
	lines, ok = diff.Equal(md(users()), md(usersModel(null("age", integer))), sqlite.Autogen{})
	require.False(t, ok)
	require.Equal(t, []string{"Detected added column 'users.age'"}, lines)
	// Equal compares server defaults.
	lines, ok = diff.Equal(md(users(withDefault(null("n", INTEGER), "1"))), md(usersModel(withDefault(null("n", integer), "2"))), sqlite.Autogen{})
	require.False(t, ok)
	require.Equal(t, []string{"Detected server default on column 'users.n'"}, lines)
}

func TestTypeRepr(t *testing.T) {
	for _, tc := range []struct {
		t    schema.Type
		want string
	}{
		{ty("String"), "String()"},
		{ty("String", 100), "String(length=100)"},
		{ty("VARCHAR", 50), "VARCHAR(length=50)"},
		{ty("INTEGER"), "INTEGER()"},
		{ty("INT"), "INTEGER()"},
		{ty("Numeric", 10, 2), "Numeric(precision=10, scale=2)"},
		{ty("NUMERIC", 10), "NUMERIC(precision=10)"},
		{ty("Float", 53), "Float(precision=53)"},
		{schema.Type{Name: "DateTime", Timezone: true}, "DateTime(timezone=True)"},
		{schema.Type{Name: "Enum", Enum: []string{"a", "it's"}, EnumName: "e"}, `Enum('a', "it's", name='e')`},
		{ty("CHAR", 32), "CHAR(length=32)"},
		{ty(""), "NullType()"},
	} {
		require.Equal(t, tc.want, diff.TypeRepr(tc.t))
	}
}

// A server default compares the same both ways and equal to itself, whatever
// its text.
func FuzzServerDefault(f *testing.F) {
	for _, s := range []string{"", "0", "'0'", "(CURRENT_TIMESTAMP)", "CURRENT_TIMESTAMP", "((1))", "'it''s'", "(datetime('now'))", "1.0", "TRUE", "(", "')", "[x]", "-5"} {
		f.Add(s, "'0'")
	}
	changed := func(a, b string) bool {
		res, err := diff.Compare(md(users(withDefault(null("n", INTEGER), a))), md(usersModel(withDefault(null("n", integer), b))), diff.Options{Dialect: sqlite.Autogen{}, CompareServerDefault: true})
		if err != nil {
			panic(err)
		}
		return !res.Empty()
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		require.False(t, changed(a, a), "%q vs itself", a)
		require.Equal(t, changed(a, b), changed(b, a), "%q vs %q", a, b)
	})
}

func TestServerDefaultNormalization(t *testing.T) {
	for _, tc := range []struct {
		db, model string
		same      bool
	}{
		{"CURRENT_TIMESTAMP", "(CURRENT_TIMESTAMP)", true},
		{"current_timestamp", "(CURRENT_TIMESTAMP)", true},
		{"0", "'0'", true},
		{"'0'", "0.0", true},
		{"1", "TRUE", true},
		{"(datetime('now'))", "datetime( 'now' )", true},
		{"'x'", "'X'", false},
		{"'a b'", "'ab'", false},
		{"0", "1", false},
		{"", "''", false},
		{"", "0", false},
		{"'it''s'", "'it''s'", true},
	} {
		t.Run(fmt.Sprintf("%s|%s", tc.db, tc.model), func(t *testing.T) {
			res, err := diff.Compare(md(users(withDefault(null("n", INTEGER), tc.db))), md(usersModel(withDefault(null("n", integer), tc.model))), diff.Options{Dialect: sqlite.Autogen{}, CompareServerDefault: true})
			require.NoError(t, err)
			require.Equal(t, tc.same, res.Empty(), "%v", res.Detected)
		})
	}
}

// A target_metadata of several MetaData objects: Alembic sorts each one's
// tables on its own and creates them one MetaData after another (its
// AutogenContext.sorted_tables); dropping them in downgrade reverses that.
func TestGroups(t *testing.T) {
	models := md(tbl("user_account", col("id", integer)),
		with(tbl("address", col("id", integer), col("user_id", integer)), fk("user_id", "user_account", "id", "")),
		tbl("invoice", col("id", integer)))
	for _, tc := range []struct {
		groups []int
		want   []string
	}{
		{nil, []string{"invoice", "user_account", "address"}},
		{[]int{2, 1}, []string{"user_account", "address", "invoice"}},
		{[]int{1, 1}, []string{"invoice", "user_account", "address"}}, // counts that do not fit: one MetaData
	} {
		res, err := diff.Compare(md(), models, diff.Options{Dialect: sqlite.Autogen{}, Groups: tc.groups})
		require.NoError(t, err)
		var got []string
		for _, l := range renderLines(res.Upgrade) {
			name, _, _ := strings.Cut(strings.TrimPrefix(l, "op.create_table('"), "'")
			got = append(got, name)
		}
		require.Equal(t, tc.want, got, "groups %v", tc.groups)
	}
}
