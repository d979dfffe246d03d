from __future__ import annotations

from dataclasses import dataclass

import pytest

import swf.models.decision as decision_module
from swf.models.decision import (
    ActivityTaskDecision,
    ChildWorkflowExecutionDecision,
    ExternalWorkflowExecutionDecision,
    MarkerDecision,
    TimerDecision,
    WorkflowExecutionDecision,
)
from swf.models.decision.base import Decision, decision_action


@dataclass(frozen=True)
class _Type:
    name: str
    version: str


ACTIVITY = _Type("tests.data.activities.increment", "test")
WORKFLOW = _Type("test_workflow", "1.0")


def test_package_exports_the_builders():
    assert set(decision_module.__all__) == {
        "MarkerDecision",
        "ActivityTaskDecision",
        "TimerDecision",
        "WorkflowExecutionDecision",
        "ChildWorkflowExecutionDecision",
        "ExternalWorkflowExecutionDecision",
    }


def test_decision_starts_empty_and_ignores_unknown_actions():
    assert Decision() == {}
    assert WorkflowExecutionDecision("no_such_action", 1) == {}
    assert Decision._attributes_key_suffix == "DecisionAttributes"


def test_decision_action_sets_type_and_attributes_key_as_instance_attributes():
    decision = WorkflowExecutionDecision()
    decision.complete(result="4")
    assert decision == {
        "decisionType": "CompleteWorkflowExecution",
        "completeWorkflowExecutionDecisionAttributes": {"result": "4"},
    }
    assert decision.type == "CompleteWorkflowExecution"
    assert decision.attributes_key == "completeWorkflowExecutionDecisionAttributes"
    assert "type" not in decision
    assert isinstance(decision, dict)


def test_update_attributes_before_an_action_raises_attribute_error():
    with pytest.raises(AttributeError, match="action"):
        WorkflowExecutionDecision().update_attributes({"result": "x"})


def test_update_attributes_keeps_truthy_values_only():
    decision = MarkerDecision("record", name="m")
    decision.update_attributes({"a": None, "b": "", "c": 0, "d": [], "e": {}, "f": "0", "g": 1})
    assert decision["recordMarkerDecisionAttributes"] == {"markerName": "m", "f": "0", "g": 1}


def test_empty_attributes_dict_stays_present():
    decision = WorkflowExecutionDecision()
    decision.complete()
    assert decision == {
        "decisionType": "CompleteWorkflowExecution",
        "completeWorkflowExecutionDecisionAttributes": {},
    }


def test_second_action_replaces_the_first_one():
    decision = WorkflowExecutionDecision()
    decision.complete(result="1")
    decision.fail(reason="boom")
    assert decision == {
        "decisionType": "FailWorkflowExecution",
        "failWorkflowExecutionDecisionAttributes": {"reason": "boom"},
    }
    assert decision.type == "FailWorkflowExecution"


def test_custom_decision_subclass_uses_decision_action():
    class CustomDecision(Decision):
        _base_type = "Thing"

        @decision_action
        def request_cancel_now(self, value):
            self.update_attributes({"value": value})

    decision = CustomDecision("request_cancel_now", "v")
    assert decision == {
        "decisionType": "RequestCancelNowThing",
        "requestCancelNowThingDecisionAttributes": {"value": "v"},
    }


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        (
            MarkerDecision("record", "marker", details="d"),
            {
                "decisionType": "RecordMarker",
                "recordMarkerDecisionAttributes": {"markerName": "marker", "details": "d"},
            },
        ),
        (
            MarkerDecision("record", "marker"),
            {
                "decisionType": "RecordMarker",
                "recordMarkerDecisionAttributes": {"markerName": "marker"},
            },
        ),
        (
            ActivityTaskDecision("request_cancel", "act-1"),
            {
                "decisionType": "RequestCancelActivityTask",
                "requestCancelActivityTaskDecisionAttributes": {"activityId": "act-1"},
            },
        ),
        (
            ActivityTaskDecision(
                "schedule",
                activity_id="activity-increment-1",
                activity_type=ACTIVITY,
                control={"c": 1},
                heartbeat_timeout="10",
                input={"args": [4], "kwargs": {}},
                duration_timeout="30",
                schedule_timeout="20",
                task_timeout="15",
                task_list="tl",
            ),
            {
                "decisionType": "ScheduleActivityTask",
                "scheduleActivityTaskDecisionAttributes": {
                    "activityId": "activity-increment-1",
                    "activityType": {"name": ACTIVITY.name, "version": "test"},
                    "control": {"c": 1},
                    "heartbeatTimeout": "10",
                    "input": '{"args": [4], "kwargs": {}}',
                    "scheduleToCloseTimeout": "30",
                    "scheduleToStartTimeout": "20",
                    "startToCloseTimeout": "15",
                    "taskList": {"name": "tl"},
                },
            },
        ),
        (
            ActivityTaskDecision(
                "schedule", activity_id="a", activity_type=ACTIVITY, task_timeout=0
            ),
            {
                "decisionType": "ScheduleActivityTask",
                "scheduleActivityTaskDecisionAttributes": {
                    "activityId": "a",
                    "activityType": {"name": ACTIVITY.name, "version": "test"},
                    "input": "null",
                },
            },
        ),
        (
            TimerDecision("start", id="resume-after-x", start_to_fire_timeout="0"),
            {
                "decisionType": "StartTimer",
                "startTimerDecisionAttributes": {
                    "timerId": "resume-after-x",
                    "startToFireTimeout": "0",
                },
            },
        ),
        (
            TimerDecision("start", "t", "5", control="ctl"),
            {
                "decisionType": "StartTimer",
                "startTimerDecisionAttributes": {
                    "timerId": "t",
                    "startToFireTimeout": "5",
                    "control": "ctl",
                },
            },
        ),
        (
            TimerDecision("cancel", "t"),
            {"decisionType": "CancelTimer", "cancelTimerDecisionAttributes": {"timerId": "t"}},
        ),
        (
            WorkflowExecutionDecision("cancel", details="why"),
            {
                "decisionType": "CancelWorkflowExecution",
                "cancelWorkflowExecutionDecisionAttributes": {"details": "why"},
            },
        ),
        (
            WorkflowExecutionDecision("fail", details="tb", reason="boom"),
            {
                "decisionType": "FailWorkflowExecution",
                "failWorkflowExecutionDecisionAttributes": {"details": "tb", "reason": "boom"},
            },
        ),
        (
            WorkflowExecutionDecision("fail", reason="boom"),
            {
                "decisionType": "FailWorkflowExecution",
                "failWorkflowExecutionDecisionAttributes": {"reason": "boom"},
            },
        ),
        (
            WorkflowExecutionDecision("terminate", reason="r", details="d"),
            {
                "decisionType": "TerminateWorkflowExecution",
                "terminateWorkflowExecutionDecisionAttributes": {"reason": "r", "details": "d"},
            },
        ),
        (
            WorkflowExecutionDecision(
                "continue_as_new",
                child_policy="ABANDON",
                execution_timeout="3600",
                task_timeout="300",
                input={"args": [], "kwargs": {}},
                tag_list=["a"],
                task_list="tl",
                workflow_type_version="2",
            ),
            {
                "decisionType": "ContinueAsNewWorkflowExecution",
                "continueAsNewWorkflowExecutionDecisionAttributes": {
                    "childPolicy": "ABANDON",
                    "executionStartToCloseTimeout": "3600",
                    "taskStartToCloseTimeout": "300",
                    "input": '{"args": [], "kwargs": {}}',
                    "tagList": ["a"],
                    "taskList": {"name": "tl"},
                    "workflowTypeVersion": "2",
                },
            },
        ),
        (
            WorkflowExecutionDecision("continue_as_new"),
            {
                "decisionType": "ContinueAsNewWorkflowExecution",
                "continueAsNewWorkflowExecutionDecisionAttributes": {"input": "null"},
            },
        ),
        (
            ChildWorkflowExecutionDecision(
                "start",
                workflow_type=WORKFLOW,
                workflow_id="workflow-test_workflow-1",
                task_list="test_task_list",
                input={"args": [1], "kwargs": {}},
                tag_list=None,
                child_policy=None,
                execution_timeout="3600",
            ),
            {
                "decisionType": "StartChildWorkflowExecution",
                "startChildWorkflowExecutionDecisionAttributes": {
                    "executionStartToCloseTimeout": "3600",
                    "taskStartToCloseTimeout": "300",
                    "input": '{"args": [1], "kwargs": {}}',
                    "taskList": {"name": "test_task_list"},
                    "workflowId": "workflow-test_workflow-1",
                    "workflowType": {"name": "test_workflow", "version": "1.0"},
                },
            },
        ),
        (
            ChildWorkflowExecutionDecision(
                "start", WORKFLOW, "wid", control="c", tag_list=["t1", "t2"]
            ),
            {
                "decisionType": "StartChildWorkflowExecution",
                "startChildWorkflowExecutionDecisionAttributes": {
                    "childPolicy": "TERMINATE",
                    "executionStartToCloseTimeout": "300",
                    "taskStartToCloseTimeout": "300",
                    "control": "c",
                    "input": "null",
                    "tagList": ["t1", "t2"],
                    "workflowId": "wid",
                    "workflowType": {"name": "test_workflow", "version": "1.0"},
                },
            },
        ),
        (
            ExternalWorkflowExecutionDecision("request_cancel", "wid", control="c", run_id="r"),
            {
                "decisionType": "RequestCancelExternalWorkflowExecution",
                "requestCancelExternalWorkflowExecutionDecisionAttributes": {
                    "workflowId": "wid",
                    "control": "c",
                    "runId": "r",
                },
            },
        ),
        (
            ExternalWorkflowExecutionDecision("signal", "sig", "wid", input={"x": 1}),
            {
                "decisionType": "SignalExternalWorkflowExecution",
                "signalExternalWorkflowExecutionDecisionAttributes": {
                    "signalName": "sig",
                    "workflowId": "wid",
                    "input": '{"x": 1}',
                },
            },
        ),
    ],
    ids=lambda value: value.get("decisionType") if isinstance(value, dict) else None,
)
def test_builder_produces_the_exact_swf_dict(decision, expected):
    assert decision == expected
    assert decision.type == expected["decisionType"]
    (attributes_key,) = set(expected) - {"decisionType"}
    assert decision.attributes_key == attributes_key


def test_values_are_stored_as_given():
    decision = ActivityTaskDecision()
    decision.schedule("a", ACTIVITY, heartbeat_timeout=30, duration_timeout="0")
    attributes = decision["scheduleActivityTaskDecisionAttributes"]
    assert attributes["heartbeatTimeout"] == 30
    assert attributes["scheduleToCloseTimeout"] == "0"


# --- additions after 0.11.9 (features §1.7) ----------------------------------------------


@pytest.mark.parametrize(("priority", "sent"), [(0, "0"), (10, "10"), ("-5", "-5")])
def test_schedule_sends_the_task_priority_as_a_string(priority: object, sent: str) -> None:
    decision = ActivityTaskDecision("schedule", "a", ACTIVITY, task_priority=priority)
    assert decision["scheduleActivityTaskDecisionAttributes"]["taskPriority"] == sent


@pytest.mark.parametrize("priority", ["high", 1.5, 2**31, -(2**31) - 1, True])
def test_schedule_refuses_a_priority_swf_would_reject(priority: object) -> None:
    with pytest.raises(ValueError, match="task priority"):
        ActivityTaskDecision("schedule", "a", ACTIVITY, task_priority=priority)


def test_child_start_and_continue_as_new_carry_the_priority() -> None:
    child = ChildWorkflowExecutionDecision("start", WORKFLOW, "wid", task_priority=3)
    assert child["startChildWorkflowExecutionDecisionAttributes"]["taskPriority"] == "3"
    again = WorkflowExecutionDecision("continue_as_new", task_priority=-1, task_list="tl")
    attributes = again["continueAsNewWorkflowExecutionDecisionAttributes"]
    assert attributes["taskPriority"] == "-1"
    assert attributes["taskList"] == {"name": "tl"}
