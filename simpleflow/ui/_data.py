"""What the web view reads from SWF, through the ``swf`` layer: domains, one page of
executions, and executions with their rows (cached once closed).

SWF list calls accept at most one of the workflow id, type, tag and close-status filters,
and the local engine may ignore them: one is sent (workflow id, else type, else tag), and
every requested filter is applied to each page as well
(``simpleflow.swf._inspect._select``), so a page may show fewer than ``PAGE_SIZE``.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from simpleflow._task_rows import ExecutionRows

__all__ = [
    "CLOSE_STATUSES",
    "CachedExecution",
    "ExecutionCache",
    "ExecutionFilters",
    "list_domains",
    "list_executions",
]

CLOSE_STATUSES = (
    "COMPLETED",
    "FAILED",
    "CANCELED",
    "TERMINATED",
    "CONTINUED_AS_NEW",
    "TIMED_OUT",
)
PAGE_SIZE = 50
_CACHE_SIZE = 16


def list_domains(registration_status: str = "REGISTERED") -> list[Any]:
    """The domains with this registration status (``swf.models.Domain``), by name."""
    from swf.querysets import DomainQuerySet

    return sorted(DomainQuerySet().all(registration_status), key=lambda d: d.name)


@dataclass(frozen=True, slots=True)
class ExecutionFilters:
    """The filters of the executions page. ``status`` is ``OPEN``, ``CLOSED`` or a close
    status; times are UTC."""

    status: str = "OPEN"
    workflow_id: str | None = None
    type_name: str | None = None
    type_version: str | None = None
    tag: str | None = None
    started_after: datetime = field(
        default_factory=lambda: datetime.now(timezone.utc) - timedelta(days=30)
    )
    started_before: datetime | None = None

    @property
    def execution_status(self) -> str:
        return "OPEN" if self.status == "OPEN" else "CLOSED"

    @property
    def close_status(self) -> str | None:
        return self.status if self.status in CLOSE_STATUSES else None


def list_executions(
    domain_name: str, filters: ExecutionFilters, page_token: str | None = None
) -> tuple[list[Any], str | None]:
    """One page of executions (newest first) and the token of the next page.

    Raises:
        swf.exceptions.SWFResponseError: SWF refused the call (e.g. unknown domain).
    """
    from simpleflow.swf._inspect import _select
    from swf.models import Domain
    from swf.querysets import WorkflowExecutionQuerySet

    status = filters.execution_status
    server: dict[str, Any] = {}
    if filters.workflow_id:
        server["workflow_id"] = filters.workflow_id
    elif filters.type_name and filters.type_version:
        server["workflow_name"] = filters.type_name
        server["workflow_version"] = filters.type_version
    elif filters.tag:
        server["tag"] = filters.tag
    # The close status stays a client-side filter: the local engine answers a close-status
    # filter with nothing at all.
    latest = filters.started_before.timestamp() if filters.started_before else None
    times: dict[str, Any] = {"start_oldest_date": int(filters.started_after.timestamp())}
    if latest is not None:
        times["latest_date" if status == "OPEN" else "start_latest_date"] = int(latest)
    queryset = WorkflowExecutionQuerySet(Domain(domain_name))
    page = queryset.list_workflow_executions(
        status,
        domain=domain_name,
        maximum_page_size=PAGE_SIZE,
        next_page_token=page_token,
        **times,
        **server,
    )
    executions = [
        queryset.to_WorkflowExecution(queryset.domain, info)
        for info in page.get("executionInfos", [])
    ]
    selected = _select(
        executions,
        status=status,
        workflow_id=filters.workflow_id,
        workflow_type_name=filters.type_name,
        workflow_type_version=filters.type_version,
        tag=filters.tag,
        close_status=filters.close_status,
    )
    after = filters.started_after
    before = filters.started_before
    selected = [ex for ex in selected if _in_window(ex.start_timestamp, after, before)]
    return selected, page.get("nextPageToken") or None


def _in_window(start: Any, after: datetime, before: datetime | None) -> bool:
    if isinstance(start, (int, float)) and not isinstance(start, bool):
        start = datetime.fromtimestamp(start, tz=timezone.utc)
    if not isinstance(start, datetime):
        return True
    start = start if start.tzinfo else start.replace(tzinfo=timezone.utc)
    return start >= after and (before is None or start <= before)


@dataclass(frozen=True, slots=True)
class CachedExecution:
    """An execution, the rows and raw events of its history, and its timeline markup."""

    execution: Any
    rows: ExecutionRows
    raw_events: tuple[Any, ...]
    timeline_html: str

    @property
    def is_closed(self) -> bool:
        return self.execution.status == "CLOSED" and not self.rows.is_open


class ExecutionCache:
    """Fetches executions; keeps the closed ones (their history no longer changes)."""

    def __init__(self, size: int = _CACHE_SIZE) -> None:
        self._size = size
        self._entries: OrderedDict[tuple[str, str, str], CachedExecution] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, domain_name: str, workflow_id: str, run_id: str) -> CachedExecution:
        """The execution, fetched unless a closed one is cached.

        Raises:
            swf.exceptions.DoesNotExistError: unknown execution or domain.
        """
        key = (domain_name, workflow_id, run_id)
        with self._lock:
            cached = self._entries.get(key)
            if cached is not None:
                self._entries.move_to_end(key)
                return cached
        entry = self._fetch(domain_name, workflow_id, run_id)
        if entry.is_closed:
            with self._lock:
                self._entries[key] = entry
                while len(self._entries) > self._size:
                    self._entries.popitem(last=False)
        return entry

    def _fetch(self, domain_name: str, workflow_id: str, run_id: str) -> CachedExecution:
        from simpleflow.swf._execution_rows import fetch_execution, fetch_rows
        from simpleflow.timeline import html_fragment, layout

        execution = fetch_execution(domain_name, workflow_id, run_id)
        rows, history = fetch_rows(execution)
        raw = tuple(history.raw if history.raw is not None else (e.raw for e in history.events))
        placed = layout(rows, datetime.now(timezone.utc))
        timeline = html_fragment(placed, f"{workflow_id} {run_id}")
        return CachedExecution(execution, rows, raw, timeline)


def event_json(raw_event: Any) -> str:
    """One raw history event as indented JSON (timestamps as ISO 8601 text)."""
    return json.dumps(raw_event, indent=2, sort_keys=True, default=_json_default)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)
