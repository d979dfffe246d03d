"""Decisions aimed at another execution: ``SignalExternalWorkflowExecution`` and
``RequestCancelExternalWorkflowExecution`` (features §15).

Both record their ``…Initiated`` event in the sender at once, then, once the sender's batch is
applied (SWF delivers asynchronously), reach the target — the open run of ``workflowId``, or
the run ``runId`` — or record ``…Failed`` with ``UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION`` in the
sender.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .execution import Execution

if TYPE_CHECKING:
    from .engine import Engine


def initiate_external(
    engine: Engine,
    ex: Execution,
    decision: str,
    attrs: dict[str, Any],
    completed: int,
    extra: dict[str, Any],
    deliver: Callable[[Execution, int], None],
) -> None:
    """Record ``<decision>Initiated``; later call ``deliver(target, initiated event id)``.

    Args:
        decision: the decision type, e.g. ``"SignalExternalWorkflowExecution"``.
        extra: attributes of the initiated event beside the target and ``control``.
    """
    target_ref = {"workflowId": attrs["workflowId"], "runId": attrs.get("runId")}
    initiated = engine.record(
        ex,
        f"{decision}Initiated",
        {
            **target_ref,
            **extra,
            "control": attrs.get("control"),
            "decisionTaskCompletedEventId": completed,
        },
    )

    def reach_target() -> None:
        target = engine.find(ex.domain, attrs["workflowId"], attrs.get("runId"))
        if target is None or not target.is_open:
            engine.record(
                ex,
                f"{decision}Failed",
                {
                    **target_ref,
                    "cause": "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION",
                    "initiatedEventId": initiated,
                    "decisionTaskCompletedEventId": completed,
                    "control": attrs.get("control"),
                },
            )
            return
        deliver(target, initiated)

    engine.defer(reach_target)
