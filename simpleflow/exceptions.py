"""Exceptions of the simpleflow core.

Hierarchy (all derive from ``Exception``)::

    ExecutionBlocked   control flow: a value is not available yet
    TaskException      a task failed and its failure is raised into the workflow (SWF)
    TaskFailed         an activity failed (carries its name, reason and details)
    TimeoutError       an activity timed out (distinct from the builtin ``TimeoutError``)
    ExecutionError     a child process of ``simpleflow.execute`` failed in an unknown way
"""

from __future__ import annotations

from typing import Any


class ExecutionBlocked(Exception):
    """A value is not available yet: stop replaying the workflow here.

    User code may catch it by accident with a broad ``except Exception``; don't.
    """


class TaskException(Exception):
    """Wraps the failure of ``task`` when it is raised into the workflow code."""

    def __init__(self, task: Any, exception: BaseException) -> None:
        super().__init__(task, exception)
        self.task = task
        self.exception = exception

    def __repr__(self) -> str:
        return f"TaskException(task={self.task} exception={self.exception})"


class TaskFailed(Exception):
    """An activity failed: ``name`` is the activity (or task id), ``reason`` the error."""

    def __init__(self, name: str | None, reason: str | None, details: Any = None) -> None:
        super().__init__(name, reason, details)
        self.name = name
        self.reason = reason
        self.details = details

    def __repr__(self) -> str:
        return f'TaskFailed ({self.name}, "{self.reason}")'


class TimeoutError(Exception):  # 0.11.9 name: shadows the builtin in this module only
    """An activity timed out (``timeout_type`` such as ``'START_TO_CLOSE'``)."""

    def __init__(
        self, timeout_type: str | None = "unknown timeout", timeout_value: Any = None
    ) -> None:
        super().__init__(timeout_type, timeout_value)
        self.timeout_type = timeout_type
        self.timeout_value = timeout_value

    def __repr__(self) -> str:
        return f"TimeoutError({self.timeout_type})"


class ExecutionError(Exception):
    """A callable run by ``simpleflow.execute.python`` failed with an unresolvable error."""
