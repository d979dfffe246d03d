"""The ``Workflow`` base class."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from simpleflow import canvas, task
from simpleflow._decorators import deprecated
from simpleflow.activity import Activity
from simpleflow.utils import issubclass_


class Workflow:
    """Base class of user workflows: declare the class attributes and implement ``run``.

    ``run`` is replayed from the start on every decision (on SWF): it must submit the
    same tasks in the same order for the same history (no clock, randomness or
    environment reads that change between decisions).
    """

    name: str | None = None
    version: str | None = None
    task_list: str | None = None
    execution_timeout: str | None = None
    decision_tasks_timeout: str | None = None
    tag_list: list[str] | None = None
    child_policy: str | None = None

    def __init__(self, executor: Any) -> None:
        self._executor = executor

    def submit(self, activity: Any, *args: Any, **kwargs: Any) -> Any:
        """Submit an activity, a child workflow, a task or a group; return its future.

        Raises:
            TypeError: ``activity`` is none of the accepted types (``FuncGroup`` included).
        """
        if issubclass_(activity, Workflow):
            return self._executor.submit(activity, *args, **kwargs)
        if isinstance(activity, task.ActivityTask):
            return self._executor.submit(activity.activity, *activity.args, **activity.kwargs)
        if isinstance(activity, task.WorkflowTask):
            return self._executor.submit(activity.workflow, *activity.args, **activity.kwargs)
        if isinstance(activity, Activity):
            return self._executor.submit(activity, *args, **kwargs)
        if isinstance(activity, canvas.Group):
            return activity.submit(self._executor)
        raise TypeError(f"Bad type for {activity} activity ({type(activity)})")

    def map(self, activity: Activity, iterable: Iterable[Any]) -> list[Any]:
        """Submit ``activity(item)`` for each item; return the futures in order."""
        group = canvas.Group(*[task.ActivityTask(activity, item) for item in iterable])
        return self.submit(group).futures

    def starmap(self, activity: Activity, iterable: Iterable[Any]) -> list[Any]:
        """Submit ``activity(*item)`` for each item; return the futures in order."""
        group = canvas.Group(*[task.ActivityTask(activity, *item) for item in iterable])
        return self.submit(group).futures

    def fail(self, reason: str, details: Any = None) -> None:
        """Fail the execution (on SWF this raises ``ExecutionBlocked``; no-op locally)."""
        self._executor.fail(reason, details)

    def before_replay(self, history: Any) -> None:
        """Hook called at the start of each SWF replay."""

    def after_replay(self, history: Any) -> None:
        """Hook called when a replay stops blocked or completes."""

    def after_closed(self, history: Any) -> None:
        """Hook called after a completion or failure decision is built."""

    @deprecated
    def before_run(self, history: Any) -> None:
        """Deprecated alias of ``before_replay``."""
        return self.before_replay(history)

    @deprecated
    def after_run(self, history: Any) -> None:
        """Deprecated alias of ``after_closed``."""
        return self.after_closed(history)

    def run(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError()

    def on_failure(self, history: Any, reason: str, details: Any = None) -> None:
        raise NotImplementedError()

    def on_completed(self, history: Any) -> None:
        raise NotImplementedError()
