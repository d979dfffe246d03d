"""Display helpers of the inspection commands: each returns ``(header, rows)`` for
`simpleflow.swf.stats.pretty.formatted` (cli spec §3.1).

Re-exported by `simpleflow.swf.helpers`, which is why the lookups of that module are
imported inside the functions (no import cycle).

SWF list calls accept at most one of the workflow id, type and tag filters, and moto's
server ignores them all: the listing helpers send at most one to SWF and apply every
requested filter to the answer themselves, newest execution first.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

from simpleflow.swf.stats import pretty

__all__ = [
    "filter_workflow_executions",
    "get_task",
    "list_workflow_executions",
    "show_workflow_info",
    "show_workflow_profile",
    "show_workflow_status",
]

logger = logging.getLogger(__name__)

_STATUS_OPEN = "OPEN"
_STATUS_CLOSED = "CLOSED"
_DEFAULT_DAYS = 30


def _execution(domain_name: str, workflow_id: str, run_id: str | None) -> Any:
    from simpleflow.swf.helpers import get_workflow_execution
    from swf.exceptions import DoesNotExistError
    from swf.models import Domain

    try:
        return get_workflow_execution(domain_name, workflow_id, run_id)
    except DoesNotExistError:
        # Describing a run in an unknown domain reads as "execution not found": say what
        # is really missing (one more call, on the error path only).
        if not Domain(domain_name).exists:
            raise DoesNotExistError(f"Unknown domain: {domain_name}") from None
        raise


def show_workflow_info(
    domain_name: str, workflow_id: str, run_id: str | None = None
) -> tuple[Any, Any]:
    """The `pretty.info` table of an execution (the latest run without ``run_id``).

    Raises:
        swf.exceptions.DoesNotExistError: no such execution.
    """
    return pretty.info(_execution(domain_name, workflow_id, run_id))


def show_workflow_profile(
    domain_name: str, workflow_id: str, run_id: str | None = None, nb_tasks: int | None = None
) -> tuple[Any, Any]:
    """The `pretty.profile` table of an execution: its ``nb_tasks`` slowest tasks.

    Raises:
        swf.exceptions.DoesNotExistError: no such execution.
    """
    return pretty.profile(_execution(domain_name, workflow_id, run_id), nb_tasks)


def show_workflow_status(
    domain_name: str, workflow_id: str, run_id: str | None = None, nb_tasks: int | None = None
) -> tuple[Any, Any]:
    """The `pretty.status` table of an execution: its ``nb_tasks`` most recent tasks.

    Raises:
        swf.exceptions.DoesNotExistError: no such execution.
    """
    return pretty.status(_execution(domain_name, workflow_id, run_id), nb_tasks)


def get_task(domain_name: str, workflow_id: str, task_id: str, details: bool) -> tuple[Any, Any]:
    """The `pretty.get_task` table of activity ``task_id`` in the latest run of a workflow.

    Raises:
        swf.exceptions.DoesNotExistError: no such execution, or no such task in it.
    """
    return pretty.get_task(_execution(domain_name, workflow_id, None), task_id, details)


def list_workflow_executions(domain_name: str, *args: Any, **kwargs: Any) -> tuple[Any, Any]:
    """The `pretty.list` table of the executions of a domain, newest first.

    Args:
        domain_name: the SWF domain.
        *args: ``status`` (``'OPEN'``, the default, or ``'CLOSED'``) and
            ``start_oldest_date``, as for `WorkflowExecutionQuerySet.all`.
        **kwargs: the same, by name; ``start_oldest_date`` is in days (default 30).
    """
    from swf.models import Domain
    from swf.querysets import WorkflowExecutionQuerySet

    names = ("status", "start_oldest_date")
    options = {**dict(zip(names, args, strict=False)), **kwargs}
    status = str(options.pop("status", _STATUS_OPEN)).upper()
    days = options.pop("start_oldest_date", _DEFAULT_DAYS)
    queryset = WorkflowExecutionQuerySet(Domain(domain_name))
    executions = queryset.all(status, days, **options)
    return pretty.list(_select(executions, status=status, days=days))


def filter_workflow_executions(
    domain_name: str,
    status: str,
    tag: str | None,
    workflow_id: str | None,
    workflow_type_name: str | None,
    workflow_type_version: str | None,
    *args: Any,
    **kwargs: Any,
) -> tuple[Any, Any]:
    """The `pretty.list_details` table of the executions matching every filter, newest first.

    Args:
        domain_name: the SWF domain.
        status: ``'OPEN'`` or ``'CLOSED'``.
        tag: a tag the executions carry.
        workflow_id: the exact workflow id.
        workflow_type_name: the workflow type name.
        workflow_type_version: the workflow type version (with the name).
        *args: passed to `WorkflowExecutionQuerySet.filter`.
        **kwargs: ``oldest_date`` (``OPEN``) or ``start_oldest_date`` (``CLOSED``) in days
            (default 30), ``close_status`` (``CLOSED``), and the other date filters of
            `WorkflowExecutionQuerySet.filter`.

    Raises:
        ValueError: a type version without a type name.
    """
    from swf.models import Domain
    from swf.querysets import WorkflowExecutionQuerySet

    if workflow_type_version and not workflow_type_name:
        raise ValueError("a workflow type version needs a workflow type name")
    status = status.upper()
    day_option = "oldest_date" if status == _STATUS_OPEN else "start_oldest_date"
    kwargs.setdefault(day_option, _DEFAULT_DAYS)
    days = kwargs[day_option]
    close_status = kwargs.get("close_status")

    # One server-side filter at most (SWF rejects combinations): id, then type, then tag.
    # The others, and every filter moto ignores, are applied by ``_select``.
    server: dict[str, Any] = {}
    if workflow_id:
        server["workflow_id"] = workflow_id
    elif workflow_type_name and workflow_type_version:
        # Without a version the type filter stays client-side: moto's server fails on a
        # type filter that has no version (real SWF accepts it).
        server["workflow_type_name"] = workflow_type_name
        server["workflow_type_version"] = workflow_type_version
    elif tag:
        server["tag"] = tag
    queryset = WorkflowExecutionQuerySet(Domain(domain_name))
    executions = queryset.filter(status, *args, **{**kwargs, **server})
    return pretty.list_details(
        _select(
            executions,
            status=status,
            days=days,
            workflow_id=workflow_id,
            workflow_type_name=workflow_type_name,
            workflow_type_version=workflow_type_version,
            tag=tag,
            close_status=close_status,
        )
    )


def _select(
    executions: Iterable[Any],
    status: str,
    days: Any = None,
    workflow_id: str | None = None,
    workflow_type_name: str | None = None,
    workflow_type_version: str | None = None,
    tag: str | None = None,
    close_status: str | None = None,
) -> list[Any]:
    """The executions matching every given filter, most recently started first."""
    oldest = _oldest_start(days)

    def matches(execution: Any) -> bool:
        workflow_type = execution.workflow_type
        start = _utc(execution.start_timestamp)
        checks = (
            execution.status == status,
            workflow_id is None or execution.workflow_id == workflow_id,
            workflow_type_name is None
            or getattr(workflow_type, "name", None) == workflow_type_name,
            workflow_type_version is None
            or getattr(workflow_type, "version", None) == workflow_type_version,
            tag is None or tag in (execution.tag_list or ()),
            close_status is None or execution.close_status == close_status,
            oldest is None or start is None or start >= oldest,
        )
        return all(checks)

    selected = [execution for execution in executions if matches(execution)]
    selected.sort(key=_start_key, reverse=True)
    return selected


def _oldest_start(days: Any) -> datetime | None:
    if not days:
        return None
    from swf.utils import datetime_timestamp, past_day

    return datetime.fromtimestamp(datetime_timestamp(past_day(int(days))), tz=timezone.utc)


def _utc(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, tz=timezone.utc)
    return None


def _start_key(execution: Any) -> float:
    start = _utc(execution.start_timestamp)
    return start.timestamp() if start is not None else float("-inf")
