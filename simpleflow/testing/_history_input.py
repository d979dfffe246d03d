"""Reading a recorded history: a JSON list of SWF events, or an object with an `events` list.

Both shapes are what `simpleflow workflow.history --output-format events` and
`aws swf get-workflow-execution-history` print. An object may also carry `workflow_id` and
`run_id` (the execution the history belongs to: child workflow ids are derived from them),
and `workflow` (the class path), as the recorded histories of the test suite do.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

__all__ = [
    "InvalidHistory",
    "RecordedHistory",
    "compact_json",
    "with_iso_timestamps",
    "load_history",
    "read_history_file",
]

_STARTED = "WorkflowExecutionStarted"


class InvalidHistory(ValueError):
    """The input is not a usable SWF history (unreadable, not JSON, wrong shape)."""


@dataclass(frozen=True, slots=True)
class RecordedHistory:
    """The events of one execution, checked, with what the input says of the execution."""

    events: list[dict[str, Any]]
    workflow_id: str | None = None
    run_id: str | None = None
    workflow: str | None = None
    source: str = "<history>"

    @property
    def workflow_type(self) -> dict[str, Any]:
        """The ``workflowType`` (``name``, ``version``) of ``WorkflowExecutionStarted``."""
        attributes = self.events[0].get("workflowExecutionStartedEventAttributes") or {}
        workflow_type: dict[str, Any] = attributes.get("workflowType") or {}
        return workflow_type


def read_history_file(path: str | Path) -> RecordedHistory:
    """Read and check the history in the JSON file `path`.

    Raises:
        InvalidHistory: the file cannot be read, is not JSON, or holds no history.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        reason = getattr(err, "strerror", None) or err
        raise InvalidHistory(f"cannot read history file '{path}': {reason}") from None
    try:
        data = json.loads(text)
    except ValueError as err:
        raise InvalidHistory(f"history file '{path}' is not JSON: {err}") from None
    return load_history(data, source=str(path))


def load_history(data: Any, source: str = "<history>") -> RecordedHistory:
    """Check decoded JSON `data` (a list of events, or an object with `events`).

    Raises:
        InvalidHistory: `data` is not an SWF history; the message says what is wrong.
    """
    if isinstance(data, RecordedHistory):
        return data
    workflow_id = run_id = workflow = None
    if isinstance(data, dict):
        if "events" not in data:
            raise InvalidHistory(
                f"{source}: a JSON object without an 'events' list is not a history; expected "
                'a list of SWF events or {"events": [...]} (the output of '
                "'simpleflow workflow.history --output-format events')"
            )
        workflow_id = _optional_text(data, "workflow_id", source)
        run_id = _optional_text(data, "run_id", source)
        workflow = _optional_text(data, "workflow", source)
        events = data["events"]
    else:
        events = data
    if not isinstance(events, list):
        raise InvalidHistory(
            f"{source}: expected a list of SWF events (or an object with an 'events' list), "
            f"got a JSON {_json_kind(events)}"
        )
    _check_events(events, source)
    return RecordedHistory(
        events=events, workflow_id=workflow_id, run_id=run_id, workflow=workflow, source=source
    )


def _optional_text(data: dict[str, Any], key: str, source: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise InvalidHistory(f"{source}: '{key}' must be a string, got {value!r}")
    return value


def _json_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "object"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return "null" if value is None else type(value).__name__


def _check_events(events: list[Any], source: str) -> None:
    if not events:
        raise InvalidHistory(f"{source}: the history has no events")
    previous = 0
    for position, event in enumerate(events):
        if not isinstance(event, dict):
            raise InvalidHistory(
                f"{source}: event #{position + 1} is a JSON {_json_kind(event)}, not an object"
            )
        event_id, event_type = event.get("eventId"), event.get("eventType")
        if not isinstance(event_type, str) or not isinstance(event_id, int):
            raise InvalidHistory(
                f"{source}: event #{position + 1} has no 'eventType' and integer 'eventId': "
                "not an SWF event"
            )
        if event_id <= previous:
            raise InvalidHistory(
                f"{source}: event ids must increase, event #{position + 1} has id {event_id} "
                f"after {previous} (use ascending order, not --reverse-order)"
            )
        previous = event_id
        key = event_type[0].lower() + event_type[1:] + "EventAttributes"
        if not isinstance(event.get(key), dict):
            raise InvalidHistory(f"{source}: event {event_id} ({event_type}) has no '{key}' object")
    if events[0]["eventType"] != _STARTED:
        raise InvalidHistory(
            f"{source}: the first event is {events[0]['eventType']}, expected {_STARTED} "
            "(give the whole history, in ascending order)"
        )
    started = events[0].get("workflowExecutionStartedEventAttributes")
    if not isinstance(started, dict) or not isinstance(started.get("workflowType"), dict):
        raise InvalidHistory(f"{source}: {_STARTED} has no workflowType")


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        text = value.astimezone(timezone.utc).isoformat(timespec="milliseconds")
        return text.replace("+00:00", "Z")
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def compact_json(value: Any, indent: int | None = None) -> str:
    """JSON on one line (or indented); datetimes as ISO 8601 UTC with milliseconds and `Z`.

    The form of `workflow.history` (spec §12.1), whose `events` output this module reads.
    """
    separators = (",", ":") if indent is None else (",", ": ")
    return json.dumps(value, separators=separators, indent=indent, default=_json_default)


def with_iso_timestamps(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events with each `eventTimestamp` (epoch seconds or datetime) as a datetime.

    The transport gives epoch seconds (as boto 2 did); `compact_json` then writes ISO 8601.
    """
    converted = []
    for event in events:
        timestamp = event.get("eventTimestamp")
        if isinstance(timestamp, (int, float)) and not isinstance(timestamp, bool):
            event = {**event, "eventTimestamp": datetime.fromtimestamp(timestamp, tz=timezone.utc)}
        converted.append(event)
    return converted
