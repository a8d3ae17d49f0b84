# Ours: a stand-in package for Tornado, which jupyterhub/orm.py, roles.py and
# scopes.py import (see SOURCE.md).
