# Ours, not CloudKitty's: cloudkitty/rating/hash/__init__.py is the hashmap rating module
# (see SOURCE.md).
