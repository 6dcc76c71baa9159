"""The golden files next to this one, which the Java side's tests read too: both sides are held to the same bytes."""

import json
import os

_HERE = os.path.dirname(os.path.abspath(__file__))


def cases(file_name, key):
    """The list under key in the golden file file_name."""
    with open(os.path.join(_HERE, file_name), encoding="utf-8") as f:
        return json.load(f)[key]
