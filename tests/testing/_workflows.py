"""Workflows of the `simpleflow.testing` tests (imported by the decider and worker processes).

`SwappedBasicWorkflow` is `examples.basic.BasicWorkflow` (same type and version) with its
two last `submit`s swapped: the change a history replay must catch.
"""

from __future__ import annotations

from typing import Any

from examples.basic import Delay, double, increment
from simpleflow import Workflow, activity, futures


class SwappedBasicWorkflow(Workflow):
    name = "basic"
    version = "example"
    task_list = "example"

    def run(self, x: int, t: float = 30) -> int:
        y = self.submit(increment, x)
        z = self.submit(double, y)  # was submitted after Delay
        yy = self.submit(Delay, t, y)
        futures.wait(yy, z)
        return z.result


class ChangedInputBasicWorkflow(Workflow):
    name = "basic"
    version = "example"
    task_list = "example"

    def run(self, x: int, t: float = 30) -> int:
        y = self.submit(increment, x + 1)  # the input changed
        yy = self.submit(Delay, t, y)
        z = self.submit(double, y)
        futures.wait(yy, z)
        return z.result


@activity.with_attributes(task_list="quickstart", version="example")
def fail_loudly(message: str) -> None:
    raise ValueError(message)


class FailingWorkflow(Workflow):
    name = "testing-failing"
    version = "1"
    task_list = "testing"

    def run(self, message: str) -> Any:
        return self.submit(fail_loudly, message).result


@activity.with_attributes(task_list="quickstart", version="1")
class Greeter:
    """A class-based activity that reads its context."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.context: dict[str, Any] | None = None
        self.cleaned = False

    def execute(self) -> dict[str, Any]:
        assert self.context is not None
        return {"greeting": f"hello {self.name}", "activity_id": self.context["activity_id"]}

    def post_execute(self) -> None:
        Greeter.post_executed = True  # type: ignore[attr-defined]
