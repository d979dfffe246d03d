"""Signals on synthetic histories: exact decisions and futures (features §3)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from simpleflow import futures
from simpleflow.exceptions import TaskFailed
from simpleflow.local import Executor as LocalExecutor
from simpleflow.swf._ids import hex_hash
from simpleflow.swf.executor import Executor
from swf.models.history import builder
from swf.responses import Response
from tests.simpleflow.swf._workflows import (
    BaseTestWorkflow,
    ChildWorkflow,
    FakeDomain,
    complete_decision,
)


class Execution:
    workflow_id, run_id = "me", "run-me"


def signal(name: str, workflow_id: str | None, input: str, run_id: str | None = None) -> Any:
    attributes = {"signalName": name, "input": input}
    if workflow_id is not None:
        attributes["workflowId"] = workflow_id
    if run_id is not None:
        attributes["runId"] = run_id
    return {
        "decisionType": "SignalExternalWorkflowExecution",
        "signalExternalWorkflowExecutionDecisionAttributes": attributes,
    }


def run(workflow: Any, h: Any) -> tuple[list[Any], Any]:
    executor = Executor(FakeDomain(), workflow)
    decisions, _ = executor.replay(Response(history=h, execution=Execution()))
    return decisions, executor


class SendToOther(BaseTestWorkflow):
    def run(self) -> Any:
        future = self.submit(self.signal("go", 1, workflow_id="other", x=2))
        self.submit(self.signal("go", 1, workflow_id="other", x=2))  # same replay: once
        futures.wait(future)
        if future.state == futures.RUNNING:
            future.result  # noqa: B018 - blocks
        return [future.result, repr(future.exception)]


def test_signal_to_another_execution_has_the_exact_decision() -> None:
    h = builder.History(SendToOther, input={})
    decisions, _ = run(SendToOther, h)
    assert decisions == [
        signal("go", "other", '{"args": [1], "kwargs": {"x": 2}, "__propagate": true}')
    ]


def test_initiated_signal_is_not_sent_again_and_delivered_one_finishes() -> None:
    h = builder.History(SendToOther, input={})
    h.add_external_signal(
        "go", "other", input={"args": [1]}, last_state="signal_execution_initiated"
    )
    assert run(SendToOther, h)[0] == []
    h = builder.History(SendToOther, input={})
    h.add_external_signal("go", "other", input={"args": [1]})
    assert run(SendToOther, h)[0] == [complete_decision('[{"args": [1]}, "None"]')]


def test_failed_signal_finishes_with_task_failed_and_is_not_sent_again() -> None:
    h = builder.History(SendToOther, input={})
    h.add_external_signal("go", "other", last_state="signal_execution_failed")
    expected = repr(TaskFailed("go", "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION"))
    assert run(SendToOther, h)[0] == [complete_decision(json.dumps([None, expected]))]


class Wait(BaseTestWorkflow):
    def run(self) -> Any:
        a = self.submit(self.wait_signal("b-sig"))
        b = self.submit(self.wait_signal("a-sig"))
        return futures.wait(a, b)


def test_wait_signal_blocks_with_the_sorted_waiting_names_in_the_context() -> None:
    h = builder.History(Wait, input={})
    decisions, executor = run(Wait, h)
    assert decisions == []
    assert executor.execution_context == '{"waiting_signals": ["a-sig", "b-sig"]}'
    assert executor.replay(Response(history=h))[1] == {"waiting_signals": ["a-sig", "b-sig"]}


def test_wait_signal_finishes_with_the_latest_input() -> None:
    h = builder.History(Wait, input={})
    h.add_signal("a-sig", {"v": 1}).add_signal("a-sig", {"v": 2}).add_signal("b-sig", [3])
    decisions, executor = run(Wait, h)
    assert decisions == [complete_decision('[[3], {"v": 2}]')]


def test_a_context_left_by_the_previous_decision_is_cleared() -> None:
    h = builder.History(Wait, input={})
    h.add_decision_task_completed(execution_context={"waiting_signals": ["a-sig"]})
    h.add_signal("a-sig", 1)
    h.add_decision_task_scheduled().add_decision_task_started()
    decisions, executor = run(Wait, h)
    assert executor.execution_context == '{"waiting_signals": ["b-sig"]}'
    h.add_signal("b-sig", 2)
    decisions, executor = run(Wait, h)
    assert decisions == [complete_decision("[2, 1]")]


class SelfSignal(BaseTestWorkflow):
    def run(self) -> Any:
        return self.submit(self.signal("ping", 7, propagate=False)).result


def test_self_signal_targets_this_execution_and_finishes_once_received() -> None:
    h = builder.History(SelfSignal, input={})
    decisions, _ = run(SelfSignal, h)
    assert decisions == [
        signal("ping", "me", '{"args": [7], "kwargs": {}, "__propagate": false}', "run-me")
    ]
    h.add_signal(
        "ping", {"args": [7], "kwargs": {}, "__propagate": False}, external_workflow_id="me"
    )
    assert run(SelfSignal, h)[0] == [
        complete_decision('{"args": [7], "kwargs": {}, "__propagate": false}')
    ]


class Propagating(BaseTestWorkflow):
    def run(self) -> Any:
        child = self.submit(ChildWorkflow, 1)
        return child.result


def test_received_signal_is_propagated_to_parent_then_children_one_per_replay() -> None:
    h = builder.History(Propagating, input={})
    h.events[0].parent_workflow_execution = {"workflowId": "parent", "runId": "prun"}
    kid = f"workflow-child-me--{hex_hash('run-me')}--1"
    h.add_child_workflow(ChildWorkflow, last_state="started", workflow_id=kid)
    kid_run = h.events[-1].workflow_execution["runId"]
    payload = {"args": [1], "kwargs": {}, "__propagate": True}
    h.add_signal("go", payload, external_workflow_id="outside", external_run_id="o")
    decisions, _ = run(Propagating, h)
    text = '{"args": [1], "kwargs": {}, "__propagate": true}'
    # one target per replay (per-name de-duplication), in sorted order: "parent" < "workflow-"
    assert decisions == [signal("go", "parent", text, "prun")]
    h.add_external_signal("go", "parent", run_id="prun", input=payload)
    assert run(Propagating, h)[0] == [signal("go", kid, text, kid_run)]
    h.add_external_signal("go", kid, run_id=kid_run, input=payload)
    assert run(Propagating, h)[0] == []  # all delivered: the workflow runs (child open)


def test_signal_names_swf_would_refuse_raise_at_the_call() -> None:
    with pytest.raises(ValueError, match="signal name"):
        BaseTestWorkflow(None).signal("")
    with pytest.raises(TypeError, match="signal name"):
        BaseTestWorkflow(None).wait_signal(None)  # type: ignore[arg-type]


# --- local executor (§3.6) ----------------------------------------------------------------


class LocalSignals(BaseTestWorkflow):
    def run(self) -> Any:
        self.submit(self.signal("go", 1, k=2))
        return self.submit(self.wait_signal("go")).result


def test_local_wait_signal_gets_the_same_value_as_on_swf() -> None:
    assert LocalExecutor(LocalSignals).run() == {
        "args": [1],
        "kwargs": {"k": 2},
        "__propagate": True,
    }


def test_local_wait_before_any_signal_is_unsupported() -> None:
    with pytest.raises(NotImplementedError, match=r"wait_signal\(x\) before signal was sent"):
        LocalExecutor(Wait).submit(BaseTestWorkflow(None).wait_signal("x"))
