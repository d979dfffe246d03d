"""``workflow.cancel``: ask SWF to cancel an execution (features §6.1)."""

from __future__ import annotations

import logging

import click

from simpleflow._cli.base import cli
from simpleflow._cli.signal_command import call_execution_api

logger = logging.getLogger(__name__)


@cli.command(
    "workflow.cancel",
    help="Request the cancellation of a workflow execution.\n\n"
    "Records a cancel request on the execution WORKFLOW_ID (its open run unless RUN_ID is "
    "given); its decider then cancels it (see Workflow.should_cancel). Prints nothing on "
    "success; exits 1 with 'Execution not found' when it is closed or unknown.",
)
@click.argument("workflow_id")
@click.argument("run_id", required=False)
@click.option(
    "--domain", "-d", envvar="SWF_DOMAIN", required=True, help="SWF domain (default: $SWF_DOMAIN)."
)
def cancel_workflow(workflow_id: str, run_id: str | None, domain: str) -> None:
    from swf.core import ConnectedSWFObject

    connection = ConnectedSWFObject().connection
    call_execution_api(
        "cancel the execution",
        lambda: connection.request_cancel_workflow_execution(domain, workflow_id, run_id=run_id),
    )
    logger.info("requested the cancellation of %s %s in domain %s", workflow_id, run_id, domain)
