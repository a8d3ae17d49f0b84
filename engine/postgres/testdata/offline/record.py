#!/usr/bin/python3
"""Records what the real Alembic prints for PostgreSQL offline (--sql).

Each *.txtar here is one Alembic project's revisions:

    -- versions/<rev>_<slug>.py --   revision scripts, as Alembic reads them
    -- env --                        optional: extra context.configure() keywords,
                                     Python source (version_table_schema='s', ...)
    -- upgrade.sql --                recorded: stdout of `alembic upgrade head --sql`
    -- downgrade.sql --              recorded: stdout of `alembic downgrade head:base --sql`
    -- upgrade.error --              recorded instead, when Alembic fails: the
    -- downgrade.error --             SQL it printed, then its error's last line

This script rewrites the two recorded sections of every archive named on the
command line (all of them when none is), running Debian's Alembic 1.8.1
(/usr/bin/alembic, SQLAlchemy 1.4.46) against sqlalchemy.url =
postgresql://u@localhost/db. Offline mode needs no server, only psycopg2's
dialect (Debian: python3-psycopg2). Refresh with

    /usr/bin/python3 engine/postgres/testdata/offline/record.py

and review the diff: the Go test (offline_test.go) compares Retort's SQL with
these sections.
"""

import glob
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

ALEMBIC_INI = """\
[alembic]
script_location = migrations
sqlalchemy.url = postgresql://u@localhost/db

[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
"""

# env.py as `alembic init` writes its offline half; %s is extra keywords.
ENV_PY = """\
from alembic import context

config = context.config
context.configure(
    url=config.get_main_option("sqlalchemy.url"),
    target_metadata=None,
    literal_binds=True,
    dialect_opts={"paramstyle": "named"},
    %s
)
with context.begin_transaction():
    context.run_migrations()
"""


def read_txtar(path):
    with open(path) as f:
        text = f.read()
    comment, files, name, buf = [], [], None, []
    for line in text.splitlines(keepends=True):
        s = line.rstrip("\n")
        if s.startswith("-- ") and s.endswith(" --") and len(s) > 6:
            if name is not None:
                files.append((name, "".join(buf)))
            name, buf = s[3:-3].strip(), []
        elif name is None:
            comment.append(line)
        else:
            buf.append(line)
    if name is not None:
        files.append((name, "".join(buf)))
    return "".join(comment), files


def write_txtar(path, comment, files):
    with open(path, "w") as f:
        f.write(comment)
        for name, data in files:
            f.write("-- %s --\n" % name)
            f.write(data)
            if data and not data.endswith("\n"):
                f.write("\n")


def alembic(project, *args):
    """Runs alembic; returns (stdout, None) or, when it fails, (stdout, the
    error's last line)."""
    p = subprocess.run(
        ["/usr/bin/alembic", "-c", os.path.join(project, "alembic.ini")] + list(args),
        cwd=project, capture_output=True, text=True,
    )
    if p.returncode != 0:
        lines = p.stderr.strip().splitlines()
        return p.stdout, lines[-1] if lines else "exit %d" % p.returncode
    return p.stdout, None


def record(path):
    comment, files = read_txtar(path)
    recorded = ("upgrade.sql", "downgrade.sql", "upgrade.error", "downgrade.error")
    files = [(n, d) for n, d in files if n not in recorded]
    with tempfile.TemporaryDirectory() as project:
        os.makedirs(os.path.join(project, "migrations", "versions"))
        with open(os.path.join(project, "alembic.ini"), "w") as f:
            f.write(ALEMBIC_INI)
        env = dict(files).get("env", "").strip()
        with open(os.path.join(project, "migrations", "env.py"), "w") as f:
            f.write(ENV_PY % (env + "," if env else ""))
        for name, data in files:
            if name.startswith("versions/"):
                with open(os.path.join(project, "migrations", name), "w") as f:
                    f.write(data)
        for cmd, args in (("upgrade", ("head",)), ("downgrade", ("head:base",))):
            out, err = alembic(project, cmd, *args, "--sql")
            if err is None:
                files.append((cmd + ".sql", out))
            else:
                err = re.sub(r" at 0x[0-9a-f]+", "", err)
                files.append((cmd + ".error", out + "ERROR: " + err + "\n"))
    write_txtar(path, comment, files)


def main():
    paths = sys.argv[1:] or sorted(glob.glob(os.path.join(HERE, "*.txtar")))
    for p in paths:
        record(p)
        print("recorded", os.path.relpath(p))


if __name__ == "__main__":
    main()
