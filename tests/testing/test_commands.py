"""Decisions and the events SWF records for them reduce to the same `Command` (every type)."""

from __future__ import annotations

from typing import Any

import pytest

from simpleflow.testing._commands import UNRECORDED, from_decision, recorded_commands

ACTIVITY_TYPE = {"name": "pkg.tasks.increment", "version": "1"}
CHILD_TYPE = {"name": "child", "version": "v1"}


def decision(decision_type: str, **attributes: Any) -> dict[str, Any]:
    key = decision_type[0].lower() + decision_type[1:] + "DecisionAttributes"
    return {"decisionType": decision_type, key: attributes}


def event(event_id: int, event_type: str, **attributes: Any) -> dict[str, Any]:
    key = event_type[0].lower() + event_type[1:] + "EventAttributes"
    return {"eventId": event_id, "eventType": event_type, key: attributes}


# (decision made now, event recorded for it, the same decision with another payload)
CASES = [
    (
        decision(
            "ScheduleActivityTask",
            activityId="activity-pkg.tasks.increment-1",
            activityType=ACTIVITY_TYPE,
            taskList={"name": "a"},
            input='{"args": [1], "kwargs": {}}',
        ),
        event(
            5,
            "ActivityTaskScheduled",
            activityId="activity-pkg.tasks.increment-1",
            activityType=ACTIVITY_TYPE,
            taskList={"name": "another list"},
            input='{"kwargs":{},"args":[1]}',
            decisionTaskCompletedEventId=4,
        ),
        decision(
            "ScheduleActivityTask",
            activityId="activity-pkg.tasks.increment-1",
            activityType=ACTIVITY_TYPE,
            input='{"args": [2], "kwargs": {}}',
        ),
    ),
    (
        decision("RequestCancelActivityTask", activityId="a-1"),
        event(5, "ActivityTaskCancelRequested", activityId="a-1", decisionTaskCompletedEventId=4),
        decision("RequestCancelActivityTask", activityId="a-2"),
    ),
    (
        decision(
            "StartChildWorkflowExecution",
            workflowId="workflow-child-1",
            workflowType=CHILD_TYPE,
            input='{"args": [1], "kwargs": {}}',
        ),
        event(
            5,
            "StartChildWorkflowExecutionInitiated",
            workflowId="workflow-child-1",
            workflowType=CHILD_TYPE,
            input='{"args":[1],"kwargs":{}}',
            decisionTaskCompletedEventId=4,
        ),
        decision(
            "StartChildWorkflowExecution",
            workflowId="workflow-child-1",
            workflowType={"name": "child", "version": "v2"},
            input='{"args": [1], "kwargs": {}}',
        ),
    ),
    (
        decision("StartTimer", timerId="t", startToFireTimeout="10", control='{"a": 1}'),
        event(
            5,
            "TimerStarted",
            timerId="t",
            startToFireTimeout="10",
            control='{"a":1}',
            decisionTaskCompletedEventId=4,
        ),
        decision("StartTimer", timerId="t", startToFireTimeout="20", control='{"a": 1}'),
    ),
    (
        decision("CancelTimer", timerId="t"),
        event(5, "TimerCanceled", timerId="t", startedEventId=3, decisionTaskCompletedEventId=4),
        decision("CancelTimer", timerId="u"),
    ),
    (
        decision("RecordMarker", markerName="m", details='{"step": 1}'),
        event(
            5,
            "MarkerRecorded",
            markerName="m",
            details='{"step":1}',
            decisionTaskCompletedEventId=4,
        ),
        decision("RecordMarker", markerName="m", details='{"step": 2}'),
    ),
    (
        decision(
            "SignalExternalWorkflowExecution",
            workflowId="w",
            signalName="go",
            input='{"x": [1, 2]}',
        ),
        event(
            5,
            "SignalExternalWorkflowExecutionInitiated",
            workflowId="w",
            signalName="go",
            input='{"x":[1,2]}',
            decisionTaskCompletedEventId=4,
        ),
        decision(
            "SignalExternalWorkflowExecution",
            workflowId="w",
            signalName="stop",
            input='{"x": [1, 2]}',
        ),
    ),
    (
        decision("RequestCancelExternalWorkflowExecution", workflowId="w", runId="r"),
        event(
            5,
            "RequestCancelExternalWorkflowExecutionInitiated",
            workflowId="w",
            runId="r",
            decisionTaskCompletedEventId=4,
        ),
        decision("RequestCancelExternalWorkflowExecution", workflowId="v"),
    ),
    (
        decision("CompleteWorkflowExecution", result='{"a": [1, 2]}'),
        event(
            5, "WorkflowExecutionCompleted", result='{"a":[1,2]}', decisionTaskCompletedEventId=4
        ),
        decision("CompleteWorkflowExecution", result='{"a": [2, 1]}'),
    ),
    (
        decision("FailWorkflowExecution", reason="boom", details="traceback A"),
        event(
            5,
            "WorkflowExecutionFailed",
            reason="boom",
            details="traceback B",
            decisionTaskCompletedEventId=4,
        ),
        decision("FailWorkflowExecution", reason="bang"),
    ),
    (
        decision("CancelWorkflowExecution", details="bye"),
        event(5, "WorkflowExecutionCanceled", details="bye", decisionTaskCompletedEventId=4),
        decision("CancelWorkflowExecution", details="later"),
    ),
    (
        decision("ContinueAsNewWorkflowExecution", input='{"args": [2]}', workflowTypeVersion="2"),
        event(
            5,
            "WorkflowExecutionContinuedAsNew",
            input='{"args":[2]}',
            workflowType={"name": "w", "version": "2"},
            newExecutionRunId="r2",
            decisionTaskCompletedEventId=4,
        ),
        decision("ContinueAsNewWorkflowExecution", input='{"args": [3]}'),
    ),
]
IDS = [case[0]["decisionType"] for case in CASES]


@pytest.mark.parametrize(("made", "recorded", "changed"), CASES, ids=IDS)
def test_a_decision_matches_the_event_recorded_for_it(
    made: dict[str, Any], recorded: dict[str, Any], changed: dict[str, Any]
) -> None:
    [command] = recorded_commands([recorded])[4]
    assert command.decision == made["decisionType"]
    assert from_decision(made).matches(command)
    assert not from_decision(changed).matches(command)


def test_every_swf_decision_type_is_covered() -> None:
    assert sorted(IDS) == sorted(
        [
            "ScheduleActivityTask",
            "RequestCancelActivityTask",
            "StartChildWorkflowExecution",
            "StartTimer",
            "CancelTimer",
            "RecordMarker",
            "SignalExternalWorkflowExecution",
            "RequestCancelExternalWorkflowExecution",
            "CompleteWorkflowExecution",
            "FailWorkflowExecution",
            "CancelWorkflowExecution",
            "ContinueAsNewWorkflowExecution",
        ]
    )


def test_a_refused_decision_keeps_its_id_and_type_and_its_cause() -> None:
    refused = event(
        5,
        "ScheduleActivityTaskFailed",
        activityId="activity-pkg.tasks.increment-1",
        activityType=ACTIVITY_TYPE,
        cause="ACTIVITY_TYPE_DOES_NOT_EXIST",
        decisionTaskCompletedEventId=4,
    )
    [command] = recorded_commands([refused])[4]
    assert command.input is UNRECORDED
    assert command.outcome == "ScheduleActivityTaskFailed: ACTIVITY_TYPE_DOES_NOT_EXIST"
    assert from_decision(CASES[0][0]).matches(command)
    assert not from_decision(CASES[1][0]).matches(command)


def test_a_failure_after_an_initiated_event_is_its_outcome_not_another_decision() -> None:
    events = [
        event(
            5,
            "SignalExternalWorkflowExecutionInitiated",
            workflowId="w",
            signalName="go",
            decisionTaskCompletedEventId=4,
        ),
        event(
            6, "TimerStarted", timerId="t", startToFireTimeout="0", decisionTaskCompletedEventId=4
        ),
        event(
            9,
            "SignalExternalWorkflowExecutionFailed",
            workflowId="w",
            initiatedEventId=5,
            cause="UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION",
            decisionTaskCompletedEventId=4,
        ),
    ]
    commands = recorded_commands(events)[4]
    assert [c.decision for c in commands] == ["SignalExternalWorkflowExecution", "StartTimer"]
    assert commands[0].outcome == (
        "SignalExternalWorkflowExecutionFailed: UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION"
    )


def test_decisions_are_grouped_by_decision_task_in_order() -> None:
    events = [
        event(
            5, "TimerStarted", timerId="b", startToFireTimeout="0", decisionTaskCompletedEventId=4
        ),
        event(
            6, "TimerStarted", timerId="a", startToFireTimeout="0", decisionTaskCompletedEventId=4
        ),
        event(7, "TimerFired", timerId="a", startedEventId=6),
        event(10, "MarkerRecorded", markerName="m", decisionTaskCompletedEventId=9),
    ]
    grouped = recorded_commands(events)
    assert [c.id for c in grouped[4]] == ["b", "a"]
    assert [c.id for c in grouped[9]] == ["m"]


def test_an_unknown_decision_type_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown SWF decision type 'Launch'"):
        from_decision({"decisionType": "Launch"})
