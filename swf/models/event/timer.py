"""Timer events."""

from __future__ import annotations

from swf.models.event.base import Event
from swf.models.event.compiler import CompiledEvent

__all__ = ["CompiledTimerEvent", "TimerEvent"]


class TimerEvent(Event):
    """``Timer*``, ``StartTimerFailed`` and ``CancelTimerFailed`` events."""

    _type = "Timer"


class CompiledTimerEvent(CompiledEvent):
    """The life of a timer."""

    _type = "Timer"
    states = ("started", "start_failed", "fired", "canceled", "cancel_failed")
    transitions = {
        "started": ("canceled", "fired"),
        "start_failed": ("canceled",),
        "fired": ("canceled",),
        "canceled": ("cancel_failed", "fired"),
    }
    initial_state = "started"
