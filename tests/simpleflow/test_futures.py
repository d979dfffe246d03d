from __future__ import annotations

import re

import pytest

from simpleflow import futures
from simpleflow.exceptions import ExecutionBlocked, TaskFailed


def make_future(state: str) -> futures.Future:
    """One future per state, built through the executor-facing setters."""
    future = futures.Future()
    if state == "running":
        future._set_running()
    elif state == "finished":
        future._set_result(42)
    elif state == "failed":
        future._set_exception(TaskFailed("act", "boom"))
    elif state == "cancelled":
        future.cancel()
    else:
        assert state == "pending"
    return future


STATES = ["pending", "running", "finished", "failed", "cancelled"]

# state -> (state constant, cancelled, running, finished, done)
EXPECTED = {
    "pending": (futures.PENDING, False, False, False, False),
    "running": (futures.RUNNING, False, True, False, False),
    "finished": (futures.FINISHED, False, False, True, True),
    "failed": (futures.FINISHED, False, False, True, True),
    "cancelled": (futures.CANCELLED, True, False, False, True),
}


@pytest.mark.parametrize("state", STATES)
def test_predicates_match_the_state(state: str) -> None:
    future = make_future(state)
    expected_state, cancelled, running, finished, done = EXPECTED[state]
    assert future.state == expected_state
    assert future._state == expected_state
    assert future.cancelled is cancelled
    assert future.running is running
    assert future.finished is finished
    assert future.done is done


@pytest.mark.parametrize("state", ["pending", "running"])
def test_unfinished_future_blocks_on_result_and_exception(state: str) -> None:
    future = make_future(state)
    with pytest.raises(ExecutionBlocked):
        future.result  # noqa: B018
    with pytest.raises(ExecutionBlocked):
        future.exception  # noqa: B018


def test_cancelled_future_is_done_with_none_result_but_no_exception() -> None:
    # features §1.3: a cancelled future does not block on `result` (0.36).
    future = make_future("cancelled")
    assert future.result is None
    with pytest.raises(ExecutionBlocked):
        future.exception  # noqa: B018


def test_finished_future_returns_its_result() -> None:
    future = make_future("finished")
    assert future.result == 42
    assert future.exception is None


def test_failed_future_has_exception_and_none_result() -> None:
    future = make_future("failed")
    assert future.result is None
    assert isinstance(future.exception, TaskFailed)


def test_fresh_future_fields() -> None:
    future = futures.Future()
    assert future._state == futures.PENDING
    assert future._result is None
    assert future._exception is None


@pytest.mark.parametrize("state", STATES)
def test_wait_method_always_blocks(state: str) -> None:
    with pytest.raises(ExecutionBlocked):
        make_future(state).wait()


@pytest.mark.parametrize(
    ("state", "cancelled"),
    [
        ("pending", True),
        ("running", True),
        ("cancelled", True),
        ("finished", False),
        ("failed", False),
    ],
)
def test_cancel(state: str, cancelled: bool) -> None:
    future = make_future(state)
    before = future.state
    assert future.cancel() is cancelled
    assert future.state == (futures.CANCELLED if cancelled else before)


@pytest.mark.parametrize(
    ("state", "description", "outcome"),
    [
        ("pending", "pending", ""),
        ("running", "running", ""),
        ("cancelled", "cancelled", ""),
        ("finished", "finished", " returned int"),
        ("failed", "finished", " raised TaskFailed"),
    ],
)
def test_repr_shows_state_and_outcome(state: str, description: str, outcome: str) -> None:
    future = make_future(state)
    assert repr(future) == f"<Future at {hex(id(future))} state={description}{outcome}>"
    assert re.fullmatch(r"<Future at 0x[0-9a-f]+ state=\w+( \w+ \w+)?>", repr(future))


@pytest.mark.parametrize("state", STATES)
def test_future_is_truthy(state: str) -> None:
    assert make_future(state)


def test_setters_switch_between_result_and_exception() -> None:
    future = futures.Future()
    future._set_exception(ValueError("x"))
    future._set_result(1)
    assert (future.result, future.exception) == (1, None)
    future._set_exception(ValueError("y"))
    assert future.result is None
    future._set_cancelled()
    assert future.cancelled


@pytest.mark.parametrize(
    ("state", "outcome"),
    [
        ("pending", "blocked"),
        ("running", "blocked"),
        ("cancelled", None),
        ("finished", 42),
        ("failed", None),
    ],
)
def test_get_result_or_raise(state: str, outcome: object) -> None:
    future = make_future(state)
    if outcome == "blocked":
        with pytest.raises(ExecutionBlocked):
            futures.get_result_or_raise(future)
    else:
        assert futures.get_result_or_raise(future) == outcome


def test_wait_returns_results_in_order() -> None:
    assert futures.wait(make_future("finished"), make_future("failed")) == [42, None]


def test_wait_without_futures_returns_empty_list() -> None:
    assert futures.wait() == []


def test_wait_gives_none_for_a_cancelled_future() -> None:
    assert futures.wait(make_future("finished"), make_future("cancelled")) == [42, None]


@pytest.mark.parametrize("state", ["pending", "running"])
def test_wait_blocks_if_any_future_is_unfinished(state: str) -> None:
    with pytest.raises(ExecutionBlocked):
        futures.wait(make_future("finished"), make_future(state))


def test_constants() -> None:
    assert futures._FUTURE_STATES == [
        "PENDING",
        "RUNNING",
        "CANCELLED",
        "CANCELLED_AND_NOTIFIED",
        "FINISHED",
    ]
    for name in ("FIRST_COMPLETED", "FIRST_EXCEPTION", "ALL_COMPLETED", "_AS_COMPLETED"):
        assert getattr(futures, name) == name
    assert futures._STATE_TO_DESCRIPTION_MAP == {
        "PENDING": "pending",
        "RUNNING": "running",
        "CANCELLED": "cancelled",
        "CANCELLED_AND_NOTIFIED": "cancelled",
        "FINISHED": "finished",
    }
    assert futures.__all__ == ["Future", "get_result_or_raise", "wait"]


def test_public_setters_drive_every_state() -> None:
    future = futures.Future()
    future.set_running()
    assert future.running
    future.set_finished(3)
    assert (future.result, future.exception) == (3, None)
    future.set_exception(ValueError("x"))
    assert future.result == 3  # set_exception keeps the result a hook may have set
    assert isinstance(future.exception, ValueError)
    future.set_exception(None)
    assert future.finished and future.exception is None
    future.set_cancelled()
    assert future.done and future.result == 3
