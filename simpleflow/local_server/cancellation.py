"""Cancellation: of executions (call and decision) and of activities, and heartbeats.

What moto does: no ``RequestCancelWorkflowExecution`` or ``RespondActivityTaskCanceled``
handler, ``NotImplementedError`` for ``RequestCancelActivityTask`` and
``RequestCancelExternalWorkflowExecution``, heartbeats always answer ``cancelRequested:
false``, and ``CancelWorkflowExecution`` sets the cancel flag itself. What real SWF does (§15,
§16, §20.3): all of those, with ``cancelRequested: true`` once an ``ActivityTaskCancelRequested``
exists for the task. What we change: all of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .activities import close_activity, open_task
from .decision_tasks import HANDLERS
from .execution import Execution
from .external import initiate_external
from .limits import check_data
from .starting import require

if TYPE_CHECKING:
    from .engine import Engine


def request_cancel(
    engine: Engine,
    target: Execution,
    attributes: dict[str, Any] | None = None,
) -> int:
    """Record ``WorkflowExecutionCancelRequested`` and raise the execution's flag."""
    # [verify] §16: repeated cancel requests each record an event. Choice: they do (the API
    # reference describes no de-duplication; each call is recorded).
    event_id = engine.record(target, "WorkflowExecutionCancelRequested", attributes or {})
    if event_id:
        target.cancel_requested = True
    return event_id


def request_cancel_workflow_execution(engine: Engine, params: dict[str, Any]) -> None:
    domain_name = require(params, "domain")
    engine.domain_of(domain_name)
    target = engine.get(
        domain_name,
        {"workflowId": require(params, "workflowId"), "runId": params.get("runId")},
        must_be_open=True,
    )
    request_cancel(engine, target)


def record_heartbeat(engine: Engine, params: dict[str, Any]) -> dict[str, Any]:
    task = open_task(engine, params)
    check_data(params.get("details"), "details", engine.settings.max_heartbeat_details)
    task.last_heartbeat = engine.clock.now()
    if params.get("details") is not None:
        task.heartbeat_details = params["details"]
    return {"cancelRequested": bool(task.cancel_requested_event_id)}


def respond_canceled(engine: Engine, params: dict[str, Any]) -> None:
    # [verify] §16: SWF accepts RespondActivityTaskCanceled at any time while the task is
    # open, not only after cancelRequested. Choice: accepted (the API reference lists no
    # precondition besides an open task).
    task = open_task(engine, params)
    check_data(params.get("details"), "details", engine.settings.max_data_length)
    close_activity(
        engine,
        task,
        "ActivityTaskCanceled",
        {
            "details": params.get("details"),
            "scheduledEventId": task.scheduled_event_id,
            "startedEventId": task.started_event_id,
            "latestCancelRequestedEventId": task.cancel_requested_event_id or None,
        },
    )


def _cancel_activity(engine: Engine, ex: Execution, attrs: dict[str, Any], completed: int) -> None:
    activity_id = attrs["activityId"]
    task = ex.activities.get(activity_id)
    if task is None:
        engine.record(
            ex,
            "RequestCancelActivityTaskFailed",
            {
                "activityId": activity_id,
                "cause": "ACTIVITY_ID_UNKNOWN",
                "decisionTaskCompletedEventId": completed,
            },
        )
        return
    requested = engine.record(
        ex,
        "ActivityTaskCancelRequested",
        {"activityId": activity_id, "decisionTaskCompletedEventId": completed},
    )
    task.cancel_requested_event_id = requested
    if task.state == "scheduled":
        # [verify] §15: an activity not yet started is canceled at once, startedEventId 0.
        # Choice: yes (the task-cancellation guide: a scheduled task is removed from the
        # task list and ActivityTaskCanceled is recorded).
        close_activity(
            engine,
            task,
            "ActivityTaskCanceled",
            {
                "scheduledEventId": task.scheduled_event_id,
                "startedEventId": 0,
                "latestCancelRequestedEventId": requested,
            },
        )


def _cancel_execution(engine: Engine, ex: Execution, attrs: dict[str, Any], completed: int) -> None:
    # Allowed whether or not a cancel was requested, with activities still open (§15).
    engine.close(
        ex, "CANCELED", {"details": attrs.get("details"), "decisionTaskCompletedEventId": completed}
    )


def _cancel_external(engine: Engine, ex: Execution, attrs: dict[str, Any], completed: int) -> None:
    def deliver(target: Execution, initiated: int) -> None:
        request_cancel(
            engine,
            target,
            {"externalWorkflowExecution": ex.ref(), "externalInitiatedEventId": initiated},
        )
        engine.record(
            ex,
            "ExternalWorkflowExecutionCancelRequested",
            {"workflowExecution": target.ref(), "initiatedEventId": initiated},
        )

    initiate_external(
        engine, ex, "RequestCancelExternalWorkflowExecution", attrs, completed, {}, deliver
    )


HANDLERS.update(
    {
        "RequestCancelActivityTask": _cancel_activity,
        "CancelWorkflowExecution": _cancel_execution,
        "RequestCancelExternalWorkflowExecution": _cancel_external,
    }
)
