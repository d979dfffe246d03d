"""`WorkflowStats` and `get_start_to_close_timing` on synthetic histories."""

from __future__ import annotations

from datetime import datetime, timezone

from simpleflow.history import History
from simpleflow.swf.stats import WorkflowStats
from simpleflow.swf.stats.base import get_start_to_close_timing
from tests.simpleflow.swf.stats._histories import (
    CHILD_ID,
    DELAY_ID,
    DOUBLE_ID,
    INC_ID,
    SLOW_ID,
    Clock,
    activity,
    at,
    mixed_history,
)


def utc(offset: float) -> datetime:
    return datetime.fromtimestamp(at(offset), tz=timezone.utc)


def test_total_time_spans_the_first_and_the_last_event(clock: Clock) -> None:
    stats = WorkflowStats(History(mixed_history(clock)))

    assert stats.total_time() == 200.0


def test_total_time_of_a_history_with_one_event_is_zero(clock: Clock) -> None:
    history = mixed_history(clock)
    history.events[1:] = []

    assert WorkflowStats(History(history)).total_time() == 0.0


def test_get_timings_lists_activities_then_child_workflows(clock: Clock) -> None:
    timings = WorkflowStats(History(mixed_history(clock))).get_timings()

    assert timings == [
        (INC_ID, "completed", utc(10), utc(15), utc(25), 10.0),
        (DOUBLE_ID, "failed", utc(30), utc(31), utc(61), 30.0),
        (DELAY_ID, "scheduled", utc(70), None, None, None),
        (SLOW_ID, "timed_out", utc(80), utc(90), utc(110), 20.0),
        (CHILD_ID, "completed", None, utc(125), utc(145), 20.0),
    ]


def test_get_timings_with_percentage_keeps_positions(clock: Clock) -> None:
    timings = WorkflowStats(History(mixed_history(clock))).get_timings_with_percentage()

    assert [timing[-1] if timing else None for timing in timings] == [5.0, 15.0, None, 10.0, 10.0]
    assert timings[0] == (INC_ID, "completed", utc(10), utc(15), utc(25), 10.0, 5.0)


def test_timing_of_a_task_still_running_lasts_zero_seconds(clock: Clock) -> None:
    history = mixed_history(clock)
    clock.at(at(300), at(304))
    history.add_activity_task(
        activity("demo.running"), decision_id=4, last_state="started", activity_id="run-1"
    )
    parsed = History(history)
    parsed.parse()

    # The end is the timestamp of the last state, here "started" itself.
    assert get_start_to_close_timing(parsed._activities["run-1"]) == (
        "started",
        utc(300),
        utc(304),
        utc(304),
        0.0,
    )


def test_timing_of_a_schedule_failure_is_empty() -> None:
    task = {"type": "activity", "state": "schedule_failed", "schedule_failed_timestamp": utc(5)}

    assert get_start_to_close_timing(task) == ("schedule_failed", None, None, None, None)


def test_timing_of_a_canceled_task_ends_at_its_cancel_time() -> None:
    task = {
        "state": "canceled",
        "scheduled_timestamp": utc(0),
        "started_timestamp": utc(2),
        "cancelled_timestamp": utc(7),
    }

    assert get_start_to_close_timing(task) == ("canceled", utc(0), utc(2), utc(7), 5.0)


def test_naive_timestamps_count_as_utc() -> None:
    task = {
        "state": "completed",
        "scheduled_timestamp": datetime(2024, 1, 1, 12, 0, 0),
        "started_timestamp": datetime(2024, 1, 1, 12, 0, 1),
        "completed_timestamp": datetime(2024, 1, 1, 12, 0, 4),
    }

    _, scheduled, _, _, duration = get_start_to_close_timing(task)

    assert scheduled == datetime(2024, 1, 1, 12, tzinfo=timezone.utc)
    assert duration == 3.0
