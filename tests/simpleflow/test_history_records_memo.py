"""Records kept between two parses of a growing history (``simpleflow._history._records``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from simpleflow import _history
from simpleflow._history import _records
from simpleflow.history import History
from swf.models.event import EventFactory
from swf.models.history.base import History as SWFHistory
from tests.visual.histories import mixed_history

RECORDED = Path(__file__).resolve().parents[1] / "data" / "histories" / "recorded"


def _recorded(name: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = json.loads((RECORDED / name).read_text())["events"]
    return events


def _histories() -> dict[str, list[dict[str, Any]]]:
    found = {path.name: _recorded(path.name) for path in sorted(RECORDED.glob("*.json"))}
    found["mixed"] = [event.raw for event in mixed_history().events]
    return found


def _views(history: History) -> dict[str, Any]:
    # Every view the executor and user code read, as plain values (Lazy values resolved).
    return {
        "activities": {key: dict(value) for key, value in history.activities.items()},
        "children": {key: dict(value) for key, value in history.child_workflows.items()},
        "tasks": [dict(task) for task in history.tasks],
        "signals": json.dumps(history.signals, sort_keys=True, default=str),
        "markers": json.dumps(history.markers, sort_keys=True, default=str),
        "timers": json.dumps(history.timers, sort_keys=True, default=str),
        "context": history.last_execution_context,
    }


def _parsed(events: list[Any], memo: dict[str, Any] | None) -> History:
    history = History(SWFHistory(events=events, memo=memo))
    history.parse()
    return history


@pytest.mark.parametrize("name", sorted(_histories()))
def test_a_parse_with_kept_records_equals_a_fresh_parse(name: str) -> None:
    raw = _histories()[name]
    events = [EventFactory(event) for event in raw]
    for cut in sorted({1, 2, len(events) // 3, len(events) // 2, len(events) - 1}):
        memo: dict[str, Any] = {}
        _parsed(events[:cut], memo)  # the previous decision task of the same run
        assert memo[_records.MEMO_KEY][0] == cut
        kept = _parsed(events, memo)
        fresh = _parsed([EventFactory(event) for event in raw], None)
        assert _views(kept) == _views(fresh), f"cut at {cut}"
        assert memo[_records.MEMO_KEY][0] == len(events)


def test_only_the_new_events_are_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    events = [EventFactory(event) for event in _recorded("canvas.json")]
    memo: dict[str, Any] = {}
    _parsed(events[:-3], memo)
    parsed_from: list[int] = []
    parse_range = _history._parse_range

    def counting(events: Any, start: int, sources: Any = None) -> Any:
        parsed_from.append(start)
        return parse_range(events, start, sources)

    monkeypatch.setattr(_history, "_parse_range", counting)
    _parsed(events, memo)
    assert parsed_from == [len(events) - 3]


def test_another_prefix_is_parsed_whole() -> None:
    raw = _recorded("basic.json")
    memo: dict[str, Any] = {}
    _parsed([EventFactory(event) for event in raw[:-2]], memo)
    # Other event objects (a history rebuilt by the cache comes with a new memo; this
    # checks the identity test all the same).
    other = [EventFactory(event) for event in raw]
    kept = _parsed(other, memo)
    assert _views(kept) == _views(_parsed([EventFactory(event) for event in raw], None))


def test_records_holding_mutable_values_are_built_again() -> None:
    raw = [event.raw for event in mixed_history().events]
    events = [EventFactory(event) for event in raw]
    memo: dict[str, Any] = {}
    first = _parse_records(events, memo)
    mutable = [r for r in first if not _records._kept(r)]
    assert mutable, "the mixed history has records holding dicts or lists"
    again = _parse_records(events, memo)
    # Equal values, but not the same objects: nothing mutable is shared between parses.
    for before, after in zip(first, again, strict=True):
        assert before == after
        if not _records._kept(before):
            assert before is not after


def _parse_records(events: list[Any], memo: dict[str, Any]) -> list[Any]:
    return _history.parse_events(events, memo)
