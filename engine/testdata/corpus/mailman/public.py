# Ours: a stand-in for the `atpublic` package (Debian: python3-public), which
# Mailman's modules use as a decorator that adds a name to the module's __all__.
# Only the decorator form is used here; it returns what it decorates.


def public(thing):
    return thing
