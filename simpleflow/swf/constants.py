"""Limits applied by the SWF replay executor (spec §13)."""

from __future__ import annotations

import os

__all__ = [
    "MAX_DECISIONS",
    "MAX_OPEN_ACTIVITY_COUNT",
    "MAX_OPEN_CHILD_COUNT",
    "MAX_OPEN_TIMER_COUNT",
    "MAX_REQUEST_SIZE",
]

#: SWF accepts at most 100 decisions per RespondDecisionTaskCompleted call.
MAX_DECISIONS = 100


#: SWF accepts at most 1 MB of data per call (features §18).
MAX_REQUEST_SIZE = 1_000_000
#: Kept free in a decision response for the execution context and the request envelope.
REQUEST_SIZE_MARGIN = 5000 + 32000


def _read_limit(variable: str, default: int = 1000) -> int:
    text = os.environ.get(variable, str(default))
    try:
        value = int(text)
    except ValueError:
        raise ValueError(
            f"{variable} must be an integer, got {text!r}; unset it to use the default ({default})"
        ) from None
    if value < 1:
        raise ValueError(
            f"{variable} must be at least 1, got {value!r}; unset it to use the default ({default})"
        )
    return value


def _read_max_open_activity_count() -> int:
    return _read_limit("SWF_MAX_OPEN_ACTIVITY_COUNT")


#: Cap of activities open at once (found open in history plus newly scheduled). SWF's own
#: limit is 1000 open activities per execution. Read once, at import.
MAX_OPEN_ACTIVITY_COUNT = _read_max_open_activity_count()

#: Cap of child executions open at once (SWF: 1000 per execution, features §2.8).
MAX_OPEN_CHILD_COUNT = _read_limit("SWF_MAX_OPEN_CHILD_COUNT")
#: Cap of timers open at once (SWF: 1000 per execution, features §5.4).
MAX_OPEN_TIMER_COUNT = _read_limit("SWF_MAX_OPEN_TIMER_COUNT")
