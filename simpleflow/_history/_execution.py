"""Records of the execution-level events of an SWF history (features §1.5).

Decision tasks, the execution's own events (started, signaled, cancel requested, closed),
requests sent to other executions (signals, cancellations), markers and timers. Same
pattern as `simpleflow._history._tasks`: a handler per event kind gives a record, an apply
function per record kind writes the entries.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from simpleflow._history import HistoryState
    from simpleflow._history._tasks import Lookup

_DECISION = "DecisionTask"
_WORKFLOW = "WorkflowExecution"
_EXTERNAL = "ExternalWorkflowExecution"
_MARKER = "Marker"
_TIMER = "Timer"


class WorkflowEvent(NamedTuple):
    """Any `WorkflowExecution*` event that updates `history.workflow`."""

    state: str
    event: Any


class Signaled(NamedTuple):
    name: str
    input: Any
    external_initiated_event_id: int | None
    external_run_id: str | None
    external_workflow_id: str | None
    event_id: int
    timestamp: datetime


class CancelRequested(NamedTuple):
    cause: str | None
    external_initiated_event_id: int | None
    external_run_id: str | None
    external_workflow_id: str | None
    event_id: int
    timestamp: datetime


class CancelFailed(NamedTuple):
    cause: str | None
    event_id: int
    decision_task_completed_event_id: int | None
    timestamp: datetime


class ExternalSignalInitiated(NamedTuple):
    workflow_id: str
    run_id: str | None
    signal_name: str
    event_id: int
    input: Any
    control: Any
    timestamp: datetime


class ExternalSignalFailed(NamedTuple):
    initiated_event_id: int
    cause: str | None
    control: Any
    timestamp: datetime


class ExternalSignaled(NamedTuple):
    initiated_event_id: int
    run_id: str | None
    workflow_id: str | None
    event_id: int
    timestamp: datetime


class ExternalCancelInitiated(NamedTuple):
    workflow_id: str
    run_id: str | None
    event_id: int
    control: Any
    timestamp: datetime


class ExternalCancelFailed(NamedTuple):
    workflow_id: str
    cause: str | None
    timestamp: datetime


class ExternalCancelRequested(NamedTuple):
    workflow_id: str
    run_id: str | None
    event_id: int
    timestamp: datetime


class MarkerRecorded(NamedTuple):
    name: str
    details: str | None
    event_id: int
    timestamp: datetime


class MarkerFailed(NamedTuple):
    name: str
    cause: str | None
    event_id: int
    timestamp: datetime


class TimerEvent(NamedTuple):
    """Any `Timer*` event (the apply function switches on `state`)."""

    state: str
    timer_id: str
    event: Any


# --- handlers -----------------------------------------------------------------------------


def _workflow_event(event: Any, lookup: Lookup) -> Any:
    return WorkflowEvent(event.state, event)


def _external_execution(event: Any) -> tuple[str | None, str | None]:
    execution = event.external_workflow_execution or {}
    return execution.get("workflowId"), execution.get("runId")


def _signaled(event: Any, lookup: Lookup) -> Any:
    workflow_id, run_id = _external_execution(event)
    return Signaled(
        event.signal_name,
        event.input if "input" in _attributes(event) else None,
        event.external_initiated_event_id or None,
        run_id,
        workflow_id,
        event.id,
        event.timestamp,
    )


def _cancel_requested(event: Any, lookup: Lookup) -> Any:
    workflow_id, run_id = _external_execution(event)
    return CancelRequested(
        event.cause,
        event.external_initiated_event_id or None,
        run_id,
        workflow_id,
        event.id,
        event.timestamp,
    )


def _cancel_failed(event: Any, lookup: Lookup) -> Any:
    return CancelFailed(
        event.cause, event.id, event.decision_task_completed_event_id, event.timestamp
    )


def _attributes(event: Any) -> dict[str, Any]:
    raw = getattr(event, "raw", None) or {}
    key = getattr(event, "_attributes_key", None)
    attributes: dict[str, Any] = raw.get(key) or {}
    return attributes


def _signal_initiated(event: Any, lookup: Lookup) -> Any:
    return ExternalSignalInitiated(
        event.workflow_id,
        event.run_id,
        event.signal_name,
        event.id,
        event.input if "input" in _attributes(event) else None,
        event.control,
        event.timestamp,
    )


def _signal_failed(event: Any, lookup: Lookup) -> Any:
    return ExternalSignalFailed(
        event.initiated_event_id, event.cause, event.control, event.timestamp
    )


def _external_signaled(event: Any, lookup: Lookup) -> Any:
    execution = event.workflow_execution or {}
    return ExternalSignaled(
        event.initiated_event_id,
        execution.get("runId"),
        execution.get("workflowId"),
        event.id,
        event.timestamp,
    )


def _cancel_initiated(event: Any, lookup: Lookup) -> Any:
    return ExternalCancelInitiated(
        event.workflow_id, event.run_id, event.id, event.control, event.timestamp
    )


def _external_workflow_id(event: Any, lookup: Lookup) -> str:
    workflow_id = event.workflow_id or (event.workflow_execution or {}).get("workflowId")
    if workflow_id is None:
        initiated = lookup.by_position(event.initiated_event_id or 0)
        workflow_id = getattr(initiated, "workflow_id", None)
    return str(workflow_id)


def _cancel_request_failed(event: Any, lookup: Lookup) -> Any:
    return ExternalCancelFailed(_external_workflow_id(event, lookup), event.cause, event.timestamp)


def _external_cancel_requested(event: Any, lookup: Lookup) -> Any:
    execution = event.workflow_execution or {}
    return ExternalCancelRequested(
        _external_workflow_id(event, lookup), execution.get("runId"), event.id, event.timestamp
    )


def _marker_recorded(event: Any, lookup: Lookup) -> Any:
    return MarkerRecorded(event.marker_name, event.details, event.id, event.timestamp)


def _marker_failed(event: Any, lookup: Lookup) -> Any:
    return MarkerFailed(event.marker_name, event.cause, event.id, event.timestamp)


def _timer_event(event: Any, lookup: Lookup) -> Any:
    return TimerEvent(event.state, event.timer_id, event)


HANDLERS: dict[tuple[str, str], Any] = {
    (_WORKFLOW, "started"): _workflow_event,
    (_WORKFLOW, "continued_as_new"): _workflow_event,
    (_WORKFLOW, "completed"): _workflow_event,
    (_WORKFLOW, "failed"): _workflow_event,
    (_WORKFLOW, "terminated"): _workflow_event,
    (_WORKFLOW, "timed_out"): _workflow_event,
    (_WORKFLOW, "canceled"): _workflow_event,
    (_WORKFLOW, "signaled"): _signaled,
    (_WORKFLOW, "cancel_requested"): _cancel_requested,
    (_WORKFLOW, "cancel_failed"): _cancel_failed,
    (_EXTERNAL, "signal_execution_initiated"): _signal_initiated,
    (_EXTERNAL, "signal_execution_failed"): _signal_failed,
    (_EXTERNAL, "execution_signaled"): _external_signaled,
    (_EXTERNAL, "request_cancel_execution_initiated"): _cancel_initiated,
    (_EXTERNAL, "request_cancel_execution_failed"): _cancel_request_failed,
    (_EXTERNAL, "execution_cancel_requested"): _external_cancel_requested,
    (_MARKER, "recorded"): _marker_recorded,
    (_MARKER, "record_failed"): _marker_failed,
    (_TIMER, "started"): _timer_event,
    (_TIMER, "start_failed"): _timer_event,
    (_TIMER, "fired"): _timer_event,
    (_TIMER, "canceled"): _timer_event,
    (_TIMER, "cancel_failed"): _timer_event,
}


# --- apply --------------------------------------------------------------------------------


_WORKFLOW_KEYS: dict[str, tuple[str, ...]] = {
    "started": (
        "child_policy",
        "continued_execution_run_id",
        "execution_start_to_close_timeout",
        "input",
        "lambda_role",
        "parent_initiated_event_id",
        "parent_workflow_execution",
        "tag_list",
        "task_priority",
        "task_start_to_close_timeout",
    ),
    "continued_as_new": (
        "new_execution_run_id",
        "execution_start_to_close_timeout",
        "input",
        "lambda_role",
        "tag_list",
        "task_priority",
        "task_start_to_close_timeout",
    ),
    "completed": ("result",),
    "failed": ("reason", "details", "decision_task_completed_event_id"),
    "terminated": ("cause", "details"),
    "timed_out": ("timeout_type",),
    "canceled": ("decision_task_completed_event_id", "details"),
}


def _apply_workflow_event(record: WorkflowEvent, state: HistoryState) -> None:
    event = record.event
    name = record.state
    workflow = state.workflow
    workflow["state"] = name
    workflow[f"{name}_id"] = event.id
    workflow[f"{name}_timestamp"] = event.timestamp
    for key in _WORKFLOW_KEYS[name]:
        workflow[key] = getattr(event, key, None)
    if name in ("started", "continued_as_new"):
        task_list = event.task_list
        workflow["task_list"] = task_list.get("name") if isinstance(task_list, dict) else None
        workflow["workflow_type"] = event.workflow_type
    if name == "continued_as_new":
        workflow["continued_as_new_decision_task_completed_event_id"] = (
            event.decision_task_completed_event_id
        )


def _apply_signaled(record: Signaled, state: HistoryState) -> None:
    entry = {
        "type": "signal",
        "name": record.name,
        "state": "signaled",
        "external_initiated_event_id": record.external_initiated_event_id,
        "external_run_id": record.external_run_id,
        "external_workflow_id": record.external_workflow_id,
        "input": record.input,
        "event_id": record.event_id,
        "timestamp": record.timestamp,
    }
    state.signals[record.name] = entry
    state.signal_lists[record.name].append(entry)
    state.tasks.append(entry)


def _apply_cancel_requested(record: CancelRequested, state: HistoryState) -> None:
    state.cancel_requested = {
        "type": "cancel_requested",
        "cause": record.cause,
        "external_initiated_event_id": record.external_initiated_event_id,
        "external_run_id": record.external_run_id,
        "external_workflow_id": record.external_workflow_id,
        "event_id": record.event_id,
        "timestamp": record.timestamp,
    }
    state.cancel_requested_id = record.event_id


def _apply_cancel_failed(record: CancelFailed, state: HistoryState) -> None:
    state.cancel_failed = {
        "type": "cancel_failed",
        "cause": record.cause,
        "event_id": record.event_id,
        "decision_task_completed_event_id": record.decision_task_completed_event_id,
        "timestamp": record.timestamp,
    }
    state.cancel_failed_decision_task_completed_event_id = record.decision_task_completed_event_id


def _apply_signal_initiated(record: ExternalSignalInitiated, state: HistoryState) -> None:
    state.external_workflows_signaling[record.event_id] = {
        "type": "external_workflow",
        "id": record.workflow_id,
        "run_id": record.run_id or None,
        "signal_name": record.signal_name,
        "state": "signal_execution_initiated",
        "initiated_event_id": record.event_id,
        "input": record.input,
        "control": record.control,
        "initiated_event_timestamp": record.timestamp,
    }


def _apply_signal_failed(record: ExternalSignalFailed, state: HistoryState) -> None:
    entry = state.external_workflows_signaling.get(record.initiated_event_id)
    if entry is None:
        return
    entry["state"] = "signal_execution_failed"
    entry["cause"] = record.cause
    entry["signal_failed_timestamp"] = record.timestamp
    if record.control is not None:
        entry["control"] = record.control


def _apply_external_signaled(record: ExternalSignaled, state: HistoryState) -> None:
    entry = state.external_workflows_signaling.get(record.initiated_event_id)
    if entry is None:
        return
    entry["state"] = "execution_signaled"
    entry["run_id"] = record.run_id
    entry["workflow_id"] = record.workflow_id
    entry["signaled_event_id"] = record.event_id
    entry["signaled_timestamp"] = record.timestamp
    state.signaled_workflows[entry["signal_name"]].append(entry)


def _apply_cancel_initiated(record: ExternalCancelInitiated, state: HistoryState) -> None:
    state.external_workflows_canceling[record.workflow_id] = {
        "type": "external_workflow",
        "id": record.workflow_id,
        "run_id": record.run_id or None,
        "state": "request_cancel_execution_initiated",
        "initiated_event_id": record.event_id,
        "control": record.control,
        "initiated_event_timestamp": record.timestamp,
    }


def _canceling_entry(state: HistoryState, workflow_id: str) -> dict[str, Any]:
    entry = state.external_workflows_canceling.get(workflow_id)
    if entry is None:
        entry = state.external_workflows_canceling[workflow_id] = {
            "type": "external_workflow",
            "id": workflow_id,
        }
    return entry


def _apply_cancel_request_failed(record: ExternalCancelFailed, state: HistoryState) -> None:
    entry = _canceling_entry(state, record.workflow_id)
    entry["state"] = "request_cancel_execution_failed"
    entry["cause"] = record.cause
    entry["request_cancel_failed_timestamp"] = record.timestamp


def _apply_external_cancel_requested(record: ExternalCancelRequested, state: HistoryState) -> None:
    # [fix] 0.36 left `state` unchanged here.
    entry = _canceling_entry(state, record.workflow_id)
    entry["state"] = "execution_cancel_requested"
    entry["run_id"] = record.run_id
    entry["workflow_id"] = record.workflow_id
    entry["cancel_requested_event_id"] = record.event_id
    entry["cancel_requested_timestamp"] = record.timestamp


def _apply_marker_recorded(record: MarkerRecorded, state: HistoryState) -> None:
    state.markers.setdefault(record.name, []).append(
        {
            "type": "marker",
            "name": record.name,
            "state": "recorded",
            "details": record.details,
            "event_id": record.event_id,
            "timestamp": record.timestamp,
        }
    )


def _apply_marker_failed(record: MarkerFailed, state: HistoryState) -> None:
    state.markers.setdefault(record.name, []).append(
        {
            "type": "marker",
            "name": record.name,
            "state": "record_failed",
            "cause": record.cause,
            "record_failed_event_id": record.event_id,
            "record_failed_event_timestamp": record.timestamp,
        }
    )


def _timer_entry(state: HistoryState, timer_id: str, event: Any) -> dict[str, Any]:
    entry = state.timers.get(timer_id)
    if entry is None:
        entry = state.timers[timer_id] = {
            "type": "timer",
            "id": timer_id,
            "decision_task_completed_event_id": event.decision_task_completed_event_id,
        }
    return entry


def _apply_timer_event(record: TimerEvent, state: HistoryState) -> None:
    event = record.event
    name = record.state
    timer_id = record.timer_id
    if name == "started":
        timeout = event.start_to_fire_timeout
        state.timers[timer_id] = {
            "type": "timer",
            "id": timer_id,
            "state": "started",
            "start_to_fire_timeout": int(timeout) if timeout is not None else None,
            "control": event.control,
            "started_event_id": event.id,
            "started_event_timestamp": event.timestamp,
            "decision_task_completed_event_id": event.decision_task_completed_event_id,
        }
    elif name == "fired":
        entry = _timer_entry(state, timer_id, event)
        entry["state"] = "fired"
        entry["fired_event_id"] = event.id
        entry["fired_event_timestamp"] = event.timestamp
    elif name == "start_failed":
        entry = _timer_entry(state, timer_id, event)
        entry["state"] = "start_failed"
        entry["cause"] = event.cause
        entry["start_failed_event_id"] = event.id
        entry["start_failed_event_timestamp"] = event.timestamp
    elif name == "canceled":
        entry = _timer_entry(state, timer_id, event)
        entry["state"] = "canceled"
        entry["canceled_event_id"] = event.id
        entry["canceled_event_timestamp"] = event.timestamp
        entry["cancel_decision_task_completed_event_id"] = event.decision_task_completed_event_id
    else:  # cancel_failed
        entry = _timer_entry(state, timer_id, event)
        # [fix] 0.36 overwrote the state of a timer that had fired or was canceled.
        if entry.get("state") not in ("fired", "canceled"):
            entry["state"] = "cancel_failed"
        entry["cancel_failed_event_id"] = event.id
        entry["cancel_failed_event_timestamp"] = event.timestamp
        entry["cancel_failed_cause"] = event.cause
        entry["cancel_decision_task_completed_event_id"] = event.decision_task_completed_event_id


APPLIERS: dict[type, Any] = {
    WorkflowEvent: _apply_workflow_event,
    Signaled: _apply_signaled,
    CancelRequested: _apply_cancel_requested,
    CancelFailed: _apply_cancel_failed,
    ExternalSignalInitiated: _apply_signal_initiated,
    ExternalSignalFailed: _apply_signal_failed,
    ExternalSignaled: _apply_external_signaled,
    ExternalCancelInitiated: _apply_cancel_initiated,
    ExternalCancelFailed: _apply_cancel_request_failed,
    ExternalCancelRequested: _apply_external_cancel_requested,
    MarkerRecorded: _apply_marker_recorded,
    MarkerFailed: _apply_marker_failed,
    TimerEvent: _apply_timer_event,
}


def apply_last_decisions(events: Any, state: HistoryState) -> None:
    """Set the ids of the last decision task started and completed, scanning from the end.

    Only the last ones matter, so they are not turned into records: a history has one
    decision task per batch of events, and this keeps their cost out of the hot path.
    """
    started = completed = None
    for event in reversed(events):
        if event.type != _DECISION:
            continue
        if started is None and event.state == "started":
            started = event
        elif completed is None and event.state == "completed":
            completed = event
        if started is not None and completed is not None:
            break
    state.started_decision_id = started.id if started is not None else None
    if completed is not None:
        state.completed_decision_id = completed.id
        state.last_execution_context = completed.execution_context
