"""How the runner's answers become JSON: run()'s return values, and the error body of a failed run().

run()'s return values are sent as Azure's inference server answers them (json.dumps). Beyond plain json.dumps,
values that numerical libraries return are converted the obvious way, so that a run() returning a numpy array or
a numpy scalar does not fail: anything with tolist() (numpy arrays and scalars, pandas Series), anything with
to_dict() (pandas DataFrames, as a list of records), sets, dates and decimals.

error_body() is the one place the runner writes an error body; it writes the bytes the Java side's
dev.sluice.core.error.ErrorBody writes, which both sides test against golden_error_bodies.json.
"""

import datetime
import decimal
import json


def json_default(value):
    """The json.dumps(default=...) hook: a JSON-ready equivalent of value, or TypeError."""
    tolist = getattr(value, "tolist", None)
    if callable(tolist):
        return tolist()
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        try:
            return to_dict(orient="records")
        except TypeError:
            return to_dict()
    if isinstance(value, (set, frozenset)):
        return list(value)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    raise TypeError("Object of type %s is not JSON serializable" % type(value).__name__)


def to_json_bytes(value):
    """value as UTF-8 JSON text, with json.dumps's default separators (what Azure's server sends)."""
    return json.dumps(value, default=json_default).encode("utf-8")


# The escapes of the Java side's writer (Jackson's): the short forms JSON has, else \u00XX in upper-case hex.
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _quoted(text):
    return '"' + "".join(_ESCAPES.get(c) or ("\\u%04X" % ord(c) if c < " " else c) for c in text) + '"'


def error_body(code, message, target=None):
    """{"error":{"code":...,"message":...,"target":...}} as UTF-8 bytes; target None is null."""
    shown_target = "null" if target is None else _quoted(target)
    text = '{"error":{"code":%s,"message":%s,"target":%s}}' % (_quoted(code), _quoted(message), shown_target)
    return text.encode("utf-8", "replace")
