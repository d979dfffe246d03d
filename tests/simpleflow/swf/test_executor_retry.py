"""Retries of failed and timed-out activities (spec §16.5, §16.6)."""

from __future__ import annotations

from typing import Any

import pytest

from simpleflow.activity import Activity
from tests.simpleflow.swf._workflows import (
    complete_decision,
    fail_decision,
    flaky,
    new_history,
    replay,
    retried,
    retried_flaky,
    schedule_decision,
    single,
)

RETRIED_ID = "activity-pkg.tasks.retried-1"
RETRIED_INPUT = '{"args": [1], "kwargs": {}}'
Retried = single(retried)


def attempt(h: Any, activity: Activity, activity_id: str, last_state: str, **kwargs: Any) -> None:
    h.add_decision_task_completed()
    h.add_activity_task(
        activity,
        decision_id=h.last_id,
        last_state=last_state,
        activity_id=activity_id,
        input={"args": [1], "kwargs": {}},
        **kwargs,
    )
    h.add_decision_task_scheduled().add_decision_task_started()


@pytest.mark.parametrize("failure", ["failed", "timed_out"])
def test_timeline_of_an_activity_with_one_retry(failure: str) -> None:
    h = new_history(Retried, 1)
    schedule = schedule_decision(RETRIED_ID, retried, RETRIED_INPUT)
    assert replay(Retried, h) == [schedule]  # decision 1

    attempt(h, retried, RETRIED_ID, failure)
    assert replay(Retried, h) == [schedule]  # decision 2: retry 0 < 1, same id

    completed = new_history(Retried, 1)
    attempt(completed, retried, RETRIED_ID, failure)
    attempt(completed, retried, RETRIED_ID, "completed", result=2)
    assert replay(Retried, completed) == [complete_decision("2")]  # decision 3a

    attempt(h, retried, RETRIED_ID, failure)
    # decision 3b: retry 1 >= 1, exhausted; not raises_on_failure -> result None
    assert replay(Retried, h) == [complete_decision("null")]


def test_retries_are_exhausted_when_redeployed_code_lowers_retry() -> None:
    lowered = Activity(
        lambda x: x, "pkg.tasks.lowered", "default", "default", 0, True, "300", "300",
        "300", "300",
    )  # fmt: skip
    Workflow = single(lowered)
    h = new_history(Workflow, 1)
    for _ in range(3):  # retry == 2 in history, code now says retry=0
        attempt(h, lowered, "activity-pkg.tasks.lowered-1", "failed", reason="error")
    [decision] = replay(Workflow, h)
    assert decision == fail_decision(
        'Workflow execution error in task activity-pkg.tasks.lowered: "error"'
    )


def test_raises_on_failure_task_keeps_retrying_until_exhausted() -> None:
    Workflow = single(retried_flaky)
    task_id = "activity-pkg.tasks.retried_flaky-1"
    h = new_history(Workflow, 1)
    for _ in range(2):
        attempt(h, retried_flaky, task_id, "failed", reason="error")
        [decision] = replay(Workflow, h)
        assert decision.type == "ScheduleActivityTask"
    attempt(h, retried_flaky, task_id, "failed", reason="error")
    [decision] = replay(Workflow, h)
    assert decision.type == "FailWorkflowExecution"


def test_raises_on_failure_reason_uses_the_failure_reason_and_no_details() -> None:
    Workflow = single(flaky)
    h = new_history(Workflow, 1)
    attempt(h, flaky, "activity-pkg.tasks.flaky-1", "failed", reason="error", details="tb")
    assert replay(Workflow, h) == [
        fail_decision('Workflow execution error in task activity-pkg.tasks.flaky: "error"')
    ]


def test_raises_on_failure_reason_of_a_timeout_is_the_timeout_repr() -> None:
    Workflow = single(flaky)
    h = new_history(Workflow, 1)
    attempt(h, flaky, "activity-pkg.tasks.flaky-1", "timed_out", timeout_type="START_TO_CLOSE")
    assert replay(Workflow, h) == [
        fail_decision(
            "Workflow execution error in task activity-pkg.tasks.flaky: "
            '"TimeoutError(START_TO_CLOSE)"'
        )
    ]


def test_timed_out_future_carries_the_timeout_type_and_value() -> None:
    from simpleflow import Workflow, futures

    class Inspect(Workflow):
        name, version, task_list = "inspect", "1", "tl"

        def run(self) -> Any:
            future = self.submit(retried, 1)
            futures.wait(future)
            error = future.exception
            return [type(error).__name__, error.timeout_type, error.timeout_value]

    h = new_history(Inspect)
    for _ in range(2):
        attempt(h, retried, RETRIED_ID, "timed_out", timeout_type="HEARTBEAT")
    assert replay(Inspect, h) == [complete_decision('["TimeoutError", "HEARTBEAT", "300"]')]
