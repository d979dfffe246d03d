"""A recording executor whose futures' states are chosen by the test."""

from __future__ import annotations

from typing import Any

from simpleflow import executor, futures
from simpleflow.task import ActivityTask, Task


class StubExecutor(executor.Executor):
    """Records submissions; each future is finished (computed) unless listed in
    ``states`` by activity name, then set to that state (``'pending'``, ``'running'``,
    ``'cancelled'``)."""

    def __init__(self, workflow: Any = None, states: dict[str, str] | None = None) -> None:
        if workflow is not None:
            super().__init__(workflow)
        self.states = states or {}
        self.submitted: list[tuple[Any, tuple[Any, ...], dict[str, Any]]] = []
        self.failures: list[tuple[str, Any]] = []

    def submit(self, task: Any, *args: Any, **kwargs: Any) -> futures.Future:
        self.submitted.append((task, args, kwargs))
        future = futures.Future()
        name = getattr(task, "name", None)
        state = self.states.get(name) if isinstance(name, str) else None
        if state == "running":
            future._set_running()
        elif state == "cancelled":
            future.cancel()
        elif state is None and not isinstance(task, (type, Task)):
            future._set_result(ActivityTask(task, *args, **kwargs).execute())
        return future

    def run(self, *args: Any, **kwargs: Any) -> Any:
        return self.run_workflow(*args, **kwargs)

    def fail(self, reason: str, details: Any = None) -> None:
        self.failures.append((reason, details))
