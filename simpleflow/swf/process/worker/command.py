"""Entry point of ``simpleflow worker.start``."""

from __future__ import annotations

import sys

from simpleflow.swf.process._logging import configure_process_logging
from simpleflow.swf.process.decider.helpers import load_workflow
from simpleflow.swf.process.worker.base import ActivityPoller, Worker
from swf.models import Domain

__all__ = ["make_worker_poller", "start"]


def make_worker_poller(
    workflow: str, domain: str, task_list: str, heartbeat: int | float | None
) -> ActivityPoller:
    """An ``ActivityPoller`` for the activities of ``workflow`` (loading it registers them)."""
    return ActivityPoller(Domain(domain), task_list, load_workflow(domain, workflow), heartbeat)


def start(
    workflow: str,
    domain: str,
    task_list: str,
    nb_processes: int | None = None,
    heartbeat: int | float | None = 60,
) -> None:
    """Run activity worker processes until they are stopped.

    Args:
        workflow: workflow class path; importing it registers its activities.
        domain: the SWF domain name.
        task_list: the activity task list polled.
        nb_processes: number of poller processes (``None``/0: one per CPU).
        heartbeat: seconds between heartbeats of a running activity (0: none).

    Raises:
        SystemExit: status 1 when a poller failed (e.g. unknown domain).
    """
    configure_process_logging()
    worker = Worker(make_worker_poller(workflow, domain, task_list, heartbeat), nb_processes)
    status = worker.start()
    if status:
        sys.exit(status)
