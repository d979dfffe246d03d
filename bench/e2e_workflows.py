"""Workflows run by ``bench/e2e.py``, written against the 0.11.9 API so that both this
project and upstream simpleflow 0.36.0 run them unchanged.

``FanOut(n)`` submits ``n`` trivial activities at once and waits for them all;
``Chain(n)`` runs ``n`` of them one after the other, each taking the previous result.
"""

from __future__ import annotations

from simpleflow import Workflow, activity, futures


@activity.with_attributes(task_list="bench-e2e", version="1")
def step(x: int) -> int:
    return x + 1


class FanOut(Workflow):
    name = "bench-e2e-fanout"
    version = "1"
    task_list = "bench-e2e"

    def run(self, n: int) -> int:
        results = [self.submit(step, i) for i in range(n)]
        futures.wait(*results)
        return sum(result.result for result in results)


class Chain(Workflow):
    name = "bench-e2e-chain"
    version = "1"
    task_list = "bench-e2e"

    def run(self, n: int) -> int:
        value = 0
        for _ in range(n):
            value = self.submit(step, value).result
        return value
