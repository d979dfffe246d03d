"""Stopping a process together with all its descendants (psutil)."""

from __future__ import annotations

import logging
import signal
import time

import psutil

logger = logging.getLogger(__name__)

#: Seconds a terminated process tree gets to exit before it is killed.
DEFAULT_GRACE = 3.0


def _tree(pid: int) -> list[psutil.Process]:
    """The process ``pid`` and its descendants, enumerated before any is signalled."""
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _send(processes: list[psutil.Process], signum: int) -> None:
    for process in processes:
        try:
            process.send_signal(signum)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass  # already gone (or not ours any more): nothing to stop


def _is_running(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _wait_stopped(processes: list[psutil.Process], timeout: float) -> list[psutil.Process]:
    """Wait until the processes exited; return those still running after ``timeout``.

    Deliberately not ``psutil.wait_procs``: it reaps our own children with ``waitpid``,
    which would hide their exit code from ``multiprocessing``.
    """
    deadline = time.monotonic() + timeout
    alive = [p for p in processes if _is_running(p)]
    while alive and time.monotonic() < deadline:
        time.sleep(0.05)
        alive = [p for p in alive if _is_running(p)]
    return alive


def kill_tree(pid: int) -> None:
    """SIGKILL the process ``pid`` and all its descendants (already-exited ones are fine)."""
    _send(_tree(pid), signal.SIGKILL)


def terminate_tree(pid: int, grace: float = DEFAULT_GRACE) -> None:
    """SIGTERM the process ``pid`` and its descendants, SIGKILL those alive after ``grace``.

    Does not reap ``pid``: its parent still has to ``join``/``wait`` it.
    """
    processes = _tree(pid)
    if not processes:
        return
    _send(processes, signal.SIGTERM)
    alive = _wait_stopped(processes, grace)
    if alive:
        logger.warning(
            "processes %s did not stop within %.1f s after SIGTERM: killing them",
            ", ".join(str(p.pid) for p in alive),
            grace,
        )
        _send(alive, signal.SIGKILL)
