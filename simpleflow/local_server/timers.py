"""Timers: ``StartTimer``/``CancelTimer`` on the engine's clock, ``TimerCanceled``.

What moto does: one ``threading.Timer`` per timer (wall time; it fires and schedules a
decision task even after the execution closed), records ``TimerCancelled`` (misspelt),
``CancelTimerFailed`` without ``timerId``, no decision task after a timer failure, and
``openTimers`` is always 0. What real SWF does (§15, §20.5): ``TimerCanceled``, ``timerId`` on
failures, ids reusable once fired or canceled, ``OPEN_TIMERS_LIMIT_EXCEEDED``, nothing fires
after close. What we change: timers are deadlines of the scheduler (:mod:`.timeouts`), so they
follow the (possibly skipping) clock and die with the execution.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .decision_tasks import HANDLERS
from .execution import Execution, Timer

if TYPE_CHECKING:
    from .engine import Engine


def _start(engine: Engine, ex: Execution, attrs: dict[str, Any], completed: int) -> None:
    timer_id = attrs["timerId"]

    def failed(cause: str) -> None:
        engine.record(
            ex,
            "StartTimerFailed",
            {"timerId": timer_id, "cause": cause, "decisionTaskCompletedEventId": completed},
        )

    if timer_id in ex.timers:
        return failed("TIMER_ID_ALREADY_IN_USE")
    if len(ex.timers) >= engine.settings.max_open_timers:
        return failed("OPEN_TIMERS_LIMIT_EXCEEDED")
    delay = float(attrs["startToFireTimeout"])
    event_id = engine.record(
        ex,
        "TimerStarted",
        {
            "timerId": timer_id,
            "control": attrs.get("control"),
            "startToFireTimeout": attrs["startToFireTimeout"],
            "decisionTaskCompletedEventId": completed,
        },
    )
    timer = Timer(timer_id, event_id, engine.clock.now() + delay, attrs.get("control"))
    ex.timers[timer_id] = timer

    def fire() -> None:
        ex.timers.pop(timer_id, None)
        engine.record(ex, "TimerFired", {"timerId": timer_id, "startedEventId": event_id})

    # A delay of 0 fires right after the batch: the scheduler runs it once this request
    # releases the engine lock.
    engine.scheduler.at(
        timer.fire_at, fire, lambda: ex.is_open and ex.timers.get(timer_id) is timer
    )


def _cancel(engine: Engine, ex: Execution, attrs: dict[str, Any], completed: int) -> None:
    timer_id = attrs["timerId"]
    timer = ex.timers.pop(timer_id, None)
    if timer is None:
        engine.record(
            ex,
            "CancelTimerFailed",
            {
                "timerId": timer_id,
                "cause": "TIMER_ID_UNKNOWN",
                "decisionTaskCompletedEventId": completed,
            },
        )
        return
    engine.record(
        ex,
        "TimerCanceled",
        {
            "timerId": timer_id,
            "startedEventId": timer.started_event_id,
            "decisionTaskCompletedEventId": completed,
        },
    )


HANDLERS.update({"StartTimer": _start, "CancelTimer": _cancel})
