# Ours: a stand-in for oslo_serialization.jsonutils; JSONEncodedDict uses it only on
# values going through the ORM, which the revision scripts do not do (see SOURCE.md).

import json


def dumps(obj, default=None, **kwargs):
    return json.dumps(obj, **kwargs)


def loads(s, encoding="utf-8", **kwargs):
    return json.loads(s, **kwargs)
