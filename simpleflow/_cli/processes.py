"""``decider.start`` and ``worker.start``: the long-running SWF processes."""

from __future__ import annotations

import logging

import click

from simpleflow._cli.base import cli, get_workflow

logger = logging.getLogger(__name__)

_LOG_LEVEL_HELP = "Deprecated and ignored: set the LOG_LEVEL environment variable instead."


def _warn_log_level(log_level: str | None) -> None:
    if log_level:
        logger.warning(
            "--log-level %r is deprecated and ignored: set the LOG_LEVEL environment "
            "variable instead (e.g. LOG_LEVEL=DEBUG)",
            log_level,
        )


def check_domain_exists(name: str) -> None:
    """Fail with one clear line (exit 1) when the domain is not registered.

    The CLI never registers domains (except ``standalone --local-server``).
    """
    from swf.models import Domain

    if not Domain(name).exists:
        raise click.ClickException(f"domain '{name}' does not exist")


def _check_nb_processes(
    ctx: click.Context, param: click.Parameter, value: int | None
) -> int | None:
    if value is not None and value < 0:
        raise click.BadParameter("must be 0 (one per CPU) or a positive number", ctx, param)
    return value


@cli.command(
    "decider.start",
    help="Run decider processes for workflows.\n\n"
    "Start decider processes for WORKFLOWS (one or more class paths such as "
    "examples.basic.BasicWorkflow). All the workflows must share a domain and a decision "
    "task list. Runs in the foreground until stopped with SIGTERM/SIGINT (graceful: the "
    "current poll and decision finish; a second signal kills the processes).",
)
@click.argument("workflows", nargs=-1, required=True)
@click.option(
    "--domain", "-d", envvar="SWF_DOMAIN", required=True, help="SWF domain (default: $SWF_DOMAIN)."
)
@click.option(
    "--task-list",
    help="Decision task list to poll (default: the task_list attribute shared by the workflows).",
)
@click.option(
    "--nb-processes",
    "-N",
    type=int,
    callback=_check_nb_processes,
    help="Number of poller processes (default: one per CPU).",
)
@click.option("--log-level", "-l", help=_LOG_LEVEL_HELP)
def start_decider(
    workflows: tuple[str, ...],
    domain: str,
    task_list: str | None,
    log_level: str | None,
    nb_processes: int | None,
) -> None:
    _warn_log_level(log_level)
    for path in workflows:
        get_workflow(path)  # usage error (exit 2) before any process is forked
    check_domain_exists(domain)
    from simpleflow.swf.process.decider import command as decider_command

    decider_command.start(list(workflows), domain, task_list, None, nb_processes)


@cli.command(
    "worker.start",
    help="Run activity worker processes.\n\n"
    "Start activity worker processes for the activities of WORKFLOW (a class path; "
    "importing its module registers its activities). Polls --task-list, runs one activity per "
    "process at a time and heartbeats while it runs. Runs in the foreground until stopped with "
    "SIGTERM/SIGINT (graceful: running activities finish; a second signal kills them).",
)
@click.argument("workflow")
@click.option(
    "--domain", "-d", envvar="SWF_DOMAIN", required=True, help="SWF domain (default: $SWF_DOMAIN)."
)
@click.option("--task-list", required=True, help="Activity task list to poll.")
@click.option(
    "--nb-processes",
    "-N",
    type=int,
    callback=_check_nb_processes,
    help="Number of poller processes (default: one per CPU).",
)
@click.option(
    "--heartbeat",
    type=click.IntRange(min=0),
    default=60,
    show_default=True,
    help="Seconds between heartbeats while an activity runs (0 disables heartbeats); keep it "
    "below the activities' heartbeat timeout.",
)
@click.option("--log-level", "-l", help=_LOG_LEVEL_HELP)
def start_worker(
    workflow: str,
    domain: str,
    task_list: str,
    log_level: str | None,
    nb_processes: int | None,
    heartbeat: int,
) -> None:
    _warn_log_level(log_level)
    get_workflow(workflow)  # usage error (exit 2) before any process is forked
    check_domain_exists(domain)
    from simpleflow.swf.process.worker import command as worker_command

    worker_command.start(workflow, domain, task_list, nb_processes, heartbeat)
