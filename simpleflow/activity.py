"""Activities: the units of work a workflow submits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simpleflow import registry, settings

__all__ = ["Activity", "with_attributes"]


class _PriorityNotSet:
    """The "no priority given" sentinel: None means "no priority" (features §8.2)."""

    def __repr__(self) -> str:
        return "<Priority Not Set>"


#: An activity without its own priority takes the workflow's (features §8.2).
PRIORITY_NOT_SET: Any = _PriorityNotSet()


def with_attributes(
    name: str | None = None,
    version: str | None = settings.ACTIVITY_DEFAULT_VERSION,
    task_list: str | None = settings.ACTIVITY_DEFAULT_TASK_LIST,
    retry: int = 0,
    raises_on_failure: bool = False,
    start_to_close_timeout: str | None = settings.ACTIVITY_START_TO_CLOSE_TIMEOUT,
    schedule_to_close_timeout: str | None = settings.ACTIVITY_SCHEDULE_TO_CLOSE_TIMEOUT,
    schedule_to_start_timeout: str | None = settings.ACTIVITY_SCHEDULE_TO_START_TIMEOUT,
    heartbeat_timeout: str | None = settings.ACTIVITY_HEARTBEAT_TIMEOUT,
    idempotent: bool | None = None,
    task_priority: Any = PRIORITY_NOT_SET,
    retry_policy: Any = None,
) -> Callable[[Any], Activity]:
    """Return a decorator turning a function or a class into an ``Activity``.

    The decorated module attribute *is* the ``Activity`` (it is not callable); workflows
    submit it. Defaults come from ``simpleflow.settings`` when this module is imported.

    Args:
        name: activity type name; defaults to ``<module>.<function or class name>``.
        version: activity type version.
        task_list: task list the activity is scheduled on.
        retry: number of additional attempts after a failure or a timeout.
        raises_on_failure: raise the failure into the workflow once retries are exhausted.
        start_to_close_timeout: SWF duration (string of seconds).
        schedule_to_close_timeout: SWF duration.
        schedule_to_start_timeout: SWF duration.
        heartbeat_timeout: SWF duration.
        idempotent: truthy: task ids are derived from the arguments (md5).
        task_priority: SWF task priority (an integer); None: none, even if the workflow
            sets one; ``PRIORITY_NOT_SET``: the workflow's.
        retry_policy: a ``simpleflow.RetryPolicy`` (replaces ``retry``).
    """

    def wrap(func: Any) -> Activity:
        return Activity(
            func,
            name,
            version,
            task_list,
            retry,
            raises_on_failure,
            start_to_close_timeout,
            schedule_to_close_timeout,
            schedule_to_start_timeout,
            heartbeat_timeout,
            idempotent=idempotent,
            task_priority=task_priority,
            retry_policy=retry_policy,
        )

    return wrap


class Activity:
    """A function or class (with an ``execute()`` method) run as an SWF activity.

    Constructing it registers it in ``simpleflow.registry.registry[None]`` under its
    ``name``. Not callable (as in 0.11.9): submit it from a workflow.
    """

    def __init__(
        self,
        callable: Any,
        name: str | None = None,
        version: str | None = None,
        task_list: str | None = None,
        retry: int = 0,
        raises_on_failure: bool = False,
        start_to_close_timeout: str | None = None,
        schedule_to_close_timeout: str | None = None,
        schedule_to_start_timeout: str | None = None,
        heartbeat_timeout: str | None = None,
        idempotent: bool | None = None,
        task_priority: Any = PRIORITY_NOT_SET,
        retry_policy: Any = None,
    ) -> None:
        self._callable = callable
        self.task_priority = task_priority
        self.retry_policy = retry_policy
        self._name = name
        self.version = version
        self.task_list = task_list
        self.retry = retry
        self.raises_on_failure = raises_on_failure
        self.idempotent = idempotent
        self.task_start_to_close_timeout = start_to_close_timeout
        self.task_schedule_to_close_timeout = schedule_to_close_timeout
        self.task_schedule_to_start_timeout = schedule_to_start_timeout
        self.task_heartbeat_timeout = heartbeat_timeout
        self.register()

    def register(self) -> None:
        """Register this activity under label ``None`` (workers look it up there)."""
        registry.registry.register(self, None)

    @property
    def name(self) -> str:
        """The explicit name, else ``<module>.<name>`` (``__name__``, not ``__qualname__``)."""
        if self._name is not None:
            return self._name
        callable_ = self._callable
        prefix = callable_.__module__
        if hasattr(callable_, "name"):
            suffix = callable_.name
        elif hasattr(callable_, "__name__"):
            suffix = callable_.__name__
        else:
            suffix = callable_.__class__.__name__
        return f"{prefix}.{suffix}"

    def __repr__(self) -> str:
        return f"Activity(name={self.name}, version={self.version}, task_list={self.task_list})"
