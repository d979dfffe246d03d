"""A three-step workflow: increment, wait (a class-based activity), double."""

from __future__ import annotations

import time

from simpleflow import Workflow, activity, futures


@activity.with_attributes(task_list="quickstart", version="example")
def increment(x: int) -> int:
    return x + 1


@activity.with_attributes(task_list="quickstart", version="example")
def double(x: int) -> int:
    return x * 2


@activity.with_attributes(task_list="quickstart", version="example")
class Delay:
    """A class-based activity: built with the submitted arguments, then ``execute()``."""

    def __init__(self, t: float, x: int) -> None:
        self.t = t
        self.x = x

    def execute(self) -> int:
        time.sleep(self.t)
        return self.x


class BasicWorkflow(Workflow):
    name = "basic"
    version = "example"
    task_list = "example"

    def run(self, x: int, t: float = 30) -> int:
        y = self.submit(increment, x)  # a future, passed as argument below
        yy = self.submit(Delay, t, y)
        z = self.submit(double, y)

        print(f"({x} + 1) * 2 = {z.result}")
        futures.wait(yy, z)
        return z.result
