"""Exceptions of the simpleflow core.

Hierarchy (all derive from ``Exception``)::

    ExecutionBlocked     control flow: a value is not available yet
    TaskException        an activity failed and its failure is raised into the workflow
    WorkflowException    a child workflow failed and its failure is raised into the parent
    TaskFailed           an activity failed (carries its name, reason and details)
    TimeoutError         an activity timed out (distinct from the builtin ``TimeoutError``)
    TaskCanceled         a task (child workflow, activity) closed as canceled
    TaskTerminated       a child workflow was terminated
    AggregateException   the failures of the members of a group
    ExecutionError       a child process of ``simpleflow.execute`` failed in an unknown way
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

    @property
    def payload(self) -> Any:
        """The failed task (0.36 name)."""
        return self.task

    def __repr__(self) -> str:
        return f"TaskException(task={self.task} exception={self.exception})"


class WorkflowException(Exception):
    """Wraps the failure of a child workflow task when it is raised into the parent."""

    def __init__(self, workflow_task: Any, exception: BaseException) -> None:
        super().__init__(workflow_task, exception)
        self.workflow = workflow_task
        self.exception = exception

    @property
    def payload(self) -> Any:
        """The failed child workflow task."""
        return self.workflow

    def __repr__(self) -> str:
        return f"WorkflowException(workflow={self.workflow}, exception={self.exception})"


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


class TaskCanceled(Exception):
    """A task closed as canceled; ``details`` are the cancellation details, if any."""

    def __init__(self, details: Any = None) -> None:
        super().__init__(details)
        self.details = details

    def __repr__(self) -> str:
        if self.details is None:
            return "TaskCanceled()"
        return f"TaskCanceled({self.details})"


class TaskTerminated(Exception):
    """A child workflow execution was terminated."""

    def __init__(self) -> None:
        super().__init__()

    def __repr__(self) -> str:
        return "TaskTerminated()"


class AggregateException(Exception):
    """The exceptions of several tasks (one per member of a group, None when it succeeded)."""

    def __init__(self, exceptions: list[Any]) -> None:
        super().__init__(exceptions)
        self.exceptions = exceptions

    def append(self, ex: Any) -> None:
        """Add one more exception."""
        self.exceptions.append(ex)

    def handle(self, handler: Any, *args: Any, **kwargs: Any) -> None:
        """Raise an ``AggregateException`` of the exceptions ``handler`` does not handle.

        ``handler(ex, *args, **kwargs)`` returns a truthy value for an exception it handled.
        None entries are skipped. Nothing is raised when every exception is handled.
        """
        unhandled = [
            ex for ex in self.exceptions if ex is not None and not handler(ex, *args, **kwargs)
        ]
        if unhandled:
            raise AggregateException(unhandled)

    def flatten(self) -> AggregateException:
        """A new instance with nested aggregates expanded and None entries removed."""
        flat: list[Any] = []
        pending = list(self.exceptions)
        while pending:
            ex = pending.pop(0)
            if isinstance(ex, AggregateException):
                pending[:0] = ex.exceptions
            elif ex is not None:
                flat.append(ex)
        return AggregateException(flat)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AggregateException) and self.exceptions == other.exceptions

    __hash__ = Exception.__hash__

    def __repr__(self) -> str:
        return f"<AggregateException {[repr(ex) for ex in self.exceptions]}>"

    def __str__(self) -> str:
        return f"AggregateException({[str(ex) for ex in self.exceptions]})"
