"""Part B §17: child executions, parent events, child policies."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.engine.swf import Swf, decision

pytestmark = pytest.mark.integration


def _start_child(
    swf: Swf, child_policy: str | None = None, **parent_params: Any
) -> tuple[dict[str, str], dict[str, str]]:
    parent, task = swf.first_task(**parent_params)
    swf.decide(
        task,
        decision(
            "StartChildWorkflowExecution",
            workflowId=f"child-of-{parent['workflowId']}",
            workflowType={"name": "wf", "version": "1"},
            taskList={"name": "children"},
            tagList=["kid"],
            taskPriority="3",
            **({"childPolicy": child_policy} if child_policy else {}),
        ),
    )
    (started,) = swf.events_of(parent, "ChildWorkflowExecutionStarted")
    return parent, started["workflowExecution"]


def test_17_a_child_is_an_ordinary_execution_naming_its_parent(swf: Swf) -> None:
    parent, child = _start_child(swf)
    (started,) = swf.events_of(child, "WorkflowExecutionStarted")
    assert started["parentWorkflowExecution"] == parent
    assert started["parentInitiatedEventId"] == 5
    assert started["tagList"] == ["kid"] and started["taskPriority"] == "3"
    assert swf.poll("children")["workflowExecution"] == child  # its own decision tasks
    assert swf.events_of(parent, "ChildWorkflowExecutionStarted") == [
        {
            "workflowExecution": child,
            "workflowType": {"name": "wf", "version": "1"},
            "initiatedEventId": 5,
        }
    ]
    assert swf.types(parent)[-1] == "DecisionTaskScheduled"  # the started event triggers


@pytest.mark.parametrize(
    ("closing", "event", "extra"),
    [
        (
            decision("CompleteWorkflowExecution", result="r"),
            "ChildWorkflowExecutionCompleted",
            {"result": "r"},
        ),
        (
            decision("FailWorkflowExecution", reason="why", details="d"),
            "ChildWorkflowExecutionFailed",
            {"reason": "why", "details": "d"},
        ),
        (
            decision("CancelWorkflowExecution", details="d"),
            "ChildWorkflowExecutionCanceled",
            {"details": "d"},
        ),
    ],
)
def test_17_the_parent_records_exactly_one_closing_event(
    swf: Swf, closing: dict[str, Any], event: str, extra: dict[str, str]
) -> None:
    parent, child = _start_child(swf)
    swf.decide(swf.poll("children"), closing)
    closed = swf.events_of(parent, event)
    assert closed == [
        {
            "workflowExecution": child,
            "workflowType": {"name": "wf", "version": "1"},
            "initiatedEventId": 5,
            "startedEventId": 6,
            **extra,
        }
    ]
    assert swf.describe(parent)["openCounts"]["openChildWorkflowExecutions"] == 0


def test_17_terminated_child(swf: Swf) -> None:
    parent, child = _start_child(swf)
    swf.client.terminate_workflow_execution(domain=swf.domain, **child)
    (terminated,) = swf.events_of(parent, "ChildWorkflowExecutionTerminated")
    assert terminated["workflowExecution"] == child and terminated["startedEventId"] == 6


def test_17_timed_out_child(swf: Swf) -> None:
    parent, task = swf.first_task()
    swf.decide(
        task,
        decision(
            "StartChildWorkflowExecution",
            workflowId="short",
            workflowType={"name": "wf", "version": "1"},
            executionStartToCloseTimeout="1",
        ),
    )
    deadline = time.monotonic() + 5
    while not swf.events_of(parent, "ChildWorkflowExecutionTimedOut"):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    (timed_out,) = swf.events_of(parent, "ChildWorkflowExecutionTimedOut")
    assert timed_out["timeoutType"] == "START_TO_CLOSE"


def test_17_a_child_continuing_as_new_keeps_its_parent(swf: Swf) -> None:
    parent, child = _start_child(swf)
    swf.decide(
        swf.poll("children"),
        decision("ContinueAsNewWorkflowExecution", taskList={"name": "children"}),
    )
    assert not swf.events_of(parent, "ChildWorkflowExecutionCompleted")
    task = swf.poll("children")
    assert task["workflowExecution"]["workflowId"] == child["workflowId"]
    swf.decide(task, decision("CompleteWorkflowExecution", result="last"))
    (completed,) = swf.events_of(parent, "ChildWorkflowExecutionCompleted")
    assert completed["result"] == "last"
    assert completed["workflowExecution"] == task["workflowExecution"]


@pytest.mark.parametrize("how", ["terminate", "timeout"])
def test_17_child_policy_terminate(swf: Swf, how: str) -> None:
    if how == "terminate":
        parent, child = _start_child(swf)
        swf.client.terminate_workflow_execution(domain=swf.domain, **parent)
    else:
        parent, child = _start_child(swf, executionStartToCloseTimeout="1")
        deadline = time.monotonic() + 5
        while swf.describe(parent)["executionInfo"]["executionStatus"] == "OPEN":
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert swf.events_of(parent, "WorkflowExecutionTimedOut") == [
            {"timeoutType": "START_TO_CLOSE", "childPolicy": "TERMINATE"}
        ]
    (terminated,) = swf.events_of(child, "WorkflowExecutionTerminated")
    assert terminated["cause"] == "CHILD_POLICY_APPLIED"


def test_17_child_policy_request_cancel_given_by_terminate(swf: Swf) -> None:
    parent, child = _start_child(swf)
    swf.client.terminate_workflow_execution(
        domain=swf.domain, childPolicy="REQUEST_CANCEL", **parent
    )
    assert swf.events_of(child, "WorkflowExecutionCancelRequested") == [
        {"cause": "CHILD_POLICY_APPLIED"}
    ]
    assert swf.describe(child)["executionInfo"]["executionStatus"] == "OPEN"


def test_17_child_policy_abandon_and_normal_close_leave_children_running(swf: Swf) -> None:
    parent, child = _start_child(swf, childPolicy="ABANDON")
    swf.client.terminate_workflow_execution(domain=swf.domain, **parent)
    assert swf.types(child)[-1] == "DecisionTaskScheduled"
    parent2, child2 = _start_child(swf)
    swf.decide(swf.poll(), decision("CompleteWorkflowExecution"))
    assert swf.describe(child2)["executionInfo"]["executionStatus"] == "OPEN"


def test_17_the_child_policy_of_the_decision_governs_the_childs_children(swf: Swf) -> None:
    _, child = _start_child(swf, child_policy="ABANDON")
    (started,) = swf.events_of(child, "WorkflowExecutionStarted")
    assert started["childPolicy"] == "ABANDON"
