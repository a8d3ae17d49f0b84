# Ours: a stand-in package for oslo.serialization (see SOURCE.md).
