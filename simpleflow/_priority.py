"""Task priorities: which one a submitted task gets (features §8.2)."""

from __future__ import annotations

from typing import Any

from simpleflow._reserved import NOT_GIVEN
from simpleflow.activity import PRIORITY_NOT_SET
from swf.models.decision.base import format_priority

__all__ = ["resolve"]


def resolve(task: Any, explicit: Any, workflow: Any) -> Any:
    """The priority of `task`: `__priority`, else the activity's (or the child class's),
    else the submitting workflow's; None for none.

    Raises:
        ValueError: the priority is not an integer in SWF's range (checked at submit).
    """
    if explicit is not NOT_GIVEN:
        value = explicit
    else:
        activity = getattr(task, "activity", None)
        if activity is not None:
            own = activity.task_priority
            counts = own is not PRIORITY_NOT_SET
        else:  # a child: its class's priority counts only when set (not None)
            own = getattr(task.workflow, "task_priority", None)
            counts = own is not None and own is not PRIORITY_NOT_SET
        if counts:
            value = own
        else:
            value = getattr(workflow, "task_priority", None)
            if value is PRIORITY_NOT_SET:
                value = None
    format_priority(value)  # validate now, with a clear error at the submit call
    return value
