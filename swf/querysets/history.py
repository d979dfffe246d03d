"""Queryset of workflow execution histories."""

from __future__ import annotations

from typing import Any

from swf._paging import pages
from swf.models.history import History
from swf.querysets.base import BaseQuerySet

__all__ = ["HistoryQuerySet"]


class HistoryQuerySet(BaseQuerySet):
    """Fetch the event history of executions of a domain.

    Args:
        domain: the ``Domain`` (not type-checked).
        *args: ignored.
        **kwargs: ``connection``, ``region`` and credentials (``ConnectedSWFObject``).
    """

    def __init__(self, domain: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.domain = domain

    def get(
        self,
        run_id: str,
        workflow_id: str,
        max_results: int | None = None,
        page_size: int = 100,
        reverse: bool = False,
    ) -> History:
        """Fetch pages of an execution's history until ``max_results`` events are read.

        Args:
            run_id: the run id.
            workflow_id: the workflow id.
            max_results: events wanted (default ``page_size``); the result is not
                truncated and may hold more.
            page_size: events per page.
            reverse: newest events first.
        """
        max_results = max_results or page_size
        if max_results < page_size:
            page_size = max_results

        events: list[dict[str, Any]] = []
        for page in pages(
            self.connection.get_workflow_execution_history,
            self.domain.name,
            run_id,
            workflow_id,
            maximum_page_size=page_size,
            reverse_order=reverse,
        ):
            events.extend(page.get("events", []))
            if len(events) >= max_results:
                break
        return History.from_event_list(events)
