#!/usr/bin/python3
"""Refresh likepython.txtar's NAME.out files: what CPython prints for each
NAME.py (Debian's /usr/bin/python3 3.11 with python3-packaging, python3-six).

    /usr/bin/python3 engine/interp/testdata/record.py
"""
import os
import re
import subprocess

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "likepython.txtar")
text = open(path).read()
parts = re.split(r"^-- (.+?) --\n", text, flags=re.M)
comment, files = parts[0], list(zip(parts[1::2], parts[2::2]))
out = [comment]
for name, data in files:
    if name.endswith(".out"):
        continue
    out.append("-- %s --\n%s" % (name, data))
    if name.endswith(".py"):
        r = subprocess.run(["/usr/bin/python3", "-c", data], capture_output=True, text=True, check=True)
        out.append("-- %s --\n%s" % (name[:-3] + ".out", r.stdout))
open(path, "w").write("".join(out))
