"""Workflow execution decisions: the current execution, child executions, external ones."""

from __future__ import annotations

import json
from typing import Any

from swf.models.decision.base import Decision, decision_action, format_priority

__all__ = [
    "ChildWorkflowExecutionDecision",
    "ExternalWorkflowExecutionDecision",
    "WorkflowExecutionDecision",
]

# Same value as swf.models.workflow.CHILD_POLICIES.TERMINATE; spelled out here because this
# pure layer does not import the connected models.
_TERMINATE = "TERMINATE"


class WorkflowExecutionDecision(Decision):
    """Builds the decisions that close or continue the current workflow execution."""

    _base_type = "WorkflowExecution"

    @decision_action
    def complete(self, result: Any = None) -> None:
        """Complete the execution with ``result`` (a string)."""
        self.update_attributes({"result": result})

    @decision_action
    def cancel(self, details: Any = None) -> None:
        """Close the execution as canceled."""
        self.update_attributes({"details": details})

    @decision_action
    def fail(self, details: Any = None, reason: Any = None) -> None:
        """Close the execution as failed with ``reason`` and ``details``."""
        self.update_attributes({"details": details, "reason": reason})

    @decision_action
    def terminate(self, reason: Any = None, details: Any = None) -> None:
        """Build a ``TerminateWorkflowExecution`` decision.

        SWF has no such decision type and rejects it: kept only for 0.11.9 compatibility.
        Terminate an execution through ``WorkflowExecution.terminate()`` instead.
        """
        self.update_attributes({"reason": reason, "details": details})

    @decision_action
    def continue_as_new(
        self,
        child_policy: str | None = None,
        execution_timeout: Any = None,
        task_timeout: Any = None,
        input: Any = None,
        tag_list: list[str] | None = None,
        task_list: str | None = None,
        workflow_type_version: str | None = None,
        task_priority: Any = None,
    ) -> None:
        """Close the execution and start a new run of the same workflow.

        ``input`` is always sent as ``json.dumps(input)``. ``task_list`` is sent as
        ``{'name': task_list}`` (0.11.9 sent the bare string, which SWF rejects) and
        omitted when falsy. ``task_priority`` is sent as ``str(int(p))`` when not None.
        """
        self.update_attributes(
            {
                "childPolicy": child_policy,
                "executionStartToCloseTimeout": execution_timeout,
                "taskStartToCloseTimeout": task_timeout,
                "input": json.dumps(input),
                "tagList": tag_list,
                "taskList": {"name": task_list} if task_list else None,
                "workflowTypeVersion": workflow_type_version,
                "taskPriority": format_priority(task_priority),
            }
        )


class ChildWorkflowExecutionDecision(Decision):
    """Builds ``StartChildWorkflowExecution`` decisions."""

    _base_type = "ChildWorkflowExecution"

    @decision_action
    def start(
        self,
        workflow_type: Any,
        workflow_id: str,
        child_policy: str | None = _TERMINATE,
        execution_timeout: Any = "300",
        task_timeout: Any = "300",
        control: Any = None,
        input: Any = None,
        tag_list: list[str] | None = None,
        task_list: str | None = None,
        task_priority: Any = None,
    ) -> None:
        """Start a child workflow execution.

        Args:
            workflow_type: an object with ``name`` and ``version`` (a ``WorkflowType``).
            workflow_id: the child's workflow id.
            child_policy: ``childPolicy`` (``'TERMINATE'`` by default).
            execution_timeout: ``executionStartToCloseTimeout``.
            task_timeout: ``taskStartToCloseTimeout``.
            control: data for the decider.
            input: always sent as ``json.dumps(input)``.
            tag_list: ``tagList``.
            task_list: ``taskList`` as ``{'name': task_list}``, omitted when None
                (SWF then uses the type's default task list).
            task_priority: ``taskPriority``, sent as ``str(int(p))`` when not None.
        """
        self.update_attributes(
            {
                "childPolicy": child_policy,
                "executionStartToCloseTimeout": execution_timeout,
                "taskStartToCloseTimeout": task_timeout,
                "control": control,
                "input": json.dumps(input),
                "tagList": tag_list,
                "taskList": {"name": task_list} if task_list is not None else None,
                "workflowId": workflow_id,
                "taskPriority": format_priority(task_priority),
                "workflowType": {"name": workflow_type.name, "version": workflow_type.version},
            }
        )


class ExternalWorkflowExecutionDecision(Decision):
    """Builds decisions that signal or cancel another workflow execution."""

    _base_type = "ExternalWorkflowExecution"

    @decision_action
    def request_cancel(
        self, workflow_id: str, control: Any = None, run_id: str | None = None
    ) -> None:
        """Ask for the cancellation of the execution ``workflow_id`` (and ``run_id``)."""
        self.update_attributes({"workflowId": workflow_id, "control": control, "runId": run_id})

    @decision_action
    def signal(
        self,
        signal_name: str,
        workflow_id: str,
        control: Any = None,
        input: Any = None,
        run_id: str | None = None,
    ) -> None:
        """Send the signal ``signal_name`` to the execution ``workflow_id``.

        ``input`` is always sent as ``json.dumps(input)``.
        """
        self.update_attributes(
            {
                "signalName": signal_name,
                "workflowId": workflow_id,
                "control": control,
                "input": json.dumps(input),
                "runId": run_id,
            }
        )
