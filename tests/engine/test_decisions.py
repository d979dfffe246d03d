"""Part B §15: every decision's success events, failure events and causes."""

from __future__ import annotations

import time

import pytest

from tests.engine.swf import Swf, decision

pytestmark = pytest.mark.integration


def _wait_for(swf: Swf, execution: dict[str, str], event_type: str, timeout: float = 5) -> None:
    deadline = time.monotonic() + timeout
    while event_type not in swf.types(execution):
        assert time.monotonic() < deadline, f"no {event_type} in {swf.types(execution)}"
        time.sleep(0.05)


# -- ScheduleActivityTask ------------------------------------------------------------------------


def test_15_schedule_activity_task_takes_the_type_defaults(swf: Swf) -> None:
    execution, task = swf.first_task()
    swf.decide(task, swf.schedule("a", input="in", control="c"))
    (scheduled,) = swf.events_of(execution, "ActivityTaskScheduled")
    assert scheduled == {
        "activityType": {"name": "act", "version": "1"},
        "activityId": "a",
        "input": "in",
        "control": "c",
        "scheduleToCloseTimeout": "120",
        "scheduleToStartTimeout": "60",
        "startToCloseTimeout": "60",
        "heartbeatTimeout": "60",
        "taskList": {"name": "activities"},
        "decisionTaskCompletedEventId": 4,
    }


@pytest.mark.parametrize(
    ("missing", "cause"),
    [
        ("defaultTaskList", "DEFAULT_TASK_LIST_UNDEFINED"),
        ("defaultTaskScheduleToCloseTimeout", "DEFAULT_SCHEDULE_TO_CLOSE_TIMEOUT_UNDEFINED"),
        ("defaultTaskScheduleToStartTimeout", "DEFAULT_SCHEDULE_TO_START_TIMEOUT_UNDEFINED"),
        ("defaultTaskStartToCloseTimeout", "DEFAULT_START_TO_CLOSE_TIMEOUT_UNDEFINED"),
        ("defaultTaskHeartbeatTimeout", "DEFAULT_HEARTBEAT_TIMEOUT_UNDEFINED"),
    ],
)
def test_15_schedule_activity_task_default_undefined(swf: Swf, missing: str, cause: str) -> None:
    params = {
        "defaultTaskList": {"name": "x"},
        "defaultTaskScheduleToCloseTimeout": "1",
        "defaultTaskScheduleToStartTimeout": "1",
        "defaultTaskStartToCloseTimeout": "1",
        "defaultTaskHeartbeatTimeout": "1",
    }
    del params[missing]
    swf.register_activity("partial", **params)
    execution, task = swf.first_task()
    swf.decide(
        task,
        decision(
            "ScheduleActivityTask", activityId="p", activityType={"name": "partial", "version": "1"}
        ),
    )
    (failed,) = swf.events_of(execution, "ScheduleActivityTaskFailed")
    assert failed["cause"] == cause
    assert failed["activityId"] == "p" and failed["decisionTaskCompletedEventId"] == 4


def test_15_schedule_activity_task_unknown_and_deprecated_types(swf: Swf) -> None:
    swf.register_activity("old", defaultTaskList={"name": "x"})
    swf.client.deprecate_activity_type(
        domain=swf.domain, activityType={"name": "old", "version": "1"}
    )
    execution, task = swf.first_task()
    swf.decide(
        task,
        decision(
            "ScheduleActivityTask", activityId="u", activityType={"name": "no", "version": "1"}
        ),
        decision(
            "ScheduleActivityTask", activityId="d", activityType={"name": "old", "version": "1"}
        ),
    )
    causes = [e["cause"] for e in swf.events_of(execution, "ScheduleActivityTaskFailed")]
    assert causes == ["ACTIVITY_TYPE_DOES_NOT_EXIST", "ACTIVITY_TYPE_DEPRECATED"]


def test_15_activity_id_in_use_only_while_open(swf: Swf) -> None:
    execution, task = swf.first_task()
    swf.decide(task, swf.schedule("same"), swf.schedule("same"))
    (failed,) = swf.events_of(execution, "ScheduleActivityTaskFailed")
    assert failed["cause"] == "ACTIVITY_ID_ALREADY_IN_USE"
    task = swf.poll()
    activity = swf.poll_activity()
    swf.client.respond_activity_task_completed(taskToken=activity["taskToken"])
    swf.decide(task)
    task = swf.poll()
    swf.decide(task, swf.schedule("same"))  # closed: reusable
    assert len(swf.events_of(execution, "ActivityTaskScheduled")) == 2


# -- RequestCancelActivityTask ---------------------------------------------------------------


def test_15_request_cancel_of_an_unstarted_activity_cancels_it_at_once(swf: Swf) -> None:
    execution, task = swf.first_task()
    swf.decide(task, swf.schedule("a"))
    task = swf.poll() if False else None  # no decision task is pending
    execution_task = swf.client.signal_workflow_execution(
        domain=swf.domain, workflowId=execution["workflowId"], signalName="go"
    )
    del execution_task
    task = swf.poll()
    swf.decide(task, decision("RequestCancelActivityTask", activityId="a"))
    types = swf.types(execution)
    assert types[-3:] == [
        "ActivityTaskCancelRequested",
        "ActivityTaskCanceled",
        "DecisionTaskScheduled",
    ]
    (canceled,) = swf.events_of(execution, "ActivityTaskCanceled")
    assert canceled["startedEventId"] == 0 and canceled["scheduledEventId"] == 5
    assert swf.poll_activity()["startedEventId"] == 0  # gone from the task list


def test_15_request_cancel_of_a_started_activity_sets_cancel_requested(swf: Swf) -> None:
    execution, task = swf.first_task()
    swf.decide(task, swf.schedule("a"))
    activity = swf.poll_activity()
    assert (
        swf.client.record_activity_task_heartbeat(taskToken=activity["taskToken"])[
            "cancelRequested"
        ]
        is False
    )
    swf.client.signal_workflow_execution(
        domain=swf.domain, workflowId=execution["workflowId"], signalName="stop"
    )
    task = swf.poll()
    swf.decide(task, decision("RequestCancelActivityTask", activityId="a"))
    assert swf.types(execution)[-1] == "ActivityTaskCancelRequested"
    beat = swf.client.record_activity_task_heartbeat(taskToken=activity["taskToken"])
    assert beat["cancelRequested"] is True
    swf.client.respond_activity_task_canceled(taskToken=activity["taskToken"], details="bye")
    (canceled,) = swf.events_of(execution, "ActivityTaskCanceled")
    requested = swf.types(execution).index("ActivityTaskCancelRequested") + 1
    assert canceled == {
        "details": "bye",
        "scheduledEventId": 5,
        "startedEventId": 6,
        "latestCancelRequestedEventId": requested,
    }
    assert swf.types(execution)[-1] == "DecisionTaskScheduled"


def test_15_request_cancel_of_an_unknown_activity_fails(swf: Swf) -> None:
    execution, task = swf.first_task()
    swf.decide(task, decision("RequestCancelActivityTask", activityId="ghost"))
    (failed,) = swf.events_of(execution, "RequestCancelActivityTaskFailed")
    assert failed == {
        "activityId": "ghost",
        "cause": "ACTIVITY_ID_UNKNOWN",
        "decisionTaskCompletedEventId": 4,
    }


# -- RecordMarker ----------------------------------------------------------------------------------


def test_15_record_marker(swf: Swf) -> None:
    execution, task = swf.first_task()
    swf.decide(task, decision("RecordMarker", markerName="m", details="d"))
    assert swf.events_of(execution, "MarkerRecorded") == [
        {"markerName": "m", "details": "d", "decisionTaskCompletedEventId": 4}
    ]


# -- StartTimer / CancelTimer ------------------------------------------------------------------


def test_15_start_timer_fires_after_its_delay(swf: Swf) -> None:
    execution, task = swf.first_task()
    swf.decide(task, decision("StartTimer", timerId="t", control="c", startToFireTimeout="1"))
    assert swf.describe(execution)["openCounts"]["openTimers"] == 1
    started = time.monotonic()
    _wait_for(swf, execution, "TimerFired")
    assert time.monotonic() - started >= 0.5
    assert swf.events_of(execution, "TimerStarted") == [
        {
            "timerId": "t",
            "control": "c",
            "startToFireTimeout": "1",
            "decisionTaskCompletedEventId": 4,
        }
    ]
    assert swf.events_of(execution, "TimerFired") == [{"timerId": "t", "startedEventId": 5}]
    assert swf.describe(execution)["openCounts"]["openTimers"] == 0


def test_15_timer_id_in_use_only_while_open(swf: Swf) -> None:
    execution, task = swf.first_task()
    swf.decide(
        task,
        decision("StartTimer", timerId="t", startToFireTimeout="100"),
        decision("StartTimer", timerId="t", startToFireTimeout="100"),
        decision("CancelTimer", timerId="t"),
        decision("StartTimer", timerId="t", startToFireTimeout="100"),
    )
    types = swf.types(execution)[4:]
    assert types[:4] == ["TimerStarted", "StartTimerFailed", "TimerCanceled", "TimerStarted"]
    (failed,) = swf.events_of(execution, "StartTimerFailed")
    assert failed == {
        "timerId": "t",
        "cause": "TIMER_ID_ALREADY_IN_USE",
        "decisionTaskCompletedEventId": 4,
    }
    (canceled,) = swf.events_of(execution, "TimerCanceled")
    assert canceled == {"timerId": "t", "startedEventId": 5, "decisionTaskCompletedEventId": 4}


def test_15_cancel_timer_of_a_fired_timer_fails_timer_id_unknown(swf: Swf) -> None:
    execution, task = swf.first_task()
    swf.decide(task, decision("StartTimer", timerId="t", startToFireTimeout="0"))
    task = swf.poll()
    swf.decide(task, decision("CancelTimer", timerId="t"))
    (failed,) = swf.events_of(execution, "CancelTimerFailed")
    assert failed["cause"] == "TIMER_ID_UNKNOWN" and failed["timerId"] == "t"


# -- SignalExternalWorkflowExecution ------------------------------------------------------------


def test_15_signal_external_workflow_execution(swf: Swf) -> None:
    target = swf.start()
    target_task = swf.poll()
    swf.decide(target_task)
    sender, task = swf.first_task()
    swf.decide(
        task,
        decision(
            "SignalExternalWorkflowExecution",
            workflowId=target["workflowId"],
            signalName="hello",
            input="payload",
            control="ctl",
        ),
    )
    (initiated,) = swf.events_of(sender, "SignalExternalWorkflowExecutionInitiated")
    assert initiated == {
        "workflowId": target["workflowId"],
        "signalName": "hello",
        "input": "payload",
        "control": "ctl",
        "decisionTaskCompletedEventId": 4,
    }
    (signaled,) = swf.events_of(target, "WorkflowExecutionSignaled")
    assert signaled == {
        "signalName": "hello",
        "input": "payload",
        "externalWorkflowExecution": sender,
        "externalInitiatedEventId": 5,
    }
    assert swf.events_of(sender, "ExternalWorkflowExecutionSignaled") == [
        {"workflowExecution": target, "initiatedEventId": 5}
    ]
    assert swf.types(sender)[-1] == "DecisionTaskScheduled"
    assert swf.types(target)[-1] == "DecisionTaskScheduled"


def test_15_signal_external_to_itself(swf: Swf) -> None:
    execution, task = swf.first_task()
    swf.decide(
        task,
        decision(
            "SignalExternalWorkflowExecution", workflowId=execution["workflowId"], signalName="me"
        ),
    )
    types = swf.types(execution)
    assert "WorkflowExecutionSignaled" in types and "ExternalWorkflowExecutionSignaled" in types


def test_15_signal_external_unknown_target_fails(swf: Swf) -> None:
    execution, task = swf.first_task()
    swf.decide(
        task,
        decision(
            "SignalExternalWorkflowExecution", workflowId="nobody", signalName="s", control="k"
        ),
    )
    (failed,) = swf.events_of(execution, "SignalExternalWorkflowExecutionFailed")
    assert failed == {
        "workflowId": "nobody",
        "cause": "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION",
        "initiatedEventId": 5,
        "decisionTaskCompletedEventId": 4,
        "control": "k",
    }
    assert swf.types(execution)[-1] == "DecisionTaskScheduled"


# -- RequestCancelExternalWorkflowExecution -------------------------------------------------------


def test_15_request_cancel_external_workflow_execution(swf: Swf) -> None:
    target = swf.start()
    swf.decide(swf.poll())
    sender, task = swf.first_task()
    swf.decide(
        task, decision("RequestCancelExternalWorkflowExecution", workflowId=target["workflowId"])
    )
    assert swf.events_of(target, "WorkflowExecutionCancelRequested") == [
        {"externalWorkflowExecution": sender, "externalInitiatedEventId": 5}
    ]
    assert swf.describe(target)["executionInfo"]["cancelRequested"] is True
    assert swf.events_of(sender, "ExternalWorkflowExecutionCancelRequested") == [
        {"workflowExecution": target, "initiatedEventId": 5}
    ]
    assert swf.types(sender)[-1] == "DecisionTaskScheduled"  # §13.2: it triggers


def test_15_request_cancel_external_unknown_fails(swf: Swf) -> None:
    execution, task = swf.first_task()
    swf.decide(task, decision("RequestCancelExternalWorkflowExecution", workflowId="nobody"))
    (failed,) = swf.events_of(execution, "RequestCancelExternalWorkflowExecutionFailed")
    assert (
        failed["cause"] == "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION" and failed["initiatedEventId"] == 5
    )


# -- closing decisions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("closing", "status", "event", "attributes"),
    [
        (
            decision("CompleteWorkflowExecution", result="r"),
            "COMPLETED",
            "WorkflowExecutionCompleted",
            {"result": "r"},
        ),
        (
            decision("FailWorkflowExecution", reason="why", details="d"),
            "FAILED",
            "WorkflowExecutionFailed",
            {"reason": "why", "details": "d"},
        ),
        (
            decision("CancelWorkflowExecution", details="d"),
            "CANCELED",
            "WorkflowExecutionCanceled",
            {"details": "d"},
        ),
    ],
)
def test_15_closing_decisions(
    swf: Swf, closing: dict[str, object], status: str, event: str, attributes: dict[str, str]
) -> None:
    execution, task = swf.first_task()
    swf.decide(task, swf.schedule("still-open"), closing)
    assert swf.events_of(execution, event) == [{**attributes, "decisionTaskCompletedEventId": 4}]
    info = swf.describe(execution)["executionInfo"]
    assert info["closeStatus"] == status
    assert info["cancelRequested"] is False  # CancelWorkflowExecution does not set the flag


def test_15_continue_as_new(swf: Swf) -> None:
    swf.register_workflow(
        "wf", version="2", defaultTaskList={"name": "v2"}, defaultTaskStartToCloseTimeout="30"
    )
    execution, task = swf.first_task(tagList=["kept?"])
    swf.decide(
        task, decision("ContinueAsNewWorkflowExecution", input="next", workflowTypeVersion="2")
    )
    (continued,) = swf.events_of(execution, "WorkflowExecutionContinuedAsNew")
    new_run = continued.pop("newExecutionRunId")
    assert continued == {
        "input": "next",
        "decisionTaskCompletedEventId": 4,
        "executionStartToCloseTimeout": "600",
        "taskList": {"name": "v2"},
        "taskStartToCloseTimeout": "30",
        "childPolicy": "TERMINATE",
        "workflowType": {"name": "wf", "version": "2"},
    }
    assert swf.describe(execution)["executionInfo"]["closeStatus"] == "CONTINUED_AS_NEW"
    new = {"workflowId": execution["workflowId"], "runId": new_run}
    (started,) = swf.events_of(new, "WorkflowExecutionStarted")
    assert started["continuedExecutionRunId"] == execution["runId"]
    assert "tagList" not in started  # not carried over
    assert swf.types(new) == ["WorkflowExecutionStarted", "DecisionTaskScheduled"]
    assert swf.poll("v2")["workflowExecution"] == new


def test_15_continue_as_new_failure_causes(swf: Swf) -> None:
    execution, task = swf.first_task()
    swf.decide(task, decision("ContinueAsNewWorkflowExecution", workflowTypeVersion="404"))
    (failed,) = swf.events_of(execution, "ContinueAsNewWorkflowExecutionFailed")
    assert failed == {"cause": "WORKFLOW_TYPE_DOES_NOT_EXIST", "decisionTaskCompletedEventId": 4}
    assert swf.types(execution)[-1] == "DecisionTaskScheduled"


def test_15_start_child_workflow_execution_initiated_attributes(swf: Swf) -> None:
    parent, task = swf.first_task()
    swf.decide(
        task,
        decision(
            "StartChildWorkflowExecution",
            workflowId="child-1",
            workflowType={"name": "wf", "version": "1"},
            input="i",
            control="c",
            tagList=["t"],
            taskPriority="2",
        ),
    )
    (initiated,) = swf.events_of(parent, "StartChildWorkflowExecutionInitiated")
    assert initiated == {
        "workflowId": "child-1",
        "workflowType": {"name": "wf", "version": "1"},
        "control": "c",
        "input": "i",
        "executionStartToCloseTimeout": "600",
        "taskList": {"name": "decisions"},
        "taskPriority": "2",
        "decisionTaskCompletedEventId": 4,
        "childPolicy": "TERMINATE",
        "taskStartToCloseTimeout": "60",
        "tagList": ["t"],
    }


@pytest.mark.parametrize(
    ("kind", "cause"),
    [
        ("missing-type", "WORKFLOW_TYPE_DOES_NOT_EXIST"),
        ("running", "WORKFLOW_ALREADY_RUNNING"),
        ("no-task-list", "DEFAULT_TASK_LIST_UNDEFINED"),
        ("deprecated", "WORKFLOW_TYPE_DEPRECATED"),
    ],
)
def test_15_start_child_failures(swf: Swf, kind: str, cause: str) -> None:
    swf.register_workflow("bare", defaultTaskList=None)
    swf.register_workflow("old")
    swf.client.deprecate_workflow_type(
        domain=swf.domain, workflowType={"name": "old", "version": "1"}
    )
    other = swf.start()
    name = {"missing-type": "nope", "no-task-list": "bare", "deprecated": "old"}.get(kind, "wf")
    parent = swf.start()
    task = swf.poll()
    if task["workflowExecution"] != parent:
        swf.decide(task)
        task = swf.poll()
    workflow_id = other["workflowId"] if kind == "running" else "child"
    swf.decide(
        task,
        decision(
            "StartChildWorkflowExecution",
            workflowId=workflow_id,
            workflowType={"name": name, "version": "1"},
        ),
    )
    (failed,) = swf.events_of(parent, "StartChildWorkflowExecutionFailed")
    assert failed["cause"] == cause
    assert failed["workflowId"] == workflow_id
    assert failed["initiatedEventId"] == (5 if kind == "running" else 0)
    assert swf.types(parent)[-1] == "DecisionTaskScheduled"
