"""`run_activity`: run one activity in this process, with a context and without a worker."""

from __future__ import annotations

import json
from typing import Any

from simpleflow._execute_protocol import WRAPPER_ATTRIBUTE
from simpleflow.activity import Activity
from simpleflow.task import ActivityTask
from simpleflow.utils import json_dumps

__all__ = ["run_activity"]


def run_activity(
    activity: Activity, *args: Any, context: dict[str, Any] | None = None, **kwargs: Any
) -> Any:
    """Run `activity` here as a worker would, and return its result as a workflow sees it.

    The result goes through the JSON round trip of the worker (`json_dumps`, then
    decoding), so a test sees what the workflow's future would hold: tuples come back as
    lists, and a value the worker could not send fails here too.

    A class-based activity (a class with an `execute()` method) is built with the
    arguments, gets `context` as its `context` attribute, then runs `execute()` and, if it
    defines one, `post_execute()`. A function activity is called with the arguments.

    Args:
        activity: an `Activity` (a function or a class decorated with
            `simpleflow.activity.with_attributes`).
        *args: positional arguments of the activity.
        context: the activity context (default: `{'name': <activity name>, 'version':
            <version>, 'activity_id': 'activity-<name>-1', 'input': <args and kwargs>,
            'workflow_id': None, 'run_id': None}`).
        **kwargs: keyword arguments of the activity.

    Raises:
        TypeError: `activity` is not an `Activity`, or its result is not JSON-serializable.
        Exception: whatever the activity raises.
    """
    if not isinstance(activity, Activity):
        raise TypeError(
            f"run_activity() needs a simpleflow Activity, got {activity!r}: decorate the "
            "function or class with @simpleflow.activity.with_attributes(...)"
        )
    task = ActivityTask(activity, *args, **kwargs)
    if context is None:
        context = {
            "name": activity.name,
            "version": activity.version,
            "activity_id": f"{task.name}-1",
            "input": {"args": list(task.args), "kwargs": dict(task.kwargs)},
            "workflow_id": None,
            "run_id": None,
        }
    method = activity._callable
    if hasattr(method, "execute") and not getattr(method, WRAPPER_ATTRIBUTE, False):
        instance = method(*task.args, **task.kwargs)
        instance.context = context
        result = instance.execute()
        post_execute = getattr(instance, "post_execute", None)
        if callable(post_execute):
            post_execute()
    else:
        result = task.execute()
    return json.loads(json_dumps(result))
