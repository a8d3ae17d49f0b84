# Ours: a stand-in for oslo_config.cfg; glance/db/migration.py passes CONF to
# oslo_db.options.set_defaults at import (see SOURCE.md).


class ConfigOpts:
    pass


CONF = ConfigOpts()
