"""Heartbeat helpers kept from 0.11.9: a process that heartbeats a task periodically.

The activity worker's own parent loop (``worker.base.spawn``) heartbeats directly; these
classes remain for code that built on them.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from multiprocessing.process import BaseProcess
from typing import Any

from simpleflow.swf.process._supervisor import get_fork_context
from swf._retry import call_with_retries, exponential_jitter
from swf.exceptions import DoesNotExistError, ResponseError

logger = logging.getLogger(__name__)

__all__ = ["HeartbeatProcess", "Heartbeater"]

#: Attempts of one heartbeat on ``ResponseError``.
HEARTBEAT_ATTEMPTS = 10


class HeartbeatProcess:
    """Sends ``heartbeat_callable(token)`` every ``interval`` seconds.

    Args:
        heartbeat_callable: e.g. ``ActivityPoller.heartbeat``; returns the SWF answer.
        interval: seconds between heartbeats (``int`` or ``float``, > 0).

    Raises:
        ValueError: invalid ``interval``.
    """

    def __init__(self, heartbeat_callable: Callable[[str], Any], interval: float) -> None:
        if isinstance(interval, bool) or not isinstance(interval, (int, float)):
            raise ValueError(f"interval must be a number of seconds, got {interval!r}")
        if interval <= 0:
            raise ValueError(f"interval must be positive, got {interval!r}")
        self._heartbeat = heartbeat_callable
        self._interval = interval

    @property
    def interval(self) -> float:
        return self._interval

    def send_heartbeat(self, token: str) -> Any:
        """``heartbeat_callable(token)``, retried on ``ResponseError`` (10 attempts)."""
        return call_with_retries(
            lambda: self._heartbeat(token),
            attempts=HEARTBEAT_ATTEMPTS,
            retry_on=ResponseError,
            delay=exponential_jitter,
            on_retry=lambda error, attempt, seconds: logger.warning(
                "heartbeat failed (%s): retrying in %.2f s", error, seconds
            ),
        )

    def run(self, token: str, task: Any) -> None:
        """Heartbeat until the task is gone or cancelled, or the parent process died.

        Raises:
            Exception: any error of the heartbeat other than ``DoesNotExistError``,
                unchanged (after an error log).
        """
        parent_pid = os.getppid()
        while True:
            time.sleep(self._interval)
            if os.getppid() != parent_pid:
                os._exit(1)  # orphaned: the worker that owned the task is gone
            try:
                logger.info("heartbeat for task %s", task.activity_type.name)
            except Exception:  # noqa: BLE001 - logging must never stop heartbeats
                pass
            try:
                response = self.send_heartbeat(token)
            except DoesNotExistError as err:
                logger.warning("task no longer exists, stopping heartbeats: %s", err)
                return
            except Exception as err:
                logger.error("cannot send heartbeat: %s", err)
                raise
            if response and response.get("cancelRequested"):
                return


class Heartbeater:
    """Runs a :class:`HeartbeatProcess` for one task in a child process.

    Args:
        heartbeat: the heartbeat callable.
        interval: seconds between heartbeats.
        on_exit: stored for compatibility; never called by :meth:`stop`.
    """

    def __init__(
        self,
        heartbeat: Callable[[str], Any],
        interval: float,
        on_exit: Callable[..., Any] | None = None,
    ) -> None:
        self._heartbeat = heartbeat
        self._interval = interval
        self._on_exit = on_exit
        self._heartbeater: BaseProcess | None = None

    def start(self, token: str, task: Any) -> Heartbeater:
        """Start heartbeating ``token`` in a forked child process."""
        process = HeartbeatProcess(self._heartbeat, self._interval)
        self._heartbeater = get_fork_context().Process(
            target=process.run, args=(token, task), name="heartbeat"
        )
        self._heartbeater.start()
        return self

    def stop(self) -> Heartbeater:
        """Terminate the heartbeat process (requires a prior :meth:`start`)."""
        assert self._heartbeater is not None, "Heartbeater.stop() called before start()"
        self._heartbeater.terminate()
        self._heartbeater.join()
        return self
