"""Activity and child-workflow records of an SWF history, and the entries built from them.

One handler per event kind turns an event into an immutable record; one apply function per
record kind writes the entry dicts of `simpleflow.history.History` (spec §12 and
features §1.5). Records are `typing.NamedTuple` classes rather than frozen dataclasses: they
are built once per event in the decider's hot path, and a named tuple is about three times
cheaper to construct while being just as immutable and typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from simpleflow._history._lazy import Entry, Lazy

if TYPE_CHECKING:
    from simpleflow._history import HistoryState

_ACTIVITY = "ActivityTask"
_CHILD = "ChildWorkflowExecution"


# --- activity records -------------------------------------------------------------------


class ActivityScheduled(NamedTuple):
    activity_id: str
    name: str
    version: str
    event_id: int
    timestamp: Any  # a Lazy of the event's timestamp
    input: Any
    task_list: str | None
    control: Any
    decision_task_completed_event_id: int | None


class ActivityScheduleFailed(NamedTuple):
    activity_id: str
    activity_type: dict[str, str]
    cause: str | None
    timestamp: Any  # a Lazy of the event's timestamp


class ActivityStarted(NamedTuple):
    activity_id: str
    identity: str | None
    event_id: int
    timestamp: Any  # a Lazy of the event's timestamp


class ActivityCompleted(NamedTuple):
    activity_id: str
    result: str | None
    event_id: int
    timestamp: Any  # a Lazy of the event's timestamp


class ActivityFailed(NamedTuple):
    activity_id: str
    reason: str | None
    details: str
    event_id: int
    timestamp: Any  # a Lazy of the event's timestamp


class ActivityTimedOut(NamedTuple):
    activity_id: str
    timeout_type: str
    timeout_value: str | None
    event_id: int
    timestamp: Any  # a Lazy of the event's timestamp


class ActivityCancelRequested(NamedTuple):
    activity_id: str
    decision_task_completed_event_id: int | None
    timestamp: Any  # a Lazy of the event's timestamp


class ActivityRequestCancelFailed(NamedTuple):
    activity_id: str
    cause: str | None
    timestamp: Any  # a Lazy of the event's timestamp


class ActivityCanceled(NamedTuple):
    activity_id: str
    details: str | None
    event_id: int
    timestamp: Any  # a Lazy of the event's timestamp


# --- child-workflow records -------------------------------------------------------------


class ChildStartInitiated(NamedTuple):
    workflow_id: str
    name: str
    version: str
    event_id: int
    raw_input: str | None
    input: Any
    child_policy: str | None
    control: Any
    tag_list: list[str] | None
    task_list: Any
    decision_task_completed_event_id: int | None
    timestamp: Any  # a Lazy of the event's timestamp


class ChildStartFailed(NamedTuple):
    workflow_id: str
    name: str | None
    version: str | None
    cause: str | None
    control: Any
    event_id: int
    decision_task_completed_event_id: int | None
    timestamp: Any  # a Lazy of the event's timestamp


class ChildStarted(NamedTuple):
    workflow_id: str
    run_id: str | None
    execution_workflow_id: str | None
    event_id: int
    timestamp: Any  # a Lazy of the event's timestamp


class ChildCompleted(NamedTuple):
    workflow_id: str
    result: str | None
    event_id: int
    timestamp: Any  # a Lazy of the event's timestamp


class ChildFailed(NamedTuple):
    workflow_id: str
    reason: str | None
    details: str | None
    event_id: int
    timestamp: Any  # a Lazy of the event's timestamp


class ChildTimedOut(NamedTuple):
    workflow_id: str
    timeout_type: str | None
    timeout_value: str | None
    event_id: int
    timestamp: Any  # a Lazy of the event's timestamp


class ChildCanceled(NamedTuple):
    workflow_id: str
    details: str | None
    event_id: int
    timestamp: Any  # a Lazy of the event's timestamp


class ChildTerminated(NamedTuple):
    workflow_id: str
    event_id: int
    timestamp: Any  # a Lazy of the event's timestamp


# --- parsing ----------------------------------------------------------------------------


class Lookup:
    """Finds the scheduled/initiated event an activity or child event refers to.

    Events seen earlier in the same pass are looked up by id in a dict; otherwise (a single
    event parsed through `History.parse_activity_event`) the event is found by position in
    the complete history, as SWF numbers events 1, 2, 3...
    """

    __slots__ = ("events", "initiated", "scheduled")

    def __init__(self, events: Sequence[Any]) -> None:
        self.events = events
        self.scheduled: dict[int, Any] = {}
        self.initiated: dict[int, Any] = {}

    def by_position(self, event_id: int) -> Any:
        if 0 < event_id <= len(self.events):
            candidate = self.events[event_id - 1]
            if getattr(candidate, "id", None) == event_id:
                return candidate
        return None

    def scheduled_event(self, event: Any) -> Any:
        event_id = event.scheduled_event_id
        found = self.scheduled.get(event_id)
        if found is None:
            found = self.by_position(event_id)
            if found is None or getattr(found, "state", None) != "scheduled":
                raise ValueError(
                    f"event {event.id} ({event_name(event)}) refers to scheduled event "
                    f"{event_id!r}, which is not an ActivityTaskScheduled event of this "
                    "history; the decider must fetch the complete history (every page)"
                )
        return found

    def initiated_event(self, event: Any) -> Any:
        event_id = getattr(event, "initiated_event_id", None)
        found = self.initiated.get(event_id) if event_id is not None else None
        if found is None and event_id is not None:
            found = self.by_position(event_id)
            if found is not None and getattr(found, "state", None) != "start_initiated":
                found = None
        return found

    def initiated_workflow_id(self, event: Any) -> str:
        found = self.initiated_event(event)
        if found is not None:
            return str(found.workflow_id)
        # Fall back on the execution the event itself names.
        execution = getattr(event, "workflow_execution", None) or {}
        workflow_id = execution.get("workflowId")
        if workflow_id is None:
            raise ValueError(
                f"event {event.id} ({event_name(event)}) refers to initiated event "
                f"{getattr(event, 'initiated_event_id', None)!r}, which is not in this "
                "history; the decider must fetch the complete history (every page)"
            )
        return str(workflow_id)


def event_name(event: Any) -> str:
    raw = getattr(event, "raw", None) or {}
    return str(raw.get("eventType", f"{event.type}:{event.state}"))


def _activity_scheduled(event: Any, lookup: Lookup) -> Any:
    lookup.scheduled[event.id] = event
    activity_type = event.activity_type
    task_list = event.task_list
    return ActivityScheduled(
        event.activity_id,
        activity_type["name"],
        activity_type["version"],
        event.id,
        Lazy(event, "timestamp"),
        Lazy(event, "input"),
        task_list["name"] if task_list else None,
        Lazy(event, "control"),
        event.decision_task_completed_event_id,
    )


def _activity_schedule_failed(event: Any, lookup: Lookup) -> Any:
    return ActivityScheduleFailed(
        event.activity_id, dict(event.activity_type), event.cause, Lazy(event, "timestamp")
    )


def _activity_started(event: Any, lookup: Lookup) -> Any:
    return ActivityStarted(
        lookup.scheduled_event(event).activity_id,
        event.identity,
        event.id,
        Lazy(event, "timestamp"),
    )


def _activity_completed(event: Any, lookup: Lookup) -> Any:
    return ActivityCompleted(
        lookup.scheduled_event(event).activity_id, event.result, event.id, Lazy(event, "timestamp")
    )


def _activity_failed(event: Any, lookup: Lookup) -> Any:
    details = event.details
    return ActivityFailed(
        lookup.scheduled_event(event).activity_id,
        event.reason,
        "" if details is None else details,
        event.id,
        Lazy(event, "timestamp"),
    )


def _activity_timed_out(event: Any, lookup: Lookup) -> Any:
    scheduled = lookup.scheduled_event(event)
    timeout_type = event.timeout_type
    return ActivityTimedOut(
        scheduled.activity_id,
        timeout_type,
        getattr(scheduled, f"{str(timeout_type).lower()}_timeout", None),
        event.id,
        Lazy(event, "timestamp"),
    )


def _activity_cancel_requested(event: Any, lookup: Lookup) -> Any:
    return ActivityCancelRequested(
        event.activity_id, event.decision_task_completed_event_id, Lazy(event, "timestamp")
    )


def _activity_request_cancel_failed(event: Any, lookup: Lookup) -> Any:
    return ActivityRequestCancelFailed(event.activity_id, event.cause, Lazy(event, "timestamp"))


def _activity_canceled(event: Any, lookup: Lookup) -> Any:
    return ActivityCanceled(
        lookup.scheduled_event(event).activity_id, event.details, event.id, Lazy(event, "timestamp")
    )


def _child_start_initiated(event: Any, lookup: Lookup) -> Any:
    lookup.initiated[event.id] = event
    workflow_type = event.workflow_type
    raw = getattr(event, "raw", None) or {}
    attributes = raw.get("startChildWorkflowExecutionInitiatedEventAttributes") or {}
    return ChildStartInitiated(
        event.workflow_id,
        workflow_type["name"],
        workflow_type["version"],
        event.id,
        attributes.get("input"),
        Lazy(event, "input") if "input" in attributes else None,
        event.child_policy,
        Lazy(event, "control"),
        event.tag_list,
        event.task_list,
        event.decision_task_completed_event_id,
        Lazy(event, "timestamp"),
    )


def _child_start_failed(event: Any, lookup: Lookup) -> Any:
    # SWF may emit this event without any initiated event (initiatedEventId 0), so it is
    # matched by the workflow id it names.
    workflow_type = event.workflow_type or {}
    return ChildStartFailed(
        event.workflow_id,
        workflow_type.get("name"),
        workflow_type.get("version"),
        event.cause,
        event.control,
        event.id,
        event.decision_task_completed_event_id,
        Lazy(event, "timestamp"),
    )


def _child_started(event: Any, lookup: Lookup) -> Any:
    execution = event.workflow_execution or {}
    return ChildStarted(
        lookup.initiated_workflow_id(event),
        execution.get("runId"),
        execution.get("workflowId"),
        event.id,
        Lazy(event, "timestamp"),
    )


def _child_completed(event: Any, lookup: Lookup) -> Any:
    return ChildCompleted(
        lookup.initiated_workflow_id(event), event.result, event.id, Lazy(event, "timestamp")
    )


def _child_failed(event: Any, lookup: Lookup) -> Any:
    return ChildFailed(
        lookup.initiated_workflow_id(event),
        event.reason,
        event.details,
        event.id,
        Lazy(event, "timestamp"),
    )


def _child_timed_out(event: Any, lookup: Lookup) -> Any:
    initiated = lookup.initiated_event(event)
    timeout_value = initiated.execution_start_to_close_timeout if initiated is not None else None
    return ChildTimedOut(
        lookup.initiated_workflow_id(event),
        event.timeout_type,
        timeout_value,
        event.id,
        Lazy(event, "timestamp"),
    )


def _child_canceled(event: Any, lookup: Lookup) -> Any:
    return ChildCanceled(
        lookup.initiated_workflow_id(event), event.details, event.id, Lazy(event, "timestamp")
    )


def _child_terminated(event: Any, lookup: Lookup) -> Any:
    return ChildTerminated(lookup.initiated_workflow_id(event), event.id, Lazy(event, "timestamp"))


#: (event.type, event.state) -> handler.
HANDLERS: dict[tuple[str, str], Any] = {
    (_ACTIVITY, "scheduled"): _activity_scheduled,
    (_ACTIVITY, "schedule_failed"): _activity_schedule_failed,
    (_ACTIVITY, "started"): _activity_started,
    (_ACTIVITY, "completed"): _activity_completed,
    (_ACTIVITY, "failed"): _activity_failed,
    (_ACTIVITY, "timed_out"): _activity_timed_out,
    (_ACTIVITY, "cancel_requested"): _activity_cancel_requested,
    (_ACTIVITY, "request_cancel_failed"): _activity_request_cancel_failed,
    (_ACTIVITY, "canceled"): _activity_canceled,
    (_CHILD, "start_initiated"): _child_start_initiated,
    (_CHILD, "start_failed"): _child_start_failed,
    (_CHILD, "started"): _child_started,
    (_CHILD, "completed"): _child_completed,
    (_CHILD, "failed"): _child_failed,
    (_CHILD, "timed_out"): _child_timed_out,
    (_CHILD, "canceled"): _child_canceled,
    (_CHILD, "terminated"): _child_terminated,
}


# --- entry dicts (spec §12.1, §12.2, features §1.5) ---------------------------------------


def _count_attempt_failure(entry: dict[str, Any]) -> None:
    # 0 on the first failure or timeout, then +1 per later one: after n failed attempts
    # `retry == n - 1` (spec §12.1).
    entry["retry"] = entry["retry"] + 1 if "retry" in entry else 0


def _entry(entries: dict[str, dict[str, Any]], key: str, state: HistoryState) -> dict[str, Any]:
    entry = entries.get(key)
    if entry is None:
        entry = entries[key] = Entry()
        state.tasks.append(entry)
    return entry


# Closing events shared by activities and child workflows: the same keys in both entries.


def _close_completed(entry: dict[str, Any], record: Any) -> None:
    entry["state"] = "completed"
    entry["result"] = record.result
    entry["completed_id"] = record.event_id
    entry["completed_timestamp"] = record.timestamp


def _close_failed(entry: dict[str, Any], record: Any) -> None:
    entry["state"] = "failed"
    entry["reason"] = record.reason
    entry["details"] = record.details
    entry["failed_id"] = record.event_id
    entry["failed_timestamp"] = record.timestamp
    _count_attempt_failure(entry)


def _close_timed_out(entry: dict[str, Any], record: Any) -> None:
    entry["state"] = "timed_out"
    entry["timeout_type"] = record.timeout_type
    entry["timeout_value"] = record.timeout_value
    entry["timed_out_id"] = record.event_id
    entry["timed_out_timestamp"] = record.timestamp
    _count_attempt_failure(entry)


def _apply_activity_scheduled(record: ActivityScheduled, state: HistoryState) -> None:
    activities = state.activities
    entry = activities.get(record.activity_id)
    if entry is None:
        entry = activities[record.activity_id] = Entry()
        state.tasks.append(entry)
    entry.update(
        type="activity",
        id=record.activity_id,
        name=record.name,
        version=record.version,
        state="scheduled",
        scheduled_id=record.event_id,
        scheduled_timestamp=record.timestamp,
        input=record.input,
        task_list=record.task_list,
        control=record.control,
        decision_task_completed_event_id=record.decision_task_completed_event_id,
    )
    if "cancel_requested" in entry:
        # A new attempt is not cancel-requested, whatever the previous one was.
        del entry["cancel_requested"]


def _apply_activity_started(record: ActivityStarted, state: HistoryState) -> None:
    entry = _entry(state.activities, record.activity_id, state)
    entry["state"] = "started"
    entry["identity"] = record.identity
    entry["started_id"] = record.event_id
    entry["started_timestamp"] = record.timestamp


def _apply_activity_completed(record: ActivityCompleted, state: HistoryState) -> None:
    _close_completed(_entry(state.activities, record.activity_id, state), record)


def _apply_activity_failed(record: ActivityFailed, state: HistoryState) -> None:
    _close_failed(_entry(state.activities, record.activity_id, state), record)


def _apply_activity_timed_out(record: ActivityTimedOut, state: HistoryState) -> None:
    _close_timed_out(_entry(state.activities, record.activity_id, state), record)


def _apply_activity_schedule_failed(record: ActivityScheduleFailed, state: HistoryState) -> None:
    # Created without `id`/`name`/`version` keys, as in 0.11.9.
    entry = _entry(state.activities, record.activity_id, state)
    entry["type"] = "activity"
    entry["state"] = "schedule_failed"
    entry["cause"] = record.cause
    entry["activity_type"] = record.activity_type
    entry["schedule_failed_timestamp"] = record.timestamp


def _apply_activity_cancel_requested(record: ActivityCancelRequested, state: HistoryState) -> None:
    # [fix] 0.36 overwrote `state`; keeping it lets the future stay PENDING/RUNNING until
    # the activity closes (features §1.5).
    entry = _entry(state.activities, record.activity_id, state)
    entry.setdefault("type", "activity")
    entry.setdefault("id", record.activity_id)
    entry["cancel_requested"] = True
    entry["cancel_requested_timestamp"] = record.timestamp
    entry["cancel_decision_task_completed_event_id"] = record.decision_task_completed_event_id


def _apply_activity_request_cancel_failed(
    record: ActivityRequestCancelFailed, state: HistoryState
) -> None:
    entry = state.activities.get(record.activity_id)
    if entry is not None:
        entry["request_cancel_failed_cause"] = record.cause
        entry["request_cancel_failed_timestamp"] = record.timestamp


def _apply_activity_canceled(record: ActivityCanceled, state: HistoryState) -> None:
    entry = _entry(state.activities, record.activity_id, state)
    entry["state"] = "canceled"
    if record.details is not None:
        entry["details"] = record.details
    entry["cancelled_timestamp"] = record.timestamp
    entry["canceled_id"] = record.event_id


def _apply_child_start_initiated(record: ChildStartInitiated, state: HistoryState) -> None:
    entry = _entry(state.child_workflows, record.workflow_id, state)
    entry.update(
        type="child_workflow",
        id=record.workflow_id,
        name=record.name,
        version=record.version,
        state="start_initiated",
        initiated_event_id=record.event_id,
        raw_input=record.raw_input,
        input=record.input,
        child_policy=record.child_policy,
        control=record.control,
        tag_list=record.tag_list,
        task_list=record.task_list,
        decision_task_completed_event_id=record.decision_task_completed_event_id,
        initiated_event_timestamp=record.timestamp,
    )


def _apply_child_start_failed(record: ChildStartFailed, state: HistoryState) -> None:
    entry = _entry(state.child_workflows, record.workflow_id, state)
    entry["type"] = "child_workflow"
    entry["id"] = record.workflow_id
    entry["name"] = record.name
    entry["version"] = record.version
    entry["state"] = "start_failed"
    entry["cause"] = record.cause
    entry["control"] = record.control
    entry["start_failed_id"] = record.event_id
    entry["start_failed_timestamp"] = record.timestamp
    entry["decision_task_completed_event_id"] = record.decision_task_completed_event_id


def _apply_child_started(record: ChildStarted, state: HistoryState) -> None:
    entry = _entry(state.child_workflows, record.workflow_id, state)
    entry["state"] = "started"
    entry["run_id"] = record.run_id
    entry["workflow_id"] = record.execution_workflow_id
    entry["started_id"] = record.event_id
    entry["started_timestamp"] = record.timestamp


def _apply_child_completed(record: ChildCompleted, state: HistoryState) -> None:
    _close_completed(_entry(state.child_workflows, record.workflow_id, state), record)


def _apply_child_failed(record: ChildFailed, state: HistoryState) -> None:
    _close_failed(_entry(state.child_workflows, record.workflow_id, state), record)


def _apply_child_timed_out(record: ChildTimedOut, state: HistoryState) -> None:
    _close_timed_out(_entry(state.child_workflows, record.workflow_id, state), record)


def _apply_child_canceled(record: ChildCanceled, state: HistoryState) -> None:
    entry = _entry(state.child_workflows, record.workflow_id, state)
    entry["state"] = "canceled"
    if record.details is not None:
        entry["details"] = record.details
    entry["canceled_id"] = record.event_id
    entry["canceled_timestamp"] = record.timestamp


def _apply_child_terminated(record: ChildTerminated, state: HistoryState) -> None:
    entry = _entry(state.child_workflows, record.workflow_id, state)
    entry["state"] = "terminated"
    entry["terminated_id"] = record.event_id
    entry["terminated_timestamp"] = record.timestamp


#: record class -> the function writing it into the entries.
APPLIERS: dict[type, Any] = {
    ActivityScheduled: _apply_activity_scheduled,
    ActivityScheduleFailed: _apply_activity_schedule_failed,
    ActivityStarted: _apply_activity_started,
    ActivityCompleted: _apply_activity_completed,
    ActivityFailed: _apply_activity_failed,
    ActivityTimedOut: _apply_activity_timed_out,
    ActivityCancelRequested: _apply_activity_cancel_requested,
    ActivityRequestCancelFailed: _apply_activity_request_cancel_failed,
    ActivityCanceled: _apply_activity_canceled,
    ChildStartInitiated: _apply_child_start_initiated,
    ChildStartFailed: _apply_child_start_failed,
    ChildStarted: _apply_child_started,
    ChildCompleted: _apply_child_completed,
    ChildFailed: _apply_child_failed,
    ChildTimedOut: _apply_child_timed_out,
    ChildCanceled: _apply_child_canceled,
    ChildTerminated: _apply_child_terminated,
}
