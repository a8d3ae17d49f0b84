"""batch with reflect_args: a column given in place of the reflected one

Revision ID: a5
Revises: a4
Create Date: 2026-12-07 06:04:00

"""
from alembic import op
import sqlalchemy as sa

revision = 'a5'
down_revision = 'a4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('child', reflect_args=[
            sa.Column('parent_id', sa.Integer(), sa.ForeignKey('parent.id', ondelete='SET NULL', name='fk_child_parent'), nullable=True),
            sa.Column('hidden', sa.Boolean(create_constraint=True, name='child_hidden'), nullable=False)]) as batch_op:
        batch_op.add_column(sa.Column('extra', sa.Text()))
        batch_op.alter_column('note', existing_type=sa.String(60), nullable=True)


def downgrade():
    with op.batch_alter_table('child') as batch_op:
        batch_op.drop_column('extra')
