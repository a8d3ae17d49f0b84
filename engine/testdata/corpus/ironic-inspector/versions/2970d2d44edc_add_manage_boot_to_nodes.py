# Licensed under the Apache License, Version 2.0 (the "License"); you may
# not use this file except in compliance with the License. You may obtain
# a copy of the License at
#
# http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS, WITHOUT
# WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the
# License for the specific language governing permissions and limitations
# under the License.

"""Add manage_boot to nodes

Revision ID: 2970d2d44edc
Revises: e169a4a81d88
Create Date: 2016-05-16 14:03:02.861672

"""

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '2970d2d44edc'
down_revision = '18440d0834af'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('nodes', sa.Column('manage_boot', sa.Boolean(),
                                     nullable=True, default=True))
