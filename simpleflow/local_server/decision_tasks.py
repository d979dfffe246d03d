"""Decision tasks: the scheduling rule, polling, and atomic, validated batches (§13).

What moto does: ``WorkflowExecution._schedule_decision_task`` records a second
``DecisionTaskScheduled`` when one is already scheduled; ``handle_decisions`` applies the
batch one decision at a time after ``DecisionTaskCompleted`` and raises ``NotImplementedError``
(HTTP 500) half way for the decisions it lacks; only ``CancelWorkflowExecution`` knows
``UNHANDLED_DECISION``, from a counter. What real SWF does (features.md §13): at most one
scheduled and one started task; the whole request is validated first, and an invalid one
records nothing; closing decisions fail with ``UNHANDLED_DECISION`` when a triggering event
arrived after the task started. What we change: all of that, for every decision of §15.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import _moto
from .execution import DecisionTask, Execution
from .limits import (
    check_data,
    check_name,
    check_priority,
    check_tags,
    check_task_list,
    check_timeout,
)
from .polling import priority_of
from .timeouts import watch_decision_scheduled, watch_decision_started

if TYPE_CHECKING:
    from .engine import Engine

Handler = Callable[["Engine", Execution, dict[str, Any], int], None]

#: Decision type -> handler, filled by the concern modules (activities, timers, signals...).
HANDLERS: dict[str, Handler] = {}

CLOSING = (
    "CompleteWorkflowExecution",
    "FailWorkflowExecution",
    "CancelWorkflowExecution",
    "ContinueAsNewWorkflowExecution",
)

#: decision type -> (required attributes, id/name attributes, data attributes)
_SHAPES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "ScheduleActivityTask": (("activityType", "activityId"), ("activityId",), ("input", "control")),
    "RequestCancelActivityTask": (("activityId",), ("activityId",), ()),
    "RecordMarker": (("markerName",), ("markerName",), ("details",)),
    "StartTimer": (("timerId", "startToFireTimeout"), ("timerId",), ("control",)),
    "CancelTimer": (("timerId",), ("timerId",), ()),
    "SignalExternalWorkflowExecution": (
        ("workflowId", "signalName"),
        ("workflowId", "signalName"),
        ("input", "control"),
    ),
    "RequestCancelExternalWorkflowExecution": (("workflowId",), ("workflowId",), ("control",)),
    "StartChildWorkflowExecution": (
        ("workflowType", "workflowId"),
        ("workflowId",),
        ("input", "control"),
    ),
    "CompleteWorkflowExecution": ((), (), ("result",)),
    "FailWorkflowExecution": ((), (), ("details",)),
    "CancelWorkflowExecution": ((), (), ("details",)),
    "ContinueAsNewWorkflowExecution": ((), (), ("input",)),
}

_TIMEOUTS = (
    "scheduleToCloseTimeout",
    "scheduleToStartTimeout",
    "startToCloseTimeout",
    "heartbeatTimeout",
    "executionStartToCloseTimeout",
    "taskStartToCloseTimeout",
)
_CHILD_POLICIES = ("TERMINATE", "REQUEST_CANCEL", "ABANDON")


def attributes_name(decision_type: str) -> str:
    return decision_type[0].lower() + decision_type[1:] + "DecisionAttributes"


# -- validation (rule §13.3.2) ---------------------------------------------------------------


def validate_batch(engine: Engine, decisions: Any) -> list[tuple[str, dict[str, Any]]]:
    """Check the whole request; raise ``ValidationException`` before anything is applied."""
    settings = engine.settings
    if decisions is None:
        return []
    if not isinstance(decisions, list):
        raise _moto.validation("decisions must be a list")
    batch: list[tuple[str, dict[str, Any]]] = []
    for index, decision in enumerate(decisions, start=1):
        where = f"decisions.{index}.member"
        kind = decision.get("decisionType") if isinstance(decision, dict) else None
        if kind not in _SHAPES:
            raise _moto.validation(
                f"Value {kind!r} at '{where}.decisionType' failed to satisfy constraint: Member "
                f"must satisfy enum value set: [{', '.join(sorted(_SHAPES))}] (lambda decisions "
                "are not supported by the local engine)"
            )
        key = attributes_name(kind)
        attributes = decision.get(key) or {}
        if not isinstance(attributes, dict):
            raise _moto.validation(f"Value at '{where}.{key}' must be a structure")
        required, names, data = _SHAPES[kind]
        for name in required:
            if attributes.get(name) in (None, ""):
                raise _moto.validation(
                    f"Value null at '{where}.{key}.{name}' failed to satisfy constraint: "
                    "Member must not be null"
                )
        for name in names:
            check_name(attributes[name], f"{where}.{key}.{name}", settings)
        for name in data:
            check_data(attributes.get(name), f"{where}.{key}.{name}", settings.max_data_length)
        check_data(attributes.get("reason"), f"{where}.{key}.reason", settings.max_reason_length)
        for name in _TIMEOUTS:
            check_timeout(attributes.get(name), f"{where}.{key}.{name}")
        if kind == "StartTimer" and attributes["startToFireTimeout"] == "NONE":
            raise _moto.validation(f"'{where}.{key}.startToFireTimeout' must be seconds")
        check_timeout(attributes.get("startToFireTimeout"), f"{where}.{key}.startToFireTimeout")
        check_priority(attributes.get("taskPriority"), f"{where}.{key}.taskPriority")
        check_tags(attributes.get("tagList"), f"{where}.{key}.tagList", settings)
        task_list = attributes.get("taskList")
        if task_list is not None:
            if not isinstance(task_list, dict):
                raise _moto.validation(f"Value at '{where}.{key}.taskList' must be a structure")
            check_task_list(task_list.get("name"), f"{where}.{key}.taskList.name", settings)
        policy = attributes.get("childPolicy")
        if policy is not None and policy not in _CHILD_POLICIES:
            raise _moto.validation(
                f"Value {policy!r} at '{where}.{key}.childPolicy' failed to satisfy constraint: "
                f"Member must satisfy enum value set: [{', '.join(_CHILD_POLICIES)}]"
            )
        for type_key in ("activityType", "workflowType"):
            value = attributes.get(type_key)
            if value is not None and (
                not isinstance(value, dict) or not value.get("name") or not value.get("version")
            ):
                raise _moto.validation(f"'{where}.{key}.{type_key}' needs a name and a version")
        batch.append((kind, attributes))
    # [verify] §13.3.5: a closing decision must be the last of the batch and at most one may
    # appear, else the request fails validation. Choice: validation error (the Decision docs
    # say a close "must be the last decision"; a second one can therefore never be last).
    closing = [index for index, (kind, _) in enumerate(batch) if kind in CLOSING]
    if len(closing) > 1 or (closing and closing[0] != len(batch) - 1):
        raise _moto.validation(
            "a closing decision (Complete/Fail/Cancel/ContinueAsNew WorkflowExecution) must be "
            "the last decision of the batch, and only one may appear"
        )
    return batch


# -- the scheduling rule (§13.1) -------------------------------------------------------------


def schedule_decision_task(engine: Engine, execution: Execution) -> None:
    """Record ``DecisionTaskScheduled`` unless one is already scheduled."""
    if not execution.is_open or execution.decision_scheduled is not None:
        return
    attributes: dict[str, Any] = {
        "taskList": {"name": execution.task_list},
        "startToCloseTimeout": execution.task_timeout,
        "taskPriority": execution.task_priority,
        "scheduleToStartTimeout": execution.decision_schedule_to_start,
    }
    event_id = engine.record(execution, "DecisionTaskScheduled", attributes)
    if not event_id:
        return
    task = DecisionTask(execution, event_id, execution.task_list)
    execution.decision_scheduled = task
    engine.busy += 1
    watch_decision_scheduled(engine, task)
    if execution.decision_started is None:
        _enqueue(engine, task)


def _enqueue(engine: Engine, task: DecisionTask) -> None:
    execution = task.execution
    engine.queue("decision", execution.domain, task.task_list).push(
        task, priority_of(execution.task_priority)
    )


def _release_scheduled(engine: Engine, execution: Execution) -> None:
    """The started task is gone: the scheduled one (if any) may now be polled."""
    if execution.decision_scheduled is not None and execution.is_open:
        _enqueue(engine, execution.decision_scheduled)


def is_pollable(task: DecisionTask) -> bool:
    execution = task.execution
    return (
        task.state == "scheduled"
        and execution.is_open
        and execution.decision_scheduled is task
        and execution.decision_started is None
    )


def start_decision_task(engine: Engine, task: DecisionTask, identity: str | None) -> None:
    execution = task.execution
    task.started_event_id = engine.record(
        execution,
        "DecisionTaskStarted",
        {"scheduledEventId": task.scheduled_event_id, "identity": identity},
    )
    task.state = "started"
    execution.decision_scheduled = None
    execution.decision_started = task
    engine.decision_tokens[task.token] = task
    watch_decision_started(engine, task)


def time_out_decision_task(engine: Engine, task: DecisionTask, timeout_type: str) -> None:
    execution = task.execution
    if task.state == "closed" or not execution.is_open:
        return
    was_started = task.state == "started"
    task.state = "closed"
    engine.decision_tokens.pop(task.token, None)
    engine.busy -= 1
    if was_started:
        execution.decision_started = None
    else:
        execution.decision_scheduled = None
    engine.record(
        execution,
        "DecisionTaskTimedOut",
        {
            "timeoutType": timeout_type,
            "scheduledEventId": task.scheduled_event_id,
            "startedEventId": task.started_event_id,
        },
    )
    _release_scheduled(engine, execution)
    engine.scheduler.poke()


# -- RespondDecisionTaskCompleted (§13.3) ----------------------------------------------------


def complete_decision_task(engine: Engine, params: dict[str, Any]) -> None:
    token = params.get("taskToken")
    task = engine.decision_tokens.get(token) if isinstance(token, str) else None
    if task is None or task.state != "started" or not task.execution.is_open:
        raise _moto.unknown(
            "Unknown decision task: the task token is unknown, already used, "
            "timed out, or its execution is closed"
        )
    settings = engine.settings
    context = params.get("executionContext")
    check_data(context, "executionContext", settings.max_data_length)
    task_list = params.get("taskList")
    if task_list is not None:
        name = task_list.get("name") if isinstance(task_list, dict) else None
        check_task_list(name, "taskList.name", settings)
    check_timeout(params.get("taskListScheduleToStartTimeout"), "taskListScheduleToStartTimeout")
    batch = validate_batch(engine, params.get("decisions"))

    execution = task.execution
    task.state = "closed"
    engine.decision_tokens.pop(task.token, None)
    engine.busy -= 1
    execution.decision_started = None
    completed_id = engine.record(
        execution,
        "DecisionTaskCompleted",
        {
            "scheduledEventId": task.scheduled_event_id,
            "startedEventId": task.started_event_id,
            "executionContext": context,
        },
    )
    execution.previous_started_event_id = task.started_event_id
    if context is not None:
        execution.latest_execution_context = context or None
    if task_list is not None:
        execution.task_list = task_list["name"]
    if params.get("taskListScheduleToStartTimeout") is not None:
        execution.decision_schedule_to_start = params["taskListScheduleToStartTimeout"]

    execution.in_batch, execution.batch_triggered = True, False
    try:
        for kind, attributes in batch:
            if not execution.is_open:
                break
            if kind in CLOSING and task.has_new_events:
                # §13.3.5: a triggering event arrived after this task started; the pending
                # decision task delivers it, the close must be retried there.
                engine.record(
                    execution,
                    f"{kind}Failed",
                    {"cause": "UNHANDLED_DECISION", "decisionTaskCompletedEventId": completed_id},
                )
                continue
            HANDLERS[kind](engine, execution, attributes, completed_id)
    finally:
        execution.in_batch = False
    if execution.is_open:
        if execution.batch_triggered:
            schedule_decision_task(engine, execution)
        _release_scheduled(engine, execution)
    engine.scheduler.poke()


# -- markers and the plain closing decisions ---------------------------------------------------


def _record_marker(engine: Engine, ex: Execution, attrs: dict[str, Any], completed: int) -> None:
    engine.record(
        ex,
        "MarkerRecorded",
        {
            "markerName": attrs["markerName"],
            "details": attrs.get("details"),
            "decisionTaskCompletedEventId": completed,
        },
    )


def _complete(engine: Engine, ex: Execution, attrs: dict[str, Any], completed: int) -> None:
    engine.close(
        ex, "COMPLETED", {"result": attrs.get("result"), "decisionTaskCompletedEventId": completed}
    )


def _fail(engine: Engine, ex: Execution, attrs: dict[str, Any], completed: int) -> None:
    engine.close(
        ex,
        "FAILED",
        {
            "reason": attrs.get("reason"),
            "details": attrs.get("details"),
            "decisionTaskCompletedEventId": completed,
        },
    )


HANDLERS.update(
    {
        "RecordMarker": _record_marker,
        "CompleteWorkflowExecution": _complete,
        "FailWorkflowExecution": _fail,
    }
)
