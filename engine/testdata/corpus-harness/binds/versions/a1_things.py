"""things: typed columns written with Python values

Revision ID: a1
Revises:
Create Date: 2026-12-07 06:00:00.000000

"""
import datetime
import pickle

from alembic import op
import sqlalchemy as sa


revision = 'a1'
down_revision = None
branch_labels = None
depends_on = None


class Level(sa.types.TypeDecorator):
    """An int column read and written as a name."""
    impl = sa.Integer
    cache_ok = True
    names = ['low', 'mid', 'high']

    def process_bind_param(self, value, dialect):
        return None if value is None else self.names.index(value)

    def process_result_value(self, value, dialect):
        return None if value is None else self.names[value]


def upgrade():
    things = op.create_table(
        'things',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('dt', sa.DateTime),
        sa.Column('d', sa.Date),
        sa.Column('tm', sa.Time),
        sa.Column('p', sa.PickleType),
        sa.Column('s', sa.String(40)),
        sa.Column('lv', sa.Integer),
    )
    conn = op.get_bind()
    conn.execute(things.insert().values(
        id=1, dt=datetime.datetime(2020, 1, 2, 3, 4, 5), d=datetime.date(2020, 1, 2),
        tm=datetime.time(3, 4, 5, 6), p=[('h', 'p'), 1, 2.5, None, True, {'k': (1, 2)}],
        s=datetime.datetime(2020, 1, 2, 3, 4, 5), lv=1))
    conn.execute(things.insert().values(
        id=2, dt=datetime.datetime.utcfromtimestamp(1481807890.123456),
        d=datetime.datetime(2021, 5, 6, 7, 8), p={'a': [1, 2], 'b': b'xy', 'c': {3}},
        s=datetime.date(2021, 5, 6)))
    conn.execute(things.insert(), [
        {'id': 3, 'dt': datetime.datetime(2022, 1, 1, 0, 0, 0, 1, tzinfo=datetime.timezone.utc),
         'd': datetime.date(2022, 12, 31), 'p': 'text', 's': 'plain'},
        {'id': 4, 'dt': datetime.date(2023, 3, 4), 'd': None, 'p': 2**40, 's': None},
    ])
    conn.execute(sa.text("INSERT INTO things (id, dt, s) VALUES (:id, :dt, :s)"),
                 {'id': 5, 'dt': datetime.datetime(2024, 2, 29, 23, 59, 59, 999999),
                  's': datetime.datetime(2024, 2, 29, 12, 0)})
    light = sa.table('things', sa.column('id', sa.Integer), sa.column('dt', sa.DateTime),
                     sa.column('p', sa.PickleType), sa.column('lv', Level()))
    op.bulk_insert(light, [{'id': 6, 'dt': datetime.datetime(2025, 7, 8, 9, 10, 11, 120000),
                            'p': ('t', 'u'), 'lv': 'high'}])
    conn.execute(light.update().where(light.c.id == 2).values(lv='mid'))
    conn.execute(light.update().where(light.c.dt < datetime.datetime(2021, 1, 1)).values(
        p=pickle.loads(pickle.dumps(['older'], 4))))


def downgrade():
    op.drop_table('things')
