"""Typed records of the task events of an SWF history, and the entry dicts built from them.

`parse_events` turns the events of a history into one immutable record per activity or
child-workflow event (one handler per event kind, O(events)); `apply_record` is the one
function that writes the entry dicts of `simpleflow.history.History` (spec §12) from those
records. Decision, timer, marker and workflow-execution events produce no record.

Records are `typing.NamedTuple` classes rather than frozen dataclasses: they are built once
per event in the decider's hot path, and a named tuple is about three times cheaper to
construct than a frozen dataclass with slots, while being just as immutable and typed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any, NamedTuple

__all__ = ["TaskRecord", "apply_record", "apply_records", "parse_event", "parse_events"]

_ACTIVITY = "ActivityTask"
_CHILD = "ChildWorkflowExecution"


# --- activity records -------------------------------------------------------------------


class ActivityScheduled(NamedTuple):
    activity_id: str
    name: str
    version: str
    event_id: int
    timestamp: datetime
    input: Any
    task_list: str | None


class ActivityScheduleFailed(NamedTuple):
    activity_id: str
    activity_type: dict[str, str]
    cause: str | None
    timestamp: datetime


class ActivityStarted(NamedTuple):
    activity_id: str
    identity: str | None
    event_id: int
    timestamp: datetime


class ActivityCompleted(NamedTuple):
    activity_id: str
    result: str | None
    event_id: int
    timestamp: datetime


class ActivityFailed(NamedTuple):
    activity_id: str
    reason: str | None
    details: str
    timestamp: datetime


class ActivityTimedOut(NamedTuple):
    activity_id: str
    timeout_type: str
    timeout_value: str | None
    event_id: int
    timestamp: datetime


class ActivityCanceled(NamedTuple):
    activity_id: str
    details: str | None
    timestamp: datetime


# --- child-workflow records -------------------------------------------------------------


class ChildStartInitiated(NamedTuple):
    workflow_id: str
    name: str
    version: str
    event_id: int
    raw_input: str | None
    child_policy: str | None
    control: str | None
    tag_list: list[str] | None
    task_list: Any
    timestamp: datetime


class ChildStartFailed(NamedTuple):
    workflow_id: str
    name: str | None
    version: str | None
    cause: str | None
    timestamp: datetime


class ChildStarted(NamedTuple):
    workflow_id: str
    run_id: str | None
    execution_workflow_id: str | None
    event_id: int
    timestamp: datetime


class ChildCompleted(NamedTuple):
    workflow_id: str
    result: str | None
    event_id: int
    timestamp: datetime


class ChildFailed(NamedTuple):
    workflow_id: str
    reason: str | None
    details: str | None
    timestamp: datetime


class ChildTimedOut(NamedTuple):
    workflow_id: str
    timeout_type: str | None
    timestamp: datetime


class ChildCanceled(NamedTuple):
    workflow_id: str
    details: str | None
    timestamp: datetime


class ChildTerminated(NamedTuple):
    workflow_id: str
    timestamp: datetime


TaskRecord = (
    ActivityScheduled
    | ActivityScheduleFailed
    | ActivityStarted
    | ActivityCompleted
    | ActivityFailed
    | ActivityTimedOut
    | ActivityCanceled
    | ChildStartInitiated
    | ChildStartFailed
    | ChildStarted
    | ChildCompleted
    | ChildFailed
    | ChildTimedOut
    | ChildCanceled
    | ChildTerminated
)


# --- parsing ----------------------------------------------------------------------------


class _Lookup:
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

    def _by_position(self, event_id: int) -> Any:
        if 0 < event_id <= len(self.events):
            candidate = self.events[event_id - 1]
            if getattr(candidate, "id", None) == event_id:
                return candidate
        return None

    def scheduled_event(self, event: Any) -> Any:
        event_id = event.scheduled_event_id
        found = self.scheduled.get(event_id)
        if found is None:
            found = self._by_position(event_id)
            if found is None or getattr(found, "state", None) != "scheduled":
                raise ValueError(
                    f"event {event.id} ({_event_name(event)}) refers to scheduled event "
                    f"{event_id!r}, which is not an ActivityTaskScheduled event of this "
                    "history; the decider must fetch the complete history (every page)"
                )
        return found

    def initiated_workflow_id(self, event: Any) -> str:
        event_id = getattr(event, "initiated_event_id", None)
        found = self.initiated.get(event_id) if event_id is not None else None
        if found is None and event_id is not None:
            found = self._by_position(event_id)
            if found is not None and getattr(found, "state", None) != "start_initiated":
                found = None
        if found is not None:
            return str(found.workflow_id)
        # Fall back on the execution the event itself names.
        execution = getattr(event, "workflow_execution", None) or {}
        workflow_id = execution.get("workflowId")
        if workflow_id is None:
            raise ValueError(
                f"event {event.id} ({_event_name(event)}) refers to initiated event "
                f"{event_id!r}, which is not in this history; the decider must fetch the "
                "complete history (every page)"
            )
        return str(workflow_id)


def _event_name(event: Any) -> str:
    raw = getattr(event, "raw", None) or {}
    return str(raw.get("eventType", f"{event.type}:{event.state}"))


def _activity_scheduled(event: Any, lookup: _Lookup) -> TaskRecord:
    lookup.scheduled[event.id] = event
    activity_type = event.activity_type
    task_list = getattr(event, "task_list", None)
    return ActivityScheduled(
        event.activity_id,
        activity_type["name"],
        activity_type["version"],
        event.id,
        event.timestamp,
        event.input,
        task_list["name"] if task_list else None,
    )


def _activity_schedule_failed(event: Any, lookup: _Lookup) -> TaskRecord:
    return ActivityScheduleFailed(
        event.activity_id,
        dict(event.activity_type),
        getattr(event, "cause", None),
        event.timestamp,
    )


def _activity_started(event: Any, lookup: _Lookup) -> TaskRecord:
    return ActivityStarted(
        lookup.scheduled_event(event).activity_id,
        getattr(event, "identity", None),
        event.id,
        event.timestamp,
    )


def _activity_completed(event: Any, lookup: _Lookup) -> TaskRecord:
    return ActivityCompleted(
        lookup.scheduled_event(event).activity_id,
        getattr(event, "result", None),
        event.id,
        event.timestamp,
    )


def _activity_failed(event: Any, lookup: _Lookup) -> TaskRecord:
    details = getattr(event, "details", None)
    return ActivityFailed(
        lookup.scheduled_event(event).activity_id,
        getattr(event, "reason", None),
        "" if details is None else details,
        event.timestamp,
    )


def _activity_timed_out(event: Any, lookup: _Lookup) -> TaskRecord:
    scheduled = lookup.scheduled_event(event)
    timeout_type = event.timeout_type
    return ActivityTimedOut(
        scheduled.activity_id,
        timeout_type,
        getattr(scheduled, f"{str(timeout_type).lower()}_timeout", None),
        event.id,
        event.timestamp,
    )


def _activity_canceled(event: Any, lookup: _Lookup) -> TaskRecord:
    return ActivityCanceled(
        lookup.scheduled_event(event).activity_id,
        getattr(event, "details", None),
        event.timestamp,
    )


def _child_start_initiated(event: Any, lookup: _Lookup) -> TaskRecord:
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
        getattr(event, "child_policy", None),
        getattr(event, "control", None),
        getattr(event, "tag_list", None),
        getattr(event, "task_list", None),
        event.timestamp,
    )


def _child_start_failed(event: Any, lookup: _Lookup) -> TaskRecord:
    # SWF may emit this event without any initiated event (initiatedEventId 0), so it is
    # matched by the workflow id it names.
    workflow_type = getattr(event, "workflow_type", None) or {}
    return ChildStartFailed(
        event.workflow_id,
        workflow_type.get("name"),
        workflow_type.get("version"),
        getattr(event, "cause", None),
        event.timestamp,
    )


def _child_started(event: Any, lookup: _Lookup) -> TaskRecord:
    execution = getattr(event, "workflow_execution", None) or {}
    return ChildStarted(
        lookup.initiated_workflow_id(event),
        execution.get("runId"),
        execution.get("workflowId"),
        event.id,
        event.timestamp,
    )


def _child_completed(event: Any, lookup: _Lookup) -> TaskRecord:
    return ChildCompleted(
        lookup.initiated_workflow_id(event),
        getattr(event, "result", None),
        event.id,
        event.timestamp,
    )


def _child_failed(event: Any, lookup: _Lookup) -> TaskRecord:
    return ChildFailed(
        lookup.initiated_workflow_id(event),
        getattr(event, "reason", None),
        getattr(event, "details", None),
        event.timestamp,
    )


def _child_timed_out(event: Any, lookup: _Lookup) -> TaskRecord:
    return ChildTimedOut(
        lookup.initiated_workflow_id(event),
        getattr(event, "timeout_type", None),
        event.timestamp,
    )


def _child_canceled(event: Any, lookup: _Lookup) -> TaskRecord:
    return ChildCanceled(
        lookup.initiated_workflow_id(event),
        getattr(event, "details", None),
        event.timestamp,
    )


def _child_terminated(event: Any, lookup: _Lookup) -> TaskRecord:
    return ChildTerminated(lookup.initiated_workflow_id(event), event.timestamp)


_Handler = Callable[[Any, _Lookup], TaskRecord]

# (event.type, event.state) -> handler. Task events missing here (cancel requests, failed
# cancel requests) carry nothing the executor uses and are skipped, as in 0.11.9.
_HANDLERS: dict[tuple[str, str], _Handler] = {
    (_ACTIVITY, "scheduled"): _activity_scheduled,
    (_ACTIVITY, "schedule_failed"): _activity_schedule_failed,
    (_ACTIVITY, "started"): _activity_started,
    (_ACTIVITY, "completed"): _activity_completed,
    (_ACTIVITY, "failed"): _activity_failed,
    (_ACTIVITY, "timed_out"): _activity_timed_out,
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


def parse_events(events: Sequence[Any]) -> list[TaskRecord]:
    """Return the task records of `events` (a complete history, in id order)."""
    lookup = _Lookup(events)
    handlers = _HANDLERS
    records: list[TaskRecord] = []
    append = records.append
    for event in events:
        handler = handlers.get((event.type, event.state))
        if handler is not None:
            append(handler(event, lookup))
    return records


def parse_event(events: Sequence[Any], event: Any) -> TaskRecord | None:
    """Return the record of one `event` of `events`, or None if it carries no task state."""
    handler = _HANDLERS.get((event.type, event.state))
    if handler is None:
        return None
    return handler(event, _Lookup(events))


# --- entry dicts (spec §12.1, §12.2) ------------------------------------------------------


def _count_attempt_failure(entry: dict[str, Any]) -> None:
    # 0 on the first failure or timeout, then +1 per later one: after n failed attempts
    # `retry == n - 1` (spec §12.1).
    entry["retry"] = entry["retry"] + 1 if "retry" in entry else 0


def apply_record(
    record: TaskRecord,
    activities: dict[str, dict[str, Any]],
    child_workflows: dict[str, dict[str, Any]],
    tasks: list[dict[str, Any]],
) -> None:
    """Write `record` into the entry dicts: the one place that defines their shape.

    A new id creates an entry (appended to `tasks` in first-seen order); an existing id is
    updated in place, so keys of earlier attempts (`retry`, `result`, `reason`...) survive.
    Record kinds are tested most frequent first.
    """
    if isinstance(record, ActivityScheduled):
        entry = activities.get(record.activity_id)
        if entry is None:
            entry = activities[record.activity_id] = {}
            tasks.append(entry)
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
        )
    elif isinstance(record, ActivityStarted):
        entry = _existing(activities, record.activity_id, tasks)
        entry["state"] = "started"
        entry["identity"] = record.identity
        entry["started_id"] = record.event_id
        entry["started_timestamp"] = record.timestamp
    elif isinstance(record, ActivityCompleted):
        entry = _existing(activities, record.activity_id, tasks)
        entry["state"] = "completed"
        entry["result"] = record.result
        entry["completed_id"] = record.event_id
        entry["completed_timestamp"] = record.timestamp
    elif isinstance(record, ActivityFailed):
        entry = _existing(activities, record.activity_id, tasks)
        entry["state"] = "failed"
        entry["reason"] = record.reason
        entry["details"] = record.details
        entry["failed_timestamp"] = record.timestamp
        _count_attempt_failure(entry)
    elif isinstance(record, ActivityTimedOut):
        entry = _existing(activities, record.activity_id, tasks)
        entry["state"] = "timed_out"
        entry["timeout_type"] = record.timeout_type
        entry["timeout_value"] = record.timeout_value
        entry["timed_out_id"] = record.event_id
        entry["timed_out_timestamp"] = record.timestamp
        _count_attempt_failure(entry)
    elif isinstance(record, ActivityScheduleFailed):
        # Created without `id`/`name`/`version` keys, as in 0.11.9.
        entry = _existing(activities, record.activity_id, tasks)
        entry["type"] = "activity"
        entry["state"] = "schedule_failed"
        entry["cause"] = record.cause
        entry["activity_type"] = record.activity_type
        entry["schedule_failed_timestamp"] = record.timestamp
    elif isinstance(record, ActivityCanceled):
        entry = _existing(activities, record.activity_id, tasks)
        entry["state"] = "canceled"
        if record.details is not None:
            entry["details"] = record.details
        entry["cancelled_timestamp"] = record.timestamp
    elif isinstance(record, ChildStartInitiated):
        entry = _existing(child_workflows, record.workflow_id, tasks)
        entry.update(
            type="child_workflow",
            id=record.workflow_id,
            name=record.name,
            version=record.version,
            state="start_initiated",
            initiated_event_id=record.event_id,
            raw_input=record.raw_input,
            child_policy=record.child_policy,
            control=record.control,
            tag_list=record.tag_list,
            task_list=record.task_list,
            initiated_event_timestamp=record.timestamp,
        )
    elif isinstance(record, ChildStarted):
        entry = _existing(child_workflows, record.workflow_id, tasks)
        entry["state"] = "started"
        entry["run_id"] = record.run_id
        entry["workflow_id"] = record.execution_workflow_id
        entry["started_id"] = record.event_id
        entry["started_timestamp"] = record.timestamp
    elif isinstance(record, ChildCompleted):
        entry = _existing(child_workflows, record.workflow_id, tasks)
        entry["state"] = "completed"
        entry["result"] = record.result
        entry["completed_id"] = record.event_id
        entry["completed_timestamp"] = record.timestamp
    elif isinstance(record, ChildStartFailed):
        entry = _existing(child_workflows, record.workflow_id, tasks)
        entry.setdefault("type", "child_workflow")
        entry.setdefault("id", record.workflow_id)
        entry.setdefault("name", record.name)
        entry.setdefault("version", record.version)
        entry["state"] = "start_failed"
        entry["cause"] = record.cause
        entry["start_failed_timestamp"] = record.timestamp
    elif isinstance(record, ChildFailed):
        entry = _existing(child_workflows, record.workflow_id, tasks)
        entry["state"] = "failed"
        entry["reason"] = record.reason
        entry["details"] = record.details
        entry["failed_timestamp"] = record.timestamp
    elif isinstance(record, ChildTimedOut):
        entry = _existing(child_workflows, record.workflow_id, tasks)
        entry["state"] = "timed_out"
        entry["timeout_type"] = record.timeout_type
        entry["timed_out_timestamp"] = record.timestamp
    elif isinstance(record, ChildCanceled):
        entry = _existing(child_workflows, record.workflow_id, tasks)
        entry["state"] = "canceled"
        if record.details is not None:
            entry["details"] = record.details
        entry["canceled_timestamp"] = record.timestamp
    elif isinstance(record, ChildTerminated):
        entry = _existing(child_workflows, record.workflow_id, tasks)
        entry["state"] = "terminated"
        entry["terminated_timestamp"] = record.timestamp
    else:  # pragma: no cover - every record class is handled above
        raise TypeError(f"unknown history record {record!r}")


def _existing(
    entries: dict[str, dict[str, Any]], key: str, tasks: list[dict[str, Any]]
) -> dict[str, Any]:
    entry = entries.get(key)
    if entry is None:
        entry = entries[key] = {}
        tasks.append(entry)
    return entry


def apply_records(
    records: Iterable[TaskRecord],
    activities: dict[str, dict[str, Any]],
    child_workflows: dict[str, dict[str, Any]],
    tasks: list[dict[str, Any]],
) -> None:
    """Apply every record, in order."""
    for record in records:
        apply_record(record, activities, child_workflows, tasks)
