"""The history -> task rows model, on synthetic histories."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

from simpleflow._task_rows import (
    ACTIVITY,
    CHILD,
    TIMER,
    ProgressCounts,
    RowsBuilder,
    build_rows,
    elapsed,
    progress_counts,
)
from swf.models.history import builder
from tests.visual.histories import Activity, Workflow, append_raw, fanout_history, mixed_history


def _row(rows, key):
    (row,) = [row for row in rows.rows if row.key == key]
    return row


def test_rows_hold_one_row_per_activity_child_and_timer_in_history_order() -> None:
    rows = build_rows(mixed_history().events)
    assert [(row.kind, row.key) for row in rows.rows] == [
        (ACTIVITY, "increment-1"),
        (ACTIVITY, "double-1"),
        (ACTIVITY, "slow-1"),
        (CHILD, "child-1"),
        (TIMER, "t1"),
        (TIMER, "t2"),
        (ACTIVITY, "waiting-1"),
        (ACTIVITY, "running-1"),
    ]


def test_retried_activity_gets_a_further_attempt_on_the_same_row() -> None:
    row = _row(build_rows(mixed_history().events), "double-1")
    assert [(a.number, a.state, a.outcome) for a in row.attempts] == [
        (1, "failed", "failed"),
        (2, "completed", "completed"),
    ]
    assert row.attempts[0].reason == "boom"
    assert row.attempts[1].result == "4"
    assert row.retries == 1
    first = row.attempts[0]
    assert first.scheduled <= first.started <= first.closed


def test_states_outcomes_and_times_of_each_kind() -> None:
    rows = build_rows(mixed_history().events)
    slow = _row(rows, "slow-1")
    assert (slow.state, slow.outcome, slow.last.reason) == (
        "timed_out",
        "timed_out",
        "START_TO_CLOSE",
    )
    waiting = _row(rows, "waiting-1")
    assert (waiting.state, waiting.outcome, waiting.last.started) == ("scheduled", "open", None)
    running = _row(rows, "running-1")
    assert (running.state, running.outcome, running.last.closed) == ("started", "open", None)
    child = _row(rows, "child-1")
    assert (child.name, child.state, child.outcome, child.last.result) == (
        "visual-child",
        "completed",
        "completed",
        '"ok"',
    )
    assert child.run_id is not None
    fired = _row(rows, "t1")
    assert (fired.state, fired.outcome, fired.last.input) == ("fired", "completed", "5")
    assert _row(rows, "t2").outcome == "canceled"


def test_execution_summary_and_decision_ticks() -> None:
    rows = build_rows(mixed_history().events)
    assert rows.workflow_type == "visual-demo"
    assert rows.input == {"args": [1]}
    assert rows.tags == ("demo",)
    assert (rows.close_status, rows.close_reason) == ("FAILED", "double failed")
    assert not rows.is_open
    assert [d.outcome for d in rows.decisions] == ["completed"] * 3
    assert all(d.started is not None for d in rows.decisions)
    assert rows.duration > 0


def test_open_history_keeps_open_timer_and_counts_for_the_progress_line() -> None:
    rows = build_rows(mixed_history(closed=False).events)
    assert rows.is_open
    assert _row(rows, "t2").outcome == "open"
    assert progress_counts(rows) == ProgressCounts(
        scheduled=1, running=1, completed=2, failed=1, retried=1, children=0, timers=1
    )


def test_progress_counts_without_children_or_timers_leave_them_out() -> None:
    counts = progress_counts(build_rows(fanout_history(10, failed_every=4).events))
    assert counts == ProgressCounts(completed=7, failed=3, children=None, timers=None)


def test_child_start_failure_and_open_child() -> None:
    history = builder.History(Workflow)
    history.add_decision_task_completed()
    history.add_child_workflow(Workflow, "start_failed", workflow_id="c-failed")
    history.add_child_workflow(Workflow, "started", workflow_id="c-open")
    rows = build_rows(history.events)
    failed, opened = rows.rows
    assert (failed.state, failed.outcome, failed.last.reason) == (
        "start_failed",
        "failed",
        "WORKFLOW_TYPE_DOES_NOT_EXIST",
    )
    assert (opened.state, opened.outcome) == ("started", "open")
    assert progress_counts(rows).children == 1


def test_schedule_failure_is_an_attempt_but_not_a_retry() -> None:
    history = builder.History(Workflow)
    history.add_decision_task_completed()
    history.add_activity_task_schedule_failed(
        "new-1", history.last_id, {"name": "new", "version": "1"}, "ACTIVITY_TYPE_DOES_NOT_EXIST"
    )
    history.add_activity_task(Activity("new"), history.last_id, "completed", "new-1")
    (row,) = build_rows(history.events).rows
    assert [a.state for a in row.attempts] == ["schedule_failed", "completed"]
    assert row.retries == 0
    assert row.attempts[0].reason == "ACTIVITY_TYPE_DOES_NOT_EXIST"


def test_feeding_the_whole_history_again_only_adds_new_events() -> None:
    history = mixed_history(closed=False)
    events = list(history.events)
    incremental = RowsBuilder().feed(events[:10])
    incremental.feed(events)  # the first ten again, then the rest
    assert incremental.snapshot() == build_rows(events)
    assert incremental.last_event_id == len(events)


def test_elapsed_stops_at_close() -> None:
    rows = build_rows(mixed_history().events)
    assert rows.end is not None and rows.start is not None
    assert elapsed(rows, rows.end + timedelta(hours=1)) == rows.end - rows.start
    open_rows = build_rows(mixed_history(closed=False).events)
    assert open_rows.start is not None
    assert elapsed(open_rows, open_rows.start + timedelta(seconds=7)) == timedelta(seconds=7)


def test_timer_start_failure() -> None:
    history = builder.History(Workflow)
    history.add_decision_task_completed()
    append_raw(
        history,
        "StartTimerFailed",
        {"timerId": "bad", "cause": "TIMER_ID_ALREADY_IN_USE", "decisionTaskCompletedEventId": 4},
    )
    (row,) = build_rows(history.events).rows
    assert (row.kind, row.outcome, row.last.reason) == (TIMER, "failed", "TIMER_ID_ALREADY_IN_USE")


def test_model_module_does_not_load_botocore() -> None:
    code = "import sys, simpleflow._task_rows; print('botocore' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
