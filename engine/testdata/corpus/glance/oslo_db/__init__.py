# Ours: a stand-in package for oslo.db (see SOURCE.md).
