from __future__ import annotations

import itertools
import os
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from simpleflow.swf.process import _poller
from simpleflow.swf.process._errors import ErrorKind, backoff_delay, classify_error
from simpleflow.swf.process.actor import Poller, get_fork_context, swf_identity
from swf.exceptions import (
    DoesNotExistError,
    InvalidCredentialsError,
    PollTimeout,
    ResponseError,
    SWFConnectionError,
    SWFResponseError,
)
from swf.models import Domain


def _fault(code: str, status: int = 400) -> SWFResponseError:
    return SWFResponseError(status, "x", {"__type": f"com.amazonaws#{code}", "message": code})


def _translated(code: str, status: int = 400) -> ResponseError:
    """A ResponseError as the actors raise it: chained to the transport error."""
    try:
        raise ResponseError(code) from _fault(code, status)
    except ResponseError as err:
        return err


class _ScriptedPoller(Poller):
    """A poller whose ``poll`` answers from a script; stops when the script is exhausted."""

    def __init__(self, script: list[Any]) -> None:
        super().__init__(Domain("process-test"), "tasks")
        self.script = list(script)
        self.poll_times: list[float] = []
        self.polls: list[tuple[str | None, str | None]] = []
        self.processed: list[Any] = []
        self.completed: list[tuple[str, Any]] = []
        self.complete_script: list[Any] = []

    def poll(self, task_list: str | None = None, identity: str | None = None) -> Any:
        self.poll_times.append(time.monotonic())
        self.polls.append((task_list, identity))
        if not self.script:
            self.is_alive = False
            raise PollTimeout("script exhausted")
        item = self.script.pop(0)
        if isinstance(item, BaseException):
            raise item
        return item

    def process(self, response: Any) -> None:
        self.processed.append(response)
        if response == "boom":
            raise RuntimeError("bad task")

    def complete(self, token: str, response: Any) -> None:
        self.completed.append((token, response))
        if self.complete_script:
            item = self.complete_script.pop(0)
            if isinstance(item, BaseException):
                raise item


@pytest.fixture(autouse=True)
def _restore_signals(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SIMPLEFLOW_DISABLE_SETPROCTITLE", "1")
    previous = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
    yield
    for signum, handler in previous.items():
        signal.signal(signum, handler)


@pytest.fixture
def backoffs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    attempts: list[int] = []

    def fake_backoff(attempt: int) -> float:
        attempts.append(attempt)
        return 0.01

    monkeypatch.setattr(_poller, "backoff_delay", fake_backoff)
    return attempts


def test_poller_attributes() -> None:
    poller = _ScriptedPoller([])
    assert poller.is_alive is False
    assert poller.nb_retries == 3
    assert poller.domain.name == "process-test"
    assert poller.task_list == "tasks"
    assert poller.identity == swf_identity()
    assert repr(poller) == "_ScriptedPoller(process-test, tasks)"


def test_identity_is_computed_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    computed: list[int] = []

    def identity() -> str:
        computed.append(os.getpid())
        return f"identity of {os.getpid()}"

    monkeypatch.setattr(_poller, "swf_identity", identity)
    poller = _ScriptedPoller([])
    assert [poller.identity, poller.identity] == [f"identity of {os.getpid()}"] * 2
    assert computed == [os.getpid()]
    monkeypatch.setattr(os, "getpid", lambda: 1234567)  # as in a forked child
    assert poller.identity == "identity of 1234567"


def test_poller_accepts_a_domain_name() -> None:
    class P(Poller):
        pass

    assert P("named-domain").domain.name == "named-domain"


def test_start_processes_tasks_and_skips_empty_polls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_poller, "MIN_EMPTY_POLL_PERIOD", 0.0)
    poller = _ScriptedPoller(["a", PollTimeout("empty"), "b"])
    poller.start()
    assert poller.processed == ["a", "b"]
    assert poller.polls[0] == ("tasks", swf_identity())


def test_processing_error_does_not_stop_the_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_poller, "MIN_EMPTY_POLL_PERIOD", 0.0)
    poller = _ScriptedPoller(["boom", "after"])
    poller.start()
    assert poller.processed == ["boom", "after"]


def test_consecutive_empty_polls_are_at_least_one_second_apart() -> None:
    poller = _ScriptedPoller([PollTimeout("empty"), PollTimeout("empty")])
    poller.start()
    gaps = [b - a for a, b in itertools.pairwise(poller.poll_times)]
    assert len(gaps) == 2
    assert all(gap >= 0.95 for gap in gaps), gaps


def test_transient_errors_back_off_and_continue(backoffs: list[int]) -> None:
    script = [
        _translated("ThrottlingException"),
        _translated("InternalFailure", 500),
        SWFConnectionError("cannot reach http://127.0.0.1:1"),
        "task",
        _translated("ServiceUnavailable", 503),
        "next",
    ]
    poller = _ScriptedPoller(script)
    poller.start()
    assert poller.processed == ["task", "next"]
    assert backoffs == [0, 1, 2, 0]  # exponential attempts, reset after a success


@pytest.mark.parametrize(
    "error",
    [
        DoesNotExistError("Unable to poll activity task.\n", "Unknown domain: nope"),
        _translated("ValidationException"),
        _translated("UnrecognizedClientException"),
        InvalidCredentialsError("no credentials"),
    ],
    ids=["unknown-domain", "validation", "bad-credentials", "no-credentials"],
)
def test_fatal_errors_exit_with_status_1(
    error: Exception, caplog: pytest.LogCaptureFixture
) -> None:
    poller = _ScriptedPoller(["task", error, "never"])
    with pytest.raises(SystemExit) as info:
        poller.start()
    assert info.value.code == 1
    assert poller.processed == ["task"]
    assert "cannot poll domain 'process-test'" in caplog.text


def test_stop_ends_the_loop_after_the_task_in_hand(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_poller, "MIN_EMPTY_POLL_PERIOD", 0.0)
    poller = _ScriptedPoller(["a", "b", "c"])
    original = poller.process

    def process_then_stop(response: Any) -> None:
        original(response)
        if response == "b":
            poller.stop()

    poller.process = process_then_stop  # type: ignore[method-assign]
    poller.start()
    assert poller.processed == ["a", "b"]
    assert poller.is_alive is False


def _run_until_signalled(directory: str, signum: int) -> None:
    """Child: the first task sends ``signum`` to the poller itself, then finishes."""
    path = Path(directory)

    class SelfSignalling(_ScriptedPoller):
        def process(self, response: Any) -> None:
            if response == "first":
                os.kill(os.getpid(), signum)
                time.sleep(0.2)  # the signal arrives while the task is in hand
            self.processed.append(response)
            (path / str(response)).write_text("done")

    poller = SelfSignalling(["first", "second"])
    poller.start()
    sys.exit(0 if poller.processed == ["first"] else 5)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_signal_finishes_current_task_then_exits_0(tmp_path: Path, signum: int) -> None:
    process = get_fork_context().Process(target=_run_until_signalled, args=(str(tmp_path), signum))
    process.start()
    process.join(timeout=20)
    assert process.exitcode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["first"]


def test_complete_retries_then_succeeds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_poller, "retry_delay", lambda attempt: 0.0)
    poller = _ScriptedPoller([])
    poller.complete_script = [_translated("InternalFailure", 500), ResponseError("again")]
    assert poller._complete("tok", "result") is True
    assert poller.completed == [("tok", "result")] * 3


def test_complete_gives_up_after_nb_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_poller, "retry_delay", lambda attempt: 0.0)
    poller = _ScriptedPoller([])
    poller.complete_script = [ResponseError(f"e{i}") for i in range(5)]
    assert poller._complete("tok", "result") is False
    assert len(poller.completed) == 3


def test_complete_does_not_retry_does_not_exist() -> None:
    poller = _ScriptedPoller([])
    poller.complete_script = [DoesNotExistError("gone", "Unknown execution: x")]
    assert poller._complete("tok", "result") is False
    assert len(poller.completed) == 1


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (_translated("ThrottlingException"), ErrorKind.TRANSIENT),
        (_translated("InternalFailure", 500), ErrorKind.TRANSIENT),
        (_translated("SomethingNew", 502), ErrorKind.TRANSIENT),
        (_fault("ThrottlingException"), ErrorKind.TRANSIENT),
        (SWFConnectionError("down"), ErrorKind.TRANSIENT),
        (ConnectionResetError(), ErrorKind.TRANSIENT),
        (ResponseError("no cause"), ErrorKind.TRANSIENT),
        (KeyError("bug"), ErrorKind.TRANSIENT),
        (DoesNotExistError("x", "Unknown domain: d"), ErrorKind.FATAL),
        (_translated("ValidationException"), ErrorKind.FATAL),
        (_translated("AccessDeniedException"), ErrorKind.FATAL),
        (_translated("UnknownCode"), ErrorKind.FATAL),
        (InvalidCredentialsError("none"), ErrorKind.FATAL),
    ],
)
def test_classify_error(error: BaseException, kind: ErrorKind) -> None:
    assert classify_error(error) is kind


def test_backoff_is_jittered_exponential_and_capped() -> None:
    for attempt in range(12):
        delay = backoff_delay(attempt)
        ceiling = min(30.0, 2.0**attempt)
        assert ceiling / 2 <= delay <= ceiling
