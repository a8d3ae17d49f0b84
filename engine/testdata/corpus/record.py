#!/usr/bin/python3
"""Record the corpus goldens with the real Alembic (Debian's 1.8.1, SQLAlchemy 1.4.46).

Usage (from anywhere):  /usr/bin/python3 engine/testdata/corpus/record.py [--check] [PROJECT ...]
(a PROJECT is a folder beside this file, or a path relative to it, such as
../corpus-harness/tutorial). With --check (make parity), nothing is written: it
records again and fails when a golden is not what the real Alembic does today.

For each project folder beside this file (or those named), the recorder copies the
folder into a temporary directory, runs seed.sql there if the project has one, then
runs each command of the project's corpus.json "steps" with /usr/bin/alembic. Before
each command it inserts a few rows into every user table (generated deterministically
from the table's columns, types, NOT NULL, foreign keys, UNIQUE and simple CHECKs;
a row SQLite refuses is dropped), and after it dumps the schema and every table's rows.
Everything goes into <project>/golden.txtar, which engine/corpus_test.go replays
through Retort. The dump format is the one engine/corpus_test.go writes: change both
together.
"""

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ALEMBIC = "/usr/bin/alembic"
ROWS_PER_TABLE = 1
# A table that already holds this many rows gets no more: every step runs on rows,
# and the goldens stay small.
MAX_ROWS = 3
# Files of a project folder that are not part of the Alembic project.
NOT_COPIED = {"golden.txtar", "SOURCE.md", "LICENSE", "corpus.json", "seed.sql"}


# ---- the dump (engine/corpus_test.go has the same, in Go) ----

CONSTRAINT_ITEM = re.compile(r"(CONSTRAINT|PRIMARY\s+KEY|UNIQUE|CHECK|FOREIGN\s+KEY)\b", re.I)


def split_top(body):
    """Split a CREATE TABLE body at its top-level commas."""
    items, depth, quote, start = [], 0, None, 0
    for i, ch in enumerate(body):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"`":
            quote = ch
        elif ch == "[":
            quote = "]"
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            items.append(body[start:i].strip())
            start = i + 1
    items.append(body[start:].strip())
    return items


PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*$")


def unquote_names(sql):
    """Double-quoted names that need no quotes lose them ("users" -> users): Retort
    quotes every name it writes, SQLAlchemy only those that need it (key, "order")."""
    out, i = [], 0
    while i < len(sql):
        ch = sql[i]
        if ch == "'":
            j = i + 1
            while j < len(sql):
                if sql[j] == "'":
                    if j + 1 < len(sql) and sql[j + 1] == "'":
                        j += 2
                        continue
                    break
                j += 1
            out.append(sql[i:j + 1])
            i = j + 1
        elif ch == '"':
            j = sql.find('"', i + 1)
            if j < 0:
                out.append(sql[i:])
                break
            name = sql[i + 1:j]
            out.append(name if PLAIN_NAME.match(name) else sql[i:j + 1])
            i = j + 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def norm_sql(sql):
    """An object's SQL on one line, names unquoted where they need no quotes. A CREATE
    TABLE's table constraints are sorted: Alembic's batch mode writes them in an order
    that changes from run to run (it keeps them in sets), so only the columns' order
    is compared."""
    sql = unquote_names(" ".join((sql or "").split()))
    if not re.match(r"CREATE TABLE ", sql, re.I):
        return sql
    open_ = sql.find("(")
    close = sql.rfind(")")
    if open_ < 0 or close < open_:
        return sql
    items = split_top(sql[open_ + 1:close])
    cols = [it for it in items if not CONSTRAINT_ITEM.match(it)]
    cons = sorted(it for it in items if CONSTRAINT_ITEM.match(it))
    return sql[:open_] + "(" + ", ".join(cols + cons) + ")" + sql[close + 1:]


def sql_lit(v):
    """A value as an SQL literal, for the INSERT statements."""
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return str(int(v))
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, bytes):
        return "X'" + v.hex().upper() + "'"
    return "'" + v.replace("'", "''") + "'"


def one_line(s):
    return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")


def float_repr(f):
    if f != f:
        return "nan"
    if f in (float("inf"), float("-inf")):
        return "inf" if f > 0 else "-inf"
    return repr(f)


def cell(quoted, real):
    """One value of a row: SQLite's quote() of it, but a REAL as Python's repr
    (quote() rounds to 15 digits), on one line."""
    if real is not None:
        return float_repr(real)
    return one_line(quoted)


def shadow(db, name):
    """Whether a table is a virtual table's shadow table (an FTS5 table's
    <name>_data, _idx, ...): its rows and SQL are the module's, not the schema's."""
    for (vt,) in db.execute("SELECT name FROM sqlite_master WHERE type='table' AND sql LIKE 'CREATE VIRTUAL TABLE%'"):
        if name.startswith(vt + "_"):
            return True
    return False


def user_tables(db):
    return [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        if not shadow(db, r[0])]


def dump_schema(db):
    out = []
    objs = db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master "
                      "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").fetchall()
    for typ, name, tbl, sql in objs:
        if typ != "table" or shadow(db, name):
            continue
        out.append("table %s" % name)
        out.append("  sql %s" % norm_sql(sql))
        for cid, cname, ctype, notnull, dflt, pk in db.execute("PRAGMA table_info(%s)" % qi(name)).fetchall():
            out.append("  column %d %s type=%s notnull=%d pk=%d default=%s" % (cid, cname, ctype, notnull, pk, "NULL" if dflt is None else one_line(dflt)))
        # Indexes by name; SQLite's automatic ones (sqlite_autoindex_<table>_<n>) by
        # their columns, since n follows the order of the table's constraints.
        idx = []
        for seq, iname, unique, origin, partial in db.execute("PRAGMA index_list(%s)" % qi(name)).fetchall():
            cols = [(seqno, "NULL" if cname is None else cname) for seqno, cid, cname in db.execute("PRAGMA index_info(%s)" % qi(iname)).fetchall()]
            label = iname
            if iname.startswith("sqlite_autoindex_"):
                label = "sqlite_autoindex_%s(%s)" % (name, ", ".join(c for _, c in cols))
            idx.append((label, unique, origin, partial, cols))
        for label, unique, origin, partial, cols in sorted(idx):
            out.append("  index %s unique=%d origin=%s partial=%d" % (label, unique, origin, partial))
            for seqno, cname in cols:
                out.append("    column %d %s" % (seqno, cname))
        # Foreign keys sorted: their ids follow the order of the table's constraints.
        fks = {}
        for fid, seq, parent, frm, to, onupd, ondel, match in db.execute("PRAGMA foreign_key_list(%s)" % qi(name)).fetchall():
            fks.setdefault(fid, []).append((seq, parent, frm, "NULL" if to is None else to, onupd, ondel, match))
        lines = []
        for rows in fks.values():
            rows.sort()
            _, parent, _, _, onupd, ondel, match = rows[0]
            lines.append("  fk (%s) -> %s (%s) on_update=%s on_delete=%s match=%s" % (
                ", ".join(r[2] for r in rows), parent, ", ".join(r[3] for r in rows), onupd, ondel, match))
        out.extend(sorted(lines))
    for typ, name, tbl, sql in objs:
        if typ == "table":
            continue
        out.append("%s %s on %s" % (typ, name, tbl))
        out.append("  sql %s" % ("NULL" if sql is None else norm_sql(sql)))
    return "\n".join(out) + "\n" if out else ""


def qi(name):
    return '"' + name.replace('"', '""') + '"'


def has_rowid(db, table):
    sql = db.execute("SELECT sql FROM sqlite_master WHERE type='table' AND name=?", (table,)).fetchone()[0] or ""
    return not re.search(r"\)\s*WITHOUT\s+ROWID\s*;?\s*$", sql, re.I)


def dump_rows(db):
    out = []
    for t in user_tables(db):
        cols = [r[1] for r in db.execute("PRAGMA table_info(%s)" % qi(t))]
        out.append("table %s (%s)" % (t, ", ".join(cols)))
        sel = ", ".join("quote(%s), CASE WHEN typeof(%s) = 'real' THEN %s END" % (qi(c), qi(c), qi(c)) for c in cols)
        if has_rowid(db, t):
            order = "rowid"
        else:
            order = ", ".join(str(i + 1) for i in range(len(cols)))
        for row in db.execute("SELECT %s FROM %s ORDER BY %s" % (sel, qi(t), order)):
            out.append("  " + ", ".join(cell(row[i], row[i + 1]) for i in range(0, len(row), 2)))
    return "\n".join(out) + "\n" if out else ""


# ---- the rows inserted before each step ----

CHECK_IN = re.compile(r"CHECK\s*\(\s*\"?(\w+)\"?\s+IN\s*\(([^()]*)\)\s*\)", re.I)


def check_values(sql):
    """Columns whose CHECK is a plain IN list: the first literal of the list."""
    vals = {}
    for col, items in CHECK_IN.findall(sql or ""):
        parts = [p.strip() for p in items.split(",") if p.strip()]
        if not parts:
            continue
        lits = []
        for p in parts:
            if p.startswith("'") and p.endswith("'"):
                lits.append(p[1:-1].replace("''", "'"))
            else:
                try:
                    lits.append(int(p))
                except ValueError:
                    pass
        if lits:
            vals[col] = lits
    return vals


def length_of(ctype):
    m = re.search(r"\(\s*(\d+)", ctype or "")
    return int(m.group(1)) if m else None


def value_for(table, col, ctype, step, k, checks):
    n = step * 10 + k
    if col in checks:
        lits = checks[col]
        return lits[k % len(lits)]
    t = (ctype or "").upper()
    if "BOOL" in t:
        return k % 2
    if "INT" in t:
        return n
    if "DATETIME" in t or "TIMESTAMP" in t:
        return "2020-01-%02d 10:%02d:00.000000" % (1 + step % 28, k)
    if t.startswith("DATE"):
        return "2020-01-%02d" % (1 + step % 28)
    if t.startswith("TIME"):
        return "10:%02d:00.000000" % k
    if any(x in t for x in ("REAL", "FLOA", "DOUB", "NUMERIC", "DECIMAL")):
        return n + 0.5
    if "BLOB" in t or "BINARY" in t:
        return bytes([step % 256, k % 256])
    if "JSON" in t:
        return '{"step": %d, "row": %d}' % (step, k)
    s = "%s %s %d" % (col, "s%dr%d" % (step, k), n)
    ln = length_of(ctype)
    if ln is not None and len(s) > ln:
        s = ("s%dr%d" % (step, k))[-ln:] if ln >= 1 else ""
    return s


def parents_first(db):
    """User tables in name order, each after the tables its foreign keys point at
    (a cycle is broken in name order)."""
    tables = user_tables(db)
    deps = {t: sorted({r[2] for r in db.execute("PRAGMA foreign_key_list(%s)" % qi(t))} & set(tables) - {t}) for t in tables}
    out, seen = [], set()

    def visit(t, path):
        if t in seen or t in path:
            return
        path.add(t)
        for d in deps[t]:
            visit(d, path)
        path.discard(t)
        seen.add(t)
        out.append(t)

    for t in tables:
        visit(t, set())
    return out


def make_inserts(db, step, cfg):
    """The INSERT statements that succeed before step `step`, executed on db."""
    skip = set(cfg.get("skip_rows", []))
    values = cfg.get("values", {})
    done = []
    for t in parents_first(db):
        if t == "alembic_version" or t in skip:
            continue
        sql = db.execute("SELECT sql FROM sqlite_master WHERE type='table' AND name=?", (t,)).fetchone()[0]
        if sql and sql.upper().startswith("CREATE VIRTUAL"):
            continue
        if db.execute("SELECT count(*) FROM %s" % qi(t)).fetchone()[0] >= MAX_ROWS:
            continue
        cols = db.execute("PRAGMA table_info(%s)" % qi(t)).fetchall()
        fks = {}
        for fid, seq, parent, frm, to, *_ in db.execute("PRAGMA foreign_key_list(%s)" % qi(t)).fetchall():
            fks[frm] = (parent, to)
        checks = check_values(sql)
        for k in range(1, ROWS_PER_TABLE + 1):
            names, vals, ok = [], [], True
            for cid, cname, ctype, notnull, dflt, pk in cols:
                key = "%s.%s" % (t, cname)
                if key in values:
                    v = values[key]
                    if isinstance(v, str):
                        v = v.replace("{step}", str(step)).replace("{row}", str(k))
                elif cname in fks:
                    parent, to = fks[cname]
                    to = to or "rowid"
                    try:
                        prow = db.execute("SELECT %s FROM %s WHERE %s IS NOT NULL ORDER BY rowid" % (qi(to), qi(parent), qi(to))).fetchall()
                    except sqlite3.Error:
                        prow = []
                    if prow:
                        # the newest parent row: rows of different steps
                        # point at different parents
                        v = prow[-1][0]
                    elif notnull:
                        ok = False
                        break
                    else:
                        v = None
                else:
                    v = value_for(t, cname, ctype, step, k, checks)
                names.append(cname)
                vals.append(v)
            if not ok or not names:
                continue
            stmt = "INSERT INTO %s (%s) VALUES (%s);" % (qi(t), ", ".join(qi(n) for n in names), ", ".join(sql_lit(v) for v in vals))
            try:
                db.execute(stmt)
            except sqlite3.Error:
                continue
            done.append(stmt)
    db.commit()
    return done


# ---- running ----

NOW = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?")


UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def normalize(text, today):
    """Values that differ on every run: timestamps of the day of recording
    (CURRENT_TIMESTAMP defaults, datetime.now() in scripts) become <now>, and UUIDs
    (uuid.uuid4() in scripts; the inserted rows hold none) become <uuid>."""
    text = NOW.sub(lambda m: "<now>" if m.group(0)[:10] in today else m.group(0), text)
    return UUID.sub("<uuid>", text)


def run(arg, check=False):
    """Records a project; with check, compares the recording with its golden
    instead of writing it, and returns whether they are equal."""
    src = os.path.normpath(os.path.join(HERE, arg))  # a folder here, or a path from here
    project = os.path.basename(src)
    with open(os.path.join(src, "corpus.json")) as f:
        cfg = json.load(f)
    tmp = tempfile.mkdtemp(prefix="corpus-%s-" % project)
    try:
        work = os.path.join(tmp, project)
        shutil.copytree(src, work, ignore=lambda d, names: [n for n in names if n in NOT_COPIED or n == "__pycache__" or n.endswith(".db")])
        dbpath = os.path.join(work, "corpus.db")
        db = sqlite3.connect(dbpath, isolation_level=None)
        parts = []
        seed = os.path.join(src, "seed.sql")
        if os.path.exists(seed):
            with open(seed) as f:
                db.executescript(f.read())
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", COLUMNS="80", PYTHONHASHSEED="0")
        import datetime
        today = {datetime.date.today().isoformat(), datetime.datetime.utcnow().date().isoformat()}
        for i, command in enumerate(cfg["steps"], 1):
            db = sqlite3.connect(dbpath)
            stmts = make_inserts(db, i, cfg)
            # corpus.json "sql": statements a project needs before a step, after
            # the inserts (to give rows what the application always gives them).
            for stmt in cfg.get("sql", {}).get(str(i), []):
                db.execute(stmt)
                stmts.append(stmt)
            db.commit()
            db.close()
            p = subprocess.run([ALEMBIC] + command.split(), cwd=work, env=env, capture_output=True, text=True)
            if p.returncode != 0:
                sys.exit("%s: step %d (alembic %s) failed after these inserts:\n%s\n%s%s" % (project, i, command, "\n".join(stmts), p.stdout, p.stderr))
            db = sqlite3.connect(dbpath)
            name = "%02d" % i
            parts.append(("%s/inserts.sql" % name, "".join(s + "\n" for s in stmts)))
            log = "$ alembic %s\n" % command
            log += "".join("stdout: %s\n" % l for l in p.stdout.splitlines())
            log += "".join(l + "\n" for l in p.stderr.splitlines())
            parts.append(("%s/log" % name, log.replace(work, "<project>")))
            parts.append(("%s/schema" % name, dump_schema(db)))
            parts.append(("%s/rows" % name, normalize(dump_rows(db), today)))
            db.close()
        golden = os.path.join(src, "golden.txtar")
        if check:
            with open(golden) as f:
                want = read_golden(f.read())
            for (name, body), (wname, wbody) in zip(parts, want):
                if (name, body) != (wname, wbody):
                    print("%s: %s differs from the golden (%s):\n--- golden\n%s--- alembic\n%s" % (project, name, wname, wbody, body))
                    return False
            if len(parts) != len(want):
                print("%s: %d parts recorded, the golden has %d" % (project, len(parts), len(want)))
                return False
            print("%s: %d steps, as the golden says" % (project, len(cfg["steps"])))
            return True
        with open(golden, "w") as f:
            f.write(emit_golden(parts))
        print("%s: %d steps recorded" % (project, len(cfg["steps"])))
        return True
    finally:
        shutil.rmtree(tmp)


GOLDEN_HEAD = ("Recorded by record.py with alembic 1.8.1 / SQLAlchemy 1.4.46 (Debian); do not edit.\n"
               "Each step NN: NN/inserts.sql ran first (replay it), then the command in NN/log;\n"
               "NN/schema and NN/rows are the database after it: \"(same as MM)\", as after step MM;\n"
               "\"(as MM)\" followed by its blocks (a table, index or trigger and its indented lines), each\n"
               "written out, or \"= KIND NAME\" for a block as after step MM.\n"
               "<now> marks a timestamp of the day of recording, <uuid> a UUID.\n")


def blocks(dump):
    """A dump's blocks, in order: (key, text), the key its first two words."""
    out = []
    for line in dump.splitlines(True):
        if not line.startswith(" "):
            out.append([" ".join(line.split()[:2]), line])
        else:
            out[-1][1] += line
    return out


def emit_golden(parts):
    """The golden's text: each schema and rows dump written against the
    step before's, block by block, so that a long history's golden holds what
    each step changed."""
    out = [GOLDEN_HEAD]
    last = {}
    for name, body in parts:
        num, part = name.split("/")
        if part in ("schema", "rows") and part in last:
            base_num, base = last[part]
            last[part] = (num, body)
            if base == body:
                out.append("-- %s --\n(same as %s)\n" % (name, base_num))
                continue
            before = dict(blocks(base))
            delta = "".join("= %s\n" % key if before.get(key) == text else text for key, text in blocks(body))
            if len(delta) < len(body):
                out.append("-- %s --\n(as %s)\n%s" % (name, base_num, delta))
                continue
            out.append("-- %s --\n%s" % (name, body))
            continue
        if part in ("schema", "rows"):
            last[part] = (num, body)
        out.append("-- %s --\n%s" % (name, body))
    return "".join(out)


def read_golden(text):
    """The parts of a golden, each dump written out whole."""
    pieces = re.split(r"(?m)^-- (.+?) --\n", text)
    parts, full = [], {}
    for name, body in zip(pieces[1::2], pieces[2::2]):
        num, part = name.split("/")
        m = re.match(r"\((same as|as) (\w+)\)\n", body)
        if m:
            base = full[(m.group(2), part)]
            if m.group(1) == "same as":
                body = base
            else:
                before = dict(blocks(base))
                body = "".join(before[line[2:].rstrip("\n")] if line.startswith("= ") else line
                               for line in body[m.end():].splitlines(True))
        full[(num, part)] = body
        parts.append((name, body))
    return parts


def main(argv):
    if argv[:1] == ["--rewrite"]:
        # Write the goldens again in the current format, without recording.
        for p in argv[1:] or sorted(d for d in os.listdir(HERE) if os.path.exists(os.path.join(HERE, d, "golden.txtar"))):
            path = os.path.join(HERE, p, "golden.txtar")
            with open(path) as f:
                parts = read_golden(f.read())
            with open(path, "w") as f:
                f.write(emit_golden(parts))
        return
    check = argv[:1] == ["--check"]
    if check:
        argv = argv[1:]
    projects = argv or sorted(d for d in os.listdir(HERE) if os.path.exists(os.path.join(HERE, d, "corpus.json")))
    if check and not argv:
        harness = os.path.join(HERE, "..", "corpus-harness")
        projects += sorted(os.path.join("..", "corpus-harness", d) for d in os.listdir(harness)
                           if os.path.exists(os.path.join(harness, d, "corpus.json")))
    failed = [p for p in projects if not run(p, check)]
    if failed:
        sys.exit("not as recorded: " + ", ".join(failed))


if __name__ == "__main__":
    main(sys.argv[1:])
