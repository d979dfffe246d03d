"""Synthetic executions for the stats tests: builder histories with chosen timestamps."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from swf.models.history import builder

START = 1_700_000_000.0  # 2023-11-14 22:13:20 UTC

WORKFLOW = SimpleNamespace(
    name="demo.Workflow",
    version="1.0",
    task_list="decisions",
    decision_tasks_timeout="300",
    execution_timeout="3600",
)
CHILD = SimpleNamespace(name="demo.Child", version="2.0")


def activity(name: str) -> SimpleNamespace:
    return SimpleNamespace(
        name=name,
        version="1",
        task_list="activities",
        task_schedule_to_close_timeout="600",
        task_schedule_to_start_timeout="300",
        task_start_to_close_timeout="300",
        task_heartbeat_timeout="60",
    )


class Clock:
    """Replaces the builder's random timestamps: each event is ``step`` seconds later,
    or the next value of ``at()``."""

    def __init__(self, step: float = 10.0) -> None:
        self.now = START - step
        self.step = step
        self._next: Iterator[float] | None = None

    def __call__(self) -> float:
        if self._next is not None:
            value = next(self._next, None)
            if value is not None:
                self.now = value
                return value
            self._next = None
        self.now += self.step
        return self.now

    def at(self, *timestamps: float) -> None:
        self._next = iter(timestamps)


@dataclass
class FakeExecution:
    """What the formatters read from a `swf.models.WorkflowExecution`."""

    history_value: Any
    workflow_id: str = "wf-1"
    run_id: str = "run-1"
    domain: Any = field(default_factory=lambda: SimpleNamespace(name="demo-domain"))
    workflow_type: Any = field(
        default_factory=lambda: SimpleNamespace(name=WORKFLOW.name, version=WORKFLOW.version)
    )
    task_list: str | None = "decisions"
    tag_list: list[str] = field(default_factory=list)
    status: str = "OPEN"
    close_status: str | None = None
    child_policy: str | None = None
    execution_timeout: str | None = None
    decision_tasks_timeout: str | None = None
    input: Any = None
    start_timestamp: Any = None

    def history(self) -> Any:
        return self.history_value


INC_ID = "activity-demo.increment-1"
DOUBLE_ID = "activity-demo.double-1"
DELAY_ID = "activity-demo.delay-1"
SLOW_ID = "activity-demo.slow-1"
CHILD_ID = "child-1"

# Offsets (seconds after START) of the events of `mixed_history`, in event order.
MIXED_OFFSETS = (0, 1, 2, 3, 10, 15, 25, 30, 31, 61, 70, 80, 90, 110, 120, 125, 145, 150, 151, 200)


def at(offset: float) -> float:
    return START + offset


def mixed_history(clock: Clock) -> builder.History:
    """An execution whose tasks ended in every usual way, 200 s from first to last event.

    increment: scheduled 10, started 15, completed 25 (result 2);
    double: scheduled 30, started 31, failed 61; delay: scheduled 70, never started;
    slow: scheduled 80, started 90, timed out 110; child workflow: initiated 120,
    started 125, completed 145.
    """
    clock.at(*(at(offset) for offset in MIXED_OFFSETS))
    history = builder.History(WORKFLOW, input={"args": [1], "kwargs": {}}, tag_list=["a", "b"])
    history.add_decision_task_completed()
    history.add_activity_task(
        activity("demo.increment"),
        decision_id=4,
        activity_id=INC_ID,
        input={"args": [1], "kwargs": {}},
        result=2,
    )
    history.add_activity_task(
        activity("demo.double"),
        decision_id=4,
        last_state="failed",
        activity_id=DOUBLE_ID,
        reason="ValueError: boom",
        details="Traceback: boom",
    )
    history.add_activity_task(
        activity("demo.delay"), decision_id=4, last_state="scheduled", activity_id=DELAY_ID
    )
    history.add_activity_task(
        activity("demo.slow"), decision_id=4, last_state="timed_out", activity_id=SLOW_ID
    )
    history.add_child_workflow(CHILD, workflow_id=CHILD_ID, result='"done"')
    history.add_decision_task()
    assert len(history.events) == len(MIXED_OFFSETS)
    return history
