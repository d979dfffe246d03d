"""SWF history events: plain events, compiled (stateful) events and their factories."""

from __future__ import annotations

from swf.models.event.base import Event
from swf.models.event.compiler import CompiledEvent
from swf.models.event.factory import CompiledEventFactory, EventFactory
from swf.models.event.marker import MarkerEvent
from swf.models.event.task import ActivityTaskEvent, DecisionTaskEvent
from swf.models.event.timer import TimerEvent
from swf.models.event.workflow import WorkflowExecutionEvent

__all__ = [
    "ActivityTaskEvent",
    "CompiledEvent",
    "CompiledEventFactory",
    "DecisionTaskEvent",
    "Event",
    "EventFactory",
    "MarkerEvent",
    "TimerEvent",
    "WorkflowExecutionEvent",
]
