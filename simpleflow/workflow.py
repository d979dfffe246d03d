"""The ``Workflow`` base class."""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import Any

from simpleflow import canvas, task
from simpleflow._decorators import deprecated
from simpleflow.activity import Activity
from simpleflow.base import Submittable, SubmittableContainer
from simpleflow.signal import WaitForSignal
from simpleflow.utils import issubclass_


class Workflow(Submittable):
    """Base class of user workflows: declare the class attributes and implement ``run``.

    ``run`` is replayed from the start on every decision (on SWF): it must submit the
    same tasks in the same order for the same history (no clock, randomness or
    environment reads that change between decisions).

    Attributes read when this class runs as a *child* (features §1.2): ``retry`` (times
    a failed or timed-out child is started again), ``raises_on_failure`` (an exhausted
    child fails the parent), ``task_priority``, ``tag_list``/``get_tag_list``,
    ``get_task_list``, ``get_workflow_id`` and ``idempotent``.
    """

    name: str | None = None
    version: str | None = None
    task_list: str | None = None
    execution_timeout: str | None = None
    decision_tasks_timeout: str | None = None
    tag_list: list[str] | str | None = None
    child_policy: str | None = None
    task_priority: Any = None
    retry: int = 0
    raises_on_failure: bool = True
    #: Stands for the current execution's tags in ``tag_list`` (features §8.1).
    INHERIT_TAG_LIST = "INHERIT_TAG_LIST"
    #: ``"immediate"``: a cancel request closes the run at once; ``"graceful"``: activities
    #: and children are asked to cancel first, and the run closes when none is open (§6).
    cancel_mode: str = "immediate"
    #: With ``"immediate"``, also ask the open children to cancel.
    cancel_children_on_cancel: bool = False
    #: How this class is retried when it runs as a child (a ``RetryPolicy``), features §9.4.
    retry_policy: Any = None
    #: The policy of every activity and child this workflow submits without its own.
    default_retry_policy: Any = None

    def __init__(self, executor: Any) -> None:
        self._executor = executor

    @property
    def executor(self) -> Any:
        """The executor running this workflow."""
        return self._executor

    def submit(self, activity: Any, *args: Any, **kwargs: Any) -> Any:
        """Submit an activity, a child workflow, a task or a group; return its future.

        ``activity`` (0.11.9's name) is any submittable: an ``Activity``, a ``Workflow``
        subclass, a task, a ``WaitForSignal`` or a canvas container.

        Raises:
            TypeError: ``activity`` is none of the accepted types.
        """
        if type(activity) is task.ActivityTask:  # a group's member: the common case
            if activity.raises_on_failure is None:
                return self._executor.submit(activity.activity, *activity.args, **activity.kwargs)
            return self._executor.submit(activity)
        if issubclass_(activity, Workflow):
            return self._executor.submit(activity, *args, **kwargs)
        if isinstance(activity, (Activity, Workflow)):
            return self._executor.submit(activity, *args, **kwargs)
        if isinstance(activity, (task.Task, WaitForSignal)):
            return self._executor.submit(activity)
        if isinstance(activity, (SubmittableContainer, canvas.Group, canvas.FuncGroup)):
            return activity.submit(self._executor)
        raise TypeError(f"Bad type for {activity} activity ({type(activity)})")

    # -- features after 0.11.9 (features §1.2): each returns a submittable --

    def signal(
        self,
        name: str,
        *args: Any,
        workflow_id: str | None = None,
        run_id: str | None = None,
        propagate: bool = True,
        **kwargs: Any,
    ) -> task.SignalTask:
        """A signal to submit: to this execution, or to ``workflow_id`` (and ``run_id``).

        Positional and keyword arguments are the signal's data. With ``propagate``, the
        receiver passes it on to its parent and children (features §3.5).
        """
        return task.SignalTask(
            name,
            *args,
            workflow_id=workflow_id,
            run_id=run_id,
            extra_input={"__propagate": propagate},
            **kwargs,
        )

    def wait_signal(self, name: str) -> WaitForSignal:
        """A wait to submit: its future holds the input of the latest signal ``name``."""
        return WaitForSignal(name)

    def record_marker(self, name: str, details: Any = None) -> task.MarkerTask:
        """A marker to submit: recorded once per (name, details) in the history."""
        return task.MarkerTask(name, details)

    def list_markers(self, all: bool = False) -> list[Any]:
        """The latest recorded marker of each name, or every recorded marker."""
        return list(self._executor.list_markers(all=all))

    def get_event_details(self, event_type: str, event_name: str) -> dict[str, Any] | None:
        """The history entry of a ``'signal'``, ``'marker'`` or ``'timer'`` by name."""
        result: dict[str, Any] | None = self._executor.get_event_details(event_type, event_name)
        return result

    def start_timer(self, timer_id: str, timeout: Any, control: Any = None) -> task.TimerTask:
        """A timer to submit, firing ``timeout`` seconds after it starts."""
        return task.TimerTask(timer_id, timeout, control)

    def cancel_timer(self, timer_id: str) -> task.CancelTimerTask:
        """A timer cancellation to submit."""
        return task.CancelTimerTask(timer_id)

    def cancel_task(self, target: Any) -> task.CancelActivityTask:
        """An activity cancellation to submit: ``target`` is its future or its id."""
        return task.CancelActivityTask(target)

    def cancel_child(self, target: Any) -> task.CancelChildTask:
        """A child cancellation to submit: ``target`` is its future or its workflow id."""
        return task.CancelChildTask(target)

    def continue_as_new(self, *args: Any, **kwargs: Any) -> task.ContinueAsNewWorkflowTask:
        """A submittable that closes this run and starts a new one with these arguments."""
        return task.ContinueAsNewWorkflowTask(type(self), *args, **kwargs)

    def on_task_failure(self, failure_context: Any) -> Any:
        """Hook called when an activity or a child fails (features §9.1).

        Return the context (or a new one) with a decision (``decide_retry``,
        ``decide_ignore``...), or None to keep the default handling. Called at every
        replay, so it must be deterministic.
        """
        return None

    def should_cancel(self, history: Any) -> bool:
        """Whether to honour a cancel request (asked at every replay: be deterministic)."""
        return True

    def on_canceled(self, history: Any) -> None:
        """Hook called once, when the workflow answers a new cancel request."""

    def get_run_context(self) -> dict[str, Any]:
        """The ids, type and tags of this execution (features §1.8)."""
        context: dict[str, Any] = self._executor.get_run_context()
        return context

    def get_execution_context(self) -> dict[str, Any]:
        """Deprecated alias of ``get_run_context``."""
        warnings.warn(
            "get_execution_context() is deprecated: use get_run_context()",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.get_run_context()

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

    # Executors swallow ``NotImplementedError`` from these two, so subclasses written for
    # 0.11.9 (which raise it) still work.
    def on_failure(self, history: Any, reason: str, details: Any = None) -> None:
        raise NotImplementedError()

    def on_completed(self, history: Any) -> None:
        raise NotImplementedError()
