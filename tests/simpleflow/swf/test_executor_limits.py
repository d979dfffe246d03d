"""The 100-decision rule and the open-activity cap (spec §16.7)."""

from __future__ import annotations

from typing import Any

import pytest

from simpleflow.swf import constants
from simpleflow.swf.executor import Executor
from swf.responses import Response
from tests.simpleflow.swf._workflows import (
    FakeDomain,
    MapWorkflow,
    increment,
    new_history,
    timer_decision,
)


def task_id(n: int) -> str:
    return f"activity-pkg.tasks.increment-{n}"


def add_tasks(h: Any, numbers: range, last_state: str) -> None:
    h.add_decision_task_completed()
    decision_id = h.last_id
    for n in numbers:
        h.add_activity_task(
            increment,
            decision_id=decision_id,
            last_state=last_state,
            activity_id=task_id(n),
            input={"args": [n - 1], "kwargs": {}},
            result=n,
        )
    h.add_decision_task_scheduled().add_decision_task_started()


def run(h: Any) -> tuple[list[Any], Executor]:
    executor = Executor(FakeDomain(), MapWorkflow)
    decisions, _ = executor.replay(Response(history=h))
    return decisions, executor


def scheduled(decisions: list[Any]) -> list[str]:
    return [
        d["scheduleActivityTaskDecisionAttributes"]["activityId"]
        for d in decisions
        if d.type == "ScheduleActivityTask"
    ]


def test_map_of_120_first_returns_99_schedules_and_a_timer() -> None:
    decisions, _ = run(new_history(MapWorkflow, 120))
    assert len(decisions) == 100
    assert scheduled(decisions) == [task_id(n) for n in range(1, 100)]
    assert decisions[-1] == timer_decision(task_id(99))
    assert decisions[-1].type == "StartTimer"


def test_map_of_120_then_schedules_the_remaining_20_without_timer() -> None:
    h = new_history(MapWorkflow, 120)
    add_tasks(h, range(1, 101), "completed")
    decisions, _ = run(h)
    assert scheduled(decisions) == [task_id(n) for n in range(101, 121)]
    assert len(decisions) == 20


def test_1020_items_fresh_history_returns_100_decisions() -> None:
    decisions, _ = run(new_history(MapWorkflow, 1020))
    assert len(decisions) == 100
    assert decisions[-1].type == "StartTimer"


def test_1020_items_with_1000_open_makes_no_decision() -> None:
    h = new_history(MapWorkflow, 1020)
    add_tasks(h, range(1, 501), "scheduled")
    add_tasks(h, range(501, 1001), "started")
    decisions, executor = run(h)
    assert decisions == []
    assert executor._open_activity_count == 1000


def test_1020_items_open_cap_counts_history_and_new_schedules() -> None:
    h = new_history(MapWorkflow, 1020)
    add_tasks(h, range(1, 999), "scheduled")
    decisions, executor = run(h)
    assert scheduled(decisions) == [task_id(999), task_id(1000)]
    assert len(decisions) == 2
    assert executor._open_activity_count == 1000

    add_tasks(h, range(999, 1001), "scheduled")
    decisions, executor = run(h)
    assert decisions == []

    completed = new_history(MapWorkflow, 1020)
    add_tasks(completed, range(1, 999), "completed")
    add_tasks(completed, range(999, 1001), "scheduled")
    decisions, executor = run(completed)
    assert scheduled(decisions) == [task_id(n) for n in range(1001, 1021)]
    assert executor._open_activity_count == 22


def test_cap_is_read_at_replay_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(constants, "MAX_OPEN_ACTIVITY_COUNT", 3)
    decisions, executor = run(new_history(MapWorkflow, 10))
    assert scheduled(decisions) == [task_id(1), task_id(2), task_id(3)]
    assert executor._open_activity_count == 3


def test_cap_of_one_still_schedules_one_task(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(constants, "MAX_OPEN_ACTIVITY_COUNT", 1)
    decisions, _ = run(new_history(MapWorkflow, 10))
    assert scheduled(decisions) == [task_id(1)]


@pytest.mark.parametrize("value", ["0", "-5", "many"])
def test_invalid_max_open_activity_count_is_rejected(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("SWF_MAX_OPEN_ACTIVITY_COUNT", value)
    with pytest.raises(ValueError, match="SWF_MAX_OPEN_ACTIVITY_COUNT"):
        constants._read_max_open_activity_count()


def test_max_open_activity_count_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SWF_MAX_OPEN_ACTIVITY_COUNT", "250")
    assert constants._read_max_open_activity_count() == 250
    monkeypatch.delenv("SWF_MAX_OPEN_ACTIVITY_COUNT")
    assert constants._read_max_open_activity_count() == 1000
    assert constants.MAX_DECISIONS == 100
