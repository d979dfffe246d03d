"""Synthetic histories: build realistic SWF histories without SWF, to replay workflows.

Every ``add_*`` method appends events made by ``EventFactory`` (so they carry ``type``,
``state``, decoded ``input`` and the rest) and returns the history, for chaining. Some
oddities of 0.11.9 are kept on purpose because recorded tests rely on them: the fixed
timestamp of ``ScheduleActivityTaskFailed``; the fixed ``decisionTaskCompletedEventId``
76, the raw ``taskList`` and the ``'432000'`` timeout of child start-initiated events;
the float ``runId`` of child-started events; the un-encoded child ``result``.
"""

from __future__ import annotations

import json
import random
import time
import zlib
from typing import Any

from swf.models.event.base import Event
from swf.models.event.factory import EventFactory
from swf.models.event.workflow import CompiledChildWorkflowExecutionEvent
from swf.models.history import base
from swf.models.history._feature_events import FeatureEvents

__all__ = ["History"]

DEFAULT_DECIDER_IDENTITY = "test_decider"
DEFAULT_WORKER_IDENTITY = "test_worker"
DEFAULT_REASON = "REASON"
DEFAULT_DETAILS = "DETAILS"

FIRST_TIMESTAMP: float | None = None
LATEST_TIMESTAMP: float | None = None

CHILD_WORKFLOW_STATES = set(CompiledChildWorkflowExecutionEvent.states)

# The timestamp 0.11.9 gave every ScheduleActivityTaskFailed event.
_SCHEDULE_FAILED_TIMESTAMP = 1386947268.527


def new_timestamp_string() -> float:
    """Return the timestamp of a new event (a float epoch, despite the name).

    The first call in a process returns ``time.time()``; each later call adds up to 100
    random seconds, so timestamps never decrease within a process.
    """
    global FIRST_TIMESTAMP, LATEST_TIMESTAMP
    if FIRST_TIMESTAMP is None or LATEST_TIMESTAMP is None:
        FIRST_TIMESTAMP = time.time()
        LATEST_TIMESTAMP = FIRST_TIMESTAMP
    else:
        LATEST_TIMESTAMP += random.random() * 100
    return LATEST_TIMESTAMP


def _default_activity_id(name: str) -> str:
    # A stable digest: hash() of a str changes with every Python process.
    return f"{name}-{zlib.crc32(name.encode('utf-8'))}"


class History(base.History, FeatureEvents):
    """A history that starts like a new workflow execution and grows with ``add_*`` calls.

    Args:
        workflow: an object with ``name``, ``version``, ``task_list``,
            ``decision_tasks_timeout``, ``execution_timeout`` and optionally ``tag_list``
            (a simpleflow ``Workflow`` class).
        input: the workflow input (``{}`` by default).
        tag_list: the execution's tags (default: ``workflow.tag_list``).

    The first three events are ``WorkflowExecutionStarted``, ``DecisionTaskScheduled``
    and ``DecisionTaskStarted``. The helpers for signals, markers, timers, cancellation
    and continue-as-new come from ``FeatureEvents``.
    """

    def __init__(self, workflow: Any, input: Any = None, tag_list: list[str] | None = None) -> None:
        super().__init__(events=[], raw=None)
        self._workflow = workflow
        self._append(
            "WorkflowExecutionStarted",
            {
                "taskList": {"name": workflow.task_list},
                "parentInitiatedEventId": 0,
                "taskStartToCloseTimeout": workflow.decision_tasks_timeout,
                "childPolicy": "TERMINATE",
                "executionStartToCloseTimeout": workflow.execution_timeout,
                "input": json.dumps(input if input else {}),
                "workflowType": {"name": workflow.name, "version": workflow.version},
                "tagList": tag_list or getattr(workflow, "tag_list", None),
            },
        )
        self.add_decision_task_scheduled()
        self.add_decision_task_started(scheduled=2)

    @property
    def last_id(self) -> int:
        """The id of the last event (the number of events)."""
        return len(self.events)

    @property
    def next_id(self) -> int:
        """The id the next event will get."""
        return self.last_id + 1

    def _append(
        self, event_type: str, attributes: dict[str, Any], timestamp: float | None = None
    ) -> History:
        raw_event = {
            "eventId": self.next_id,
            "eventType": event_type,
            "eventTimestamp": new_timestamp_string() if timestamp is None else timestamp,
            f"{event_type[0].lower()}{event_type[1:]}EventAttributes": attributes,
        }
        self.events.append(EventFactory(raw_event))
        return self

    def _event(self, event_id: int) -> Event:
        return self.events[event_id - 1]

    # --- decision tasks ----------------------------------------------------------------

    def add_decision_task_scheduled(self) -> History:
        """Append ``DecisionTaskScheduled`` on the workflow's task list."""
        return self._append(
            "DecisionTaskScheduled",
            {
                "startToCloseTimeout": self._workflow.decision_tasks_timeout,
                "taskList": {"name": self._workflow.task_list},
            },
        )

    def add_decision_task_started(self, scheduled: int | None = None) -> History:
        """Append ``DecisionTaskStarted`` (``scheduled`` defaults to the last event)."""
        return self._append(
            "DecisionTaskStarted",
            {"scheduledEventId": scheduled or self.last_id, "identity": DEFAULT_DECIDER_IDENTITY},
        )

    def add_decision_task_completed(
        self,
        scheduled: int | None = None,
        started: int | None = None,
        execution_context: Any = None,
    ) -> History:
        """Append ``DecisionTaskCompleted``.

        ``started`` defaults to the last event and ``scheduled`` to the one before it.
        ``execution_context`` is JSON-encoded (``None`` when not given).
        """
        return self._append(
            "DecisionTaskCompleted",
            {
                "startedEventId": started or self.last_id,
                "scheduledEventId": scheduled or self.last_id - 1,
                "executionContext": (
                    json.dumps(execution_context) if execution_context is not None else None
                ),
            },
        )

    def add_decision_task_timed_out(
        self,
        scheduled: int | None = None,
        started: int | None = None,
        timeout_type: str = "START_TO_CLOSE",
    ) -> History:
        """Append ``DecisionTaskTimedOut`` (same defaults as ``add_decision_task_completed``)."""
        return self._append(
            "DecisionTaskTimedOut",
            {
                "startedEventId": started or self.last_id,
                "scheduledEventId": scheduled or self.last_id - 1,
                "timeoutType": timeout_type,
            },
        )

    def add_decision_task(self, execution_context: Any = None) -> History:
        """Append a scheduled, started and completed decision task (context ``{}``)."""
        if execution_context is None:
            execution_context = {}
        self.add_decision_task_scheduled()
        self.add_decision_task_started()
        return self.add_decision_task_completed(execution_context=execution_context)

    # --- activity tasks ----------------------------------------------------------------

    def add_activity_task_scheduled(
        self,
        activity: Any,
        decision_id: int,
        activity_id: str | None = None,
        input: Any = None,
        control: Any = None,
    ) -> History:
        """Append ``ActivityTaskScheduled`` for ``activity``.

        ``activity`` has ``name``, ``version``, ``task_list`` and the ``task_*`` timeouts.
        ``activity_id`` defaults to ``'<name>-<crc32 of the name>'``.
        """
        return self._append(
            "ActivityTaskScheduled",
            {
                "control": json.dumps(control or {}),
                "taskList": {"name": activity.task_list},
                "scheduleToCloseTimeout": activity.task_schedule_to_close_timeout,
                "activityType": {"name": activity.name, "version": activity.version},
                "heartbeatTimeout": activity.task_heartbeat_timeout,
                "activityId": activity_id or _default_activity_id(activity.name),
                "scheduleToStartTimeout": activity.task_schedule_to_start_timeout,
                "decisionTaskCompletedEventId": decision_id,
                "input": json.dumps(input if input is not None else {}),
                "startToCloseTimeout": activity.task_start_to_close_timeout,
            },
        )

    def add_activity_task_schedule_failed(
        self, activity_id: str, decision_id: int, activity_type: dict[str, Any], cause: Any
    ) -> History:
        """Append ``ScheduleActivityTaskFailed`` (with 0.11.9's fixed timestamp).

        ``activity_type`` is a ``{'name': ..., 'version': ...}`` dict; ``cause`` is for
        instance ``'ACTIVITY_TYPE_DOES_NOT_EXIST'``.
        """
        return self._append(
            "ScheduleActivityTaskFailed",
            {
                "activityId": activity_id,
                "activityType": dict(activity_type),
                "cause": cause,
                "decisionTaskCompletedEventId": decision_id,
            },
            timestamp=_SCHEDULE_FAILED_TIMESTAMP,
        )

    def add_activity_task_started(self, scheduled: int) -> History:
        """Append ``ActivityTaskStarted`` for the scheduled event ``scheduled``."""
        return self._append(
            "ActivityTaskStarted",
            {"scheduledEventId": scheduled, "identity": DEFAULT_WORKER_IDENTITY},
        )

    def add_activity_task_completed(
        self, scheduled: int, started: int, result: Any = None
    ) -> History:
        """Append ``ActivityTaskCompleted``; ``result`` is JSON-encoded (``None`` stays)."""
        return self._append(
            "ActivityTaskCompleted",
            {
                "startedEventId": started,
                "scheduledEventId": scheduled,
                "result": json.dumps(result) if result is not None else None,
            },
        )

    def add_activity_task_failed(
        self,
        scheduled: int | None = None,
        started: int | None = None,
        reason: Any = DEFAULT_REASON,
        details: Any = DEFAULT_DETAILS,
    ) -> History:
        """Append ``ActivityTaskFailed`` (``scheduled``: last id - 1, ``started``: last id)."""
        return self._append(
            "ActivityTaskFailed",
            {
                "reason": reason,
                "details": details,
                "scheduledEventId": scheduled or self.last_id - 1,
                "startedEventId": started or self.last_id,
            },
        )

    def add_activity_task_timed_out(
        self, timeout_type: str, scheduled: int | None = None, started: int | None = None
    ) -> History:
        """Append ``ActivityTaskTimedOut`` (defaults as ``add_activity_task_failed``)."""
        return self._append(
            "ActivityTaskTimedOut",
            {
                "scheduledEventId": scheduled or self.last_id - 1,
                "startedEventId": started or self.last_id,
                "timeoutType": timeout_type,
            },
        )

    def add_activity_task(
        self,
        activity: Any,
        decision_id: int,
        last_state: str = "completed",
        activity_id: str | None = None,
        input: Any = None,
        control: Any = None,
        result: Any = None,
        reason: Any = DEFAULT_REASON,
        details: Any = DEFAULT_DETAILS,
        activity_type: dict[str, Any] | None = None,
        cause: Any = None,
        timeout_type: str = "START_TO_CLOSE",
    ) -> History:
        """Append the events of an activity task up to ``last_state``.

        ``last_state`` is one of ``'scheduled'``, ``'schedule_failed'`` (with
        ``activity_type``, default the activity's name and version, and ``cause``),
        ``'started'``, ``'completed'`` (with ``result``), ``'failed'`` (with ``reason`` and
        ``details``) or ``'timed_out'`` (with ``timeout_type``).

        Raises:
            ValueError: unknown ``last_state``; the scheduled and started events are
                appended already.
        """
        self.add_activity_task_scheduled(activity, decision_id, activity_id, input, control)
        if last_state == "scheduled":
            return self
        scheduled_id = self.last_id
        if last_state == "schedule_failed":
            if activity_type is None:
                activity_type = {"name": activity.name, "version": activity.version}
            return self.add_activity_task_schedule_failed(
                self.last.activity_id, decision_id, activity_type, cause
            )
        self.add_activity_task_started(scheduled=scheduled_id)
        if last_state == "started":
            return self
        started_id = self.last_id
        if last_state == "completed":
            return self.add_activity_task_completed(scheduled_id, started_id, result=result)
        if last_state == "failed":
            return self.add_activity_task_failed(scheduled_id, started_id, reason, details)
        if last_state == "timed_out":
            return self.add_activity_task_timed_out(timeout_type, scheduled_id, started_id)
        raise ValueError(
            f"unknown activity task state {last_state!r}: use 'scheduled', 'schedule_failed', "
            "'started', 'completed', 'failed' or 'timed_out'"
        )

    # --- child workflows ---------------------------------------------------------------

    def add_child_workflow_start_initiated(
        self,
        workflow: Any,
        workflow_id: str | None = None,
        task_list: Any = None,
        input: Any = None,
        control: Any = None,
        tag_list: list[str] | None = None,
        task_start_to_close_timeout: Any = 0,
        decision_id: int = 76,
        execution_timeout: Any = "432000",
    ) -> History:
        """Append ``StartChildWorkflowExecutionInitiated`` (``task_list`` is stored as given)."""
        return self._append(
            "StartChildWorkflowExecutionInitiated",
            {
                "control": json.dumps(control or {}),
                "childPolicy": "TERMINATE",
                "decisionTaskCompletedEventId": decision_id,
                "executionStartToCloseTimeout": execution_timeout,
                "input": json.dumps(input) if input is not None else "{}",
                "tagList": tag_list,
                "taskList": task_list,
                "taskStartToCloseTimeout": task_start_to_close_timeout,
                "workflowId": workflow_id,
                "workflowType": {"name": workflow.name, "version": workflow.version},
            },
        )

    def add_child_workflow_start_failed(
        self, initiated_id: int, cause: str = "WORKFLOW_TYPE_DOES_NOT_EXIST"
    ) -> History:
        """Append ``StartChildWorkflowExecutionFailed`` for the initiated event."""
        initiated = self._event(initiated_id)
        return self._append(
            "StartChildWorkflowExecutionFailed",
            {
                "cause": cause,
                "control": initiated.control,
                "decisionTaskCompletedEventId": initiated.decision_task_completed_event_id,
                "initiatedEventId": initiated_id,
                "workflowId": initiated.workflow_id,
                "workflowType": initiated.workflow_type,
            },
        )

    def add_child_workflow_started(
        self, initiated_id: int, name: str | None = None, version: str | None = None
    ) -> History:
        """Append ``ChildWorkflowExecutionStarted`` (its ``runId`` is its timestamp).

        ``name`` and ``version`` are unused (0.11.9 signature).
        """
        initiated = self._event(initiated_id)
        timestamp = new_timestamp_string()
        return self._append(
            "ChildWorkflowExecutionStarted",
            {
                "initiatedEventId": initiated_id,
                "workflowExecution": {"runId": timestamp, "workflowId": initiated.workflow_id},
                "workflowType": initiated.workflow_type,
            },
            timestamp=timestamp,
        )

    def _child_attributes(self, initiated_id: int, started_id: int) -> dict[str, Any]:
        initiated = self._event(initiated_id)
        started = self._event(started_id)
        return {
            "initiatedEventId": initiated_id,
            "startedEventId": started_id,
            "workflowExecution": {
                "runId": started.workflow_execution["runId"],
                "workflowId": initiated.workflow_id,
            },
            "workflowType": initiated.workflow_type,
        }

    def add_child_workflow_completed(
        self, initiated_id: int, started_id: int, result: Any = None
    ) -> History:
        """Append ``ChildWorkflowExecutionCompleted``; ``result`` is stored as given."""
        attributes = self._child_attributes(initiated_id, started_id)
        attributes["result"] = result
        return self._append("ChildWorkflowExecutionCompleted", attributes)

    def add_child_workflow_failed(
        self, initiated_id: int, started_id: int, reason: Any = None, details: Any = None
    ) -> History:
        """Append ``ChildWorkflowExecutionFailed``."""
        attributes = self._child_attributes(initiated_id, started_id)
        attributes["reason"] = reason
        attributes["details"] = details
        return self._append("ChildWorkflowExecutionFailed", attributes)

    def add_child_workflow_timed_out(
        self, initiated_id: int, started_id: int, timeout_type: str
    ) -> History:
        """Append ``ChildWorkflowExecutionTimedOut``."""
        attributes = self._child_attributes(initiated_id, started_id)
        attributes["timeoutType"] = timeout_type
        return self._append("ChildWorkflowExecutionTimedOut", attributes)

    def add_child_workflow_canceled(
        self, initiated_id: int, started_id: int, details: Any = None
    ) -> History:
        """Append ``ChildWorkflowExecutionCanceled``."""
        attributes = self._child_attributes(initiated_id, started_id)
        if details is not None:
            attributes["details"] = details
        return self._append("ChildWorkflowExecutionCanceled", attributes)

    def add_child_workflow_terminated(self, initiated_id: int, started_id: int) -> History:
        """Append ``ChildWorkflowExecutionTerminated``."""
        return self._append(
            "ChildWorkflowExecutionTerminated", self._child_attributes(initiated_id, started_id)
        )

    def add_child_workflow(
        self,
        workflow: Any,
        last_state: str = "completed",
        workflow_id: str | None = None,
        task_list: Any = None,
        input: Any = None,
        result: Any = None,
        control: Any = None,
        reason: Any = None,
        details: Any = None,
        cause: str = "WORKFLOW_TYPE_DOES_NOT_EXIST",
        decision_id: int = 76,
        timeout_type: str = "START_TO_CLOSE",
    ) -> History:
        """Append the events of a child workflow execution up to ``last_state``.

        ``last_state`` is one of ``CHILD_WORKFLOW_STATES``. ``'start_failed'`` appends
        ``StartChildWorkflowExecutionFailed`` (with ``cause``) after the initiated event;
        ``'failed'`` carries ``reason`` and ``details``; ``'canceled'`` carries ``details``.

        Raises:
            ValueError: unknown ``last_state``; the initiated event is appended already.
        """
        self.add_child_workflow_start_initiated(
            workflow,
            workflow_id=workflow_id,
            task_list=task_list,
            input=input,
            control=control,
            decision_id=decision_id,
        )
        if last_state not in CHILD_WORKFLOW_STATES:
            raise ValueError(
                f"unknown child workflow state {last_state!r}: use one of "
                f"{sorted(CHILD_WORKFLOW_STATES)!r}"
            )
        initiated_id = self.last_id
        if last_state == "start_initiated":
            return self
        if last_state == "start_failed":
            return self.add_child_workflow_start_failed(initiated_id, cause=cause)
        self.add_child_workflow_started(initiated_id)
        if last_state == "started":
            return self
        started_id = self.last_id
        if last_state == "completed":
            return self.add_child_workflow_completed(initiated_id, started_id, result=result)
        if last_state == "failed":
            return self.add_child_workflow_failed(initiated_id, started_id, reason, details)
        if last_state == "timed_out":
            return self.add_child_workflow_timed_out(initiated_id, started_id, timeout_type)
        if last_state == "canceled":
            return self.add_child_workflow_canceled(initiated_id, started_id, details)
        return self.add_child_workflow_terminated(initiated_id, started_id)

    # --- execution-level events ----------------------------------------------------------

    def add_request_cancel(self, cause: Any = None, external_event_id: int = 0) -> History:
        """Append ``WorkflowExecutionCancelRequested``."""
        return self._append(
            "WorkflowExecutionCancelRequested",
            {"externalInitiatedEventId": external_event_id, "cause": cause},
        )

    def add_signal(
        self,
        name: str,
        input: Any = None,
        external_event_id: int = 0,
        external_workflow_id: str | None = None,
        external_run_id: str | None = None,
    ) -> History:
        """Append ``WorkflowExecutionSignaled`` for the signal ``name``.

        With ``external_workflow_id`` the signal comes from that execution (a workflow's
        ``SignalExternalWorkflowExecution``); otherwise from the API.
        """
        attributes: dict[str, Any] = {
            "externalInitiatedEventId": external_event_id,
            "input": json.dumps(input) if input is not None else "{}",
            "signalName": name,
        }
        if external_workflow_id is not None:
            attributes["externalWorkflowExecution"] = {
                "workflowId": external_workflow_id,
                "runId": external_run_id,
            }
        return self._append("WorkflowExecutionSignaled", attributes)
