"""Starting and terminating executions: type defaults, ``tagList``/``taskPriority``, limits.

What moto does: ``WorkflowExecutionStarted`` lacks ``tagList`` and ``taskPriority`` (the
``taskPriority`` argument is not even parsed), no ``parentWorkflowExecution``, termination always
says ``cause: OPERATOR_INITIATED`` and ignores the child policy. What real SWF does (§16,
§17, §20.9, §20.16): the started event carries tags, priority and the parent; an operator
termination has no ``cause``; the child policy applies. What we change: all of it, in the
one start path shared by ``StartWorkflowExecution``, children and continue-as-new.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import _moto
from .execution import Execution
from .limits import (
    check_data,
    check_name,
    check_priority,
    check_tags,
    check_task_list,
    check_timeout,
)
from .timeouts import watch_execution

if TYPE_CHECKING:
    from .engine import Engine

_CHILD_POLICIES = ("TERMINATE", "REQUEST_CANCEL", "ABANDON")


def resolve(
    engine: Engine, domain_name: str, workflow_type: dict[str, str], attrs: dict[str, Any]
) -> dict[str, Any] | str:
    """The execution's settings (attributes, else the type's defaults), or a failure cause."""
    domain = engine.domain_of(domain_name)
    registered = _moto.get_type(domain, "workflow", workflow_type["name"], workflow_type["version"])
    if registered is None:
        return "WORKFLOW_TYPE_DOES_NOT_EXIST"
    if registered.status == "DEPRECATED":
        return "WORKFLOW_TYPE_DEPRECATED"
    execution_timeout = attrs.get("executionStartToCloseTimeout") or getattr(
        registered, "default_execution_start_to_close_timeout", None
    )
    if not execution_timeout:
        return "DEFAULT_EXECUTION_START_TO_CLOSE_TIMEOUT_UNDEFINED"
    task_list = (attrs.get("taskList") or {}).get("name") or registered.task_list
    if not task_list:
        return "DEFAULT_TASK_LIST_UNDEFINED"
    task_timeout = attrs.get("taskStartToCloseTimeout") or getattr(
        registered, "default_task_start_to_close_timeout", None
    )
    if not task_timeout:
        return "DEFAULT_TASK_START_TO_CLOSE_TIMEOUT_UNDEFINED"
    child_policy = attrs.get("childPolicy") or getattr(registered, "default_child_policy", None)
    if not child_policy:
        return "DEFAULT_CHILD_POLICY_UNDEFINED"
    if engine.count_open(domain_name) >= engine.settings.max_open_executions:
        return "OPEN_WORKFLOWS_LIMIT_EXCEEDED"
    priority = attrs.get("taskPriority")
    if priority is None:
        priority = getattr(registered, "default_task_priority", None)
    return {
        "workflow_type": {"name": workflow_type["name"], "version": workflow_type["version"]},
        "task_list": task_list,
        "task_priority": priority,
        "child_policy": child_policy,
        "execution_timeout": execution_timeout,
        "task_timeout": task_timeout,
        "tag_list": list(attrs.get("tagList") or []),
        "input": attrs.get("input"),
        "lambda_role": attrs.get("lambdaRole") or getattr(registered, "default_lambda_role", None),
    }


def begin(
    engine: Engine,
    domain_name: str,
    workflow_id: str,
    fields: dict[str, Any],
    parent: Execution | None = None,
    parent_initiated_event_id: int = 0,
    continued_from: str | None = None,
    run_id: str | None = None,
) -> Execution:
    """Create the execution, record ``WorkflowExecutionStarted`` (→ a decision task)."""
    execution = engine.new_execution(
        run_id=run_id,
        domain=domain_name,
        workflow_id=workflow_id,
        parent=parent.ref() if parent is not None else None,
        parent_initiated_event_id=parent_initiated_event_id,
        **fields,
    )
    engine.record(
        execution,
        "WorkflowExecutionStarted",
        {
            "input": execution.input,
            "executionStartToCloseTimeout": execution.execution_timeout,
            "taskStartToCloseTimeout": execution.task_timeout,
            "childPolicy": execution.child_policy,
            "taskList": {"name": execution.task_list},
            "taskPriority": execution.task_priority,
            "workflowType": dict(execution.workflow_type),
            "tagList": list(execution.tag_list) or None,
            "continuedExecutionRunId": continued_from,
            "parentWorkflowExecution": execution.parent,
            "parentInitiatedEventId": parent_initiated_event_id or None,
            "lambdaRole": execution.lambda_role,
        },
    )
    watch_execution(engine, execution)
    return execution


_FAULTS = {
    "WORKFLOW_TYPE_DOES_NOT_EXIST": ("UnknownResourceFault", "Unknown type: WorkflowType"),
    "WORKFLOW_TYPE_DEPRECATED": ("TypeDeprecatedFault", "WorkflowType is deprecated"),
    "OPEN_WORKFLOWS_LIMIT_EXCEEDED": ("LimitExceededFault", "too many open executions"),
}


def validate_start_attributes(engine: Engine, attrs: dict[str, Any], where: str = "") -> None:
    settings = engine.settings
    check_data(attrs.get("input"), f"{where}input", settings.max_data_length)
    check_tags(attrs.get("tagList"), f"{where}tagList", settings)
    check_priority(attrs.get("taskPriority"), f"{where}taskPriority")
    for key in ("executionStartToCloseTimeout", "taskStartToCloseTimeout"):
        check_timeout(attrs.get(key), f"{where}{key}")
    if attrs.get("taskList") is not None:
        check_task_list((attrs["taskList"] or {}).get("name"), f"{where}taskList.name", settings)
    policy = attrs.get("childPolicy")
    if policy is not None and policy not in _CHILD_POLICIES:
        raise _moto.validation(
            f"Invalid childPolicy {policy!r}: one of {', '.join(_CHILD_POLICIES)}"
        )


def start_workflow_execution(engine: Engine, params: dict[str, Any]) -> dict[str, Any]:
    domain_name = _require(params, "domain")
    workflow_id = _require(params, "workflowId")
    check_name(workflow_id, "workflowId", engine.settings)
    workflow_type = _workflow_type(params.get("workflowType"))
    validate_start_attributes(engine, params)
    domain = engine.domain_of(domain_name)
    if domain.status == "DEPRECATED":
        raise _moto.fault("DomainDeprecatedFault", domain_name)
    if engine.find(domain_name, workflow_id) is not None:
        raise _moto.fault(
            "WorkflowExecutionAlreadyStartedFault",
            f"an open execution with workflowId {workflow_id!r} exists",
        )
    fields = resolve(engine, domain_name, workflow_type, params)
    if isinstance(fields, str):
        name, message = _FAULTS.get(fields, ("DefaultUndefinedFault", fields))
        raise _moto.fault(name, f"{message} ({fields})")
    execution = begin(engine, domain_name, workflow_id, fields)
    return {"runId": execution.run_id}


def terminate_workflow_execution(engine: Engine, params: dict[str, Any]) -> None:
    from .children import apply_child_policy

    domain_name = _require(params, "domain")
    engine.domain_of(domain_name)
    execution = engine.get(
        domain_name,
        {"workflowId": params.get("workflowId"), "runId": params.get("runId")},
        must_be_open=True,
    )
    check_data(params.get("reason"), "reason", engine.settings.max_reason_length)
    check_data(params.get("details"), "details", engine.settings.max_data_length)
    policy = params.get("childPolicy") or execution.child_policy
    if policy not in _CHILD_POLICIES:
        raise _moto.validation(f"Invalid childPolicy {policy!r}")
    # An operator termination records no ``cause`` (§16, §20.16).
    engine.close(
        execution,
        "TERMINATED",
        {"reason": params.get("reason"), "details": params.get("details"), "childPolicy": policy},
    )
    apply_child_policy(engine, execution, policy)


def _require(params: dict[str, Any], name: str) -> Any:
    value = params.get(name)
    if value in (None, ""):
        raise _moto.validation(
            f"Value null at '{name}' failed to satisfy constraint: Member must not be null"
        )
    return value


def _workflow_type(value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not value.get("name") or not value.get("version"):
        raise _moto.validation("workflowType needs a name and a version")
    return value


require = _require
