# Ours: a stand-in for glance/cmd/manage.py (the glance-manage command), of which
# two revision scripts read one module-level flag. Glance sets it to False before
# `glance-manage db sync`; it only matters on MySQL (see SOURCE.md).

USE_TRIGGERS = True
