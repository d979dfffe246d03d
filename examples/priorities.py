"""Task priorities: the workflow's, an activity's own, and one given at submit."""

from __future__ import annotations

from simpleflow import Workflow, activity, futures


@activity.with_attributes(task_list="quickstart", version="example")
def routine(x: int) -> int:
    return x


@activity.with_attributes(task_list="quickstart", version="example", task_priority=100)
def urgent(x: int) -> int:
    return -x


class PrioritiesWorkflow(Workflow):
    name = "example-priorities"
    version = "example"
    task_list = "example"
    task_priority = 10  # every task that sets none

    def run(self) -> list:
        results = futures.wait(
            self.submit(routine, 1),  # priority 10 (the workflow's)
            self.submit(urgent, 2),  # priority 100 (the activity's)
            self.submit(routine, 3, __priority=50),  # priority 50 (given here)
        )
        print(f"results: {results}")
        return results
