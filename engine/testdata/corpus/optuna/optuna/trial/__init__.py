# Ours: the one name the revision scripts import from optuna.trial (see SOURCE.md).
from optuna.trial._state import TrialState  # noqa: F401
