#!/usr/bin/python3
"""Record what the real SQLAlchemy and Alembic build for each styles/*.txtar.

For every project (a txtar archive: the project's files, then golden/* files
this script writes), in a fresh temporary folder:

  1. run the project's env.py the way its users do -- `alembic revision
     --autogenerate` (Alembic's layout) or Flask-Migrate's `flask db migrate`
     (migrations/env.py) -- against an empty SQLite database, and capture the
     target_metadata env.py hands to context.configure();
  2. golden/schema.txt: that metadata, normalized (see dump_metadata);
  3. golden/migration.py: the generated script from its imports on;
  4. golden/sqlite_master.sql: sqlite_master after `upgrade head` and after
     `downgrade base` (plus what a second compare finds in between,
     golden/check.txt: Alembic's compare_metadata with compare_type=True);
  5. or, for a project whose import fails, golden/error.txt: the innermost
     project file:line:col of the traceback and the exception.

The comment's `runtime:` line says which libraries run the project:

  sqlalchemy-1.4        Debian: SQLAlchemy 1.4.46, Alembic 1.8.1
  flask-sqlalchemy-3.0  Debian: + Flask 2.2.2, Flask-SQLAlchemy 3.0.3, Flask-Migrate 4.0.4
  sqlmodel-0.0.11       Debian + SQLModel 0.0.11 (source, pydantic 1.10 from Debian)
  flask-sqlalchemy-2.5  Debian with Flask-SQLAlchemy 2.5.1 (source) in place of 3.0.3
  sqlalchemy-2.0        SQLAlchemy 2.0.52 (source, pure Python) + typing_extensions
                        4.12.2 (source) in place of Debian's, Alembic 1.8.1 (Debian)
  flask-sqlalchemy-3.1  sqlalchemy-2.0 + Flask-SQLAlchemy 3.1.1 (source)
  hand                  not recorded: golden/* written by hand (the comment says from what)

Sources are never committed: --mirrors points at git mirrors (the `fetch`
tool's /work/.mirror) and the script exports the tags it needs into --sources.

Usage: /usr/bin/python3 record.py [--mirrors /work/.mirror] [--sources DIR] [NAME ...]
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
INIT = os.path.join(HERE, "_init")
REV = "0123456789ab"

# folder -> (mirror, tag, path in the repository)
SOURCES = {
    "sqlmodel-0.0.11": ("fastapi+sqlmodel", "0.0.11", "sqlmodel"),
    "flask-sqlalchemy-2.5.1": ("pallets-eco+flask-sqlalchemy", "2.5.1", "flask_sqlalchemy"),
    "flask-sqlalchemy-3.1.1": ("pallets-eco+flask-sqlalchemy", "3.1.1", "src"),
    "sqlalchemy-2.0.52": ("sqlalchemy+sqlalchemy", "rel_2_0_52", "lib"),
    "typing_extensions-4.12.2": ("python+typing_extensions", "4.12.2", "src"),
}

# runtime -> PYTHONPATH entries under --sources, searched before Debian's
RUNTIMES = {
    "sqlalchemy-1.4": [],
    "flask-sqlalchemy-3.0": [],
    "sqlmodel-0.0.11": ["sqlmodel-0.0.11"],
    "flask-sqlalchemy-2.5": ["flask-sqlalchemy-2.5.1"],
    "sqlalchemy-2.0": ["typing_extensions-4.12.2/src", "sqlalchemy-2.0.52/lib"],
    "flask-sqlalchemy-3.1": [
        "flask-sqlalchemy-3.1.1/src",
        "typing_extensions-4.12.2/src",
        "sqlalchemy-2.0.52/lib",
    ],
}

LIBS = {
    "sqlalchemy-1.4": "SQLAlchemy 1.4.46, Alembic 1.8.1 (Debian)",
    "flask-sqlalchemy-3.0": "SQLAlchemy 1.4.46, Alembic 1.8.1, Flask 2.2.2, Flask-SQLAlchemy 3.0.3, Flask-Migrate 4.0.4 (Debian)",
    "sqlmodel-0.0.11": "SQLModel 0.0.11 (source), pydantic 1.10.4, SQLAlchemy 1.4.46, Alembic 1.8.1 (Debian)",
    "flask-sqlalchemy-2.5": "Flask-SQLAlchemy 2.5.1 (source); SQLAlchemy 1.4.46, Alembic 1.8.1, Flask 2.2.2, Flask-Migrate 4.0.4 (Debian)",
    "sqlalchemy-2.0": "SQLAlchemy 2.0.52 (source, pure Python), typing_extensions 4.12.2 (source); Alembic 1.8.1 (Debian)",
    "flask-sqlalchemy-3.1": "Flask-SQLAlchemy 3.1.1, SQLAlchemy 2.0.52, typing_extensions 4.12.2 (source); Alembic 1.8.1, Flask 2.2.2, Flask-Migrate 4.0.4 (Debian)",
}


# ---------------------------------------------------------------- txtar


def parse_txtar(text):
    comment, files, cur = [], [], None
    for line in text.splitlines(keepends=True):
        s = line.rstrip("\r\n")
        if s.startswith("-- ") and s.endswith(" --") and len(s) > 6:
            cur = [s[3:-3].strip(), []]
            files.append(cur)
        elif cur is None:
            comment.append(line)
        else:
            cur[1].append(line)
    return "".join(comment), [(n, "".join(d)) for n, d in files]


def format_txtar(comment, files):
    out = [comment]
    for name, data in files:
        out.append("-- %s --\n" % name)
        if data:
            out.append(data if data.endswith("\n") else data + "\n")
    return "".join(out)


def comment_field(comment, key):
    for line in comment.splitlines():
        if line.startswith(key + ":"):
            return line[len(key) + 1 :].strip()
    return None


# ---------------------------------------------------------------- driver


def prepare_sources(mirrors, sources):
    for folder, (repo, tag, path) in SOURCES.items():
        dest = os.path.join(sources, folder)
        if os.path.isdir(dest):
            continue
        git_dir = os.path.join(mirrors, repo, "repo")
        if not os.path.isdir(git_dir):
            print("record: %s is missing (fetch github:%s)" % (git_dir, repo.replace("+", "/")), file=sys.stderr)
            continue
        os.makedirs(dest)
        archive = subprocess.run(
            ["git", "--git-dir", git_dir, "archive", tag, path], check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "x", "-C", dest], input=archive, check=True)


def layout(files):
    """The env.py and ini paths of a project: Flask-Migrate's or Alembic's."""
    names = {n for n, _ in files}
    if "migrations/env.py" in names:
        return "flask", "migrations/alembic.ini"
    return "alembic", "alembic.ini"


def write_project(dirname, files):
    kind, ini = layout(files)
    names = {n for n, _ in files}
    for name, data in files:
        if name.startswith("golden/"):
            continue
        p = os.path.join(dirname, name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f:
            f.write(data)
    # What `alembic init alembic` (1.8.1) writes, when the project does not
    # carry its own: see _init/.
    if kind == "alembic":
        for name in ("alembic.ini", "alembic/script.py.mako"):
            if name not in names:
                os.makedirs(os.path.dirname(os.path.join(dirname, name)) or dirname, exist_ok=True)
                shutil.copy(os.path.join(INIT, name), os.path.join(dirname, name))
        os.makedirs(os.path.join(dirname, "alembic", "versions"), exist_ok=True)
    else:
        os.makedirs(os.path.join(dirname, "migrations", "versions"), exist_ok=True)
    return kind


def record(path, sources):
    with open(path) as f:
        comment, files = parse_txtar(f.read())
    runtime = comment_field(comment, "runtime")
    if runtime == "hand":
        print("%s: hand-written, kept" % os.path.basename(path))
        return True
    if runtime not in RUNTIMES:
        print("%s: unknown runtime %r" % (path, runtime), file=sys.stderr)
        return False
    pp = [os.path.join(sources, p) for p in RUNTIMES[runtime]]
    for p in pp:
        if not os.path.isdir(p):
            print("%s: %s is missing (run with --mirrors)" % (os.path.basename(path), p), file=sys.stderr)
            return False
    with tempfile.TemporaryDirectory(prefix="styles-") as tmp:
        proj = os.path.join(tmp, "project")
        os.makedirs(proj)
        kind = write_project(proj, files)
        out = os.path.join(tmp, "out.json")
        env = dict(os.environ)
        env.pop("FLASK_APP", None)
        env["PYTHONPATH"] = os.pathsep.join(pp)
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env["PYTHONWARNINGS"] = "ignore::DeprecationWarning"
        env["SQLALCHEMY_SILENCE_UBER_WARNING"] = "1"
        p = subprocess.run(
            [sys.executable, os.path.abspath(__file__), "--worker", kind, out],
            cwd=proj, env=env, capture_output=True, text=True,
        )
        if p.returncode != 0 or not os.path.exists(out):
            print("%s: the worker failed:\n%s%s" % (os.path.basename(path), p.stdout, p.stderr), file=sys.stderr)
            return False
        with open(out) as f:
            got = json.load(f)
    golden = [(n, d) for n, d in files if not n.startswith("golden/")]
    for name in ("schema.txt", "migration.py", "check.txt", "sqlite_master.sql", "error.txt"):
        if name in got:
            golden.append(("golden/" + name, got[name]))
    line = "golden: recorded by record.py with %s" % LIBS[runtime]
    if comment_field(comment, "golden") is not None:
        comment = re.sub(r"(?m)^golden:.*$", lambda m: line, comment, count=1)
    else:
        comment = comment.rstrip("\n") + "\n" + line + "\n"
    with open(path, "w") as f:
        f.write(format_txtar(comment, golden))
    print("%s: recorded (%s)%s" % (os.path.basename(path), runtime, " error" if "error.txt" in got else ""))
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mirrors", default="/work/.mirror", help="git mirrors (owner+name/repo)")
    ap.add_argument("--sources", default=os.path.join(tempfile.gettempdir(), "retort-styles-src"),
                    help="where the sources' tags are exported")
    ap.add_argument("--worker", nargs=2, metavar=("KIND", "OUT"), help=argparse.SUPPRESS)
    ap.add_argument("names", nargs="*", help="archives to record (default: all)")
    args = ap.parse_args()
    if args.worker:
        return worker(*args.worker)
    os.makedirs(args.sources, exist_ok=True)
    prepare_sources(args.mirrors, args.sources)
    paths = sorted(
        os.path.join(HERE, f) for f in os.listdir(HERE) if f.endswith(".txtar")
    )
    if args.names:
        want = {n.removesuffix(".txtar") for n in args.names}
        paths = [p for p in paths if os.path.basename(p).removesuffix(".txtar") in want]
    ok = True
    for p in paths:
        ok = record(p, args.sources) and ok
    return 0 if ok else 1


# ---------------------------------------------------------------- worker
# Runs in the project's folder, under the runtime's PYTHONPATH.


def worker(kind, out):
    import warnings

    sys.path.insert(0, os.getcwd())
    warnings.simplefilter("always")
    caught = []
    showwarning = warnings.showwarning

    def keep(message, category, filename, lineno, file=None, line=None):
        if not issubclass(category, (DeprecationWarning, PendingDeprecationWarning)):
            caught.append("%s: %s" % (category.__name__, str(message).splitlines()[0]))
        return showwarning(message, category, filename, lineno, file, line)

    warnings.showwarning = keep

    from alembic.runtime.environment import EnvironmentContext

    captured = {}
    orig = EnvironmentContext.configure

    def configure(self, *a, **kw):
        if "md" not in captured:
            captured["md"] = kw.get("target_metadata")
            conn = kw.get("connection")
            captured["url"] = str(conn.engine.url) if conn is not None else kw.get("url")
            captured["opts"] = {
                k: v for k, v in kw.items()
                if k not in ("connection", "url", "target_metadata", "process_revision_directives",
                             "literal_binds", "dialect_opts")
            }
        return orig(self, *a, **kw)

    EnvironmentContext.configure = configure
    result = {}
    project = os.getcwd()

    def fail(exc):
        # The innermost frame in a project file, of the innermost exception
        # in the chain that has one (flask's loader re-raises import errors).
        chain, e = [], exc
        while e is not None and len(chain) < 10:
            chain.append(e)
            e = e.__cause__ or e.__context__
        where = None
        for e in chain:
            for fr in traceback.extract_tb(e.__traceback__):
                fn = os.path.abspath(fr.filename)
                if fn.startswith(project + os.sep) and os.path.isfile(fn):
                    where, exc = fr, e
        if where is None:
            loc = "?"
        else:
            rel = os.path.relpath(where.filename, project)
            col = getattr(where, "colno", None)
            loc = "%s:%d" % (rel, where.lineno) + (":%d" % (col + 1) if col is not None else "")
        msg = str(exc).splitlines()[0] if str(exc) else ""
        result["error.txt"] = "%s: %s: %s\n" % (loc, type(exc).__name__, msg)
        with open(out, "w") as f:
            json.dump(result, f)
        return 0

    if kind == "flask":
        app_ctx, commands = flask_commands()
        if app_ctx is None:
            return fail(commands)
    else:
        app_ctx, commands = None, alembic_commands()

    try:
        if app_ctx is not None:
            app_ctx.push()
        commands["revision"]()
    except SystemExit as e:
        raise RuntimeError("alembic exited with %s" % e.code)
    except Exception as e:  # the project's own failure: where, and what
        if "md" in captured:
            raise
        return fail(e)
    md = captured["md"]
    notes = ["# %s" % w for w in dict.fromkeys(caught)]
    result["schema.txt"] = "".join(n + "\n" for n in notes) + dump_metadata(md)

    script = os.path.join(commands["versions"], "%s_init.py" % REV)
    with open(script) as f:
        text = f.read()
    i = text.index('"""')
    result["migration.py"] = text[text.index('"""', i + 3) + 3 :].lstrip("\n")
    added = add_imports(script)

    import sqlalchemy as sa

    engine = sa.create_engine(captured["url"])
    commands["upgrade"]()
    master = []
    if added:
        master.append("# before upgrade the script needed (Alembic does not write it): %s\n" % "; ".join(added))
    master.append("# after upgrade head\n")
    master.append(sqlite_master(engine))

    from alembic.autogenerate import produce_migrations, render_python_code
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        opts = dict(captured["opts"])
        opts["compare_type"] = True
        mc = MigrationContext.configure(conn, opts=opts)
        ops = produce_migrations(mc, md).upgrade_ops
        if ops.is_empty():
            result["check.txt"] = "no changes (compare_metadata, compare_type=True)\n"
        else:
            result["check.txt"] = render_python_code(ops).strip("\n") + "\n"

    commands["downgrade"]()
    master.append("# after downgrade base\n")
    master.append(sqlite_master(engine))
    result["sqlite_master.sql"] = "".join(master)
    if app_ctx is not None:
        app_ctx.pop()
    with open(out, "w") as f:
        json.dump(result, f)
    return 0


def alembic_commands():
    from alembic import command
    from alembic.config import Config

    cfg = Config("alembic.ini")
    return {
        "versions": os.path.join("alembic", "versions"),
        "revision": lambda: command.revision(cfg, message="init", autogenerate=True, rev_id=REV),
        "upgrade": lambda: command.upgrade(cfg, "head"),
        "downgrade": lambda: command.downgrade(cfg, "base"),
    }


def flask_commands():
    """Load the app as the `flask` command does (with python-dotenv: the
    variables of .flaskenv; FLASK_APP, else wsgi.py / app.py / an app
    package), then Flask-Migrate's commands."""
    if os.path.exists(".flaskenv"):
        with open(".flaskenv") as f:
            for line in f:
                k, _, v = line.strip().partition("=")
                if k and not k.startswith("#"):
                    os.environ[k] = v
    from flask.cli import ScriptInfo

    try:
        app = ScriptInfo().load_app()
    except Exception as e:
        return None, e
    import flask_migrate as fm

    return app.app_context(), {
        "versions": os.path.join("migrations", "versions"),
        "revision": lambda: fm.migrate(directory="migrations", message="init", rev_id=REV),
        "upgrade": lambda: fm.upgrade(directory="migrations"),
        "downgrade": lambda: fm.downgrade(directory="migrations", revision="base"),
    }


def add_imports(script):
    """Add the imports a generated script needs to run and does not have:
    Alembic writes `sqlmodel.sql.sqltypes.AutoString()` or `models.GUID()`
    without importing the module."""
    with open(script) as f:
        text = f.read()
    bound = {"op", "sa"}
    for m in re.finditer(r"(?m)^(?:import|from)\s+([\w.]+)(?:\s+as\s+(\w+))?", text):
        bound.add(m.group(2) or m.group(1).split(".")[0])
    for m in re.finditer(r"(?m)^from\s+[\w.]+\s+import\s+(.+)$", text):
        for n in m.group(1).split(","):
            bound.add(n.split(" as ")[-1].strip())
    for m in re.finditer(r"\bas\s+(\w+)\s*:", text):  # with ... as batch_op:
        bound.add(m.group(1))
    body = text[text.index("def upgrade"):]
    need = []
    for m in re.finditer(r"(?<![\w.'\"])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\.[A-Za-z_]\w*\(", body):
        mod = m.group(1)
        if mod.split(".")[0] not in bound and ("import " + mod) not in need:
            need.append("import " + mod)
    if need:
        text = text.replace("import sqlalchemy as sa\n", "import sqlalchemy as sa\n" + "".join(n + "\n" for n in need), 1)
        with open(script, "w") as f:
            f.write(text)
    return need


def sqlite_master(engine):
    import sqlalchemy as sa

    out = []
    with engine.connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY tbl_name, type DESC, name"
        )).fetchall()
    for typ, name, tbl, sql in rows:
        out.append("[%s %s on %s]\n" % (typ, name, tbl))
        out.append("\n".join(l.rstrip() for l in sql.splitlines()) + "\n" if sql else "(no sql)\n")
    return "".join(out)


# ---------------------------------------------------------------- the dump


def dump_metadata(md):
    """A normalized text form of a MetaData, the one engine/models/styles_test.go
    writes for Retort's schema. Text after "  # " on a line, and lines that
    start with "#", are notes the comparison ignores (repr(type), warnings)."""
    import sqlalchemy as sa
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateTable
    from sqlalchemy.sql.elements import conv

    if md is None:
        return "target_metadata is None\n"
    d = sqlite.dialect()
    lines = []

    def q(s):
        return repr(str(s))

    def mark(name):
        return " [conv]" if isinstance(name, conv) else ""

    def nm(name):
        return "" if name is None else " " + str(name)

    mds = md if isinstance(md, (list, tuple)) else [md]  # Alembic takes a sequence too
    for t in [t for m in mds for t in m.tables.values()]:
        ddl = d.ddl_compiler(d, CreateTable(t))
        head = "table " + t.name
        if t.schema:
            head += " schema=" + t.schema
        for k, v in sorted(t.dialect_kwargs.items()):
            head += " %s=%r" % (k, v)
        if t.comment:
            head += " comment=" + q(t.comment)
        lines.append(head)
        for c in t.columns:
            s = "  column %s %s %s %s" % (
                c.name, type_sql(c.type, d), type_class(c.type), "NULL" if c.nullable else "NOT NULL",
            )
            if c.primary_key:
                s += " PRIMARY KEY"
            if c.server_default is not None and c.server_default is not getattr(c, "identity", None):
                s += " DEFAULT " + server_default(c, ddl)
            if c.autoincrement != "auto":
                s += " autoincrement=%r" % (c.autoincrement,)
            ident = getattr(c, "identity", None)
            if ident is not None:
                args = ["always=%r" % ident.always]
                for a in ("start", "increment", "on_null"):
                    v = getattr(ident, a, None)
                    if v is not None:
                        args.append("%s=%r" % (a, v))
                s += " identity(%s)" % ", ".join(args)
            if c.computed is not None:
                s += " computed(%s, persisted=%r)" % (ddl.sql_compiler.process(c.computed.sqltext, include_table=False, literal_binds=True), c.computed.persisted)
            if c.comment:
                s += " comment=" + q(c.comment)
            s += "  # " + repr(c.type)
            lines.append(s)
        pk = t.primary_key
        if pk is not None and len(pk.columns):
            lines.append("  primary key%s (%s)%s" % (nm(pk.name), ", ".join(c.name for c in pk.columns), mark(pk.name)))
        uqs, fks, cks = [], [], []
        for con in t.constraints:
            if isinstance(con, sa.UniqueConstraint):
                uqs.append("  unique%s (%s)%s" % (nm(con.name), ", ".join(c.name for c in con.columns), mark(con.name)))
            elif isinstance(con, sa.ForeignKeyConstraint):
                tgt = [e.target_fullname for e in con.elements]
                reft = tgt[0].rsplit(".", 1)[0]
                s = "  foreign key%s (%s) -> %s(%s)" % (
                    nm(con.name), ", ".join(e.parent.name for e in con.elements), reft,
                    ", ".join(x.rsplit(".", 1)[1] for x in tgt),
                )
                if con.ondelete:
                    s += " ON DELETE " + con.ondelete
                if con.onupdate:
                    s += " ON UPDATE " + con.onupdate
                if con.deferrable is not None:
                    s += " DEFERRABLE" if con.deferrable else " NOT DEFERRABLE"
                if con.initially:
                    s += " INITIALLY " + con.initially
                fks.append(s + mark(con.name))
            elif isinstance(con, sa.CheckConstraint):
                sql = ddl.sql_compiler.process(con.sqltext, include_table=False, literal_binds=True)
                cks.append("  check%s (%s)%s" % (nm(con.name), sql, mark(con.name)))
        lines.extend(sorted(uqs))
        for ix in sorted(t.indexes, key=lambda i: str(i.name)):
            exprs = []
            for e in ix.expressions:
                if isinstance(e, sa.Column):
                    exprs.append(e.name)
                else:
                    exprs.append(ddl.sql_compiler.process(e, include_table=False, literal_binds=True))
            s = "  %s%s (%s)" % ("unique index" if ix.unique else "index", nm(ix.name), ", ".join(exprs))
            where = ix.dialect_options["sqlite"]["where"]
            if where is not None:
                s += " WHERE " + ddl.sql_compiler.process(where, include_table=False, literal_binds=True)
            lines.append(s + mark(ix.name))
        lines.extend(sorted(cks))
        lines.extend(sorted(fks))
    return "".join(l + "\n" for l in lines)


def sqlite_type(t):
    """The type a column has on SQLite: a variant for sqlite if there is one."""
    mapping = getattr(t, "_variant_mapping", None)  # 2.0
    if type(t).__name__ == "Variant":  # 1.4
        mapping, base = t.mapping, t.impl
    else:
        base = t
    if mapping and "sqlite" in mapping:
        return mapping["sqlite"]
    return base


def type_sql(t, d):
    return t.compile(dialect=d)


def type_class(t):
    """SQLAlchemy's class of the type SQLite gets (String, VARCHAR, Enum...),
    with ->Impl for a project's (or SQLModel's) TypeDecorator (not for
    SQLAlchemy's own, such as Interval), Enum's values and name, DateTime's
    timezone: what Retort's schema.Type can hold."""
    import sqlalchemy as sa

    t = sqlite_type(t)
    name = type(t).__name__
    if isinstance(t, sa.types.TypeDecorator) and not type(t).__module__.startswith("sqlalchemy."):
        impl = t.impl_instance if hasattr(t, "impl_instance") else t.impl
        name += "->" + type(impl).__name__
        t = impl
    if isinstance(t, sa.Enum):
        args = [repr(e) for e in t.enums]
        if t.name:
            args.append("name=%r" % t.name)
        name += "(" + ", ".join(args) + ")"
    elif isinstance(t, sa.DateTime) and t.timezone:
        name += "(timezone=True)"
    return name


def server_default(c, ddl):
    """The DEFAULT clause's SQL as Alembic 1.8.1 writes it into a script for
    SQLite, and so into the database: a string as a quoted literal, an
    expression through SQLiteImpl.render_ddl_sql_expr (which puts it in
    parentheses unless it is one digit, a quoted string or already in
    parentheses: func.now() -> (CURRENT_TIMESTAMP), text("0") -> 0,
    text("10") -> (10)). SQLAlchemy's own create_all() DDL differs (1.4
    parenthesizes every expression, 2.0 only those with a non-word
    character), which is why the dump does not use it."""
    from alembic.migration import MigrationContext
    from sqlalchemy import types
    from sqlalchemy.schema import DefaultClause

    sd = c.server_default
    if not isinstance(sd, DefaultClause):
        return type(sd).__name__ + "()"
    if isinstance(sd.arg, str):
        return ddl.sql_compiler.render_literal_value(sd.arg, types.String())
    impl = MigrationContext.configure(dialect_name="sqlite").impl
    return impl.render_ddl_sql_expr(sd.arg, is_server_default=True)


if __name__ == "__main__":
    sys.exit(main())
