"""Stopping processes together with all their descendants (psutil): the one home of it.

Two users:

* an activity poller stops the tree of one activity child (:func:`terminate_tree`,
  :func:`kill_tree`): SIGTERM to every process of the tree, SIGKILL after a grace period;
* ``standalone`` stops the trees of its two supervisors (:class:`ProcessTrees`).

A standalone run forks two supervisors (decider and worker); each forks pollers,
and pollers fork activity children or repair helpers. Signalling only the two
supervisor pids (as simpleflow 0.11.9 did) loses every process whose parent
dies first: it is re-parented to init and keeps polling forever. So:

* descendants are enumerated with psutil *before* anything is signalled, and
  re-enumerated while waiting, so a process forked late is still seen;
* on Linux the main process becomes a *child subreaper*, so a descendant whose
  parent died is re-parented to it (and stays visible) instead of to init;
* the forced phase freezes every process (SIGSTOP) until no new one appears,
  then SIGKILLs them all: nothing can fork between enumeration and kill;
* processes that already exited are tolerated everywhere.

Processes are never reaped with ``psutil.wait_procs``: it would ``waitpid`` our own
children and hide their exit code from ``multiprocessing``.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import sys
import time
from collections.abc import Callable, Collection, Sequence
from multiprocessing.process import BaseProcess

import psutil

logger = logging.getLogger(__name__)

#: Seconds a terminated activity tree gets to exit before it is killed.
DEFAULT_GRACE = 3.0

_PR_SET_CHILD_SUBREAPER = 36
_POLL_INTERVAL = 0.1
_MAX_FREEZE_ROUNDS = 50


def enable_child_subreaper() -> bool:
    """Make orphaned descendants re-parent to this process (Linux only).

    Returns:
        Whether the flag could be set; elsewhere orphans go to init as usual and
        only repeated enumeration protects against them.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0)
    except (OSError, AttributeError) as err:
        logger.debug("cannot become a child subreaper: %s", err)
        return False


def _is_alive(proc: psutil.Process) -> bool:
    try:
        return proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return False


def _signal(proc: psutil.Process, signum: int) -> None:
    try:
        proc.send_signal(signum)
    except (psutil.NoSuchProcess, ProcessLookupError):
        pass  # already exited: nothing to stop
    except psutil.AccessDenied as err:
        logger.warning("cannot send signal %s to process %s: %s", signum, proc.pid, err)


class ProcessTrees:
    """The processes of a run: some direct children (roots) and all their descendants.

    Args:
        roots: started ``multiprocessing`` processes, children of this process.
            They are reaped with ``join`` (never by psutil, so their exit codes
            stay available to ``multiprocessing``).
        foreign_pids: children of this process that do not belong to the run
            (they existed before it started); never signalled.
    """

    def __init__(self, roots: Sequence[BaseProcess], foreign_pids: Collection[int] = ()) -> None:
        self._roots = list(roots)
        self._root_pids = {root.pid for root in self._roots if root.pid is not None}
        self._foreign = set(foreign_pids)
        self._me = psutil.Process()
        self._tracked: dict[int, psutil.Process] = {}
        for pid in self._root_pids:
            self._track_pid(pid)

    def _track_pid(self, pid: int) -> None:
        if pid in self._tracked:
            return
        try:
            self._tracked[pid] = psutil.Process(pid)
        except psutil.NoSuchProcess:
            pass

    def _track(self, proc: psutil.Process) -> None:
        self._tracked.setdefault(proc.pid, proc)

    def refresh(self) -> None:
        """Add every descendant of the tracked processes, and orphans re-parented to us."""
        for proc in list(self._tracked.values()):
            if not _is_alive(proc):
                continue
            try:
                children = proc.children(recursive=True)
            except psutil.NoSuchProcess:
                continue
            for child in children:
                self._track(child)
        try:
            mine = self._me.children(recursive=True)
        except psutil.NoSuchProcess:  # pragma: no cover - we are running
            mine = []
        for child in mine:
            if child.pid not in self._foreign:
                self._track(child)

    @property
    def pids(self) -> set[int]:
        """Pids seen so far (alive or not)."""
        return set(self._tracked)

    def alive(self) -> list[psutil.Process]:
        """The tracked processes still running (zombies count as exited)."""
        self._reap_orphans()
        result = []
        for proc in self._tracked.values():
            if proc.pid in self._root_pids:
                root = self._root(proc.pid)
                if root is not None and not root.is_alive():
                    continue
            if _is_alive(proc):
                result.append(proc)
        return result

    def _root(self, pid: int) -> BaseProcess | None:
        for root in self._roots:
            if root.pid == pid:
                return root
        return None

    def _reap_orphans(self) -> None:
        """Reap exited processes that were re-parented to us (we are their subreaper)."""
        for pid in list(self._tracked):
            if pid in self._root_pids:
                continue
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass  # not our child (or already reaped): its parent or init reaps it

    def terminate(
        self, grace: float, *, hurry: Callable[[], bool] = lambda: False, kill_wait: float = 5.0
    ) -> list[int]:
        """SIGTERM the roots, wait up to ``grace`` seconds, then SIGKILL every survivor.

        Roots forward SIGTERM to their own children (graceful stop). Descendants
        of a root that is already gone get SIGTERM directly, as nobody forwards
        it to them.

        Args:
            grace: seconds allowed for the graceful stop.
            hurry: polled while waiting; returning true skips the rest of the grace.
            kill_wait: seconds to wait for killed processes to disappear.

        Returns:
            Pids still alive at the end (empty unless something could not be killed).
        """
        self.refresh()
        dead_roots = {root.pid for root in self._roots if not root.is_alive()}
        for proc in self.alive():
            if proc.pid in self._root_pids:
                logger.debug("sending SIGTERM to supervisor %s", proc.pid)
                _signal(proc, signal.SIGTERM)
            elif dead_roots and self._is_orphan(proc):
                logger.debug("sending SIGTERM to orphaned process %s", proc.pid)
                _signal(proc, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and not hurry():
            self.refresh()
            if not self.alive():
                break
            time.sleep(_POLL_INTERVAL)
        self.kill()
        return self.wait(kill_wait)

    def _is_orphan(self, proc: psutil.Process) -> bool:
        try:
            ppid = proc.ppid()
        except psutil.NoSuchProcess:
            return False
        return ppid not in self._tracked or ppid == 1 or ppid == self._me.pid

    def kill(self) -> None:
        """Freeze every live process of the trees until none appears, then SIGKILL them all."""
        frozen: dict[int, psutil.Process] = {}
        for _ in range(_MAX_FREEZE_ROUNDS):
            self.refresh()
            new = [proc for proc in self.alive() if proc.pid not in frozen]
            if not new:
                break
            for proc in new:
                _signal(proc, signal.SIGSTOP)
                frozen[proc.pid] = proc
        for proc in frozen.values():
            logger.warning("process %s did not stop in time: killing it", proc.pid)
            _signal(proc, signal.SIGKILL)

    def wait(self, timeout: float) -> list[int]:
        """Wait until every tracked process exited; return the pids still alive."""
        deadline = time.monotonic() + timeout
        while True:
            for root in self._roots:
                root.join(timeout=0)
            alive = self.alive()
            if not alive or time.monotonic() >= deadline:
                break
            time.sleep(_POLL_INTERVAL)
        for root in self._roots:
            root.join(timeout=0)
        return [proc.pid for proc in alive]


def current_children_pids() -> set[int]:
    """Pids of the current children of this process."""
    return {child.pid for child in psutil.Process().children()}


# -- one tree, by pid (activity children) --------------------------------------------------


def _tree(pid: int) -> list[psutil.Process]:
    """The process ``pid`` and its descendants, enumerated before any is signalled."""
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _wait_stopped(processes: list[psutil.Process], timeout: float) -> list[psutil.Process]:
    """Wait until the processes exited; return those still running after ``timeout``."""
    deadline = time.monotonic() + timeout
    alive = [p for p in processes if _is_alive(p)]
    while alive and time.monotonic() < deadline:
        time.sleep(0.05)
        alive = [p for p in alive if _is_alive(p)]
    return alive


def kill_tree(pid: int) -> None:
    """SIGKILL the process ``pid`` and all its descendants (already-exited ones are fine)."""
    for proc in _tree(pid):
        _signal(proc, signal.SIGKILL)


def terminate_tree(pid: int, grace: float = DEFAULT_GRACE) -> None:
    """SIGTERM the process ``pid`` and its descendants, SIGKILL those alive after ``grace``.

    Does not reap ``pid``: its parent still has to ``join``/``wait`` it.
    """
    processes = _tree(pid)
    if not processes:
        return
    for proc in processes:
        _signal(proc, signal.SIGTERM)
    alive = _wait_stopped(processes, grace)
    if alive:
        logger.warning(
            "processes %s did not stop within %.1f s after SIGTERM: killing them",
            ", ".join(str(p.pid) for p in alive),
            grace,
        )
        for proc in alive:
            _signal(proc, signal.SIGKILL)
