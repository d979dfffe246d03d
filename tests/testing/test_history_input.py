"""Reading histories: the accepted shapes, and one clear message for anything else."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from simpleflow.testing import InvalidHistory, load_history, read_history_file
from simpleflow.testing._history_input import compact_json

STARTED = {
    "eventId": 1,
    "eventType": "WorkflowExecutionStarted",
    "eventTimestamp": "2026-01-01T00:00:00.000Z",
    "workflowExecutionStartedEventAttributes": {"workflowType": {"name": "w", "version": "1"}},
}


def test_a_list_and_an_object_with_events_are_histories() -> None:
    assert load_history([STARTED]).events == [STARTED]
    recorded = load_history({"events": [STARTED], "workflow_id": "w-1", "run_id": "r"})
    assert (recorded.workflow_id, recorded.run_id) == ("w-1", "r")
    assert recorded.workflow_type == {"name": "w", "version": "1"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"nextPageToken": "x"}, "a JSON object without an 'events' list is not a history"),
        ("events", "expected a list of SWF events .* got a JSON string"),
        ([], "the history has no events"),
        ([1], "event #1 is a JSON number, not an object"),
        ([{"eventId": 1}], "event #1 has no 'eventType' and integer 'eventId'"),
        ([{**STARTED}, {**STARTED}], "event ids must increase"),
        (
            [{"eventId": 1, "eventType": "DecisionTaskScheduled"}],
            "has no 'decisionTaskScheduledEventAttributes' object",
        ),
        (
            [
                {
                    "eventId": 1,
                    "eventType": "DecisionTaskScheduled",
                    "decisionTaskScheduledEventAttributes": {},
                }
            ],
            "the first event is DecisionTaskScheduled, expected WorkflowExecutionStarted",
        ),
        ({"events": [STARTED], "run_id": 3}, "'run_id' must be a string"),
    ],
)
def test_what_is_not_a_history_is_named(data: Any, message: str) -> None:
    with pytest.raises(InvalidHistory, match=message):
        load_history(data, source="h.json")


def test_unreadable_and_undecodable_files(tmp_path: Path) -> None:
    with pytest.raises(InvalidHistory, match="cannot read history file .*No such file"):
        read_history_file(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("[{", encoding="utf-8")
    with pytest.raises(InvalidHistory, match="is not JSON"):
        read_history_file(bad)
    good = tmp_path / "good.json"
    good.write_text(json.dumps([STARTED]), encoding="utf-8")
    assert read_history_file(good).source == str(good)


def test_compact_json_writes_utc_times_with_milliseconds() -> None:
    from datetime import datetime, timedelta, timezone

    paris = timezone(timedelta(hours=1))
    when = datetime(2026, 1, 1, 1, 2, 3, 456789, tzinfo=paris)
    assert compact_json({"t": when, "l": [1]}) == '{"t":"2026-01-01T00:02:03.456Z","l":[1]}'
