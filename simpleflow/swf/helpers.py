"""Execution lookups used by the CLI and by repair mode (cli spec §3.1)."""

from __future__ import annotations

from typing import Any

# The display helpers (cli spec §3.1) live in a private module; _inspect imports this
# module lazily, so importing them here creates no cycle.
from simpleflow.swf._inspect import (
    filter_workflow_executions,
    get_task,
    list_workflow_executions,
    show_workflow_info,
    show_workflow_profile,
    show_workflow_status,
)

__all__ = [
    "filter_workflow_executions",
    "get_task",
    "get_workflow_execution",
    "list_workflow_executions",
    "show_workflow_info",
    "show_workflow_profile",
    "show_workflow_status",
]

# Executions can run up to 366 days and SWF keeps closed ones up to 90 days after they
# close: a window this wide finds every execution SWF still knows (the querysets default to
# 30 days, which silently missed older closed executions).
_SEARCH_WINDOW_DAYS = 366 + 90 + 1


def _latest(executions: list[Any], workflow_id: str) -> Any:
    matching = [ex for ex in executions if ex.workflow_id == workflow_id]
    if not matching:
        return None
    return max(matching, key=lambda ex: ex.start_timestamp or 0)


def get_workflow_execution(domain_name: str, workflow_id: str, run_id: str | None = None) -> Any:
    """Return the `swf.models.WorkflowExecution` of a workflow id, described.

    Args:
        domain_name: SWF domain name.
        workflow_id: the workflow id.
        run_id: a run id; without it, the most recently started open execution is chosen,
            else the most recently started closed one.

    Raises:
        swf.exceptions.DoesNotExistError: no such execution in the domain.
    """
    from swf.exceptions import DoesNotExistError
    from swf.models import Domain, WorkflowExecution
    from swf.querysets import WorkflowExecutionQuerySet

    queryset = WorkflowExecutionQuerySet(Domain(domain_name))
    if run_id:
        try:
            return queryset.get(workflow_id, run_id)
        except DoesNotExistError:
            raise DoesNotExistError(
                f"execution {workflow_id} {run_id} not found in domain {domain_name}"
            ) from None

    execution = _latest(
        queryset.filter(
            status=WorkflowExecution.STATUS_OPEN,
            workflow_id=workflow_id,
            oldest_date=_SEARCH_WINDOW_DAYS,
        ),
        workflow_id,
    )
    if execution is None:
        execution = _latest(
            queryset.filter(
                status=WorkflowExecution.STATUS_CLOSED,
                workflow_id=workflow_id,
                start_oldest_date=_SEARCH_WINDOW_DAYS,
            ),
            workflow_id,
        )
    if execution is None:
        raise DoesNotExistError(
            f"no execution found for workflow id {workflow_id} in domain {domain_name}"
        )
    return queryset.get(workflow_id, execution.run_id)
