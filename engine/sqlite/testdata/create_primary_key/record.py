# Records create_primary_key.txtar: what the real Alembic 1.8.1 (Debian's,
# SQLAlchemy 1.4.46) makes of batch_op.create_primary_key on SQLite.
# Run: /usr/bin/python3 engine/sqlite/testdata/create_primary_key/record.py > engine/sqlite/testdata/create_primary_key.txtar
import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations

cases = [
    ("batch_drop_then_create",
     "CREATE TABLE attributes (uuid VARCHAR(36) NOT NULL, name VARCHAR(255) NOT NULL, value VARCHAR(255), CONSTRAINT pk_attributes PRIMARY KEY (uuid, name))",
     "INSERT INTO attributes VALUES ('u1', 'a', 'x'), ('u1', 'b', NULL), ('u2', 'c', 'y')",
     lambda b: (b.drop_constraint("pk_attributes", type_="primary"), b.create_primary_key("pk_attributes", ["name"]))),
    ("batch_create_on_table_without_pk",
     "CREATE TABLE t (a INTEGER NOT NULL, b VARCHAR(10))",
     "INSERT INTO t VALUES (1, 'x'), (1, 'y'), (2, NULL)",
     lambda b: b.create_primary_key("pk_t", ["a", "b"])),
    ("batch_create_replaces_unnamed_pk",
     "CREATE TABLE t (a INTEGER NOT NULL, b VARCHAR(10) NOT NULL, PRIMARY KEY (a))",
     "INSERT INTO t VALUES (1, 'x'), (2, 'y')",
     lambda b: b.create_primary_key("pk_t", ["b"])),
    ("batch_create_over_duplicates",
     "CREATE TABLE t (a INTEGER NOT NULL, b VARCHAR(10))",
     "INSERT INTO t VALUES (1, 'x'), (1, 'y')",
     lambda b: b.create_primary_key("pk_t", ["a"])),
]

print("For each case: the table before (.before), its rows (.rows), and the table\n"
      "Alembic's batch leaves (.alembic, from sqlite_master) or the error it raises\n"
      "(.error). Recorded by create_primary_key/record.py from Alembic 1.8.1.")
for name, ddl, rows, fn in cases:
    e = sa.create_engine("sqlite://")
    table = ddl.split()[2]
    print("-- %s.before --\n%s" % (name, ddl))
    print("-- %s.rows --\n%s" % (name, rows))
    try:
        with e.begin() as conn:
            conn.exec_driver_sql(ddl)
            conn.exec_driver_sql(rows)
            op = Operations(MigrationContext.configure(conn))
            with op.batch_alter_table(table) as b:
                fn(b)
            sql = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).scalar()
            print("-- %s.alembic --\n%s" % (name, " ".join(sql.split())))
    except Exception as ex:
        print("-- %s.error --\n%s" % (name, type(ex).__name__ + ": " + str(ex).splitlines()[0]))

# Outside a batch Alembic's SQLiteImpl refuses the op; Retort rebuilds the
# table (as for every constraint op: README, "batch block or not").
e = sa.create_engine("sqlite://")
with e.begin() as conn:
    conn.exec_driver_sql("CREATE TABLE t (a INTEGER NOT NULL)")
    op = Operations(MigrationContext.configure(conn))
    try:
        op.create_primary_key("pk_t", "t", ["a"])
    except Exception as ex:
        print("-- outside_batch.error --\n%s" % (type(ex).__name__ + ": " + str(ex)))
