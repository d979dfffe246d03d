"""SWF-aware tasks: turn a task into its schedule decision (spec §14)."""

from __future__ import annotations

from typing import Any, NamedTuple

import swf.format
from simpleflow import task
from simpleflow.utils import json_dumps
from swf.models.decision import ActivityTaskDecision, ChildWorkflowExecutionDecision

__all__ = ["ActivityTask", "WorkflowTask"]

# 0.11.9 never used the workflow's `decision_tasks_timeout` for child executions; the
# decision builder's default is kept (spec §14.2).
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
    # (datetimes...), like the md5 of idempotent task ids, and are cut to SWF's limit.
    decision[decision.attributes_key]["input"] = swf.format.input(json_dumps(value))


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
        )
        _set_input(decision, {"args": self.args, "kwargs": self.kwargs})
        return [decision]


class WorkflowTask(task.WorkflowTask):
    """A child-workflow task that knows its `StartChildWorkflowExecution` decision."""

    def schedule(self, domain: Any, task_list: str | None = None) -> list[Any]:
        """Return the one decision that starts this child workflow execution.

        Args:
            domain: the `swf.models.Domain` of the execution (unused by the decision).
            task_list: decision task list of the child; the workflow class's `task_list`
                if None. (0.11.9 ignored this argument, which broke repair mode.)

        Returns:
            A list holding one `swf.models.decision.ChildWorkflowExecutionDecision`.
        """
        workflow = self.workflow
        decision = ChildWorkflowExecutionDecision(
            "start",
            workflow_type=_TypeRef(workflow.name, workflow.version),
            workflow_id=self.id,
            task_list=task_list if task_list is not None else workflow.task_list,
            input=None,
            tag_list=getattr(workflow, "tag_list", None),
            child_policy=getattr(workflow, "child_policy", None),
            execution_timeout=_duration(getattr(workflow, "execution_timeout", None)),
            task_timeout=_CHILD_DECISION_TASK_TIMEOUT,
        )
        _set_input(decision, {"args": self.args, "kwargs": self.kwargs})
        return [decision]
