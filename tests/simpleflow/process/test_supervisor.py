from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from pathlib import Path
from types import FrameType

import psutil
import pytest

from simpleflow.swf.process.actor import Supervisor, get_fork_context
from tests.simpleflow.process._helpers import read_pids, wait_until

pytestmark = pytest.mark.usefixtures("_no_titles")


@pytest.fixture
def _no_titles(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIMPLEFLOW_DISABLE_SETPROCTITLE", "1")


def _touch(directory: Path, suffix: str) -> None:
    (directory / f"{os.getpid()}.{suffix}").write_text("")


def exit_with(code: int) -> None:
    sys.exit(code)


def graceful_payload(directory: str) -> None:
    """Runs until SIGTERM, then records that it stopped cleanly."""
    path = Path(directory)
    stop = False

    def on_term(signum: int, frame: FrameType | None) -> None:
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, on_term)
    _touch(path, "started")
    while not stop:
        time.sleep(0.02)
    _touch(path, "stopped")


def stubborn_payload(directory: str) -> None:
    """Ignores SIGTERM: only SIGKILL ends it. Also starts a grandchild."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    grandchild = get_fork_context().Process(target=_sleep_forever, args=(directory,))
    grandchild.start()
    _touch(Path(directory), "started")
    while True:
        time.sleep(0.05)


def _sleep_forever(directory: str) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _touch(Path(directory), "grandchild")
    while True:
        time.sleep(0.05)


def _is_running(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _run_supervisor(payload: object, directory: str, nb_children: int) -> None:
    sys.exit(Supervisor(payload, [directory], nb_children=nb_children).start())  # type: ignore[arg-type]


def _start_supervisor(
    payload: object, directory: Path, nb_children: int
) -> multiprocessing.process.BaseProcess:
    process = get_fork_context().Process(
        target=_run_supervisor, args=(payload, str(directory), nb_children)
    )
    process.start()
    return process


def test_nb_children_defaults_to_cpu_count() -> None:
    assert Supervisor(exit_with, [0]).nb_children == multiprocessing.cpu_count()
    assert Supervisor(exit_with, [0], nb_children=0).nb_children == multiprocessing.cpu_count()
    assert Supervisor(exit_with, [0], nb_children=3).nb_children == 3


def test_name_shows_payload() -> None:
    class Thing:
        def start(self) -> None:
            pass

    assert Supervisor(Thing().start).name == "Supervisor(payload=Thing.start)"


def test_start_returns_0_when_all_children_exit_0() -> None:
    supervisor = Supervisor(exit_with, [0], nb_children=2)
    assert supervisor.start() == 0
    assert [p.exitcode for p in supervisor.processes] == [0, 0]


def test_start_returns_1_when_a_child_fails() -> None:
    supervisor = Supervisor(exit_with, [3], nb_children=2)
    assert supervisor.start() == 1
    assert [p.exitcode for p in supervisor.processes] == [3, 3]


def test_start_restores_signal_handlers() -> None:
    before = signal.getsignal(signal.SIGTERM)
    Supervisor(exit_with, [0], nb_children=1).start()
    assert signal.getsignal(signal.SIGTERM) == before


def test_first_sigterm_is_forwarded_and_children_stop_gracefully(tmp_path: Path) -> None:
    process = _start_supervisor(graceful_payload, tmp_path, 2)
    wait_until(lambda: len(read_pids(tmp_path, "started")) == 2, what="children started")
    children = read_pids(tmp_path, "started")
    os.kill(process.pid, signal.SIGTERM)  # type: ignore[arg-type]
    process.join(timeout=10)
    assert process.exitcode == 0
    assert read_pids(tmp_path, "stopped") == children
    assert not any(map(_is_running, children))


def test_sigint_is_forwarded_too(tmp_path: Path) -> None:
    process = _start_supervisor(graceful_payload, tmp_path, 1)
    wait_until(lambda: read_pids(tmp_path, "started"), what="child started")
    os.kill(process.pid, signal.SIGINT)  # type: ignore[arg-type]
    process.join(timeout=10)
    assert process.exitcode == 0
    assert read_pids(tmp_path, "stopped") == read_pids(tmp_path, "started")


def test_second_signal_kills_the_children_process_trees(tmp_path: Path) -> None:
    process = _start_supervisor(stubborn_payload, tmp_path, 2)
    wait_until(
        lambda: (
            len(read_pids(tmp_path, "started")) == 2 and len(read_pids(tmp_path, "grandchild")) == 2
        ),
        what="children and grandchildren started",
    )
    pids = read_pids(tmp_path, "started") + read_pids(tmp_path, "grandchild")
    os.kill(process.pid, signal.SIGTERM)  # type: ignore[arg-type]
    # SIGTERM is ignored by the children: the supervisor keeps waiting.
    process.join(timeout=0.5)
    assert process.exitcode is None
    os.kill(process.pid, signal.SIGTERM)  # type: ignore[arg-type]
    process.join(timeout=10)
    assert process.exitcode == 0

    wait_until(lambda: not any(map(_is_running, pids)), what="process trees killed")


def test_child_dying_unexpectedly_is_not_restarted_and_fails_the_supervisor(
    tmp_path: Path,
) -> None:
    process = _start_supervisor(graceful_payload, tmp_path, 2)
    wait_until(lambda: len(read_pids(tmp_path, "started")) == 2, what="children started")
    first, second = read_pids(tmp_path, "started")
    os.kill(first, signal.SIGKILL)
    # The other child keeps running; nothing is restarted.
    process.join(timeout=0.5)
    assert process.exitcode is None
    assert len(read_pids(tmp_path, "started")) == 2
    os.kill(second, signal.SIGTERM)
    process.join(timeout=10)
    assert process.exitcode == 1
