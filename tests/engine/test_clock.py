"""The skipping clock: idle time jumps to the next timer or timeout."""

from __future__ import annotations

import time

import pytest

from simpleflow.local_server import Clock
from tests.engine.swf import Swf, decision

pytestmark = pytest.mark.integration


def test_a_one_hour_timer_then_one_activity_completes_in_seconds(skipping_swf: Swf) -> None:
    swf = skipping_swf
    started = time.monotonic()
    execution, task = swf.first_task(executionStartToCloseTimeout="7200")
    swf.decide(task, decision("StartTimer", timerId="hour", startToFireTimeout="3600"))
    task = swf.poll()
    assert task["events"][-3]["eventType"] == "TimerFired"
    swf.decide(task, swf.schedule("after"))
    activity = swf.poll_activity()
    swf.client.respond_activity_task_completed(taskToken=activity["taskToken"], result="done")
    task = swf.poll()
    swf.decide(task, decision("CompleteWorkflowExecution", result="ok"))
    assert time.monotonic() - started < 5
    history = swf.history(execution)
    fired = next(e for e in history if e["eventType"] == "TimerFired")
    timer = next(e for e in history if e["eventType"] == "TimerStarted")
    # event timestamps follow the virtual clock
    assert (fired["eventTimestamp"] - timer["eventTimestamp"]).total_seconds() >= 3600
    assert swf.describe(execution)["executionInfo"]["closeStatus"] == "COMPLETED"


def test_the_clock_does_not_skip_while_an_activity_runs(skipping_swf: Swf) -> None:
    swf = skipping_swf
    execution, task = swf.first_task()
    swf.decide(
        task,
        swf.schedule("busy"),
        decision("StartTimer", timerId="later", startToFireTimeout="3600"),
    )
    swf.poll_activity()
    time.sleep(0.3)
    assert "TimerFired" not in swf.types(execution)
    swf.client.terminate_workflow_execution(domain=swf.domain, **execution)


def test_the_execution_timeout_follows_the_skipping_clock(skipping_swf: Swf) -> None:
    swf = skipping_swf
    execution, task = swf.first_task(executionStartToCloseTimeout="86400")
    swf.decide(task)
    deadline = time.monotonic() + 5
    while swf.describe(execution)["executionInfo"]["executionStatus"] == "OPEN":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert swf.describe(execution)["executionInfo"]["closeStatus"] == "TIMED_OUT"


def test_a_wall_clock_refuses_to_skip() -> None:
    clock = Clock()
    with pytest.raises(RuntimeError):
        clock.skip_to(clock.now() + 10)
    skipping = Clock(time_skipping=True)
    before = skipping.now()
    skipping.skip_to(before + 100)
    assert skipping.now() - before >= 100
