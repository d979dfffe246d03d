"""Signals in the replay: sending, waiting and propagation (features §3)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from simpleflow import format as _format
from simpleflow import futures
from simpleflow.exceptions import TaskFailed
from simpleflow.swf import _outcomes
from swf.models.decision import ExternalWorkflowExecutionDecision

if TYPE_CHECKING:
    from simpleflow.history import History
    from simpleflow.swf.task import SignalTask

logger = logging.getLogger(__name__)

__all__ = ["propagation_targets", "resume_signal", "signal_decision", "signal_input"]


def signal_input(args: Any, kwargs: Any, propagate: Any) -> dict[str, Any]:
    """`{"args", "kwargs", "__propagate"}`: a bool, or `str()` of another value (0.36)."""
    return {
        "args": list(args),
        "kwargs": dict(kwargs),
        "__propagate": propagate if isinstance(propagate, bool) else str(propagate),
    }


def signal_decision(
    name: str, workflow_id: str | None, run_id: str | None, input: dict[str, Any]
) -> ExternalWorkflowExecutionDecision:
    decision = ExternalWorkflowExecutionDecision(
        "signal", signal_name=name, workflow_id=workflow_id, run_id=run_id
    )
    # The builder encodes `input` with `json.dumps`; simpleflow's wire JSON is json_dumps.
    # Over SWF's limit: a jumbo field on S3 (features §11).
    decision[decision.attributes_key]["input"] = _format.input(input)
    return decision


def target(task: SignalTask, context: dict[str, Any]) -> tuple[str | None, str | None, bool]:
    """`(workflow id, run id, is this execution)` of a signal."""
    if not task.workflow_id:
        return context.get("workflow_id"), context.get("run_id"), True
    return task.workflow_id, task.run_id, False


def resume_signal(
    history: History, task: SignalTask, context: dict[str, Any]
) -> futures.Future | None:
    """The future of a sent signal (features §3.3); None to send it.

    [fix] A signal initiated but not yet delivered, or one that failed, is never sent again
    (0.36 re-sent both, the second one forever).
    """
    workflow_id, run_id, is_self = target(task, context)
    if is_self:
        received = history.signals.get(task.name)
        if received is not None:
            return _outcomes.finished(received["input"])
    sent = history.external_workflows_signaling
    for initiated_id in sorted(sent, reverse=True):
        entry = sent[initiated_id]
        if entry["signal_name"] != task.name or entry["id"] != workflow_id:
            continue
        if run_id is not None and entry.get("run_id") != run_id:
            continue
        state = entry["state"]
        if state == "execution_signaled":
            return _outcomes.finished(entry.get("input"))
        if state == "signal_execution_failed":
            return _outcomes.finished(
                exception=TaskFailed(name=task.name, reason=entry.get("cause"))
            )
        return _outcomes.running()
    return None


def propagation_targets(
    history: History, name: str, signal: dict[str, Any], parent: tuple[Any, Any] | None
) -> list[tuple[str, str | None]]:
    """The executions a received signal `name` still has to be passed on to (§3.5).

    Sorted by (workflow id, run id) so that every replay picks the same one first.
    """
    targets: set[tuple[Any, Any]] = set()
    if parent is not None and parent[0]:
        targets.add(parent)
    for entry in history.child_workflows.values():
        if entry.get("state") == "started":
            targets.add((entry.get("workflow_id") or entry["id"], entry.get("run_id")))
    for entry in history.signaled_workflows.get(name, ()):
        targets.discard((entry.get("workflow_id"), entry.get("run_id")))
    # Sent but not delivered yet, or failed: not again (same rule as `resume_signal`).
    for entry in history.external_workflows_signaling.values():
        if entry["signal_name"] == name and entry["state"] != "execution_signaled":
            targets.discard((entry["id"], entry.get("run_id")))
    targets.discard((signal.get("external_workflow_id"), signal.get("external_run_id")))
    return sorted(targets, key=lambda pair: (str(pair[0]), str(pair[1])))
