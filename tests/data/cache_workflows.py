"""A chain of activities, decided by real decider processes in the history cache tests."""

from __future__ import annotations

from simpleflow import Workflow
from tests.data.cli_workflows import TASK_LIST, VERSION, add_one


class ChainWorkflow(Workflow):
    """``count`` activities one after the other, each taking the previous result."""

    name = "cache-chain"
    version = VERSION
    task_list = "cli-tests-decisions"
    execution_timeout = "300"
    decision_tasks_timeout = "30"

    def run(self, count: int) -> int:
        value = 0
        for _ in range(count):
            value = self.submit(add_one, value).result
        return value


__all__ = ["TASK_LIST", "ChainWorkflow"]
