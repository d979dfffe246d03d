"""Stopping process trees without orphans (simpleflow.swf.process._tree), with real processes."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

import psutil
import pytest

from simpleflow.swf.process._tree import ProcessTrees, enable_child_subreaper

pytestmark = pytest.mark.integration

_FORK = multiprocessing.get_context("fork")
_SLEEPER = "import signal, time\n{ignore}\ntime.sleep(120)\n"


def _sleeper(ignore_term: bool) -> subprocess.Popen[bytes]:
    ignore = "signal.signal(signal.SIGTERM, signal.SIG_IGN)" if ignore_term else ""
    return subprocess.Popen([sys.executable, "-c", _SLEEPER.format(ignore=ignore)])


def _supervisor(conn: Connection, behaviour: str, nb_children: int, ignore_term: bool) -> None:
    """A fake supervisor: starts sleepers, reports their pids, then reacts to signals."""
    children = [_sleeper(ignore_term) for _ in range(nb_children)]

    def forward(signum: int, frame: object) -> None:
        for child in children:
            child.terminate()
        for child in children:
            child.wait()
        os._exit(0)

    def leave(signum: int, frame: object) -> None:
        os._exit(0)  # abandon the children: they become orphans

    if behaviour == "graceful":
        signal.signal(signal.SIGTERM, forward)
    elif behaviour == "stubborn":
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGUSR1, leave)
    conn.send([child.pid for child in children])
    while True:
        signal.pause()


def _start(
    behaviour: str, nb_children: int = 2, ignore_term: bool = False
) -> tuple[BaseProcess, list[int]]:
    parent, child = _FORK.Pipe()
    process = _FORK.Process(target=_supervisor, args=(child, behaviour, nb_children, ignore_term))
    process.start()
    assert parent.poll(10), "the fake supervisor did not report its children"
    pids: list[int] = parent.recv()
    return process, pids


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _eventually(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not met before the deadline"
        time.sleep(0.05)


@pytest.fixture
def cleanup() -> Iterator[list[int]]:
    """Pids to SIGKILL after the test whatever happens (no stray sleeper may survive)."""
    pids: list[int] = []
    yield pids
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def test_terminate_lets_a_graceful_tree_stop_on_sigterm(cleanup: list[int]) -> None:
    process, pids = _start("graceful")
    cleanup.extend(pids)
    trees = ProcessTrees([process])

    begin = time.monotonic()
    survivors = trees.terminate(grace=10.0)

    assert survivors == []
    assert time.monotonic() - begin < 5.0, "a graceful stop must not wait for the grace period"
    assert process.exitcode == 0, "the supervisor stopped by itself (not SIGKILLed)"
    assert not any(_alive(pid) for pid in pids)
    assert set(pids) <= trees.pids


def test_terminate_kills_the_whole_tree_after_the_grace_period(cleanup: list[int]) -> None:
    process, pids = _start("stubborn", ignore_term=True)
    cleanup.extend(pids)
    trees = ProcessTrees([process])

    begin = time.monotonic()
    survivors = trees.terminate(grace=0.5)

    assert survivors == []
    assert time.monotonic() - begin >= 0.5
    assert process.exitcode == -signal.SIGKILL
    assert not any(_alive(pid) for pid in pids)


def test_terminate_stops_orphans_of_a_supervisor_that_already_exited(cleanup: list[int]) -> None:
    process, pids = _start("graceful")
    cleanup.extend(pids)
    trees = ProcessTrees([process])
    trees.refresh()  # as standalone does: descendants are known before anything is signalled
    os.kill(process.pid or 0, signal.SIGUSR1)
    process.join(10)
    assert process.exitcode == 0
    assert all(_alive(pid) for pid in pids), "the fake supervisor must have left orphans"

    survivors = trees.terminate(grace=5.0)

    assert survivors == []
    assert not any(_alive(pid) for pid in pids)


def test_terminate_skips_the_grace_period_when_asked_to_hurry(cleanup: list[int]) -> None:
    process, pids = _start("stubborn", ignore_term=True)
    cleanup.extend(pids)
    trees = ProcessTrees([process])

    begin = time.monotonic()
    survivors = trees.terminate(grace=60.0, hurry=lambda: True)

    assert survivors == []
    assert time.monotonic() - begin < 10.0
    assert not any(_alive(pid) for pid in pids)


def test_terminate_tolerates_processes_that_already_exited() -> None:
    process, pids = _start("graceful", nb_children=0)
    os.kill(process.pid or 0, signal.SIGKILL)
    process.join(10)

    trees = ProcessTrees([process])

    assert trees.terminate(grace=1.0) == []
    assert trees.terminate(grace=1.0) == []


def _orphan_parent_report(conn: Connection) -> None:
    """Become a subreaper, let a child abandon a sleeper, report the sleeper's new parent."""
    subreaper = enable_child_subreaper()
    reader, writer = _FORK.Pipe(duplex=False)
    middle = _FORK.Process(target=_abandon_sleeper, args=(writer,))
    middle.start()
    middle.join(10)
    sleeper_pid = reader.recv()
    conn.send((subreaper, psutil.Process(sleeper_pid).ppid()))
    os.kill(sleeper_pid, signal.SIGKILL)
    os.waitpid(sleeper_pid, 0)


def _abandon_sleeper(conn: Connection) -> None:
    conn.send(_sleeper(ignore_term=False).pid)
    os._exit(0)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_CHILD_SUBREAPER is Linux")
def test_child_subreaper_adopts_orphaned_descendants() -> None:
    ours, theirs = _FORK.Pipe()
    process = _FORK.Process(target=_orphan_parent_report, args=(theirs,))
    process.start()
    try:
        assert ours.poll(20)
        subreaper, parent = ours.recv()
    finally:
        process.join(20)
    assert subreaper is True
    assert parent == process.pid
    assert process.exitcode == 0
