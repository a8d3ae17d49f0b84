#!/usr/bin/python3
"""Records what the real Alembic prints for PostgreSQL offline (--sql).

Each *.txtar here is one Alembic project's revisions:

    -- versions/<rev>_<slug>.py --   revision scripts, as Alembic reads them
    -- env --                        optional: extra context.configure() keywords,
                                     Python source (version_table_schema='s', ...)
    -- setup.sql --                  optional: SQL a database needs first (the
                                     Go test's online runs; schemas, types)
    -- upgrade.sql --                recorded: stdout of `alembic upgrade head --sql`
    -- downgrade.sql --              recorded: stdout of `alembic downgrade head:base --sql`
    -- upgrade.error --              recorded instead, when Alembic fails: the
    -- downgrade.error --             SQL it printed, then its error's last line
    -- upgrade.log --                recorded: the log lines Alembic wrote (stderr)
    -- downgrade.log --

in the project of _project/ (alembic.ini, and env.py with the "env" keywords
in its configure() calls). This script rewrites the recorded sections of
every archive named on the command line (all of them when none is), running
Debian's Alembic 1.8.1 (/usr/bin/alembic, SQLAlchemy 1.4.46) against
sqlalchemy.url = postgresql://u@localhost/db. Offline mode needs no server,
only psycopg2's dialect (Debian: python3-psycopg2). Refresh with

    /usr/bin/python3 engine/testdata/pgoffline/record.py

and review the diff: the Go test (engine/pgoffline_test.go) runs the same
commands through Retort and compares its stdout and log with these sections.
"""

import glob
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

# The project every archive runs in: alembic.ini and env.py, shared with the
# Go test.
PROJECT = os.path.join(HERE, "_project")


def env_py(options):
    """env.py with the archive's extra configure() keywords."""
    with open(os.path.join(PROJECT, "env.py")) as f:
        text = f.read()
    repl = "        " + options + ",\n" if options else ""
    return text.replace("        OPTIONS\n", repl)


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
    """Runs alembic; returns (stdout, its log lines, None) or, when it
    fails, (stdout, its log lines, the error's last line)."""
    p = subprocess.run(
        ["/usr/bin/alembic", "-c", os.path.join(project, "alembic.ini")] + list(args),
        cwd=project, capture_output=True, text=True,
        env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"),
    )
    log = "".join(l for l in p.stderr.splitlines(keepends=True)
                  if re.match(r"(INFO |WARNI|ERROR) \[", l))
    if p.returncode != 0:
        lines = p.stderr.strip().splitlines()
        return p.stdout, log, lines[-1] if lines else "exit %d" % p.returncode
    return p.stdout, log, None


def record(path):
    comment, files = read_txtar(path)
    recorded = [d + ext for d in ("upgrade", "downgrade") for ext in (".sql", ".error", ".log")]
    files = [(n, d) for n, d in files if n not in recorded]
    with tempfile.TemporaryDirectory() as project:
        os.makedirs(os.path.join(project, "migrations", "versions"))
        with open(os.path.join(PROJECT, "alembic.ini")) as f:
            ini = f.read()
        with open(os.path.join(project, "alembic.ini"), "w") as f:
            f.write(ini)
        with open(os.path.join(project, "migrations", "env.py"), "w") as f:
            f.write(env_py(dict(files).get("env", "").strip()))
        for name, data in files:
            if name.startswith("versions/"):
                with open(os.path.join(project, "migrations", name), "w") as f:
                    f.write(data)
        for cmd, args in (("upgrade", ("head",)), ("downgrade", ("head:base",))):
            out, log, err = alembic(project, cmd, *args, "--sql")
            if err is None:
                files.append((cmd + ".sql", out))
            else:
                err = re.sub(r" at 0x[0-9a-f]+", "", err)
                files.append((cmd + ".error", out + "ERROR: " + err + "\n"))
            files.append((cmd + ".log", log))
    # Retort's own SQL, where it differs, after what it is compared with.
    files = [f for f in files if not f[0].endswith(".retort.sql")] + \
        [f for f in files if f[0].endswith(".retort.sql")]
    write_txtar(path, comment, files)


def main():
    paths = sys.argv[1:] or sorted(glob.glob(os.path.join(HERE, "*.txtar")))
    for p in paths:
        record(p)
        print("recorded", os.path.relpath(p))


if __name__ == "__main__":
    main()
