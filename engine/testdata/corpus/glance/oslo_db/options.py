# Ours: a stand-in for oslo_db.options; glance/db/migration.py calls
# set_defaults(cfg.CONF) at import, which registers database options (see SOURCE.md).


def set_defaults(conf, connection=None, max_pool_size=None, max_overflow=None, pool_timeout=None):
    pass
