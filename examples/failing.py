"""Failures: one stays inside its future, the other aborts the workflow."""

from __future__ import annotations

from simpleflow import Workflow, activity, futures


@activity.with_attributes(task_list="quickstart", version="example", raises_on_failure=False)
def fail_but_dont_raise() -> None:
    raise ValueError("fail_but_dont_raise failed, as expected: the error stays in its future")


@activity.with_attributes(task_list="quickstart", version="example", raises_on_failure=True)
def fail_and_raise() -> None:
    raise ValueError("This error is expected: fail_and_raise is declared raises_on_failure")


class FailingWorkflow(Workflow):
    name = "failing"
    version = "example"
    task_list = "example"

    def run(self) -> None:
        x = self.submit(fail_but_dont_raise)
        y = self.submit(fail_and_raise)
        futures.wait(x, y)
        raise ValueError("YOU SHOULD NEVER SEE THIS")
