"""copy child through reflected Table objects, as gertty's dbsupport does

Revision ID: a2
Revises: a1
Create Date: 2026-12-07 06:01:00

"""
import uuid

from alembic import op
import sqlalchemy as sa

revision = 'a2'
down_revision = 'a1'
branch_labels = None
depends_on = None


def widen(table_name, column):
    connection = op.get_bind()
    meta = sa.MetaData(bind=connection)
    meta.reflect()
    table = meta.tables[table_name]
    old_columns, new_columns, names, indexes = [], [], [], []
    for c in table.columns:
        names.append(c.name)
        old_columns.append(c)
        new_columns.append(column if c.name == column.name else c.copy())
    for fk in table.foreign_keys:
        new_columns.append(fk.constraint.copy())
    for ix in table.indexes:
        indexes.append((ix.name, [c.name for c in ix.columns], ix.unique))
    tmp = '%s_%s' % (table_name, str(uuid.uuid4()))
    op.create_table(tmp, *new_columns)
    meta.reflect()
    connection.execute(sa.sql.insert(meta.tables[tmp]).from_select(names, sa.sql.select(old_columns)))
    op.drop_table(table_name)
    op.rename_table(tmp, table_name)
    for name, cols, unique in indexes:
        op.create_index(name, table_name, cols, unique=unique)


def upgrade():
    widen('child', sa.Column('note', sa.String(60)))
    meta = sa.MetaData(bind=op.get_bind())
    parent = sa.Table('parent', meta, autoload=True)
    sa.Index('ix_parent_name', parent.c.name).create(op.get_bind())
    parent.update(values={'name': 'renamed'}).where(parent.c.name == 'nobody').execute()
    inspected = sa.Table('child', sa.MetaData(), autoload_with=op.get_bind())
    note = inspected.c.note.type
    print(sorted(c.name for c in inspected.columns), type(note).__name__, note.length, inspected.c.hidden.nullable)
    for c in inspected.columns:
        default = c.server_default.arg.text if c.server_default is not None else None
        print(c.name, type(c.type).__name__, c.nullable, c.primary_key, default)
    print(sorted((fk.parent.name, fk.target_fullname, fk.constraint.ondelete) for fk in inspected.foreign_keys))
    print(sorted((ix.name, [c.name for c in ix.columns], ix.unique) for ix in inspected.indexes))
    print(sorted(c.name or '' for c in inspected.constraints))
    print([c.name for c in inspected.primary_key.columns], sorted(meta.tables))


def downgrade():
    op.drop_index('ix_parent_name', 'parent')
    widen('child', sa.Column('note', sa.String(20)))
