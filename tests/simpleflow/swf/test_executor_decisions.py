"""Decisions of a replay: the worked example, completion, failures and hooks (spec §16)."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from simpleflow import futures
from simpleflow.swf.executor import Executor
from swf.responses import Response
from tests.simpleflow.swf._workflows import (
    BaseTestWorkflow,
    ChainWorkflow,
    ChildWorkflow,
    FakeDomain,
    TwoDependentsWorkflow,
    complete_decision,
    double,
    fail_decision,
    increment,
    new_history,
    replay,
    schedule_decision,
)

INCREMENT_1 = "activity-pkg.tasks.increment-1"
INCREMENT_2 = "activity-pkg.tasks.increment-2"
DOUBLE_1 = "activity-pkg.tasks.double-1"


def test_worked_example_of_a_chain_of_two_tasks() -> None:
    h = new_history(ChainWorkflow)
    assert replay(ChainWorkflow, h) == [
        schedule_decision(INCREMENT_1, increment, '{"args": [1], "kwargs": {}}')
    ]

    h.add_decision_task_completed()
    h.add_activity_task(
        increment, decision_id=h.last_id, last_state="started", activity_id=INCREMENT_1,
        input={"args": [1], "kwargs": {}},
    )  # fmt: skip
    h.add_decision_task_scheduled().add_decision_task_started()
    executor = Executor(FakeDomain(), ChainWorkflow)
    assert replay(ChainWorkflow, h, executor) == []
    assert executor._open_activity_count == 1

    h = new_history(ChainWorkflow)
    h.add_decision_task_completed()
    h.add_activity_task(
        increment, decision_id=h.last_id, last_state="completed", activity_id=INCREMENT_1,
        input={"args": [1], "kwargs": {}}, result=2,
    )  # fmt: skip
    h.add_decision_task_scheduled().add_decision_task_started()
    assert replay(ChainWorkflow, h) == [
        schedule_decision(DOUBLE_1, double, '{"args": [2], "kwargs": {}}')
    ]

    h.add_decision_task_completed()
    h.add_activity_task(
        double, decision_id=h.last_id, last_state="completed", activity_id=DOUBLE_1,
        input={"args": [2], "kwargs": {}}, result=4,
    )  # fmt: skip
    h.add_decision_task_scheduled().add_decision_task_started()
    assert replay(ChainWorkflow, h) == [complete_decision("4")]


def test_independent_dependants_are_scheduled_in_the_same_decision() -> None:
    h = new_history(TwoDependentsWorkflow)
    h.add_activity_task(
        increment, decision_id=4, last_state="completed", activity_id=INCREMENT_1, result=2
    )
    assert replay(TwoDependentsWorkflow, h) == [
        schedule_decision(DOUBLE_1, double, '{"args": [2], "kwargs": {}}'),
        schedule_decision(INCREMENT_2, increment, '{"args": [2], "kwargs": {}}'),
    ]


def test_executor_task_list_redirects_every_activity() -> None:
    h = new_history(ChainWorkflow)
    decisions = replay(ChainWorkflow, h, task_list="decider-list")
    assert decisions == [
        schedule_decision(
            INCREMENT_1, increment, '{"args": [1], "kwargs": {}}', task_list="decider-list"
        )
    ]


def test_executor_task_list_does_not_redirect_child_workflows() -> None:
    class Parent(BaseTestWorkflow):
        def run(self) -> Any:
            return self.submit(ChildWorkflow, 1).result

    [decision] = replay(Parent, new_history(Parent), task_list="decider-list")
    attributes = decision["startChildWorkflowExecutionDecisionAttributes"]
    assert attributes["taskList"] == {"name": "child_tl"}


@pytest.mark.parametrize(
    ("value", "result"), [(4, "4"), ((4, 3), "[4, 3]"), (None, "null"), ({"a": "b"}, '{"a": "b"}')]
)
def test_completion_result_is_the_json_of_the_return_value(value: Any, result: str) -> None:
    class Returns(BaseTestWorkflow):
        def run(self) -> Any:
            return value

    assert replay(Returns, new_history(Returns)) == [complete_decision(result)]


def test_tasks_submitted_but_not_waited_on_are_discarded_on_completion() -> None:
    class FireAndForget(BaseTestWorkflow):
        def run(self) -> int:
            self.submit(increment, 1)
            return 7

    assert replay(FireAndForget, new_history(FireAndForget)) == [complete_decision("7")]


def test_oversized_result_fails_explicitly_instead_of_sending_cut_json() -> None:
    class Huge(BaseTestWorkflow):
        def run(self) -> str:
            return "x" * 40000

    [decision] = replay(Huge, new_history(Huge))
    assert decision.type == "FailWorkflowExecution"
    reason = decision["failWorkflowExecutionDecisionAttributes"]["reason"]
    assert reason.startswith("Workflow result too large: Message too long (40002 chars)")
    assert len(reason) <= 256


def test_fail_appends_the_fail_decision_after_the_decisions_made_so_far() -> None:
    class FailsAfterScheduling(BaseTestWorkflow):
        def run(self) -> None:
            self.submit(increment, 1)
            self.fail("error")

    assert replay(FailsAfterScheduling, new_history(FailsAfterScheduling)) == [
        schedule_decision(INCREMENT_1, increment, '{"args": [1], "kwargs": {}}'),
        fail_decision("Workflow execution failed: error"),
    ]


def test_fail_with_details() -> None:
    class FailsWithDetails(BaseTestWorkflow):
        def run(self) -> None:
            self.fail("error", "some details")

    assert replay(FailsWithDetails, new_history(FailsWithDetails)) == [
        fail_decision("Workflow execution failed: error", "some details")
    ]


def test_workflow_exception_becomes_a_cannot_replay_failure(caplog: Any) -> None:
    class Raises(BaseTestWorkflow):
        def run(self) -> None:
            raise ValueError("boom")

    with caplog.at_level(logging.ERROR, logger="simpleflow.swf._replay"):
        [decision] = replay(Raises, new_history(Raises))
    attributes = decision["failWorkflowExecutionDecisionAttributes"]
    assert attributes["reason"] == "Cannot replay the workflow: ValueError(boom)"
    assert attributes["details"].startswith("Traceback:\n")
    assert 'raise ValueError("boom")' in attributes["details"]
    assert "Cannot replay the workflow: ValueError(boom)" in caplog.text


@pytest.mark.parametrize(
    ("workflow_input", "message"),
    [
        ([1, 2], "the workflow input must be a JSON object"),
        ({"args": 4}, "'args' must be a list"),
        ({"kwargs": [1]}, "'kwargs' must be an object"),
    ],
)
def test_bad_input_shape_becomes_a_cannot_replay_failure(workflow_input: Any, message: str) -> None:
    from swf.models.history import builder

    h = builder.History(ChainWorkflow, input=workflow_input)
    [decision] = replay(ChainWorkflow, h)
    reason = decision["failWorkflowExecutionDecisionAttributes"]["reason"]
    assert reason.startswith("Cannot replay the workflow: TypeError(")
    assert message in reason


def test_missing_input_means_no_arguments() -> None:
    from swf.models.history import builder

    h = builder.History(ChainWorkflow)
    assert replay(ChainWorkflow, h)[0].type == "ScheduleActivityTask"


def test_blocked_replay_logs_open_activities_and_decisions(caplog: Any) -> None:
    with caplog.at_level(logging.INFO, logger="simpleflow.swf._replay"):
        replay(ChainWorkflow, new_history(ChainWorkflow))
    assert "1 open activities (1 decisions)" in caplog.text


def test_timed_out_task_without_retry_passes_none_to_dependants() -> None:
    h = new_history(ChainWorkflow)
    h.add_activity_task(
        increment, decision_id=4, last_state="timed_out", activity_id=INCREMENT_1,
        timeout_type="START_TO_CLOSE",
    )  # fmt: skip
    assert replay(ChainWorkflow, h) == [
        schedule_decision(DOUBLE_1, double, '{"args": [null], "kwargs": {}}')
    ]


def test_failed_task_result_is_none_and_keeps_its_failure() -> None:
    class Inspect(BaseTestWorkflow):
        def run(self) -> Any:
            future = self.submit(increment, 1)
            futures.wait(future)
            error = future.exception
            return [future.result, type(error).__name__, error.name, error.reason, error.details]

    h = new_history(Inspect)
    h.add_activity_task(
        increment, decision_id=4, last_state="failed", activity_id=INCREMENT_1,
        reason="bad", details="trace",
    )  # fmt: skip
    assert replay(Inspect, h) == [
        complete_decision(f'[null, "TaskFailed", "{INCREMENT_1}", "bad", "trace"]')
    ]


# --- hooks ------------------------------------------------------------------------------


class Hooked(BaseTestWorkflow):
    calls: list[Any] = []
    outcome = "block"

    def run(self) -> Any:
        if self.outcome == "block":
            return self.submit(increment, 1).result
        if self.outcome == "raise":
            raise ValueError("boom")
        if self.outcome == "fail":
            self.fail("error", "details")
        if self.outcome == "task":
            return self.submit(flaky_task(), 1).result
        return 3

    def before_replay(self, history: Any) -> None:
        self.calls.append(("before_replay", history))

    def after_replay(self, history: Any) -> None:
        self.calls.append(("after_replay", history))

    def after_closed(self, history: Any) -> None:
        self.calls.append(("after_closed", history))

    def on_failure(self, history: Any, reason: str, details: Any = None) -> None:
        self.calls.append(("on_failure", reason, details))

    def on_completed(self, history: Any) -> None:
        self.calls.append(("on_completed", history))


def flaky_task() -> Any:
    from tests.simpleflow.swf._workflows import flaky

    return flaky


def hook_calls(outcome: str, history: Any = None) -> tuple[list[Any], Executor]:
    workflow = type("H", (Hooked,), {"outcome": outcome, "calls": []})
    executor = Executor(FakeDomain(), workflow)
    executor.replay(Response(history=history or new_history(workflow)))
    return workflow.calls, executor


def names(calls: list[Any]) -> list[str]:
    return [call[0] for call in calls]


def test_hooks_when_blocked() -> None:
    calls, executor = hook_calls("block")
    assert names(calls) == ["before_replay", "after_replay"]
    assert calls[0][1] is executor._history


def test_hooks_when_completed() -> None:
    calls, _ = hook_calls("complete")
    assert names(calls) == ["before_replay", "after_replay", "on_completed", "after_closed"]


def test_hooks_when_workflow_raises() -> None:
    calls, _ = hook_calls("raise")
    assert names(calls) == ["before_replay", "on_failure", "after_closed"]
    assert calls[1] == ("on_failure", "Cannot replay the workflow: ValueError(boom)", None)


def test_hooks_when_workflow_fails_itself() -> None:
    calls, _ = hook_calls("fail")
    assert names(calls) == ["before_replay", "on_failure", "after_replay"]
    assert calls[1] == ("on_failure", "error", "details")


def test_hooks_when_a_task_raises_on_failure() -> None:
    from tests.simpleflow.swf._workflows import flaky

    workflow = type("H", (Hooked,), {"outcome": "task", "calls": []})
    h = new_history(workflow)
    h.add_activity_task(
        flaky, decision_id=4, last_state="failed", activity_id="activity-pkg.tasks.flaky-1",
        reason="error", details="the details",
    )  # fmt: skip
    executor = Executor(FakeDomain(), workflow)
    decisions, _ = executor.replay(Response(history=h))
    reason = 'Workflow execution error in task activity-pkg.tasks.flaky: "error"'
    assert decisions == [fail_decision(reason)]
    assert names(workflow.calls) == ["before_replay", "on_failure", "after_closed"]
    assert workflow.calls[1] == ("on_failure", reason, "the details")


def test_default_on_failure_and_on_completed_hooks_are_ignored() -> None:
    class Plain(BaseTestWorkflow):
        def run(self) -> None:
            raise ValueError("boom")

    assert replay(Plain, new_history(Plain))[0].type == "FailWorkflowExecution"


def test_the_workflow_instance_is_reused_across_replays() -> None:
    class Counting(BaseTestWorkflow):
        replays = 0

        def before_replay(self, history: Any) -> None:
            self.replays += 1

        def run(self) -> int:
            return self.replays

    executor = Executor(FakeDomain(), Counting)
    h = new_history(Counting)
    executor.replay(Response(history=h))
    decisions, _ = executor.replay(Response(history=h))
    assert decisions == [complete_decision("2")]


def test_run_is_an_alias_of_replay() -> None:
    executor = Executor(FakeDomain(), ChainWorkflow)
    decisions, context = executor.run(Response(history=new_history(ChainWorkflow)))
    assert context == {}
    assert decisions == [schedule_decision(INCREMENT_1, increment, '{"args": [1], "kwargs": {}}')]


def test_submitting_something_else_fails_the_workflow() -> None:
    class Wrong(BaseTestWorkflow):
        def run(self) -> None:
            self._executor.submit(42)

    [decision] = replay(Wrong, new_history(Wrong))
    reason = decision["failWorkflowExecutionDecisionAttributes"]["reason"]
    assert reason == "Cannot replay the workflow: TypeError(invalid type <class 'int'> for 42)"


def test_map_accepts_a_finished_future_as_iterable() -> None:
    class MapOfFuture(BaseTestWorkflow):
        def run(self) -> Any:
            values = self.submit(increment, 1)
            return futures.wait(*self._executor.map(double, values))

    h = new_history(MapOfFuture)
    h.add_activity_task(
        increment, decision_id=4, last_state="completed", activity_id=INCREMENT_1, result=[1, 2]
    )
    decisions = replay(MapOfFuture, h)
    assert [d["scheduleActivityTaskDecisionAttributes"]["input"] for d in decisions] == [
        '{"args": [1], "kwargs": {}}',
        '{"args": [2], "kwargs": {}}',
    ]
