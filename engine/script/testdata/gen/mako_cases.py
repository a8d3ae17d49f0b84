"""Writes ../mako.txtar: templates using the Mako subset, rendered by real Mako.

    /usr/bin/python3 mako_cases.py > ../mako.txtar

Variables are those of a merge revision with a branch label (see VARS); each
case is NAME.mako and NAME.out. Tests never run this script.
"""
from mako.template import Template
from alembic import util

VARS = dict(
    up_revision="ccccccccc000",
    down_revision=("aaaaaaaaa000", "bbbbbbbbb000"),
    branch_labels=("feature",),
    depends_on=None,
    create_date="2026-11-25 19:27:20.828640",
    comma=util.format_as_comma,
    message="merge heads",
    imports="",
    upgrades="op.execute('SELECT 1')",
    downgrades="",
)

cases = {
    "control": """\
<%! import re %>
## a comment line, not in the output
Revision ${up_revision}
% if down_revision:
Revises: ${down_revision | comma,n}
% elif branch_labels:
no down but labels
% else:
base
% endif
% for rev in down_revision:
  parent ${rev} (${repr(rev)})
% endfor
%% literally
joined \\
line
<%text>${not evaluated}</%text>
""",
    "expressions": """\
${repr(up_revision)} ${repr(down_revision)} ${repr(branch_labels)} ${repr(depends_on)}
${down_revision} ${branch_labels | comma,n} ${depends_on | comma,n}[${depends_on}]
${upgrades if upgrades else "pass"} / ${downgrades if downgrades else "pass"}
${", ".join(down_revision)} ${len(down_revision)} ${message.upper()} ${"x" + message}
${"%s-%r" % (up_revision, message)} ${not depends_on} ${depends_on is None} ${up_revision == 'ccccccccc000'}
${down_revision[0]} ${down_revision[-1]} ${'feature' in branch_labels} ${str(None)} ${'a' 'b'}
${message | h} ${" padded " | trim} ${up_revision | n}
""",
    "filters-default-first": """\
${down_revision | comma}
""",
    "nested": """\
% for rev in down_revision:
% if rev == "aaaaaaaaa000":
first ${rev}
% else:
other ${rev}
% endif
% endfor
""",
}

print("Templates in Alembic's Mako subset and what real Mako renders from them;")
print("from testdata/gen/mako_cases.py.")
for name, src in cases.items():
    print("-- %s.mako --" % name)
    print(src, end="")
    print("-- %s.out --" % name)
    print(Template(text=src).render_unicode(**VARS), end="")
