# Ours: a stand-in for mailman.config, whose `config` object is Mailman's whole
# configuration (read from mailman.cfg at start-up). Two revision scripts use it
# to move files beside the database: 70af5a4e5790 renames the lists' folders
# under config.LIST_DATA_DIR, and fa0d96e28631's downgrade empties
# config.CACHE_DIR. Here both are empty folders under var/ in the project,
# made when this module is imported. See SOURCE.md.

import os

_var = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "var")


class _Config:
    LIST_DATA_DIR = os.path.join(_var, "lists")
    CACHE_DIR = os.path.join(_var, "cache")


config = _Config()
os.makedirs(config.LIST_DATA_DIR, exist_ok=True)
os.makedirs(config.CACHE_DIR, exist_ok=True)
