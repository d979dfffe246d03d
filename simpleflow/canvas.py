"""Canvas: compose tasks into groups (run in parallel) and chains (run in sequence)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from simpleflow import futures
from simpleflow.activity import Activity
from simpleflow.task import ActivityTask


class FuncGroup:
    """Defer building a task or group until submission: ``func(*args, **kwargs)``.

    ``func`` must return an ``ActivityTask`` or a ``Group``.
    """

    def __init__(self, func: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        self.func = func
        self.args = list(args)
        self.kwargs = kwargs

    def submit(self, executor: Any) -> futures.Future:
        task = self.func(*self.args, **self.kwargs)
        if isinstance(task, ActivityTask):
            return executor.submit(task.activity, *task.args, **task.kwargs)
        if isinstance(task, Group):
            return task.submit(executor)
        raise TypeError(
            "FuncGroup submission should return a Group or an ActivityTask, "
            f"got {type(task)} instead"
        )


class Group:
    """Members (``ActivityTask``, ``Group``/``Chain``, ``FuncGroup``) submitted together."""

    def __init__(self, *activities: Any, **options: Any) -> None:
        self.activities = list(activities)

    def append(self, *args: Any, **kwargs: Any) -> None:
        """Append an ``ActivityTask``/``Group``, or build an ``ActivityTask`` from an
        ``Activity`` and its arguments."""
        first = args[0] if args else None
        if isinstance(first, (ActivityTask, Group)):
            self.activities.append(first)
        elif isinstance(first, Activity):
            self.activities.append(ActivityTask(*args, **kwargs))
        else:
            raise ValueError(f"{first} should be an ActivityTask or an Activity")

    def submit(self, executor: Any) -> GroupFuture:
        return GroupFuture(self.activities, executor)


class GroupFuture(futures.Future):
    """Future of a ``Group``: finished when every member is; result in member order."""

    def __init__(self, activities: list[Any], executor: Any) -> None:
        super().__init__()
        self.activities = activities
        self.executor = executor
        self.futures: list[futures.Future] = [self._submit_activity(a) for a in activities]
        self.sync_state()
        self.sync_result()

    def _submit_activity(self, act: Any) -> futures.Future:
        if isinstance(act, ActivityTask):
            return self.executor.submit(act.activity, *act.args, **act.kwargs)
        if isinstance(act, (Group, FuncGroup)):
            return act.submit(self.executor)
        raise TypeError(
            f"Wrong type for `act` ({type(act)}). Expecting `ActivityTask`, `Group` or `FuncGroup`"
        )

    def sync_state(self) -> None:
        """FINISHED if all members are; else CANCELLED/RUNNING if any member is."""
        if all(future.finished for future in self.futures):
            self._state = futures.FINISHED
        elif any(future.cancelled for future in self.futures):
            self._state = futures.CANCELLED
        elif any(future.running for future in self.futures):
            self._state = futures.RUNNING

    def sync_result(self) -> None:
        """Results of finished members, ``None`` for the others."""
        self._result = [future.result if future.finished else None for future in self.futures]

    @property
    def count_finished_activities(self) -> int:
        return sum(1 for future in self.futures if future.finished)


class Chain(Group):
    """Members submitted in order, each one once the previous one is finished.

    With ``send_result=True`` each member after the first receives the previous member's
    result as its last positional argument (``ActivityTask`` and ``FuncGroup`` members;
    a ``Group``/``Chain`` member takes no arguments and is submitted unchanged).
    """

    def __init__(self, *activities: Any, send_result: bool = False) -> None:
        super().__init__(*activities)
        self.send_result = send_result

    def submit(self, executor: Any) -> ChainFuture:
        return ChainFuture(self.activities, executor, self.send_result)


def _with_previous_result(act: Any, result: Any) -> Any:
    """A copy of ``act`` with ``result`` appended to its arguments (never mutate ``act``)."""
    if isinstance(act, (ActivityTask, FuncGroup)):
        member = copy.copy(act)
        member.args = [*act.args, result]
        return member
    return act


class ChainFuture(GroupFuture):
    """Future of a ``Chain``: state and result over the members submitted so far."""

    def __init__(self, activities: list[Any], executor: Any, send_result: bool = False) -> None:
        futures.Future.__init__(self)
        self.activities = activities
        self.executor = executor
        self.send_result = send_result
        self.futures = []
        previous: futures.Future | None = None
        for act in activities:
            if send_result and previous is not None:
                act = _with_previous_result(act, previous.result)
            future = self._submit_activity(act)
            self.futures.append(future)
            if not future.finished:
                break
            previous = future
        self.sync_state()
        self.sync_result()
