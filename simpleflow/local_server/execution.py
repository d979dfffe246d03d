"""An execution's state: its history, its open tasks, timers and children.

moto's ``WorkflowExecution.next_event_id`` counts the events on every call and its task
views scan every task of the domain. Here an execution appends events to a list (the next
id is its length + 1) and keeps its open activities, timers and children in dicts, so every
operation is O(1) in the size of the history.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

#: Events that schedule a decision task (features.md §13.2, left column).
TRIGGERS = frozenset(
    {
        "WorkflowExecutionStarted",
        "WorkflowExecutionSignaled",
        "WorkflowExecutionCancelRequested",
        "ActivityTaskCompleted",
        "ActivityTaskFailed",
        "ActivityTaskTimedOut",
        "ActivityTaskCanceled",
        "TimerFired",
        "ChildWorkflowExecutionStarted",
        "ChildWorkflowExecutionCompleted",
        "ChildWorkflowExecutionFailed",
        "ChildWorkflowExecutionTimedOut",
        "ChildWorkflowExecutionCanceled",
        "ChildWorkflowExecutionTerminated",
        "StartChildWorkflowExecutionFailed",
        "ExternalWorkflowExecutionSignaled",
        "SignalExternalWorkflowExecutionFailed",
        "ExternalWorkflowExecutionCancelRequested",
        "RequestCancelExternalWorkflowExecutionFailed",
        "DecisionTaskTimedOut",
        "ScheduleActivityTaskFailed",
        "RequestCancelActivityTaskFailed",
        # [verify] §13.2: whether timer and marker decision failures schedule a decision task.
        # Choice: they do. The AWS Decision docs say every decision failure "is recorded ...
        # and a new decision task is scheduled" so the decider can react to it.
        "StartTimerFailed",
        "CancelTimerFailed",
        "RecordMarkerFailed",
        "CompleteWorkflowExecutionFailed",
        "FailWorkflowExecutionFailed",
        "CancelWorkflowExecutionFailed",
        "ContinueAsNewWorkflowExecutionFailed",
        "StartLambdaFunctionFailed",
    }
)

CLOSE_EVENTS = {
    "COMPLETED": "WorkflowExecutionCompleted",
    "FAILED": "WorkflowExecutionFailed",
    "CANCELED": "WorkflowExecutionCanceled",
    "TERMINATED": "WorkflowExecutionTerminated",
    "TIMED_OUT": "WorkflowExecutionTimedOut",
    "CONTINUED_AS_NEW": "WorkflowExecutionContinuedAsNew",
}


def new_token() -> str:
    return secrets.token_urlsafe(24)


def attributes_key(event_type: str) -> str:
    return event_type[0].lower() + event_type[1:] + "EventAttributes"


def seconds(value: Any) -> float | None:
    """A duration attribute (string of seconds or ``NONE``) as seconds, ``None`` for none."""
    if value is None or value == "NONE":
        return None
    return float(value)


@dataclass(eq=False)
class DecisionTask:
    execution: Execution
    scheduled_event_id: int
    task_list: str
    token: str = field(default_factory=new_token)
    started_event_id: int = 0
    previous_started_event_id: int = 0
    state: str = "scheduled"  # scheduled | started | closed
    # Events recorded after this task started that trigger a decision task (rule §13.3.5).
    has_new_events: bool = False


@dataclass(eq=False)
class ActivityTask:
    execution: Execution
    activity_id: str
    activity_type: dict[str, str]
    scheduled_event_id: int
    task_list: str
    input: str | None
    timeouts: dict[str, float | None]
    priority: int
    token: str = field(default_factory=new_token)
    started_event_id: int = 0
    state: str = "scheduled"  # scheduled | started | closed
    cancel_requested_event_id: int = 0
    heartbeat_details: str | None = None
    last_heartbeat: float = 0.0
    scheduled_at: float = 0.0


@dataclass(eq=False)
class Timer:
    timer_id: str
    started_event_id: int
    fire_at: float
    control: str | None = None


@dataclass(eq=False)
class ChildLink:
    """A child in its parent's books: the initiated event, the started event, the type."""

    workflow_id: str
    workflow_type: dict[str, str]
    initiated_event_id: int
    started_event_id: int = 0
    run_id: str | None = None


@dataclass(eq=False)
class Execution:
    domain: str
    workflow_id: str
    run_id: str
    workflow_type: dict[str, str]
    task_list: str
    task_priority: str | None
    child_policy: str
    execution_timeout: str
    task_timeout: str
    tag_list: list[str]
    input: str | None
    lambda_role: str | None
    start_timestamp: float
    parent: dict[str, str] | None = None
    parent_initiated_event_id: int = 0
    events: list[dict[str, Any]] = field(default_factory=list)
    status: str = "OPEN"
    close_status: str | None = None
    close_timestamp: float | None = None
    cancel_requested: bool = False
    latest_execution_context: str | None = None
    latest_activity_task_timestamp: float | None = None
    decision_scheduled: DecisionTask | None = None
    decision_started: DecisionTask | None = None
    previous_started_event_id: int = 0
    decision_schedule_to_start: str | None = None
    activities: dict[str, ActivityTask] = field(default_factory=dict)
    timers: dict[str, Timer] = field(default_factory=dict)
    children: dict[str, ChildLink] = field(default_factory=dict)
    in_batch: bool = False
    batch_triggered: bool = False

    @property
    def is_open(self) -> bool:
        return self.status == "OPEN"

    @property
    def next_event_id(self) -> int:
        return len(self.events) + 1

    def ref(self) -> dict[str, str]:
        return {"workflowId": self.workflow_id, "runId": self.run_id}

    def open_counts(self) -> dict[str, int]:
        return {
            "openActivityTasks": len(self.activities),
            "openDecisionTasks": 1 if self.decision_scheduled or self.decision_started else 0,
            "openTimers": len(self.timers),
            "openChildWorkflowExecutions": len(self.children),
            "openLambdaFunctions": 0,
        }

    def info(self) -> dict[str, Any]:
        info: dict[str, Any] = {
            "execution": self.ref(),
            "workflowType": dict(self.workflow_type),
            "startTimestamp": self.start_timestamp,
            "executionStatus": self.status,
            "cancelRequested": self.cancel_requested,
        }
        if self.tag_list:
            info["tagList"] = list(self.tag_list)
        if self.parent:
            info["parent"] = dict(self.parent)
        if self.close_status:
            info["closeStatus"] = self.close_status
            info["closeTimestamp"] = self.close_timestamp
        return info

    def configuration(self) -> dict[str, Any]:
        config: dict[str, Any] = {
            "taskStartToCloseTimeout": self.task_timeout,
            "executionStartToCloseTimeout": self.execution_timeout,
            "taskList": {"name": self.task_list},
            "childPolicy": self.child_policy,
        }
        if self.task_priority is not None:
            config["taskPriority"] = self.task_priority
        if self.lambda_role:
            config["lambdaRole"] = self.lambda_role
        return config
