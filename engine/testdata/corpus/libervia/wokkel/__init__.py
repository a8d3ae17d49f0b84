# Ours: a stand-in package for sat/memory/sqla_mapping.py's imports (see SOURCE.md).
