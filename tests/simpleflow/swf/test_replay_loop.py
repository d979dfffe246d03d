"""The replay loop additions: run context, budget, wake-up timer, de-duplication (§1.8–§1.10)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from simpleflow import futures
from simpleflow.activity import Activity
from simpleflow.swf import constants
from simpleflow.swf.executor import Executor
from swf.models.history import builder
from swf.responses import Response
from tests.simpleflow.swf._workflows import (
    BaseTestWorkflow,
    FakeDomain,
    complete_decision,
    increment,
    make_activity,
    replay,
)


def scheduled_ids(decisions: list[Any]) -> list[str]:
    return [d["scheduleActivityTaskDecisionAttributes"]["activityId"] for d in decisions]


WAKE_UP_ID = "_simpleflow_wake_up_timer"


class Execution:
    workflow_id, run_id = "wf-1", "run-1"


class Context(BaseTestWorkflow):
    def run(self) -> Any:
        return self.get_run_context()


def test_run_context_comes_from_the_decision_task() -> None:
    h = builder.History(Context, input={}, tag_list=["a", "b"])
    h.events[0].parent_workflow_execution = {"workflowId": "parent", "runId": "prun"}
    executor = Executor(FakeDomain(), Context)
    [decision], _ = executor.replay(Response(history=h, execution=Execution()))
    context = json.loads(decision["completeWorkflowExecutionDecisionAttributes"]["result"])
    assert context == {
        "name": "test_workflow",
        "version": "test_version",
        "domain_name": "TestDomain",
        "workflow_id": "wf-1",
        "run_id": "run-1",
        "tag_list": ["a", "b"],
        "continued_execution_run_id": None,
        "parent_workflow_id": "parent",
        "parent_run_id": "prun",
    }


def test_run_context_is_empty_without_an_execution() -> None:
    assert replay(Context, builder.History(Context, input={})) == [complete_decision("{}")]


def test_get_execution_context_is_a_deprecated_alias() -> None:
    class Old(BaseTestWorkflow):
        def run(self) -> Any:
            return self.get_execution_context()

    with pytest.warns(DeprecationWarning, match="get_run_context"):
        assert replay(Old, builder.History(Old, input={})) == [complete_decision("{}")]


def test_get_event_details_refuses_unknown_kinds() -> None:
    class Details(BaseTestWorkflow):
        def run(self) -> Any:
            return self.get_event_details("lambda", "x")

    [decision] = replay(Details, builder.History(Details, input={}))
    reason = decision["failWorkflowExecutionDecisionAttributes"]["reason"]
    assert "Unimplemented type 'lambda' for get_event_details" in reason


def test_event_details_of_signals_and_timers() -> None:
    class Details(BaseTestWorkflow):
        def run(self) -> Any:
            signal = self.get_event_details("signal", "go")
            timer = self.get_event_details("timer", "t")
            return [signal["input"], timer["state"], self.get_event_details("signal", "no")]

    h = builder.History(Details, input={})
    h.add_signal("go", {"x": 1}).add_timer_started("t", 3)
    assert replay(Details, h) == [complete_decision('[{"x": 1}, "started", null]')]


# --- the decision budget -------------------------------------------------------------------


class Markers(BaseTestWorkflow):
    count = 150

    def run(self) -> Any:
        return futures.wait(*[self.submit(self.record_marker(f"m{i}")) for i in range(self.count)])


def test_100_decision_rule_holds_for_markers_with_one_library_timer() -> None:
    decisions = replay(Markers, builder.History(Markers, input={}))
    assert len(decisions) == 100
    assert [d["decisionType"] for d in decisions[:99]] == ["RecordMarker"] * 99
    assert decisions[-1]["startTimerDecisionAttributes"]["timerId"].startswith("resume-after-")


def test_request_size_guard_stops_scheduling_and_wakes_the_workflow_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(constants, "MAX_REQUEST_SIZE", 37_000 + 500)
    big = make_activity(lambda x: x, "pkg.tasks.big")

    class Big(BaseTestWorkflow):
        def run(self) -> Any:
            return futures.wait(*[self.submit(big, "x" * 100) for _ in range(10)])

    decisions = replay(Big, builder.History(Big, input={}))
    assert json.dumps(decisions[:-1]).__len__() <= 500
    assert [d["decisionType"] for d in decisions[:-1]] == ["ScheduleActivityTask"] * (
        len(decisions) - 1
    )
    assert 0 < len(decisions) - 1 < 10
    assert decisions[-1]["startTimerDecisionAttributes"] == {
        "timerId": WAKE_UP_ID,
        "startToFireTimeout": "0",
    }


def test_no_wake_up_timer_after_a_closing_decision() -> None:
    class MarkThenFail(BaseTestWorkflow):
        def run(self) -> None:
            self.submit(self.record_marker("m"))
            self.fail("stop")

    decisions = replay(MarkThenFail, builder.History(MarkThenFail, input={}))
    assert [d["decisionType"] for d in decisions] == ["RecordMarker", "FailWorkflowExecution"]


def test_idempotent_tasks_are_scheduled_once_per_replay() -> None:
    class Twice(BaseTestWorkflow):
        def run(self) -> Any:
            a = self.submit(self.start_timer("t", 1))
            b = self.submit(self.start_timer("t", 1))
            return futures.wait(a, b)

    assert len(replay(Twice, builder.History(Twice, input={}))) == 1


# --- ids and caps ------------------------------------------------------------------------


def _suffix(workflow: Any, x: int) -> str:
    return f"item-{x}"


def _custom(x: int) -> int:
    return x


_custom.get_task_id = _suffix  # type: ignore[attr-defined]
custom = make_activity(_custom, "pkg.tasks.custom")


def test_activity_with_get_task_id_uses_the_custom_suffix() -> None:
    class Custom(BaseTestWorkflow):
        def run(self) -> Any:
            return self.submit(custom, 7).result

    assert scheduled_ids(replay(Custom, builder.History(Custom, input={}))) == [
        "activity-pkg.tasks.custom-item-7"
    ]


def test_per_class_open_activity_cap() -> None:
    class Capped(BaseTestWorkflow):
        max_open_activity_count = 3

        def run(self) -> Any:
            return futures.wait(*self.map(increment, range(10)))

    assert len(replay(Capped, builder.History(Capped, input={}))) == 3


def test_a_long_timer_id_is_refused_at_the_call_not_by_swf() -> None:
    assert isinstance(increment, Activity)
    with pytest.raises(ValueError, match="at most 256"):
        BaseTestWorkflow(None).start_timer("t" * 300, 1)
