"""History parsing below `simpleflow.history`: typed records in, entry dicts out (pure).

`parse_events` turns the events of a complete history into records (one handler per event
kind, O(events)); `apply_record` writes one record into a `HistoryState`, the containers
behind `simpleflow.history.History`. Nothing here imports the SWF edge (`simpleflow.swf`)
or botocore: the pure history layer sits below the replay core.
"""

from __future__ import annotations

import sys
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from simpleflow._history import _execution, _records, _tasks
from simpleflow._history._tasks import Lookup

__all__ = [
    "HistoryState",
    "apply_record",
    "apply_records",
    "parse_event",
    "parse_events",
    "parse_history",
]

_HANDLERS: dict[tuple[str, str], Any] = {**_tasks.HANDLERS, **_execution.HANDLERS}
_APPLIERS: dict[type, Any] = {**_tasks.APPLIERS, **_execution.APPLIERS}


class HistoryState:
    """Every container `simpleflow.history.History` exposes, empty until records are applied."""

    __slots__ = (
        "activities",
        "cancel_failed",
        "cancel_failed_decision_task_completed_event_id",
        "cancel_requested",
        "cancel_requested_id",
        "child_workflows",
        "completed_decision_id",
        "external_workflows_canceling",
        "external_workflows_signaling",
        "last_execution_context",
        "markers",
        "signal_lists",
        "signaled_workflows",
        "signals",
        "started_decision_id",
        "tasks",
        "timers",
        "workflow",
    )

    def __init__(self) -> None:
        self.activities: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self.child_workflows: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self.tasks: list[dict[str, Any]] = []
        self.signals: dict[str, dict[str, Any]] = {}
        self.signal_lists: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
        self.signaled_workflows: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
        self.external_workflows_signaling: dict[int, dict[str, Any]] = {}
        self.external_workflows_canceling: dict[str, dict[str, Any]] = {}
        self.markers: dict[str, list[dict[str, Any]]] = {}
        self.timers: dict[str, dict[str, Any]] = {}
        self.workflow: dict[str, Any] = {}
        self.cancel_requested: dict[str, Any] | None = None
        self.cancel_failed: dict[str, Any] | None = None
        self.cancel_requested_id: int | None = None
        self.cancel_failed_decision_task_completed_event_id: int | None = None
        self.started_decision_id: int | None = None
        self.completed_decision_id: int | None = None
        self.last_execution_context: str | None = None


def parse_events(events: Sequence[Any], memo: dict[str, Any] | None = None) -> list[Any]:
    """Return the records of `events` (a complete history, in id order).

    Events that carry nothing the executor uses (decision tasks scheduled or timed out,
    Lambda functions, unknown types) give no record.

    `memo` (see `swf.models.history.History.memo`) keeps the records of these events for
    the next parse of the same run, which then parses only the events added since.
    """
    if memo is not None:
        return _records.parse_with_memo(events, memo, _parse_range, parse_event)
    return _parse_range(events, 0)


def _parse_range(events: Sequence[Any], start: int, sources: list[Any] | None = None) -> list[Any]:
    """The records of ``events[start:]``; earlier events are found by position.

    With ``sources``, the event of each record is appended to it.
    """
    lookup = Lookup(events)
    records: list[Any] = []
    append = records.append
    tail = events[start:] if start else events
    try:
        # `swf` events: the fields behind the `type` and `state` properties, read directly
        # (two Python-level property calls fewer per event).
        handlers = _HANDLERS_BY_CLASS
        for event in tail:
            handler = handlers[event.__class__].get(event._state)
            if handler is not None:
                append(handler(event, lookup))
                if sources is not None:
                    sources.append(event)
    except (KeyError, AttributeError):
        # Another kind of event object, or an event class seen for the first time.
        _index_classes(events)
        del records[:]
        if sources is not None:
            del sources[:]
        lookup = Lookup(events)
        for event in tail:
            handler = _HANDLERS.get((event.type, event.state))
            if handler is not None:
                append(handler(event, lookup))
                if sources is not None:
                    sources.append(event)
    return records


# event class -> {state: handler}, for the subclasses of `swf.models.event.Event` that
# keep its `type` and `state` properties (`_type`, a class attribute, and `_state`).
_HANDLERS_BY_CLASS: dict[type, dict[Any, Any]] = {}


def _index_classes(events: Sequence[Any]) -> None:
    # Looked up, not imported: this layer does not depend on `swf`; without it loaded
    # there is no `swf` event to index.
    base = getattr(sys.modules.get("swf.models.event.base"), "Event", None)
    if base is None:
        return
    for event in events:
        cls = event.__class__
        if cls in _HANDLERS_BY_CLASS or not issubclass(cls, base):
            continue
        if cls.type is not base.type or cls.state is not base.state:
            continue  # properties of its own: the generic path only
        _HANDLERS_BY_CLASS[cls] = {
            state: handler for (kind, state), handler in _HANDLERS.items() if kind == cls._type
        }


def parse_event(events: Sequence[Any], event: Any) -> Any:
    """Return the record of one `event` of `events`, or None if it carries no state."""
    handler = _HANDLERS.get((event.type, event.state))
    if handler is None:
        return None
    return handler(event, Lookup(events))


def apply_record(record: Any, state: HistoryState) -> None:
    """Write `record` into `state`: the one place that defines the entries' shape.

    A new id creates an entry (appended to `tasks` in first-seen order); an existing id is
    updated in place, so keys of earlier attempts (`retry`, `result`, `reason`...) survive.
    """
    _APPLIERS[type(record)](record, state)


def apply_records(records: Iterable[Any], state: HistoryState) -> None:
    """Apply every record, in order."""
    appliers = _APPLIERS
    for record in records:
        appliers[type(record)](record, state)


def parse_history(events: Sequence[Any], memo: dict[str, Any] | None = None) -> HistoryState:
    """The state of a complete history: every record applied, then the decision ids.

    `memo`: see `parse_events`.
    """
    state = HistoryState()
    apply_records(parse_events(events, memo), state)
    _execution.apply_last_decisions(events, state)
    return state
