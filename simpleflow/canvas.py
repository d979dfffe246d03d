"""Canvas: compose tasks into groups (run in parallel) and chains (run in sequence)."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from typing import Any

from simpleflow import futures
from simpleflow.activity import Activity
from simpleflow.base import Submittable, SubmittableContainer
from simpleflow.exceptions import AggregateException
from simpleflow.task import ActivityTask, WorkflowTask
from simpleflow.utils import issubclass_

__all__ = ["Chain", "ChainFuture", "FuncGroup", "Group", "GroupFuture"]


_WORKFLOW: list[Any] = []


def _workflow_class() -> Any:
    # Imported on first use (simpleflow.workflow imports this module), then kept: it is
    # asked for every member of a group.
    if not _WORKFLOW:
        from simpleflow.workflow import Workflow

        _WORKFLOW.append(Workflow)
    return _WORKFLOW[0]


def _submit(executor: Any, member: Any) -> futures.Future:
    """Submit one member through the workflow (so `Workflow.submit` overrides see it)."""
    workflow = getattr(executor, "_workflow", None)
    if workflow is not None and hasattr(workflow, "submit"):
        future: futures.Future = workflow.submit(member)
        return future
    # An executor without workflow (tests): the 0.11.9 conversions.
    if isinstance(member, ActivityTask) and member.raises_on_failure is None:
        submitted: futures.Future = executor.submit(member.activity, *member.args, **member.kwargs)
        return submitted
    if isinstance(member, (Group, FuncGroup, SubmittableContainer)):
        container_future: futures.Future = member.submit(executor)
        return container_future
    other: futures.Future = executor.submit(member)
    return other


class FuncGroup(SubmittableContainer):
    """Defer building a task or group until submission: ``func(*args, **kwargs)``.

    ``func`` must return a ``Submittable`` or a ``Group`` (or None with ``_allow_none``).
    """

    def __init__(self, func: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        self.func = func
        self.raises_on_failure: bool | None = kwargs.pop("raises_on_failure", None)
        self._allow_none: bool = bool(kwargs.pop("_allow_none", False))
        self.args = list(args)
        self.kwargs = kwargs

    def propagate_attribute(self, attr: str, val: Any) -> None:
        if attr == "raises_on_failure":
            self.raises_on_failure = val

    def submit(self, executor: Any) -> Any:
        task = self.func(*self.args, **self.kwargs)
        if task is None and self._allow_none:
            return None
        if not isinstance(task, (Submittable, Group, SubmittableContainer)):
            raise TypeError(
                "FuncGroup submission should return a Group or Submittable, got "
                f"{type(task)} instead (func: {self.func!r})"
            )
        if self.raises_on_failure is not None:
            task.propagate_attribute("raises_on_failure", self.raises_on_failure)
        return _submit(executor, task)


class Group(SubmittableContainer):
    """Members submitted together (features §10.1).

    Options: ``max_parallel`` (at most that many members open at once),
    ``raises_on_failure`` (overrides the members' own, stored on their tasks),
    ``bubbles_exception_on_failure`` (default True: the group's exception is an
    ``AggregateException`` of its members') and ``future_class``.
    """

    def __init__(self, *activities: Any, **options: Any) -> None:
        self.max_parallel: int | None = options.pop("max_parallel", None)
        self.raises_on_failure: bool | None = options.pop("raises_on_failure", None)
        self.bubbles_exception_on_failure: Any = options.pop("bubbles_exception_on_failure", True)
        self.future_class: type[GroupFuture] = options.pop("future_class", GroupFuture)
        self.activities: list[Any] = []
        for activity in activities:
            if isinstance(activity, tuple):
                self.append(*activity)
            elif isinstance(activity, (Activity, Submittable, SubmittableContainer)) or issubclass_(
                activity, _workflow_class()
            ):
                self.append(activity)
            else:
                # Kept for 0.11.9: an unknown member fails at submission (TypeError).
                self.activities.append(activity)

    def append(self, *args: Any, **kwargs: Any) -> None:
        """Append a member: a task, a group, or an ``Activity``/Workflow class with its
        arguments."""
        first, rest = (args[0], args[1:]) if args else (None, ())
        # The three kinds exclude each other (a Workflow class is no Submittable instance):
        # the cheap instance tests come first.
        if isinstance(first, Activity):
            member: Any = ActivityTask(first, *rest, **kwargs)
        elif isinstance(first, (Submittable, SubmittableContainer)):
            if rest or kwargs:
                raise ValueError(
                    "args, kwargs not supported for Submittable or SubmittableContainer"
                )
            member = first
        elif issubclass_(first, _workflow_class()):
            member = WorkflowTask(first, *rest, **kwargs)
        else:
            raise ValueError(f"{first} should be a Submittable, Group, or Activity")
        if self.raises_on_failure is not None:
            member.propagate_attribute("raises_on_failure", self.raises_on_failure)
        self.activities.append(member)

    def extend(self, iterable: Iterable[Any]) -> None:
        """Append each item; tuples are unpacked into ``append(*item)``."""
        for item in iterable:
            if isinstance(item, tuple):
                self.append(*item)
            else:
                self.append(item)

    def __iadd__(self, iterable: Iterable[Any]) -> Group:
        self.extend(iterable)
        return self

    def propagate_attribute(self, attr: str, val: Any) -> None:
        if attr == "raises_on_failure":
            self.raises_on_failure = val
        for member in self.activities:
            member.propagate_attribute(attr, val)

    def submit(self, executor: Any) -> GroupFuture:
        return self.future_class(
            self.activities, executor, self.max_parallel, self.bubbles_exception_on_failure
        )


_FINISHED = frozenset({futures.FINISHED})


class GroupFuture(futures.Future):
    """Future of a ``Group``: finished when every member is; result in member order."""

    def __init__(
        self,
        activities: list[Any],
        executor: Any,
        max_parallel: int | None = None,
        bubbles_exception_on_failure: Any = True,
    ) -> None:
        super().__init__()
        self.activities = activities
        self.executor = executor
        self.max_parallel = max_parallel
        self.bubbles_exception_on_failure = bubbles_exception_on_failure
        self.futures: list[futures.Future] = []
        for activity in activities:
            if max_parallel is not None and self._open_count() >= max_parallel:
                break
            self.futures.append(self._submit_activity(activity))
        self.sync_state()
        self.sync_result()

    def _open_count(self) -> int:
        return sum(1 for f in self.futures if f.state in (futures.PENDING, futures.RUNNING))

    def _submit_activity(self, act: Any) -> futures.Future:
        if not isinstance(act, (Submittable, SubmittableContainer, Group, FuncGroup)):
            raise TypeError(
                f"Wrong type for `act` ({type(act)}). Expecting `ActivityTask`, `Group` or "
                "`FuncGroup`"
            )
        return _submit(self.executor, act)

    def _all_submitted(self) -> bool:
        return len(self.futures) == len(self.activities)

    def sync_state(self) -> None:
        """FINISHED if all members are submitted and finished; else CANCELLED/RUNNING if
        any member is."""
        # One read of each member's state (a group may have thousands of members).
        states = {future.state for future in self.futures}
        if self._all_submitted() and states <= _FINISHED:
            self._state = futures.FINISHED
        elif futures.CANCELLED in states:
            self._state = futures.CANCELLED
        elif futures.RUNNING in states:
            self._state = futures.RUNNING

    def sync_result(self) -> None:
        """Results of finished members, ``None`` for the others; the members' exceptions."""
        finished = [future.finished for future in self.futures]
        self._result = [
            future.result if done else None
            for future, done in zip(self.futures, finished, strict=True)
        ]
        if self.bubbles_exception_on_failure is not False:
            exceptions = [
                future._exception if done else None
                for future, done in zip(self.futures, finished, strict=True)
            ]
            if any(exception is not None for exception in exceptions):
                self._exception = AggregateException(exceptions)

    @property
    def count_finished_activities(self) -> int:
        return sum(1 for future in self.futures if future.finished)


class Chain(Group):
    """Members submitted in order, each one once the previous one is finished.

    With ``send_result=True`` each member after the first receives the previous member's
    result as its last positional argument (a group member takes no arguments and is
    submitted unchanged). With ``break_on_failure`` (the default) the chain stops at the
    first member that failed.

    Raises:
        ValueError: ``send_result=True`` with ``break_on_failure=False``.
    """

    def __init__(
        self,
        *activities: Any,
        send_result: bool = False,
        break_on_failure: bool = True,
        raises_on_failure: bool | None = None,
        bubbles_exception_on_failure: Any = None,
    ) -> None:
        if send_result and not break_on_failure:
            raise ValueError("Cannot combine send_result=True with break_on_failure=False")
        if bubbles_exception_on_failure is None:
            # An inner failure must not break enclosing chains (0.36).
            bubbles_exception_on_failure = raises_on_failure is not False
        super().__init__(
            *activities,
            raises_on_failure=raises_on_failure,
            bubbles_exception_on_failure=bubbles_exception_on_failure,
        )
        self.send_result = send_result
        self.break_on_failure = break_on_failure

    def submit(self, executor: Any) -> ChainFuture:
        return ChainFuture(
            self.activities,
            executor,
            self.send_result,
            self.break_on_failure,
            self.bubbles_exception_on_failure,
        )


def _with_previous_result(act: Any, result: Any) -> Any:
    """A copy of ``act`` with ``result`` appended to its arguments (never mutate ``act``)."""
    if isinstance(act, (ActivityTask, FuncGroup)) or hasattr(act, "args"):
        if isinstance(act, (Group, SubmittableContainer)) and not isinstance(act, FuncGroup):
            return act
        member = copy.copy(act)
        member.args = [*act.args, result]
        return member
    return act


class ChainFuture(GroupFuture):
    """Future of a ``Chain``: state and result over the members submitted so far."""

    def __init__(
        self,
        activities: list[Any],
        executor: Any,
        send_result: bool = False,
        break_on_failure: bool = True,
        bubbles_exception_on_failure: Any = True,
    ) -> None:
        futures.Future.__init__(self)
        self.activities = activities
        self.executor = executor
        self.send_result = send_result
        self.break_on_failure = break_on_failure
        self.bubbles_exception_on_failure = bubbles_exception_on_failure
        self.max_parallel = None
        self.futures = []
        self._broken = False
        previous: futures.Future | None = None
        for act in activities:
            if send_result and previous is not None:
                act = _with_previous_result(act, previous.result)
            future = self._submit_activity(act)
            self.futures.append(future)
            if not future.finished:
                break
            if break_on_failure and future._exception is not None:
                self._broken = True
                break
            previous = future
        self.sync_state()
        self.sync_result()

    def _all_submitted(self) -> bool:
        return self._broken or len(self.futures) == len(self.activities)
