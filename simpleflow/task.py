"""Tasks: an activity or a child workflow bound to its (resolved) arguments."""

from __future__ import annotations

import abc
import json
from typing import Any

from simpleflow import futures
from simpleflow._execute_protocol import WRAPPER_ATTRIBUTE
from simpleflow.activity import Activity


def get_actual_value(value: Any) -> Any:
    """Unwrap a ``Future`` (raising ``ExecutionBlocked`` if pending); return others as is.

    Only top-level values are unwrapped, not futures nested in containers.
    """
    if isinstance(value, futures.Future):
        return futures.get_result_or_raise(value)
    return value


class Task(metaclass=abc.ABCMeta):
    """Base class of the tasks a workflow submits."""

    @property
    @abc.abstractmethod
    def name(self) -> str:
        raise NotImplementedError()

    def serialize(self, value: Any) -> str:
        return json.dumps(value)

    def resolve_args(self, *args: Any) -> list[Any]:
        return [get_actual_value(arg) for arg in args]

    def resolve_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return {key: get_actual_value(value) for key, value in kwargs.items()}


class ActivityTask(Task):
    """An ``Activity`` with its arguments, resolved at construction.

    Raises:
        TypeError: ``activity`` is not an ``Activity``.
        ExecutionBlocked: an argument is a future that is not finished.
    """

    def __init__(self, activity: Activity, *args: Any, **kwargs: Any) -> None:
        if not isinstance(activity, Activity):
            raise TypeError(f"Wrong value for `activity`, got {type(activity)} instead")
        self.activity = activity
        self.idempotent = activity.idempotent
        self.args = self.resolve_args(*args)
        self.kwargs = self.resolve_kwargs(**kwargs)
        self.id: str | None = None

    @property
    def name(self) -> str:
        return f"activity-{self.activity.name}"

    def __repr__(self) -> str:
        return (
            f"{self.__class__.__name__}(activity={self.activity!r}, args={self.args}, "
            f"kwargs={self.kwargs}, id={self.id})"
        )

    def execute(self) -> Any:
        """Run the activity in this process (class-style activities: ``.execute()``)."""
        method = self.activity._callable
        # A class wrapped by ``execute.python`` copies the class ``__dict__`` (hence an
        # ``execute`` attribute) onto a plain wrapper function: check its mark.
        if hasattr(method, "execute") and not getattr(method, WRAPPER_ATTRIBUTE, False):
            return method(*self.args, **self.kwargs).execute()
        return method(*self.args, **self.kwargs)


class WorkflowTask(Task):
    """A child workflow (a ``Workflow`` subclass) with its resolved arguments."""

    def __init__(self, workflow: Any, *args: Any, **kwargs: Any) -> None:
        self.workflow = workflow
        self.idempotent = False
        self.args = self.resolve_args(*args)
        self.kwargs = self.resolve_kwargs(**kwargs)
        self.id: str | None = None

    @property
    def name(self) -> str:
        return f"workflow-{self.workflow.name}"

    def __repr__(self) -> str:
        return (
            f"{self.__class__.__name__}(workflow={self.workflow}, args={self.args}, "
            f"kwargs={self.kwargs}, id={self.id})"
        )
