"""tables with server defaults written as SQL expression objects and as text

Revision ID: a1
Revises:
Create Date: 2026-12-07 06:00:00

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy import sql

revision = 'a1'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'parent',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('name', sa.String(40), nullable=False),
    )
    op.create_table(
        'child',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('parent_id', sa.Integer(), sa.ForeignKey('parent.id', ondelete='CASCADE'), nullable=False),
        sa.Column('note', sa.String(20), unique=True),
        sa.Column('hidden', sa.Boolean(), nullable=False, server_default=sql.false()),
        sa.Column('shown', sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column('created', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP')),
        sa.Column('updated', sa.DateTime(), server_default=sa.func.now()),
        sa.Column('kind', sa.String(10), server_default='plain'),
    )
    op.create_index('ix_child_parent_id', 'child', ['parent_id'])


def downgrade():
    op.drop_index('ix_child_parent_id', 'child')
    op.drop_table('child')
    op.drop_table('parent')
