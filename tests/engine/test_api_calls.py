"""Part B §16 (API calls) and the activity timeouts of §20.8, §20.13–16."""

from __future__ import annotations

import time

import pytest
from botocore.exceptions import ClientError

from tests.engine.swf import Swf, decision

pytestmark = pytest.mark.integration


def _code(err: pytest.ExceptionInfo[ClientError]) -> str:
    return str(err.value.response["Error"]["Code"])


def _wait_for(swf: Swf, execution: dict[str, str], event_type: str, timeout: float = 5) -> None:
    deadline = time.monotonic() + timeout
    while event_type not in swf.types(execution):
        assert time.monotonic() < deadline, f"no {event_type} in {swf.types(execution)}"
        time.sleep(0.05)


def test_16_signal_workflow_execution_without_input(swf: Swf) -> None:
    execution = swf.start()
    swf.client.signal_workflow_execution(
        domain=swf.domain, workflowId=execution["workflowId"], signalName="bare"
    )
    assert swf.events_of(execution, "WorkflowExecutionSignaled") == [{"signalName": "bare"}]


def test_16_signal_targets_the_open_run_and_refuses_closed_ones(swf: Swf) -> None:
    execution = swf.start()
    swf.client.signal_workflow_execution(
        domain=swf.domain, workflowId=execution["workflowId"], signalName="s", input="x"
    )
    assert swf.events_of(execution, "WorkflowExecutionSignaled") == [
        {"signalName": "s", "input": "x"}
    ]
    swf.client.terminate_workflow_execution(domain=swf.domain, workflowId=execution["workflowId"])
    for run_id in (None, execution["runId"]):
        with pytest.raises(ClientError) as err:
            swf.client.signal_workflow_execution(
                domain=swf.domain,
                workflowId=execution["workflowId"],
                signalName="s",
                **({"runId": run_id} if run_id else {}),
            )
        assert _code(err) == "UnknownResourceFault"


def test_16_request_cancel_workflow_execution(swf: Swf) -> None:
    execution = swf.start()
    swf.client.request_cancel_workflow_execution(
        domain=swf.domain, workflowId=execution["workflowId"]
    )
    swf.client.request_cancel_workflow_execution(domain=swf.domain, **execution)
    assert swf.events_of(execution, "WorkflowExecutionCancelRequested") == [{}, {}]
    assert swf.describe(execution)["executionInfo"]["cancelRequested"] is True
    assert swf.types(execution).count("DecisionTaskScheduled") == 1
    with pytest.raises(ClientError) as err:
        swf.client.request_cancel_workflow_execution(domain=swf.domain, workflowId="nobody")
    assert _code(err) == "UnknownResourceFault"


def test_16_heartbeat_details_go_into_the_timed_out_event(swf: Swf) -> None:
    swf.register_activity(
        "beating",
        defaultTaskList={"name": "hb"},
        defaultTaskScheduleToStartTimeout="60",
        defaultTaskScheduleToCloseTimeout="60",
        defaultTaskStartToCloseTimeout="60",
        defaultTaskHeartbeatTimeout="1",
    )
    execution, task = swf.first_task()
    swf.decide(
        task,
        decision(
            "ScheduleActivityTask", activityId="b", activityType={"name": "beating", "version": "1"}
        ),
    )
    activity = swf.poll_activity("hb")
    swf.client.record_activity_task_heartbeat(taskToken=activity["taskToken"], details="50%")
    _wait_for(swf, execution, "ActivityTaskTimedOut")
    (timed_out,) = swf.events_of(execution, "ActivityTaskTimedOut")
    assert timed_out == {
        "timeoutType": "HEARTBEAT",
        "scheduledEventId": 5,
        "startedEventId": 6,
        "details": "50%",
    }
    with pytest.raises(ClientError) as err:  # §20.15: a timed-out token
        swf.client.record_activity_task_heartbeat(taskToken=activity["taskToken"])
    assert _code(err) == "UnknownResourceFault"
    with pytest.raises(ClientError) as err:
        swf.client.respond_activity_task_completed(taskToken=activity["taskToken"])
    assert _code(err) == "UnknownResourceFault"
    assert swf.describe(execution)["openCounts"]["openActivityTasks"] == 0


@pytest.mark.parametrize(
    ("timeouts", "start", "expected"),
    [
        ({"scheduleToStartTimeout": "1"}, False, "SCHEDULE_TO_START"),
        ({"scheduleToCloseTimeout": "1"}, True, "SCHEDULE_TO_CLOSE"),
        ({"startToCloseTimeout": "1"}, True, "START_TO_CLOSE"),
    ],
)
def test_20_8_the_activity_timeouts_fire_on_time(
    swf: Swf, timeouts: dict[str, str], start: bool, expected: str
) -> None:
    execution, task = swf.first_task()
    swf.decide(task, swf.schedule("a", **timeouts))
    if start:
        swf.poll_activity()
    _wait_for(swf, execution, "ActivityTaskTimedOut")
    (timed_out,) = swf.events_of(execution, "ActivityTaskTimedOut")
    assert timed_out["timeoutType"] == expected
    assert timed_out["startedEventId"] == (6 if start else 0)
    assert swf.types(execution)[-1] == "DecisionTaskScheduled"
    assert swf.describe(execution)["openCounts"]["openActivityTasks"] == 0


def test_16_respond_activity_task_canceled_is_accepted_without_a_request(swf: Swf) -> None:
    execution, task = swf.first_task()
    swf.decide(task, swf.schedule("a"))
    activity = swf.poll_activity()
    swf.client.respond_activity_task_canceled(taskToken=activity["taskToken"])
    (canceled,) = swf.events_of(execution, "ActivityTaskCanceled")
    assert canceled == {"scheduledEventId": 5, "startedEventId": 6}


def test_16_operator_termination_has_no_cause(swf: Swf) -> None:
    execution = swf.start()
    swf.client.terminate_workflow_execution(
        domain=swf.domain, workflowId=execution["workflowId"], reason="r", details="d"
    )
    assert swf.events_of(execution, "WorkflowExecutionTerminated") == [
        {"reason": "r", "details": "d", "childPolicy": "TERMINATE"}
    ]
    assert swf.describe(execution)["executionInfo"]["closeStatus"] == "TERMINATED"


def test_16_started_event_carries_tag_list_and_task_priority(swf: Swf) -> None:
    execution = swf.start(tagList=["a", "b"], taskPriority="4", input="in")
    (started,) = swf.events_of(execution, "WorkflowExecutionStarted")
    assert started == {
        "input": "in",
        "executionStartToCloseTimeout": "600",
        "taskStartToCloseTimeout": "60",
        "childPolicy": "TERMINATE",
        "taskList": {"name": "decisions"},
        "taskPriority": "4",
        "workflowType": {"name": "wf", "version": "1"},
        "tagList": ["a", "b"],
    }


def test_16_start_errors(swf: Swf) -> None:
    execution = swf.start()
    with pytest.raises(ClientError) as err:
        swf.start(execution["workflowId"])
    assert _code(err) == "WorkflowExecutionAlreadyStartedFault"
    swf.register_workflow("nodefaults", defaultExecutionStartToCloseTimeout=None)
    with pytest.raises(ClientError) as err:
        swf.start(name="nodefaults")
    assert _code(err) == "DefaultUndefinedFault"
    swf.client.deprecate_workflow_type(
        domain=swf.domain, workflowType={"name": "wf", "version": "1"}
    )
    with pytest.raises(ClientError) as err:
        swf.start()
    assert _code(err) == "TypeDeprecatedFault"
    with pytest.raises(ClientError) as err:
        swf.start(name="unknown")
    assert _code(err) == "UnknownResourceFault"


def test_16_describe_open_counts(swf: Swf) -> None:
    execution, task = swf.first_task()
    swf.decide(
        task,
        swf.schedule("a"),
        swf.schedule("b"),
        decision("StartTimer", timerId="t", startToFireTimeout="100"),
        decision(
            "StartChildWorkflowExecution",
            workflowId="kid",
            workflowType={"name": "wf", "version": "1"},
        ),
    )
    described = swf.describe(execution)
    assert described["openCounts"] == {
        "openActivityTasks": 2,
        "openDecisionTasks": 1,  # ChildWorkflowExecutionStarted scheduled one
        "openTimers": 1,
        "openChildWorkflowExecutions": 1,
        "openLambdaFunctions": 0,
    }
    assert described["executionConfiguration"]["taskList"] == {"name": "decisions"}


def test_16_count_pending_counts_unstarted_tasks_only(swf: Swf) -> None:
    execution, task = swf.first_task()
    swf.decide(task, swf.schedule("a"), swf.schedule("b"), swf.schedule("c"))
    swf.poll_activity()
    pending = swf.client.count_pending_activity_tasks(
        domain=swf.domain, taskList={"name": "activities"}
    )
    assert pending["count"] == 2
    decisions = swf.client.count_pending_decision_tasks(
        domain=swf.domain, taskList={"name": "decisions"}
    )
    assert decisions["count"] == 0
    swf.start()
    decisions = swf.client.count_pending_decision_tasks(
        domain=swf.domain, taskList={"name": "decisions"}
    )
    assert decisions["count"] == 1


def test_16_describe_parent_of_a_child(swf: Swf) -> None:
    parent, task = swf.first_task()
    swf.decide(
        task,
        decision(
            "StartChildWorkflowExecution",
            workflowId="kid",
            workflowType={"name": "wf", "version": "1"},
        ),
    )
    (started,) = swf.events_of(parent, "ChildWorkflowExecutionStarted")
    child = started["workflowExecution"]
    assert swf.describe(child)["executionInfo"]["parent"] == parent


def test_17_execution_timeout_closes_and_open_activities_and_timers_die(swf: Swf) -> None:
    execution, task = swf.first_task(executionStartToCloseTimeout="1")
    swf.decide(task, swf.schedule("a"), decision("StartTimer", timerId="t", startToFireTimeout="2"))
    activity = swf.poll_activity()
    _wait_for(swf, execution, "WorkflowExecutionTimedOut")
    assert swf.types(execution)[-1] == "WorkflowExecutionTimedOut"
    assert swf.describe(execution)["openCounts"]["openActivityTasks"] == 0
    with pytest.raises(ClientError) as err:
        swf.client.respond_activity_task_completed(taskToken=activity["taskToken"])
    assert _code(err) == "UnknownResourceFault"
    time.sleep(1.2)  # past the timer's deadline
    assert swf.types(execution)[-1] == "WorkflowExecutionTimedOut"
