"""Replay with jumbo fields: histories holding references, decisions carrying them.

The replay core never sees a reference: `Executor.replay` resolves them first (features
§11.3). Decisions whose payload exceeds SWF's limit carry a reference to the stored value.
"""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any

import pytest

from simpleflow import format as jformat
from simpleflow import futures, storage
from simpleflow.swf.executor import Executor
from swf.models.event.factory import EventFactory
from swf.models.history import builder
from swf.responses import Response
from tests.simpleflow.swf._workflows import (
    BaseTestWorkflow,
    ChildWorkflow,
    FakeDomain,
    complete_decision,
    increment,
    make_activity,
    new_history,
    replay,
)

pytestmark = pytest.mark.integration

INCREMENT_1 = "activity-pkg.tasks.increment-1"
echo = make_activity(lambda value: value, "pkg.tasks.echo")


def _refer(history: builder.History, name: str, event_index: int = -1) -> str:
    """Store the attribute ``name`` of an event on S3 and put the reference in its place."""
    event = history.events[event_index]
    raw = json.loads(json.dumps(event.raw))
    attributes = raw[event._attributes_key]
    text = attributes[name]
    bucket = jformat.jumbo_location()
    assert bucket is not None
    key = str(uuid.uuid4())
    storage.push_content(bucket[0], key, text)
    reference = f"simpleflow+s3://{bucket[0]}/{key} {len(text)}"
    attributes[name] = reference
    history.events[event_index] = EventFactory(raw)
    return reference


def _stored(reference: str) -> Any:
    storage.clear_memory_cache()
    return jformat.decode(reference)


class AddOne(BaseTestWorkflow):
    def run(self, x: int) -> int:
        return self.submit(increment, x).result + 1


def test_replay_of_a_history_holding_references(jumbo_bucket: str) -> None:
    h = new_history(AddOne, 41)
    _refer(h, "input", 0)  # the workflow input
    h.add_decision_task_completed()
    h.add_activity_task(
        increment, decision_id=h.last_id, activity_id=INCREMENT_1,
        input={"args": [41], "kwargs": {}}, result=42,
    )  # fmt: skip
    _refer(h, "input", -3)  # ActivityTaskScheduled
    _refer(h, "result")  # ActivityTaskCompleted
    h.add_decision_task_scheduled().add_decision_task_started()
    storage.clear_memory_cache()  # the decider reads them from S3

    assert replay(AddOne, h) == [complete_decision("43")]


class Receiver(BaseTestWorkflow):
    def run(self) -> Any:
        signal = self.submit(self.wait_signal("go"))
        child = self.submit(ChildWorkflow, 1)
        failing = self.submit(increment, 0)
        futures.wait(signal, child)
        markers = [(m.name, m.details) for m in self.list_markers()]
        return [signal.result, child.result, failing.exception.reason, markers]


def test_signal_input_child_result_failure_reason_and_marker_details_are_read(
    jumbo_bucket: str,
) -> None:
    first = replay_with_context(Receiver, builder.History(Receiver, input={}))
    child_id = next(
        d["startChildWorkflowExecutionDecisionAttributes"]["workflowId"]
        for d in first
        if d["decisionType"] == "StartChildWorkflowExecution"
    )
    h = builder.History(Receiver, input={})
    h.add_signal("go", {"big": "s" * 40_000})
    _refer(h, "input")
    h.add_decision_task_completed()
    h.add_marker("note", {"m": "m" * 40_000}, decision_id=h.last_id)
    _refer(h, "details")
    h.add_child_workflow(ChildWorkflow, workflow_id=child_id, result=json.dumps("c" * 40_000))
    _refer(h, "result")
    h.add_activity_task(
        increment, decision_id=5, last_state="failed", activity_id=INCREMENT_1,
        reason="boom " * 100, details="traceback " * 5000,
    )  # fmt: skip
    _refer(h, "reason")
    _refer(h, "details")
    h.add_decision_task_scheduled().add_decision_task_started()
    storage.clear_memory_cache()

    [decision] = replay_with_context(Receiver, h)
    assert decision["decisionType"] == "CompleteWorkflowExecution"
    reference = decision["completeWorkflowExecutionDecisionAttributes"]["result"]
    assert jformat.is_reference(reference)  # the result is over 32,768 characters too
    assert _stored(reference) == [
        {"big": "s" * 40_000},
        "c" * 40_000,
        "boom " * 100,
        [["note", {"m": "m" * 40_000}]],
    ]


class Sender(BaseTestWorkflow):
    def run(self) -> None:
        big = "x" * 40_000
        self.submit(echo, big)
        self.submit(ChildWorkflow, big)
        self.submit(self.signal("ping", big, propagate=False))
        self.submit(self.record_marker("note", big))
        self.submit(self.start_timer("t", 5, control={"c": big}))
        futures.wait(self.submit(self.wait_signal("never")))


def test_decisions_carry_references_to_the_stored_payloads(jumbo_bucket: str) -> None:
    decisions = replay_with_context(Sender, builder.History(Sender, input={}))
    fields = {
        "ScheduleActivityTask": "input",
        "StartChildWorkflowExecution": "input",
        "SignalExternalWorkflowExecution": "input",
        "RecordMarker": "details",
        "StartTimer": "control",
    }
    seen = {}
    for decision in decisions:
        kind = decision["decisionType"]
        attributes = decision[f"{kind[0].lower()}{kind[1:]}DecisionAttributes"]
        if kind == "StartTimer" and attributes["timerId"] != "t":
            continue
        reference = attributes[fields[kind]]
        assert jformat.is_reference(reference), kind
        seen[kind] = _stored(reference)
    assert seen["ScheduleActivityTask"] == {"args": ["x" * 40_000], "kwargs": {}}
    assert seen["StartChildWorkflowExecution"]["args"] == ["x" * 40_000]
    assert seen["SignalExternalWorkflowExecution"]["args"] == ["x" * 40_000]
    assert seen["RecordMarker"] == "x" * 40_000
    assert seen["StartTimer"] == {"c": "x" * 40_000}
    assert len(json.dumps(decisions)) < 5_000  # references, not megabytes


def replay_with_context(workflow: Any, history: Any) -> list[Any]:
    decisions, _ = Executor(FakeDomain(), workflow).replay(Response(history=history))
    return decisions


class BigInput(BaseTestWorkflow):
    def run(self) -> Any:
        return self.submit(echo, "x" * 40_000).result


def test_without_a_bucket_a_large_input_fails_the_execution_with_the_clear_reason() -> None:
    [decision] = replay(BigInput, builder.History(BigInput, input={}))
    assert decision["decisionType"] == "FailWorkflowExecution"
    reason = decision["failWorkflowExecutionDecisionAttributes"]["reason"]
    assert reason.startswith(
        "Cannot replay the workflow: JumboTooLargeError(Message too long (40028 chars) "
        "for field 'input': set SIMPLEFLOW_JUMBO_FIELDS_BUCKET to store it on S3 (SWF's limit: "
        "32768 chars))"
    )


class ManyBig(BaseTestWorkflow):
    def run(self) -> Any:
        return futures.wait(*[self.submit(echo, f"{i:05d}" + "y" * 30_000) for i in range(40)])


def test_decisions_near_one_megabyte_are_split_across_decision_tasks() -> None:
    # 40 inputs of ~30 kB each (each within SWF's limit): 1.2 MB, more than one response.
    decisions = replay(ManyBig, builder.History(ManyBig, input={}))
    scheduled = [d for d in decisions if d["decisionType"] == "ScheduleActivityTask"]
    assert 25 < len(scheduled) < 40
    assert len(json.dumps(decisions)) <= 1_000_000 - 5_000 - 32_000
    assert decisions[-1]["startTimerDecisionAttributes"] == {
        "timerId": "_simpleflow_wake_up_timer",
        "startToFireTimeout": "0",
    }


def test_with_a_bucket_the_same_decisions_fit_one_response(jumbo_bucket: str) -> None:
    class ManyHuge(BaseTestWorkflow):
        def run(self) -> Any:
            return futures.wait(*[self.submit(echo, f"{i}" + "z" * 40_000) for i in range(40)])

    decisions = replay(ManyHuge, builder.History(ManyHuge, input={}))
    assert [d["decisionType"] for d in decisions] == ["ScheduleActivityTask"] * 40


def test_a_history_past_10000_events_warns_once(caplog: pytest.LogCaptureFixture) -> None:
    class Idle(BaseTestWorkflow):
        def run(self) -> Any:
            return futures.wait(self.submit(self.wait_signal("never")))

    h = builder.History(Idle, input={})
    for _ in range(10_001):
        h.add_signal("noise", {})
    h.add_decision_task_scheduled().add_decision_task_started()
    caplog.set_level(logging.WARNING, "simpleflow.swf._jumbo")
    executor = Executor(FakeDomain(), Idle)
    response = Response(history=h, execution=None)
    executor.replay(response)
    executor.replay(response)
    warnings = [r for r in caplog.records if "continue_as_new" in r.getMessage()]
    assert len(warnings) == 1
    assert "more than 10000" in warnings[0].getMessage()


def test_each_decision_task_starts_with_an_empty_memory_cache(
    jumbo_bucket: str, s3_client: Any
) -> None:
    h = new_history(AddOne, 41)
    reference = _refer(h, "input", 0)
    started = json.loads(json.dumps(h.events[0].raw))  # as SWF sends it, with the reference
    replay(AddOne, h)  # reads the input from S3, keeps it in memory
    bucket, key = reference[len("simpleflow+s3://") :].split(" ")[0].split("/", 1)
    s3_client.delete_object(Bucket=bucket, Key=key)  # type: ignore[attr-defined]
    h.events[0] = EventFactory(started)
    with pytest.raises(storage.StorageError, match="is missing on S3"):
        replay(AddOne, h)  # the next decision task does not reuse the last one's cache
