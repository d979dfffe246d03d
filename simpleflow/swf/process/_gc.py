"""The cyclic garbage collector in the long-running poller processes.

A decision replays the whole history: it allocates tens of thousands of objects (events,
history entries, tasks, futures) that all live until its end. The collector, run every
700 net allocations, would traverse them again and again (and the events the decider's
history cache keeps, at each full collection): about a fifth of a decider's CPU on a
1,000-activity fan-out. So the collector is paused while a decision is computed; the
refcounts free its objects at its end, and the next collection (at once, its allocation
count being over the threshold) takes the few cycles it left.

What a supervisor's child inherits (modules, classes, the workflows) stays alive for the
life of the process: it is moved to the collector's permanent generation (``gc.freeze``)
before the payload runs, so full collections no longer traverse it.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["collector_paused", "freeze_startup_objects"]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off for the block, as it was after it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def freeze_startup_objects() -> None:
    """Move every object alive now to the permanent generation (``gc.freeze``).

    Without a collection first: a full collection of a freshly started poller costs some
    50 ms, for the few cycles of garbage it would find.
    """
    gc.freeze()
