"""Cancellation on synthetic histories: the exact decisions (features §6)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from simpleflow import futures
from simpleflow.exceptions import TaskFailed
from simpleflow.local import Executor as LocalExecutor
from swf.models.history import builder
from tests.simpleflow.swf._workflows import (
    BaseTestWorkflow,
    ChildWorkflow,
    complete_decision,
    increment,
    replay,
)

CANCEL = {
    "decisionType": "CancelWorkflowExecution",
    "cancelWorkflowExecutionDecisionAttributes": {},
}
WAKE_UP = {
    "decisionType": "StartTimer",
    "startTimerDecisionAttributes": {
        "timerId": "_simpleflow_wake_up_timer",
        "startToFireTimeout": "0",
    },
}


def cancel_activity(activity_id: str) -> dict[str, Any]:
    return {
        "decisionType": "RequestCancelActivityTask",
        "requestCancelActivityTaskDecisionAttributes": {"activityId": activity_id},
    }


def cancel_child(workflow_id: str, run_id: Any = None) -> dict[str, Any]:
    attributes: dict[str, Any] = {"workflowId": workflow_id}
    if run_id is not None:
        attributes["runId"] = run_id
    return {
        "decisionType": "RequestCancelExternalWorkflowExecution",
        "requestCancelExternalWorkflowExecutionDecisionAttributes": attributes,
    }


CALLS: list[str] = []


class Long(BaseTestWorkflow):
    def run(self) -> Any:
        CALLS.append("run")
        return futures.wait(self.submit(increment, 1), self.submit(increment, 2))

    def on_canceled(self, history: Any) -> None:
        CALLS.append("on_canceled")


def two_open(workflow: Any) -> builder.History:
    h = builder.History(workflow, input={})
    h.add_decision_task_completed()
    h.add_activity_task(
        increment, h.last_id, "started", activity_id="activity-pkg.tasks.increment-1"
    )
    h.add_activity_task(increment, 4, "scheduled", activity_id="activity-pkg.tasks.increment-2")
    return h


def test_cancel_request_cancels_open_activities_then_the_execution() -> None:
    CALLS.clear()
    h = two_open(Long)
    h.add_cancel_requested()
    assert replay(Long, h) == [
        cancel_activity("activity-pkg.tasks.increment-1"),
        cancel_activity("activity-pkg.tasks.increment-2"),
        CANCEL,
    ]
    assert CALLS == ["on_canceled"]  # run() is not executed


def test_older_request_resends_the_cancel_without_calling_the_hook() -> None:
    CALLS.clear()
    h = two_open(Long)
    h.add_cancel_requested()
    h.add_decision_task_scheduled().add_decision_task_started().add_decision_task_completed()
    h.add_activity_cancel_requested("activity-pkg.tasks.increment-1", h.last_id)
    h.add_activity_cancel_requested("activity-pkg.tasks.increment-2", h.last_id - 1)
    h.add_cancel_failed(h.last_id - 2)
    assert replay(Long, h) == [CANCEL]
    assert CALLS == []


def test_should_cancel_false_ignores_the_request() -> None:
    class Stubborn(Long):
        def should_cancel(self, history: Any) -> bool:
            return False

    CALLS.clear()
    h = two_open(Stubborn)
    h.add_cancel_requested()
    assert replay(Stubborn, h) == []
    assert CALLS == ["run"]


def test_cancel_children_on_cancel_requests_their_cancellation() -> None:
    class Parent(BaseTestWorkflow):
        cancel_children_on_cancel = True

        def run(self) -> Any:
            return self.submit(ChildWorkflow, 1).result

    h = builder.History(Parent, input={})
    h.add_child_workflow(ChildWorkflow, last_state="started", workflow_id="kid")
    run_id = h.events[-1].workflow_execution["runId"]
    h.add_cancel_requested()
    assert replay(Parent, h) == [cancel_child("kid", run_id), CANCEL]


class Graceful(Long):
    cancel_mode = "graceful"


def test_graceful_cancel_asks_first_then_waits_then_cancels() -> None:
    CALLS.clear()
    h = two_open(Graceful)
    h.add_cancel_requested()
    assert replay(Graceful, h) == [
        cancel_activity("activity-pkg.tasks.increment-1"),
        cancel_activity("activity-pkg.tasks.increment-2"),
        WAKE_UP,
    ]
    assert CALLS == ["on_canceled"]
    h.add_decision_task_completed()
    h.add_activity_cancel_requested("activity-pkg.tasks.increment-1", h.last_id)
    h.add_activity_cancel_requested("activity-pkg.tasks.increment-2", h.last_id - 1)
    h.add_activity_canceled(scheduled=7, started=0)  # the unstarted one
    assert replay(Graceful, h) == []  # one still runs
    h.add_activity_canceled(scheduled=5, started=6, details="stopped")
    assert replay(Graceful, h) == [CANCEL]
    assert CALLS == ["on_canceled"]


class CancelOne(BaseTestWorkflow):
    def run(self) -> Any:
        job = self.submit(increment, 1)
        cancel = self.submit(self.cancel_task(job))
        futures.wait(cancel)
        if not cancel.done:
            cancel.result  # noqa: B018
        return [job.state, repr(cancel.exception)]


def test_cancel_task_requests_the_activity_cancellation_once() -> None:
    h = builder.History(CancelOne, input={})
    h.add_decision_task_completed()
    h.add_activity_task(
        increment, h.last_id, "started", activity_id="activity-pkg.tasks.increment-1"
    )
    assert replay(CancelOne, h) == [cancel_activity("activity-pkg.tasks.increment-1"), WAKE_UP]
    h.add_activity_cancel_requested("activity-pkg.tasks.increment-1")
    assert replay(CancelOne, h) == [complete_decision('["RUNNING", "None"]')]


def test_cancel_task_failure_finishes_with_task_failed() -> None:
    h = builder.History(CancelOne, input={})
    h.add_decision_task_completed()
    h.add_activity_task(
        increment, h.last_id, "started", activity_id="activity-pkg.tasks.increment-1"
    )
    h.add_activity_request_cancel_failed("activity-pkg.tasks.increment-1")
    expected = repr(TaskFailed("activity-pkg.tasks.increment-1", "ACTIVITY_ID_UNKNOWN"))
    assert replay(CancelOne, h) == [complete_decision(json.dumps(["RUNNING", expected]))]


def test_canceled_activity_future_is_cancelled_and_not_retried() -> None:
    h = builder.History(CancelOne, input={})
    h.add_decision_task_completed()
    h.add_activity_task(
        increment, h.last_id, "started", activity_id="activity-pkg.tasks.increment-1"
    )
    h.add_activity_cancel_requested("activity-pkg.tasks.increment-1")
    h.add_activity_canceled(scheduled=5, started=6)
    assert replay(CancelOne, h) == [complete_decision('["CANCELLED", "None"]')]


def test_cancel_task_refuses_what_is_not_a_future_or_an_id() -> None:
    with pytest.raises(TypeError, match="cannot cancel 3"):
        BaseTestWorkflow(None).cancel_task(3)


class CancelKid(BaseTestWorkflow):
    def run(self) -> Any:
        kid = self.submit(ChildWorkflow, 1)
        cancel = self.submit(self.cancel_child(kid))
        if not cancel.done:
            cancel.result  # noqa: B018
        return repr(cancel.exception)


def test_cancel_child_sends_the_request_and_follows_its_outcome() -> None:
    kid = "workflow-child-None--0--1"
    h = builder.History(CancelKid, input={})
    h.add_child_workflow(ChildWorkflow, last_state="started", workflow_id=kid)
    run_id = h.events[-1].workflow_execution["runId"]
    assert replay(CancelKid, h) == [cancel_child(kid, run_id)]
    h.add_external_cancel(kid, run_id=run_id, last_state="request_cancel_execution_initiated")
    assert replay(CancelKid, h) == []
    h.add_external_cancel(kid, run_id=run_id, last_state="request_cancel_execution_failed")
    expected = repr(TaskFailed(kid, "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION"))
    assert replay(CancelKid, h) == [complete_decision(json.dumps(expected))]


def test_local_cancellations_are_no_ops() -> None:
    class Local(BaseTestWorkflow):
        def run(self) -> Any:
            job = self.submit(increment, 1)
            return [self.submit(self.cancel_task(job)).result, job.result]

    assert LocalExecutor(Local).run() == [None, 2]
