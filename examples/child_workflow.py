"""A parent that starts two child workflows and adds their results."""

from __future__ import annotations

from simpleflow import Workflow, activity, futures
from simpleflow.task import ChildWorkflowTask


@activity.with_attributes(task_list="quickstart", version="example")
def square(x: int) -> int:
    return x * x


class SquareChild(Workflow):
    name = "example-square-child"
    version = "example"
    task_list = "example"

    def run(self, x: int) -> int:
        return self.submit(square, x).result


class ParentWorkflow(Workflow):
    name = "example-parent"
    version = "example"
    task_list = "example"

    def run(self, a: int = 3, b: int = 4) -> int:
        # Both children are started in the same decision; each gets its own workflow id,
        # which embeds this execution's id so that two parents never collide. A child goes
        # to its class's task list unless given one: here the parent's (``standalone``
        # serves a private task list).
        task_list = getattr(self.executor, "task_list", None)
        first = self.submit(ChildWorkflowTask(SquareChild, a, workflow_task_list=task_list))
        second = self.submit(ChildWorkflowTask(SquareChild, b, workflow_task_list=task_list))
        total = sum(futures.wait(first, second))
        print(f"{a}² + {b}² = {total}")
        return total
