"""on_task_failure, delayed retries and RetryPolicy on synthetic histories (features §9)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from simpleflow import RetryPolicy, futures
from simpleflow.task import TaskFailureContext
from swf.models.history import builder
from tests.simpleflow.swf._workflows import (
    BaseTestWorkflow,
    complete_decision,
    fail_decision,
    make_activity,
    replay,
)

fetch = make_activity(
    lambda: None,
    "pkg.fetch",
    raises_on_failure=True,
    retry_policy=RetryPolicy(initial_interval=10, maximum_attempts=3),
)
ID = "activity-pkg.fetch-1"
TIMER = f"__simpleflow_task_{ID}"


class Fetch(BaseTestWorkflow):
    def run(self) -> Any:
        return self.submit(fetch).result


def kinds(decisions: list[Any]) -> list[Any]:
    out = []
    for d in decisions:
        if d["decisionType"] == "StartTimer":
            a = d["startTimerDecisionAttributes"]
            out.append(("StartTimer", a["timerId"], a["startToFireTimeout"], a.get("control")))
        else:
            out.append(d["decisionType"])
    return out


def failed_attempt(h: Any) -> None:
    h.add_decision_task_completed()
    h.add_activity_task(
        fetch, h.last_id, "failed", activity_id=ID, input={"args": [], "kwargs": {}}
    )
    h.add_decision_task_scheduled().add_decision_task_started()


def timer_round(h: Any, timeout: int) -> None:
    h.add_decision_task_completed()
    h.add_timer_started(TIMER, timeout, {"args": [], "kwargs": {}}, decision_id=h.last_id)
    h.add_timer_fired(TIMER)
    h.add_decision_task_scheduled().add_decision_task_started()


def test_the_retry_policy_table_of_the_spec() -> None:
    control = '{"args": [], "kwargs": {}}'
    h = builder.History(Fetch, input={})
    assert kinds(replay(Fetch, h)) == ["ScheduleActivityTask"]  # replay 1
    failed_attempt(h)
    assert kinds(replay(Fetch, h)) == [("StartTimer", TIMER, "10", control)]  # replay 2
    h.add_decision_task_completed()
    h.add_timer_started(TIMER, 10, {"args": [], "kwargs": {}}, decision_id=h.last_id)
    h.add_decision_task_scheduled().add_decision_task_started()
    assert replay(Fetch, h) == []  # the timer runs: waiting
    h.add_timer_fired(TIMER)
    assert kinds(replay(Fetch, h)) == ["ScheduleActivityTask"]  # replay 3, same id
    failed_attempt(h)
    assert kinds(replay(Fetch, h)) == [("StartTimer", TIMER, "20", control)]  # replay 4
    timer_round(h, 20)
    assert kinds(replay(Fetch, h)) == ["ScheduleActivityTask"]  # replay 5
    failed_attempt(h)
    assert replay(Fetch, h) == [  # replay 6: exhausted
        fail_decision('Workflow execution error in task activity-pkg.fetch: "REASON"')
    ]


def test_non_retryable_error_types_exhaust_at_once() -> None:
    picky = make_activity(
        lambda: None,
        "pkg.picky",
        retry_policy=RetryPolicy(non_retryable_error_types=("ValueError",)),
    )

    class Picky(BaseTestWorkflow):
        def run(self) -> Any:
            return repr(self.submit(picky).exception)

    h = builder.History(Picky, input={})
    details = json.dumps({"error": "ValueError", "error_type": "builtins.ValueError"})
    h.add_activity_task(picky, 4, "failed", activity_id="activity-pkg.picky-1", details=details)
    [decision] = replay(Picky, h)
    assert decision["decisionType"] == "CompleteWorkflowExecution"


def test_default_retry_policy_of_the_workflow_and_the_submit_keyword() -> None:
    plain = make_activity(lambda: None, "pkg.plain")

    class Defaults(BaseTestWorkflow):
        default_retry_policy = RetryPolicy(initial_interval=0, maximum_attempts=5)

        def run(self) -> Any:
            a = self.submit(plain)
            b = self.submit(plain, __retry_policy=RetryPolicy(initial_interval=7))
            return futures.wait(a, b)

    h = builder.History(Defaults, input={})
    h.add_activity_task(plain, 4, "failed", activity_id="activity-pkg.plain-1")
    h.add_activity_task(plain, 4, "failed", activity_id="activity-pkg.plain-2")
    decisions = kinds(replay(Defaults, h))
    assert decisions[0] == "ScheduleActivityTask"  # delay 0: at once, no timer
    assert decisions[1][:3] == ("StartTimer", "__simpleflow_task_activity-pkg.plain-2", "7")


class Hooked(BaseTestWorkflow):
    decision: Any = None
    seen: list[Any] = []

    def run(self) -> Any:
        future = self.submit(make_activity(lambda: None, "pkg.hooked"), 1)
        return [future.state, future.result, repr(future.exception) if future.finished else None]

    def on_task_failure(self, failure_context: TaskFailureContext) -> Any:
        self.seen.append(
            (failure_context.task_name, failure_context.attempt_number, failure_context.reason)
        )
        return self.decision(failure_context)


HOOKED_ID = "activity-pkg.hooked-1"


def hooked_history(decision: Any) -> tuple[Any, Any]:
    workflow = type("H", (Hooked,), {"decision": staticmethod(decision), "seen": []})
    h = builder.History(workflow, input={})
    activity = make_activity(lambda: None, "pkg.hooked")
    h.add_activity_task(activity, 4, "failed", activity_id=HOOKED_ID, input={"args": [1]})
    return workflow, h


def test_hook_ignore_finishes_the_future_without_exception() -> None:
    def ignore(ctx: Any) -> Any:
        ctx.future.set_finished("fallback")
        return ctx.decide_ignore()

    workflow, h = hooked_history(ignore)
    assert replay(workflow, h) == [complete_decision('["FINISHED", "fallback", "None"]')]
    assert workflow.seen == [("pkg.hooked", 1, "REASON")]


def test_hook_cancel_and_abort() -> None:
    workflow, h = hooked_history(lambda ctx: ctx.decide_cancel())
    assert replay(workflow, h) == [complete_decision('["CANCELLED", null, null]')]
    workflow, h = hooked_history(lambda ctx: ctx.decide_abort())
    assert (
        json.loads(replay(workflow, h)[0]["completeWorkflowExecutionDecisionAttributes"]["result"])[
            0
        ]
        == "FINISHED"
    )


def test_hook_retry_now_reschedules_with_modified_arguments() -> None:
    def retry(ctx: Any) -> Any:
        ctx.a_task.args = [99]
        return ctx.decide_retry()

    workflow, h = hooked_history(retry)
    [decision] = replay(workflow, h)
    assert json.loads(decision["scheduleActivityTaskDecisionAttributes"]["input"])["args"] == [99]


def test_hook_retry_later_starts_the_timer_and_the_retry_takes_its_control() -> None:
    def later(ctx: Any) -> Any:
        ctx.a_task.args = [42]
        return ctx.decide_retry(retry_wait_timeout=30)

    workflow, h = hooked_history(later)
    assert kinds(replay(workflow, h)) == [
        ("StartTimer", f"__simpleflow_task_{HOOKED_ID}", "30", '{"args": [42], "kwargs": {}}')
    ]
    h.add_decision_task_completed()
    h.add_timer_started(
        f"__simpleflow_task_{HOOKED_ID}", 30, {"args": [42], "kwargs": {}}, decision_id=h.last_id
    )
    h.add_timer_fired(f"__simpleflow_task_{HOOKED_ID}")
    [decision] = replay(workflow, h)
    assert json.loads(decision["scheduleActivityTaskDecisionAttributes"]["input"])["args"] == [42]
    assert workflow.seen == [("pkg.hooked", 1, "REASON")]  # not asked again for this attempt


def test_hook_handled_and_an_unknown_decision() -> None:
    def handled(ctx: Any) -> Any:
        done = futures.Future()
        done.set_finished("mine")
        return ctx.decide_handled(ctx.a_task, done)

    workflow, h = hooked_history(handled)
    assert replay(workflow, h) == [complete_decision('["FINISHED", "mine", "None"]')]

    def bogus(ctx: Any) -> Any:
        ctx.decision = 42
        return ctx

    workflow, h = hooked_history(bogus)
    reason = replay(workflow, h)[0]["failWorkflowExecutionDecisionAttributes"]["reason"]
    assert "Unexpected TaskFailureValue decision: 42" in reason


def test_failed_retry_timer_fails_the_run() -> None:
    h = builder.History(Fetch, input={})
    failed_attempt(h)
    h.add_decision_task_completed()
    h.add_timer_start_failed(TIMER, cause="OPERATION_NOT_PERMITTED", decision_id=h.last_id)
    reason = replay(Fetch, h)[0]["failWorkflowExecutionDecisionAttributes"]["reason"]
    assert "TaskFailed" in reason and "OPERATION_NOT_PERMITTED" in reason


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"initial_interval": -1}, "initial_interval must be >= 0"),
        ({"backoff_coefficient": 0.5}, "backoff_coefficient must be >= 1"),
        ({"initial_interval": 10, "maximum_interval": 5}, "maximum_interval"),
        ({"maximum_attempts": -1}, "maximum_attempts"),
        ({"initial_interval": "soon"}, "number of seconds"),
        ({"non_retryable_error_types": "ValueError"}, "tuple of type names"),
    ],
)
def test_retry_policy_refuses_invalid_values(options: dict[str, Any], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        RetryPolicy(**options)


def test_retry_policy_delays() -> None:
    assert [RetryPolicy().next_delay(k) for k in range(1, 10)] == [1, 2, 4, 8, 16, 32, 64, 100, 100]
    policy = RetryPolicy(initial_interval=timedelta(seconds=1.5), maximum_attempts=3)
    assert [policy.next_delay(k) for k in (1, 2, 3)] == [2, 3, None]
