"""Signals: the ``SignalWorkflowExecution`` call and ``SignalExternalWorkflowExecution``.

What moto does: the call reads ``input`` as required (a missing one is a ``KeyError``, HTTP
500) and the decision raises ``NotImplementedError``. What real SWF does (§15, §16, §20.2):
``input`` is optional; the decision records ``SignalExternalWorkflowExecutionInitiated``, then
``WorkflowExecutionSignaled`` in the target (with ``externalWorkflowExecution`` and
``externalInitiatedEventId``) and ``ExternalWorkflowExecutionSignaled`` in the sender, or
``SignalExternalWorkflowExecutionFailed`` (``UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION``) — the
target may be the sender itself. What we change: both, the delivery happening right after
the sender's batch is applied (SWF delivers asynchronously).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .decision_tasks import HANDLERS
from .execution import Execution
from .external import initiate_external
from .limits import check_data, check_name
from .starting import require

if TYPE_CHECKING:
    from .engine import Engine


def signal_workflow_execution(engine: Engine, params: dict[str, Any]) -> None:
    domain_name = require(params, "domain")
    engine.domain_of(domain_name)
    check_name(require(params, "signalName"), "signalName", engine.settings)
    check_data(params.get("input"), "input", engine.settings.max_data_length)
    target = engine.get(
        domain_name,
        {"workflowId": require(params, "workflowId"), "runId": params.get("runId")},
        must_be_open=True,
    )
    engine.record(
        target,
        "WorkflowExecutionSignaled",
        {"signalName": params["signalName"], "input": params.get("input")},
    )


def _signal_external(engine: Engine, ex: Execution, attrs: dict[str, Any], completed: int) -> None:
    def deliver(target: Execution, initiated: int) -> None:
        engine.record(
            target,
            "WorkflowExecutionSignaled",
            {
                "signalName": attrs["signalName"],
                "input": attrs.get("input"),
                "externalWorkflowExecution": ex.ref(),
                "externalInitiatedEventId": initiated,
            },
        )
        engine.record(
            ex,
            "ExternalWorkflowExecutionSignaled",
            {"workflowExecution": target.ref(), "initiatedEventId": initiated},
        )

    extra = {"signalName": attrs["signalName"], "input": attrs.get("input")}
    initiate_external(
        engine, ex, "SignalExternalWorkflowExecution", attrs, completed, extra, deliver
    )


HANDLERS["SignalExternalWorkflowExecution"] = _signal_external
