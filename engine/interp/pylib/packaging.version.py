# packaging.version, as projects use it to compare version strings
# (version.parse(a) > version.parse(b)): Retort's own, for release versions
# (1.2.3, 1.2.3rc1, 1.2.3.post1, 1.2.3.dev1) as PEP 440 orders them.
import re

_PATTERN = re.compile(r"^\s*v?(\d+(?:\.\d+)*)(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\d*))?(?:[-_.]?(post|rev|r)[-_.]?(\d*))?(?:[-_.]?(dev)[-_.]?(\d*))?(?:\+([a-z0-9.]+))?\s*$")


class InvalidVersion(ValueError):
    pass


class Version:
    def __init__(self, version):
        m = _PATTERN.match(version.lower())
        if m is None:
            raise InvalidVersion("Invalid version: '%s'" % version)
        self._text = version
        release = [int(p) for p in m.group(1).split(".")]
        while len(release) > 1 and release[-1] == 0:
            release.pop()
        self.release = tuple(int(p) for p in m.group(1).split("."))
        pre = None
        if m.group(2):
            letter = {"alpha": "a", "beta": "b", "c": "rc", "pre": "rc", "preview": "rc"}.get(m.group(2), m.group(2))
            pre = (letter, int(m.group(3) or 0))
        self.pre = pre
        self.post = int(m.group(5) or 0) if m.group(4) else None
        self.dev = int(m.group(7) or 0) if m.group(6) else None
        self.local = m.group(8)
        # The sort key, as packaging builds it.
        if pre is None and self.post is None and self.dev is not None:
            pre_key = ("", -1)
        elif pre is None:
            pre_key = ("z", 0)
        else:
            pre_key = pre
        post_key = (-1,) if self.post is None else (self.post,)
        dev_key = (float("inf"),) if self.dev is None else (self.dev,)
        self._key = (tuple(release), pre_key, post_key, dev_key)

    @property
    def major(self):
        return self.release[0]

    @property
    def minor(self):
        return self.release[1] if len(self.release) > 1 else 0

    @property
    def micro(self):
        return self.release[2] if len(self.release) > 2 else 0

    @property
    def is_prerelease(self):
        return self.pre is not None or self.dev is not None

    @property
    def base_version(self):
        return ".".join(str(p) for p in self.release)

    def __str__(self):
        return self._text

    def __repr__(self):
        return "<Version('%s')>" % self._text

    def __eq__(self, other):
        return isinstance(other, Version) and self._key == other._key

    def __ne__(self, other):
        return not self == other

    def __lt__(self, other):
        return self._key < other._key

    def __le__(self, other):
        return self._key <= other._key

    def __gt__(self, other):
        return self._key > other._key

    def __ge__(self, other):
        return self._key >= other._key

    def __hash__(self):
        return hash(self._key)


def parse(version):
    return Version(version)
