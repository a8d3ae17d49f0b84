#!/usr/bin/python3
"""Count the constructs the corpus's revision scripts use beyond plain op.* calls.

Usage: /usr/bin/python3 engine/testdata/corpus/constructs.py > engine/testdata/corpus/constructs.txt

For each revision script (the Python ast of it): its imports, the statements at module
level besides imports, revision identifiers and upgrade()/downgrade(), the statements
and expressions inside functions, every call (a local variable written <var>, a call on
the result of a call <expr>), and some keyword arguments; each with its count per
project. CONSTRUCTS.md is the checklist drawn from it.
"""

import ast, glob, os, sys, collections, json
ROOT = os.path.dirname(os.path.abspath(__file__))
projects = sorted(d for d in os.listdir(ROOT) if os.path.exists(os.path.join(ROOT, d, "corpus.json")))
calls = collections.defaultdict(collections.Counter)
stmts = collections.defaultdict(collections.Counter)
imports = collections.defaultdict(collections.Counter)
misc = collections.defaultdict(collections.Counter)
nfiles = {}

def versions_files(p):
    ini = open(os.path.join(ROOT, p, "alembic.ini")).read()
    loc = [l.split("=", 1)[1].strip() for l in ini.splitlines() if l.startswith("script_location")][0]
    return sorted(glob.glob(os.path.join(ROOT, p, loc, "versions", "*.py")))

for p in projects:
    files = [f for f in versions_files(p) if not f.endswith("__init__.py")]
    nfiles[p] = len(files)
    for f in files:
        tree = ast.parse(open(f).read())
        imported = set()
        for n in ast.walk(tree):
            if isinstance(n, ast.Import):
                for a in n.names:
                    imported.add((a.asname or a.name).split(".")[0])
                    imports[a.name][p] += 1
            elif isinstance(n, ast.ImportFrom):
                for a in n.names:
                    imported.add(a.asname or a.name)
                imports["from %s import %s" % (n.module, ", ".join(a.name for a in n.names))][p] += 1
        # module level statements beyond imports/revision ids/upgrade/downgrade
        for n in tree.body:
            if isinstance(n, (ast.Import, ast.ImportFrom)):
                continue
            if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant):
                continue
            if isinstance(n, ast.FunctionDef) and n.name in ("upgrade", "downgrade"):
                continue
            if isinstance(n, (ast.Assign, ast.AnnAssign)):
                tg = n.targets[0] if isinstance(n, ast.Assign) else n.target
                name = ast.unparse(tg)
                if name in ("revision", "down_revision", "branch_labels", "depends_on"):
                    continue
                v = n.value
                kind = type(v).__name__
                if isinstance(v, ast.Call):
                    kind = "call " + ast.unparse(v.func)
                stmts["module-level assignment (%s)" % kind][p] += 1
                continue
            if isinstance(n, ast.FunctionDef):
                stmts["module-level helper function"][p] += 1
                continue
            if isinstance(n, ast.ClassDef):
                bases = ",".join(ast.unparse(b) for b in n.bases)
                stmts["module-level class (bases %s)" % bases][p] += 1
                continue
            stmts["module-level %s" % type(n).__name__][p] += 1
        for fn in [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]:
            local = set()
            for n in ast.walk(fn):
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                    local.add(n.id)
                if isinstance(n, ast.arg):
                    local.add(n.arg)
            for n in ast.walk(fn):
                if n is fn:
                    continue
                t = type(n).__name__
                if isinstance(n, (ast.If, ast.For, ast.While, ast.With, ast.Try, ast.Raise, ast.Return, ast.FunctionDef, ast.ClassDef, ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.JoinedStr, ast.AugAssign, ast.Assert, ast.Delete, ast.Global, ast.Nonlocal, ast.Break, ast.Continue, ast.IfExp, ast.Starred, ast.Subscript, ast.BinOp, ast.BoolOp, ast.Compare)):
                    if isinstance(n, ast.With):
                        t = "With " + ", ".join(ast.unparse(i.context_expr.func) if isinstance(i.context_expr, ast.Call) else ast.unparse(i.context_expr) for i in n.items)
                    if isinstance(n, ast.BinOp):
                        t = "BinOp " + type(n.op).__name__
                    if isinstance(n, ast.Compare):
                        t = "Compare " + ",".join(type(o).__name__ for o in n.ops)
                    stmts["in functions: " + t][p] += 1
                if isinstance(n, ast.Call):
                    func = n.func
                    # generalize local roots
                    root = func
                    while isinstance(root, (ast.Attribute, ast.Call, ast.Subscript)):
                        root = root.value if not isinstance(root, ast.Call) else root.func
                    text = ast.unparse(func)
                    if isinstance(root, ast.Name) and root.id in local and root.id not in ("op",):
                        text = "<var>" + text[len(root.id):] if text.startswith(root.id) else text
                    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Call):
                        # chained: keep only the last attr with a marker
                        text = "<expr>." + func.attr
                    calls[text][p] += 1
                    for kw in n.keywords:
                        if kw.arg and isinstance(func, ast.Attribute) and func.attr in ("batch_alter_table", "create_table", "add_column", "alter_column", "execute", "bulk_insert", "create_index", "create_foreign_key", "drop_constraint"):
                            misc["%s(%s=)" % (ast.unparse(func), kw.arg)][p] += 1
print(json.dumps({"projects": projects, "nfiles": nfiles}))
def dump(title, d):
    print("\n## " + title)
    for k, c in sorted(d.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])):
        print("%5d  %-70s %s" % (sum(c.values()), k[:70], " ".join("%s:%d" % (pp, c[pp]) for pp in projects if c[pp])))
dump("imports", imports)
dump("statements", stmts)
dump("calls", calls)
dump("keyword args", misc)
