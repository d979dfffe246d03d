"""A workflow for the progress, timeline and web-view tests, run for real.

``VisualWorkflow.run(directory, n)``: ``n`` squares in parallel, a flaky activity that fails
on its first attempt and is retried once, then a total: ``n + 3`` attempts on ``n + 2``
rows.
"""

from __future__ import annotations

from pathlib import Path

from simpleflow import Workflow, activity, futures

TASK_LIST = "visual"


@activity.with_attributes(task_list=TASK_LIST, version="1")
def square(x: int) -> int:
    return x * x


@activity.with_attributes(task_list=TASK_LIST, version="1", retry=1, raises_on_failure=True)
def flaky(directory: str) -> int:
    marker = Path(directory) / "flaky-attempts"
    attempts = len(marker.read_text(encoding="utf-8")) if marker.exists() else 0
    marker.write_text("x" * (attempts + 1), encoding="utf-8")
    if attempts == 0:
        raise RuntimeError("first attempt fails on purpose")
    return 100


@activity.with_attributes(task_list=TASK_LIST, version="1")
def total(values: list[int]) -> int:
    return sum(values)


class VisualWorkflow(Workflow):
    name = "visual-demo"
    version = "1"
    task_list = TASK_LIST
    execution_timeout = "120"
    decision_tasks_timeout = "30"

    def run(self, directory: str, n: int = 3) -> int:
        squares = [self.submit(square, i) for i in range(n)]
        flake = self.submit(flaky, directory)
        futures.wait(*squares, flake)
        return self.submit(total, [f.result for f in squares] + [flake.result]).result
