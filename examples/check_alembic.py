#!/usr/bin/python3
"""Runs lessons with the real Alembic, to check that what they expect is what
Alembic prints.

    /usr/bin/python3 examples/check_alembic.py [LESSON ...]

Each lesson's starting project is copied to a temporary folder, its seed is
run on the database sqlalchemy.url names, and its steps are done there:
`run` steps with Debian's alembic (a Flask-Migrate project's `alembic -c
migrations/alembic.ini CMD` as `flask db CMD`, which is what runs that
layout), `sql` steps with the sqlite3 shell (`-header -separator ' | '
-nullvalue NULL`, the lessons' format), edits and writes as files. Every
expected line is looked for in what Alembic printed; a line Retort prints and
Alembic does not is reported, marked as one Retort documents when it is
(data-loss warnings), or as a difference to look at.

Needs Debian's alembic, python3-flask-migrate and the sqlite3 shell; for
SQLModel lessons, SQLModel 0.0.11's source on PYTHONPATH (pydantic 1 is
Debian's). Lessons whose project the real Alembic cannot run as it stands
get the fix their community applies (FIXES below), said in the report.
"""

import glob
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

# What users of a style do so that the real Alembic runs their project.
FIXES = {
    # Alembic writes sqlmodel.sql.sqltypes.AutoString() without importing
    # sqlmodel; SQLModel's users add the import to script.py.mako.
    "fastapi-sqlmodel": ("alembic/script.py.mako", "import sqlalchemy as sa\n", "import sqlalchemy as sa\nimport sqlmodel\n"),
}

# Lines Retort prints that Alembic does not, by design (README): warnings
# about the data a step deletes.
DOCUMENTED = [re.compile(r"will delete \d+|will delete its \d+ rows?")]


def resolve(folder, name):
    d, base = os.path.split(name)
    if not base.startswith("*"):
        return os.path.join(folder, name)
    found = [p for p in glob.glob(os.path.join(folder, d, "*")) if p.endswith(base[1:])]
    assert len(found) == 1, (name, found)
    return found[0]


def database(folder, files):
    """The SQLite file the project's URL names (Flask-SQLAlchemy 3: in instance/)."""
    if "migrations/alembic.ini" in files:
        m = re.search(r'"sqlite:///([^"]+)"', files.get("app.py", ""))
        os.makedirs(os.path.join(folder, "instance"), exist_ok=True)
        return os.path.join(folder, "instance", m.group(1))
    if not os.path.exists(os.path.join(folder, "alembic.ini")):
        return os.path.join(folder, "myapp.db")  # before alembic init: the tutorial's
    with open(os.path.join(folder, "alembic.ini")) as f:
        m = re.search(r"^sqlalchemy\.url = sqlite:///(.+)$", f.read(), re.M)
    return os.path.join(folder, m.group(1)) if m else os.path.join(folder, "unused.db")


def command(line, flask):
    argv = shlex.split(line)
    assert argv[0] == "alembic", line
    if flask:
        assert argv[1:3] == ["-c", "migrations/alembic.ini"], line
        rest = argv[3:]
        if rest[0] == "revision" and "--autogenerate" in rest:
            rest = ["migrate"] + [a for a in rest[1:] if a != "--autogenerate"]
        # click takes "-1" for an option: flask db downgrade -- -1.
        rest = [a for r in rest for a in (["--", r] if re.fullmatch(r"-\d+", r) else [r])]
        return ["/usr/bin/python3", "-m", "flask", "db"] + rest
    return ["/usr/bin/alembic"] + argv[1:]


def check(lesson_id):
    with open(os.path.join(HERE, lesson_id, "lesson.json")) as f:
        lesson = json.load(f)
    src = os.path.join(HERE, lesson_id, "files")
    files = {os.path.relpath(p, src): p for p in glob.glob(os.path.join(src, "**", "*"), recursive=True) if os.path.isfile(p)}
    folder = tempfile.mkdtemp(prefix="lesson-")
    print(f"== {lesson_id}")
    shutil.copytree(src, folder, dirs_exist_ok=True)
    texts = {n: open(p).read() for n, p in files.items() if n.endswith((".py", ".ini"))}
    flask = "migrations/alembic.ini" in files
    if lesson_id in FIXES:
        name, old, new = FIXES[lesson_id]
        path = os.path.join(folder, name)
        with open(path) as f:
            text = f.read()
        with open(path, "w") as f:
            f.write(text.replace(old, new, 1))
        print(f"   fix: {name}: {new.strip()!r}")
    db = database(folder, texts)
    if lesson.get("seed"):
        subprocess.run(["sqlite3", db], input=lesson["seed"], text=True, check=True)
    problems = 0
    for i, step in enumerate(lesson["steps"], 1):
        if "edit" in step:
            e = step["edit"]
            path = resolve(folder, e["file"])
            with open(path) as f:
                text = f.read()
            assert e["find"] in text, (i, e["file"])
            with open(path, "w") as f:
                f.write(text.replace(e["find"], e["replace"], 1))
            continue
        if "write" in step:
            with open(resolve(folder, step["write"]["file"]), "w") as f:
                f.write(step["write"]["content"])
            continue
        env = dict(os.environ, FLASK_APP="app")
        if "run" in step:
            what = step["run"]
            p = subprocess.run(command(what, flask), cwd=folder, capture_output=True, text=True, env=env)
            failed = p.returncode != 0
            out = p.stdout + p.stderr
        else:
            what = step["sql"]
            db = database(folder, texts)
            p = subprocess.run(["sqlite3", "-header", "-separator", " | ", "-nullvalue", "NULL", db], input=what, capture_output=True, text=True)
            failed = p.returncode != 0 or "Error" in p.stderr
            out = p.stdout + p.stderr
        status = "ok"
        if failed != bool(step.get("fails")):
            status = "FAILED" if failed else "did not fail"
            problems += 1
        print(f"{i:3} {status:12} {what[:100]}")
        for want in step.get("expect", []):
            if want in out:
                continue
            documented = any(r.search(want) for r in DOCUMENTED)
            print(f"      {'retort only' if documented else 'NOT PRINTED'}: {want!r}")
            problems += not documented
        if status != "ok":
            print("      " + out.strip().replace("\n", "\n      ")[-1500:])
    print(f"   {problems} difference(s)")
    shutil.rmtree(folder)
    return problems


def main():
    ids = sys.argv[1:] or sorted(d for d in os.listdir(HERE) if os.path.isfile(os.path.join(HERE, d, "lesson.json")))
    total = sum(check(i) for i in ids)
    sys.exit(1 if total else 0)


if __name__ == "__main__":
    main()
