"""continue_as_new on synthetic histories and in the local executor (features §7)."""

from __future__ import annotations

from typing import Any

import pytest

from simpleflow import futures
from simpleflow.local import Executor as LocalExecutor
from simpleflow.swf.executor import Executor
from swf.models.history import builder
from swf.responses import Response
from tests.simpleflow.swf._workflows import (
    BaseTestWorkflow,
    FakeDomain,
    fail_decision,
    increment,
    replay,
    schedule_decision,
)


class Loop(BaseTestWorkflow):
    task_priority = 5

    def run(self, i: int = 0) -> Any:
        if i < 3:
            self.submit(increment, i)  # kept: it runs in the old execution
            futures.wait(self.submit(self.continue_as_new(i=i + 1)))
        return i


def test_continue_as_new_is_the_last_decision_with_the_run_s_task_list_and_tags() -> None:
    h = builder.History(Loop, input={"args": [1]}, tag_list=["a", "b"])
    h.events[0].task_list = {"name": "started-on-this-list"}
    decisions = replay(Loop, h)
    scheduled = schedule_decision(
        "activity-pkg.tasks.increment-1", increment, '{"args": [1], "kwargs": {}}'
    )
    scheduled["scheduleActivityTaskDecisionAttributes"]["taskPriority"] = "5"
    assert decisions == [
        scheduled,
        {
            "decisionType": "ContinueAsNewWorkflowExecution",
            "continueAsNewWorkflowExecutionDecisionAttributes": {
                "executionStartToCloseTimeout": "3600",
                "taskStartToCloseTimeout": "300",
                "input": '{"args": [], "kwargs": {"i": 2}}',
                "tagList": ["a", "b"],
                "taskList": {"name": "started-on-this-list"},
                "workflowTypeVersion": "test_version",
                "taskPriority": "5",
            },
        },
    ]


def test_last_run_completes() -> None:
    h = builder.History(Loop, input={"kwargs": {"i": 3}})
    [decision] = replay(Loop, h)
    assert decision["decisionType"] == "CompleteWorkflowExecution"


def test_unhandled_decision_failure_resubmits_and_a_missing_type_fails_the_run() -> None:
    h = builder.History(Loop, input={"args": [2]})
    h.add_decision_task_completed()
    h.add_continue_as_new_failed(h.last_id, cause="UNHANDLED_DECISION")
    h.add_decision_task_scheduled().add_decision_task_started()
    assert replay(Loop, h)[-1]["decisionType"] == "ContinueAsNewWorkflowExecution"
    h.add_decision_task_completed()
    h.add_continue_as_new_failed(h.last_id, cause="WORKFLOW_TYPE_DOES_NOT_EXIST")
    h.add_decision_task_scheduled().add_decision_task_started()
    assert replay(Loop, h) == [
        fail_decision("continue_as_new failed: WORKFLOW_TYPE_DOES_NOT_EXIST")
    ]


class Swallow(BaseTestWorkflow):
    def run(self) -> Any:
        try:
            self.submit(self.continue_as_new(1))
        except Exception:
            pass
        return "ignored"


def test_a_value_returned_after_continue_as_new_is_ignored(caplog: Any) -> None:
    decisions = replay(Swallow, builder.History(Swallow, input={}))
    assert [d["decisionType"] for d in decisions] == ["ContinueAsNewWorkflowExecution"]
    assert "returned after continue_as_new" in caplog.text


def test_non_json_arguments_are_refused_at_the_call() -> None:
    with pytest.raises(TypeError, match="continue_as_new arguments must be JSON-serialisable"):
        BaseTestWorkflow(None).continue_as_new(object())


def test_run_context_shows_the_continued_run() -> None:
    class Context(BaseTestWorkflow):
        def run(self) -> Any:
            return self.get_run_context()["continued_execution_run_id"]

    class Execution:
        workflow_id, run_id = "w", "new"

    h = builder.History(Context, input={})
    h.events[0].continued_execution_run_id = "old"
    decisions, _ = Executor(FakeDomain(), Context).replay(
        Response(history=h, execution=Execution())
    )
    assert decisions[0]["completeWorkflowExecutionDecisionAttributes"]["result"] == '"old"'


def test_local_executor_loops_until_a_run_returns() -> None:
    class LocalLoop(BaseTestWorkflow):
        def run(self, i: int = 0) -> Any:
            self.submit(self.record_marker("run", i))
            if i < 3:
                try:
                    self.submit(self.continue_as_new(i=i + 1))
                except Exception:
                    return "swallowed"
            return [i, [m.details for m in self.list_markers(all=True)]]

    assert LocalExecutor(LocalLoop).run() == [3, [3]]
