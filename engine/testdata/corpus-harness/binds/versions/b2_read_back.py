"""read the typed values back, compute, write

Revision ID: b2
Revises: a1
Create Date: 2026-12-07 06:00:01.000000

"""
import datetime

from alembic import op
import sqlalchemy as sa

from versions.a1_things import Level


revision = 'b2'
down_revision = 'a1'
branch_labels = None
depends_on = None

things = sa.table(
    'things',
    sa.column('id', sa.Integer), sa.column('dt', sa.DateTime), sa.column('d', sa.Date),
    sa.column('tm', sa.Time), sa.column('p', sa.PickleType), sa.column('s', sa.String),
    sa.column('lv', Level()),
)


def upgrade():
    conn = op.get_bind()
    for row in conn.execute(sa.select(things).order_by(things.c.id)).fetchall():
        print(row.id, repr(row.dt), repr(row.d), repr(row.tm), repr(row.p), repr(row.s), repr(row.lv))
        dt = row.dt
        if dt is not None:
            dt = dt + datetime.timedelta(days=1, microseconds=1)
        p = row.p
        if isinstance(p, list):
            p.append(row.id)
        conn.execute(things.update().where(things.c.id == row.id).values(
            dt=dt, p=p, s=dt.strftime('%Y/%m/%d %H:%M') if dt else None))
    print(conn.execute(sa.text("SELECT dt FROM things WHERE id = 1")).scalar())


def downgrade():
    conn = op.get_bind()
    conn.execute(things.update().values(lv='low'))
