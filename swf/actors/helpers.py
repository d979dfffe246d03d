"""Run a call periodically in the background while something else runs."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

__all__ = ["Every", "meanwhile"]

logger = logging.getLogger(__name__)


class Every:
    """Call ``call(*args, **kwargs)`` every ``nseconds`` in a daemon thread.

    Calling the instance starts the thread (the first call comes after one interval) and
    returns the instance; ``stop()`` ends it without another call.

    Args:
        nseconds: the interval, in seconds.
        call: the function to call.
        *args: its positional arguments.
        **kwargs: its keyword arguments.
    """

    def __init__(self, nseconds: float, call: Callable[..., Any], *args: Any, **kwargs: Any):
        self.nseconds = nseconds
        self._call = call
        self._args = args
        self._kwargs = kwargs
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None

    def _run(self) -> None:
        # Event.wait returns True as soon as stop() is called: no call after a stop.
        while not self._stopped.wait(self.nseconds):
            self._call(*self._args, **self._kwargs)

    def __call__(self) -> Every:
        self._thread = threading.Thread(
            target=self._run, name=f"every-{self.nseconds}s", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Signal the thread to stop; it makes no further call."""
        self._stopped.set()


def meanwhile(calling_this: Every, call_that: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run ``call_that(*args, **kwargs)`` while ``calling_this`` runs in the background.

    ``calling_this`` is started first and always stopped afterwards.

    Returns:
        The result of ``call_that``; its exception, if any, is re-raised unchanged.
    """
    calling_this()
    try:
        return call_that(*args, **kwargs)
    finally:
        calling_this.stop()
