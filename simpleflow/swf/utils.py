"""History retrieval for repair mode (spec §17, cli spec §3.3)."""

from __future__ import annotations

from simpleflow.history import History

__all__ = ["get_workflow_history"]


def get_workflow_history(domain_name: str, workflow_id: str, run_id: str | None = None) -> History:
    """Return the complete history of an execution, **not parsed** (call `parse()`).

    Args:
        domain_name: SWF domain name.
        workflow_id: the workflow id.
        run_id: a run id; without it, the execution is chosen as by
            `simpleflow.swf.helpers.get_workflow_execution` (open first, most recent).

    Raises:
        swf.exceptions.DoesNotExistError: no such execution in the domain.
    """
    from simpleflow.swf.helpers import get_workflow_execution

    execution = get_workflow_execution(domain_name, workflow_id, run_id=run_id)
    history = History(execution.history())
    # Child ids embed the parent's ids: repair mode needs those of the repaired execution.
    history.repaired_workflow_id = execution.workflow_id  # type: ignore[attr-defined]
    history.repaired_run_id = execution.run_id  # type: ignore[attr-defined]
    return history
