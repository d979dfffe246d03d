"""A timer pauses the workflow without any worker (a TimerStarted, then TimerFired)."""

from __future__ import annotations

from simpleflow import Workflow, activity, futures


@activity.with_attributes(task_list="quickstart", version="example")
def double(x: int) -> int:
    return x * 2


class TimerWorkflow(Workflow):
    name = "example-timer"
    version = "example"
    task_list = "example"

    def run(self, x: int = 5, seconds: int = 1) -> int:
        futures.wait(self.submit(self.start_timer("pause", seconds)))
        result = self.submit(double, x).result
        print(f"after a {seconds} s timer: {x} * 2 = {result}")
        return result
