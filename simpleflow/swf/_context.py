"""The run context of a replay and the event details a workflow can read (features §1.8)."""

from __future__ import annotations

import json
from typing import Any

from simpleflow.history import History

__all__ = ["event_details", "run_context"]


def run_context(decision_response: Any, domain: Any, history: History) -> dict[str, Any]:
    """The context of this execution, rebuilt at each replay from the decision task.

    `{}` when the response has no `execution` (unit tests with a builder history).
    """
    execution = getattr(decision_response, "execution", None)
    if execution is None:
        return {}
    events = history.events
    started = events[0] if events else None
    workflow_type = getattr(started, "workflow_type", None) or {}
    parent = getattr(started, "parent_workflow_execution", None) or {}
    return {
        "name": workflow_type.get("name"),
        "version": workflow_type.get("version"),
        "domain_name": getattr(domain, "name", None),
        "workflow_id": getattr(execution, "workflow_id", None),
        "run_id": getattr(execution, "run_id", None),
        "tag_list": list(getattr(started, "tag_list", None) or []),
        "continued_execution_run_id": getattr(started, "continued_execution_run_id", None),
        "parent_workflow_id": parent.get("workflowId"),
        "parent_run_id": parent.get("runId"),
    }


def _decode(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def event_details(history: History, event_type: str, event_name: str) -> dict[str, Any] | None:
    """The entry of a signal, the last recorded marker or a timer, by name.

    Raises:
        ValueError: `event_type` is not `'signal'`, `'marker'` or `'timer'`.
    """
    if event_type == "signal":
        return history.signals.get(event_name)
    if event_type == "marker":
        recorded = [
            entry for entry in history.markers.get(event_name, ()) if entry["state"] == "recorded"
        ]
        if not recorded:
            return None
        details = dict(recorded[-1])
        details["details"] = _decode(details.get("details"))
        return details
    if event_type == "timer":
        return history.timers.get(event_name)
    raise ValueError(f"Unimplemented type {event_type!r} for get_event_details")
