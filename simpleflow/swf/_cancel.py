"""Cancellation in the replay (features §6): of this execution, of an activity, of a child."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from simpleflow import futures
from simpleflow.exceptions import TaskFailed
from simpleflow.swf import _outcomes
from swf.models.decision import (
    ActivityTaskDecision,
    ExternalWorkflowExecutionDecision,
    WorkflowExecutionDecision,
)

if TYPE_CHECKING:
    from simpleflow.history import History

logger = logging.getLogger(__name__)

__all__ = [
    "cancel_decisions",
    "open_activities",
    "open_children",
    "resume_cancel_activity",
    "resume_cancel_child",
]

_OPEN_ACTIVITY = ("scheduled", "started")
_OPEN_CHILD = ("start_initiated", "started")


def open_activities(history: History) -> list[dict[str, Any]]:
    """Open activity entries, in history order."""
    entries = [e for e in history.activities.values() if e.get("state") in _OPEN_ACTIVITY]
    return sorted(entries, key=lambda entry: entry.get("scheduled_id") or 0)


def open_children(history: History) -> list[dict[str, Any]]:
    """Open child entries, in history order."""
    return [e for e in history.child_workflows.values() if e.get("state") in _OPEN_CHILD]


def request_cancel_activity(activity_id: str) -> ActivityTaskDecision:
    return ActivityTaskDecision("request_cancel", activity_id=activity_id)


def request_cancel_child(workflow_id: str, run_id: str | None) -> ExternalWorkflowExecutionDecision:
    return ExternalWorkflowExecutionDecision(
        "request_cancel", workflow_id=workflow_id, run_id=run_id
    )


def _child_requested(history: History, workflow_id: str) -> bool:
    return workflow_id in history.external_workflows_canceling


def cancel_decisions(history: History, workflow: Any) -> tuple[list[Any], bool] | None:
    """The decisions answering this execution's cancel request, or None to run normally.

    Returns:
        `(decisions, close)`: with `close` False the batch ends blocked (graceful mode
        waiting for activities and children), so it needs the wake-up timer when it
        holds request decisions.
    """
    if history.cancel_requested is None:
        return None
    if not workflow.should_cancel(history):
        return None
    current = (history.completed_decision_id or 0) < (history.cancel_requested_id or 0)
    if current:
        workflow.on_canceled(history)
    else:
        logger.warning("cancel request already answered, failed: %s", history.cancel_failed)
    mode = getattr(workflow, "cancel_mode", "immediate")
    graceful = mode == "graceful"
    decisions: list[Any] = [
        request_cancel_activity(entry["id"])
        for entry in open_activities(history)
        if not entry.get("cancel_requested")
    ]
    if graceful or getattr(workflow, "cancel_children_on_cancel", False):
        decisions.extend(
            request_cancel_child(entry["id"], entry.get("run_id"))
            for entry in open_children(history)
            if not _child_requested(history, entry["id"])
        )
    if graceful and (open_activities(history) or open_children(history)):
        # Wait for them to close; they were asked once (features §6.3).
        return decisions, False
    decisions.append(WorkflowExecutionDecision("cancel"))
    return decisions, True


def resume_cancel_activity(history: History, activity_id: str) -> futures.Future | None:
    """The future of an activity cancellation (features §6.5); None to send the request."""
    entry = history.activities.get(activity_id)
    if entry is not None:
        cause = entry.get("request_cancel_failed_cause")
        if cause:
            return _outcomes.finished(exception=TaskFailed(name=activity_id, reason=cause))
        if entry.get("cancel_requested") or entry.get("state") not in _OPEN_ACTIVITY:
            return _outcomes.finished(None)
    return None


def resume_cancel_child(history: History, workflow_id: str) -> futures.Future | None:
    """The future of a child cancellation request (features §6.1); None to send it."""
    entry = history.external_workflows_canceling.get(workflow_id)
    if entry is None:
        return None
    state = entry.get("state")
    if state == "execution_cancel_requested":
        return _outcomes.finished(None)
    if state == "request_cancel_execution_failed":
        return _outcomes.finished(exception=TaskFailed(name=workflow_id, reason=entry.get("cause")))
    return _outcomes.running()
