"""Repair mode: reuse results of a previous execution through fake workers (spec §16.10)."""

from __future__ import annotations

import hashlib
import json
import time
from typing import Any
from unittest import mock

import pytest

from simpleflow.history import History
from simpleflow.swf import executor as executor_module
from simpleflow.swf.executor import (
    Executor,
    run_fake_activity_task,
    run_fake_child_workflow_task,
    run_fake_task_worker,
)
from simpleflow.utils import json_dumps
from swf.responses import Response
from tests.simpleflow.swf._workflows import (
    ChainWorkflow,
    ChildWorkflow,
    FakeDomain,
    MapWorkflow,
    ParentWorkflow,
    double,
    increment,
    new_history,
    schedule_decision,
    timer_decision,
)

INCREMENT_1 = "activity-pkg.tasks.increment-1"
PATCH_TARGET = "simpleflow.swf.executor.run_fake_task_worker"


def former_history(last_state: str = "completed", workflow: Any = ChainWorkflow) -> History:
    h = new_history(workflow)
    h.add_activity_task(
        increment,
        decision_id=4,
        last_state=last_state,
        activity_id=INCREMENT_1,
        input={"args": [1], "kwargs": {}},
        result=2,
    )
    history = History(h)
    history.parse()
    return history


def fake_list(entry: dict[str, Any]) -> str:
    return "FAKE-" + hashlib.md5(json_dumps(entry).encode("utf-8")).hexdigest()


def repair(workflow: Any, history: Any, repair_with: History, **options: Any) -> list[Any]:
    executor = Executor(FakeDomain(), workflow, repair_with=repair_with, **options)
    decisions, _ = executor.replay(Response(history=history))
    return decisions


def test_completed_task_is_scheduled_on_a_fake_list_served_by_a_fake_worker() -> None:
    former = former_history()
    entry = former._activities[INCREMENT_1]
    with mock.patch(PATCH_TARGET) as worker:
        decisions = repair(ChainWorkflow, new_history(ChainWorkflow), former)
    task_list = fake_list(entry)
    assert decisions == [
        schedule_decision(INCREMENT_1, increment, '{"args": [1], "kwargs": {}}', task_list)
    ]
    assert task_list.startswith("FAKE-")
    worker.assert_called_once_with("TestDomain", task_list, entry)


def test_forced_activities_run_again_normally() -> None:
    with mock.patch(PATCH_TARGET) as worker:
        decisions = repair(
            ChainWorkflow, new_history(ChainWorkflow), former_history(), force_activities="incr"
        )
    assert decisions == [schedule_decision(INCREMENT_1, increment, '{"args": [1], "kwargs": {}}')]
    worker.assert_not_called()


def test_force_activities_not_matching_keeps_the_fake_path() -> None:
    with mock.patch(PATCH_TARGET) as worker:
        decisions = repair(
            ChainWorkflow, new_history(ChainWorkflow), former_history(), force_activities="^double"
        )
    attributes = decisions[0]["scheduleActivityTaskDecisionAttributes"]
    assert attributes["taskList"]["name"].startswith("FAKE-")
    worker.assert_called_once()


@pytest.mark.parametrize("last_state", ["failed", "timed_out", "scheduled", "started"])
def test_tasks_not_completed_before_are_executed_again(last_state: str) -> None:
    with mock.patch(PATCH_TARGET) as worker:
        decisions = repair(
            ChainWorkflow, new_history(ChainWorkflow), former_history(last_state), task_list="tl"
        )
    assert decisions == [
        schedule_decision(INCREMENT_1, increment, '{"args": [1], "kwargs": {}}', "tl")
    ]
    worker.assert_not_called()


def test_tasks_present_in_the_current_history_ignore_the_former_run() -> None:
    h = new_history(ChainWorkflow)
    h.add_activity_task(
        increment, decision_id=4, last_state="completed", activity_id=INCREMENT_1, result=5
    )
    with mock.patch(PATCH_TARGET) as worker:
        decisions = repair(ChainWorkflow, h, former_history())
    assert decisions == [
        schedule_decision("activity-pkg.tasks.double-1", double, '{"args": [5], "kwargs": {}}')
    ]
    worker.assert_not_called()


def test_fake_worker_starts_even_when_the_decision_limit_is_reached() -> None:
    h = new_history(MapWorkflow, 120)
    for n in range(1, 121):
        h.add_activity_task(
            increment,
            decision_id=4,
            last_state="completed",
            activity_id=f"activity-pkg.tasks.increment-{n}",
            result=n,
        )
    former = History(h)
    former.parse()
    with mock.patch(PATCH_TARGET) as worker:
        decisions = repair(MapWorkflow, new_history(MapWorkflow, 120), former)
    assert len(decisions) == 100
    assert decisions[-1] == timer_decision("activity-pkg.tasks.increment-99")
    assert worker.call_count == 99
    last_task_list = worker.call_args_list[-1].args[1]
    assert decisions[98]["scheduleActivityTaskDecisionAttributes"]["taskList"] == {
        "name": last_task_list
    }


def test_completed_child_workflow_is_faked_on_its_own_fake_list() -> None:
    h = new_history(ParentWorkflow)
    h.add_child_workflow(
        ChildWorkflow, last_state="completed", workflow_id="workflow-child-None--0--1", result="1"
    )
    former = History(h)
    former.parse()
    entry = former._child_workflows["workflow-child-None--0--1"]
    with mock.patch(PATCH_TARGET) as worker:
        [decision] = repair(ParentWorkflow, new_history(ParentWorkflow), former)
    attributes = decision["startChildWorkflowExecutionDecisionAttributes"]
    assert attributes["taskList"] == {"name": fake_list(entry)}
    worker.assert_called_once_with("TestDomain", fake_list(entry), entry)


# --- the fake workers -------------------------------------------------------------------


class FakeProcess:
    started: list[FakeProcess] = []

    def __init__(self, target: Any, args: tuple[Any, ...], name: str) -> None:
        self.target, self.args, self.name, self.pid = target, args, name, 1234

    def start(self) -> None:
        self.started.append(self)


class FakeContext:
    Process = FakeProcess


@pytest.mark.parametrize(
    ("kind", "target"),
    [("activity", run_fake_activity_task), ("child_workflow", run_fake_child_workflow_task)],
)
def test_run_fake_task_worker_starts_the_helper_of_the_entry_type(kind: str, target: Any) -> None:
    FakeProcess.started = []
    with mock.patch.object(executor_module, "_process_context", return_value=FakeContext()):
        process = run_fake_task_worker("D", "FAKE-1", {"type": kind, "result": '"r"'})
    assert FakeProcess.started == [process]
    assert process.target is target
    assert process.args == ("D", "FAKE-1", '"r"')


def test_run_fake_task_worker_rejects_other_entry_types() -> None:
    with pytest.raises(ValueError, match="cannot fake a task of type 'timer'"):
        run_fake_task_worker("D", "FAKE-1", {"type": "timer"})


def test_process_context_prefers_fork() -> None:
    import multiprocessing

    context = executor_module._process_context()
    if "fork" in multiprocessing.get_all_start_methods():
        assert context.get_start_method() == "fork"


class FakeConnection:
    def __init__(self, polls: list[dict[str, Any]]) -> None:
        self.polls = polls
        self.calls: list[Any] = []

    def _poll(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self.calls.append(("poll", args, kwargs))
        return self.polls.pop(0) if self.polls else {}

    poll_for_activity_task = _poll
    poll_for_decision_task = _poll

    def respond_activity_task_completed(self, token: str, result: Any = None) -> None:
        self.calls.append(("activity_completed", token, result))

    def respond_decision_task_completed(self, token: str, decisions: Any = None) -> None:
        self.calls.append(("decision_completed", token, decisions))


@pytest.fixture
def fake_connection(monkeypatch: pytest.MonkeyPatch) -> FakeConnection:
    connection = FakeConnection([{"startedEventId": 0}, {"taskToken": ""}, {"taskToken": "tok"}])
    monkeypatch.setattr(executor_module, "_connection", lambda: connection)
    monkeypatch.setattr(executor_module, "_identity", lambda: "me")
    monkeypatch.setattr(executor_module, "_FAKE_TASK_POLL_INTERVAL", 0.0)
    return connection


def test_fake_activity_task_polls_until_a_token_then_completes(
    fake_connection: FakeConnection,
) -> None:
    run_fake_activity_task("D", "FAKE-1", '"old"')
    polls = [call for call in fake_connection.calls if call[0] == "poll"]
    assert polls == [("poll", ("D", "FAKE-1"), {"identity": "me"})] * 3
    assert fake_connection.calls[-1] == ("activity_completed", "tok", '"old"')


def test_fake_child_workflow_task_completes_the_decision_task(
    fake_connection: FakeConnection,
) -> None:
    run_fake_child_workflow_task("D", "FAKE-1", result='"old"')
    assert fake_connection.calls[-1] == (
        "decision_completed",
        "tok",
        [
            {
                "decisionType": "CompleteWorkflowExecution",
                "completeWorkflowExecutionDecisionAttributes": {"result": '"old"'},
            }
        ],
    )


def test_fake_worker_gives_up_after_the_deadline(
    fake_connection: FakeConnection, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    fake_connection.polls = []
    monkeypatch.setattr(executor_module, "_FAKE_TASK_DEADLINE", 0.0)
    run_fake_activity_task("D", "FAKE-1", '"old"')
    assert [call[0] for call in fake_connection.calls] == ["poll"]
    assert "no activity task on task list FAKE-1" in caplog.text


# --- against moto's SWF server -----------------------------------------------------------


def _connection() -> Any:
    from swf.core import ConnectedSWFObject

    return ConnectedSWFObject().connection


def _wait_until(predicate: Any, timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(0.2)


def _history_events(connection: Any, domain: str, workflow_id: str, run_id: str) -> list[Any]:
    response = connection.get_workflow_execution_history(domain, run_id, workflow_id)
    return list(response["events"])


def _start(connection: Any, domain: str, task_list: str, workflow: Any) -> str:
    connection.register_workflow_type(
        domain,
        workflow.name,
        workflow.version,
        task_list=task_list,
        default_child_policy="TERMINATE",
        default_execution_start_to_close_timeout="600",
        default_task_start_to_close_timeout="60",
    )
    response = connection.start_workflow_execution(
        domain, "wf-repair", workflow.name, workflow.version, task_list=task_list,
        input=json.dumps({"args": [], "kwargs": {}}),
    )  # fmt: skip
    return str(response["runId"])


@pytest.mark.integration
def test_repair_fake_activity_worker_completes_the_task_on_swf(domain_name: str) -> None:
    from swf.models import Domain
    from swf.models.history.base import History as SWFHistory

    connection = _connection()
    connection.register_activity_type(
        domain_name, increment.name, increment.version, task_list="default",
        default_task_heartbeat_timeout="300", default_task_schedule_to_close_timeout="300",
        default_task_schedule_to_start_timeout="300", default_task_start_to_close_timeout="300",
    )  # fmt: skip
    run_id = _start(connection, domain_name, "decisions", ChainWorkflow)
    poll = connection.poll_for_decision_task(domain_name, "decisions", identity="test")
    executor = Executor(Domain(domain_name), ChainWorkflow, repair_with=former_history())
    history = SWFHistory.from_event_list(poll["events"])

    decisions, _ = executor.replay(Response(history=history))
    connection.respond_decision_task_completed(poll["taskToken"], decisions=decisions)

    def completed() -> Any:
        events = _history_events(connection, domain_name, "wf-repair", run_id)
        return [e for e in events if e["eventType"] == "ActivityTaskCompleted"]

    [event] = _wait_until(completed)
    assert event["activityTaskCompletedEventAttributes"]["result"] == "2"


@pytest.mark.integration
def test_repair_fake_child_worker_completes_the_execution_on_swf(domain_name: str) -> None:
    connection = _connection()
    run_id = _start(connection, domain_name, "FAKE-child", ChildWorkflow)

    run_fake_child_workflow_task(domain_name, "FAKE-child", result='"old"')

    response = connection.describe_workflow_execution(domain_name, run_id, "wf-repair")
    assert response["executionInfo"]["executionStatus"] == "CLOSED"
    assert response["executionInfo"]["closeStatus"] == "COMPLETED"
    events = _history_events(connection, domain_name, "wf-repair", run_id)
    assert events[-1]["workflowExecutionCompletedEventAttributes"]["result"] == '"old"'


def test_repair_mode_child_ids_embed_the_repaired_execution() -> None:
    from simpleflow.swf._ids import hex_hash

    h = new_history(ParentWorkflow)
    former = History(h)
    former.parse()
    former.repaired_workflow_id = "old-wf"  # type: ignore[attr-defined]
    former.repaired_run_id = "old-run"  # type: ignore[attr-defined]
    [decision] = repair(ParentWorkflow, new_history(ParentWorkflow), former)
    attributes = decision["startChildWorkflowExecutionDecisionAttributes"]
    assert attributes["workflowId"] == f"workflow-child-old-wf--{hex_hash('old-run')}--1"
