# Ours (see SOURCE.md).
