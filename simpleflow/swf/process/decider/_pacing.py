"""Pacing of a decider after a decision task that found nothing to do.

SWF schedules a new decision task as soon as an event arrives and none is open, and each
decision replays the whole history. While a workflow waits on a big fan-out, every
completion is followed by a decision task, every one of them a full replay that schedules
nothing: a decider answering at once replays the history again and again, and the cheaper
its replay, the more often it does (it is busy all the time; on a shared machine it takes
that CPU from the activity workers).

After a decision task that returned no decision, the decider therefore waits before it
polls again, for as long as that task took (CPU time) times a factor, at most
``MAX_PAUSE`` seconds. The events that arrive meanwhile go into the one decision task SWF
keeps scheduled, so a waiting decider spends at most a fifth of its time replaying (with
the default factor, 4). A decision
that schedules something (a chain's next step, the close of the workflow) is never
followed by a pause, and nothing waits longer than that bound.

``SIMPLEFLOW_DECIDER_IDLE_PAUSE`` sets the factor (``4`` by default; ``0`` turns the pause
off).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sized

logger = logging.getLogger(__name__)

__all__ = ["DEFAULT_FACTOR", "MAX_PAUSE", "PAUSE_VARIABLE", "idle_pause", "pause_factor"]

PAUSE_VARIABLE = "SIMPLEFLOW_DECIDER_IDLE_PAUSE"
DEFAULT_FACTOR = 4.0
#: Seconds a decider waits at most after a decision task that decided nothing.
MAX_PAUSE = 0.25


def pause_factor() -> float:
    """The factor set by ``SIMPLEFLOW_DECIDER_IDLE_PAUSE`` (default 4; 0: no pause).

    A value that is not a number ≥ 0 is reported once and the default is used.
    """
    raw = os.environ.get(PAUSE_VARIABLE)
    if raw is None or not raw.strip():
        return DEFAULT_FACTOR
    try:
        factor = float(raw)
    except ValueError:
        factor = -1.0
    if not factor >= 0:  # also refuses nan
        logger.warning(
            "%s=%r is not a number >= 0: using %s (set 0 to turn the pause off)",
            PAUSE_VARIABLE,
            raw,
            DEFAULT_FACTOR,
        )
        return DEFAULT_FACTOR
    return factor


def idle_pause(decisions: Sized | None, seconds: float, factor: float) -> float:
    """Seconds to wait before the next poll.

    Args:
        decisions: the decisions sent (``None``: the task was left unanswered).
        seconds: what deciding the task cost.
        factor: the pause factor (see :func:`pause_factor`).
    """
    if decisions is None or len(decisions) or factor <= 0 or seconds <= 0:
        return 0.0
    return min(MAX_PAUSE, factor * seconds)
