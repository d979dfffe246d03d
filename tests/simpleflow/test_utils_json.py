from __future__ import annotations

import datetime

import pytest

from simpleflow.utils import issubclass_, json_dumps


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "null"),
        (1, "1"),
        ("a", '"a"'),
        ([1, 2], "[1, 2]"),
        ((1, 2), "[1, 2]"),
        ({"a": "b"}, '{"a": "b"}'),
        ({"b": 1, "a": 2}, '{"b": 1, "a": 2}'),  # no key sorting
        ("é", '"\\u00e9"'),  # ensure_ascii
        ({"args": [1], "kwargs": {}}, '{"args": [1], "kwargs": {}}'),
    ],
)
def test_json_dumps_standard_encoding(value: object, expected: str) -> None:
    assert json_dumps(value) == expected


def test_json_dumps_datetimes() -> None:
    naive = datetime.datetime(2020, 1, 2, 3, 4, 5, 6)
    aware = datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    assert json_dumps(naive) == '"2020-01-02T03:04:05.000006"'
    assert json_dumps([aware]) == '["2020-01-02T03:04:05+00:00"]'


def test_json_dumps_generators() -> None:
    assert json_dumps(x * 2 for x in range(3)) == "[0, 2, 4]"


def test_json_dumps_rejects_other_types() -> None:
    with pytest.raises(
        TypeError, match=r"^Type <class 'object'> couldn't be serialized\. This is a bug"
    ):
        json_dumps(object())


@pytest.mark.parametrize(
    ("arg1", "arg2", "expected"),
    [(bool, int, True), (int, bool, False), (1, int, False), ("x", str, False)],
)
def test_issubclass_(arg1: object, arg2: type, expected: bool) -> None:
    assert issubclass_(arg1, arg2) is expected
