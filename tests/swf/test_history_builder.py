from __future__ import annotations

import json
import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from swf.models.event import Event
from swf.models.event.workflow import CompiledChildWorkflowExecutionEvent
from swf.models.history import base, builder
from swf.models.history.builder import History

REPO_ROOT = Path(__file__).resolve().parents[2]


class _Workflow:
    name = "tests.data.workflows.MyWorkflow"
    version = "example"
    task_list = "wf-task-list"
    decision_tasks_timeout = "300"
    execution_timeout = "3600"
    tag_list = ["tag1"]


class _Activity:
    name = "tests.data.activities.increment"
    version = "test"
    task_list = "act-task-list"
    task_schedule_to_close_timeout = "60"
    task_schedule_to_start_timeout = "40"
    task_start_to_close_timeout = "20"
    task_heartbeat_timeout = "10"


def attributes(event: Event) -> dict:
    return event.raw[event._attributes_key]


@pytest.fixture
def history():
    return History(_Workflow, input={"args": [4]})


def test_module_globals():
    assert builder.__all__ == ["History"]
    assert builder.DEFAULT_DECIDER_IDENTITY == "test_decider"
    assert builder.DEFAULT_WORKER_IDENTITY == "test_worker"
    assert builder.DEFAULT_REASON == "REASON"
    assert builder.DEFAULT_DETAILS == "DETAILS"
    assert builder.CHILD_WORKFLOW_STATES == set(CompiledChildWorkflowExecutionEvent.states)


def test_new_timestamp_never_decreases():
    values = [builder.new_timestamp_string() for _ in range(20)]
    assert all(isinstance(v, float) for v in values)
    assert values == sorted(values)
    assert builder.LATEST_TIMESTAMP == values[-1]
    assert builder.FIRST_TIMESTAMP is not None


def test_constructor_creates_the_first_three_events(history):
    assert isinstance(history, base.History)
    assert history.raw is None
    assert [(e.id, e.name) for e in history.events] == [
        (1, "WorkflowExecutionStarted"),
        (2, "DecisionTaskScheduled"),
        (3, "DecisionTaskStarted"),
    ]
    assert attributes(history[0]) == {
        "taskList": {"name": "wf-task-list"},
        "parentInitiatedEventId": 0,
        "taskStartToCloseTimeout": "300",
        "childPolicy": "TERMINATE",
        "executionStartToCloseTimeout": "3600",
        "input": '{"args": [4]}',
        "workflowType": {"name": _Workflow.name, "version": "example"},
        "tagList": ["tag1"],
    }
    assert history[0].input == {"args": [4]}
    assert attributes(history[1]) == {
        "startToCloseTimeout": "300",
        "taskList": {"name": "wf-task-list"},
    }
    assert attributes(history[2]) == {"scheduledEventId": 2, "identity": "test_decider"}
    assert (history.last_id, history.next_id) == (3, 4)
    timestamps = [e.timestamp for e in history.events]
    assert timestamps == sorted(timestamps)


def test_constructor_defaults_and_explicit_tag_list():
    class Bare:
        name, version, task_list = "w", "1", "tl"
        decision_tasks_timeout = execution_timeout = "5"

    history = History(Bare)
    assert attributes(history[0])["input"] == "{}"
    assert attributes(history[0])["tagList"] is None
    assert attributes(History(Bare, tag_list=["x"])[0])["tagList"] == ["x"]


def test_base_methods_work_on_a_built_history(history):
    assert len(history) == 3
    assert [e.id for e in history] == [1, 2, 3]
    assert history.filter(type="DecisionTask")[0].id == 2
    assert history.finished is False


def test_decision_task_methods(history):
    result = history.add_decision_task_completed(execution_context={"a": 1})
    assert result is history
    assert history.last.name == "DecisionTaskCompleted"
    assert attributes(history.last) == {
        "startedEventId": 3,
        "scheduledEventId": 2,
        "executionContext": '{"a": 1}',
    }
    history.add_decision_task_scheduled().add_decision_task_started()
    assert attributes(history.last)["scheduledEventId"] == 5
    history.add_decision_task_timed_out()
    assert history.last.name == "DecisionTaskTimedOut"
    assert attributes(history.last) == {
        "startedEventId": 6,
        "scheduledEventId": 5,
        "timeoutType": "START_TO_CLOSE",
    }
    history.add_decision_task_completed(scheduled=2, started=3)
    assert attributes(history.last)["executionContext"] is None


def test_add_decision_task_records_an_empty_context(history):
    history.add_decision_task()
    assert [e.name for e in history.events[3:]] == [
        "DecisionTaskScheduled",
        "DecisionTaskStarted",
        "DecisionTaskCompleted",
    ]
    assert attributes(history.last)["executionContext"] == "{}"
    assert history.last.execution_context == "{}"


def test_activity_task_scheduled_attributes(history):
    history.add_activity_task_scheduled(
        _Activity, decision_id=3, activity_id="act-1", input={"args": [4]}, control={"c": 1}
    )
    event = history.last
    assert (event.id, event.type, event.state) == (4, "ActivityTask", "scheduled")
    assert attributes(event) == {
        "control": '{"c": 1}',
        "taskList": {"name": "act-task-list"},
        "scheduleToCloseTimeout": "60",
        "activityType": {"name": _Activity.name, "version": "test"},
        "heartbeatTimeout": "10",
        "activityId": "act-1",
        "scheduleToStartTimeout": "40",
        "decisionTaskCompletedEventId": 3,
        "input": '{"args": [4]}',
        "startToCloseTimeout": "20",
    }
    assert event.input == {"args": [4]}


def test_activity_task_scheduled_defaults(history):
    history.add_activity_task_scheduled(_Activity, decision_id=3)
    attrs = attributes(history.last)
    assert attrs["control"] == "{}"
    assert attrs["input"] == "{}"
    expected_id = f"{_Activity.name}-{zlib.crc32(_Activity.name.encode())}"
    assert attrs["activityId"] == expected_id


def test_default_activity_id_is_stable_across_processes():
    code = (
        "import types\n"
        "from swf.models.history.builder import History\n"
        "wf = types.SimpleNamespace(name='w', version='1', task_list='t',\n"
        "    decision_tasks_timeout='1', execution_timeout='1')\n"
        "act = types.SimpleNamespace(name='my.activity', version='1', task_list='t',\n"
        "    task_schedule_to_close_timeout='1', task_schedule_to_start_timeout='1',\n"
        "    task_start_to_close_timeout='1', task_heartbeat_timeout='1')\n"
        "print(History(wf).add_activity_task_scheduled(act, 3).last.activity_id)\n"
    )
    ids = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
            cwd=REPO_ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout.strip()
        for seed in ("1", "2")
    }
    assert ids == {f"my.activity-{zlib.crc32(b'my.activity')}"}


def test_activity_task_schedule_failed(history):
    activity_type = {"name": "a", "version": "1"}
    history.add_activity_task_schedule_failed(
        "act-1", 3, activity_type, "ACTIVITY_TYPE_DOES_NOT_EXIST"
    )
    event = history.last
    assert (event.id, event.state) == (4, "schedule_failed")
    assert event.raw["eventTimestamp"] == 1386947268.527
    assert attributes(event) == {
        "activityId": "act-1",
        "activityType": {"name": "a", "version": "1"},
        "cause": "ACTIVITY_TYPE_DOES_NOT_EXIST",
        "decisionTaskCompletedEventId": 3,
    }
    assert event.activity_type is not activity_type


def test_activity_task_started_completed_failed_timed_out(history):
    history.add_activity_task_scheduled(_Activity, 3, activity_id="a")
    history.add_activity_task_started(scheduled=4)
    assert attributes(history.last) == {"scheduledEventId": 4, "identity": "test_worker"}
    history.add_activity_task_completed(scheduled=4, started=5, result={"r": 1})
    assert attributes(history.last) == {
        "startedEventId": 5,
        "scheduledEventId": 4,
        "result": '{"r": 1}',
    }
    history.add_activity_task_completed(scheduled=4, started=5)
    assert attributes(history.last)["result"] is None
    history.add_activity_task_failed()
    assert attributes(history.last) == {
        "reason": "REASON",
        "details": "DETAILS",
        "scheduledEventId": 6,
        "startedEventId": 7,
    }
    result = history.add_activity_task_timed_out("HEARTBEAT", scheduled=4, started=5)
    assert result is history
    assert attributes(history.last) == {
        "scheduledEventId": 4,
        "startedEventId": 5,
        "timeoutType": "HEARTBEAT",
    }
    history.add_activity_task_timed_out("START_TO_CLOSE")
    assert attributes(history.last)["scheduledEventId"] == 8
    assert attributes(history.last)["startedEventId"] == 9


@pytest.mark.parametrize(
    ("last_state", "names"),
    [
        ("scheduled", ["ActivityTaskScheduled"]),
        ("started", ["ActivityTaskScheduled", "ActivityTaskStarted"]),
        ("completed", ["ActivityTaskScheduled", "ActivityTaskStarted", "ActivityTaskCompleted"]),
        ("failed", ["ActivityTaskScheduled", "ActivityTaskStarted", "ActivityTaskFailed"]),
        ("timed_out", ["ActivityTaskScheduled", "ActivityTaskStarted", "ActivityTaskTimedOut"]),
        ("schedule_failed", ["ActivityTaskScheduled", "ScheduleActivityTaskFailed"]),
    ],
)
def test_add_activity_task_flows(history, last_state, names):
    result = history.add_activity_task(
        _Activity,
        decision_id=3,
        last_state=last_state,
        activity_id="act-1",
        input={"args": [4]},
        result=5,
        activity_type={"name": "x", "version": "y"},
        cause="ACTIVITY_TYPE_DOES_NOT_EXIST",
        timeout_type="SCHEDULE_TO_START",
    )
    assert result is history
    assert [e.name for e in history.events[3:]] == names
    last = history.last
    if last_state == "completed":
        assert (last.result, last.scheduled_event_id, last.started_event_id) == ("5", 4, 5)
    elif last_state == "failed":
        assert (last.reason, last.details) == ("REASON", "DETAILS")
    elif last_state == "timed_out":
        assert (last.timeout_type, last.scheduled_event_id) == ("SCHEDULE_TO_START", 4)
    elif last_state == "schedule_failed":
        assert (last.activity_id, last.activity_type) == ("act-1", {"name": "x", "version": "y"})
    elif last_state == "started":
        assert last.scheduled_event_id == 4


def test_add_activity_task_rejects_unknown_state_after_appending(history):
    with pytest.raises(ValueError, match="'bogus'"):
        history.add_activity_task(_Activity, 3, last_state="bogus")
    assert [e.name for e in history.events[3:]] == ["ActivityTaskScheduled", "ActivityTaskStarted"]


def test_spec_usage_sketch():
    h = History(_Workflow, input={"args": [4]})
    decision_id = h.last_id
    assert decision_id == 3
    (
        h.add_activity_task(
            _Activity,
            decision_id=decision_id,
            last_state="completed",
            activity_id="activity-tests.data.activities.increment-1",
            input={"args": 4},
            result=5,
        )
        .add_decision_task_scheduled()
        .add_decision_task_started()
    )
    assert [e.type for e in h.events][:3] == ["WorkflowExecution", "DecisionTask", "DecisionTask"]
    assert h.events[0].input == {"args": [4]}
    assert h.events[-3].state == "completed"
    assert h.events[-3].name == "ActivityTaskCompleted"


def test_child_workflow_start_initiated(history):
    history.add_child_workflow_start_initiated(
        _Workflow, workflow_id="child-1", task_list="tl", input={"a": 1}, tag_list=["t"]
    )
    event = history.last
    assert (event.type, event.state) == ("ChildWorkflowExecution", "start_initiated")
    assert attributes(event) == {
        "control": "{}",
        "childPolicy": "TERMINATE",
        "decisionTaskCompletedEventId": 76,
        "executionStartToCloseTimeout": "432000",
        "input": '{"a": 1}',
        "tagList": ["t"],
        "taskList": "tl",
        "taskStartToCloseTimeout": 0,
        "workflowId": "child-1",
        "workflowType": {"name": _Workflow.name, "version": "example"},
    }
    history.add_child_workflow_start_initiated(_Workflow, control={"c": 2})
    assert attributes(history.last)["input"] == "{}"
    assert attributes(history.last)["control"] == '{"c": 2}'


def test_child_workflow_started_and_closing_events(history):
    history.add_child_workflow_start_initiated(_Workflow, workflow_id="child-1")
    history.add_child_workflow_started(4)
    started = history.last
    assert started.initiated_event_id == 4
    assert started.workflow_execution == {
        "runId": started.raw["eventTimestamp"],
        "workflowId": "child-1",
    }
    assert isinstance(started.workflow_execution["runId"], float)
    assert started.workflow_type == {"name": _Workflow.name, "version": "example"}
    common = {
        "initiatedEventId": 4,
        "startedEventId": 5,
        "workflowExecution": started.workflow_execution,
        "workflowType": started.workflow_type,
    }
    history.add_child_workflow_completed(4, 5, result="raw result")
    assert attributes(history.last) == {**common, "result": "raw result"}
    history.add_child_workflow_failed(4, 5, reason="r", details="d")
    assert attributes(history.last) == {**common, "reason": "r", "details": "d"}
    history.add_child_workflow_timed_out(4, 5, "START_TO_CLOSE")
    assert attributes(history.last) == {**common, "timeoutType": "START_TO_CLOSE"}
    history.add_child_workflow_canceled(4, 5)
    assert attributes(history.last) == common
    history.add_child_workflow_terminated(4, 5)
    assert attributes(history.last) == common
    assert [e.state for e in history.events[5:]] == [
        "completed",
        "failed",
        "timed_out",
        "canceled",
        "terminated",
    ]


@pytest.mark.parametrize(
    ("last_state", "names"),
    [
        ("start_initiated", ["StartChildWorkflowExecutionInitiated"]),
        (
            "start_failed",
            ["StartChildWorkflowExecutionInitiated", "StartChildWorkflowExecutionFailed"],
        ),
        ("started", ["StartChildWorkflowExecutionInitiated", "ChildWorkflowExecutionStarted"]),
        ("completed", ["ChildWorkflowExecutionCompleted"]),
        ("failed", ["ChildWorkflowExecutionFailed"]),
        ("timed_out", ["ChildWorkflowExecutionTimedOut"]),
        ("canceled", ["ChildWorkflowExecutionCanceled"]),
        ("terminated", ["ChildWorkflowExecutionTerminated"]),
    ],
)
def test_add_child_workflow_flows(history, last_state, names):
    result = history.add_child_workflow(
        _Workflow, last_state=last_state, workflow_id="child-1", input={"x": 1}, result="42"
    )
    assert result is history
    added = [e.name for e in history.events[3:]]
    if last_state not in ("start_initiated", "start_failed", "started"):
        names = [
            "StartChildWorkflowExecutionInitiated",
            "ChildWorkflowExecutionStarted",
            *names,
        ]
    assert added == names
    assert history.last.state == last_state
    if last_state == "completed":
        assert history.last.result == "42"
    if last_state == "timed_out":
        assert history.last.timeout_type == "START_TO_CLOSE"
    if last_state == "start_failed":
        assert (history.last.initiated_event_id, history.last.workflow_id) == (4, "child-1")


def test_add_child_workflow_rejects_unknown_state_after_initiating(history):
    with pytest.raises(ValueError, match="'bogus'"):
        history.add_child_workflow(_Workflow, last_state="bogus")
    assert [e.name for e in history.events[3:]] == ["StartChildWorkflowExecutionInitiated"]


def test_request_cancel_and_signal(history):
    history.add_request_cancel(cause="CHILD_POLICY_APPLIED", external_event_id=2)
    assert history.last.name == "WorkflowExecutionCancelRequested"
    assert attributes(history.last) == {
        "externalInitiatedEventId": 2,
        "cause": "CHILD_POLICY_APPLIED",
    }
    history.add_request_cancel()
    assert attributes(history.last) == {"externalInitiatedEventId": 0, "cause": None}
    history.add_signal("go", input={"v": 1})
    assert (history.last.type, history.last.state) == ("WorkflowExecution", "signaled")
    assert attributes(history.last) == {
        "externalInitiatedEventId": 0,
        "input": '{"v": 1}',
        "signalName": "go",
    }
    assert history.last.input == {"v": 1}
    history.add_signal("empty")
    assert attributes(history.last)["input"] == "{}"


def test_built_events_round_trip_through_from_event_list(history):
    history.add_activity_task(_Activity, 3, activity_id="a").add_decision_task()
    raw_events = json.loads(json.dumps([e.raw for e in history.events]))
    parsed = base.History.from_event_list(raw_events)
    assert [(e.id, e.type, e.state) for e in parsed] == [(e.id, e.type, e.state) for e in history]
