# Ours: a stand-in for Twisted's twisted.words.protocols.jabber.jid, which
# sat/memory/sqla_mapping.py imports; its JID class is used only on values read
# from or written to the database through the ORM, which the revision scripts do
# not do (see SOURCE.md).


class JID:
    def __init__(self, s):
        self._s = s

    def full(self):
        return self._s
