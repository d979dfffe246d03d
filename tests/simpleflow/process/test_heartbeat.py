from __future__ import annotations

import os
import random
from typing import Any

import pytest

from simpleflow.swf.process.worker.heartbeat import Heartbeater, HeartbeatProcess
from swf.exceptions import DoesNotExistError, ResponseError
from tests.simpleflow.process._helpers import wait_until


class _Type:
    name = "process-test.activity"


class _Task:
    activity_type = _Type()


class _Recorder:
    """A heartbeat callable answering from a script of results/exceptions."""

    def __init__(self, *answers: Any) -> None:
        self.answers = list(answers)
        self.tokens: list[str] = []

    def __call__(self, token: str) -> Any:
        self.tokens.append(token)
        answer = self.answers.pop(0) if self.answers else {"cancelRequested": False}
        if isinstance(answer, BaseException):
            raise answer
        return answer


@pytest.fixture
def _no_delays(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(random, "random", lambda: 0.0)


@pytest.mark.parametrize("interval", ["1", None, [1]])
def test_interval_must_be_a_number(interval: Any) -> None:
    with pytest.raises(ValueError, match="interval"):
        HeartbeatProcess(_Recorder(), interval)


@pytest.mark.parametrize("interval", [0, -1, 0.0])
def test_interval_must_be_positive(interval: float) -> None:
    with pytest.raises(ValueError, match="positive"):
        HeartbeatProcess(_Recorder(), interval)


@pytest.mark.usefixtures("_no_delays")
def test_send_heartbeat_retries_response_errors() -> None:
    recorder = _Recorder(ResponseError("throttled"), ResponseError("5xx"), {"ok": 1})
    assert HeartbeatProcess(recorder, 1).send_heartbeat("tok") == {"ok": 1}
    assert recorder.tokens == ["tok"] * 3


@pytest.mark.usefixtures("_no_delays")
def test_send_heartbeat_gives_up_after_10_attempts() -> None:
    recorder = _Recorder(*[ResponseError(f"e{i}") for i in range(12)])
    with pytest.raises(ResponseError, match="e9"):
        HeartbeatProcess(recorder, 1).send_heartbeat("tok")
    assert len(recorder.tokens) == 10


def test_send_heartbeat_does_not_retry_other_errors() -> None:
    recorder = _Recorder(DoesNotExistError("gone"))
    with pytest.raises(DoesNotExistError):
        HeartbeatProcess(recorder, 1).send_heartbeat("tok")
    assert recorder.tokens == ["tok"]


def test_run_returns_on_does_not_exist() -> None:
    recorder = _Recorder({"cancelRequested": False}, DoesNotExistError("gone"))
    HeartbeatProcess(recorder, 0.01).run("tok", _Task())
    assert recorder.tokens == ["tok", "tok"]


def test_run_returns_when_cancel_requested() -> None:
    recorder = _Recorder(None, {"cancelRequested": False}, {"cancelRequested": True})
    HeartbeatProcess(recorder, 0.01).run("tok", _Task())
    assert len(recorder.tokens) == 3


@pytest.mark.parametrize("error", [StopIteration(), RuntimeError("boom")])
def test_run_reraises_other_errors_unchanged(error: BaseException) -> None:
    with pytest.raises(type(error)) as info:
        HeartbeatProcess(_Recorder(error), 0.01).run("tok", _Task())
    assert info.value is error


def test_run_survives_a_task_without_activity_type() -> None:
    recorder = _Recorder(DoesNotExistError("gone"))
    HeartbeatProcess(recorder, 0.01).run("tok", object())
    assert recorder.tokens == ["tok"]


def test_heartbeater_runs_heartbeats_in_a_child_process(tmp_path: Any) -> None:
    marker = tmp_path / "beats"

    def beat(token: str) -> dict[str, bool]:
        with marker.open("a") as stream:
            stream.write(f"{os.getpid()} {token}\n")
        return {"cancelRequested": False}

    heartbeater = Heartbeater(beat, 0.05, on_exit=lambda: None)
    assert heartbeater.start("tok", _Task()) is heartbeater
    wait_until(
        lambda: marker.exists() and len(marker.read_text().splitlines()) >= 2,
        what="two heartbeats",
    )
    assert heartbeater.stop() is heartbeater
    assert heartbeater._heartbeater is not None
    assert heartbeater._heartbeater.exitcode is not None
    lines = marker.read_text().splitlines()
    assert {line.split()[0] for line in lines} == {str(heartbeater._heartbeater.pid)}
    assert {line.split()[1] for line in lines} == {"tok"}


def test_heartbeater_stop_requires_start() -> None:
    with pytest.raises(AssertionError):
        Heartbeater(_Recorder(), 1).stop()
