# six, the Python 2 and 3 compatibility library, as Python 3 runs it: the
# names projects' models and revision scripts use. (Retort's own, much
# smaller than the real six; same meaning on Python 3.)
import sys

PY2 = False
PY3 = True
PY34 = True
string_types = (str,)
integer_types = (int,)
class_types = (type,)
text_type = str
binary_type = bytes
MAXSIZE = sys.maxsize


def b(s):
    return s.encode("latin-1")


def u(s):
    return s


def iteritems(d, **kw):
    return iter(d.items(**kw))


def itervalues(d, **kw):
    return iter(d.values(**kw))


def iterkeys(d, **kw):
    return iter(d.keys(**kw))


def ensure_str(s, encoding="utf-8", errors="strict"):
    if isinstance(s, bytes):
        return s.decode(encoding, errors)
    return s


def ensure_text(s, encoding="utf-8", errors="strict"):
    if isinstance(s, bytes):
        return s.decode(encoding, errors)
    return s


def ensure_binary(s, encoding="utf-8", errors="strict"):
    if isinstance(s, str):
        return s.encode(encoding, errors)
    return s


def with_metaclass(meta, *bases):
    return meta("NewBase", bases, {})


def add_metaclass(metaclass):
    def wrapper(cls):
        return cls
    return wrapper


def python_2_unicode_compatible(klass):
    return klass


def reraise(tp, value, tb=None):
    raise value
