"""Timings of the tasks of a workflow execution, computed from its history (cli spec §2.2)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

__all__ = ["WorkflowStats", "get_start_to_close_timing"]

Timing = tuple[str, str, "datetime | None", "datetime | None", "datetime | None", "float | None"]

# Timestamp keys that do not follow the ``<state>_timestamp`` rule (kept from 0.11.9).
_TIMESTAMP_ALIASES = {
    "start_initiated": ("initiated_event_timestamp",),
    "canceled": ("cancelled_timestamp",),
}


def _as_utc(value: Any) -> Any:
    """An aware UTC datetime for any datetime (naive means UTC); other values unchanged."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)
    return value


def _state_timestamp(task: dict[str, Any]) -> datetime | None:
    """The timestamp recorded for the last state of a task entry of `simpleflow.history`.

    The entries store it as ``<state>_timestamp``, with two exceptions kept from 0.11.9:
    a child workflow in state ``start_initiated`` has ``initiated_event_timestamp``, and a
    canceled activity has ``cancelled_timestamp``. Missing → ``None``.
    """
    state = task.get("state")
    if not state:
        return None
    for key in (f"{state}_timestamp", *_TIMESTAMP_ALIASES.get(state, ())):
        value = task.get(key)
        if value is not None:
            return _as_utc(value)
    return None


def get_start_to_close_timing(
    task: dict[str, Any],
) -> tuple[str, datetime | None, datetime | None, datetime | None, float | None]:
    """``(last_state, scheduled, start, end, duration)`` of a task entry.

    ``scheduled`` and ``start`` are ``None`` when the task has no such timestamp (a task
    that never started, a schedule failure, a child workflow); ``end`` and ``duration``
    (seconds) are ``None`` unless the task started.
    """
    last_state = task.get("state", "")
    scheduled = _as_utc(task.get("scheduled_timestamp"))
    start = _as_utc(task.get("started_timestamp"))
    if start is None:
        return last_state, scheduled, None, None, None
    end = _state_timestamp(task)
    duration = (end - start).total_seconds() if end is not None else None
    return last_state, scheduled, start, end, duration


class WorkflowStats:
    """Timings of the tasks of one workflow execution.

    Args:
        history: a `simpleflow.history.History` of the execution (parsed or not).
    """

    def __init__(self, history: Any) -> None:
        self._history = history

    def total_time(self) -> float:
        """Seconds between the first and the last event of the history (0 if empty)."""
        events = self._history.events
        if not events:
            return 0.0
        first = _as_utc(events[0].timestamp)
        last = _as_utc(events[-1].timestamp)
        return float((last - first).total_seconds())

    def get_timings(self) -> list[Timing]:
        """One ``(task_id, last_state, scheduled, started, end, duration)`` tuple per task.

        Activities come first, in first-scheduled order, then child workflows.
        """
        history = self._history
        history.parse()
        tasks = [*history._activities.items(), *history._child_workflows.items()]
        return [(task_id, *get_start_to_close_timing(task)) for task_id, task in tasks]

    def get_timings_with_percentage(self) -> list[tuple[Any, ...] | None]:
        """`get_timings` where each entry with a positive duration gets its share of the
        total time (percent) appended, and every other entry is replaced by ``None``."""
        total = self.total_time()
        result: list[tuple[Any, ...] | None] = []
        for timing in self.get_timings():
            duration = timing[-1]
            if duration and total:
                result.append((*timing, duration / total * 100))
            else:
                result.append(None)
        return result
