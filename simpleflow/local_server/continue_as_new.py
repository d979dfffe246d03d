"""``ContinueAsNewWorkflowExecution``: close this run, start the next one (§15, §20.4).

What moto does: ``NotImplementedError`` and no ``WorkflowExecutionContinuedAsNew`` event.
What real SWF does: the old run records ``WorkflowExecutionContinuedAsNew``
(``newExecutionRunId``) and closes ``CONTINUED_AS_NEW``; the new run, same workflowId, starts
with ``continuedExecutionRunId``; unset attributes take the workflow type's registered
defaults (not the old run's values). What we change: all of it. A child that continues as
new stays its parent's child (the parent sees the final close of the last run).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from .children import parent_of
from .decision_tasks import HANDLERS
from .execution import Execution

if TYPE_CHECKING:
    from .engine import Engine


def _continue(engine: Engine, ex: Execution, attrs: dict[str, Any], completed: int) -> None:
    from .starting import begin, resolve

    workflow_type = {
        "name": ex.workflow_type["name"],
        "version": attrs.get("workflowTypeVersion") or ex.workflow_type["version"],
    }
    # [verify] §15: tags are not carried over unless given. Choice: not carried (the docs
    # describe no inheritance; only the attributes of the decision and the type defaults).
    fields = resolve(engine, ex.domain, workflow_type, attrs)
    if isinstance(fields, str):
        cause = fields if fields != "OPEN_WORKFLOWS_LIMIT_EXCEEDED" else "OPERATION_NOT_PERMITTED"
        engine.record(
            ex,
            "ContinueAsNewWorkflowExecutionFailed",
            {"cause": cause, "decisionTaskCompletedEventId": completed},
        )
        return
    found = parent_of(engine, ex)
    new_run_id = uuid.uuid4().hex  # the closing event names the new run
    engine.close(
        ex,
        "CONTINUED_AS_NEW",
        {
            "input": fields["input"],
            "decisionTaskCompletedEventId": completed,
            "newExecutionRunId": new_run_id,
            "executionStartToCloseTimeout": fields["execution_timeout"],
            "taskList": {"name": fields["task_list"]},
            "taskPriority": fields["task_priority"],
            "taskStartToCloseTimeout": fields["task_timeout"],
            "childPolicy": fields["child_policy"],
            "tagList": fields["tag_list"] or None,
            "workflowType": workflow_type,
            "lambdaRole": fields["lambda_role"],
        },
    )
    new = begin(
        engine,
        ex.domain,
        ex.workflow_id,
        fields,
        parent=found[0] if found else None,
        parent_initiated_event_id=ex.parent_initiated_event_id if found else 0,
        continued_from=ex.run_id,
        run_id=new_run_id,
    )
    if found:
        found[1].run_id = new.run_id


HANDLERS["ContinueAsNewWorkflowExecution"] = _continue
