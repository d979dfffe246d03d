"""Workflows of the feature integration tests (imported by real decider processes)."""

from __future__ import annotations

import json
import time
from typing import Any

from simpleflow import Workflow, activity, futures
from simpleflow.exceptions import TaskCanceled


class WaitForGo(Workflow):
    """Blocks until the signal ``go`` arrives, then returns its input."""

    name = "feature-wait-for-go"
    version = "test"
    task_list = "feature-tests-decisions"
    execution_timeout = "300"
    decision_tasks_timeout = "30"

    def run(self) -> Any:
        return self.submit(self.wait_signal("go")).result


ACTIVITY_TASK_LIST = "feature-tests-activities"


@activity.with_attributes(
    task_list=ACTIVITY_TASK_LIST, version="test", heartbeat_timeout="60",
    start_to_close_timeout="120",
)  # fmt: skip
def sleep_long(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


class CancelRunning(Workflow):
    """Starts a long activity, waits until it runs, then cancels it (features §6.5)."""

    name = "feature-cancel-running"
    version = "test"
    task_list = "feature-tests-decisions"
    execution_timeout = "300"
    decision_tasks_timeout = "30"

    def run(self) -> Any:
        job = self.submit(sleep_long, 60)
        if not job.running:
            futures.wait(self.submit(self.start_timer("let-it-start", 1)))
            job.result  # noqa: B018 - blocks until the activity runs
        cancel = self.submit(self.cancel_task(job))
        futures.wait(cancel)
        if not job.done:
            job.result  # noqa: B018 - blocks until the worker answers
        return job.state


@activity.with_attributes(
    task_list=ACTIVITY_TASK_LIST, version="test", heartbeat_timeout="60",
    start_to_close_timeout="120",
)  # fmt: skip
class CooperativeJob:
    """Polls ``self.context['cancel_requested']()`` and stops cleanly (features §6.4)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.context: dict[str, Any] = {}

    def execute(self) -> float:
        deadline = time.monotonic() + self.seconds
        while time.monotonic() < deadline:
            if self.context["cancel_requested"]():
                ids = {key: self.context[key] for key in ("workflow_id", "activity_id")}
                raise TaskCanceled(details=json.dumps({"cleaned_up": True, **ids}))
            time.sleep(0.2)
        return self.seconds


class CancelCooperative(Workflow):
    """Like ``CancelRunning``, with an activity that notices the request itself."""

    name = "feature-cancel-cooperative"
    version = "test"
    task_list = "feature-tests-decisions"
    execution_timeout = "300"
    decision_tasks_timeout = "30"

    def run(self) -> Any:
        job = self.submit(CooperativeJob, 60)
        if not job.running:
            futures.wait(self.submit(self.start_timer("let-it-start", 1)))
            job.result  # noqa: B018 - blocks until the activity runs
        futures.wait(self.submit(self.cancel_task(job)))
        if not job.done:
            job.result  # noqa: B018 - blocks until the worker answers
        return job.state
