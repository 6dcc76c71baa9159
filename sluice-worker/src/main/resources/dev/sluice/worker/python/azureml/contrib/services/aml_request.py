"""AMLRequest and @rawhttp: a run() decorated with @rawhttp gets the whole request instead of its body.

AMLRequest offers the parts of Flask's Request that scoring scripts use: method, path, full_path, args,
headers, data, get_data(), get_json() and json.
"""

import json
from urllib.parse import urlencode

_RAWHTTP = "_sluice_rawhttp"


def rawhttp(func):
    """Marks run() as taking an AMLRequest rather than the body as a str."""
    setattr(func, _RAWHTTP, True)
    return func


def is_rawhttp(func):
    """True when func, or a function it wraps, was decorated with @rawhttp."""
    seen = 0
    while func is not None and seen < 20:
        if getattr(func, _RAWHTTP, False):
            return True
        func = getattr(func, "__wrapped__", None)
        seen += 1
    return False


def _title(name):
    return "-".join(part.capitalize() for part in name.split("-"))


class Headers(dict):
    """Request headers with Title-Case names (as Flask shows them), looked up without regard to case.

    Repeated headers are joined with ", ".
    """

    def __init__(self, headers=None):
        super(Headers, self).__init__()
        for name, values in (headers or {}).items():
            value = ", ".join(values) if isinstance(values, (list, tuple)) else str(values)
            dict.__setitem__(self, _title(name), value)

    def __getitem__(self, key):
        return dict.__getitem__(self, _title(key) if isinstance(key, str) else key)

    def __contains__(self, key):
        return dict.__contains__(self, _title(key) if isinstance(key, str) else key)

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default


class AMLRequest(object):
    """One HTTP request as a @rawhttp run() sees it."""

    def __init__(self, method, path, query, headers, body):
        self.method = method
        self.path = path
        self.args = dict(query or {})
        self.headers = Headers(headers)
        self.data = bytes(body)
        self.query_string = urlencode(self.args).encode("ascii")
        self.full_path = path + "?" + self.query_string.decode("ascii")
        self.content_type = self.headers.get("Content-Type")
        self.mimetype = (self.content_type or "").split(";")[0].strip().lower()
        self.content_length = len(self.data)

    @property
    def is_json(self):
        return self.mimetype == "application/json" or self.mimetype.endswith("+json")

    def get_data(self, cache=True, as_text=False, parse_form_data=False):
        return self.data.decode("utf-8", "replace") if as_text else self.data

    def get_json(self, force=False, silent=False, cache=True):
        if not (force or self.is_json):
            return None
        try:
            return json.loads(self.data.decode("utf-8"))
        except ValueError:
            if silent:
                return None
            raise

    @property
    def json(self):
        return self.get_json()

    def __repr__(self):
        return "<AMLRequest %s %s>" % (self.method, self.full_path)
