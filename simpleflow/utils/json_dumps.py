"""``json_dumps``: the JSON encoding used for inputs, results and task-id hashes (wire format).

A module of its own, as in 0.11.9 (``simpleflow.utils.json_dumps``); the package re-exports the
function under the same name.
"""

from __future__ import annotations

import datetime
import json
import types
from typing import Any


def _serialize_complex_object(obj: Any) -> Any:
    if isinstance(obj, datetime.datetime):
        return obj.isoformat()
    if isinstance(obj, types.GeneratorType):
        return list(obj)
    raise TypeError(
        f"Type {type(obj)} couldn't be serialized. "
        "This is a bug in simpleflow, please file a new issue on GitHub!"
    )


def json_dumps(obj: Any) -> str:
    """Encode ``obj`` with the standard-library defaults (``', '``/``': '`` separators,
    ASCII only, keys unsorted), plus datetimes (ISO 8601) and generators (lists).

    Changing these settings would change stored inputs and idempotent task ids.
    """
    return json.dumps(obj, default=_serialize_complex_object)
