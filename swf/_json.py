"""Decoding of the small JSON payloads of history events (``input``, ``control``, results).

A decider decodes thousands of such payloads per decision task, and ``json.loads`` spends
more time in its Python wrapper than in the parsing itself. msgspec's decoder (the ``fast``
extra) builds the same values about eight times faster on these sizes; without it, or for
what it refuses, ``json.loads`` decides (``NaN``, ``Infinity``, numbers beyond a float), so
the values never depend on which decoder ran.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

__all__ = ["loads"]


def _make_loads() -> Callable[[str | bytes | bytearray], Any]:
    try:
        import msgspec
    except ImportError:
        return json.loads
    decode = msgspec.json.decode
    decode_error = msgspec.DecodeError

    def loads(value: str | bytes | bytearray) -> Any:
        try:
            return decode(value)
        except decode_error:
            return json.loads(value)  # raises ValueError for what is not JSON at all

    return loads


#: ``json.loads``, faster: same values, and ``ValueError`` for what is not JSON.
loads: Callable[[str | bytes | bytearray], Any] = _make_loads()
