"""Activity tasks: scheduling with type defaults, the worker calls, the four timeouts.

What moto does: ``ACTIVITY_ID_ALREADY_IN_USE`` also for ids of closed activities (the old
``activity-id`` fix narrowed that), only the heartbeat timeout, no open-activities limit, and
``openActivityTasks`` drifts after a timeout. What real SWF does (§15, §20.8, §20.13–15):
defaults from the activity type or ``DEFAULT_*_UNDEFINED``, ids reusable once closed, all four
timeouts, ``UnknownResourceFault`` for the token of a closed task. What we change: all of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import _moto
from .decision_tasks import HANDLERS
from .execution import ActivityTask, Execution, seconds
from .limits import check_data
from .polling import priority_of
from .timeouts import watch_activity_scheduled, watch_activity_started

if TYPE_CHECKING:
    from .engine import Engine

_TIMEOUTS = {
    "scheduleToCloseTimeout": ("default_task_schedule_to_close_timeout", "SCHEDULE_TO_CLOSE"),
    "scheduleToStartTimeout": ("default_task_schedule_to_start_timeout", "SCHEDULE_TO_START"),
    "startToCloseTimeout": ("default_task_start_to_close_timeout", "START_TO_CLOSE"),
    "heartbeatTimeout": ("default_task_heartbeat_timeout", "HEARTBEAT"),
}


def _schedule(engine: Engine, ex: Execution, attrs: dict[str, Any], completed: int) -> None:
    activity_type = attrs["activityType"]
    activity_id = attrs["activityId"]

    def failed(cause: str) -> None:
        engine.record(
            ex,
            "ScheduleActivityTaskFailed",
            {
                "activityType": activity_type,
                "activityId": activity_id,
                "cause": cause,
                "decisionTaskCompletedEventId": completed,
            },
        )

    domain = engine.domain_of(ex.domain)
    registered = _moto.get_type(domain, "activity", activity_type["name"], activity_type["version"])
    if registered is None:
        return failed("ACTIVITY_TYPE_DOES_NOT_EXIST")
    if registered.status == "DEPRECATED":
        return failed("ACTIVITY_TYPE_DEPRECATED")
    if activity_id in ex.activities:  # only *open* activities hold their id (§15)
        return failed("ACTIVITY_ID_ALREADY_IN_USE")
    if len(ex.activities) >= engine.settings.max_open_activities:
        return failed("OPEN_ACTIVITIES_LIMIT_EXCEEDED")
    task_list = (attrs.get("taskList") or {}).get("name") or registered.task_list
    if not task_list:
        return failed("DEFAULT_TASK_LIST_UNDEFINED")
    values: dict[str, str] = {}
    for key, (default, kind) in _TIMEOUTS.items():
        value = attrs.get(key) or getattr(registered, default, None)
        if value is None:
            return failed(f"DEFAULT_{kind}_TIMEOUT_UNDEFINED")
        values[key] = value
    priority = attrs.get("taskPriority") or getattr(registered, "default_task_priority", None)
    event_id = engine.record(
        ex,
        "ActivityTaskScheduled",
        {
            "activityType": activity_type,
            "activityId": activity_id,
            "input": attrs.get("input"),
            "control": attrs.get("control"),
            **values,
            "taskList": {"name": task_list},
            "taskPriority": priority,
            "decisionTaskCompletedEventId": completed,
        },
    )
    task = ActivityTask(
        execution=ex,
        activity_id=activity_id,
        activity_type=dict(activity_type),
        scheduled_event_id=event_id,
        task_list=task_list,
        input=attrs.get("input"),
        timeouts={kind: seconds(values[key]) for key, (_, kind) in _TIMEOUTS.items()},
        priority=priority_of(priority),
        scheduled_at=engine.clock.now(),
    )
    ex.activities[activity_id] = task
    engine.busy += 1
    engine.activity_tokens[task.token] = task
    engine.queue("activity", ex.domain, task_list).push(task, task.priority)
    watch_activity_scheduled(engine, task)


HANDLERS["ScheduleActivityTask"] = _schedule


def is_pollable(task: ActivityTask) -> bool:
    return task.state == "scheduled" and task.execution.is_open


def start_activity_task(engine: Engine, task: ActivityTask, identity: str | None) -> None:
    ex = task.execution
    task.started_event_id = engine.record(
        ex,
        "ActivityTaskStarted",
        {"scheduledEventId": task.scheduled_event_id, "identity": identity},
    )
    task.state = "started"
    task.last_heartbeat = engine.clock.now()
    ex.latest_activity_task_timestamp = task.last_heartbeat
    watch_activity_started(engine, task)


def task_response(task: ActivityTask) -> dict[str, Any]:
    response: dict[str, Any] = {
        "taskToken": task.token,
        "activityId": task.activity_id,
        "startedEventId": task.started_event_id,
        "workflowExecution": task.execution.ref(),
        "activityType": dict(task.activity_type),
    }
    if task.input is not None:
        response["input"] = task.input
    return response


def open_task(engine: Engine, params: dict[str, Any]) -> ActivityTask:
    """The open activity task of ``taskToken``, else ``UnknownResourceFault`` (§20.15)."""
    token = params.get("taskToken")
    task = engine.activity_tokens.get(token) if isinstance(token, str) else None
    if task is None or task.state == "closed" or not task.execution.is_open:
        raise _moto.unknown(
            "Unknown activity task: the task token is unknown, or the task is closed (completed, "
            "failed, canceled or timed out), or its execution is closed"
        )
    if task.state != "started":
        raise _moto.unknown("Unknown activity task: this task was not started by a poll")
    return task


def close_activity(
    engine: Engine, task: ActivityTask, event_type: str, attributes: dict[str, Any]
) -> None:
    ex = task.execution
    if task.state == "closed":
        return
    task.state = "closed"
    engine.activity_tokens.pop(task.token, None)
    engine.busy -= 1
    ex.activities.pop(task.activity_id, None)
    engine.record(ex, event_type, attributes)
    engine.scheduler.poke()


def respond_completed(engine: Engine, params: dict[str, Any]) -> None:
    task = open_task(engine, params)
    check_data(params.get("result"), "result", engine.settings.max_data_length)
    close_activity(
        engine,
        task,
        "ActivityTaskCompleted",
        {
            "result": params.get("result"),
            "scheduledEventId": task.scheduled_event_id,
            "startedEventId": task.started_event_id,
        },
    )


def respond_failed(engine: Engine, params: dict[str, Any]) -> None:
    task = open_task(engine, params)
    check_data(params.get("reason"), "reason", engine.settings.max_reason_length)
    check_data(params.get("details"), "details", engine.settings.max_data_length)
    close_activity(
        engine,
        task,
        "ActivityTaskFailed",
        {
            "reason": params.get("reason"),
            "details": params.get("details"),
            "scheduledEventId": task.scheduled_event_id,
            "startedEventId": task.started_event_id,
        },
    )
