# Ours: a stand-in for Wokkel's wokkel.generic, which sat/memory/sqla_mapping.py
# imports; parseXml is used only on values read from the database through the
# ORM, which the revision scripts do not do (see SOURCE.md).


def parseXml(data):
    raise NotImplementedError("stand-in: not used by the revision scripts")
