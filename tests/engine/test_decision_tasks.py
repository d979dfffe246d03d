"""Part B §13: decision-task scheduling, triggers, RespondDecisionTaskCompleted, context."""

from __future__ import annotations

import time

import pytest
from botocore.exceptions import ClientError

from tests.engine.swf import Swf, attrs, decision

pytestmark = pytest.mark.integration


def _error(err: pytest.ExceptionInfo[ClientError]) -> str:
    return str(err.value.response["Error"]["Code"])


# -- §13.1 scheduling rule ---------------------------------------------------------------------


def test_13_1_one_scheduled_task_at_most_two_completions_before_a_poll(swf: Swf) -> None:
    execution, task = swf.first_task()
    swf.decide(task, swf.schedule("a1"), swf.schedule("a2"))
    for _ in range(2):
        activity = swf.poll_activity()
        swf.client.respond_activity_task_completed(taskToken=activity["taskToken"])
    assert swf.types(execution).count("DecisionTaskScheduled") == 2  # the first + one


def test_13_1_a_task_scheduled_while_one_is_started_waits_for_it(swf: Swf) -> None:
    execution, task = swf.first_task()
    swf.client.signal_workflow_execution(
        domain=swf.domain, workflowId=execution["workflowId"], signalName="s"
    )
    assert swf.types(execution)[-2:] == ["WorkflowExecutionSignaled", "DecisionTaskScheduled"]
    assert swf.poll()["startedEventId"] == 0  # not pollable while the first is started
    swf.decide(task)
    second = swf.poll()
    assert second["taskToken"] and second["previousStartedEventId"] == task["startedEventId"]


def test_13_1_decision_task_scheduled_attributes(swf: Swf) -> None:
    execution = swf.start(taskPriority="7")
    (scheduled,) = swf.events_of(execution, "DecisionTaskScheduled")
    assert scheduled == {
        "taskList": {"name": "decisions"},
        "startToCloseTimeout": "60",
        "taskPriority": "7",
    }


def test_13_1_started_and_completed_attributes(swf: Swf) -> None:
    execution, task = swf.first_task()
    swf.decide(task, executionContext="ctx")
    (started,) = swf.events_of(execution, "DecisionTaskStarted")
    (completed,) = swf.events_of(execution, "DecisionTaskCompleted")
    assert started == {"scheduledEventId": 2, "identity": "test-decider"}
    assert completed == {"scheduledEventId": 2, "startedEventId": 3, "executionContext": "ctx"}


def test_13_1_start_to_close_timeout_records_timed_out_and_a_new_task(swf: Swf) -> None:
    execution = swf.start(taskStartToCloseTimeout="1")
    task = swf.poll()
    deadline = time.monotonic() + 5
    while "DecisionTaskTimedOut" not in swf.types(execution) and time.monotonic() < deadline:
        time.sleep(0.05)
    types = swf.types(execution)
    assert types[3:] == ["DecisionTaskTimedOut", "DecisionTaskScheduled"]
    (timed_out,) = swf.events_of(execution, "DecisionTaskTimedOut")
    assert timed_out == {
        "timeoutType": "START_TO_CLOSE",
        "scheduledEventId": 2,
        "startedEventId": 3,
    }
    with pytest.raises(ClientError) as err:
        swf.decide(task)
    assert _error(err) == "UnknownResourceFault"
    assert swf.poll()["startedEventId"] == 6


def test_13_1_schedule_to_start_timeout_of_a_decision_task(swf: Swf) -> None:
    execution, task = swf.first_task()
    swf.decide(task, swf.schedule("a"), taskListScheduleToStartTimeout="1")
    activity = swf.poll_activity()
    swf.client.respond_activity_task_completed(taskToken=activity["taskToken"])
    deadline = time.monotonic() + 5
    while "DecisionTaskTimedOut" not in swf.types(execution) and time.monotonic() < deadline:
        time.sleep(0.05)
    (timed_out,) = swf.events_of(execution, "DecisionTaskTimedOut")
    assert timed_out["timeoutType"] == "SCHEDULE_TO_START"
    assert swf.types(execution)[-1] == "DecisionTaskScheduled"


# -- §13.2 triggers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("decisions", "expected_failure"),
    [
        ([decision("CancelTimer", timerId="nope")], "CancelTimerFailed"),
        (
            [decision("RequestCancelActivityTask", activityId="nope")],
            "RequestCancelActivityTaskFailed",
        ),
        (
            [decision("StartTimer", timerId="t", startToFireTimeout="100")] * 2,
            "StartTimerFailed",
        ),
    ],
)
def test_13_2_decision_failures_schedule_a_decision_task(
    swf: Swf, decisions: list[dict[str, object]], expected_failure: str
) -> None:
    execution, task = swf.first_task()
    swf.decide(task, *decisions)
    types = swf.types(execution)
    assert expected_failure in types
    assert types[-1] == "DecisionTaskScheduled"


def test_13_2_non_triggering_events_schedule_nothing(swf: Swf) -> None:
    execution, task = swf.first_task()
    swf.decide(
        task,
        swf.schedule("a"),
        decision("RecordMarker", markerName="m"),
        decision("StartTimer", timerId="t", startToFireTimeout="100"),
        decision("CancelTimer", timerId="t"),
    )
    activity = swf.poll_activity()
    swf.client.record_activity_task_heartbeat(taskToken=activity["taskToken"])
    assert swf.types(execution)[4:] == [
        "ActivityTaskScheduled",
        "MarkerRecorded",
        "TimerStarted",
        "TimerCanceled",
        "ActivityTaskStarted",
    ]


def test_13_2_activity_completion_failure_and_timer_fired_trigger(swf: Swf) -> None:
    execution, task = swf.first_task()
    swf.decide(task, swf.schedule("a"), decision("StartTimer", timerId="t", startToFireTimeout="0"))
    task = swf.poll()  # TimerFired
    assert [e["eventType"] for e in task["events"]][-3:] == [
        "TimerFired",
        "DecisionTaskScheduled",
        "DecisionTaskStarted",
    ]
    swf.decide(task)
    activity = swf.poll_activity()
    swf.client.respond_activity_task_failed(taskToken=activity["taskToken"], reason="r")
    assert swf.types(execution)[-2:] == ["ActivityTaskFailed", "DecisionTaskScheduled"]


# -- §13.3 RespondDecisionTaskCompleted --------------------------------------------------------


def test_13_3_1_unknown_or_used_token_is_unknown_resource_fault(swf: Swf) -> None:
    _, task = swf.first_task()
    with pytest.raises(ClientError) as err:
        swf.client.respond_decision_task_completed(taskToken="not-a-token")
    assert _error(err) == "UnknownResourceFault"
    swf.decide(task)
    with pytest.raises(ClientError) as err:
        swf.decide(task)
    assert _error(err) == "UnknownResourceFault"


def test_13_3_1_closed_execution_token_is_unknown_resource_fault(swf: Swf) -> None:
    execution, task = swf.first_task()
    swf.client.terminate_workflow_execution(domain=swf.domain, **execution)
    with pytest.raises(ClientError) as err:
        swf.decide(task)
    assert _error(err) == "UnknownResourceFault"
    assert swf.types(execution)[-1] == "WorkflowExecutionTerminated"


@pytest.mark.parametrize(
    "bad",
    [
        decision("ScheduleActivityTask", activityId="a"),  # activityType missing
        decision("StartTimer", timerId="x" * 257, startToFireTimeout="1"),
        decision("CompleteWorkflowExecution", result="x" * 32769),
        decision("FailWorkflowExecution", reason="x" * 257),
        decision(
            "StartChildWorkflowExecution",
            workflowId="c",
            workflowType={"name": "wf", "version": "1"},
            tagList=["1", "2", "3", "4", "5", "6"],
        ),
        decision(
            "ScheduleActivityTask",
            activityId="a",
            activityType={"name": "act", "version": "1"},
            taskList={"name": "bad:name"},
        ),
        {"decisionType": "NoSuchDecision"},
    ],
)
def test_13_3_2_an_invalid_batch_records_nothing(swf: Swf, bad: dict[str, object]) -> None:
    execution, task = swf.first_task()
    before = swf.types(execution)
    with pytest.raises(ClientError) as err:
        swf.raw.respond_decision_task_completed(
            taskToken=task["taskToken"],
            decisions=[decision("RecordMarker", markerName="first"), bad],
        )
    assert _error(err) == "ValidationException"
    assert swf.types(execution) == before
    swf.decide(task)  # the task stays started: still respondable


def test_13_3_3_execution_context_becomes_latest_execution_context(swf: Swf) -> None:
    execution, task = swf.first_task()
    swf.decide(task, swf.schedule("a"), executionContext="step-1")
    assert swf.describe(execution)["latestExecutionContext"] == "step-1"


def test_13_3_4_decisions_apply_in_order_and_failures_do_not_stop_the_rest(swf: Swf) -> None:
    execution, task = swf.first_task()
    swf.decide(
        task,
        decision("CancelTimer", timerId="missing"),
        decision("RecordMarker", markerName="after"),
    )
    assert swf.types(execution)[4:6] == ["CancelTimerFailed", "MarkerRecorded"]
    (failed,) = swf.events_of(execution, "CancelTimerFailed")
    assert failed == {
        "timerId": "missing",
        "cause": "TIMER_ID_UNKNOWN",
        "decisionTaskCompletedEventId": 4,
    }


@pytest.mark.parametrize(
    "closing",
    [
        decision("CompleteWorkflowExecution"),
        decision("FailWorkflowExecution", reason="r"),
        decision("CancelWorkflowExecution"),
        decision("ContinueAsNewWorkflowExecution"),
    ],
)
def test_13_3_5_closing_decision_after_a_new_event_is_unhandled(
    swf: Swf, closing: dict[str, object]
) -> None:
    execution, task = swf.first_task()
    swf.client.signal_workflow_execution(
        domain=swf.domain, workflowId=execution["workflowId"], signalName="late"
    )
    swf.decide(task, closing)
    failed = f"{closing['decisionType']}Failed"
    (event,) = swf.events_of(execution, failed)
    assert event == {"cause": "UNHANDLED_DECISION", "decisionTaskCompletedEventId": 6}
    assert swf.describe(execution)["executionInfo"]["executionStatus"] == "OPEN"
    retry = swf.poll()
    assert "WorkflowExecutionSignaled" in [e["eventType"] for e in retry["events"]]
    swf.decide(retry, closing)
    assert swf.describe(execution)["executionInfo"]["executionStatus"] == "CLOSED"


def test_13_3_5_failure_events_of_the_same_batch_do_not_make_the_close_unhandled(swf: Swf) -> None:
    execution, task = swf.first_task()
    swf.decide(task, decision("CancelTimer", timerId="none"), decision("CompleteWorkflowExecution"))
    types = swf.types(execution)
    assert types[-2:] == ["CancelTimerFailed", "WorkflowExecutionCompleted"]


@pytest.mark.parametrize("position", ["not-last", "two"])
def test_13_3_5_closing_decision_must_be_last_and_single(swf: Swf, position: str) -> None:
    execution, task = swf.first_task()
    close = decision("CompleteWorkflowExecution")
    other = close if position == "two" else decision("RecordMarker", markerName="m")
    with pytest.raises(ClientError) as err:
        swf.decide(task, close, other)
    assert _error(err) == "ValidationException"
    assert swf.types(execution)[-1] == "DecisionTaskStarted"


def test_13_3_6_after_close_no_tasks_activities_unknown_timers_discarded(swf: Swf) -> None:
    execution, task = swf.first_task()
    swf.decide(task, swf.schedule("a"), decision("StartTimer", timerId="t", startToFireTimeout="1"))
    activity = swf.poll_activity()
    task = swf.poll(  # nothing new: poll returns empty
    )
    assert task["startedEventId"] == 0
    swf.client.signal_workflow_execution(
        domain=swf.domain, workflowId=execution["workflowId"], signalName="s"
    )
    task = swf.poll()
    swf.decide(task, decision("CompleteWorkflowExecution", result="done"))
    info = swf.describe(execution)
    assert info["executionInfo"]["closeStatus"] == "COMPLETED"
    assert info["openCounts"]["openTimers"] == 0 and info["openCounts"]["openActivityTasks"] == 0
    for call in (
        lambda: swf.client.record_activity_task_heartbeat(taskToken=activity["taskToken"]),
        lambda: swf.client.respond_activity_task_completed(taskToken=activity["taskToken"]),
        lambda: swf.client.respond_activity_task_failed(taskToken=activity["taskToken"]),
        lambda: swf.client.respond_activity_task_canceled(taskToken=activity["taskToken"]),
    ):
        with pytest.raises(ClientError) as err:
            call()
        assert _error(err) == "UnknownResourceFault"
    time.sleep(1.2)  # the timer's deadline passes: nothing may be recorded after the close
    assert swf.types(execution)[-1] == "WorkflowExecutionCompleted"
    assert swf.poll()["startedEventId"] == 0


# -- §13.4 execution context -------------------------------------------------------------------


def test_13_4_empty_execution_context_clears_it(swf: Swf) -> None:
    execution, task = swf.first_task()
    swf.decide(
        task, decision("StartTimer", timerId="t", startToFireTimeout="0"), executionContext="x"
    )
    task = swf.poll()
    swf.decide(task, executionContext="")
    assert "latestExecutionContext" not in swf.describe(execution)


def test_13_decision_task_event_attributes_are_swf_names(swf: Swf) -> None:
    execution, task = swf.first_task()
    assert [attrs(e) for e in task["events"]][0]["taskList"] == {"name": "decisions"}
