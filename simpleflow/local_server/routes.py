"""The SWF actions the engine serves, installed as handlers of moto's ``SWFResponse``.

Why moto's execution model is replaced rather than patched: ``WorkflowExecution`` counts its
events on every new id (O(events)), domain task views scan every task the domain ever had
(quadratic on a 1,000-activity fan-out), timers are ``threading.Timer`` objects on wall time,
timeouts are evaluated lazily on API calls, and unsupported decisions raise half way through a
batch. Long polls, a skipping clock and atomic batches need one lock, one scheduler and
per-task-list queues, so executions live in :class:`~.engine.Engine`; moto still owns the HTTP
layer, request dispatch, error serialization, and the registry of domains and types.

A handler only takes over when the request comes through a :class:`LocalSWFServer` (the
server sets the engine of the request thread); in-process ``moto.mock_aws`` users in the same
interpreter keep moto's own behaviour.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import (  # noqa: F401  (register decision handlers)
    _moto,
    activities,
    cancellation,
    children,
    continue_as_new,
    decision_tasks,
    listing,
    signals,
    starting,
    timers,
)
from .limits import check_task_list
from .pagination import page, page_size, read_token
from .starting import require

if TYPE_CHECKING:
    from .engine import Engine

_context = threading.local()


def current_engine() -> Engine | None:
    return getattr(_context, "engine", None)


def set_current_engine(engine: Engine | None) -> None:
    _context.engine = engine


# -- polling and history -----------------------------------------------------------------------


def _decision_response(task: Any, events: dict[str, Any]) -> dict[str, Any]:
    ex = task.execution
    response = {
        "taskToken": task.token,
        "startedEventId": task.started_event_id,
        "previousStartedEventId": task.previous_started_event_id,
        "workflowExecution": ex.ref(),
        "workflowType": dict(ex.workflow_type),
        **events,
    }
    return response


def _task_list(engine: Engine, params: dict[str, Any]) -> str:
    task_list = require(params, "taskList")
    name = task_list.get("name") if isinstance(task_list, dict) else None
    check_task_list(name, "taskList.name", engine.settings)
    return str(name)


def poll_for_decision_task(engine: Engine, params: dict[str, Any]) -> dict[str, Any]:
    domain_name = require(params, "domain")
    engine.domain_of(domain_name)
    task_list = _task_list(engine, params)
    reverse = bool(params.get("reverseOrder"))
    limit = page_size(params.get("maximumPageSize"), engine.settings)
    if params.get("nextPageToken"):
        # Next page of a task already handed out: same task, no new one (§14).
        key, offset, limit = read_token(params["nextPageToken"], "decision", engine.settings)
        token = json.loads(key)[0]
        task = engine.page_tasks.get(token)
        if task is None:
            raise _moto.validation("Invalid nextPageToken: its decision task is unknown")
        events = task.execution.events[: task.started_event_id]
        return _decision_response(task, page(events, offset, limit, reverse, "decision", key))
    queue = engine.queue("decision", domain_name, task_list)
    task = queue.wait_for(
        decision_tasks.is_pollable, engine.settings.poll_timeout, lambda: engine.stopped
    )
    if task is None:
        return {"previousStartedEventId": 0, "startedEventId": 0}
    task.previous_started_event_id = task.execution.previous_started_event_id
    decision_tasks.start_decision_task(engine, task, params.get("identity"))
    engine.page_tasks[task.token] = task
    events = task.execution.events[: task.started_event_id]
    if params.get("startAtPreviousStartedEvent") and task.previous_started_event_id:
        events = events[task.previous_started_event_id - 1 :]
    key = json.dumps([task.token])
    return _decision_response(task, page(events, 0, limit, reverse, "decision", key))


def get_workflow_execution_history(engine: Engine, params: dict[str, Any]) -> dict[str, Any]:
    domain_name = require(params, "domain")
    engine.domain_of(domain_name)
    ex = engine.get(domain_name, params.get("execution"))
    reverse = bool(params.get("reverseOrder"))
    limit = page_size(params.get("maximumPageSize"), engine.settings)
    offset = 0
    if params.get("nextPageToken"):
        run_id, offset, limit = read_token(params["nextPageToken"], "history", engine.settings)
        if run_id != ex.run_id:
            raise _moto.validation("Invalid nextPageToken: it belongs to another execution")
    return page(ex.events, offset, limit, reverse, "history", ex.run_id)


def poll_for_activity_task(engine: Engine, params: dict[str, Any]) -> dict[str, Any]:
    domain_name = require(params, "domain")
    engine.domain_of(domain_name)
    task_list = _task_list(engine, params)
    queue = engine.queue("activity", domain_name, task_list)
    task = queue.wait_for(
        activities.is_pollable, engine.settings.poll_timeout, lambda: engine.stopped
    )
    if task is None:
        return {"startedEventId": 0}
    activities.start_activity_task(engine, task, params.get("identity"))
    return activities.task_response(task)


# -- the extension table -------------------------------------------------------------------------


Action = Callable[["Engine", dict[str, Any]], Any]


@dataclass(frozen=True)
class RouteSet:
    """A named group of SWF actions served by the engine (one concern module)."""

    name: str
    module: str
    actions: dict[str, Action]


ROUTE_SETS: tuple[RouteSet, ...] = (
    RouteSet(
        "executions",
        "starting",
        {
            "start_workflow_execution": starting.start_workflow_execution,
            "terminate_workflow_execution": starting.terminate_workflow_execution,
        },
    ),
    RouteSet(
        "decision-tasks",
        "decision_tasks",
        {
            "poll_for_decision_task": poll_for_decision_task,
            "respond_decision_task_completed": decision_tasks.complete_decision_task,
        },
    ),
    RouteSet(
        "activity-tasks",
        "activities",
        {
            "poll_for_activity_task": poll_for_activity_task,
            "respond_activity_task_completed": activities.respond_completed,
            "respond_activity_task_failed": activities.respond_failed,
        },
    ),
    RouteSet(
        "cancellation",
        "cancellation",
        {
            "request_cancel_workflow_execution": cancellation.request_cancel_workflow_execution,
            "respond_activity_task_canceled": cancellation.respond_canceled,
            "record_activity_task_heartbeat": cancellation.record_heartbeat,
        },
    ),
    RouteSet(
        "signals", "signals", {"signal_workflow_execution": signals.signal_workflow_execution}
    ),
    RouteSet(
        "pagination",
        "pagination",
        {"get_workflow_execution_history": get_workflow_execution_history},
    ),
    RouteSet(
        "listing",
        "listing",
        {
            "describe_workflow_execution": listing.describe,
            "list_open_workflow_executions": lambda e, p: listing.list_executions(e, p, False),
            "list_closed_workflow_executions": lambda e, p: listing.list_executions(e, p, True),
            "count_open_workflow_executions": lambda e, p: listing.count_executions(e, p, False),
            "count_closed_workflow_executions": lambda e, p: listing.count_executions(e, p, True),
            "count_pending_decision_tasks": lambda e, p: listing.count_pending(e, p, "decision"),
            "count_pending_activity_tasks": lambda e, p: listing.count_pending(e, p, "activity"),
        },
    ),
)


def parse_body(body: Any, settings: Any) -> dict[str, Any]:
    raw = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body or "")
    if len(raw.encode()) > settings.max_request_bytes:
        raise _moto.validation(
            f"the request is larger than {settings.max_request_bytes} bytes (SWF's 1 MB limit)"
        )
    try:
        params = json.loads(raw or "{}")
    except ValueError as err:
        raise _moto.fault("SerializationException", f"the request body is not JSON: {err}") from err
    if not isinstance(params, dict):
        raise _moto.fault("SerializationException", "the request body must be a JSON object")
    return params


def make_handler(
    action: str, run: Action, original: Callable[..., Any] | None
) -> Callable[..., Any]:
    def handler(self: Any) -> str:
        engine = current_engine()
        if engine is None:  # not one of our servers: moto's own behaviour
            if original is None:
                raise NotImplementedError(f"The {action} action has not been implemented")
            return str(original(self))
        params = parse_body(self.body, engine.settings)
        with engine.lock:
            engine.backend = self.swf_backend
            try:
                result = run(engine, params)
                engine.run_deferred()
            finally:
                engine.deferred.clear()
        return "" if result is None else json.dumps(result)

    handler.__name__ = action
    handler._simpleflow_engine_route = True  # type: ignore[attr-defined]
    return handler
