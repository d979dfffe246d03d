from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any
from unittest import mock

import pytest
from moto import mock_aws

from swf.actors import ActivityWorker, Actor, Decider
from swf.actors.heartbeat import heartbeat_on
from swf.actors.helpers import Every, meanwhile
from swf.constants import MAX_DETAILS_LENGTH, MAX_REASON_LENGTH
from swf.exceptions import DoesNotExistError, PollTimeout, ResponseError, SWFResponseError
from swf.models import ActivityTask, ActivityType, Domain, WorkflowType
from swf.models.decision import ActivityTaskDecision, WorkflowExecutionDecision


def _fault(code: str, message: str | None = "boom") -> SWFResponseError:
    return SWFResponseError(
        400, "Bad Request", {"__type": f"com.amazonaws.swf.base.model#{code}", "message": message}
    )


def _wait_until(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(0.01)


@pytest.fixture
def domain() -> Iterator[Domain]:
    with mock_aws():
        domain = Domain("dom")
        domain.save()
        WorkflowType(domain, "wf", "1", task_list="decisions").save()
        ActivityType(
            domain,
            "act",
            "1",
            task_list="activities",
            task_heartbeat_timeout="60",
            task_schedule_to_close_timeout="60",
            task_schedule_to_start_timeout="60",
            task_start_to_close_timeout="60",
        ).save()
        yield domain


def _mocked_actor(actor_class: type[Any], *args: Any) -> tuple[Any, mock.Mock]:
    connection = mock.Mock()
    actor = actor_class(Domain("dom", connection=connection), "tl", *args)
    actor.connection = connection
    return actor, connection


# -- Actor -------------------------------------------------------------------------------


def test_actor_requires_a_domain() -> None:
    with pytest.raises(TypeError):
        Actor("dom", "tl")


def test_actor_start_and_stop_are_abstract() -> None:
    actor = Actor(Domain("dom"), "tl")
    actor.extra = 1
    assert (actor.task_list, actor.domain.name, actor.extra) == ("tl", "dom", 1)
    with pytest.raises(NotImplementedError):
        actor.start()
    with pytest.raises(NotImplementedError):
        actor.stop()


# -- Decider and ActivityWorker against moto ---------------------------------------------


def test_decider_and_worker_round_trip(domain: Domain) -> None:
    execution = WorkflowType(domain, "wf", "1").start_execution(workflow_id="wid", input={"a": 1})
    decider = Decider(domain, "decisions")

    response = decider.poll(identity="me")

    assert response.token
    assert [e.type for e in response.history] == [
        "WorkflowExecution",
        "DecisionTask",
        "DecisionTask",
    ]
    assert (response.execution.workflow_id, response.execution.run_id) == ("wid", execution.run_id)
    assert response.execution.workflow_type.name == "wf"
    decision = ActivityTaskDecision(
        "schedule",
        activity_id="act-1",
        activity_type=ActivityType(domain, "act", "1"),
        input={"args": [1]},
        task_list="activities",
    )
    decider.complete(response.token, decisions=[decision])

    worker = ActivityWorker(domain, "activities", identity="worker-1")
    token, task = worker.poll()

    assert isinstance(task, ActivityTask)
    assert (task.activity_id, task.task_list, task.input) == (
        "act-1",
        "activities",
        '{"args": [1]}',
    )
    assert worker.heartbeat(token) == {"cancelRequested": False}
    worker.complete(token, result='"done"')

    completed = execution.history().filter(type="ActivityTask", state="completed")
    assert [e.result for e in completed] == ['"done"']


def test_worker_fail_reports_a_truncated_reason(domain: Domain) -> None:
    WorkflowType(domain, "wf", "1").start_execution(workflow_id="wid")
    decider = Decider(domain, "decisions")
    response = decider.poll()
    decision = ActivityTaskDecision(
        "schedule", activity_id="a", activity_type=ActivityType(domain, "act", "1")
    )
    decider.complete(response.token, [decision])
    worker = ActivityWorker(domain, "activities")
    token, _ = worker.poll()

    worker.fail(token, details="d" * (MAX_DETAILS_LENGTH + 10), reason="r" * 1000)

    (failed,) = response.execution.history().filter(type="ActivityTask", state="failed")
    assert len(failed.reason) == MAX_REASON_LENGTH
    assert len(failed.details) == MAX_DETAILS_LENGTH


def test_decider_complete_closes_the_execution(domain: Domain) -> None:
    execution = WorkflowType(domain, "wf", "1").start_execution(workflow_id="wid")
    decider = Decider(domain, "decisions")
    response = decider.poll()
    complete = WorkflowExecutionDecision()
    complete.complete(result="42")

    decider.complete(response.token, [complete], execution_context="ctx")

    assert execution.upstream().close_status == "COMPLETED"


def test_empty_polls_raise_poll_timeout(domain: Domain) -> None:
    with pytest.raises(PollTimeout):
        Decider(domain, "decisions").poll()
    with pytest.raises(PollTimeout):
        ActivityWorker(domain, "activities").poll()


@pytest.mark.usefixtures("domain")
def test_polls_in_an_unknown_domain_raise_does_not_exist() -> None:
    with pytest.raises(DoesNotExistError, match="Unable to poll decision task"):
        Decider(Domain("nope"), "decisions").poll()
    with pytest.raises(DoesNotExistError, match="Unable to poll activity task"):
        ActivityWorker(Domain("nope"), "activities").poll()


def test_decider_complete_with_a_bad_token_raises(domain: Domain) -> None:
    with pytest.raises(ResponseError, match="Invalid token"):
        Decider(domain, "decisions").complete("not-a-token")


# -- translation with a fake connection --------------------------------------------------


@pytest.mark.parametrize("code", ["ThrottlingException", "UnknownResourceFault"])
def test_decider_poll_translates_first_page_errors(code: str) -> None:
    decider, connection = _mocked_actor(Decider)
    connection.poll_for_decision_task.side_effect = _fault(code)

    expected = DoesNotExistError if code == "UnknownResourceFault" else ResponseError
    with pytest.raises(expected):
        decider.poll()


def _decision_page(token: str | None, next_page: str | None, event_id: int) -> dict[str, Any]:
    page: dict[str, Any] = {
        "workflowExecution": {"workflowId": "w", "runId": "r"},
        "workflowType": {"name": "wf", "version": "1"},
        "events": [
            {
                "eventId": event_id,
                "eventType": "TimerFired",
                "eventTimestamp": 0.0,
                "timerFiredEventAttributes": {"timerId": "t", "startedEventId": 1},
            }
        ],
    }
    if token is not None:
        page["taskToken"] = token
    if next_page is not None:
        page["nextPageToken"] = next_page
    return page


def test_decider_poll_concatenates_history_pages() -> None:
    decider, connection = _mocked_actor(Decider)
    connection.poll_for_decision_task.side_effect = [
        _decision_page("tok", "p2", 1),
        _decision_page("tok", "", 2),
    ]

    response = decider.poll(task_list="other", identity="me", maximum_page_size=1)

    assert [e.id for e in response.history] == [1, 2]
    assert connection.poll_for_decision_task.call_args_list == [
        mock.call("dom", task_list="other", identity="me", maximum_page_size=1),
        mock.call(
            "dom", task_list="other", identity="me", next_page_token="p2", maximum_page_size=1
        ),
    ]


def test_decider_poll_follow_up_page_errors() -> None:
    decider, connection = _mocked_actor(Decider)
    connection.poll_for_decision_task.side_effect = [
        _decision_page("tok", "p2", 1),
        _fault("UnknownResourceFault", "Unknown execution"),
    ]
    with pytest.raises(DoesNotExistError):
        decider.poll()

    connection.poll_for_decision_task.side_effect = [
        _decision_page("tok", "p2", 1),
        _decision_page(None, None, 2),
    ]
    with pytest.raises(PollTimeout):
        decider.poll()


def test_worker_poll_builds_the_task_with_the_list_polled() -> None:
    worker, connection = _mocked_actor(ActivityWorker, "default-identity")
    connection.poll_for_activity_task.return_value = {
        "taskToken": "tok",
        "activityId": "a",
        "startedEventId": 3,
        "workflowExecution": {"workflowId": "w", "runId": "r"},
        "activityType": {"name": "act", "version": "1"},
    }

    token, task = worker.poll(task_list="other")

    assert (token, task.task_list, task.input) == ("tok", "other", None)
    connection.poll_for_activity_task.assert_called_once_with(
        "dom", "other", identity="default-identity"
    )


def test_worker_poll_with_an_empty_token_times_out() -> None:
    worker, connection = _mocked_actor(ActivityWorker)
    connection.poll_for_activity_task.return_value = {"taskToken": "", "startedEventId": 0}

    with pytest.raises(PollTimeout):
        worker.poll()


@pytest.mark.parametrize(
    ("method", "connection_method", "text"),
    [
        (
            "cancel",
            "respond_activity_task_canceled",
            "Unable to cancel activity task with token: t",
        ),
        (
            "complete",
            "respond_activity_task_completed",
            "Unable to complete activity task with token: t",
        ),
        ("fail", "respond_activity_task_failed", "Unable to fail activity task with token: t"),
        ("heartbeat", "record_activity_task_heartbeat", "Unable to send activity task t heartbeat"),
    ],
)
def test_worker_calls_translate_errors(method: str, connection_method: str, text: str) -> None:
    worker, connection = _mocked_actor(ActivityWorker)
    getattr(connection, connection_method).side_effect = _fault("UnknownResourceFault", "gone")
    with pytest.raises(DoesNotExistError) as info:
        getattr(worker, method)("t")
    assert info.value.message.startswith(text)

    getattr(connection, connection_method).side_effect = _fault("ThrottlingException", "slow")
    with pytest.raises(ResponseError, match="slow"):
        getattr(worker, method)("t")


# -- helpers and heartbeat ---------------------------------------------------------------


def test_every_calls_periodically_until_stopped() -> None:
    calls: list[tuple[Any, ...]] = []
    every = Every(0.01, lambda *a, **kw: calls.append((a, kw)), 1, x=2)

    assert every() is every
    assert every.nseconds == 0.01
    assert every._thread is not None and every._thread.daemon
    _wait_until(lambda: len(calls) >= 3)
    every.stop()
    every._thread.join(timeout=5)

    assert not every._thread.is_alive()
    assert calls[0] == ((1,), {"x": 2})


def test_every_first_call_comes_after_one_interval() -> None:
    called = threading.Event()
    every = Every(60, called.set)()
    every.stop()
    assert every._thread is not None
    every._thread.join(timeout=5)

    assert not called.is_set()


def test_meanwhile_returns_the_result_and_stops_the_background_call() -> None:
    background = mock.Mock()

    assert meanwhile(background, lambda a, b: a + b, 1, b=2) == 3
    background.assert_called_once_with()
    background.stop.assert_called_once_with()


def test_meanwhile_reraises_the_original_exception() -> None:
    background = mock.Mock()
    error = KeyError("x")

    def fail() -> None:
        raise error

    with pytest.raises(KeyError) as info:
        meanwhile(background, fail)
    assert info.value is error
    background.stop.assert_called_once_with()


def test_heartbeat_on_beats_with_the_same_arguments_while_running() -> None:
    beats: list[tuple[Any, ...]] = []
    release = threading.Event()

    @heartbeat_on(lambda *a, **kw: beats.append((a, kw)), 0.01)
    def work(value: int, flag: bool = False) -> int:
        """Doc."""
        _wait_until(lambda: len(beats) >= 2)
        release.set()
        return value * 2

    assert work(21, flag=True) == 42
    assert release.is_set()
    assert beats[0] == ((21,), {"flag": True})
    assert work.__name__ == "work" and work.__doc__ == "Doc."
