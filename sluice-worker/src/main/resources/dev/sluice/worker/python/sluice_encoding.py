"""How run()'s return values become JSON, as Azure's inference server answers them (json.dumps).

Beyond plain json.dumps, values that numerical libraries return are converted the obvious way, so that a run()
returning a numpy array or a numpy scalar does not fail: anything with tolist() (numpy arrays and scalars,
pandas Series), anything with to_dict() (pandas DataFrames, as a list of records), sets, dates and decimals.
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
