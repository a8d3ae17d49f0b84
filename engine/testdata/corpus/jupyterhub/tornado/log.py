# Ours: a stand-in for tornado.log: its app_log is a standard logger.

import logging

app_log = logging.getLogger("tornado.application")
