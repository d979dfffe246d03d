"""Child workflows: start decisions, ids and futures from history (features §1.10, §2)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest

from simpleflow import futures
from simpleflow.exceptions import TaskCanceled, TaskFailed, TaskTerminated, TimeoutError
from simpleflow.swf._replay import RegisterWorkflowType
from simpleflow.swf.executor import Executor
from swf.models.history import builder
from swf.responses import Response
from tests.simpleflow.swf._workflows import (
    BaseTestWorkflow,
    ChildWorkflow,
    FakeDomain,
    ParentWorkflow,
    complete_decision,
    fail_decision,
    new_history,
    replay,
)

# Without an execution in the decision task (features §1.10).
CHILD_ID = "workflow-child-None--0--1"


class Execution:
    def __init__(self, workflow_id: str = "wf-1", run_id: str = "22abc") -> None:
        self.workflow_id, self.run_id = workflow_id, run_id


class QuietChild(ChildWorkflow):
    """A child whose failures stay in its future."""

    raises_on_failure = False


class InspectChild(BaseTestWorkflow):
    def run(self) -> Any:
        future = self.submit(QuietChild, 1)
        if not future.done:
            future.result  # noqa: B018 - blocks
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
                "input": '{"args": [1], "kwargs": {}, "__extra": {"class": '
                '"tests.simpleflow.swf._workflows.ChildWorkflow"}}',
                "executionStartToCloseTimeout": "3600",
                "taskStartToCloseTimeout": "300",
            },
        }
    ]


def test_child_ids_embed_the_parent_execution_so_two_parents_never_collide() -> None:
    ids = []
    for run_id in ("run-a", "run-b"):
        executor = Executor(FakeDomain(), ParentWorkflow)
        response = Response(history=new_history(ParentWorkflow), execution=Execution("p", run_id))
        [decision], _ = executor.replay(response)
        ids.append(decision["startChildWorkflowExecutionDecisionAttributes"]["workflowId"])
    assert ids[0] != ids[1]
    assert ids[0].startswith("workflow-child-p--") and ids[0].endswith("--1")


class Named(ChildWorkflow):
    @classmethod
    def get_workflow_id(cls, x: int) -> str:
        return f"custom-{x}"


class Idempotent(ChildWorkflow):
    idempotent = True


class ListedChild(ChildWorkflow):
    task_list = None

    def get_task_list(cls, x: int) -> str:
        return f"tl-{x}"


class Parent(BaseTestWorkflow):
    child: Any = Named

    def run(self) -> Any:
        return self.submit(self.child, 2).result


@pytest.mark.parametrize(
    ("child", "workflow_id"),
    [
        (Named, "custom-2"),
        # md5 of json_dumps({"args": [2], "kwargs": {}}), computed independently
        (
            Idempotent,
            "workflow-child-wf-1--411018b--"
            + hashlib.md5(b'{"args": [2], "kwargs": {}}').hexdigest(),
        ),
    ],
)
def test_custom_and_idempotent_child_ids(child: Any, workflow_id: str) -> None:
    parent = type("P", (Parent,), {"child": child})
    executor = Executor(FakeDomain(), parent)
    [decision], _ = executor.replay(Response(history=new_history(parent), execution=Execution()))
    assert decision["startChildWorkflowExecutionDecisionAttributes"]["workflowId"] == workflow_id


def test_child_task_list_precedence() -> None:
    parent = type("P", (Parent,), {"child": ListedChild})
    [decision] = replay(parent, new_history(parent))
    assert decision["startChildWorkflowExecutionDecisionAttributes"]["taskList"] == {"name": "tl-2"}


@pytest.mark.parametrize("last_state", ["start_initiated", "started"])
def test_open_child_blocks_without_decision_nor_open_activity(last_state: str) -> None:
    h = new_history(ParentWorkflow)
    h.add_child_workflow(ChildWorkflow, last_state=last_state, workflow_id=CHILD_ID)
    executor = Executor(FakeDomain(), ParentWorkflow)
    decisions, _ = executor.replay(Response(history=h))
    assert decisions == []
    assert executor._open_activity_count == 0
    assert executor._open_child_count == 1


def test_completed_child_result_is_decoded() -> None:
    h = new_history(ParentWorkflow)
    h.add_child_workflow(ChildWorkflow, last_state="completed", workflow_id=CHILD_ID, result="1")
    assert replay(ParentWorkflow, h) == [complete_decision("1")]


@pytest.mark.parametrize(
    ("last_state", "expected"),
    [
        ("failed", repr(TaskFailed(CHILD_ID, "REASON"))),
        ("timed_out", repr(TimeoutError("START_TO_CLOSE", None))),
        ("terminated", repr(TaskTerminated())),
        ("canceled", repr(TaskCanceled())),
    ],
)
def test_child_failures_finish_the_future_with_an_exception(last_state: str, expected: str) -> None:
    h = new_history(InspectChild)
    h.add_child_workflow(QuietChild, last_state=last_state, workflow_id=CHILD_ID, reason="REASON")
    [decision] = replay(InspectChild, h)
    result = decision["completeWorkflowExecutionDecisionAttributes"]["result"]
    assert json.loads(result) == [None, expected]


@pytest.mark.parametrize(
    ("last_state", "shown"),
    [
        ("failed", '"None"'),
        ("timed_out", '"TimeoutError(START_TO_CLOSE)"'),
        ("canceled", '"TaskCanceled()"'),
        ("terminated", '"TaskTerminated()"'),
    ],
)
def test_exhausted_child_fails_the_parent_with_the_0_11_9_wording(
    last_state: str, shown: str
) -> None:
    h = new_history(ParentWorkflow)
    h.add_child_workflow(ChildWorkflow, last_state=last_state, workflow_id=CHILD_ID)
    assert replay(ParentWorkflow, h) == [
        fail_decision(f"Workflow execution error in task workflow-child: {shown}")
    ]


def test_failed_child_is_started_again_with_the_same_id_while_retries_remain() -> None:
    retried = type("Retried", (ChildWorkflow,), {"retry": 1})
    parent = type("P", (Parent,), {"child": retried})
    h = new_history(parent)
    h.add_child_workflow(retried, last_state="failed", workflow_id="workflow-child-None--0--1")
    [decision] = replay(parent, h)
    attributes = decision["startChildWorkflowExecutionDecisionAttributes"]
    assert attributes["workflowId"] == "workflow-child-None--0--1"
    h.add_child_workflow(retried, last_state="failed", workflow_id="workflow-child-None--0--1")
    assert replay(parent, h)[0]["decisionType"] == "FailWorkflowExecution"


def test_unknown_child_type_is_registered_and_started_again() -> None:
    h = new_history(ParentWorkflow)
    h.add_child_workflow(ChildWorkflow, last_state="start_failed", workflow_id=CHILD_ID)
    executor = Executor(FakeDomain(), ParentWorkflow)
    result = executor._replay_history(Response(history=h))
    assert [d["decisionType"] for d in result.decisions] == ["StartChildWorkflowExecution"]
    assert result.effects == (
        RegisterWorkflowType("child", "v1", "child_tl", "TERMINATE", "3600", "300"),
    )


@pytest.mark.parametrize("cause", ["OPEN_CHILDREN_LIMIT_EXCEEDED", "CHILD_CREATION_RATE_EXCEEDED"])
def test_child_refused_for_a_limit_is_started_again(cause: str) -> None:
    h = new_history(ParentWorkflow)
    h.add_child_workflow(
        ChildWorkflow, last_state="start_failed", workflow_id=CHILD_ID, cause=cause
    )
    assert [d["decisionType"] for d in replay(ParentWorkflow, h)] == ["StartChildWorkflowExecution"]


def test_child_already_running_fails_the_future() -> None:
    h = new_history(InspectChild)
    h.add_child_workflow(
        QuietChild,
        last_state="start_failed",
        workflow_id=CHILD_ID,
        cause="WORKFLOW_ALREADY_RUNNING",
    )
    [decision] = replay(InspectChild, h)
    result = json.loads(decision["completeWorkflowExecutionDecisionAttributes"]["result"])
    assert result == [None, repr(TaskFailed(CHILD_ID, "WORKFLOW_ALREADY_RUNNING"))]


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
        ({"state": "terminated"}, futures.FINISHED, TaskTerminated()),
        ({"state": "canceled", "details": "why"}, futures.FINISHED, TaskCanceled("why")),
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


class Fanout(BaseTestWorkflow):
    max_open_child_count = 3

    def run(self) -> Any:
        return futures.wait(*[self.submit(ChildWorkflow, i) for i in range(5)])


def test_open_children_cap_blocks_the_replay(caplog: Any) -> None:
    h = builder.History(Fanout, input={})
    decisions = replay(Fanout, h)
    assert len(decisions) == 3
    assert "limit of 3/3 open child workflows reached" in caplog.text
