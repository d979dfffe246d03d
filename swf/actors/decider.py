"""The decider actor: polls decision tasks and answers them."""

from __future__ import annotations

import logging
from typing import Any

from swf._paging import pages
from swf.actors import _history_cache
from swf.actors.core import Actor, _translated_error
from swf.exceptions import PollTimeout, SWFResponseError
from swf.models.history import History
from swf.models.workflow import WorkflowExecution, WorkflowType
from swf.responses import Response

__all__ = ["Decider"]

logger = logging.getLogger(__name__)


class Decider(Actor):
    """Polls the decision tasks of a task list and sends back decisions.

    Args:
        domain: the ``Domain``.
        task_list: the decision task list.

    ``history_cache`` (None: off) is an opt-in ``swf.actors._history_cache.HistoryCache``:
    ``poll`` then fetches and builds only the events a run appended since this process last
    polled one of its decision tasks. Simpleflow's ``DeciderPoller`` sets one.
    """

    history_cache: _history_cache.HistoryCache | None = None

    def complete(
        self,
        task_token: str,
        decisions: list[Any] | None = None,
        execution_context: str | None = None,
    ) -> None:
        """Answer a decision task with ``decisions``.

        Raises:
            DoesNotExistError: the task (or its execution) is gone.
            ResponseError: any other SWF fault.
        """
        try:
            self.connection.respond_decision_task_completed(
                task_token, decisions, execution_context
            )
        except SWFResponseError as err:
            raise _translated_error(
                err, f"Unable to complete decision task with token: {task_token}.\n"
            ) from err
        if self.history_cache is not None:
            self.history_cache.completed(task_token, decisions)

    def poll(
        self, task_list: str | None = None, identity: str | None = None, **kwargs: Any
    ) -> Response:
        """Wait for a decision task and fetch its whole history.

        Args:
            task_list: defaults to the decider's task list.
            identity: sent to SWF (shown in the history).
            **kwargs: ``maximum_page_size`` or ``reverse_order``.

        Returns:
            ``Response(token=..., history=History, execution=WorkflowExecution)``.

        Raises:
            PollTimeout: no task came within SWF's long poll.
            DoesNotExistError: the domain is unknown.
            ResponseError: any other SWF fault.
        """
        task_list = task_list or self.task_list
        if self.history_cache is not None and not kwargs:
            history = self._poll_cached(self.history_cache, task_list, identity)
            task = history.task
            events = history.raw
            built = History(events=history.events, raw=events, memo=history.memo)
        else:
            task = self._poll_page(task_list, identity, **kwargs)
            if not task.get("taskToken"):
                raise PollTimeout("Decider poll timed out")
            events = []
            for page in pages(self._poll_page, task_list, identity, first=task, **kwargs):
                if not page.get("taskToken"):
                    raise PollTimeout("Decider poll timed out while fetching the history pages")
                events.extend(page.get("events", []))
            built = History.from_event_list(events)

        token = task["taskToken"]
        execution = task["workflowExecution"]
        workflow_type = task["workflowType"]
        logger.debug(
            "polled decision task for workflow %s (run %s) in domain %s, task list %s",
            execution["workflowId"],
            execution["runId"],
            self.domain.name,
            task_list,
        )
        return Response(
            token=token,
            history=built,
            execution=WorkflowExecution(
                domain=self.domain,
                workflow_id=execution["workflowId"],
                run_id=execution["runId"],
                workflow_type=WorkflowType(
                    domain=self.domain,
                    name=workflow_type["name"],
                    version=workflow_type["version"],
                    connection=self.connection,
                ),
                connection=self.connection,
            ),
        )

    def _poll_cached(
        self, cache: _history_cache.HistoryCache, task_list: str, identity: str | None
    ) -> _history_cache.Polled:
        def poll_page(token: str | None, reverse: bool, size: int) -> dict[str, Any]:
            return self._poll_page(
                task_list,
                identity,
                next_page_token=token,
                reverse_order=reverse or None,
                maximum_page_size=size or None,
            )

        def history_page(workflow_id: str, run_id: str, token: str | None) -> dict[str, Any]:
            return self.connection.get_workflow_execution_history(
                self.domain.name, run_id, workflow_id, next_page_token=token
            )

        try:
            return cache.poll(poll_page, history_page)
        except _history_cache.PollTimedOut as err:
            raise PollTimeout(" ".join(("Decider poll timed out", *err.args)).strip()) from None

    def _poll_page(self, task_list: str, identity: str | None, **kwargs: Any) -> dict[str, Any]:
        try:
            return self.connection.poll_for_decision_task(
                self.domain.name, task_list=task_list, identity=identity, **kwargs
            )
        except SWFResponseError as err:
            raise _translated_error(err, "Unable to poll decision task.\n") from err
