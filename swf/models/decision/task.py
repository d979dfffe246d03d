"""Activity task decisions."""

from __future__ import annotations

import json
from typing import Any

from swf.models.decision.base import Decision, decision_action, format_priority

__all__ = ["ActivityTaskDecision"]


class ActivityTaskDecision(Decision):
    """Builds ``ScheduleActivityTask`` and ``RequestCancelActivityTask`` decisions."""

    _base_type = "ActivityTask"

    @decision_action
    def request_cancel(self, activity_id: str) -> None:
        """Ask for the cancellation of the activity task ``activity_id``."""
        self.update_attributes({"activityId": activity_id})

    @decision_action
    def schedule(
        self,
        activity_id: str,
        activity_type: Any,
        control: Any = None,
        heartbeat_timeout: Any = None,
        input: Any = None,
        duration_timeout: Any = None,
        schedule_timeout: Any = None,
        task_timeout: Any = None,
        task_list: str | None = None,
        task_priority: Any = None,
    ) -> None:
        """Schedule an activity task.

        Args:
            activity_id: the task's id within the workflow execution.
            activity_type: an object with ``name`` and ``version`` (an ``ActivityType``).
            control: data for the decider, not sent to the worker.
            heartbeat_timeout: ``heartbeatTimeout``.
            input: any JSON-serialisable value; always sent as ``json.dumps(input)``
                (so ``None`` becomes ``'null'``).
            duration_timeout: ``scheduleToCloseTimeout``.
            schedule_timeout: ``scheduleToStartTimeout``.
            task_timeout: ``startToCloseTimeout``.
            task_list: the task list name; ``taskList`` is always present, even as
                ``{'name': None}`` (the transport strips nested ``None`` values).
            task_priority: ``taskPriority``, sent as ``str(int(p))`` when not None.

        Raises:
            ValueError: ``task_priority`` is not an integer SWF accepts.
        """
        self.update_attributes(
            {
                "activityId": activity_id,
                "activityType": {"name": activity_type.name, "version": activity_type.version},
                "control": control,
                "heartbeatTimeout": heartbeat_timeout,
                "input": json.dumps(input),
                "scheduleToCloseTimeout": duration_timeout,
                "scheduleToStartTimeout": schedule_timeout,
                "startToCloseTimeout": task_timeout,
                "taskList": {"name": task_list},
                "taskPriority": format_priority(task_priority),
            }
        )
