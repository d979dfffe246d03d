"""History entries decode inputs and convert timestamps only when they are read."""

from __future__ import annotations

import copy
import json
import pickle
from datetime import datetime, timezone

import pytest

import swf.models.event.base as event_base
from simpleflow._history._lazy import Entry, Lazy
from simpleflow.history import History
from swf.models.event import EventFactory
from swf.models.history.base import History as SWFHistory
from tests.simpleflow.swf._workflows import MapWorkflow, increment, new_history


def _completed_history(n: int) -> SWFHistory:
    h = new_history(MapWorkflow, n)
    h.add_decision_task_completed()
    for i in range(n):
        h.add_activity_task(
            increment, decision_id=h.last_id, last_state="completed",
            activity_id=f"activity-{increment.name}-{i + 1}", input={"args": [i], "kwargs": {}},
            result=i + 1,
        )  # fmt: skip
    raw = [event.raw for event in h.events]
    return SWFHistory.from_event_list(json.loads(json.dumps(raw)))


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    counts = {"timestamps": 0, "decodes": 0}
    to_datetime, decode = event_base._to_utc_datetime, event_base._decode_json

    def counting_to_datetime(value):
        counts["timestamps"] += 1
        return to_datetime(value)

    def counting_decode(value):
        counts["decodes"] += 1
        return decode(value)

    monkeypatch.setattr(event_base, "_to_utc_datetime", counting_to_datetime)
    monkeypatch.setattr(event_base, "_decode_json", counting_decode)
    return counts


def test_parsing_a_history_decodes_no_input_and_converts_no_timestamp(counted):
    history = History(_completed_history(3))
    history.parse()
    # Only the execution's start: its input and timestamp (the workflow entry).
    assert counted == {"timestamps": 1, "decodes": 1}
    entry = history.activities[f"activity-{increment.name}-2"]
    assert entry["state"] == "completed" and entry["result"] == "2"
    assert counted == {"timestamps": 1, "decodes": 1}

    assert entry["input"] == {"args": [1], "kwargs": {}}
    assert isinstance(entry["completed_timestamp"], datetime)
    assert entry["completed_timestamp"].tzinfo == timezone.utc
    assert counted == {"timestamps": 2, "decodes": 2}
    entry["input"], entry["completed_timestamp"]  # decoded once, then kept
    assert counted == {"timestamps": 2, "decodes": 2}


def test_every_read_of_an_entry_gives_decoded_values():
    history = History(_completed_history(1))
    history.parse()
    fresh = [history.activities[f"activity-{increment.name}-1"]]

    def entry() -> Entry:
        history.parse()  # placeholders again
        fresh[0] = history.activities[f"activity-{increment.name}-1"]
        return fresh[0]

    expected = dict(entry())
    assert not any(isinstance(value, Lazy) for value in expected.values())
    assert expected["input"] == {"args": [0], "kwargs": {}}
    assert isinstance(expected["scheduled_timestamp"], datetime)
    readers = [
        lambda e: dict(e),
        lambda e: {**e},
        lambda e: dict(e.items()),
        lambda e: dict(zip(e.keys(), e.values(), strict=True)),
        lambda e: e.copy(),
        lambda e: copy.copy(e),
        lambda e: copy.deepcopy(e),
        lambda e: pickle.loads(pickle.dumps(e)),  # noqa: S301 -- our own bytes
        lambda e: {key: e.get(key) for key in e},
        lambda e: {key: e[key] for key in e},
        lambda e: {} | e,
        lambda e: e | {},
    ]
    for read in readers:
        assert read(entry()) == expected
    assert entry() == expected and expected == entry() and not entry() != expected
    assert json.loads(json.dumps(entry(), default=str)) == json.loads(
        json.dumps(expected, default=str)
    )
    assert repr(entry()) == repr(expected)
    assert entry().pop("input") == expected["input"]
    assert entry().setdefault("input") == expected["input"]


def test_a_json_string_input_is_decoded_once():
    attributes = {"activityId": "a", "input": json.dumps("[1]"), "control": json.dumps("2")}
    event = EventFactory(
        {
            "eventId": 1,
            "eventType": "ActivityTaskScheduled",
            "eventTimestamp": 0,
            "activityTaskScheduledEventAttributes": attributes,
        }
    )
    assert event.input == "[1]" and event.input == "[1]"
    assert event.control == "2" and event.control == "2"
