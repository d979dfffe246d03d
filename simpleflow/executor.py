"""The abstract ``Executor``: runs a workflow and its tasks."""

from __future__ import annotations

import abc
from collections.abc import Iterable
from typing import Any

from simpleflow._decorators import deprecated

__all__ = ["Executor"]


class Executor(metaclass=abc.ABCMeta):
    """Base of the local and SWF executors.

    Args:
        workflow: a ``Workflow`` subclass; its instance is stored as ``_workflow``.
    """

    def __init__(self, workflow: Any) -> None:
        self._workflow = workflow(self)

    def run_workflow(self, *args: Any, **kwargs: Any) -> Any:
        return self._workflow.run(*args, **kwargs)

    @abc.abstractmethod
    def submit(self, task: Any, *args: Any, **kwargs: Any) -> Any:
        """Submit ``task`` with its arguments; return a ``Future``."""
        raise NotImplementedError()

    def map(self, callable: Any, iterable: Iterable[Any]) -> list[Any]:
        return [self.submit(callable, arg) for arg in iterable]

    def starmap(self, callable: Any, iterable: Iterable[Any]) -> list[Any]:
        return [self.submit(callable, *arg) for arg in iterable]

    @abc.abstractmethod
    def run(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError()

    def on_failure(self, reason: str, details: Any = None) -> None:  # noqa: B027 - default no-op hook
        pass

    def on_completed(self) -> None:  # noqa: B027 - default no-op hook
        pass

    def fail(self, reason: str, details: Any = None) -> None:  # noqa: B027 - default no-op hook
        pass

    def before_replay(self) -> None:  # noqa: B027 - default no-op hook
        pass

    def after_replay(self) -> None:  # noqa: B027 - default no-op hook
        pass

    def after_closed(self) -> None:  # noqa: B027 - default no-op hook
        pass

    @deprecated
    def after_run(self) -> None:
        """Deprecated alias of ``after_closed``."""
        return self.after_closed()

    @deprecated
    def before_run(self) -> None:
        """Deprecated alias of ``before_replay``."""
        return self.before_replay()
