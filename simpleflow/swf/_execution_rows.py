"""Fetch an execution and the task rows of its history, through the ``swf`` layer.

The I/O edge of the progress line, the timeline command and the web view; the model
itself (``simpleflow._task_rows``) stays pure.
"""

from __future__ import annotations

from typing import Any

from simpleflow._task_rows import ExecutionRows, RowsBuilder, build_rows

__all__ = ["closing_event", "fetch_execution", "fetch_rows", "newest_events", "refresh_rows"]

#: Events per page when following a growing history backwards: a refresh reads the new
#: events (a few pages at most) instead of the whole history.
TAIL_PAGE_SIZE = 250


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


def newest_events(execution: Any, after: int) -> list[Any]:
    """The ``Event`` objects of the execution's history with an id above ``after``.

    Reads the history backwards from its end, down to ``after`` only; a backend that does
    not honour ``reverseOrder`` gets the whole history read the ordinary way.
    """
    from swf._paging import newest_events as newest_raw_events
    from swf.models.history import History

    raw = newest_raw_events(
        execution.connection.get_workflow_execution_history,
        execution.domain.name,
        execution.run_id,
        execution.workflow_id,
        after=after,
        page_size=TAIL_PAGE_SIZE,
    )
    if raw is None:
        return [event for event in execution.history().events if event.id > after]
    return list(History.from_event_list(raw).events)


def refresh_rows(execution: Any, builder: RowsBuilder) -> ExecutionRows:
    """Fetch the events ``builder`` has not seen yet and feed them."""
    return builder.feed(newest_events(execution, builder.last_event_id)).snapshot()


def closing_event(execution: Any, names: frozenset[str]) -> Any:
    """The last event of the history when its ``eventType`` is in ``names``, else None.

    One page of one event: a closed execution's last event is the one that closed it.
    """
    from swf.models.history import History

    page = execution.connection.get_workflow_execution_history(
        execution.domain.name,
        execution.run_id,
        execution.workflow_id,
        maximum_page_size=1,
        reverse_order=True,
    )
    events = History.from_event_list(page.get("events", [])[:1]).events
    if events and events[0].name in names:
        return events[0]
    return None
