# textwrap's dedent, indent and shorten, as Python's (Retort's own copy of
# their behaviour; wrap and fill split on whitespace only).
import re

_whitespace_only_re = re.compile(r"^[ \t]+$", re.MULTILINE)
_leading_whitespace_re = re.compile(r"(^[ \t]*)(?:[^ \t\n])", re.MULTILINE)


def dedent(text):
    margin = None
    text = _whitespace_only_re.sub("", text)
    indents = _leading_whitespace_re.findall(text)
    for indent in indents:
        if margin is None:
            margin = indent
        elif indent.startswith(margin):
            pass
        elif margin.startswith(indent):
            margin = indent
        else:
            for i, (x, y) in enumerate(zip(margin, indent)):
                if x != y:
                    margin = margin[:i]
                    break
    if margin:
        text = re.sub(r"(?m)^" + margin, "", text)
    return text


def indent(text, prefix, predicate=None):
    if predicate is None:
        def predicate(line):
            return line.strip()
    out = []
    for line in text.splitlines(True):
        out.append(prefix + line if predicate(line) else line)
    return "".join(out)


def wrap(text, width=70, **kw):
    words = text.split()
    lines = []
    cur = ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = cur + " " + w if cur else w
    if cur:
        lines.append(cur)
    return lines


def fill(text, width=70, **kw):
    return "\n".join(wrap(text, width))


def shorten(text, width, placeholder=" [...]", **kw):
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    words = text.split()
    out = ""
    for w in words:
        cand = out + " " + w if out else w
        if len(cand) + len(placeholder) > width:
            break
        out = cand
    return out + placeholder
