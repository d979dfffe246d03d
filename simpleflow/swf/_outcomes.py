"""Futures in a given state, as the replay builds them from history entries."""

from __future__ import annotations

from typing import Any

from simpleflow import futures

__all__ = ["cancelled", "finished", "running"]


def finished(result: Any = None, exception: BaseException | None = None) -> futures.Future:
    future = futures.Future()
    if exception is None:
        future.set_finished(result)
    else:
        future.set_finished(None)
        future.set_exception(exception)
    return future


def running() -> futures.Future:
    future = futures.Future()
    future.set_running()
    return future


def cancelled() -> futures.Future:
    future = futures.Future()
    future.set_cancelled()
    return future
