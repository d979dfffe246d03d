"""Worker side of activity cancellation (features §6.4).

When a heartbeat answers ``cancelRequested`` the worker terminates the activity's process
tree (SIGTERM, then SIGKILL after ``ACTIVITY_SIGTERM_WAIT_SEC``) and reports the task
canceled, so that it closes at once instead of lingering until it times out (0.36 only
killed the process). An activity that raises ``simpleflow.exceptions.TaskCanceled`` is
reported canceled with the exception's details instead of failed.
"""

from __future__ import annotations

import logging
from typing import Any

from simpleflow.utils import json_dumps

logger = logging.getLogger(__name__)

__all__ = ["ACTIVITY_SIGTERM_WAIT_SEC", "cancel_details", "report_canceled"]

#: Seconds between SIGTERM and SIGKILL of a canceled activity's processes.
ACTIVITY_SIGTERM_WAIT_SEC = 3.0


def cancel_details(pid: int | None) -> str:
    """The details of a task canceled because SWF asked: ``{"reason", "pid"}``."""
    return json_dumps({"reason": "cancel requested", "pid": pid})


def report_canceled(poller: Any, token: str, details: str | None, activity: str) -> None:
    """``RespondActivityTaskCanceled``; a closed execution is only logged (at INFO)."""
    from swf.exceptions import DoesNotExistError

    try:
        poller.cancel(token, details)
    except DoesNotExistError as err:
        logger.info("activity %s: the execution already closed: %s", activity, err)
    except Exception as err:  # noqa: BLE001 - logged; nothing else to do
        logger.error("activity %s: cannot report the task canceled: %s", activity, err)
    else:
        logger.info("activity %s: reported canceled", activity)
