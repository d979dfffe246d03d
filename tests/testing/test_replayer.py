"""`replay_history` on synthetic histories: agreement, and the first divergence with its hint."""

from __future__ import annotations

import json
from typing import Any

import pytest

from simpleflow.activity import Activity
from simpleflow.registry import registry
from simpleflow.testing import InvalidHistory, replay_history
from tests.simpleflow.swf._workflows import (
    BaseTestWorkflow,
    ChildWorkflow,
    ParentWorkflow,
    TwoDependentsWorkflow,
    double,
    increment,
)
from tests.testing._simulate import simulate


class Reordered(BaseTestWorkflow):
    def run(self) -> Any:
        a = self.submit(increment, 1)
        c = self.submit(increment, a)
        b = self.submit(double, a)
        return (b.result, c.result)


class InputChanged(BaseTestWorkflow):
    def run(self) -> Any:
        a = self.submit(increment, 1)
        b = self.submit(double, a)
        c = self.submit(increment, a.result + 1)
        return (b.result, c.result)


class TaskAdded(BaseTestWorkflow):
    def run(self) -> Any:
        a = self.submit(increment, 1)
        b = self.submit(double, a)
        c = self.submit(increment, a)
        d = self.submit(double, a)
        return (b.result, c.result, d.result)


class TaskRemoved(BaseTestWorkflow):
    def run(self) -> Any:
        a = self.submit(increment, 1)
        b = self.submit(double, a)
        return (b.result, None)


# Another version of the same activity type (not registered: `double` stays the one
# the simulated engine runs).
double_v2 = Activity(double._callable, "pkg.tasks.double", "v2", "default")
registry.register(double)


class VersionChanged(BaseTestWorkflow):
    def run(self) -> Any:
        a = self.submit(increment, 1)
        b = self.submit(double_v2, a)
        c = self.submit(increment, a)
        return (b.result, c.result)


class ResultChanged(BaseTestWorkflow):
    def run(self) -> Any:
        a = self.submit(increment, 1)
        b = self.submit(double, a)
        c = self.submit(increment, a)
        return {"b": b.result, "c": c.result}


def _points(events: list[dict[str, Any]]) -> list[int]:
    return [e["eventId"] for e in events if e["eventType"] == "DecisionTaskCompleted"]


@pytest.fixture(scope="module")
def recorded() -> list[dict[str, Any]]:
    return simulate(TwoDependentsWorkflow)


def test_unchanged_code_agrees_at_every_decision_point(recorded: list[dict[str, Any]]) -> None:
    report = replay_history(TwoDependentsWorkflow, recorded)
    assert report.ok
    assert report.decision_points == len(_points(recorded)) == 3
    assert report.events == len(recorded)
    assert report.to_dict()["divergence"] is None


def test_an_object_with_events_is_accepted(recorded: list[dict[str, Any]]) -> None:
    assert replay_history(TwoDependentsWorkflow, {"events": recorded}).ok


def test_json_payloads_are_compared_decoded(recorded: list[dict[str, Any]]) -> None:
    compact = json.loads(json.dumps(recorded))
    for event in compact:
        attributes = event.get("activityTaskScheduledEventAttributes")
        if attributes:
            attributes["input"] = json.dumps(json.loads(attributes["input"]), separators=(",", ":"))
    assert replay_history(TwoDependentsWorkflow, compact).ok


@pytest.mark.parametrize(
    ("workflow", "hint"),
    [
        (Reordered, "tasks reordered: the same decisions are made in another order"),
        (InputChanged, "input changed for ScheduleActivityTask activity-pkg.tasks.increment-2"),
        (TaskAdded, "a task was added: ScheduleActivityTask activity-pkg.tasks.double-2"),
        (TaskRemoved, "a task was removed: ScheduleActivityTask activity-pkg.tasks.increment-2"),
        (
            VersionChanged,
            "version changed for activity-pkg.tasks.double-1: 'default' is now 'v2'",
        ),
    ],
)
def test_the_first_divergence_is_reported_with_its_hint(
    recorded: list[dict[str, Any]], workflow: type, hint: str
) -> None:
    report = replay_history(workflow, recorded)
    assert not report.ok
    divergence = report.divergence
    assert divergence is not None
    # The second decision task schedules double(a) and increment(a).
    assert divergence.event_id == _points(recorded)[1]
    assert report.decision_points == 2
    assert divergence.hint.startswith(hint)
    assert [c.id for c in divergence.recorded] == [
        "activity-pkg.tasks.double-1",
        "activity-pkg.tasks.increment-2",
    ]
    text = str(report)
    assert f"decision point {divergence.event_id}" in text and hint in text


def test_a_changed_result_diverges_on_the_close_decision(recorded: list[dict[str, Any]]) -> None:
    report = replay_history(ResultChanged, recorded)
    assert report.divergence is not None
    assert report.divergence.event_id == _points(recorded)[-1]
    assert report.divergence.hint == "input changed for CompleteWorkflowExecution"
    assert report.divergence.to_dict()["recorded"] == [
        {"decision": "CompleteWorkflowExecution", "input": [4, 3]}
    ]
    assert report.divergence.to_dict()["current"][0]["input"] == {"b": 4, "c": 3}


# --- child workflows ---------------------------------------------------------------


class ChildV2(ChildWorkflow):
    version = "v2"


class ParentOfV2(BaseTestWorkflow):
    def run(self) -> Any:
        return self.submit(ChildV2, 1).result


class ParentWithOtherInput(BaseTestWorkflow):
    def run(self) -> Any:
        return self.submit(ChildWorkflow, 2).result


def test_a_child_workflow_history_replays() -> None:
    events = simulate(ParentWorkflow)
    assert "StartChildWorkflowExecutionInitiated" in [e["eventType"] for e in events]
    report = replay_history(ParentWorkflow, events)
    assert report.ok and report.decision_points == 2


@pytest.mark.parametrize(
    ("workflow", "hint"),
    [
        (ParentOfV2, "version changed for workflow-child-None--0--1: 'v1' is now 'v2'"),
        (
            ParentWithOtherInput,
            "input changed for StartChildWorkflowExecution workflow-child-None--0--1",
        ),
    ],
)
def test_a_changed_child_diverges(workflow: type, hint: str) -> None:
    events = simulate(ParentWorkflow)
    report = replay_history(workflow, events)
    assert report.divergence is not None
    assert report.divergence.event_id == 4
    assert report.divergence.hint == hint


# --- hand-built histories of other decision kinds -----------------------------------


def event(event_id: int, event_type: str, **attributes: Any) -> dict[str, Any]:
    key = event_type[0].lower() + event_type[1:] + "EventAttributes"
    return {
        "eventId": event_id,
        "eventType": event_type,
        "eventTimestamp": event_id,
        key: attributes,
    }


def _start(workflow: type, args: list[Any]) -> list[dict[str, Any]]:
    return [
        event(
            1,
            "WorkflowExecutionStarted",
            workflowType={"name": workflow.name, "version": workflow.version},
            input=json.dumps({"args": args, "kwargs": {}}),
        ),
        event(2, "DecisionTaskScheduled"),
        event(3, "DecisionTaskStarted", scheduledEventId=2),
        event(4, "DecisionTaskCompleted", scheduledEventId=2, startedEventId=3),
    ]


class Increments(BaseTestWorkflow):
    def run(self, x: int) -> Any:
        return self.submit(increment, x).result


def test_recorded_timers_and_markers_the_code_no_longer_makes_are_reported() -> None:
    events = [
        *_start(Increments, [1]),
        event(
            5,
            "MarkerRecorded",
            markerName="step",
            details='{"n":1}',
            decisionTaskCompletedEventId=4,
        ),
        event(
            6, "TimerStarted", timerId="t", startToFireTimeout="5", decisionTaskCompletedEventId=4
        ),
    ]
    report = replay_history(Increments, events)
    assert report.divergence is not None
    assert report.divergence.event_id == 4
    assert [c.to_dict() for c in report.divergence.recorded] == [
        {"decision": "RecordMarker", "id": "step", "input": {"n": 1}},
        {
            "decision": "StartTimer",
            "id": "t",
            "input": {"start_to_fire_timeout": "5", "control": None},
        },
    ]
    assert report.divergence.current[0].decision == "ScheduleActivityTask"
    assert report.divergence.hint == (
        "the code now makes ScheduleActivityTask where the history has RecordMarker"
    )


def test_a_decision_point_sees_only_the_events_up_to_its_decision_task_start() -> None:
    activity = {
        "activityId": "activity-pkg.tasks.increment-1",
        "activityType": {"name": increment.name, "version": increment.version},
    }
    events = [
        *_start(Increments, [1]),
        event(
            5,
            "ActivityTaskScheduled",
            input='{"args": [1], "kwargs": {}}',
            decisionTaskCompletedEventId=4,
            **activity,
        ),
        event(6, "ActivityTaskStarted", scheduledEventId=5),
        event(7, "DecisionTaskScheduled"),
        event(8, "DecisionTaskStarted", scheduledEventId=7),
        # Completed while the second decision task ran: that task did not see it.
        event(9, "ActivityTaskCompleted", scheduledEventId=5, startedEventId=6, result="2"),
        event(10, "DecisionTaskCompleted", scheduledEventId=7, startedEventId=8),
        event(11, "DecisionTaskScheduled"),
        event(12, "DecisionTaskStarted", scheduledEventId=11),
        event(13, "DecisionTaskCompleted", scheduledEventId=11, startedEventId=12),
        event(14, "WorkflowExecutionCompleted", result="2", decisionTaskCompletedEventId=13),
    ]
    report = replay_history(Increments, events)
    assert report.ok, str(report)
    assert report.decision_points == 3


class OtherType(BaseTestWorkflow):
    name = "other"


def test_a_history_of_another_workflow_type_is_refused(recorded: list[dict[str, Any]]) -> None:
    with pytest.raises(InvalidHistory, match="is a history of workflow type 'test_workflow'"):
        replay_history(OtherType, recorded)


def test_another_version_of_the_workflow_type_is_noted(recorded: list[dict[str, Any]]) -> None:
    class NextVersion(TwoDependentsWorkflow):
        version = "2"

    report = replay_history(NextVersion, recorded)
    assert report.ok
    assert report.notes and "now version '2'" in report.notes[0]
