"""Replay histories recorded on an SWF endpoint (tests/data/histories/*.json).

At every decision point of a recorded history (each `DecisionTaskStarted`), replaying the
events seen so far must make exactly the decisions the decider made then, as recorded by
SWF in the events that follow the matching `DecisionTaskCompleted`. Regenerate the files
with `python -m tests.simpleflow.swf._record_history`.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import pytest

from simpleflow.swf.executor import Executor
from swf.models.history.base import History
from swf.responses import Response
from tests.simpleflow.swf._record_history import HISTORIES
from tests.simpleflow.swf._workflows import FakeDomain

FILES = sorted(HISTORIES.glob("*.json"))


def _attributes(event: dict[str, Any]) -> dict[str, Any]:
    [key] = [key for key in event if key.endswith("EventAttributes")]
    attributes: dict[str, Any] = event[key]
    return attributes


def recorded_decisions(events: list[dict[str, Any]], completed_id: int) -> list[tuple[Any, ...]]:
    """The decisions of decision task `completed_id`, as SWF recorded their effects."""
    decisions = []
    for event in events:
        attributes = _attributes(event)
        if attributes.get("decisionTaskCompletedEventId") != completed_id:
            continue
        kind = event["eventType"]
        if kind in ("ActivityTaskScheduled", "ScheduleActivityTaskFailed"):
            decisions.append(("schedule", attributes["activityId"]))
        elif kind == "TimerStarted":
            decisions.append(("timer", attributes["timerId"]))
        elif kind in ("WorkflowExecutionCompleted", "CompleteWorkflowExecutionFailed"):
            decisions.append(("complete", attributes.get("result")))
        elif kind in ("WorkflowExecutionFailed", "FailWorkflowExecutionFailed"):
            decisions.append(("fail", attributes.get("reason")))
    return decisions


def summary(decision: Any) -> tuple[Any, ...]:
    attributes = decision[decision.attributes_key]
    return {
        "ScheduleActivityTask": lambda: ("schedule", attributes["activityId"]),
        "StartTimer": lambda: ("timer", attributes["timerId"]),
        "CompleteWorkflowExecution": lambda: ("complete", attributes.get("result")),
        "FailWorkflowExecution": lambda: ("fail", attributes.get("reason")),
    }[decision.type]()


def load_workflow(path: str) -> Any:
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def test_recorded_histories_are_present() -> None:
    assert len(FILES) >= 4


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_replaying_a_recorded_history_makes_the_recorded_decisions(path: Path) -> None:
    recorded = json.loads(path.read_text(encoding="utf-8"))
    events = recorded["events"]
    workflow = load_workflow(recorded["workflow"])
    checked = 0
    for index, event in enumerate(events):
        if event["eventType"] != "DecisionTaskStarted":
            continue
        following = events[index + 1] if index + 1 < len(events) else None
        if following is None or following["eventType"] != "DecisionTaskCompleted":
            continue
        history = History.from_event_list(events[: index + 1])
        # The pure core: the recorded schedule failures must not register types here.
        outcome = Executor(FakeDomain(), workflow)._replay_history(Response(history=history))
        decisions = outcome.decisions
        expected = recorded_decisions(events, following["eventId"])
        assert [summary(d) for d in decisions] == expected, f"decision after event {index + 1}"
        checked += 1
    assert checked >= 3
    assert events[-1]["eventType"] in ("WorkflowExecutionCompleted", "WorkflowExecutionFailed")
