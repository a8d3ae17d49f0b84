# Ours, not Mailman's: mailman/__init__.py sets up i18n for the whole application;
# the revision scripts need only the modules below (see SOURCE.md).
