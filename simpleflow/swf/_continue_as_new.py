"""`continue_as_new` in the replay (features §7)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simpleflow import format as _format
from simpleflow import settings
from simpleflow.swf._tags import resolve_tag_list
from swf.models.decision import WorkflowExecutionDecision

if TYPE_CHECKING:
    from simpleflow.history import History
    from simpleflow.task import ContinueAsNewWorkflowTask

__all__ = ["continue_as_new_decision", "fatal_failure_cause"]

#: `ContinueAsNewWorkflowExecutionFailed` causes that submitting again cannot cure.
_FATAL_CAUSES = frozenset({"WORKFLOW_TYPE_DOES_NOT_EXIST", "WORKFLOW_TYPE_DEPRECATED"})


def fatal_failure_cause(history: History) -> str | None:
    """The cause of a continue-as-new of the previous batch that retrying cannot cure."""
    for event in reversed(history.events):
        if event.type == "WorkflowExecution" and event.state == "continue_as_new_failed":
            if event.decision_task_completed_event_id != history.completed_decision_id:
                return None
            return str(event.cause) if event.cause in _FATAL_CAUSES else None
    return None


def _current_tags(workflow: Any, task: ContinueAsNewWorkflowTask, current: list[str]) -> Any:
    if (
        getattr(workflow, "get_tag_list", None) is None
        and getattr(workflow, "tag_list", None) is None
    ):
        # SWF does not carry tags over by itself (features §7.2) [ours].
        return current or None
    return resolve_tag_list(workflow, task.args, task.kwargs, current)


def continue_as_new_decision(
    task: ContinueAsNewWorkflowTask, workflow: Any, history: History, context: dict[str, Any]
) -> WorkflowExecutionDecision:
    """The `ContinueAsNewWorkflowExecution` decision of `task` (features §7.2)."""
    cls = task.workflow
    current_tags = list(context.get("tag_list") or history.workflow.get("tag_list") or [])
    execution_timeout = getattr(cls, "execution_timeout", None)
    decision_timeout = getattr(cls, "decision_tasks_timeout", None)
    decision = WorkflowExecutionDecision(
        "continue_as_new",
        child_policy=getattr(cls, "child_policy", None),
        execution_timeout=str(execution_timeout) if execution_timeout else None,
        task_timeout=str(decision_timeout)
        if decision_timeout
        else settings.WORKFLOW_DEFAULT_DECISION_TASK_TIMEOUT,
        input=None,
        tag_list=_current_tags(cls, task, current_tags),
        task_list=history.workflow.get("task_list"),
        workflow_type_version=getattr(cls, "version", None),
        task_priority=getattr(workflow, "task_priority", None),
    )
    decision[decision.attributes_key]["input"] = _format.input(
        {"args": task.args, "kwargs": task.kwargs}
    )
    return decision
