# Ours, not Glance's: this package's __init__.py runs Alembic with Glance's
# configuration and imports the database API (see SOURCE.md).
