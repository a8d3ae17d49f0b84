# Ours, not Libervia's: sat/__init__.py loads its bundled wokkel patches and reads
# the VERSION file (see SOURCE.md).
