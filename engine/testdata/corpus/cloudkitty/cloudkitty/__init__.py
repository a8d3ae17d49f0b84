# Ours, not CloudKitty's: cloudkitty/__init__.py reads the version with pbr (see SOURCE.md).
