"""``workflow.signal``: send a signal to an execution (features §3.7)."""

from __future__ import annotations

import json
import logging
from typing import Any

import click

from simpleflow._cli.base import cli

logger = logging.getLogger(__name__)

_UNKNOWN = "UnknownResourceFault"


def _signal_input(text: str | None, propagate: bool) -> dict[str, Any]:
    """`{"args", "kwargs", "__propagate"}` from the `--input` JSON (a list or an object)."""
    value: Any = None
    if text is not None:
        try:
            value = json.loads(text)
        except ValueError as err:
            raise click.BadParameter(f"not valid JSON ({err})", param_hint="--input") from None
    if value is None:
        args: list[Any] = []
        kwargs: dict[str, Any] = {}
    elif isinstance(value, list):
        args, kwargs = value, {}
    elif isinstance(value, dict):
        args, kwargs = [], value
    else:
        raise click.BadParameter(
            f"must be a JSON list (positional arguments) or object (keyword arguments), got "
            f"{text!r}",
            param_hint="--input",
        )
    return {"args": args, "kwargs": kwargs, "__propagate": propagate}


def call_execution_api(what: str, call: Any) -> None:
    """Run an SWF call on an execution; `Execution not found` for an unknown or closed one."""
    from swf.exceptions import SWFResponseError

    try:
        call()
    except SWFResponseError as err:
        if err.error_code == _UNKNOWN:
            raise click.ClickException("Execution not found") from None
        raise click.ClickException(f"cannot {what}: {err.message or err}") from None


@cli.command(
    "workflow.signal",
    help="Send a signal to a workflow execution.\n\n"
    "Send SIGNAL_NAME to the execution WORKFLOW_ID (its current open run unless --run-id "
    "is given). --input is a JSON list (positional arguments of the signal) or object "
    "(keyword arguments). Prints nothing on success; exits 1 with 'Execution not found' "
    "when the execution is closed or unknown.",
)
@click.argument("workflow_id")
@click.argument("signal_name")
@click.option(
    "--domain", "-d", envvar="SWF_DOMAIN", required=True, help="SWF domain (default: $SWF_DOMAIN)."
)
@click.option("--run-id", default=None, help="Run id of the execution (default: the open run).")
@click.option("--input", "input_text", default=None, help="Signal data, as JSON.")
@click.option(
    "--propagate/--no-propagate",
    default=False,
    show_default=True,
    help="Let the receiver pass the signal on to its parent and children.",
)
def signal_workflow(
    workflow_id: str,
    signal_name: str,
    domain: str,
    run_id: str | None,
    input_text: str | None,
    propagate: bool,
) -> None:
    from simpleflow._names import check_name
    from simpleflow.utils import json_dumps
    from swf.core import ConnectedSWFObject

    try:
        check_name(signal_name, "signal name")
    except (TypeError, ValueError) as err:
        raise click.BadParameter(str(err), param_hint="SIGNAL_NAME") from None
    from simpleflow import format as _format
    from simpleflow.storage import StorageError

    try:
        # Over SWF's limit: stored on S3 with a jumbo bucket, else one clear error.
        payload = _format.encode_json_text(
            json_dumps(_signal_input(input_text, propagate)), _format.MAX_INPUT_LENGTH, "input"
        )
    except (_format.JumboTooLargeError, StorageError) as err:
        raise click.ClickException(str(err)) from None
    connection = ConnectedSWFObject().connection
    call_execution_api(
        "signal the execution",
        lambda: connection.signal_workflow_execution(
            domain, signal_name, workflow_id, input=payload, run_id=run_id
        ),
    )
    logger.info("sent signal %s to %s %s in domain %s", signal_name, workflow_id, run_id, domain)
