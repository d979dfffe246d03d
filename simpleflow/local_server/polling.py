"""Long polls: one queue per (domain, task list), ordered by priority then FIFO.

moto answers an empty poll after sleeping one second and scans every task the domain ever
had on each poll. Real SWF holds a poll open until a task arrives or 60 s pass (§14). Here a
task list is a heap of ``(-taskPriority, sequence)`` and a condition variable built on the
engine lock: scheduling a task notifies the waiting polls at once, and a poll waits on the
condition (never a sleep loop) until a task or its deadline (:attr:`EngineSettings.poll_timeout`,
wall time: a virtual clock does not shorten polls).
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections.abc import Callable
from typing import Any

_sequence = itertools.count()


class TaskQueue:
    """Scheduled tasks of one task list; entries whose task is no longer pollable are skipped."""

    def __init__(self, lock: threading.RLock) -> None:
        self.condition = threading.Condition(lock)
        self._heap: list[tuple[int, int, Any]] = []

    def push(self, task: Any, priority: int) -> None:
        heapq.heappush(self._heap, (-priority, next(_sequence), task))
        self.condition.notify_all()

    def pop(self, is_pollable: Callable[[Any], bool]) -> Any | None:
        while self._heap:
            _, _, task = heapq.heappop(self._heap)
            if is_pollable(task):
                return task
        return None

    def count(self, is_pollable: Callable[[Any], bool]) -> int:
        return sum(1 for _, _, task in self._heap if is_pollable(task))

    def wait_for(
        self,
        is_pollable: Callable[[Any], bool],
        timeout: float,
        is_stopped: Callable[[], bool],
    ) -> Any | None:
        """Pop the next pollable task, waiting up to ``timeout`` seconds (lock held)."""
        deadline = time.monotonic() + timeout
        while True:
            task = self.pop(is_pollable)
            if task is not None or is_stopped():
                return task
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            self.condition.wait(remaining)


def priority_of(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
