# Ours: a stand-in package for oslo.log (see SOURCE.md).
