# Ours: a stand-in package for oslo.config (see SOURCE.md).
