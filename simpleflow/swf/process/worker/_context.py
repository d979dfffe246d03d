"""The context a worker gives a class-based activity (``self.context``), features §6.4.

The keys are those of ``activity.rerun`` (features §12.2) plus ``cancel_requested``: a
callable that sends a heartbeat and answers whether the workflow asked to cancel the task,
so that a long activity can stop cleanly by raising ``TaskCanceled`` instead of being killed
by its supervisor.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)

__all__ = ["activity_context"]


def activity_context(
    poller: Any, token: str, task: Any, args: list[Any], kwargs: dict[str, Any]
) -> dict[str, Any]:
    """The context of the activity task ``task`` polled with ``token`` by ``poller``."""
    activity_type = getattr(task, "activity_type", None)
    execution = getattr(task, "workflow_execution", None)
    return {
        "name": getattr(activity_type, "name", None),
        "version": getattr(activity_type, "version", None),
        "activity_id": getattr(task, "activity_id", None),
        "input": {"args": list(args), "kwargs": dict(kwargs)},
        "workflow_id": getattr(execution, "workflow_id", None),
        "run_id": getattr(execution, "run_id", None),
        "cancel_requested": _cancel_requested(poller, token),
    }


def _cancel_requested(poller: Any, token: str) -> Callable[[], bool]:
    def cancel_requested() -> bool:
        """Send a heartbeat; True once the workflow requested the task's cancellation.

        Also True when SWF no longer knows the task (it timed out, or the execution
        closed): its result would be refused anyway. A heartbeat that cannot be sent
        (SWF unreachable) is logged and answers False.
        """
        from swf.exceptions import DoesNotExistError

        try:
            response = poller.heartbeat(token)
        except DoesNotExistError as err:
            logger.info("activity task is no longer known to SWF: %s", err)
            return True
        except Exception as err:  # noqa: BLE001 - the activity goes on; the next call retries
            logger.warning("cannot send the activity's heartbeat: %s", err)
            return False
        return bool((response or {}).get("cancelRequested"))

    return cancel_requested
