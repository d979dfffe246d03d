"""``workflow.terminate`` and ``workflow.restart``."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import click

from simpleflow._cli import _output
from simpleflow._cli.base import cli

if TYPE_CHECKING:
    from swf.models import WorkflowExecution

logger = logging.getLogger(__name__)


def _describe(domain: str, workflow_id: str, run_id: str | None) -> WorkflowExecution:
    from simpleflow.swf.helpers import get_workflow_execution

    return get_workflow_execution(domain, workflow_id, run_id)


def _is_closed(execution: WorkflowExecution) -> bool:
    return bool(execution.status == execution.STATUS_CLOSED)


def _terminate(domain: str, execution: WorkflowExecution) -> bool:
    """Terminate an open execution; return False if it turned out to be closed already."""
    from swf.exceptions import DoesNotExistError, ResponseError

    try:
        execution.terminate()
    except (DoesNotExistError, ResponseError):
        # It may have closed between the describe and the terminate call: SWF then
        # answers "Unknown execution". Anything else is a real failure.
        again = _describe(domain, execution.workflow_id, execution.run_id)
        if _is_closed(again):
            return False
        raise
    return True


def _already_closed(execution: WorkflowExecution) -> click.ClickException:
    return click.ClickException(
        f"execution {execution.workflow_id} {execution.run_id} is already closed"
    )


@cli.command(
    "workflow.terminate",
    help="Terminate a workflow execution.\n\n"
    "Terminate the execution WORKFLOW_ID of DOMAIN (its latest run, open ones first, "
    "unless RUN_ID is given). Prints nothing on success; fails if the execution is already closed.",
)
@click.argument("domain")
@click.argument("workflow_id")
@click.argument("run_id", required=False)
def terminate_workflow(domain: str, workflow_id: str, run_id: str | None) -> None:
    execution = _describe(domain, workflow_id, run_id)
    if _is_closed(execution) or not _terminate(domain, execution):
        raise _already_closed(execution)
    logger.info("terminated execution %s %s", execution.workflow_id, execution.run_id)


def _first_input(execution: WorkflowExecution) -> Any:
    history = execution.history()
    if not len(history):
        return None
    return history[0].input


@cli.command(
    "workflow.restart",
    help="Terminate an execution and start it again.\n\n"
    "Terminate the execution WORKFLOW_ID of DOMAIN (latest run unless RUN_ID is given; "
    "skipped if it is already closed) and start it again with the same workflow id, type, "
    "input, task list, timeouts and tags. Prints '<workflow_id> <new_run_id>' on stdout "
    "(with --format json: an object with workflow_id and run_id).",
)
@click.argument("domain")
@click.argument("workflow_id")
@click.argument("run_id", required=False)
def restart_workflow(domain: str, workflow_id: str, run_id: str | None) -> None:
    execution = _describe(domain, workflow_id, run_id)
    workflow_input = _first_input(execution)
    if _is_closed(execution) or not _terminate(domain, execution):
        logger.info(
            "execution %s %s is already closed: not terminating it",
            execution.workflow_id,
            execution.run_id,
        )
    else:
        logger.info("terminated execution %s %s", execution.workflow_id, execution.run_id)
    workflow_type = execution.workflow_type
    new_execution = workflow_type.start_execution(
        workflow_id=execution.workflow_id,
        task_list=execution.task_list,
        execution_timeout=execution.execution_timeout,
        input=workflow_input,
        tag_list=execution.tag_list or None,
        decision_tasks_timeout=execution.decision_tasks_timeout,
    )
    ctx = click.get_current_context()
    if _output.is_json(ctx):
        ids = {"workflow_id": new_execution.workflow_id, "run_id": new_execution.run_id}
        _output.echo_object(ctx, ids)
    else:
        click.echo(f"{new_execution.workflow_id} {new_execution.run_id}")
