# Ours: a stand-in for oslo_log.log; glance/db/sqlalchemy/schema.py takes a logger
# from it at import (see SOURCE.md).

import logging


def getLogger(name=None, project="unknown", version="unknown"):
    return logging.getLogger(name)
