"""The activity worker actor: polls activity tasks and reports their outcome."""

from __future__ import annotations

import logging
from typing import Any

from swf import format
from swf.actors.core import Actor, _translated_error
from swf.exceptions import PollTimeout, SWFResponseError
from swf.models.activity import ActivityTask
from swf.models.domain import Domain

__all__ = ["ActivityWorker"]

logger = logging.getLogger(__name__)


class ActivityWorker(Actor):
    """Polls the activity tasks of a task list and reports their outcome.

    Errors: ``DoesNotExistError`` when SWF no longer knows the task or its execution
    (heartbeat loops stop on it), ``ResponseError`` for any other fault (retryable).

    Args:
        domain: the ``Domain``.
        task_list: the activity task list.
        identity: sent to SWF with each poll (shown in the history).
    """

    def __init__(self, domain: Domain, task_list: str, identity: str | None = None) -> None:
        super().__init__(domain, task_list)
        self._identity = identity

    def cancel(self, task_token: str, details: str | None = None) -> Any:
        """Report the task as canceled."""
        try:
            return self.connection.respond_activity_task_canceled(task_token, details)
        except SWFResponseError as err:
            raise _translated_error(
                err, f"Unable to cancel activity task with token: {task_token}.\n"
            ) from err

    def complete(self, task_token: str, result: str | None = None) -> Any:
        """Report the task as completed with ``result`` (callers truncate it)."""
        try:
            return self.connection.respond_activity_task_completed(task_token, result)
        except SWFResponseError as err:
            raise _translated_error(
                err, f"Unable to complete activity task with token: {task_token}.\n"
            ) from err

    def fail(self, task_token: str, details: str | None = None, reason: str | None = None) -> Any:
        """Report the task as failed; ``details`` and ``reason`` are cut to SWF limits."""
        try:
            return self.connection.respond_activity_task_failed(
                task_token, details=format.details(details), reason=format.reason(reason)
            )
        except SWFResponseError as err:
            raise _translated_error(
                err, f"Unable to fail activity task with token: {task_token}.\n"
            ) from err

    def heartbeat(self, task_token: str, details: str | None = None) -> dict[str, Any]:
        """Record a heartbeat; returns e.g. ``{'cancelRequested': False}``."""
        try:
            return self.connection.record_activity_task_heartbeat(task_token, details)
        except SWFResponseError as err:
            raise _translated_error(
                err, f"Unable to send activity task {task_token} heartbeat.\n"
            ) from err

    def poll(
        self, task_list: str | None = None, identity: str | None = None
    ) -> tuple[str, ActivityTask]:
        """Wait for an activity task.

        Args:
            task_list: defaults to the worker's task list.
            identity: defaults to the worker's identity.

        Returns:
            ``(task_token, ActivityTask)``.

        Raises:
            PollTimeout: no task came within SWF's long poll.
            DoesNotExistError: the domain is unknown.
            ResponseError: any other SWF fault.
        """
        task_list = task_list or self.task_list
        try:
            data = self.connection.poll_for_activity_task(
                self.domain.name, task_list, identity=identity or self._identity
            )
        except SWFResponseError as err:
            raise _translated_error(err, "Unable to poll activity task.\n") from err

        token = data.get("taskToken")
        if not token:
            raise PollTimeout("Activity Worker poll timed out")
        logger.debug(
            "polled activity task %s of workflow %s in domain %s, task list %s",
            data.get("activityId"),
            (data.get("workflowExecution") or {}).get("workflowId"),
            self.domain.name,
            task_list,
        )
        return token, ActivityTask.from_poll(self.domain, task_list, data)
