# Ours: a stand-in for tornado.web: jupyterhub/scopes.py raises HTTPError from
# request handlers, which migrations do not call.


class HTTPError(Exception):
    def __init__(self, status_code=500, log_message=None, *args, **kwargs):
        super().__init__(status_code, log_message)
        self.status_code = status_code
        self.log_message = log_message
