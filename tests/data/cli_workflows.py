"""Workflows run by the CLI integration tests (imported by real decider/worker processes).

Files under a directory given as input record what ran, so tests can tell which
activities were executed again and when a step is in progress.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from simpleflow import Workflow, activity

TASK_LIST = "cli-tests"
VERSION = "test"


def _append(directory: str, line: str) -> None:
    with open(Path(directory) / "runs.log", "a", encoding="utf-8") as log:
        log.write(line + "\n")


@activity.with_attributes(task_list=TASK_LIST, version=VERSION)
def add_one(x: int) -> int:
    return x + 1


@activity.with_attributes(task_list=TASK_LIST, version=VERSION, idempotent=True)
def record_idempotent(directory: str, value: int) -> int:
    _append(directory, f"idempotent {value}")
    return value * 10


@activity.with_attributes(task_list=TASK_LIST, version=VERSION)
def step_one(directory: str) -> int:
    _append(directory, "one")
    return 1


@activity.with_attributes(task_list=TASK_LIST, version=VERSION, raises_on_failure=True)
def step_two(directory: str, value: int) -> int:
    _append(directory, "two")
    if not (Path(directory) / "allow").exists():
        raise ValueError("step two is not allowed yet")
    return value + 1


@activity.with_attributes(
    task_list=TASK_LIST,
    version=VERSION,
    retry=1,
    heartbeat_timeout="3",
    start_to_close_timeout="120",
    raises_on_failure=True,
)
def block_first_attempt(directory: str) -> str:
    """First attempt: write the ``started`` marker (with its pid) and hang; then return."""
    marker = Path(directory) / "started"
    if marker.exists():
        return "second attempt"
    marker.write_text(str(os.getpid()), encoding="utf-8")
    time.sleep(120)
    return "first attempt"


@activity.with_attributes(task_list=TASK_LIST, version=VERSION, start_to_close_timeout="120")
def hang(directory: str) -> None:
    (Path(directory) / "started").write_text(str(os.getpid()), encoding="utf-8")
    time.sleep(120)


class _TestWorkflow(Workflow):
    version = VERSION
    task_list = "cli-tests-decisions"
    execution_timeout = "300"
    decision_tasks_timeout = "30"


class MapWorkflow(_TestWorkflow):
    """``map`` over N trivial activities (N > 100 crosses SWF's decision batch limit)."""

    name = "cli-map"

    def run(self, count: int) -> int:
        futures = self.map(add_one, range(count))
        return sum(future.result for future in futures)


class IdempotentWorkflow(_TestWorkflow):
    """Submits an idempotent task again once it completed: the completed one is reused
    (same task id); another argument gives another task."""

    name = "cli-idempotent"

    def run(self, directory: str) -> list[int]:
        first = self.submit(record_idempotent, directory, 1).result
        again = self.submit(record_idempotent, directory, 1).result
        other = self.submit(record_idempotent, directory, 2).result
        return [first, again, other]


class RepairWorkflow(_TestWorkflow):
    """step_one completes; step_two fails until the ``allow`` file exists."""

    name = "cli-repair"

    def run(self, directory: str) -> int:
        one = self.submit(step_one, directory)
        return self.submit(step_two, directory, one.result).result


class HeartbeatWorkflow(_TestWorkflow):
    """One activity that hangs on its first attempt (retry=1, heartbeat timeout 3 s)."""

    name = "cli-heartbeat"

    def run(self, directory: str) -> str:
        return self.submit(block_first_attempt, directory).result


class HangingWorkflow(_TestWorkflow):
    """One activity that hangs for two minutes."""

    name = "cli-hanging"

    def run(self, directory: str) -> None:
        self.submit(hang, directory).result  # noqa: B018 - blocks until the task finishes


class SlowDecisionWorkflow(_TestWorkflow):
    """The decision taken after the first activity hangs once (the decider is killed then)."""

    name = "cli-slow-decision"
    decision_tasks_timeout = "3"

    def run(self, directory: str) -> int:
        first = self.submit(add_one, 1).result
        marker = Path(directory) / "deciding"
        if not marker.exists():
            marker.write_text(str(os.getpid()), encoding="utf-8")
            time.sleep(120)
        return self.submit(add_one, first).result


class TaggedWorkflow(_TestWorkflow):
    """Tags from the class when ``workflow.start`` gets no ``--tags`` (features §8.1)."""

    name = "cli-tagged"
    tag_list = ["team:data", Workflow.INHERIT_TAG_LIST]

    def run(self, x: int) -> int:
        return x


class HookTaggedWorkflow(_TestWorkflow):
    name = "cli-hook-tagged"

    @classmethod
    def get_tag_list(cls, x: int) -> list[str]:
        return [f"x:{x}", "hook"]

    def run(self, x: int) -> int:
        return x
