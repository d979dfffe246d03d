"""Fetch an execution and the task rows of its history, through the ``swf`` layer.

The I/O edge of the progress line, the timeline command and the web view; the model
itself (``simpleflow._task_rows``) stays pure.
"""

from __future__ import annotations

from typing import Any

from simpleflow._task_rows import ExecutionRows, RowsBuilder, build_rows

__all__ = ["fetch_execution", "fetch_rows", "refresh_rows"]


def fetch_execution(domain_name: str, workflow_id: str, run_id: str | None = None) -> Any:
    """The described ``WorkflowExecution`` (the latest run without ``run_id``).

    Raises:
        swf.exceptions.DoesNotExistError: unknown execution, or unknown domain (the
            message then says so).
    """
    from simpleflow.swf.helpers import get_workflow_execution
    from swf.exceptions import DoesNotExistError
    from swf.models import Domain

    try:
        return get_workflow_execution(domain_name, workflow_id, run_id)
    except DoesNotExistError:
        if not Domain(domain_name).exists:
            raise DoesNotExistError(f"Unknown domain: {domain_name}") from None
        raise


def fetch_rows(execution: Any) -> tuple[ExecutionRows, Any]:
    """The rows of the execution's whole history, and that history (``swf`` ``History``)."""
    history = execution.history()
    return build_rows(history.events), history


def refresh_rows(execution: Any, builder: RowsBuilder) -> ExecutionRows:
    """Fetch the history again and feed the events ``builder`` has not seen yet."""
    return builder.feed(execution.history().events).snapshot()
