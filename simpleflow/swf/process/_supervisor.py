"""``Supervisor``: forks N processes running a payload and watches them."""

from __future__ import annotations

import functools
import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
from collections.abc import Callable, Iterable
from multiprocessing.process import BaseProcess
from types import FrameType
from typing import Any

from simpleflow.swf.process._gc import freeze_startup_objects
from simpleflow.swf.process._naming import (
    NamedMixin,
    get_payload_name,
    reset_signal_handlers,
    with_state,
)
from simpleflow.swf.process._tree import kill_tree

logger = logging.getLogger(__name__)

_HANDLED_SIGNALS = (signal.SIGTERM, signal.SIGINT)

# Seconds between two checks of the children; signals interrupt the wait anyway.
_WAIT_PERIOD = 1.0


def get_fork_context() -> Any:
    """The ``multiprocessing`` fork context every simpleflow process is created with.

    Payloads are bound methods and closures over un-picklable state (executors, repair
    histories), and Python 3.14 no longer forks by default on Linux.
    """
    return multiprocessing.get_context("fork")


def _frozen_first(payload: Callable[..., Any]) -> Callable[..., Any]:
    """``payload``, run after the objects the child inherited are frozen (see ``_gc``)."""

    @functools.wraps(payload)
    def run(*args: Any, **kwargs: Any) -> Any:
        freeze_startup_objects()
        return payload(*args, **kwargs)

    return run


class Supervisor(NamedMixin):
    """Run ``payload(*arguments)`` in ``nb_children`` forked processes and wait for them.

    Args:
        payload: a function or bound method run in each child.
        arguments: positional arguments of the payload.
        nb_children: number of children; ``None`` or ``0`` means one per CPU.

    The first SIGTERM/SIGINT is forwarded (as SIGTERM) to every child, which stop
    gracefully; a second one kills the children's whole process trees. Children that exit
    on their own are logged and not restarted.
    """

    def __init__(
        self,
        payload: Callable[..., Any],
        arguments: Iterable[Any] | None = None,
        nb_children: int | None = None,
    ) -> None:
        self._payload = payload
        self._payload_friendly_name = get_payload_name(payload)
        self._args = tuple(arguments) if arguments is not None else ()
        self._nb_children = nb_children or multiprocessing.cpu_count()
        self._processes: list[BaseProcess] = []
        self._terminating = False
        self._nb_signals = 0
        self._pid: int | None = None

    @property
    def name(self) -> str:
        return f"{type(self).__name__}(payload={self._payload_friendly_name})"

    @property
    def nb_children(self) -> int:
        return self._nb_children

    @property
    def processes(self) -> list[BaseProcess]:
        """The forked children (started by :meth:`start`)."""
        return list(self._processes)

    @with_state("running")
    def start(self) -> int:
        """Fork the children, wait until all of them exited.

        Returns:
            The exit status: 0 when stopped by a signal or when every child exited with 0,
            1 otherwise.
        """
        self._pid = os.getpid()
        previous = {signum: signal.getsignal(signum) for signum in _HANDLED_SIGNALS}
        for signum in _HANDLED_SIGNALS:
            signal.signal(signum, self._on_signal)
        try:
            self._fork_children()
            return self._wait_children()
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def _fork_children(self) -> None:
        context = get_fork_context()
        target = reset_signal_handlers(_frozen_first(self._payload))
        logger.info("%s: starting %d process(es)", self.name, self._nb_children)
        for index in range(1, self._nb_children + 1):
            if self._terminating:
                break
            process = context.Process(
                target=target,
                args=self._args,
                name=f"{self._payload_friendly_name}-{index}",
            )
            process.start()
            self._processes.append(process)
            logger.debug("%s: started %s (pid %s)", self.name, process.name, process.pid)

    def _wait_children(self) -> int:
        running = list(self._processes)
        failed = False
        while running:
            multiprocessing.connection.wait([p.sentinel for p in running], timeout=_WAIT_PERIOD)
            for process in [p for p in running if not p.is_alive()]:
                process.join()
                running.remove(process)
                code = process.exitcode
                if code == 0:
                    logger.info("%s: %s (pid %s) exited", self.name, process.name, process.pid)
                    continue
                failed = True
                log = logger.info if self._terminating else logger.error
                log(
                    "%s: %s (pid %s) exited with code %s%s",
                    self.name,
                    process.name,
                    process.pid,
                    code,
                    "" if self._terminating else " (not restarted)",
                )
        status = 0 if self._terminating or not failed else 1
        logger.info("%s: all processes exited, exit status %d", self.name, status)
        return status

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if os.getpid() != self._pid:
            # A child forked but not yet running its payload: behave as by default.
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        self._nb_signals += 1
        name = signal.Signals(signum).name
        if self._nb_signals == 1:
            self._terminating = True
            logger.info("%s: received %s, stopping the processes gracefully", self.name, name)
            self._forward(signal.SIGTERM)
        else:
            logger.warning("%s: received %s again, killing the processes", self.name, name)
            for process in self._processes:
                if process.pid is not None:
                    kill_tree(process.pid)

    def _forward(self, signum: int) -> None:
        for process in self._processes:
            if process.pid is None or process.exitcode is not None:
                continue
            try:
                os.kill(process.pid, signum)
            except ProcessLookupError:
                pass  # exited in the meantime
