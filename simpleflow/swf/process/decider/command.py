"""Entry point of ``simpleflow decider.start``."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from typing import Any

from simpleflow.swf.process._logging import configure_process_logging
from simpleflow.swf.process.decider.helpers import make_decider

logger = logging.getLogger(__name__)

__all__ = ["start"]


def start(
    workflows: Sequence[str],
    domain: str,
    task_list: str | None,
    log_level: str | None = None,
    nb_processes: int | None = None,
    repair_with: Any = None,
    force_activities: str | None = None,
    is_standalone: bool = False,
) -> None:
    """Run decider processes for ``workflows`` until they are stopped.

    Args:
        workflows: workflow class paths, all on the same domain and task list.
        domain: the SWF domain name.
        task_list: the decision task list (``None``: the workflows' common ``task_list``).
        log_level: deprecated and ignored (set ``LOG_LEVEL`` instead).
        nb_processes: number of poller processes (``None``/0: one per CPU).
        repair_with: parsed history of an execution to repair (one workflow only).
        force_activities: regex of task ids re-executed in repair mode.
        is_standalone: schedule every activity on ``task_list`` (``standalone`` mode).

    Raises:
        SystemExit: status 1 when a poller failed (e.g. unknown domain).
    """
    configure_process_logging()
    if log_level:
        logger.warning(
            "log_level %r is deprecated and ignored: set the LOG_LEVEL environment variable "
            "instead",
            log_level,
        )
    decider = make_decider(
        list(workflows),
        domain,
        task_list,
        nb_processes,
        repair_with=repair_with,
        force_activities=force_activities,
        is_standalone=is_standalone,
    )
    status = decider.start()
    if status:
        sys.exit(status)
