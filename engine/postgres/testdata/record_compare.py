#!/usr/bin/python3
"""Records Alembic 1.8.1's compare_type verdicts for PostgreSQL.

compare_type.txt holds one case a line, tab-separated: the type as
PostgreSQL's format_type() prints it, a model type as a script writes it
(sa.*, postgresql.*), and the verdict, "same" or "change". This script
rewrites the verdicts: it reflects the first column as SQLAlchemy 1.4.46
does (PGDialect._get_column_info, with the enum types below) and asks
PostgresqlImpl.compare_type, as autogenerate does. Refresh with

    /usr/bin/python3 engine/postgres/testdata/record_compare.py
"""

import io
import os

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from alembic.ddl.postgresql import PostgresqlImpl

HERE = os.path.dirname(os.path.abspath(__file__))
PATH = os.path.join(HERE, "compare_type.txt")

ENUMS = {
    ("mood",): {"name": "mood", "visible": True, "schema": "public", "labels": ["happy", "sad"]},
    ("shop", "tier"): {"name": "tier", "visible": False, "schema": "shop", "labels": ["gold", "silver"]},
}

dialect = postgresql.dialect()
impl = PostgresqlImpl(dialect, None, True, None, io.StringIO(), {})

out = []
with open(PATH) as f:
    for line in f:
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            out.append(line)
            continue
        fmt, model = line.split("\t")[:2]
        info = dialect._get_column_info("x", fmt, None, False, {}, ENUMS, None, None, None, None)
        changed = impl.compare_type(sa.Column("x", info["type"]), sa.Column("x", eval(model)))
        out.append("\t".join([fmt, model, "change" if changed else "same"]))
with open(PATH, "w") as f:
    f.write("\n".join(out) + "\n")
