"""Events of the workflow execution itself, of its children and of external executions."""

from __future__ import annotations

from swf.models.event.base import Event
from swf.models.event.compiler import CompiledEvent

__all__ = [
    "ChildWorkflowExecutionEvent",
    "CompiledChildWorkflowExecutionEvent",
    "CompiledExternalWorkflowExecutionEvent",
    "CompiledWorkflowExecutionEvent",
    "ExternalWorkflowExecutionEvent",
    "WorkflowExecutionEvent",
]


class WorkflowExecutionEvent(Event):
    """Events of the current execution (``WorkflowExecution*`` and the failed closes)."""

    _type = "WorkflowExecution"


class CompiledWorkflowExecutionEvent(CompiledEvent):
    """The life of the current execution."""

    _type = "WorkflowExecution"
    states = (
        "started",
        "signaled",
        "completed",
        "failed",
        "timed_out",
        "canceled",
        "terminated",
        "continued_as_new",
        "cancel_requested",
    )
    transitions = {
        "started": (
            "signaled",
            "failed",
            "timed_out",
            "canceled",
            "terminated",
            "continued_as_new",
            "completed",
        ),
        "signaled": ("signaled", "started", "continued_as_new"),
        "cancel_requested": ("canceled",),
    }
    initial_state = "started"


class ChildWorkflowExecutionEvent(Event):
    """``ChildWorkflowExecution*`` and ``StartChildWorkflowExecution*`` events."""

    _type = "ChildWorkflowExecution"


class CompiledChildWorkflowExecutionEvent(CompiledEvent):
    """The life of a child execution."""

    _type = "ChildWorkflowExecution"
    states = (
        "start_initiated",
        "start_failed",
        "started",
        "completed",
        "failed",
        "timed_out",
        "canceled",
        "terminated",
    )
    transitions = {
        "start_initiated": ("start_failed", "started"),
        "start_failed": ("failed",),
        # 0.11.9 forgot "completed" here.
        "started": ("canceled", "failed", "timed_out", "terminated", "completed"),
    }
    initial_state = "start_initiated"


class ExternalWorkflowExecutionEvent(Event):
    """Signal and cancellation requests sent to other executions.

    Their states come from matching on ``'ExternalWorkflow'`` (0.11.9 behaviour kept):
    ``SignalExternalWorkflowExecutionInitiated`` is ``'signal_execution_initiated'``.
    """

    _type = "ExternalWorkflowExecution"


class CompiledExternalWorkflowExecutionEvent(CompiledEvent):
    """The life of a request sent to another execution (0.11.9 state names)."""

    _type = "ExternalWorkflowExecution"
    states = (
        "signal_initiated",
        "signaled",
        "signal_failed",
        "request_cancel_initiated",
        "cancel_requested",
        "request_cancel_failed",
    )
    transitions = {
        "signal_initiated": ("signal_failed", "signaled"),
        "request_cancel_initiated": ("request_cancel_failed",),
        "cancel_requested": ("request_cancel_failed",),
    }
    initial_state = "signal_initiated"
