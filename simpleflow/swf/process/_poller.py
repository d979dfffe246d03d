"""``Poller``: the poll → process loop shared by the decider and the activity worker."""

from __future__ import annotations

import logging
import os
import signal
import time
from types import FrameType
from typing import Any, cast

import swf.actors
from simpleflow.swf.process._errors import (
    ErrorKind,
    backoff_delay,
    classify_error,
    poll_backoff_cap,
    retry_delay,
)
from simpleflow.swf.process._naming import NamedMixin, swf_identity, with_state
from swf._retry import call_with_retries
from swf.exceptions import DoesNotExistError, PollTimeout
from swf.models import Domain

logger = logging.getLogger(__name__)

#: Minimum seconds between the starts of two consecutive empty polls (anti-spin guard).
MIN_EMPTY_POLL_PERIOD = 1.0

# Granularity of interruptible sleeps: a stop request is noticed within this delay.
_SLEEP_SLICE = 0.2


class PollerExit(SystemExit):
    """A fatal SWF error stops the poller process with exit status 1."""


class _PollInterrupted(BaseException):
    """A stop signal arrived during a long poll (up to 60 s): abandon the poll."""


class Poller(NamedMixin, swf.actors.Actor):
    """Base of ``DeciderPoller`` and ``ActivityPoller``: poll, process, repeat.

    Args:
        domain: the ``swf.models.Domain`` (or its name) polled.
        task_list: the task list polled.

    Subclasses implement ``poll(task_list, identity)``, ``complete(token, payload)`` and
    ``process(response)``.
    """

    nb_retries = 3

    def __init__(self, domain: Domain | str, task_list: str | None = None) -> None:
        self.is_alive = False
        self._stop_requests = 0
        self._last_empty_poll: float | None = None
        self._poll_failures = 0
        self._in_poll_call = False
        if isinstance(domain, str):
            domain = Domain(domain)
        # ``Actor`` is typed for a task list, but the 0.11.9 poller default is None.
        super().__init__(domain, cast(str, task_list))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.domain.name}, {self.task_list})"

    _pid_identity: tuple[int, str] | None = None  # (pid, identity): a fork gets its own

    @property
    def identity(self) -> str:
        """The SWF identity of this process (see ``swf_identity``), computed once per pid."""
        pid = os.getpid()
        if self._pid_identity is None or self._pid_identity[0] != pid:
            self._pid_identity = (pid, swf_identity())
        return self._pid_identity[1]

    # -- main loop ---------------------------------------------------------------------

    def bind_signal_handlers(self) -> None:
        """SIGTERM/SIGINT stop the loop gracefully after the task in hand."""
        signal.signal(signal.SIGTERM, self._on_stop_signal)
        signal.signal(signal.SIGINT, self._on_stop_signal)

    def _on_stop_signal(self, signum: int, frame: FrameType | None) -> None:
        self._stop_requests += 1
        name = signal.Signals(signum).name
        if self._stop_requests == 1:
            logger.info("%s: received %s, stopping after the current task", self.name, name)
        else:
            logger.info("%s: received %s again, still finishing the current task", self.name, name)
        self.is_alive = False
        if self._in_poll_call:
            # A long poll can hold for 60 s: leave it now rather than after it returns.
            self._in_poll_call = False
            raise _PollInterrupted

    @with_state("running")
    def start(self) -> None:
        """Poll and process tasks until stopped (signal or :meth:`stop`).

        Raises:
            SystemExit: with status 1 on a fatal SWF error (unknown domain, invalid
                request, bad credentials).
        """
        logger.info(
            "%s: starting on domain %r, task list %r", self.name, self.domain.name, self.task_list
        )
        self.is_alive = True
        self.bind_signal_handlers()
        while self.is_alive:
            try:
                response = self._poll()
            except PollTimeout:
                continue
            except _PollInterrupted:
                break
            self._process_safely(response)
        logger.info("%s: stopped", self.name)

    def _process_safely(self, response: Any) -> None:
        try:
            self.process(response)
        except Exception:
            logger.exception("%s: error while processing a task", self.name)

    # -- polling -----------------------------------------------------------------------

    @with_state("polling")
    def _poll(self, task_list: str | None = None, identity: str | None = None) -> Any:
        """Poll once; raise ``PollTimeout`` when there is no task (or after a retryable error).

        Empty polls are at least ``MIN_EMPTY_POLL_PERIOD`` apart; transient errors are
        retried by the main loop after a capped, jittered backoff; fatal errors exit.
        """
        task_list = task_list or self.task_list
        identity = identity or self.identity
        started = time.monotonic()
        try:
            self._in_poll_call = self.is_alive
            try:
                response = self.poll(task_list, identity)
            finally:
                self._in_poll_call = False
        except PollTimeout:
            logger.debug("%s: no task on %r", self.name, task_list)
            self._poll_failures = 0
            self._sleep_while_alive(MIN_EMPTY_POLL_PERIOD - (time.monotonic() - started))
            raise
        except Exception as err:
            self._on_poll_error(err, task_list)
            raise PollTimeout("poll failed, retrying later") from err
        self._poll_failures = 0
        return response

    def _on_poll_error(self, error: Exception, task_list: str | None) -> None:
        if classify_error(error) is ErrorKind.FATAL:
            logger.error(
                "%s: cannot poll domain %r, task list %r: %s. Check the domain name, the task "
                "list and the AWS credentials; exiting.",
                self.name,
                self.domain.name,
                task_list,
                " ".join(str(error).split()),
                exc_info=error if logger.isEnabledFor(logging.DEBUG) else None,
            )
            raise PollerExit(1) from error
        delay = min(backoff_delay(self._poll_failures), poll_backoff_cap(error))
        self._poll_failures += 1
        logger.warning(
            "%s: poll failed (%s: %s), retrying in %.1f s",
            self.name,
            type(error).__name__,
            error,
            delay,
            exc_info=self._poll_failures == 1 and not isinstance(error, ConnectionError),
        )
        self._sleep_while_alive(delay)

    def _sleep_while_alive(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while self.is_alive:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            time.sleep(min(remaining, _SLEEP_SLICE))

    # -- completion --------------------------------------------------------------------

    @with_state("completing task")
    def _complete(self, token: str, response: Any) -> bool:
        """Call ``complete(token, response)``, retrying up to ``nb_retries`` attempts.

        ``DoesNotExistError`` (task timed out, execution closed, already handled) is not
        retried. A final failure is logged and swallowed: SWF will time the task out.

        Returns:
            Whether the task was completed.
        """
        return self._call_with_retries("complete", self.complete, token, response)

    def _call_with_retries(self, what: str, func: Any, *args: Any, **kwargs: Any) -> bool:
        attempts = max(1, self.nb_retries)

        def log_retry(error: BaseException, attempt: int, seconds: float) -> None:
            logger.warning(
                "%s: cannot %s the task (%s), retrying in %.2f s", self.name, what, error, seconds
            )

        try:
            call_with_retries(
                lambda: func(*args, **kwargs),
                attempts=attempts,
                give_up_on=DoesNotExistError,  # the task timed out or was handled: no retry
                delay=lambda attempt: retry_delay(attempt),  # late-bound: tests patch it
                on_retry=log_retry,
            )
        except DoesNotExistError as err:
            logger.error("%s: cannot %s the task, it no longer exists: %s", self.name, what, err)
            return False
        except Exception as err:
            logger.error(
                "%s: cannot %s the task after %d attempt(s): %s",
                self.name,
                what,
                attempts,
                err,
                exc_info=err,
            )
            return False
        return True

    @with_state("stopping")
    def stop(self, graceful: bool = True, join_timeout: int = 60) -> None:
        """Ask the loop to stop after the poll or task in hand."""
        self.is_alive = False

    # -- to implement ------------------------------------------------------------------

    def poll(self, task_list: str | None = None, identity: str | None = None) -> Any:
        raise NotImplementedError

    def complete(self, token: str, response: Any) -> Any:
        raise NotImplementedError

    def process(self, response: Any) -> Any:
        raise NotImplementedError
