"""empty message

Revision ID: 4b5c6d7e8f90
Revises: 3a291af61148, 88d25a73c36d
Create Date: 2026-11-25 19:30:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '4b5c6d7e8f90'
down_revision: Union[str, Sequence[str], None] = ('3a291af61148', '88d25a73c36d')
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    pass


def downgrade() -> None:
    """Downgrade schema."""
    pass
