"""Failures of activities and children in the replay: `on_task_failure`, delayed retries
through timers and `RetryPolicy` (features §9)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from simpleflow import format as _format
from simpleflow import futures
from simpleflow._failure_context import TaskFailureContext
from simpleflow.exceptions import (
    TaskCanceled,
    TaskException,
    TaskFailed,
    TaskTerminated,
    TimeoutError,
    WorkflowException,
)
from simpleflow.swf._ids import shorten_task_id
from swf.models.decision import TimerDecision

if TYPE_CHECKING:
    from simpleflow.history import History

logger = logging.getLogger(__name__)

__all__ = ["FailureHandler", "retry_timer_id"]

RETRY_TIMER_PREFIX = "__simpleflow_task_"

Decision = TaskFailureContext.Decision


def retry_timer_id(task_id: str) -> str:
    """`__simpleflow_task_<task id>`, shortened like task ids ([fix]: 0.36 sent long ids)."""
    return shorten_task_id(f"{RETRY_TIMER_PREFIX}{task_id}")


def _is_child(task: Any) -> bool:
    return hasattr(task, "workflow") and not hasattr(task, "activity")


def _raises(task: Any) -> bool:
    if task.raises_on_failure is not None:
        return bool(task.raises_on_failure)
    if _is_child(task):
        return bool(getattr(task.workflow, "raises_on_failure", True))
    return bool(task.activity.raises_on_failure)


def _retry_count_limit(task: Any) -> int:
    payload = task.workflow if _is_child(task) else task.activity
    return int(getattr(payload, "retry", 0) or 0)


def error_type_names(exc: BaseException | None, event: dict[str, Any]) -> set[str]:
    """The names `non_retryable_error_types` is matched against (features §9.4)."""
    names: set[str] = set()
    if isinstance(exc, TimeoutError):
        names.update({"TimeoutError", f"TimeoutError.{exc.timeout_type}"})
    elif isinstance(exc, TaskCanceled):
        names.add("TaskCanceled")
    elif isinstance(exc, TaskTerminated):
        names.add("TaskTerminated")
    elif isinstance(exc, TaskFailed):
        if event.get("state") == "start_failed":
            names.add(f"StartChildWorkflowExecutionFailed.{event.get('cause')}")
        details = exc.details
        if isinstance(details, str):
            import json

            try:
                details = json.loads(details)
            except ValueError:
                details = None
        if isinstance(details, dict):
            for key in ("error", "error_type"):
                if isinstance(details.get(key), str):
                    names.add(details[key])
    return names


class FailureHandler:
    """Decides what a failed task's future becomes, once per failure event per replay."""

    def __init__(self, workflow: Any, history: History) -> None:
        self.workflow = workflow
        self.history = history
        self._handled: dict[Any, TaskFailureContext] = {}

    def associated_timer(self, task: Any, event: dict[str, Any]) -> dict[str, Any] | None:
        """The retry timer started after this attempt was scheduled, if any (§9.3)."""
        timer = self.history.timers.get(retry_timer_id(task.id))
        if timer is None:
            return None
        started_after = timer.get("decision_task_completed_event_id") or 0
        scheduled_by = event.get("decision_task_completed_event_id") or 0
        return timer if started_after > scheduled_by else None

    def handle(self, task: Any, event: dict[str, Any], future: futures.Future) -> Any:
        """The future to return, `None` to reschedule now, or a `RetryLater(seconds)`.

        Raises:
            TaskException, WorkflowException: the failure is raised into the workflow.
            TaskFailed: the retry timer could not be started.
        """
        timer = self.associated_timer(task, event)
        if timer is not None:
            state = timer.get("state")
            if state == "started":
                return futures.Future()
            if state in ("fired", "canceled"):
                control = timer.get("control")
                if isinstance(control, dict):
                    task.args = list(control.get("args", task.args))
                    task.kwargs = dict(control.get("kwargs", task.kwargs))
                return None
            if state == "start_failed":
                raise TaskFailed("timer", timer["id"], timer.get("cause"))
        exception_class: type[BaseException] = (
            WorkflowException if _is_child(task) else TaskException
        )
        key = (task.id, _event_key(event))
        context = self._handled.get(key)
        if context is None:
            context = TaskFailureContext(task, event, future, exception_class, self.history)
            hook = getattr(self.workflow, "on_task_failure", None)
            returned = hook(context) if hook is not None else None
            if returned is not None:
                context = returned
            self._handled[key] = context
        return self._outcome(context)

    def _outcome(self, context: TaskFailureContext) -> Any:
        decision = context.decision
        task = context.a_task
        if decision == Decision.none:
            return self._default(context)
        if decision == Decision.abort:
            return self._exhausted(context)
        if decision == Decision.ignore:
            context.future.set_exception(None)
            return context.future
        if decision == Decision.cancel:
            context.future.set_cancelled()
            return context.future
        if decision == Decision.retry_now or (
            decision == Decision.retry_later and not context.retry_wait_timeout
        ):
            return None
        if decision == Decision.retry_later:
            return RetryLater(task, int(context.retry_wait_timeout))
        if decision == Decision.handled:
            return context.future
        raise ValueError(f"Unexpected TaskFailureValue decision: {decision!r}")

    def _policy(self, task: Any) -> Any:
        if getattr(task, "retry_policy", None) is not None:
            return task.retry_policy
        payload = task.workflow if _is_child(task) else task.activity
        own = getattr(payload, "retry_policy", None)
        if own is not None:
            return own
        return getattr(self.workflow, "default_retry_policy", None)

    def _default(self, context: TaskFailureContext) -> Any:
        task, event = context.a_task, context.event
        policy = self._policy(task)
        if policy is None:
            # `>=` on purpose: lowering `retry` in redeployed code must not retry forever.
            if event.get("retry", 0) >= _retry_count_limit(task):
                return self._exhausted(context)
            return None
        attempts = int(event.get("retry", 0)) + 1
        if error_type_names(context.exception, event) & set(policy.non_retryable_error_types):
            return self._exhausted(context)
        delay = policy.next_delay(attempts)
        if delay is None:
            return self._exhausted(context)
        if delay == 0:
            return None
        return RetryLater(task, delay)

    def _exhausted(self, context: TaskFailureContext) -> Any:
        if _raises(context.a_task):
            raise context.exception_class(context.a_task, context.exception)
        return context.future


def _event_key(event: dict[str, Any]) -> Any:
    from simpleflow.history import History

    return History.get_event_id(event), event.get("retry"), event.get("state")


class RetryLater:
    """Start the delayed-retry timer of `task` (features §9.3)."""

    __slots__ = ("delay", "task")

    def __init__(self, task: Any, delay: int) -> None:
        self.task = task
        self.delay = delay

    def decision(self) -> TimerDecision:
        control = _format.control({"args": self.task.args, "kwargs": self.task.kwargs})
        return TimerDecision(
            "start", retry_timer_id(self.task.id), str(self.delay), control=control
        )
