# Ours, not Glance's: glance/db/__init__.py holds the database API helpers, with
# imports of the whole service (see SOURCE.md).
