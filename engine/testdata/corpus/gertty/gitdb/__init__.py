# Stand-in for gitdb (see git/__init__.py).
from gitdb import exc  # noqa: F401
