"""AMLResponse: what a run() returns to answer with its own status, headers and body.

Mirrors the constructor of Azure's class (a Flask Response there): a str or bytes message is sent as is with
Flask's default content type, json_str=True sends json.dumps(message) as application/json, None sends {}.
Other messages (dicts, lists) are sent as JSON too, which is what a caller of such a script expects.
"""

from sluice_encoding import to_json_bytes

_JSON = "application/json"
_FLASK_DEFAULT = "text/html; charset=utf-8"


class AMLResponse(object):
    """An answer with its own status code and headers."""

    def __init__(self, message, status_code, response_headers=None, json_str=False, run_function_failed=False):
        self.status_code = int(status_code)
        if message is None:
            body, content_type = b"{}", _JSON
        elif json_str:
            body, content_type = to_json_bytes(message), _JSON
        elif isinstance(message, (bytes, bytearray)):
            body, content_type = bytes(message), _FLASK_DEFAULT
        elif isinstance(message, str):
            body, content_type = message.encode("utf-8"), _FLASK_DEFAULT
        else:
            body, content_type = to_json_bytes(message), _JSON
        self._body = body
        self.headers = {"Content-Type": content_type, "x-ms-run-function-failed": str(bool(run_function_failed))}
        for name, value in (response_headers or {}).items():
            self._set_header(str(name), str(value))

    def _set_header(self, name, value):
        for existing in [k for k in self.headers if k.lower() == name.lower()]:
            del self.headers[existing]
        self.headers[name] = value

    @property
    def data(self):
        return self._body

    def get_data(self, as_text=False):
        return self._body.decode("utf-8", "replace") if as_text else self._body

    @property
    def content_type(self):
        return next((v for k, v in self.headers.items() if k.lower() == "content-type"), None)

    def __repr__(self):
        return "<AMLResponse %d, %d bytes>" % (self.status_code, len(self._body))
