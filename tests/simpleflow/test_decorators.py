from __future__ import annotations

import warnings

import pytest

from simpleflow._decorators import deprecated


@deprecated
def old(x: int) -> int:
    """Old doc."""
    return x * 2


def test_warns_and_calls() -> None:
    with pytest.warns(DeprecationWarning, match=r"^Call to deprecated function old\.$") as record:
        assert old(2) == 4
    assert record[0].filename == __file__


def test_keeps_metadata() -> None:
    assert old.__name__ == "old"
    assert old.__doc__ == "Old doc."


def test_does_not_touch_global_filters() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        before = list(warnings.filters)
        old(1)
        assert warnings.filters == before


def test_warns_on_every_call() -> None:
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        old(1)
        old(1)
    assert len(record) == 2
