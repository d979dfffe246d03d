"""The decider's edge for large payloads: decode a history before its replay (features §11).

The replay core is pure: it reads the values of jumbo fields, never their references. This
step, run by ``Executor.replay`` before the core, starts each decision task with an empty
memory cache, fetches the referenced values from S3, and warns once when the history grows
past the size at which ``continue_as_new`` should be used.
"""

from __future__ import annotations

import logging
from typing import Any

from simpleflow import format as _format
from simpleflow import storage

logger = logging.getLogger(__name__)

#: Events after which an execution is told to use `continue_as_new` (SWF stops at 25,000).
HISTORY_WARNING_EVENTS = 10_000
_SWF_EVENT_LIMIT = 25_000

_warned: set[tuple[str | None, str | None]] = set()


def prepare_history(decision_response: Any) -> None:
    """Decode the jumbo fields of ``decision_response.history`` in place.

    Raises:
        simpleflow.storage.StorageError: S3 could not return a referenced value.
    """
    storage.clear_memory_cache()
    history = getattr(decision_response, "history", None)
    events = getattr(history, "events", None)
    if not events:
        return
    _format.resolve_events(events)
    if len(events) > HISTORY_WARNING_EVENTS:
        _warn_long_history(decision_response, events)


def _warn_long_history(decision_response: Any, events: Any) -> None:
    execution = getattr(decision_response, "execution", None)
    key = (getattr(execution, "workflow_id", None), getattr(execution, "run_id", None))
    if key in _warned or _previous_decision_past_limit(events):
        return
    _warned.add(key)
    logger.warning(
        "workflow %s (run %s) has %d history events, more than %d: SWF terminates an "
        "execution at %d events; use continue_as_new to start a fresh history",
        key[0],
        key[1],
        len(events),
        HISTORY_WARNING_EVENTS,
        _SWF_EVENT_LIMIT,
    )


def _previous_decision_past_limit(events: Any) -> bool:
    """Whether an earlier decision task already saw more than the limit (it warned then)."""
    for event in reversed(events):
        if getattr(event, "name", None) == "DecisionTaskCompleted":
            return int(event.id) > HISTORY_WARNING_EVENTS
    return False
