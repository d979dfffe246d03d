"""Overhead of the local executor per submitted task.

Runs a workflow mapping a trivial activity over N items with ``simpleflow.local.Executor``
and compares it with calling the same function directly N times, both measured in this
run (``time.perf_counter``, best of a few repeats).

Usage: ``python bench/local_executor.py [N] [REPEATS]`` (defaults: 10000, 5).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from simpleflow import Workflow, activity, futures
from simpleflow.local import Executor


def _increment(x: int) -> int:
    return x + 1


increment = activity.with_attributes(name="bench.increment")(_increment)


class MapWorkflow(Workflow):
    name = "bench-map"

    def run(self, n: int) -> list[int]:
        return futures.wait(*self.map(increment, range(n)))


def direct(n: int) -> list[int]:
    return [_increment(i) for i in range(n)]


def best_of(repeats: int, func: Callable[[], Any]) -> float:
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        timings.append(time.perf_counter() - start)
    return min(timings)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    assert Executor(MapWorkflow).run({"args": [n]}) == direct(n)

    local = best_of(repeats, lambda: Executor(MapWorkflow).run({"args": [n]}))
    plain = best_of(repeats, lambda: direct(n))
    print(f"local executor benchmark: {n} tasks, best of {repeats} runs")
    print(f"  direct calls:    {plain * 1e3:9.2f} ms total, {plain / n * 1e6:8.3f} us/task")
    print(f"  local executor:  {local * 1e3:9.2f} ms total, {local / n * 1e6:8.3f} us/task")
    print(f"  ratio:           {local / plain:9.1f}x the direct call")


if __name__ == "__main__":
    main()
