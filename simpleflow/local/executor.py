"""Run a workflow synchronously in the current process (``workflow.start --local``)."""

from __future__ import annotations

import json
import logging
import time
import traceback
import uuid
from typing import Any

from simpleflow import exceptions, executor, futures
from simpleflow import task as tasks
from simpleflow._reserved import NOT_GIVEN, pop_reserved
from simpleflow.local._flags import env_flag
from simpleflow.marker import Marker
from simpleflow.signal import WaitForSignal
from simpleflow.task import TaskFailureContext
from simpleflow.utils import issubclass_

logger = logging.getLogger(__name__)

#: Longest argument text logged (arguments may be large or carry secrets: DEBUG only).
_MAX_LOGGED_ARGUMENTS = 256


def _truncate(text: str, limit: int = _MAX_LOGGED_ARGUMENTS) -> str:
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text)} chars)"


def _finished(result: Any = None) -> futures.Future:
    future = futures.Future()
    future.set_finished(result)
    return future


#: `_hook` answer: try the task again.
_RETRY: Any = object()


class _ContinueAsNew(BaseException):
    """Raised by submitting ``continue_as_new``: a BaseException, so that an
    ``except Exception`` in workflow code does not swallow it (features §7.3)."""

    def __init__(self, args: list[Any], kwargs: dict[str, Any]) -> None:
        super().__init__(args, kwargs)
        self.args_ = args
        self.kwargs = kwargs


class Executor(executor.Executor):
    """Executes every task at submission, in this process.

    Differences with SWF, by design: the workflow hooks (``before_replay``,
    ``after_replay``, ``on_completed``, ``after_closed``) are not called and
    ``Workflow.fail()`` is a no-op (as in 0.11.9). Child workflows run inline, with the
    same executor (features §2.6). Markers are kept in memory; timers sleep unless
    ``SIMPLEFLOW_LOCAL_TIMERS_SLEEP`` is false (features §5.5).

    Change from 0.11.9: an activity's ``retry`` is applied (up to ``retry + 1`` attempts
    in a row, without delay), as on SWF. 0.11.9 ran each task once.
    """

    def __init__(self, workflow: Any) -> None:
        super().__init__(workflow)
        self._markers: list[Marker] = []
        # Inputs of the signals sent in this run, by name (the latest wins).
        self._signals: dict[str, dict[str, Any]] = {}
        # (workflow id, run id) of the running children, innermost last.
        self._children: list[tuple[str, str]] = []

    # 0.11.9 names the first parameter ``func`` here (``task`` in the base class).
    def submit(self, func: Any, *args: Any, **kwargs: Any) -> futures.Future:  # type: ignore[override]
        """Run ``func(*args, **kwargs)`` now and return its finished future.

        Raises:
            TypeError: ``func`` is not something this executor runs.
            ExecutionBlocked: an argument is a future that is not finished.
            TaskFailed: the task failed on every attempt and has ``raises_on_failure``.
        """
        from simpleflow.workflow import Workflow

        retry_policy = None
        if kwargs:
            # Priorities do not exist locally (features §8.2).
            pop_reserved(kwargs, "priority")
            retry_policy = pop_reserved(kwargs, "retry_policy")
            if retry_policy is NOT_GIVEN:
                retry_policy = None
        if issubclass_(func, Workflow):
            child = tasks.WorkflowTask(func, *args, **kwargs)
            child.retry_policy = retry_policy
            return self._run_child(child)
        if isinstance(func, tasks.WorkflowTask):
            return self._run_child(func)
        if isinstance(func, tasks.ActivityTask):
            return self._run_activity(func)
        if isinstance(func, tasks.ContinueAsNewWorkflowTask):
            raise _ContinueAsNew(func.args, func.kwargs)
        if isinstance(func, tasks.MarkerTask):
            self._markers.append(Marker(func.name, func.details))
            return _finished(None)
        if isinstance(func, tasks.TimerTask):
            if env_flag("SIMPLEFLOW_LOCAL_TIMERS_SLEEP", True):
                time.sleep(int(func.timeout))
            return _finished(None)
        if isinstance(
            func, (tasks.CancelTimerTask, tasks.CancelActivityTask, tasks.CancelChildTask)
        ):
            # No cancellation locally (features §6.6).
            return _finished(None)
        if isinstance(func, tasks.SignalTask):
            propagate = (func.extra_input or {}).get("__propagate", True)
            self._signals[func.name] = {
                "args": list(func.args),
                "kwargs": dict(func.kwargs),
                "__propagate": propagate if isinstance(propagate, bool) else str(propagate),
            }
            return _finished(None)
        if isinstance(func, WaitForSignal):
            if func.signal_name not in self._signals:
                raise NotImplementedError(
                    f"wait_signal({func.signal_name}) before signal was sent: unsupported by "
                    "the local executor"
                )
            return _finished(self._signals[func.signal_name])
        activity_task = tasks.ActivityTask(func, *args, **kwargs)
        activity_task.retry_policy = retry_policy
        return self._run_activity(activity_task)

    def _run_activity(self, task: tasks.ActivityTask) -> futures.Future:
        func = task.activity
        logger.info("executing task %s", func.name)
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "task %s arguments: args=%s, kwargs=%s",
                func.name,
                _truncate(repr(tuple(task.args))),
                _truncate(repr(task.kwargs)),
            )
        future = futures.Future()
        raises = (
            func.raises_on_failure if task.raises_on_failure is None else task.raises_on_failure
        )
        policy = self._policy(task, func)
        attempt = 0
        while True:
            attempt += 1
            try:
                result = task.execute()
            except exceptions.ExecutionBlocked:
                raise
            except Exception as err:
                hooked = self._hook(task, attempt, err, exceptions.TaskException)
                if hooked is _RETRY:
                    continue
                if hooked is not None:
                    return hooked
                if self._retry(func.name, policy, int(func.retry or 0), attempt, err):
                    continue
                logger.warning("task %s failed: %s: %s", func.name, type(err).__name__, err)
                logger.debug("traceback of task %s", func.name, exc_info=True)
                future._set_exception(err)
                if raises:
                    raise exceptions.TaskFailed(func.name, str(err)) from err
            else:
                future.set_finished(result)
            return future

    def _hook(self, task: Any, attempt: int, err: Exception, exception_class: Any) -> Any:
        """`on_task_failure` locally (features §9.6): a future, `_RETRY`, or None (default)."""
        hook = getattr(self._workflow, "on_task_failure", None)
        if hook is None:
            return None
        failed = futures.Future()
        failed.set_finished(None)
        failure = (
            err
            if isinstance(err, exceptions.TaskFailed)
            else exceptions.TaskFailed(task.name, str(err))
        )
        failed.set_exception(failure)
        event = {"type": "activity", "id": task.name, "state": "failed", "retry": attempt - 1}
        context = TaskFailureContext(task, event, failed, exception_class)
        context = hook(context) or context
        decision = context.decision
        if decision == TaskFailureContext.Decision.none:
            return None
        if decision in (
            TaskFailureContext.Decision.retry_now,
            TaskFailureContext.Decision.retry_later,
        ):
            delay = context.retry_wait_timeout or 0
            if delay and env_flag("SIMPLEFLOW_LOCAL_RETRY_SLEEP", False):
                time.sleep(int(delay))
            return _RETRY
        if decision == TaskFailureContext.Decision.ignore:
            context.future.set_exception(None)
            return context.future
        if decision == TaskFailureContext.Decision.cancel:
            context.future.set_cancelled()
            return context.future
        if decision == TaskFailureContext.Decision.handled:
            return context.future if context.future is not None else _RETRY
        if decision == TaskFailureContext.Decision.abort:
            raises = task.raises_on_failure
            if raises is None:
                payload = getattr(task, "activity", None) or task.workflow
                raises = getattr(payload, "raises_on_failure", False)
            if raises:
                raise failure from err
            return context.future
        raise ValueError(f"Unexpected TaskFailureValue decision: {decision!r}")

    def _policy(self, task: Any, payload: Any) -> Any:
        """The `RetryPolicy` of a task: given at submit, its own, or the workflow's."""
        return (
            task.retry_policy
            or getattr(payload, "retry_policy", None)
            or getattr(self._workflow, "default_retry_policy", None)
        )

    def _retry(self, name: str, policy: Any, retry: int, attempt: int, err: Exception) -> bool:
        """Whether to try again after `attempt` failed ones (features §9.6)."""
        if policy is None:
            again = attempt <= max(retry, 0)
            delay = 0
        else:
            error = type(err)
            names = {error.__name__, f"{error.__module__}.{error.__qualname__}"}
            blocked = bool(names & set(policy.non_retryable_error_types))
            next_delay = None if blocked else policy.next_delay(attempt)
            again, delay = next_delay is not None, next_delay or 0
        if again:
            logger.warning("task %s failed (attempt %d), retrying: %s", name, attempt, err)
            if delay and env_flag("SIMPLEFLOW_LOCAL_RETRY_SLEEP", False):
                time.sleep(delay)
        return again

    def _run_child(self, task: tasks.WorkflowTask) -> futures.Future:
        """Run a child workflow inline (features §2.6)."""
        workflow = task.workflow
        name = getattr(workflow, "name", None)
        workflow_id = task.custom_id or f"local_{str(name).lower()}"
        logger.info("executing child workflow %s (%s)", name, workflow_id)
        future = futures.Future()
        raises = task.raises_on_failure
        if raises is None:
            raises = getattr(workflow, "raises_on_failure", True)
        policy = self._policy(task, workflow)
        attempt = 0
        while True:
            attempt += 1
            self._children.append((workflow_id, str(uuid.uuid4())))
            try:
                result = workflow(self).run(*task.args, **task.kwargs)
            except exceptions.ExecutionBlocked:
                raise
            except Exception as err:
                hooked = self._hook(task, attempt, err, exceptions.WorkflowException)
                if hooked is _RETRY:
                    continue
                if hooked is not None:
                    return hooked
                retry = int(getattr(workflow, "retry", 0) or 0)
                if self._retry(task.name, policy, retry, attempt, err):
                    continue
                details = json.dumps(
                    {
                        "error": type(err).__name__,
                        "error_type": f"{type(err).__module__}.{type(err).__qualname__}",
                        "message": str(err),
                        "traceback": traceback.format_exc(),
                    }
                )
                failure = exceptions.TaskFailed(task.name, str(err), details)
                future.set_finished(None)
                future.set_exception(failure)
                if raises:
                    raise failure from err
            else:
                future.set_finished(result)
            finally:
                self._children.pop()
            return future

    # -- features after 0.11.9 --

    def list_markers(self, all: bool = False) -> list[Marker]:
        """Markers recorded in this run: the latest of each name, or all of them."""
        if all:
            return list(self._markers)
        latest: dict[str, Marker] = {}
        for marker in self._markers:
            latest.pop(marker.name, None)
            latest[marker.name] = marker
        order = list(dict.fromkeys(marker.name for marker in self._markers))
        return [latest[name] for name in order]

    def get_event_details(self, event_type: str, event_name: str) -> None:
        """No history locally: always None (0.36)."""
        return None

    def get_run_context(self) -> dict[str, Any]:
        """The local run context (features §1.8)."""
        workflow_id, run_id = self._children[-1] if self._children else ("local", "local")
        return {
            "name": "local",
            "version": "1.0",
            "run_id": run_id,
            "workflow_id": workflow_id,
            "tag_list": [],
        }

    def run(self, input: dict[str, Any] | None = None) -> Any:
        """Run the workflow with ``input`` (``{"args": [...], "kwargs": {...}}``).

        Returns:
            The value returned by the workflow's ``run``.
        """
        if input is None:
            input = {}
        args = input.get("args", ())
        kwargs = input.get("kwargs", {})
        self.before_replay()
        while True:
            try:
                result = self.run_workflow(*args, **kwargs)
            except _ContinueAsNew as again:
                logger.info("continuing %s as new", type(self._workflow).__name__)
                args, kwargs = again.args_, again.kwargs
                self._markers = []
                self._signals = {}
                self._workflow = type(self._workflow)(self)
                continue
            break
        self.after_replay()
        self.on_completed()
        self.after_closed()
        return result
