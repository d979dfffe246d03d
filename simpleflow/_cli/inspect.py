"""Inspection commands: ``workflow.info``, ``workflow.profile``, ``workflow.tasks``,
``workflow.list``, ``workflow.filter`` and ``task.info`` (cli spec §1.7–1.9).

Each prints one table on stdout, in the format chosen by the group options
``--format`` and ``--header``. An unknown execution, task or domain is reported as one
``Error:`` line on stderr with exit status 1 (by the group's error converter).
"""

from __future__ import annotations

import click

from simpleflow._cli.base import cli, with_format
from simpleflow.swf import _inspect

__all__ = ["filter_workflows", "info", "list_workflows", "profile", "status", "task_info"]

_STATUS_CHOICE = click.Choice(["open", "closed"], case_sensitive=False)
_NB_TASKS_HELP = "Show only the first N tasks (default: all)."
_STARTED_SINCE_HELP = "Only executions started in the last N days."


def _echo(text: str) -> None:
    """Print a formatted table; an empty table prints nothing."""
    if text:
        click.echo(text, nl=not text.endswith(("\n", "\r")))


def _execution_arguments(func: click.decorators.FC) -> click.decorators.FC:
    func = click.argument("run_id", required=False)(func)
    func = click.argument("workflow_id")(func)
    return click.argument("domain")(func)


@cli.command("workflow.info")
@_execution_arguments
@click.pass_context
def info(ctx: click.Context, domain: str, workflow_id: str, run_id: str | None) -> None:
    """Show a summary of a workflow execution.

    One row: domain, workflow type, decision task list, ids, tags, the time between the
    first and the last event of the history (seconds) and the workflow input. Without
    RUN_ID, the most recently started run of WORKFLOW_ID is shown (open runs first).
    """
    _echo(with_format(ctx)(_inspect.show_workflow_info)(domain, workflow_id, run_id))


@cli.command("workflow.profile")
@_execution_arguments
@click.option("--nb-tasks", "-n", type=click.IntRange(min=0), default=None, help=_NB_TASKS_HELP)
@click.pass_context
def profile(
    ctx: click.Context, domain: str, workflow_id: str, run_id: str | None, nb_tasks: int | None
) -> None:
    """Show how long each task of an execution ran.

    One row per task that ran, slowest first: when it was scheduled, started and ended,
    its waiting and running times (seconds) and its share of the execution time.
    """
    _echo(with_format(ctx)(_inspect.show_workflow_profile)(domain, workflow_id, run_id, nb_tasks))


@cli.command("workflow.tasks")
@_execution_arguments
@click.option("--nb-tasks", "-n", type=click.IntRange(min=0), default=None, help=_NB_TASKS_HELP)
@click.pass_context
def status(
    ctx: click.Context, domain: str, workflow_id: str, run_id: str | None, nb_tasks: int | None
) -> None:
    """Show the last state of each task of an execution.

    One row per activity or child workflow, most recent first: its name, last state,
    the time of that state and the time it was scheduled.
    """
    _echo(with_format(ctx)(_inspect.show_workflow_status)(domain, workflow_id, run_id, nb_tasks))


@cli.command("workflow.list")
@click.argument("domain")
@click.option(
    "--status", "-s", type=_STATUS_CHOICE, default="open", show_default=True, help="Status."
)
@click.option(
    "--started-since",
    "-d",
    type=click.IntRange(min=1),
    default=30,
    show_default=True,
    help=_STARTED_SINCE_HELP,
)
@click.pass_context
def list_workflows(ctx: click.Context, domain: str, status: str, started_since: int) -> None:
    """List the workflow executions of a domain.

    One row per execution, newest first: workflow id, workflow type and status.
    """
    _echo(
        with_format(ctx)(_inspect.list_workflow_executions)(
            domain, status=status.upper(), start_oldest_date=started_since
        )
    )


@cli.command("workflow.filter")
@click.argument("domain")
@click.option(
    "--status", "-s", type=_STATUS_CHOICE, default="open", show_default=True, help="Status."
)
@click.option("--tag", default=None, help="Only executions with this tag.")
@click.option("--workflow-id", default=None, help="Only executions with this workflow id.")
@click.option("--workflow-type-name", default=None, help="Only executions of this type.")
@click.option(
    "--workflow-type-version",
    default=None,
    help="Only executions of this type version (needs --workflow-type-name).",
)
@click.option(
    "--started-since",
    "-d",
    type=click.IntRange(min=1),
    default=30,
    show_default=True,
    help=_STARTED_SINCE_HELP,
)
@click.pass_context
def filter_workflows(
    ctx: click.Context,
    domain: str,
    status: str,
    tag: str | None,
    workflow_id: str | None,
    workflow_type_name: str | None,
    workflow_type_version: str | None,
    started_since: int,
) -> None:
    """List the executions of a domain that match filters.

    One row per execution, newest first, with its ids, type, status, close status and
    tags. Every filter given applies (several may be combined).
    """
    if workflow_type_version and not workflow_type_name:
        raise click.UsageError("--workflow-type-version needs --workflow-type-name")
    status = status.upper()
    day_option = "oldest_date" if status == "OPEN" else "start_oldest_date"
    _echo(
        with_format(ctx)(_inspect.filter_workflow_executions)(
            domain,
            status,
            tag,
            workflow_id,
            workflow_type_name,
            workflow_type_version,
            **{day_option: started_since},
        )
    )


@cli.command("task.info")
@click.argument("domain")
@click.argument("workflow_id")
@click.argument("task_id")
@click.option("--details/--no-details", default=False, help="Add the failure details column.")
@click.pass_context
def task_info(
    ctx: click.Context, domain: str, workflow_id: str, task_id: str, details: bool
) -> None:
    """Show one activity task of a workflow's latest run.

    TASK_ID is the activity id, e.g. activity-examples.basic.increment-1 (see
    workflow.profile). One row: type, id, activity name and version, last state and its
    time, input, result and failure reason.
    """
    _echo(with_format(ctx)(_inspect.get_task)(domain, workflow_id, task_id, details))
