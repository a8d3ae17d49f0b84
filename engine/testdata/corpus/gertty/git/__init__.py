# Stand-in for GitPython (not part of gertty): gertty/gitrepo.py and one revision
# script import it, and use it only on rows of the revision table, which the corpus
# leaves empty (see SOURCE.md).
from git import exc  # noqa: F401
