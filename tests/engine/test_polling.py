"""Part B §14: long polls, empty tasks, wake-ups, task order, history pages."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from botocore.exceptions import ClientError

from simpleflow.local_server import LocalSWFServer
from tests.engine.swf import Swf, decision

pytestmark = pytest.mark.integration


def test_14_empty_decision_poll_waits_the_poll_timeout_and_has_the_empty_shape(swf: Swf) -> None:
    started = time.monotonic()
    task = swf.poll()
    elapsed = time.monotonic() - started
    assert 0.25 <= elapsed < 2
    task.pop("ResponseMetadata")
    assert task == {"startedEventId": 0, "previousStartedEventId": 0}


def test_14_empty_activity_poll_shape(swf: Swf) -> None:
    task = swf.poll_activity()
    task.pop("ResponseMetadata")
    assert task == {"startedEventId": 0}


def test_14_poll_timeout_is_configurable_and_defaults_to_60_s() -> None:
    assert LocalSWFServer().settings.poll_timeout == 60.0
    assert LocalSWFServer(poll_timeout=5).settings.poll_timeout == 5.0


def test_14_a_waiting_poll_is_woken_at_once_when_a_task_is_scheduled() -> None:
    with LocalSWFServer(port=0, poll_timeout=30) as server:
        swf = Swf(server.endpoint_url, "wake")
        swf.setup()
        result: dict[str, Any] = {}

        def poll() -> None:
            result["task"] = swf.poll()
            result["at"] = time.monotonic()

        poller = threading.Thread(target=poll)
        poller.start()
        time.sleep(0.2)
        started = time.monotonic()
        swf.start()
        poller.join(timeout=10)
        assert result["task"]["taskToken"]
        assert result["at"] - started < 1.0


def test_14_many_concurrent_long_polls_are_served() -> None:
    with LocalSWFServer(port=0, poll_timeout=20) as server:
        swf = Swf(server.endpoint_url, "many")
        swf.setup()
        tokens: list[str] = []
        lock = threading.Lock()

        def poll() -> None:
            client = Swf(server.endpoint_url, "many")
            task = client.poll_activity()
            with lock:
                tokens.append(task.get("taskToken", ""))

        pollers = [threading.Thread(target=poll) for _ in range(20)]
        for poller in pollers:
            poller.start()
        time.sleep(0.3)
        _, task = swf.first_task()
        swf.decide(task, *[swf.schedule(f"a{i}") for i in range(20)])
        for poller in pollers:
            poller.join(timeout=15)
        assert len(tokens) == 20 and all(tokens)
        assert len(set(tokens)) == 20


def test_14_decision_response_fields(swf: Swf) -> None:
    execution, task = swf.first_task()
    assert task["startedEventId"] == 3
    assert task["previousStartedEventId"] == 0
    assert task["workflowType"] == {"name": "wf", "version": "1"}
    assert task["workflowExecution"] == execution
    assert "nextPageToken" not in task


def test_14_task_order_is_priority_then_fifo(swf: Swf) -> None:
    _, task = swf.first_task()
    swf.decide(
        task,
        swf.schedule("low", taskPriority="1"),
        swf.schedule("first-mid", taskPriority="5"),
        swf.schedule("high", taskPriority="9"),
        swf.schedule("second-mid", taskPriority="5"),
    )
    order = [swf.poll_activity()["activityId"] for _ in range(4)]
    assert order == ["high", "first-mid", "second-mid", "low"]


def test_14_decision_tasks_follow_execution_priority(swf: Swf) -> None:
    low = swf.start(taskPriority="1")
    high = swf.start(taskPriority="10")
    assert swf.poll()["workflowExecution"] == high
    assert swf.poll()["workflowExecution"] == low


def _long_history(swf: Swf, markers: int) -> tuple[dict[str, str], dict[str, Any]]:
    execution, task = swf.first_task()
    swf.decide(
        task,
        *[decision("RecordMarker", markerName=f"m{i}") for i in range(markers)],
        decision("StartTimer", timerId="t", startToFireTimeout="0"),
    )
    return execution, swf.poll(maximumPageSize=0)


def test_14_pagination_of_a_decision_task_by_repeated_polls(swf: Swf) -> None:
    execution, task = _long_history(swf, 1500)
    assert len(task["events"]) == 1000 and task["nextPageToken"]
    events = list(task["events"])
    token = task["nextPageToken"]
    while token:
        page = swf.poll(nextPageToken=token)
        assert page["taskToken"] == task["taskToken"]  # same task, no new one
        events += page["events"]
        token = page.get("nextPageToken")
    assert [e["eventId"] for e in events] == list(range(1, task["startedEventId"] + 1))
    assert swf.describe(execution)["openCounts"]["openDecisionTasks"] == 1
    swf.decide(task)  # the task is still the one handed out


def test_14_maximum_page_size_and_reverse_order_of_the_history(swf: Swf) -> None:
    execution, _ = _long_history(swf, 20)
    first = swf.client.get_workflow_execution_history(
        domain=swf.domain, execution=execution, maximumPageSize=10, reverseOrder=True
    )
    ids = [e["eventId"] for e in first["events"]]
    total = len(swf.history(execution))
    assert ids == list(range(total, total - 10, -1))
    everything = swf.history(execution, maximumPageSize=7, reverseOrder=True)
    assert [e["eventId"] for e in everything] == list(range(total, 0, -1))


def test_14_page_tokens_are_not_interchangeable(swf: Swf) -> None:
    execution, task = _long_history(swf, 1200)
    with pytest.raises(ClientError) as err:
        swf.client.get_workflow_execution_history(
            domain=swf.domain, execution=execution, nextPageToken=task["nextPageToken"]
        )
    assert err.value.response["Error"]["Code"] == "ValidationException"


def test_14_page_size_above_1000_is_refused(swf: Swf) -> None:
    execution = swf.start()
    with pytest.raises(ClientError) as err:
        swf.client.get_workflow_execution_history(
            domain=swf.domain, execution=execution, maximumPageSize=1001
        )
    assert err.value.response["Error"]["Code"] == "ValidationException"


def test_14_history_of_an_unknown_execution(swf: Swf) -> None:
    with pytest.raises(ClientError) as err:
        swf.history({"workflowId": "nope", "runId": "nope"})
    assert err.value.response["Error"]["Code"] == "UnknownResourceFault"


def test_14_start_at_previous_started_event(swf: Swf) -> None:
    execution, task = swf.first_task()
    swf.decide(task, decision("StartTimer", timerId="t", startToFireTimeout="0"))
    task = swf.poll(startAtPreviousStartedEvent=True)
    assert task["events"][0]["eventId"] == 3  # the previous DecisionTaskStarted


def test_14_previous_started_event_id_is_the_last_processed_task(swf: Swf) -> None:
    execution, task = swf.first_task()
    swf.decide(task, decision("StartTimer", timerId="t", startToFireTimeout="0"))
    second = swf.poll()
    assert second["previousStartedEventId"] == task["startedEventId"]


def test_14_page_tokens_expire() -> None:
    from simpleflow.local_server import EngineSettings

    with LocalSWFServer(port=0, settings=EngineSettings(page_token_lifetime=0.0)) as server:
        swf = Swf(server.endpoint_url, "expiry")
        swf.setup()
        execution, _ = _long_history(swf, 1100)
        first = swf.client.get_workflow_execution_history(domain=swf.domain, execution=execution)
        time.sleep(0.01)
        with pytest.raises(ClientError) as err:
            swf.client.get_workflow_execution_history(
                domain=swf.domain, execution=execution, nextPageToken=first["nextPageToken"]
            )
        assert "exceeded its maximum lifetime" in str(err.value)
