"""Markers and timers on synthetic histories: the exact decisions (features §4, §5)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from simpleflow import futures
from simpleflow.exceptions import TaskFailed
from simpleflow.marker import Marker
from swf.models.history import builder
from tests.simpleflow.swf._workflows import BaseTestWorkflow, complete_decision, replay

WAKE_UP = {
    "decisionType": "StartTimer",
    "startTimerDecisionAttributes": {
        "timerId": "_simpleflow_wake_up_timer",
        "startToFireTimeout": "0",
    },
}


def record(name: str, details: str | None = None) -> dict[str, Any]:
    attributes = {"markerName": name}
    if details is not None:
        attributes["details"] = details
    return {"decisionType": "RecordMarker", "recordMarkerDecisionAttributes": attributes}


class Phase(BaseTestWorkflow):
    def run(self) -> Any:
        marker = self.submit(self.record_marker("phase", {"step": 2}))
        again = self.submit(self.record_marker("phase", {"step": 2}))  # same replay: once
        marker.result  # noqa: B018
        again.result  # noqa: B018
        return [repr(m) for m in self.list_markers()]


def test_marker_is_recorded_once_then_the_wake_up_timer_follows() -> None:
    h = builder.History(Phase, input={})
    assert replay(Phase, h) == [record("phase", '{"step": 2}'), WAKE_UP]


def test_recorded_marker_is_found_by_its_decoded_details() -> None:
    h = builder.History(Phase, input={})
    h.add_decision_task_completed()
    # Written by another encoder (0.36's compact JSON): still the same details (G1).
    h._append("MarkerRecorded", {"markerName": "phase", "details": '{"step":2}'})
    assert replay(Phase, h) == [
        complete_decision(json.dumps(["<Marker 'phase' details={'step': 2}>"]))
    ]


def test_other_details_record_a_new_marker() -> None:
    h = builder.History(Phase, input={})
    h.add_marker("phase", {"step": 1})
    assert replay(Phase, h) == [record("phase", '{"step": 2}'), WAKE_UP]


class Inspect(BaseTestWorkflow):
    def run(self) -> Any:
        future = self.submit(self.record_marker("m", 1))
        return repr(future.exception)


def test_failed_marker_finishes_with_task_failed() -> None:
    h = builder.History(Inspect, input={})
    h.add_marker_failed("m")
    expected = repr(TaskFailed("m", "OPERATION_NOT_PERMITTED"))
    assert replay(Inspect, h) == [complete_decision(json.dumps(expected))]


class ListAll(BaseTestWorkflow):
    def run(self) -> Any:
        return (
            [repr(m) for m in self.list_markers()],
            [repr(m) for m in self.list_markers(all=True)],
            self.get_event_details("marker", "a"),
        )


def test_list_markers_skips_failed_entries_and_event_details_decode() -> None:
    h = builder.History(ListAll, input={})
    h.add_marker("a", 1).add_marker("b", [2]).add_marker("a", 3).add_marker_failed("b")
    [decision] = replay(ListAll, h)
    latest, every, details = json.loads(
        decision["completeWorkflowExecutionDecisionAttributes"]["result"]
    )
    assert latest == [repr(Marker("a", 3))]  # b's last entry failed
    assert every == [repr(Marker("a", 1)), repr(Marker("b", [2])), repr(Marker("a", 3))]
    assert (details["name"], details["details"], details["state"]) == ("a", 3, "recorded")


@pytest.mark.parametrize(
    ("name", "error"),
    [("", ValueError), ("x" * 257, ValueError), (42, TypeError)],
)
def test_marker_name_swf_would_refuse_raises_at_the_call(name: Any, error: type) -> None:
    class Bad(BaseTestWorkflow):
        def run(self) -> None:
            self.record_marker(name)

    with pytest.raises(error, match="marker name"):
        Bad(None).run()


# --- timers -----------------------------------------------------------------------------


def start_timer(timer_id: str, timeout: str, control: str | None = None) -> dict[str, Any]:
    attributes = {"timerId": timer_id, "startToFireTimeout": timeout}
    if control is not None:
        attributes["control"] = control
    return {"decisionType": "StartTimer", "startTimerDecisionAttributes": attributes}


CANCEL = {"decisionType": "CancelTimer", "cancelTimerDecisionAttributes": {"timerId": "t"}}


class Sleep(BaseTestWorkflow):
    def run(self) -> Any:
        timer = self.submit(self.start_timer("t", 60, control={"k": 1}))
        self.submit(self.start_timer("t", 60, control={"k": 1}))  # same replay: once
        futures.wait(timer)
        return [timer.state, timer.result]


def test_timer_is_started_once_then_waits_until_it_fires() -> None:
    h = builder.History(Sleep, input={})
    assert replay(Sleep, h) == [start_timer("t", "60", '{"k": 1}')]
    h.add_decision_task_completed()
    h.add_timer_started("t", 60, control={"k": 1}, decision_id=h.last_id)
    assert replay(Sleep, h) == []
    h.add_timer_fired("t")
    assert replay(Sleep, h) == [complete_decision('["FINISHED", null]')]
    entry = {**_timers(h)["t"]}
    assert (entry["state"], entry["start_to_fire_timeout"], entry["control"]) == (
        "fired",
        60,
        {"k": 1},
    )


def _timers(h: Any) -> dict[str, Any]:
    from simpleflow.history import History

    history = History(h)
    history.parse()
    return history.timers


class Outcome(BaseTestWorkflow):
    def run(self) -> Any:
        timer = self.submit(self.start_timer("t", 5))
        if not timer.done:
            timer.result  # noqa: B018
        return [timer.state, repr(timer.exception) if timer.finished else None]


@pytest.mark.parametrize(
    ("cause", "expected"),
    [
        ("TIMER_ID_ALREADY_IN_USE", ["FINISHED", repr(TaskFailed("t", "TIMER_ID_ALREADY_IN_USE"))]),
    ],
)
def test_timer_start_failure_finishes_with_task_failed(cause: str, expected: Any) -> None:
    h = builder.History(Outcome, input={})
    h.add_timer_start_failed("t", cause=cause)
    assert replay(Outcome, h) == [complete_decision(json.dumps(expected))]


@pytest.mark.parametrize("cause", ["OPEN_TIMERS_LIMIT_EXCEEDED", "TIMER_CREATION_RATE_EXCEEDED"])
def test_timer_refused_for_a_limit_is_started_again(cause: str) -> None:
    h = builder.History(Outcome, input={})
    h.add_timer_start_failed("t", cause=cause)
    assert replay(Outcome, h) == [start_timer("t", "5")]


def test_canceled_timer_is_cancelled() -> None:
    h = builder.History(Outcome, input={})
    h.add_timer_started("t", 5).add_timer_canceled("t")
    assert replay(Outcome, h) == [complete_decision('["CANCELLED", null]')]


class StartThenCancel(BaseTestWorkflow):
    def run(self) -> Any:
        timer = self.submit(self.start_timer("t", 60))
        cancel = self.submit(self.cancel_timer("t"))
        if not cancel.done:
            cancel.result  # noqa: B018
        return [timer.state, cancel.state, repr(cancel.exception) if cancel.finished else None]


def test_cancel_of_an_open_timer_sends_cancel_timer_and_the_wake_up_timer() -> None:
    h = builder.History(StartThenCancel, input={})
    h.add_timer_started("t", 60)
    assert replay(StartThenCancel, h) == [CANCEL, WAKE_UP]


def test_cancel_in_the_replay_that_starts_the_timer() -> None:
    h = builder.History(StartThenCancel, input={})
    assert replay(StartThenCancel, h) == [start_timer("t", "60"), CANCEL, WAKE_UP]


def test_cancel_of_a_fired_timer_sends_nothing_and_finishes() -> None:
    h = builder.History(StartThenCancel, input={})
    h.add_timer_started("t", 60).add_timer_fired("t")
    assert replay(StartThenCancel, h) == [complete_decision('["FINISHED", "FINISHED", "None"]')]


def test_cancel_outcomes_from_history() -> None:
    h = builder.History(StartThenCancel, input={})
    h.add_timer_started("t", 60).add_timer_canceled("t")
    assert replay(StartThenCancel, h) == [complete_decision('["CANCELLED", "CANCELLED", null]')]
    h = builder.History(StartThenCancel, input={})
    h.add_timer_started("t", 60).add_timer_cancel_failed("t")
    expected = ["RUNNING", "FINISHED", repr(TaskFailed("t", "TIMER_ID_UNKNOWN"))]
    assert replay(StartThenCancel, h) == [complete_decision(json.dumps(expected))]


def test_late_cancel_failure_does_not_turn_a_fired_timer_into_a_failure() -> None:
    h = builder.History(Outcome, input={})
    h.add_timer_started("t", 5).add_timer_fired("t").add_timer_cancel_failed("t")
    assert replay(Outcome, h) == [complete_decision('["FINISHED", "None"]')]


class CancelUnknown(BaseTestWorkflow):
    def run(self) -> Any:
        return repr(self.submit(self.cancel_timer("nope")).exception)


def test_cancel_of_an_unknown_timer_fails_without_a_decision() -> None:
    h = builder.History(CancelUnknown, input={})
    expected = repr(TaskFailed("nope", "TIMER_ID_UNKNOWN"))
    assert replay(CancelUnknown, h) == [complete_decision(json.dumps(expected))]


@pytest.mark.parametrize(
    ("timer_id", "timeout", "error", "match"),
    [
        ("", 1, ValueError, "timer id"),
        ("x" * 257, 1, ValueError, "timer id"),
        ("t", -1, ValueError, "0 or more"),
        ("t", 1.5, TypeError, "whole seconds"),
        ("t", "soon", TypeError, "whole seconds"),
        ("t", None, TypeError, "whole seconds"),
    ],
)
def test_bad_timer_raises_at_the_call(timer_id: str, timeout: Any, error: type, match: str) -> None:
    class Bad(BaseTestWorkflow):
        def run(self) -> None:
            self.start_timer(timer_id, timeout)

    with pytest.raises(error, match=match):
        Bad(None).run()


class ManyTimers(BaseTestWorkflow):
    max_open_timer_count = 2

    def run(self) -> Any:
        return futures.wait(*[self.submit(self.start_timer(f"t{i}", 9)) for i in range(4)])


def test_open_timers_cap_blocks_the_replay() -> None:
    h = builder.History(ManyTimers, input={})
    h.add_timer_started("t0", 9)
    # t0 is open in history: one more fits under the cap of 2.
    assert replay(ManyTimers, h) == [start_timer("t1", "9")]
