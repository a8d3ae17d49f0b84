# Stand-in for GitPython's git.exc (see git/__init__.py).
class GitCommandError(Exception):
    pass
