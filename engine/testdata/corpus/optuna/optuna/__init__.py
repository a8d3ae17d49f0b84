# Ours, not optuna's: optuna/__init__.py imports the whole library; the revision
# scripts need only the modules beside this file (see SOURCE.md).
