# Stand-in for gitdb.exc (see git/__init__.py).
class BadObject(Exception):
    pass
