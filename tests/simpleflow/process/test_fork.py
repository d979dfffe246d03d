from __future__ import annotations

import atexit
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from simpleflow.swf.process.worker._fork import ForkedChild, OutcomeWriter


def _run(child: ForkedChild) -> tuple[bytes | None, int | None]:
    """The child's message (if any) and its exit code, as ``spawn`` waits for them."""
    message = None
    try:
        while True:
            readable, exited = child.wait(10.0)
            if readable:
                message = child.read_message()
            if exited:
                return message, child.join()
    finally:
        child.close()


def test_message_crosses_before_the_exit_code() -> None:
    message, code = _run(ForkedChild(lambda writer: writer.send_bytes(b'{"complete": "1"}')))
    assert (message, code) == (b'{"complete": "1"}', 0)


def test_large_message_is_read_whole() -> None:
    data = os.urandom(3 << 20)  # far beyond a pipe's buffer
    message, code = _run(ForkedChild(lambda writer: writer.send_bytes(data)))
    assert (message, code) == (data, 0)


def test_message_is_readable_while_the_child_still_runs() -> None:
    def target(writer: OutcomeWriter) -> None:
        writer.send_bytes(b"early")
        time.sleep(30)

    child = ForkedChild(target)
    try:
        readable, exited = child.wait(10.0)
        assert (readable, exited) == (True, False)
        assert child.read_message() == b"early"
        assert child.join(0.05) is None  # still running
        os.kill(child.pid, signal.SIGKILL)
        assert child.join() == -signal.SIGKILL
    finally:
        child.close()


def _exit_with(code: object) -> None:
    sys.exit(code)


@pytest.mark.parametrize(
    ("code", "expected"), [(None, 0), (0, 0), (4, 4), ("bye", 1)], ids=["none", "0", "4", "text"]
)
def test_system_exit_sets_the_exit_code(code: object, expected: int) -> None:
    assert _run(ForkedChild(lambda writer: _exit_with(code))) == (None, expected)


def test_exception_exits_with_1_and_prints_the_traceback(
    capfd: pytest.CaptureFixture[str],
) -> None:
    def target(writer: OutcomeWriter) -> None:
        raise RuntimeError("boom")

    assert _run(ForkedChild(target, name="activity-x")) == (None, 1)
    err = capfd.readouterr().err
    assert "Process activity-x:" in err and "RuntimeError: boom" in err


def test_os_exit_and_signals_give_their_code() -> None:
    assert _run(ForkedChild(lambda writer: os._exit(3))) == (None, 3)
    assert _run(ForkedChild(lambda writer: os.kill(os.getpid(), signal.SIGKILL))) == (
        None,
        -signal.SIGKILL,
    )


def test_child_does_not_run_the_parent_atexit_handlers(tmp_path: Path) -> None:
    marker = tmp_path / "atexit-ran"

    def handler() -> None:
        marker.write_text(str(os.getpid()))

    atexit.register(handler)
    try:
        assert _run(ForkedChild(lambda writer: None)) == (None, 0)
    finally:
        atexit.unregister(handler)
    assert not marker.exists()


def test_child_output_is_flushed_and_parent_output_not_repeated(
    capfd: pytest.CaptureFixture[str],
) -> None:
    sys.stdout.write("parent-buffered ")  # buffered: must not be printed by the child too
    assert _run(ForkedChild(lambda writer: print("from-child", end=""))) == (None, 0)
    out = capfd.readouterr().out
    assert out.count("parent-buffered") == 1 and "from-child" in out


def test_child_waits_for_its_non_daemon_threads(tmp_path: Path) -> None:
    import threading

    done = tmp_path / "thread-done"

    def target(writer: OutcomeWriter) -> None:
        threading.Thread(target=lambda: (time.sleep(0.2), done.write_text("1"))).start()

    assert _run(ForkedChild(target)) == (None, 0)
    assert done.exists()


@pytest.mark.parametrize("pidfd", [True, False], ids=["pidfd", "exit-pipe"])
def test_exit_is_seen_with_or_without_pidfd(monkeypatch: pytest.MonkeyPatch, pidfd: bool) -> None:
    if not pidfd:
        monkeypatch.delattr(os, "pidfd_open", raising=False)
    elif not hasattr(os, "pidfd_open"):
        pytest.skip("no pidfd on this platform")
    assert _run(ForkedChild(lambda writer: writer.send_bytes(b"x"))) == (b"x", 0)
    assert _run(ForkedChild(lambda writer: os._exit(5))) == (None, 5)

    def linger(writer: OutcomeWriter) -> None:
        writer.send_bytes(b"y")
        time.sleep(30)

    child = ForkedChild(linger)
    try:
        assert child.wait(10.0) == (True, False)
        assert child.read_message() == b"y"
        assert child.join(0.1) is None
        os.kill(child.pid, signal.SIGTERM)
        assert child.join(10.0) == -signal.SIGTERM
    finally:
        child.close()


def test_inherited_objects_are_frozen_in_the_child() -> None:
    import gc
    import json

    def target(writer: OutcomeWriter) -> None:
        writer.send_bytes(json.dumps(gc.get_freeze_count()).encode())

    message, code = _run(ForkedChild(target))
    assert code == 0 and message is not None and json.loads(message) > 1000
    assert gc.get_freeze_count() == 0  # the parent is left alone
