"""A counter that continues as a new run until it reaches its limit."""

from __future__ import annotations

from simpleflow import Workflow, activity, futures


@activity.with_attributes(task_list="quickstart", version="example")
def increment(x: int) -> int:
    return x + 1


class CounterWorkflow(Workflow):
    name = "example-counter"
    version = "example"
    task_list = "example"

    def run(self, i: int = 0, limit: int = 3) -> int:
        i = self.submit(increment, i).result
        if i < limit:
            # Closes this run; the next one starts with these arguments and an empty history.
            futures.wait(self.submit(self.continue_as_new(i=i, limit=limit)))
        print(f"reached {i} after {i} runs")
        return i
