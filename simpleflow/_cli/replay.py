"""``workflow.replay``: check the current code of a workflow against a recorded history.

Exit status: 0 when every decision point agrees, 1 on a divergence, 2 on bad input (an
unreadable file, JSON that is not a history, a workflow class that cannot be imported, a
history of another workflow type), each reported as one ``Error:`` line.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sys
from collections.abc import Iterator
from typing import Any

import click

from simpleflow._cli.base import cli, get_workflow

logger = logging.getLogger(__name__)

__all__ = ["replay_workflow"]

#: The replay core logs the failure of a replayed workflow with its traceback: noise here,
#: since the report shows the decision. Kept with LOG_LEVEL=DEBUG.
_CORE_LOGGER = "simpleflow.swf._replay"


class _BadInput(click.ClickException):
    """Bad input: one ``Error:`` line, exit status 2."""

    exit_code = 2


@contextlib.contextmanager
def _quiet_replay() -> Iterator[None]:
    """Keep stdout for the report: what workflow code prints goes to stderr."""
    core = logging.getLogger(_CORE_LOGGER)
    disabled = core.disabled
    core.disabled = not logger.isEnabledFor(logging.DEBUG)
    try:
        with contextlib.redirect_stdout(sys.stderr):
            yield
    finally:
        core.disabled = disabled


def _fetch(fetch: Any, domain: str, workflow_id: str, run_id: str | None) -> Any:
    """Fetch the history; failing to (no such execution or domain) is bad input: status 1
    must keep meaning "the code diverges"."""
    from simpleflow._cli.base import _library_error_message

    try:
        return fetch(domain, workflow_id, run_id)
    except click.ClickException as err:
        raise _BadInput(err.message) from None
    except Exception as err:
        message = _library_error_message(err, {"domain": domain})
        if message is None:
            raise
        raise _BadInput(message) from err


def _render(report: Any, fmt: str | None) -> str:
    if fmt == "json":
        return json.dumps(report.to_dict(), default=str)
    if fmt == "prettyjson":
        return json.dumps(report.to_dict(), default=str, indent=2)
    return str(report)


@cli.command("workflow.replay")
@click.argument("workflow")
@click.option(
    "--history",
    "history_file",
    type=click.Path(dir_okay=False, path_type=str),
    help='JSON file of the history: a list of SWF events or {"events": [...]} '
    "(workflow.history --output-format events, aws swf get-workflow-execution-history).",
)
@click.option("--domain", "-d", envvar="SWF_DOMAIN", help="SWF domain to fetch the history from.")
@click.option(
    "--workflow-id",
    help="Fetch the history of this execution (with --history: only names the execution; "
    "child workflow ids derive from it).",
)
@click.option("--run-id", help="Run id (default: the latest run of --workflow-id).")
@click.pass_context
def replay_workflow(
    ctx: click.Context,
    workflow: str,
    history_file: str | None,
    domain: str | None,
    workflow_id: str | None,
    run_id: str | None,
) -> None:
    """Replay a recorded history with the current code of WORKFLOW.

    At each decision point of the history (each DecisionTaskCompleted), the workflow is
    replayed on the events seen then, and the decisions it makes now are compared with
    the recorded ones (activities, children, timers, signals, markers, cancellations, by
    id, type and input, and the close decision). The first divergence is reported with
    the decision point's event id, both sets of decisions and a hint. Nothing runs: no
    activity, and no SWF call with --history. The report follows the group option
    --format (json for CI).

    \b
    Exit status: 0 all decision points agree, 1 divergence, 2 bad input (including an
    execution or domain that does not exist).
    """
    from simpleflow.testing import InvalidHistory, read_history_file, replay_history
    from simpleflow.testing._history_input import load_history

    if history_file is None and workflow_id is None:
        raise click.UsageError("give --history FILE, or --domain D --workflow-id W [--run-id R]")
    if history_file is None and not domain:
        raise click.UsageError("--domain (or SWF_DOMAIN) is required with --workflow-id")
    workflow_class = get_workflow(workflow)
    try:
        if history_file is not None:
            recorded = read_history_file(history_file)
        else:
            from simpleflow._cli.history import fetch_events

            assert domain is not None and workflow_id is not None
            execution, events = _fetch(fetch_events, domain, workflow_id, run_id)
            workflow_id, run_id = execution.workflow_id, execution.run_id
            recorded = load_history(
                events, source=f"execution {workflow_id} {run_id} of domain {domain}"
            )
        with _quiet_replay():
            report = replay_history(
                workflow_class,
                recorded,
                workflow_id=workflow_id,
                run_id=run_id,
                domain=domain or "replay",
            )
    except InvalidHistory as err:
        raise _BadInput(str(err)) from None
    click.echo(_render(report, ctx.find_root().params.get("format")))
    ctx.exit(0 if report.ok else 1)
