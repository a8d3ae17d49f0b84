"""batch with a naming_convention: the reflected unnamed constraints get names

Revision ID: a3
Revises: a2
Create Date: 2026-12-07 06:02:00

"""
from alembic import op
import sqlalchemy as sa

revision = 'a3'
down_revision = 'a2'
branch_labels = None
depends_on = None

NAMING = {
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "pk": "pk_%(table_name)s",
}


def upgrade():
    with op.batch_alter_table('child', naming_convention=NAMING) as batch_op:
        batch_op.alter_column('kind', existing_type=sa.String(10), nullable=False)
        batch_op.drop_constraint('fk_child_parent_id_parent', type_='foreignkey')
        batch_op.create_foreign_key('fk_child_parent', 'parent', ['parent_id'], ['id'])
        batch_op.create_unique_constraint('uq_child_note_kind', ['note', 'kind'])


def downgrade():
    with op.batch_alter_table('child', naming_convention=NAMING) as batch_op:
        batch_op.drop_constraint('uq_child_note_kind', type_='unique')
        batch_op.drop_constraint('fk_child_parent', type_='foreignkey')
        batch_op.create_foreign_key('fk_child_parent_id_parent', 'parent', ['parent_id'], ['id'], ondelete='CASCADE')
        batch_op.alter_column('kind', existing_type=sa.String(10), nullable=True)
