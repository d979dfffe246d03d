"""Part B §18: limits (lowered through EngineSettings so tests can reach them)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.engine.swf import Swf, decision

pytestmark = pytest.mark.integration


def _code(err: pytest.ExceptionInfo[ClientError]) -> str:
    return str(err.value.response["Error"]["Code"])


def test_18_open_activities_limit(small_swf: Swf) -> None:
    execution, task = small_swf.first_task()
    small_swf.decide(task, *[small_swf.schedule(f"a{i}") for i in range(3)])
    (failed,) = small_swf.events_of(execution, "ScheduleActivityTaskFailed")
    assert failed["cause"] == "OPEN_ACTIVITIES_LIMIT_EXCEEDED" and failed["activityId"] == "a2"


def test_18_open_timers_limit(small_swf: Swf) -> None:
    execution, task = small_swf.first_task()
    small_swf.decide(
        task, *[decision("StartTimer", timerId=f"t{i}", startToFireTimeout="100") for i in range(3)]
    )
    (failed,) = small_swf.events_of(execution, "StartTimerFailed")
    assert failed["cause"] == "OPEN_TIMERS_LIMIT_EXCEEDED"


def test_18_open_children_limit(small_swf: Swf) -> None:
    execution, task = small_swf.first_task()
    small_swf.decide(
        task,
        *[
            decision(
                "StartChildWorkflowExecution",
                workflowId=f"{execution['workflowId']}-c{i}",
                workflowType={"name": "wf", "version": "1"},
            )
            for i in range(2)
        ],
    )
    failures = small_swf.events_of(execution, "StartChildWorkflowExecutionFailed")
    assert [f["cause"] for f in failures] == ["OPEN_CHILDREN_LIMIT_EXCEEDED"]


def test_18_history_event_limit_terminates_with_event_limit_exceeded(small_swf: Swf) -> None:
    execution, task = small_swf.first_task()
    small_swf.decide(task, *[decision("RecordMarker", markerName=f"m{i}") for i in range(50)])
    history = small_swf.history(execution)
    assert len(history) == 40
    assert history[-1]["eventType"] == "WorkflowExecutionTerminated"
    attributes = history[-1]["workflowExecutionTerminatedEventAttributes"]
    assert attributes["cause"] == "EVENT_LIMIT_EXCEEDED"


def test_18_open_executions_per_domain(small_swf: Swf) -> None:
    for _ in range(50):
        small_swf.start()
    with pytest.raises(ClientError) as err:
        small_swf.start()
    assert _code(err) == "LimitExceededFault"


def test_18_tags_per_execution(swf: Swf) -> None:
    with pytest.raises(ClientError) as err:
        swf.raw.start_workflow_execution(
            domain=swf.domain,
            workflowId="w",
            workflowType={"name": "wf", "version": "1"},
            tagList=[str(i) for i in range(6)],
        )
    assert _code(err) == "ValidationException"


@pytest.mark.parametrize(
    "name", ["", " lead", "trail ", "a:b", "a/b", "a|b", "arn", "x" * 257, "ctl\x01"]
)
def test_18_task_list_names(swf: Swf, name: str) -> None:
    with pytest.raises(ClientError) as err:
        swf.raw.poll_for_activity_task(domain=swf.domain, taskList={"name": name})
    assert _code(err) == "ValidationException"


def test_18_ids_are_at_most_256_characters(swf: Swf) -> None:
    with pytest.raises(ClientError) as err:
        swf.raw.start_workflow_execution(
            domain=swf.domain, workflowId="w" * 257, workflowType={"name": "wf", "version": "1"}
        )
    assert _code(err) == "ValidationException"


def test_18_data_fields_and_reason(swf: Swf) -> None:
    execution, task = swf.first_task()
    swf.decide(task, swf.schedule("a"))
    activity = swf.poll_activity()
    for call in (
        lambda: swf.raw.respond_activity_task_completed(
            taskToken=activity["taskToken"], result="x" * 32769
        ),
        lambda: swf.raw.respond_activity_task_failed(
            taskToken=activity["taskToken"], reason="x" * 257
        ),
        lambda: swf.raw.record_activity_task_heartbeat(
            taskToken=activity["taskToken"], details="x" * 2049
        ),
        lambda: swf.raw.signal_workflow_execution(
            domain=swf.domain, workflowId=execution["workflowId"], signalName="s", input="x" * 32769
        ),
    ):
        with pytest.raises(ClientError) as err:
            call()
        assert _code(err) == "ValidationException"
    swf.client.respond_activity_task_completed(taskToken=activity["taskToken"], result="x" * 32768)


def test_18_request_size_is_at_most_1_mb(swf: Swf) -> None:
    _, task = swf.first_task()
    markers = [decision("RecordMarker", markerName=f"m{i}", details="x" * 30000) for i in range(40)]
    with pytest.raises(ClientError) as err:
        swf.raw.respond_decision_task_completed(taskToken=task["taskToken"], decisions=markers)
    assert _code(err) == "ValidationException"


def test_18_the_limits_default_to_the_swf_quotas() -> None:
    from simpleflow.local_server import EngineSettings

    settings = EngineSettings()
    assert (settings.max_open_activities, settings.max_open_timers, settings.max_open_children) == (
        1000,
        1000,
        1000,
    )
    assert (settings.max_open_executions, settings.max_history_events) == (100_000, 25_000)
    assert (settings.max_tags, settings.max_id_length, settings.max_data_length) == (5, 256, 32768)
    assert (settings.max_reason_length, settings.max_heartbeat_details) == (256, 2048)
    assert (settings.max_request_bytes, settings.max_page_size) == (1_048_576, 1000)
