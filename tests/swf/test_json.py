"""``swf._json``: the fast JSON helpers give what the standard library gives."""

from __future__ import annotations

import json
from typing import Any

import pytest

from swf import _json


@pytest.mark.parametrize(
    "value",
    [
        {"events": [{"eventId": 1, "eventTimestamp": 1733000000.123, "x": None}], "t": "é"},
        [1, 2.5, 1.5e-7, True, False, None, "a\nb\u2028", {"k": []}],
        (1, 2),
        {"n": 2**80},
        "",
    ],
)
def test_dumps_writes_json_that_reads_back_as_the_standard_library_writes_it(
    value: Any,
) -> None:
    written = _json.dumps(value)
    assert isinstance(written, bytes)
    assert json.loads(written) == json.loads(json.dumps(value))


def test_dumps_falls_back_for_what_msgspec_refuses() -> None:
    assert json.loads(_json.dumps({1: "int key"})) == {"1": "int key"}


def test_dumps_refuses_what_is_not_json() -> None:
    with pytest.raises(TypeError):
        _json.dumps({"a": object()})


def test_loads_reads_what_dumps_writes() -> None:
    value = {"a": [1, {"b": "c"}], "d": 0.1}
    assert _json.loads(_json.dumps(value)) == value


def test_without_msgspec_the_standard_library_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "msgspec", None)  # import msgspec raises ImportError
    dumps = _json._make_dumps()
    assert dumps({"a": [1, None]}) == b'{"a":[1,null]}'
