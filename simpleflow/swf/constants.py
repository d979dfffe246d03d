"""Limits applied by the SWF replay executor (spec §13)."""

from __future__ import annotations

import os

__all__ = ["MAX_DECISIONS", "MAX_OPEN_ACTIVITY_COUNT"]

#: SWF accepts at most 100 decisions per RespondDecisionTaskCompleted call.
MAX_DECISIONS = 100


def _read_max_open_activity_count() -> int:
    text = os.environ.get("SWF_MAX_OPEN_ACTIVITY_COUNT", "1000")
    try:
        value = int(text)
    except ValueError:
        raise ValueError(
            f"SWF_MAX_OPEN_ACTIVITY_COUNT must be an integer, got {text!r}; "
            "unset it to use the default (1000)"
        ) from None
    if value < 1:
        raise ValueError(
            f"SWF_MAX_OPEN_ACTIVITY_COUNT must be at least 1, got {value!r}; "
            "unset it to use the default (1000)"
        )
    return value


#: Cap of activities open at once (found open in history plus newly scheduled). SWF's own
#: limit is 1000 open activities per execution. Read once, at import.
MAX_OPEN_ACTIVITY_COUNT = _read_max_open_activity_count()
