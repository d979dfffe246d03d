"""Markers in the replay: `RecordMarker` once per (name, details) (features §4)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from simpleflow import futures
from simpleflow.exceptions import TaskFailed
from simpleflow.marker import Marker
from simpleflow.swf import _outcomes
from simpleflow.utils import json_dumps

if TYPE_CHECKING:
    from simpleflow.history import History
    from simpleflow.swf._replay import ReplayExecutor
    from simpleflow.swf.task import MarkerTask

__all__ = ["list_markers", "resume_marker"]


def _decode(details: str | None) -> Any:
    if details is None:
        return None
    try:
        return json.loads(details)
    except ValueError:
        return details


def resume_marker(executor: ReplayExecutor, task: MarkerTask) -> futures.Future | None:
    """The future of a marker found in history; None to record it.

    Details are compared decoded, never as JSON text, so that histories written with
    another JSON encoding (0.36's compact one) replay the same (features §4.3).
    """
    history = executor.history
    # Through JSON, as SWF will store it (tuples become lists, datetimes strings).
    wanted = json.loads(json_dumps(task.details))
    for entry in reversed(history.markers.get(task.name, ())):
        if entry["state"] == "recorded":
            details = _decode(entry["details"])
            if details == wanted:
                return _outcomes.finished(details)
        else:  # record_failed, newer than any match
            return _outcomes.finished(
                exception=TaskFailed(name=task.name, reason=entry.get("cause"))
            )
    return None


def list_markers(history: History, all: bool = False) -> list[Marker]:
    """The latest recorded marker of each name (first-seen order), or every one.

    `all=True` skips `RecordMarkerFailed` entries ([fix]: 0.36 raised `KeyError`).
    """
    if all:
        recorded = [
            entry
            for entries in history.markers.values()
            for entry in entries
            if entry["state"] == "recorded"
        ]
        recorded.sort(key=lambda entry: entry["event_id"])
        return [Marker(entry["name"], _decode(entry["details"])) for entry in recorded]
    result = []
    for name, entries in history.markers.items():
        last = entries[-1]
        if last["state"] == "recorded":
            result.append(Marker(name, _decode(last["details"])))
    return result
