from logging.config import fileConfig

from sqlalchemy import engine_from_config
from sqlalchemy import pool

from alembic import context

# The configuration: alembic.ini, or whatever file -c named.
config = context.config

# Set up logging from the [loggers], [handlers] and [formatters] sections.
if config.config_file_name is not None:
    fileConfig(config.config_file_name)

# The MetaData that --autogenerate compares the database with. Import the
# module that declares your models and name its MetaData here, e.g.:
# from myapp.models import Base
# target_metadata = Base.metadata
from database import Base
import models

target_metadata = Base.metadata

# Any other setting of the [alembic] section can be read the same way:
# my_setting = config.get_main_option("my_setting")


def run_migrations_offline() -> None:
    """Run the migrations in 'offline' mode (--sql).

    Only the URL is needed: no Engine is made and no database driver has to
    be installed. What the migrations would execute is written out as SQL
    instead.

    """
    url = config.get_main_option("sqlalchemy.url")
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )

    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations against the database itself.

    An Engine is made from the sqlalchemy.* settings and the migrations run
    on one of its connections.

    """
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )

    with connectable.connect() as connection:
        context.configure(
            connection=connection, target_metadata=target_metadata
        )

        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
