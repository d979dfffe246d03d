"""Groups run in parallel, chains in sequence, passing results along."""

from __future__ import annotations

import time

from simpleflow import Workflow, activity, futures
from simpleflow.canvas import Chain, Group
from simpleflow.task import ActivityTask


@activity.with_attributes(task_list="example", version="example")
def increment_slowly(x: int) -> int:
    time.sleep(1)
    return x + 1


@activity.with_attributes(task_list="example", version="example")
def multiply(numbers: list[int]) -> int:
    product = 1
    for number in numbers:
        product *= number
    return product


class CanvasWorkflow(Workflow):
    name = "canvas"
    version = "example"
    task_list = "example"

    def run(self) -> int:
        chain = Chain(
            Group(
                ActivityTask(increment_slowly, 1),
                ActivityTask(increment_slowly, 2),
                ActivityTask(increment_slowly, 3),
            ),
            ActivityTask(multiply),  # receives the group's result list
            send_result=True,
        )
        future = self.submit(chain)
        futures.wait(future)
        result = future.result[-1]
        print(f"(1+1)*(2+1)*(3+1) = {result}")
        return result
