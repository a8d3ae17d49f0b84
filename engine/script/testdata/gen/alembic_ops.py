"""Writes ../alembic-ops.txtar: op bodies rendered by the real Alembic.

Run with a Python that has Alembic (recorded with Debian's python3-alembic
1.8.1 and SQLAlchemy 1.4.46):

    /usr/bin/python3 alembic_ops.py > ../alembic-ops.txtar

Each file is one case; render_test.go builds the same ops in Go and compares
Retort's rendering with these bytes. Tests never run this script.
"""
import sqlalchemy as sa
from sqlalchemy.sql.elements import conv
from alembic import __version__ as alembic_version
from alembic.autogenerate import render_python_code
from alembic.operations import ops
from alembic.runtime.migration import MigrationContext

ctx = MigrationContext.configure(dialect_name="sqlite")


def table(name, *items, **kw):
    return sa.Table(name, sa.MetaData(), *items, **kw)


def render(op_list, batch=False):
    return render_python_code(ops.UpgradeOps(ops=op_list), render_as_batch=batch, migration_context=ctx)


def modify(tname, *op_list):
    return ops.ModifyTableOps(tname, list(op_list))


cases = []


def case(name, op_list, batch=False):
    cases.append((name, render(op_list, batch)))


# create_table with every kind of column option and constraint.
full = table(
    "things",
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("code", sa.String(20, collation="NOCASE"), nullable=False, comment="the code"),
    sa.Column("qty", sa.Integer(), server_default=sa.text("0"), nullable=False),
    sa.Column("label", sa.String(), server_default="it's"),
    sa.Column("owner_id", sa.Integer()),
    sa.Column("parent_id", sa.Integer()),
    sa.Column("price", sa.Numeric(10, 2)),
    sa.Column("ratio", sa.Float()),
    sa.Column("big", sa.BigInteger()),
    sa.Column("small", sa.SmallInteger()),
    sa.Column("flag", sa.Boolean()),
    sa.Column("born", sa.Date()),
    sa.Column("at", sa.DateTime(timezone=True)),
    sa.Column("tm", sa.Time()),
    sa.Column("blob", sa.LargeBinary()),
    sa.Column("doc", sa.JSON()),
    sa.Column("kind", sa.Enum("a", "b", name="kind")),
    sa.Column("note", sa.Unicode(30)),
    sa.Column("body", sa.UnicodeText()),
    sa.Column("legacy", sa.VARCHAR(10)),
    sa.Column("n2", sa.NUMERIC(8, 3)),
    sa.Column("r", sa.REAL()),
    sa.Column("ts", sa.TIMESTAMP()),
    sa.Column("c", sa.CHAR(2)),
    sa.PrimaryKeyConstraint("id", name="pk_things"),
    sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name="fk_things_owner", ondelete="SET NULL", onupdate="CASCADE"),
    sa.ForeignKeyConstraint(["parent_id"], ["things.id"], deferrable=True, initially="DEFERRED"),
    sa.UniqueConstraint("code", name="uq_things_code"),
    sa.UniqueConstraint("owner_id", "label"),
    sa.CheckConstraint("qty >= 0", name="ck_things_qty"),
    sa.CheckConstraint("price > 0"),
    comment="all the things",
    sqlite_with_rowid=False,
    sqlite_autoincrement=True,
)
case("create_table_full", [ops.CreateTableOp.from_table(full)])
case("drop_table", [ops.DropTableOp.from_table(table("things", sa.Column("id", sa.Integer())))])
case("add_column", [
    ops.AddColumnOp("users", sa.Column("age", sa.Integer(), server_default=sa.text("18"), nullable=False, comment="years")),
    ops.AddColumnOp("users", sa.Column("nick", sa.String(length=30), server_default="x")),
])
case("drop_column", [ops.DropColumnOp("users", "age")])
case("alter_column", [
    ops.AlterColumnOp("users", "name", existing_type=sa.String(50), modify_type=sa.String(100), existing_nullable=False),
    ops.AlterColumnOp("users", "qty", existing_type=sa.INTEGER(), modify_server_default=sa.schema.DefaultClause(sa.text("1")), existing_server_default=sa.schema.DefaultClause(sa.text("0")), existing_nullable=True),
    ops.AlterColumnOp("users", "qty", existing_type=sa.INTEGER(), modify_server_default=None, existing_nullable=True),
    ops.AlterColumnOp("users", "qty", existing_type=sa.INTEGER(), modify_nullable=False, existing_server_default=sa.schema.DefaultClause(sa.text("0"))),
    ops.AlterColumnOp("users", "bio", existing_type=sa.TEXT(), modify_comment="about", existing_comment="old", existing_nullable=True),
    ops.AlterColumnOp("users", "bio", existing_type=sa.TEXT(), modify_comment=None, existing_comment="old", existing_nullable=True),
])
case("indexes", [
    ops.CreateIndexOp("ix_users_email", "users", ["email"], unique=True),
    ops.CreateIndexOp.from_index(sa.Index("ix_users_lower", sa.text("lower(name)"), _table=table("users", sa.Column("name", sa.String())))),
    ops.CreateIndexOp("ix_users_active", "users", ["name"], unique=False, sqlite_where=sa.text("age > 0")),
    ops.DropIndexOp("ix_users_active", "users", sqlite_where=sa.text("age > 0")),
    ops.CreateIndexOp(conv("ix_users_city"), "users", ["city"], unique=False),
    ops.DropIndexOp(conv("ix_users_city"), "users"),
])
case("constraints", [
    ops.CreateUniqueConstraintOp("uq_users_email", "users", ["email"]),
    ops.CreateUniqueConstraintOp(None, "users", ["a", "b"]),
    ops.CreateForeignKeyOp("fk_posts_user", "posts", "users", ["user_id"], ["id"], ondelete="CASCADE", onupdate="SET NULL", initially="DEFERRED", deferrable=True),
    ops.CreateForeignKeyOp(None, "posts", "users", ["user_id"], ["id"]),
    ops.DropConstraintOp("uq_users_email", "users", type_="unique"),
    ops.DropConstraintOp("ck_users_age", "users", type_="check"),
    ops.DropConstraintOp(None, "posts", type_="foreignkey"),
    ops.DropConstraintOp("pk_users", "users", type_="primary"),
])
case("execute", [ops.ExecuteSQLOp("UPDATE users SET name = 'x'\nWHERE id = 1"), ops.ExecuteSQLOp('SELECT "a"')])
case("empty", [])
case("batch", [
    modify("users",
           ops.AddColumnOp("users", sa.Column("age", sa.Integer(), nullable=True)),
           ops.DropColumnOp("users", "bio"),
           ops.AlterColumnOp("users", "name", existing_type=sa.VARCHAR(50), modify_nullable=False),
           ops.CreateIndexOp(conv("ix_users_age"), "users", ["age"], unique=False),
           ops.DropIndexOp("ix_users_city", "users"),
           ops.CreateUniqueConstraintOp("uq_users_email", "users", ["email"]),
           ops.CreateForeignKeyOp("fk_users_team", "users", "teams", ["team_id"], ["id"], ondelete="CASCADE"),
           ops.DropConstraintOp("ck_users_age", "users", type_="check"),
           ops.DropConstraintOp(None, "users", type_="foreignkey")),
    ops.ExecuteSQLOp("DELETE FROM users"),
    modify("posts", ops.DropColumnOp("posts", "x")),
], batch=True)
case("strings", [
    ops.AddColumnOp("t", sa.Column("a\"b", sa.String(), server_default="say \"hi\"")),
    ops.AddColumnOp("t", sa.Column("tab\tnl\nbs\\", sa.String(), server_default="both ' and \"")),
    ops.AddColumnOp("t", sa.Column("caf\u00e9 \u00a0\u200b\U0001F600", sa.String(), server_default="\x01\x7f")),
])

print("Op bodies rendered by the real Alembic %s (SQLAlchemy %s), from" % (alembic_version, sa.__version__))
print("testdata/gen/alembic_ops.py.")
for name, text in cases:
    print("-- %s --" % name)
    print(text)
