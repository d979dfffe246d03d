"""Extension ``activity-id-reuse``: ids of closed activities are reusable in moto's backend.

What moto does: ``WorkflowExecution.schedule_activity_task`` refuses an ``activityId`` with
``ACTIVITY_ID_ALREADY_IN_USE`` when any activity of the execution ever had it. What real SWF
does (§15): only while an activity with that id is *open*. What we change: the check sees open
tasks only. The engine's executions (:mod:`.activities`) follow SWF by construction; this fix
keeps moto's own backend right for in-process ``moto.mock_aws`` users.
"""

from __future__ import annotations

import threading
from typing import Any

from ._moto import _MISSING_MOTO, LocalServerError

_patch_lock = threading.Lock()


def apply_activity_id_fix() -> None:
    """Make moto's own SWF backend accept ids of closed activities again (idempotent).

    The fix is scoped to ``WorkflowExecution.schedule_activity_task``: while it
    runs, the execution's ``activity_tasks`` view lists only open tasks, which
    is exactly the set real SWF checks for ``ACTIVITY_ID_ALREADY_IN_USE``.

    Raises:
        LocalServerError: moto is missing, or its internals changed so that the
            fix cannot be applied safely (upgrade simpleflow or pin moto).
    """
    try:
        from moto.swf.models import activity_task, workflow_execution
    except ImportError as err:
        raise LocalServerError(f"{_MISSING_MOTO} ({err})") from err

    cls: Any = workflow_execution.WorkflowExecution
    with _patch_lock:
        if getattr(cls, "_simpleflow_activity_id_fix", False):
            return
        prop = cls.__dict__.get("activity_tasks")
        schedule = cls.__dict__.get("schedule_activity_task")
        task_cls = activity_task.ActivityTask
        if (
            not isinstance(prop, property)
            or prop.fget is None
            or schedule is None
            or not isinstance(getattr(task_cls, "open", None), property)
        ):
            raise LocalServerError(
                "moto's SWF internals changed (WorkflowExecution.activity_tasks, "
                "WorkflowExecution.schedule_activity_task or ActivityTask.open is gone): "
                "the activity-id compatibility fix cannot be applied; pin moto to a "
                "version simpleflow supports"
            )
        list_tasks = prop.fget
        scheduling = threading.local()

        def activity_tasks(self: Any) -> list[Any]:
            tasks = list_tasks(self)
            if getattr(scheduling, "execution", None) is self:
                return [task for task in tasks if task.open]
            return tasks

        def schedule_activity_task(self: Any, event_id: int, attributes: dict[str, Any]) -> None:
            scheduling.execution = self
            try:
                schedule(self, event_id, attributes)
            finally:
                scheduling.execution = None

        cls.activity_tasks = property(activity_tasks, doc=prop.__doc__)
        cls.schedule_activity_task = schedule_activity_task
        cls._simpleflow_activity_id_fix = True
