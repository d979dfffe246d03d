"""``TaskFailureContext``: what ``Workflow.on_task_failure`` sees and decides (features §9.1)."""

from __future__ import annotations

import importlib
import json
from typing import Any

__all__ = ["TaskFailureContext"]


def _import_type(path: Any) -> Any:
    if not isinstance(path, str) or "." not in path:
        return None
    module_name, _, name = path.rpartition(".")
    try:
        return getattr(importlib.import_module(module_name), name)
    except (ImportError, AttributeError):
        return None


class TaskFailureContext:
    """A failed activity or child, and the decision the workflow takes about it."""

    class Decision:
        none = 0
        abort = 1
        ignore = 2
        retry_now = 3
        retry_later = 4
        cancel = 5
        handled = 6

    def __init__(
        self,
        a_task: Any,
        event: dict[str, Any],
        future: Any,
        exception_class: type[BaseException],
        history: Any = None,
    ) -> None:
        self.a_task = a_task
        self.event = event
        self.future = future
        self.exception_class = exception_class
        self.history = history
        self.decision = TaskFailureContext.Decision.none
        self.retry_wait_timeout: Any = None
        self.reason: Any = None
        self.details: Any = None
        self.task_error: Any = None
        self.task_message: Any = None
        self.task_error_type: Any = None
        self._parse_exception()

    def _parse_exception(self) -> None:
        from simpleflow.exceptions import TaskFailed

        exc = self.exception
        if isinstance(exc, TaskFailed):
            self.reason = exc.reason
            details = exc.details
            if isinstance(details, str):
                try:
                    details = json.loads(details)
                except ValueError:
                    pass
            self.details = details
            if isinstance(details, dict):
                self.task_error = details.get("error")
                self.task_message = details.get("message")
                self.task_error_type = _import_type(details.get("error_type"))
        elif exc is not None:
            self.reason = str(exc)

    @property
    def retry_count(self) -> Any:
        return self.event.get("retry")

    @property
    def attempt_number(self) -> int:
        return int(self.event.get("retry", 0)) + 1

    @property
    def payload(self) -> Any:
        return getattr(self.a_task, "activity", None) or getattr(self.a_task, "workflow", None)

    @property
    def task_name(self) -> Any:
        return getattr(self.payload, "name", None) or self.a_task.name

    @property
    def exception(self) -> Any:
        future = self.future
        return future.exception if future is not None and future.finished else None

    @property
    def current_started_decision_id(self) -> Any:
        return getattr(self.history, "started_decision_id", None)

    @property
    def last_completed_decision_id(self) -> Any:
        return getattr(self.history, "completed_decision_id", None)

    @property
    def id(self) -> Any:
        from simpleflow.history import History

        return History.get_event_id(self.event)

    def decide_abort(self) -> TaskFailureContext:
        self.decision = TaskFailureContext.Decision.abort
        return self

    def decide_ignore(self) -> TaskFailureContext:
        self.decision = TaskFailureContext.Decision.ignore
        return self

    def decide_cancel(self) -> TaskFailureContext:
        self.decision = TaskFailureContext.Decision.cancel
        return self

    def decide_retry(self, retry_wait_timeout: Any = 0) -> TaskFailureContext:
        if retry_wait_timeout:
            self.decision = TaskFailureContext.Decision.retry_later
            self.retry_wait_timeout = retry_wait_timeout
        else:
            self.decision = TaskFailureContext.Decision.retry_now
        return self

    def decide_handled(self, a_task: Any, future: Any = None) -> TaskFailureContext:
        self.a_task = a_task
        self.future = future
        self.decision = TaskFailureContext.Decision.handled
        return self

    def __repr__(self) -> str:
        return (
            f"<TaskFailureContext task={self.task_name!r} decision={self.decision} "
            f"reason={self.reason!r}>"
        )
