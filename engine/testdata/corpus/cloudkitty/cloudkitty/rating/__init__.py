# Ours, not CloudKitty's: cloudkitty/rating/__init__.py defines the rating API with pecan
# (see SOURCE.md).
