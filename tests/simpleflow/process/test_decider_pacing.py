"""The decider's pause after a decision task that decided nothing (``decider._pacing``)."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from simpleflow.swf.executor import Executor
from simpleflow.swf.process.decider import DeciderPoller, _pacing
from swf.models import Domain
from swf.models.history import builder
from swf.responses import Response
from tests.data import process_workflows as wf
from tests.data.process_activities import double


@pytest.fixture(autouse=True)
def _no_titles(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIMPLEFLOW_DISABLE_SETPROCTITLE", "1")


def test_a_pause_follows_only_a_task_that_decided_nothing() -> None:
    assert _pacing.idle_pause([], 0.04, 1.0) == pytest.approx(0.04)
    assert _pacing.idle_pause([], 0.04, 2.0) == pytest.approx(0.08)
    assert _pacing.idle_pause([{"decisionType": "x"}], 0.04, 1.0) == 0.0
    assert _pacing.idle_pause(None, 0.04, 1.0) == 0.0  # left unanswered
    assert _pacing.idle_pause([], 0.04, 0.0) == 0.0  # turned off
    assert _pacing.idle_pause([], 10.0, 1.0) == _pacing.MAX_PAUSE


@pytest.mark.parametrize(
    ("value", "factor"), [(None, 4.0), ("", 4.0), ("0", 0.0), ("2.5", 2.5), ("0.5", 0.5)]
)
def test_the_factor_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, value: str | None, factor: float
) -> None:
    if value is None:
        monkeypatch.delenv(_pacing.PAUSE_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(_pacing.PAUSE_VARIABLE, value)
    assert _pacing.pause_factor() == factor


@pytest.mark.parametrize("value", ["fast", "-1", "nan"])
def test_a_bad_factor_is_reported_and_the_default_used(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, value: str
) -> None:
    monkeypatch.setenv(_pacing.PAUSE_VARIABLE, value)
    with caplog.at_level(logging.WARNING):
        assert _pacing.pause_factor() == _pacing.DEFAULT_FACTOR
    assert _pacing.PAUSE_VARIABLE in caplog.text and "set 0" in caplog.text


class _Recorder:
    def __init__(self, poller: DeciderPoller, monkeypatch: pytest.MonkeyPatch) -> None:
        self.sent: list[Any] = []
        self.pauses: list[float] = []
        monkeypatch.setattr(poller, "_complete", lambda token, sent: self.sent.append(sent))
        monkeypatch.setattr(poller, "_sleep_while_alive", self.pauses.append)


def _poller(monkeypatch: pytest.MonkeyPatch, factor: str | None = None) -> DeciderPoller:
    if factor is not None:
        monkeypatch.setenv(_pacing.PAUSE_VARIABLE, factor)
    executor = Executor(Domain("process-test"), wf.DoubleWorkflow)
    return DeciderPoller([executor], Domain("process-test"), None)


def _waiting_response() -> Response:
    """DoubleWorkflow with its activity scheduled and not finished: nothing to decide."""
    history = builder.History(wf.DoubleWorkflow, input={"args": [3]})
    decision_id = history.last_id
    history.add_activity_task(
        double,
        decision_id,
        last_state="scheduled",
        activity_id="activity-tests.data.process_activities.double-1",
        input={"args": [3]},
    )
    history.add_decision_task()
    return Response(token="tok", history=history, execution=None)


def test_the_poller_pauses_after_a_real_replay_that_scheduled_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    poller = _poller(monkeypatch)
    recorder = _Recorder(poller, monkeypatch)
    first = builder.History(wf.DoubleWorkflow, input={"args": [3]})
    poller.process(Response(token="tok", history=first, execution=None))
    assert len(recorder.sent[0]) == 1 and recorder.pauses == []  # scheduled the activity
    poller.process(_waiting_response())
    assert recorder.sent[1] == []
    assert len(recorder.pauses) == 1 and 0 < recorder.pauses[0] <= _pacing.MAX_PAUSE


def test_no_pause_when_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    poller = _poller(monkeypatch, factor="0")
    recorder = _Recorder(poller, monkeypatch)
    poller.process(_waiting_response())
    assert recorder.sent == [[]] and recorder.pauses == []
