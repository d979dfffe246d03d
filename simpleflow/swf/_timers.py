"""Timers in the replay: `StartTimer` and `CancelTimer` (features §5)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simpleflow import futures
from simpleflow.exceptions import TaskFailed
from simpleflow.swf import _outcomes
from simpleflow.swf._batch import RESUME_TIMER_PREFIX, WAKE_UP_TIMER_ID

if TYPE_CHECKING:
    from simpleflow.history import History
    from simpleflow.swf.task import CancelTimerTask, TimerTask

__all__ = ["count_open_timers", "resume_cancel_timer", "resume_timer"]

#: `StartTimerFailed` causes after which the timer was simply not started (features §5.4).
_NOT_STARTED_CAUSES = frozenset({"OPEN_TIMERS_LIMIT_EXCEEDED", "TIMER_CREATION_RATE_EXCEEDED"})


def _is_library_wake_up(timer_id: str) -> bool:
    return timer_id == WAKE_UP_TIMER_ID or timer_id.startswith(RESUME_TIMER_PREFIX)


def count_open_timers(history: History) -> int:
    """Timers started and not closed in history, the library's wake-up timers excepted."""
    return sum(
        1
        for timer_id, entry in history.timers.items()
        if entry.get("state") == "started" and not _is_library_wake_up(str(timer_id))
    )


def resume_timer(history: History, task: TimerTask) -> futures.Future | None:
    """The future of a timer found in history; None to start it."""
    entry = history.timers.get(task.timer_id)
    if entry is None or "started_event_id" not in entry and entry.get("state") != "start_failed":
        return None
    state = entry.get("state")
    if state == "fired":
        return _outcomes.finished(None)
    if state == "canceled":
        return _outcomes.cancelled()
    if state == "start_failed":
        cause = entry.get("cause")
        if cause in _NOT_STARTED_CAUSES:
            return None
        return _outcomes.finished(exception=TaskFailed(name=task.timer_id, reason=cause))
    return _outcomes.running()  # started (a failed cancel leaves it open)


def resume_cancel_timer(
    history: History, task: CancelTimerTask, started_in_this_replay: bool
) -> futures.Future | None:
    """The future of a timer cancellation; None to send `CancelTimer`."""
    entry = history.timers.get(task.timer_id)
    if entry is not None and entry.get("canceled_event_id"):
        return _outcomes.cancelled()
    if entry is not None and entry.get("cancel_failed_event_id"):
        return _outcomes.finished(
            exception=TaskFailed(name=task.timer_id, reason=entry.get("cancel_failed_cause"))
        )
    if started_in_this_replay or (entry is not None and entry.get("state") == "started"):
        return None
    if entry is not None and entry.get("state") == "fired":
        # [fix] 0.36 sent a CancelTimer that SWF refused with TIMER_ID_UNKNOWN.
        return _outcomes.finished(None)
    return _outcomes.finished(exception=TaskFailed(name=task.timer_id, reason="TIMER_ID_UNKNOWN"))
