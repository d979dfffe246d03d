"""Statistics and printable tables of workflow executions (`WorkflowStats`, `pretty`)."""

from __future__ import annotations

from simpleflow.swf.stats import pretty
from simpleflow.swf.stats.base import WorkflowStats

__all__ = ["WorkflowStats", "pretty"]
