"""Non-blocking futures: asking for an unavailable value raises ``ExecutionBlocked``."""

from __future__ import annotations

from typing import Any

from simpleflow import exceptions

__all__ = ["Future", "get_result_or_raise", "wait"]

FIRST_COMPLETED = "FIRST_COMPLETED"
FIRST_EXCEPTION = "FIRST_EXCEPTION"
ALL_COMPLETED = "ALL_COMPLETED"
_AS_COMPLETED = "_AS_COMPLETED"

PENDING = "PENDING"
RUNNING = "RUNNING"
CANCELLED = "CANCELLED"
CANCELLED_AND_NOTIFIED = "CANCELLED_AND_NOTIFIED"
FINISHED = "FINISHED"

_FUTURE_STATES = [PENDING, RUNNING, CANCELLED, CANCELLED_AND_NOTIFIED, FINISHED]

_STATE_TO_DESCRIPTION_MAP = {
    PENDING: "pending",
    RUNNING: "running",
    CANCELLED: "cancelled",
    CANCELLED_AND_NOTIFIED: "cancelled",
    FINISHED: "finished",
}


class Future:
    """The (future) value of a task, mimicking ``concurrent.futures.Future``.

    It never blocks: reading a value that is not available raises
    ``simpleflow.exceptions.ExecutionBlocked``. A finished future may carry an exception;
    its ``result`` is then ``None``.
    """

    def __init__(self) -> None:
        self._state = PENDING
        self._result: Any = None
        self._exception: BaseException | None = None

    def __repr__(self) -> str:
        description = _STATE_TO_DESCRIPTION_MAP[self._state]
        if self._state == FINISHED:
            if self._exception is not None:
                outcome = f" raised {type(self._exception).__name__}"
            else:
                outcome = f" returned {type(self._result).__name__}"
        else:
            outcome = ""
        return f"<Future at {hex(id(self))} state={description}{outcome}>"

    def wait(self) -> Any:
        """Always raise ``ExecutionBlocked``: the value is not available yet."""
        raise exceptions.ExecutionBlocked()

    @property
    def result(self) -> Any:
        """The value once done (None for a cancelled future); else raise ``ExecutionBlocked``."""
        if self._state in (FINISHED, CANCELLED):
            return self._result
        return self.wait()

    @property
    def exception(self) -> BaseException | None:
        """The exception of a finished future (or None); raise ``ExecutionBlocked`` before."""
        if self._state == FINISHED:
            return self._exception
        raise exceptions.ExecutionBlocked()

    def cancel(self) -> bool:
        """Cancel the future unless it is finished; return whether it was cancelled."""
        if self._state == FINISHED:
            return False
        self._state = CANCELLED
        return True

    @property
    def state(self) -> str:
        return self._state

    @property
    def cancelled(self) -> bool:
        return self._state == CANCELLED

    @property
    def running(self) -> bool:
        return self._state == RUNNING

    @property
    def finished(self) -> bool:
        return self._state == FINISHED

    @property
    def done(self) -> bool:
        return self._state in (CANCELLED, FINISHED)

    # Setters: only executors, tests and ``on_task_failure`` hooks call them.

    def set_running(self) -> None:
        """Mark the task as started."""
        self._state = RUNNING

    def set_finished(self, result: Any) -> None:
        """Finish the future with ``result`` (and no exception)."""
        self._result = result
        self._exception = None
        self._state = FINISHED

    def set_exception(self, exception: BaseException | None) -> None:
        """Finish the future with ``exception``; None means "finished without error".

        The result is left as it is, so a hook may ``set_finished(x)`` first.
        """
        self._exception = exception
        self._state = FINISHED

    def set_cancelled(self) -> None:
        """Mark the future as cancelled (even when it was finished)."""
        self._state = CANCELLED

    # 0.11.9-era private names, kept for callers of the rebuild's first version.

    def _set_running(self) -> None:
        self.set_running()

    def _set_result(self, result: Any) -> None:
        self.set_finished(result)

    def _set_exception(self, exception: BaseException) -> None:
        self._result = None
        self.set_exception(exception)

    def _set_cancelled(self) -> None:
        self.set_cancelled()


def get_result_or_raise(future: Future) -> Any:
    """Return ``future.result``; raise ``ExecutionBlocked`` if it is pending."""
    if future.state == PENDING:
        raise exceptions.ExecutionBlocked()
    return future.result


def wait(*fs: Future) -> list[Any]:
    """Return the results of ``fs``; raise ``ExecutionBlocked`` if any is not finished.

    Any pending future blocks first, so that all independent tasks submitted before
    ``wait`` are scheduled in the same decision.
    """
    states = [future.state for future in fs]
    if PENDING in states:
        raise exceptions.ExecutionBlocked()
    return [future.result for future in fs]
