"""batch with copy_from: the table comes from a Table in a MetaData with a naming convention

Revision ID: a4
Revises: a3
Create Date: 2026-12-07 06:03:00

"""
from alembic import op
import sqlalchemy as sa

revision = 'a4'
down_revision = 'a3'
branch_labels = None
depends_on = None


def old_parent():
    meta = sa.MetaData(naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "pk": "pk_%(table_name)s",
    })
    return sa.Table(
        'parent', meta,
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('name', sa.String(40), nullable=False, unique=True),
        sa.Column('state', sa.Enum('new', 'old', name='parent_state', create_constraint=True), server_default='new'),
        sa.Column('rank', sa.Integer(), index=True, server_default=sa.literal(3)),
        sa.Index('ix_parent_name', 'name'),
    )


def upgrade():
    op.add_column('parent', sa.Column('state', sa.String(3)))
    op.add_column('parent', sa.Column('rank', sa.Integer()))
    with op.batch_alter_table('parent', copy_from=old_parent()) as batch_op:
        batch_op.alter_column('state', type_=sa.Enum('new', 'old', 'gone', name='parent_state', create_constraint=True),
                              existing_type=sa.String(3))
        batch_op.create_unique_constraint('uq_parent_name', ['name'])


def downgrade():
    with op.batch_alter_table('parent', recreate='always') as batch_op:
        batch_op.drop_constraint('parent_state', type_='check')
        batch_op.drop_column('rank')
        batch_op.drop_column('state')
