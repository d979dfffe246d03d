"""Fast JSON: decoding the small payloads of history events, encoding engine answers.

**Decoding** (``input``, ``control``, results of history events).

A decider decodes thousands of such payloads per decision task, and ``json.loads`` spends
more time in its Python wrapper than in the parsing itself. msgspec's decoder (the ``fast``
extra) builds the same values about eight times faster on these sizes; without it, or for
what it refuses, ``json.loads`` decides (``NaN``, ``Infinity``, numbers beyond a float), so
the values never depend on which decoder ran.

**Encoding** (the local engine's answers: history pages of thousands of events). msgspec's
encoder writes the same JSON about fifteen times faster than ``json.dumps`` on a page of
1,000 events; without it, or for a value it refuses, ``json.dumps`` writes it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

__all__ = ["dumps", "loads"]


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


def _make_dumps() -> Callable[[Any], bytes]:
    def dumps_with_json(value: Any) -> bytes:
        return json.dumps(value, separators=(",", ":")).encode()

    try:
        import msgspec
    except ImportError:
        return dumps_with_json
    encode = msgspec.json.encode

    def dumps(value: Any) -> bytes:
        try:
            return encode(value)
        except (TypeError, ValueError, OverflowError):
            return dumps_with_json(value)  # raises TypeError for what is not JSON at all

    return dumps


#: ``json.dumps(value, separators=(",", ":")).encode()``, faster: compact UTF-8 JSON.
dumps: Callable[[Any], bytes] = _make_dumps()
