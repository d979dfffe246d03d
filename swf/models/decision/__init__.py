"""Decision builders: each class produces the dicts of ``RespondDecisionTaskCompleted``."""

from __future__ import annotations

from swf.models.decision.marker import MarkerDecision
from swf.models.decision.task import ActivityTaskDecision
from swf.models.decision.timer import TimerDecision
from swf.models.decision.workflow import (
    ChildWorkflowExecutionDecision,
    ExternalWorkflowExecutionDecision,
    WorkflowExecutionDecision,
)

__all__ = [
    "ActivityTaskDecision",
    "ChildWorkflowExecutionDecision",
    "ExternalWorkflowExecutionDecision",
    "MarkerDecision",
    "TimerDecision",
    "WorkflowExecutionDecision",
]
