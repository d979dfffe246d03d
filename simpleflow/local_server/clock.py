"""The engine's clock: wall time, or a virtual clock that can skip ahead.

Every timer, every timeout and every event timestamp of the engine reads
:meth:`Clock.now`. With ``time_skipping`` (the anchor is Temporal's time-skipping test
server) the clock runs at wall speed from the moment the server starts, and the scheduler
(:mod:`.timeouts`) makes it *jump* to the next timer or timeout whenever no decision task and
no activity task is scheduled or running anywhere in the engine: nobody can observe the
skipped time, so a workflow that sleeps on a one-hour timer completes in milliseconds.

What moto does: wall time only (``threading.Timer`` per timer, ``utcnow`` for timeouts). What
real SWF does: wall time too; skipping is a test-server feature (Temporal's). What we change:
one clock for the whole engine, wall time by default, skipping on request.
"""

from __future__ import annotations

import threading
import time


class Clock:
    """Seconds since the epoch, as a float; optionally able to skip ahead.

    Args:
        time_skipping: allow :meth:`skip_to` (a virtual clock).
    """

    def __init__(self, time_skipping: bool = False) -> None:
        self.time_skipping = time_skipping
        self._offset = 0.0
        self._lock = threading.Lock()

    def now(self) -> float:
        return time.time() + self._offset

    @property
    def skipped(self) -> float:
        """Seconds skipped so far (0 for a wall clock)."""
        return self._offset

    def skip_to(self, instant: float) -> None:
        """Jump to ``instant`` if it is in the future (only with ``time_skipping``)."""
        if not self.time_skipping:
            raise RuntimeError("this clock does not skip (time_skipping=False)")
        with self._lock:
            delta = instant - self.now()
            if delta > 0:
                self._offset += delta
