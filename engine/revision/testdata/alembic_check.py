#!/usr/bin/env python3
"""Run the scenario commands of testdata/scenarios/*.txtar against real Alembic.

A development aid, not a test: `go test` never runs it. With Debian's
python3-alembic installed (Alembic 1.8.1; run /usr/bin/python3):

    /usr/bin/python3 testdata/alembic_check.py testdata/scenarios/*.txtar

prints, for each scenario, a unified diff between the "output" section Retort
wrote and what Alembic's own RevisionMap, ScriptDirectory, HeadMaintainer and
command formatting produce for the same graph and commands. Where Alembic's
result depends on Python's set order (which row a merge updates, the order
`current` lists several heads in), a diff may show that order only.
"""

import difflib
import re
import sys
import types
import warnings

from alembic import util
from alembic.runtime import migration
from alembic.script import ScriptDirectory
from alembic.script.base import Script
from alembic.script.revision import RevisionMap

DATE = "2014-11-20 13:02:46.257104"


def parse_archive(text):
    files, name, buf, comment = {}, None, [], []
    for line in text.splitlines(keepends=True):
        s = line.rstrip("\n")
        if s.startswith("-- ") and s.endswith(" --") and len(s) > 6:
            if name is None:
                comment = buf
            else:
                files[name] = "".join(buf)
            name, buf = s[3:-3].strip(), []
            continue
        buf.append(line)
    if name is not None:
        files[name] = "".join(buf)
    return files


def build(graph_text):
    scripts = []
    for line in graph_text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        spec, _, msg = line.partition(" : ")
        fields = spec.split()
        rev, down, labels, deps = fields[0], None, None, None
        i = 1
        while i < len(fields):
            f = fields[i]
            if f == "<-":
                down = tuple(fields[i + 1].split(","))
                if len(down) == 1:
                    down = down[0]
                i += 1
            elif f.startswith("labels="):
                labels = tuple(f[len("labels="):].split(","))
            elif f.startswith("deps="):
                deps = tuple(f[len("deps="):].split(","))
                if len(deps) == 1:
                    deps = deps[0]
            i += 1
        slug = "_".join(re.findall(r"\w+", msg)).lower()
        path = "foo/versions/%s_%s.py" % (rev, slug)
        downs = util.to_tuple(down, default=())

        def upgrade():
            pass

        def downgrade():
            pass

        mod = types.SimpleNamespace(
            __doc__="%s\n\nRevision ID: %s\nRevises: %s\nCreate Date: %s\n\n"
            % (msg, rev, ", ".join(downs), DATE),
            down_revision=down,
            branch_labels=labels,
            depends_on=deps,
            upgrade=upgrade,
            downgrade=downgrade,
        )
        scripts.append(Script(mod, rev, path))
    scripts.sort(key=lambda s: s.path)
    sd = ScriptDirectory("/")
    sd.revision_map = RevisionMap(lambda: iter(scripts))
    sd.revision_map._revision_map  # build now, so errors surface here
    return sd


class FakeImpl:
    def __init__(self, log):
        self.log = log

    def _exec(self, construct, *a, **kw):
        self.log.append(construct)


class FakeContext:
    def __init__(self):
        from sqlalchemy import Column, MetaData, String, Table

        self.calls = []
        self.impl = FakeImpl(self.calls)
        self.as_sql = True
        self._version = Table(
            "alembic_version", MetaData(), Column("version_num", String(32))
        )


class Recorder(migration.HeadMaintainer):
    def __init__(self, heads):
        super().__init__(FakeContext(), heads)
        self.changes = []

    def _insert_version(self, version):
        self.changes.append("  INSERT " + version)
        assert version not in self.heads
        self.heads.add(version)

    def _delete_version(self, version):
        self.changes.append("  DELETE " + version)
        self.heads.remove(version)

    def _update_version(self, from_, to_):
        self.changes.append("  UPDATE %s -> %s" % (from_, to_))
        assert to_ not in self.heads
        self.heads.remove(from_)
        self.heads.add(to_)


def rows(s):
    return () if s == "-" else tuple(s.split(","))


def run(sd, line):
    out = []
    p = out.append
    args = line.split()
    flags, pos = {}, []
    i = 1
    while i < len(args):
        a = args[i]
        if a in ("-v", "-i", "--splice"):
            flags[a] = True
        elif a == "-r" and i + 1 < len(args):
            flags["-r"] = args[i + 1]
            i += 1
        elif a.startswith("-r") and len(a) > 2 and args[0] == "history":
            flags["-r"] = a[2:]
        elif a.startswith("current="):
            flags["current"] = a[len("current="):]
        else:
            pos.append(a)
        i += 1
    verbose = flags.get("-v", False)
    cmd = args[0]

    def steps_out(steps, heads):
        hm = Recorder(heads)
        for step in steps:
            p("Running %s" % step)
            hm.changes = []
            hm.update_to_step(step)
            out.extend(hm.changes)
            p("  rows: " + ", ".join(sorted(hm.heads)))

    try:
        if cmd == "heads":
            for rev in sd.get_revisions(sd.get_heads()):
                p(rev.cmd_format(verbose, include_branches=True, tree_indicators=False))
        elif cmd == "history":
            rr = flags.get("-r")
            current = rows(flags["current"]) if "current" in flags else ()
            if rr is not None:
                if ":" not in rr:
                    raise util.CommandError(
                        "History range requires [start]:[end], [start]:, or :[end]"
                    )
                base, head = rr.strip().split(":")
            else:
                base = head = None
            if head == "current":
                base, head = base, current
            elif base == "current":
                base, head = current, head
            for sc in sd.walk_revisions(base=base or "base", head=head or "heads"):
                sc._db_current_indicator = bool(flags.get("-i")) and sc.revision in current
                p(sc.cmd_format(verbose=verbose, include_branches=True,
                                include_doc=True, include_parents=True))
                sc._db_current_indicator = None
        elif cmd == "current":
            revs = sd.get_all_current(rows(pos[0]))
            order = {r: i for i, r in enumerate(rows(pos[0]))}
            for rev in sorted(revs, key=lambda r: order.get(r.revision, 1000)):
                p(rev.cmd_format(verbose))
        elif cmd == "branches":
            for sc in sd.walk_revisions():
                if sc.is_branch_point:
                    p("%s\n%s\n" % (
                        sc.cmd_format(verbose, include_branches=True),
                        "\n".join(
                            "%s -> %s" % (" " * len(str(sc.revision)),
                                          sd.get_revision(rev).cmd_format(
                                              False, include_branches=True,
                                              include_doc=verbose))
                            for rev in sorted(sc.nextrev, key=lambda r: sd.get_revision(r).path)
                        )))
        elif cmd == "show":
            for sc in sd.get_revisions(tuple(pos)):
                p(sc.log_entry)
        elif cmd == "get":
            r = sd.get_revision(pos[0])
            p("<base>" if r is None else r.revision)
        elif cmd == "getall":
            p("[" + ", ".join(r.revision for r in sd.get_revisions(pos[0]) if r is not None and r != "base") + "]")
        elif cmd == "upgrade":
            heads = rows(pos[0])
            steps_out(sd._upgrade_revs(pos[1], heads), heads)
        elif cmd == "downgrade":
            heads = rows(pos[0])
            steps_out(sd._downgrade_revs(pos[1], heads), heads)
        elif cmd == "stamp":
            heads = rows(pos[0])
            steps_out(sd._stamp_revs(tuple(pos[1:]) or "heads", heads), heads)
        elif cmd == "new":
            head = tuple(pos) if len(pos) > 1 else (pos[0] if pos else "head")
            with sd._catch_revision_errors(multiple_heads=(
                    "Multiple heads are present; please specify the head "
                    "revision on which the new revision should be based, "
                    "or perform a merge.")):
                heads = sd.revision_map.get_revisions(head)
            if len(set(heads)) != len(heads):
                raise util.CommandError("Duplicate head revisions specified")
            if not flags.get("--splice"):
                for h in heads:
                    if h is not None and not h.is_head:
                        raise util.CommandError(
                            "Revision %s is not a head revision; please specify "
                            "--splice to create a new branch from this revision" % h.revision)
            p("down_revision: [" + ", ".join(h.revision for h in heads if h is not None) + "]")
        else:
            p("unknown command " + cmd)
    except util.CommandError as e:
        p("error: %s" % e)
    except Exception as e:  # Alembic fails here with a Python error
        p("error: (alembic %s) %s" % (type(e).__name__, e))
    text = "\n".join(out)
    return text + "\n" if out else ""


def main(paths):
    warnings.simplefilter("ignore")
    status = 0
    for path in paths:
        files = parse_archive(open(path).read())
        got = []
        try:
            sd = build(files["graph"])
        except Exception as e:
            got.append("error: (alembic %s) %s\n" % (type(e).__name__, e))
        else:
            for line in files.get("commands", "").splitlines():
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                got.append("> %s\n" % line)
                got.append(run(sd, line))
        want = files.get("output", "")
        diff = list(difflib.unified_diff(
            want.splitlines(True), "".join(got).splitlines(True),
            path + " (retort)", path + " (alembic)"))
        if diff:
            status = 1
            sys.stdout.writelines(diff)
        else:
            print("%s: same as Alembic" % path)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
