"""Workflows used by the decider/worker process tests."""

from __future__ import annotations

from typing import Any

from simpleflow import Workflow, futures
from tests.data.process_activities import double, fail, sleep

DECISION_TASK_LIST = "process-decisions"

#: ``id()`` of every ``StatefulWorkflow`` instance that ran (fresh executor checks).
INSTANCES: list[int] = []


class _Base(Workflow):
    version = "1"
    task_list = DECISION_TASK_LIST
    execution_timeout = "300"
    decision_tasks_timeout = "60"


class DoubleWorkflow(_Base):
    name = "process-double"

    def run(self, x: int) -> Any:
        return self.submit(double, x).result


class FailThenDoubleWorkflow(_Base):
    """Runs an activity that raises, then another one; completes with the second result."""

    name = "process-fail-then-double"

    def run(self, x: int) -> Any:
        failing = self.submit(fail, "boom")
        futures.wait(failing)
        return self.submit(double, x).result


class SleepWorkflow(_Base):
    name = "process-sleep"

    def run(self, seconds: float, directory: str) -> Any:
        return self.submit(sleep, seconds, directory).result


class RaisingWorkflow(_Base):
    name = "process-raising"

    def run(self) -> Any:
        raise RuntimeError("workflow code is broken")


class StatefulWorkflow(_Base):
    """Keeps state on ``self``: a fresh executor per decision task must reset it."""

    name = "process-stateful"

    def run(self, x: int) -> Any:
        INSTANCES.append(id(self))
        self.runs = getattr(self, "runs", 0) + 1
        return {"runs": self.runs}


class OtherTaskListWorkflow(_Base):
    name = "process-other-list"
    task_list = "process-other-decisions"

    def run(self) -> Any:
        return None


class DuplicateNameWorkflow(_Base):
    name = "process-double"

    def run(self) -> Any:
        return None
