"""Benchmark: the history replayer (`simpleflow.testing.replay_history`) on big histories.

A history of a sequential workflow is generated directly as SWF would record it (each
activity takes the previous result, so there is one decision task per activity: 6 events
per step, the most decision points a history of that size can have). The replayer replays
every decision point: the work is (decision points) x (events seen so far), so the time
should grow with the square of the history's size, i.e. linearly in points x size.

Reported per size: events, decision points, seconds, and microseconds per
(decision point x event) — a constant when the cost is linear in points x size.

Usage: ``python bench/replayer.py [SIZES...]`` (default: 1000 5000 10000 25000 events).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from simpleflow import Workflow, activity
from simpleflow.testing import replay_history


@activity.with_attributes(name="bench.increment", version="1", task_list="bench")
def increment(x: int) -> int:
    return x + 1


class ChainWorkflow(Workflow):
    name = "bench-chain"
    version = "1"
    task_list = "bench"

    def run(self, n: int) -> int:
        x = 0
        for _ in range(n):
            x = self.submit(increment, x).result
        return x


def chain_history(steps: int) -> list[dict[str, Any]]:
    """The events of `ChainWorkflow.run(steps)`, completed."""
    events: list[dict[str, Any]] = []

    def add(event_type: str, **attributes: Any) -> int:
        event_id = len(events) + 1
        key = event_type[0].lower() + event_type[1:] + "EventAttributes"
        events.append(
            {
                "eventId": event_id,
                "eventType": event_type,
                "eventTimestamp": 1_700_000_000.0 + event_id,
                key: attributes,
            }
        )
        return event_id

    add(
        "WorkflowExecutionStarted",
        workflowType={"name": ChainWorkflow.name, "version": ChainWorkflow.version},
        taskList={"name": "bench"},
        input=json.dumps({"args": [steps], "kwargs": {}}),
    )
    activity_type = {"name": increment.name, "version": increment.version}
    for step in range(steps + 1):
        scheduled = add("DecisionTaskScheduled", taskList={"name": "bench"})
        started = add("DecisionTaskStarted", scheduledEventId=scheduled)
        completed = add("DecisionTaskCompleted", scheduledEventId=scheduled, startedEventId=started)
        if step == steps:
            add(
                "WorkflowExecutionCompleted",
                result=str(steps),
                decisionTaskCompletedEventId=completed,
            )
            break
        task = add(
            "ActivityTaskScheduled",
            activityId=f"activity-bench.increment-{step + 1}",
            activityType=activity_type,
            taskList={"name": "bench"},
            input=json.dumps({"args": [step], "kwargs": {}}),
            decisionTaskCompletedEventId=completed,
        )
        begun = add("ActivityTaskStarted", scheduledEventId=task)
        add(
            "ActivityTaskCompleted",
            scheduledEventId=task,
            startedEventId=begun,
            result=str(step + 1),
        )
    return events


def measure(size: int) -> tuple[int, int, float]:
    events = chain_history(max(1, (size - 5) // 6))
    started = time.perf_counter()
    report = replay_history(ChainWorkflow, events)
    elapsed = time.perf_counter() - started
    assert report.ok, str(report)
    return len(events), report.decision_points, elapsed


def main(argv: list[str]) -> None:
    sizes = [int(arg) for arg in argv] or [1000, 5000, 10000, 25000]
    print(f"{'events':>8} {'points':>7} {'seconds':>9} {'us/(point x event)':>19}")
    for size in sizes:
        events, points, elapsed = measure(size)
        # Each point replays about half of the history on average.
        per_unit = elapsed / (points * events / 2) * 1e6
        print(f"{events:>8} {points:>7} {elapsed:>9.2f} {per_unit:>19.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
