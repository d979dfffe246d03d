"""Child executions and child policies (features.md §17).

What moto does: ``StartChildWorkflowExecution`` raises ``NotImplementedError``; started events
never carry ``parentWorkflowExecution``; the child policy is a "TODO" on terminate and
timeout. What real SWF does: a child is an ordinary execution whose started event names its
parent; the parent records ``StartChildWorkflowExecutionInitiated``, then
``ChildWorkflowExecutionStarted`` and exactly one closing event, each triggering a decision
task; on terminate or timeout the parent's ``childPolicy`` applies to its open children. What
we change: all of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .decision_tasks import HANDLERS
from .execution import ChildLink, Execution

if TYPE_CHECKING:
    from .engine import Engine

_CHILD_CLOSE_EVENTS = {
    "COMPLETED": "ChildWorkflowExecutionCompleted",
    "FAILED": "ChildWorkflowExecutionFailed",
    "CANCELED": "ChildWorkflowExecutionCanceled",
    "TERMINATED": "ChildWorkflowExecutionTerminated",
    "TIMED_OUT": "ChildWorkflowExecutionTimedOut",
}


def _start_child(engine: Engine, ex: Execution, attrs: dict[str, Any], completed: int) -> None:
    from .starting import begin, resolve

    workflow_type = attrs["workflowType"]
    workflow_id = attrs["workflowId"]

    def failed(cause: str, initiated: int) -> None:
        engine.record(
            ex,
            "StartChildWorkflowExecutionFailed",
            {
                "workflowType": workflow_type,
                "workflowId": workflow_id,
                "cause": cause,
                "initiatedEventId": initiated,
                "decisionTaskCompletedEventId": completed,
                "control": attrs.get("control"),
            },
        )

    fields = resolve(engine, ex.domain, workflow_type, attrs)
    if isinstance(fields, str):
        # [verify] §15: initiatedEventId when no initiated event exists. Choice: 0 (the
        # attribute is required and no event id 0 exists, so 0 reads as "none").
        return failed(fields, 0)
    if len(ex.children) >= engine.settings.max_open_children:
        return failed("OPEN_CHILDREN_LIMIT_EXCEEDED", 0)
    initiated = engine.record(
        ex,
        "StartChildWorkflowExecutionInitiated",
        {
            "workflowId": workflow_id,
            "workflowType": workflow_type,
            "control": attrs.get("control"),
            "input": attrs.get("input"),
            "executionStartToCloseTimeout": fields["execution_timeout"],
            "taskList": {"name": fields["task_list"]},
            "taskPriority": fields["task_priority"],
            "decisionTaskCompletedEventId": completed,
            "childPolicy": fields["child_policy"],
            "taskStartToCloseTimeout": fields["task_timeout"],
            "tagList": fields["tag_list"] or None,
            "lambdaRole": attrs.get("lambdaRole"),
        },
    )
    link = ChildLink(workflow_id, dict(workflow_type), initiated)
    key = f"initiated-{initiated}"  # counts towards the open-children limit until it starts
    ex.children[key] = link

    def start() -> None:
        ex.children.pop(key, None)
        if not ex.is_open:
            return
        if engine.find(ex.domain, workflow_id) is not None or workflow_id in ex.children:
            failed("WORKFLOW_ALREADY_RUNNING", initiated)
            return
        ex.children[workflow_id] = link
        child = begin(
            engine, ex.domain, workflow_id, fields, parent=ex, parent_initiated_event_id=initiated
        )
        link.run_id = child.run_id
        link.started_event_id = engine.record(
            ex,
            "ChildWorkflowExecutionStarted",
            {
                "workflowExecution": child.ref(),
                "workflowType": dict(workflow_type),
                "initiatedEventId": initiated,
            },
        )

    engine.defer(start)


HANDLERS["StartChildWorkflowExecution"] = _start_child


def parent_of(engine: Engine, child: Execution) -> tuple[Execution, ChildLink] | None:
    if child.parent is None:
        return None
    parent = engine.find(child.domain, child.parent["workflowId"], child.parent["runId"])
    if parent is None:
        return None
    link = parent.children.get(child.workflow_id)
    if link is None or link.run_id != child.run_id:
        return None
    return parent, link


def notify_parent(engine: Engine, child: Execution) -> None:
    """Record the child's closing event in its parent (called when ``child`` closes)."""
    found = parent_of(engine, child)
    if found is None:
        return
    parent, link = found
    if child.close_status == "CONTINUED_AS_NEW":
        return  # the link moves to the new run (continue_as_new), same workflowId
    parent.children.pop(child.workflow_id, None)
    closing = child.events[-1][next(key for key in child.events[-1] if key.endswith("Attributes"))]
    attributes: dict[str, Any] = {
        "workflowExecution": child.ref(),
        "workflowType": dict(link.workflow_type),
        "initiatedEventId": link.initiated_event_id,
        "startedEventId": link.started_event_id,
    }
    status = child.close_status or ""
    if status == "COMPLETED":
        attributes["result"] = closing.get("result")
    elif status == "FAILED":
        attributes["reason"] = closing.get("reason")
        attributes["details"] = closing.get("details")
    elif status == "CANCELED":
        attributes["details"] = closing.get("details")
    elif status == "TIMED_OUT":
        attributes["timeoutType"] = "START_TO_CLOSE"
    engine.record(parent, _CHILD_CLOSE_EVENTS[status], attributes)


def apply_child_policy(engine: Engine, execution: Execution, policy: str) -> None:
    """TERMINATE / REQUEST_CANCEL / ABANDON the open children of a terminated or timed-out
    execution (§17; completing, failing, canceling or continuing leaves them running)."""
    from .cancellation import request_cancel

    for link in list(execution.children.values()):
        if link.run_id is None:
            continue
        child = engine.find(execution.domain, link.workflow_id, link.run_id)
        if child is None or not child.is_open:
            continue
        if policy == "TERMINATE":
            engine.close(
                child,
                "TERMINATED",
                {"childPolicy": child.child_policy, "cause": "CHILD_POLICY_APPLIED"},
            )
            apply_child_policy(engine, child, child.child_policy)
        elif policy == "REQUEST_CANCEL":
            request_cancel(engine, child, {"cause": "CHILD_POLICY_APPLIED"})
    execution.children.clear()
