# Ours: the one name the revision scripts import from optuna.study (see SOURCE.md).
from optuna.study._study_direction import StudyDirection  # noqa: F401
