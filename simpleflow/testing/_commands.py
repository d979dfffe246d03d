"""One shape for a decision, whether the code makes it now or the history recorded it.

A `Command` keeps what must not change between two versions of a workflow: the decision
type, the id of what it acts on (activity, child, timer, marker, signalled workflow), its
type (activity or workflow type, signal name) and its input (task input, timer delay,
marker details, workflow result...). Task lists and timeouts are left out: redeploying
with another task list does not break a running execution.

Every SWF decision type is covered, so the replayer checks new workflow features as soon
as the replay core makes their decisions. JSON payloads are compared decoded (spec G1):
`{"a":1}` and `{"a": 1}` are the same input.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

__all__ = ["UNRECORDED", "Command", "from_decision", "recorded_commands"]


class _Unrecorded:
    """A field the history does not carry (e.g. the input of a failed schedule)."""

    _instance: _Unrecorded | None = None

    def __new__(cls) -> _Unrecorded:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNRECORDED"


UNRECORDED: Any = _Unrecorded()


def _decoded(value: Any) -> Any:
    """A JSON payload decoded; text that is not JSON is kept as is."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _same(left: Any, right: Any) -> bool:
    return left is UNRECORDED or right is UNRECORDED or left == right


@dataclass(frozen=True, slots=True)
class Command:
    """A decision reduced to what the replayer compares.

    Attributes:
        decision: the SWF decision type (`ScheduleActivityTask`, `StartTimer`...).
        id: the activity id, workflow id, timer id or marker name; None for close decisions.
        type: `{'name', 'version'}` of an activity or workflow type, a signal name, or None.
        input: the decoded payload, or `UNRECORDED` when the history does not carry it.
        outcome: for a recorded decision that SWF refused, its failure event and cause.
    """

    decision: str
    id: str | None = None
    type: Any = None
    input: Any = None
    outcome: str | None = None

    def matches(self, other: Command) -> bool:
        """Same decision, id, type and decoded input (fields a side lacks are not compared)."""
        return (
            self.decision == other.decision
            and self.id == other.id
            and _same(self.type, other.type)
            and _same(self.input, other.input)
        )

    def same_target(self, other: Command) -> bool:
        """Same decision type and id."""
        return self.decision == other.decision and self.id == other.id

    def same_work(self, other: Command) -> bool:
        """Same decision type, task type and input, whatever the id (counters move)."""
        return (
            self.decision == other.decision
            and _same(self.type, other.type)
            and _same(self.input, other.input)
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready description; fields that do not apply are omitted."""
        data: dict[str, Any] = {"decision": self.decision}
        if self.id is not None:
            data["id"] = self.id
        if self.type is not None and self.type is not UNRECORDED:
            data["type"] = self.type
        if self.input is not UNRECORDED and (self.input is not None or _HAS_INPUT[self.decision]):
            data["input"] = self.input
        if self.outcome is not None:
            data["outcome"] = self.outcome
        return data

    def label(self) -> str:
        """A one-line description such as `ScheduleActivityTask activity-x-1 (x 1.0)`."""
        parts = [self.decision]
        if self.id is not None:
            parts.append(self.id)
        if isinstance(self.type, dict):
            parts.append(f"({self.type.get('name')} {self.type.get('version')})")
        elif self.type is not None and self.type is not UNRECORDED:
            parts.append(f"({self.type})")
        if self.input is not UNRECORDED and (self.input is not None or _HAS_INPUT[self.decision]):
            parts.append(f"input={json.dumps(self.input, sort_keys=True, default=str)}")
        if self.outcome:
            parts.append(f"[{self.outcome}]")
        return " ".join(parts)


# --- decisions the code makes now -------------------------------------------------------

_Reader = Callable[[dict[str, Any]], Command]


def _timer_input(attributes: dict[str, Any]) -> dict[str, Any]:
    return {
        "start_to_fire_timeout": attributes.get("startToFireTimeout"),
        "control": _decoded(attributes.get("control")),
    }


_DECISIONS: dict[str, _Reader] = {
    "ScheduleActivityTask": lambda a: Command(
        "ScheduleActivityTask", a.get("activityId"), a.get("activityType"), _decoded(a.get("input"))
    ),
    "RequestCancelActivityTask": lambda a: Command(
        "RequestCancelActivityTask", a.get("activityId")
    ),
    "StartChildWorkflowExecution": lambda a: Command(
        "StartChildWorkflowExecution",
        a.get("workflowId"),
        a.get("workflowType"),
        _decoded(a.get("input")),
    ),
    "StartTimer": lambda a: Command("StartTimer", a.get("timerId"), None, _timer_input(a)),
    "CancelTimer": lambda a: Command("CancelTimer", a.get("timerId")),
    "RecordMarker": lambda a: Command(
        "RecordMarker", a.get("markerName"), None, _decoded(a.get("details"))
    ),
    "SignalExternalWorkflowExecution": lambda a: Command(
        "SignalExternalWorkflowExecution",
        a.get("workflowId"),
        a.get("signalName"),
        _decoded(a.get("input")),
    ),
    "RequestCancelExternalWorkflowExecution": lambda a: Command(
        "RequestCancelExternalWorkflowExecution", a.get("workflowId")
    ),
    "CompleteWorkflowExecution": lambda a: Command(
        "CompleteWorkflowExecution", None, None, _decoded(a.get("result"))
    ),
    "FailWorkflowExecution": lambda a: Command(
        "FailWorkflowExecution", None, None, a.get("reason")
    ),
    "CancelWorkflowExecution": lambda a: Command(
        "CancelWorkflowExecution", None, None, _decoded(a.get("details"))
    ),
    "ContinueAsNewWorkflowExecution": lambda a: Command(
        "ContinueAsNewWorkflowExecution",
        None,
        # The decision names only the version, and only when it changes.
        a.get("workflowTypeVersion") or UNRECORDED,
        _decoded(a.get("input")),
    ),
}

#: Decision types whose payload is shown even when it is null (a result, an input).
_HAS_INPUT: dict[str, bool] = {
    "ScheduleActivityTask": True,
    "RequestCancelActivityTask": False,
    "StartChildWorkflowExecution": True,
    "StartTimer": True,
    "CancelTimer": False,
    "RecordMarker": True,
    "SignalExternalWorkflowExecution": True,
    "RequestCancelExternalWorkflowExecution": False,
    "CompleteWorkflowExecution": True,
    "FailWorkflowExecution": True,
    "CancelWorkflowExecution": True,
    "ContinueAsNewWorkflowExecution": True,
}


def _attributes_key(decision_type: str) -> str:
    return decision_type[0].lower() + decision_type[1:] + "DecisionAttributes"


def from_decision(decision: dict[str, Any]) -> Command:
    """The `Command` of one decision dict (as sent to `RespondDecisionTaskCompleted`).

    Raises:
        ValueError: the decision type is not an SWF decision type.
    """
    decision_type = decision.get("decisionType")
    reader = _DECISIONS.get(decision_type) if isinstance(decision_type, str) else None
    if reader is None or decision_type is None:
        raise ValueError(f"unknown SWF decision type {decision_type!r} in {decision!r}")
    attributes = decision.get(_attributes_key(decision_type)) or {}
    return reader(attributes)


# --- decisions the history recorded ------------------------------------------------------

# eventType -> (decision type, reader of the event attributes, whether the event is a
# refusal). Every event SWF writes for a decision carries `decisionTaskCompletedEventId`.
_EVENTS: dict[str, tuple[_Reader, bool]] = {
    "ActivityTaskScheduled": (_DECISIONS["ScheduleActivityTask"], False),
    "ScheduleActivityTaskFailed": (
        lambda a: Command(
            "ScheduleActivityTask", a.get("activityId"), a.get("activityType"), UNRECORDED
        ),
        True,
    ),
    "ActivityTaskCancelRequested": (_DECISIONS["RequestCancelActivityTask"], False),
    "RequestCancelActivityTaskFailed": (_DECISIONS["RequestCancelActivityTask"], True),
    "StartChildWorkflowExecutionInitiated": (_DECISIONS["StartChildWorkflowExecution"], False),
    "StartChildWorkflowExecutionFailed": (
        lambda a: Command(
            "StartChildWorkflowExecution", a.get("workflowId"), a.get("workflowType"), UNRECORDED
        ),
        True,
    ),
    "TimerStarted": (_DECISIONS["StartTimer"], False),
    "StartTimerFailed": (lambda a: Command("StartTimer", a.get("timerId"), None, UNRECORDED), True),
    "TimerCanceled": (_DECISIONS["CancelTimer"], False),
    "CancelTimerFailed": (_DECISIONS["CancelTimer"], True),
    "MarkerRecorded": (_DECISIONS["RecordMarker"], False),
    "RecordMarkerFailed": (
        lambda a: Command("RecordMarker", a.get("markerName"), None, UNRECORDED),
        True,
    ),
    "SignalExternalWorkflowExecutionInitiated": (
        _DECISIONS["SignalExternalWorkflowExecution"],
        False,
    ),
    "SignalExternalWorkflowExecutionFailed": (
        lambda a: Command(
            "SignalExternalWorkflowExecution", a.get("workflowId"), UNRECORDED, UNRECORDED
        ),
        True,
    ),
    "RequestCancelExternalWorkflowExecutionInitiated": (
        _DECISIONS["RequestCancelExternalWorkflowExecution"],
        False,
    ),
    "RequestCancelExternalWorkflowExecutionFailed": (
        _DECISIONS["RequestCancelExternalWorkflowExecution"],
        True,
    ),
    "WorkflowExecutionCompleted": (_DECISIONS["CompleteWorkflowExecution"], False),
    "CompleteWorkflowExecutionFailed": (
        lambda a: Command("CompleteWorkflowExecution", None, None, UNRECORDED),
        True,
    ),
    "WorkflowExecutionFailed": (_DECISIONS["FailWorkflowExecution"], False),
    "FailWorkflowExecutionFailed": (
        lambda a: Command("FailWorkflowExecution", None, None, UNRECORDED),
        True,
    ),
    "WorkflowExecutionCanceled": (_DECISIONS["CancelWorkflowExecution"], False),
    "CancelWorkflowExecutionFailed": (
        lambda a: Command("CancelWorkflowExecution", None, None, UNRECORDED),
        True,
    ),
    "WorkflowExecutionContinuedAsNew": (
        lambda a: Command(
            "ContinueAsNewWorkflowExecution",
            None,
            (a.get("workflowType") or {}).get("version") or UNRECORDED,
            _decoded(a.get("input")),
        ),
        False,
    ),
    "ContinueAsNewWorkflowExecutionFailed": (
        lambda a: Command("ContinueAsNewWorkflowExecution", None, UNRECORDED, UNRECORDED),
        True,
    ),
}

#: Failure events that may follow an `...Initiated` event of the same decision.
_FOLLOWS_INITIATED = frozenset(
    {
        "StartChildWorkflowExecutionFailed",
        "SignalExternalWorkflowExecutionFailed",
        "RequestCancelExternalWorkflowExecutionFailed",
    }
)


def _event_attributes(event: dict[str, Any]) -> dict[str, Any]:
    event_type: str = event["eventType"]
    key = event_type[0].lower() + event_type[1:] + "EventAttributes"
    attributes: dict[str, Any] = event.get(key) or {}
    return attributes


def recorded_commands(events: Iterable[dict[str, Any]]) -> dict[int, list[Command]]:
    """The decisions each decision task made, by `DecisionTaskCompleted` event id.

    A decision is known by the event SWF wrote for it (`ActivityTaskScheduled`,
    `TimerStarted`, `WorkflowExecutionCompleted`...) or by its refusal
    (`ScheduleActivityTaskFailed`...), in the order SWF applied them. A failure that
    follows an `...Initiated` event of the same decision (a signal to an unknown
    execution) is the outcome of that decision, not one more.
    """
    by_point: dict[int, list[Command]] = {}
    initiated: dict[int, tuple[int, int]] = {}  # initiated event id -> (point, position)
    for event in events:
        event_type = event["eventType"]
        entry = _EVENTS.get(event_type)
        if entry is None:
            continue
        attributes = _event_attributes(event)
        point = attributes.get("decisionTaskCompletedEventId")
        if not isinstance(point, int):
            continue
        reader, refused = entry
        commands = by_point.setdefault(point, [])
        if event_type in _FOLLOWS_INITIATED:
            origin = initiated.get(attributes.get("initiatedEventId") or 0)
            if origin is not None:
                origin_point, position = origin
                command = by_point[origin_point][position]
                by_point[origin_point][position] = _refused(command, event_type, attributes)
                continue
        command = reader(attributes)
        if refused:
            command = _refused(command, event_type, attributes)
        if event_type.endswith("Initiated"):
            initiated[event["eventId"]] = (point, len(commands))
        commands.append(command)
    return by_point


def _refused(command: Command, event_type: str, attributes: dict[str, Any]) -> Command:
    cause = attributes.get("cause")
    outcome = f"{event_type}: {cause}" if cause else event_type
    return Command(command.decision, command.id, command.type, command.input, outcome)
