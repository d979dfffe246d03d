"""Build ``Event`` objects from raw SWF events."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict

from swf.models.event.base import Event
from swf.models.event.compiler import CompiledEvent, _CompiledUnknownEvent
from swf.models.event.marker import CompiledMarkerEvent, MarkerEvent
from swf.models.event.task import (
    ActivityTaskEvent,
    CompiledActivityTaskEvent,
    CompiledDecisionTaskEvent,
    DecisionTaskEvent,
)
from swf.models.event.timer import CompiledTimerEvent, TimerEvent
from swf.models.event.workflow import (
    ChildWorkflowExecutionEvent,
    CompiledChildWorkflowExecutionEvent,
    CompiledExternalWorkflowExecutionEvent,
    CompiledWorkflowExecutionEvent,
    ExternalWorkflowExecutionEvent,
    WorkflowExecutionEvent,
)
from swf.utils import camel_to_underscore

__all__ = ["EVENTS", "CompiledEventFactory", "EventFactory"]


class _EventClasses(TypedDict):
    event: type[Event]
    compiled: type[CompiledEvent]


# Match keys, tried in this order against the eventType: the first one contained in it
# gives the event class. 'ExternalWorkflow' (not 'ExternalWorkflowExecution') is the
# 0.11.9 key; it shapes the states of external events.
EVENTS: dict[str, _EventClasses] = {
    "ChildWorkflowExecution": {
        "event": ChildWorkflowExecutionEvent,
        "compiled": CompiledChildWorkflowExecutionEvent,
    },
    "ExternalWorkflow": {
        "event": ExternalWorkflowExecutionEvent,
        "compiled": CompiledExternalWorkflowExecutionEvent,
    },
    "WorkflowExecution": {
        "event": WorkflowExecutionEvent,
        "compiled": CompiledWorkflowExecutionEvent,
    },
    "DecisionTask": {"event": DecisionTaskEvent, "compiled": CompiledDecisionTaskEvent},
    "ActivityTask": {"event": ActivityTaskEvent, "compiled": CompiledActivityTaskEvent},
    "Marker": {"event": MarkerEvent, "compiled": CompiledMarkerEvent},
    "Timer": {"event": TimerEvent, "compiled": CompiledTimerEvent},
}

# eventType -> (event class, state). Computed once per type: history parsing is on the
# decider's hot path. Changes to EVENTS after the first lookup of a type are not seen.
_ANALYSES: dict[str, tuple[type[Event], str]] = {}
_ANALYSES_SIZE = 1024


def _analyse(event_type: str) -> tuple[type[Event], str]:
    try:
        return _ANALYSES[event_type]
    except KeyError:
        pass
    match_key = EventFactory._extract_event_type(event_type)
    if match_key is None:
        # Lambda function events and future types: a plain Event rather than a crash.
        analysis: tuple[type[Event], str] = (Event, camel_to_underscore(event_type))
    else:
        state = EventFactory._extract_event_state(match_key, event_type)
        analysis = (EVENTS[match_key]["event"], state)
    if len(_ANALYSES) < _ANALYSES_SIZE:
        _ANALYSES[event_type] = analysis
    return analysis


def _event_from_raw(raw_event: Mapping[str, Any]) -> Event:
    event_type = raw_event["eventType"]
    analysis = _ANALYSES.get(event_type)
    event_class, state = analysis if analysis is not None else _analyse(event_type)
    return event_class(raw_event["eventId"], state, raw_event["eventTimestamp"], raw_event)


class EventFactory:
    """Turn a raw SWF event dict into an instance of the matching ``Event`` subclass.

    ``EventFactory(raw_event)`` returns the event, not an ``EventFactory``. The class is
    the first entry of ``EVENTS`` whose key is contained in the ``eventType``; the state
    is the rest of the type in snake_case (``ScheduleActivityTaskFailed`` gives an
    ``ActivityTaskEvent`` in state ``'schedule_failed'``). An unknown type gives a plain
    ``Event`` whose type is ``None`` and whose state is the whole type in snake_case.

    Raises:
        KeyError: the raw event lacks ``eventType``, ``eventId``, ``eventTimestamp`` or
            its attributes key.
    """

    events = EVENTS

    def __new__(cls, raw_event: Mapping[str, Any]) -> Event:  # type: ignore[misc]
        return _event_from_raw(raw_event)

    @classmethod
    def _extract_event_type(cls, event_name: str) -> str | None:
        """Return the first ``EVENTS`` key contained in ``event_name``, else ``None``."""
        for match_key in EVENTS:
            if match_key in event_name:
                return match_key
        return None

    @classmethod
    def _extract_event_state(cls, event_type: str, event_name: str) -> str:
        """Return ``event_name`` without ``event_type``, in snake_case."""
        left, _, right = event_name.partition(event_type)
        return camel_to_underscore(left + right)


_COMPILED_BY_TYPE: dict[str | None, type[CompiledEvent]] = {
    classes["event"]._type: classes["compiled"] for classes in EVENTS.values()
}


class CompiledEventFactory:
    """Build the compiled event of ``event.type`` from ``event``.

    ``CompiledEventFactory(event)`` returns the compiled event. Events of unknown types get
    a generic compiled event that accepts any state.

    Raises:
        InconsistentStateError: ``event`` is not in the initial state of its state machine.
    """

    def __new__(cls, event: Event) -> CompiledEvent:  # type: ignore[misc]
        compiled_class = _COMPILED_BY_TYPE.get(event.type, _CompiledUnknownEvent)
        return compiled_class(event)
