"""Querysets: list, fetch and register SWF resources as models."""

from __future__ import annotations

from swf.querysets.activity import ActivityTypeQuerySet
from swf.querysets.domain import DomainQuerySet
from swf.querysets.history import HistoryQuerySet
from swf.querysets.workflow import WorkflowExecutionQuerySet, WorkflowTypeQuerySet

__all__ = [
    "ActivityTypeQuerySet",
    "DomainQuerySet",
    "HistoryQuerySet",
    "WorkflowExecutionQuerySet",
    "WorkflowTypeQuerySet",
]
