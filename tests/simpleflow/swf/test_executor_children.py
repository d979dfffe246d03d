"""Child workflows: start decisions and futures from history (spec §16.9, §22.2-5)."""

from __future__ import annotations

from typing import Any

import pytest

from simpleflow import futures
from simpleflow.exceptions import TaskFailed, TimeoutError
from simpleflow.swf.executor import Executor
from swf.responses import Response
from tests.simpleflow.swf._workflows import (
    BaseTestWorkflow,
    ChildWorkflow,
    FakeDomain,
    ParentWorkflow,
    complete_decision,
    new_history,
    replay,
)

CHILD_ID = "workflow-child-1"


class InspectChild(BaseTestWorkflow):
    def run(self) -> Any:
        future = self.submit(ChildWorkflow, 1)
        if not future.done:
            future.result  # noqa: B018 - blocks
        if future.cancelled:
            return "cancelled"
        error = future.exception
        return [future.result, repr(error) if error is not None else None]


def test_child_is_started_with_the_exact_decision() -> None:
    assert replay(ParentWorkflow, new_history(ParentWorkflow)) == [
        {
            "decisionType": "StartChildWorkflowExecution",
            "startChildWorkflowExecutionDecisionAttributes": {
                "workflowId": CHILD_ID,
                "workflowType": {"name": "child", "version": "v1"},
                "taskList": {"name": "child_tl"},
                "input": '{"args": [1], "kwargs": {}}',
                "executionStartToCloseTimeout": "3600",
                "taskStartToCloseTimeout": "300",
            },
        }
    ]


@pytest.mark.parametrize("last_state", ["start_initiated", "started"])
def test_open_child_blocks_without_decision_nor_open_activity(last_state: str) -> None:
    h = new_history(ParentWorkflow)
    h.add_child_workflow(ChildWorkflow, last_state=last_state, workflow_id=CHILD_ID)
    executor = Executor(FakeDomain(), ParentWorkflow)
    decisions, _ = executor.replay(Response(history=h))
    assert decisions == []
    assert executor._open_activity_count == 0


def test_completed_child_result_is_decoded() -> None:
    h = new_history(ParentWorkflow)
    h.add_child_workflow(ChildWorkflow, last_state="completed", workflow_id=CHILD_ID, result="1")
    assert replay(ParentWorkflow, h) == [complete_decision("1")]


def test_completed_child_without_result_gives_none() -> None:
    h = new_history(ParentWorkflow)
    h.add_child_workflow(ChildWorkflow, last_state="completed", workflow_id=CHILD_ID)
    assert replay(ParentWorkflow, h) == [complete_decision("null")]


@pytest.mark.parametrize(
    ("last_state", "expected"),
    [
        ("failed", repr(TaskFailed(CHILD_ID, "REASON"))),
        ("timed_out", repr(TimeoutError("START_TO_CLOSE", None))),
        ("terminated", repr(TaskFailed(CHILD_ID, "terminated"))),
    ],
)
def test_child_failures_finish_the_future_with_an_exception(last_state: str, expected: str) -> None:
    import json

    h = new_history(InspectChild)
    if last_state == "failed":
        h.add_child_workflow(ChildWorkflow, last_state="started", workflow_id=CHILD_ID)
        h.add_child_workflow_failed(h.last_id - 1, h.last_id, reason="REASON", details="D")
    else:
        h.add_child_workflow(ChildWorkflow, last_state=last_state, workflow_id=CHILD_ID)
    [decision] = replay(InspectChild, h)
    result = decision["completeWorkflowExecutionDecisionAttributes"]["result"]
    assert json.loads(result) == [None, expected]


def test_canceled_child_is_cancelled() -> None:
    h = new_history(InspectChild)
    h.add_child_workflow(ChildWorkflow, last_state="canceled", workflow_id=CHILD_ID)
    assert replay(InspectChild, h) == [complete_decision('"cancelled"')]


@pytest.mark.parametrize(
    ("event", "state", "exception"),
    [
        ({"state": "start_initiated"}, futures.PENDING, None),
        ({"state": "started"}, futures.RUNNING, None),
        ({"state": "completed", "result": '{"a": 1}'}, futures.FINISHED, None),
        (
            {"state": "failed", "reason": "r", "details": "d"},
            futures.FINISHED,
            TaskFailed(CHILD_ID, "r", "d"),
        ),
        (
            {"state": "timed_out", "timeout_type": "START_TO_CLOSE"},
            futures.FINISHED,
            TimeoutError("START_TO_CLOSE", None),
        ),
        ({"state": "terminated"}, futures.FINISHED, TaskFailed(CHILD_ID, "terminated")),
        (
            {"state": "start_failed", "cause": "WORKFLOW_TYPE_DOES_NOT_EXIST"},
            futures.FINISHED,
            TaskFailed(CHILD_ID, "WORKFLOW_TYPE_DOES_NOT_EXIST"),
        ),
        ({"state": "canceled"}, futures.CANCELLED, None),
        ({"state": "unknown_state"}, futures.PENDING, None),
    ],
)
def test_child_entry_to_future_mapping(
    event: dict[str, Any], state: str, exception: Exception | None
) -> None:
    entry = {"type": "child_workflow", "id": CHILD_ID, **event}
    future = Executor._get_future_from_child_workflow_event(entry)
    assert future.state == state
    if state == futures.FINISHED:
        if exception is None:
            assert future.result == {"a": 1}
            assert future.exception is None
        else:
            assert repr(future.exception) == repr(exception)
            assert type(future.exception) is type(exception)
            assert getattr(future.exception, "details", None) == getattr(exception, "details", None)


def test_start_failed_child_fails_the_future() -> None:
    import json

    from swf.models.event import EventFactory

    h = new_history(InspectChild)
    h.events.append(
        EventFactory(
            {
                "eventId": h.next_id,
                "eventType": "StartChildWorkflowExecutionFailed",
                "eventTimestamp": 1_700_000_000.0,
                "startChildWorkflowExecutionFailedEventAttributes": {
                    "workflowId": CHILD_ID,
                    "workflowType": {"name": "child", "version": "v1"},
                    "cause": "WORKFLOW_TYPE_DOES_NOT_EXIST",
                    "initiatedEventId": 0,
                    "decisionTaskCompletedEventId": 4,
                },
            }
        )
    )
    [decision] = replay(InspectChild, h)
    result = json.loads(decision["completeWorkflowExecutionDecisionAttributes"]["result"])
    assert result == [None, repr(TaskFailed(CHILD_ID, "WORKFLOW_TYPE_DOES_NOT_EXIST"))]
