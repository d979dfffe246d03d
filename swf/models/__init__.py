"""The connected models of SWF resources (domains, types, executions, tasks)."""

from __future__ import annotations

# ``decision`` is imported so that ``import swf.models`` reaches ``swf.models.decision.X``.
from swf.models import decision
from swf.models.activity import ActivityTask, ActivityType
from swf.models.base import BaseModel
from swf.models.domain import Domain
from swf.models.history import History
from swf.models.workflow import WorkflowExecution, WorkflowType

__all__ = [
    "ActivityTask",
    "ActivityType",
    "BaseModel",
    "Domain",
    "History",
    "WorkflowExecution",
    "WorkflowType",
]
