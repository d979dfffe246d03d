"""Workflows of the feature integration tests (imported by real decider processes)."""

from __future__ import annotations

from typing import Any

from simpleflow import Workflow


class WaitForGo(Workflow):
    """Blocks until the signal ``go`` arrives, then returns its input."""

    name = "feature-wait-for-go"
    version = "test"
    task_list = "feature-tests-decisions"
    execution_timeout = "300"
    decision_tasks_timeout = "30"

    def run(self) -> Any:
        return self.submit(self.wait_signal("go")).result
