"""SWF-aware tasks: turn a task into its decision (spec §14, features §2–§5)."""

from __future__ import annotations

from typing import Any, NamedTuple

from simpleflow import format as _format
from simpleflow import task
from simpleflow.task import _call_class_hook
from simpleflow.utils import json_dumps
from swf.models.decision import (
    ActivityTaskDecision,
    ChildWorkflowExecutionDecision,
    MarkerDecision,
    TimerDecision,
)

__all__ = [
    "ActivityTask",
    "CancelTimerTask",
    "MarkerTask",
    "SignalTask",
    "TimerTask",
    "WorkflowTask",
]

# Used when the child class sets no `decision_tasks_timeout` (0.36 value).
_CHILD_DECISION_TASK_TIMEOUT = "300"


class _TypeRef(NamedTuple):
    """The name and version of an activity or workflow type.

    The decision builders read only `.name` and `.version` of the type they are given.
    Building an `swf.models.ActivityType`/`WorkflowType` there would resolve an SWF
    connection for every scheduled task (the models are `ConnectedSWFObject`s), which a
    replay scheduling hundreds of tasks must not do; the decision is the same.
    """

    name: str | None
    version: str | None


def _duration(value: Any) -> str | None:
    # 0.11.9 sent `str(None)`, i.e. the literal 'None'; a missing value is now omitted so
    # that SWF applies the type's default (spec §22.2-10).
    return None if value is None else str(value)


def _set_input(decision: Any, value: Any) -> None:
    # The builders encode `input` with `json.dumps`; task inputs go through `json_dumps`
    # (datetimes...), like the md5 of idempotent task ids; a value over SWF's limit goes to
    # S3 as a jumbo field (features §11), or raises JumboTooLargeError without a bucket.
    decision[decision.attributes_key]["input"] = _format.input(value)


class ActivityTask(task.ActivityTask):
    """An activity task that knows its `ScheduleActivityTask` decision."""

    def schedule(self, domain: Any, task_list: str | None = None, **kwargs: Any) -> list[Any]:
        """Return the one decision that schedules this task.

        Args:
            domain: the `swf.models.Domain` of the execution (unused by the decision).
            task_list: task list to schedule on; the activity's own `task_list` if None.
            **kwargs: overrides of the activity's timeouts: `task_timeout`
                (start-to-close), `duration_timeout` (schedule-to-close),
                `schedule_timeout` (schedule-to-start), `heartbeat_timeout`.

        Returns:
            A list holding one `swf.models.decision.ActivityTaskDecision`.
        """
        activity = self.activity
        decision = ActivityTaskDecision(
            "schedule",
            activity_id=self.id,
            activity_type=_TypeRef(activity.name, activity.version),
            control=None,
            task_list=task_list if task_list is not None else activity.task_list,
            input=None,
            heartbeat_timeout=_duration(
                kwargs.get("heartbeat_timeout", activity.task_heartbeat_timeout)
            ),
            duration_timeout=_duration(
                kwargs.get("duration_timeout", activity.task_schedule_to_close_timeout)
            ),
            schedule_timeout=_duration(
                kwargs.get("schedule_timeout", activity.task_schedule_to_start_timeout)
            ),
            task_timeout=_duration(
                kwargs.get("task_timeout", activity.task_start_to_close_timeout)
            ),
            task_priority=kwargs.get("task_priority", self.priority),
        )
        _set_input(decision, {"args": self.args, "kwargs": self.kwargs})
        return [decision]


class WorkflowTask(task.WorkflowTask):
    """A child-workflow task that knows its `StartChildWorkflowExecution` decision."""

    def schedule(
        self,
        domain: Any,
        task_list: str | None = None,
        tag_list: list[str] | None = None,
        task_priority: Any = None,
    ) -> list[Any]:
        """Return the one decision that starts this child workflow execution (§2.3).

        Args:
            domain: the `swf.models.Domain` of the execution (unused by the decision).
            task_list: the executor's repair/fake task list, if any. The child's list is
                the first non-empty of `workflow_task_list`, this, `get_task_list(...)`
                and the class's `task_list`; none: `taskList` is omitted.
            tag_list: the resolved tags (§8.1), None for none.
            task_priority: the resolved priority (§8.2), None for none.

        Returns:
            A list holding one `swf.models.decision.ChildWorkflowExecutionDecision`.
        """
        workflow = self.workflow
        decision = ChildWorkflowExecutionDecision(
            "start",
            workflow_type=_TypeRef(workflow.name, workflow.version),
            workflow_id=self.id,
            task_list=self._task_list(task_list),
            input=None,
            tag_list=tag_list,
            child_policy=getattr(workflow, "child_policy", None),
            execution_timeout=_duration(getattr(workflow, "execution_timeout", None) or None),
            task_timeout=_duration(getattr(workflow, "decision_tasks_timeout", None))
            or _CHILD_DECISION_TASK_TIMEOUT,
            task_priority=task_priority,
        )
        # `__extra.class` lets a decider that was not started with the child class import
        # it (features §2.9).
        extra = {"class": f"{workflow.__module__}.{workflow.__qualname__}"}
        _set_input(decision, {"args": self.args, "kwargs": self.kwargs, "__extra": extra})
        return [decision]

    def _task_list(self, executor_task_list: str | None) -> str | None:
        if self.task_list:
            return self.task_list
        if executor_task_list:
            return executor_task_list
        hook = getattr(self.workflow, "get_task_list", None)
        if hook is not None:
            value = _call_class_hook(hook, self.workflow, self.args, self.kwargs)
            if value:
                return str(value)
        return getattr(self.workflow, "task_list", None) or None


class MarkerTask(task.MarkerTask):
    """A marker that knows its `RecordMarker` decision."""

    def schedule(self) -> list[Any]:
        details = None
        if self.details is not None:
            text = json_dumps(self.details)
            details = _format.encode_json_text(text, _format.MAX_DETAILS_LENGTH, "marker details")
        return [MarkerDecision("record", self.name, details=details)]


class TimerTask(task.TimerTask):
    """A timer that knows its `StartTimer` decision."""

    def schedule(self) -> list[Any]:
        control = None if self.control is None else _format.control(self.control)
        decision = TimerDecision("start", self.timer_id, str(self.timeout), control=control)
        # The truthy filter of the builder would drop a 0 delay written as the int 0; the
        # string '0' is kept.
        return [decision]


class CancelTimerTask(task.CancelTimerTask):
    """A timer cancellation that knows its `CancelTimer` decision."""

    def schedule(self) -> list[Any]:
        return [TimerDecision("cancel", self.timer_id)]


class SignalTask(task.SignalTask):
    """A signal that knows its `SignalExternalWorkflowExecution` decision."""

    def schedule(self, workflow_id: str | None, run_id: str | None) -> list[Any]:
        from simpleflow.swf._signals import signal_decision, signal_input

        propagate = (self.extra_input or {}).get("__propagate", True)
        payload = signal_input(self.args, self.kwargs, propagate)
        return [signal_decision(self.name, workflow_id, run_id, payload)]
