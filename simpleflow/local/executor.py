"""Run a workflow synchronously in the current process (``workflow.start --local``)."""

from __future__ import annotations

import logging
from typing import Any

from simpleflow import exceptions, executor, futures
from simpleflow.task import ActivityTask
from simpleflow.utils import issubclass_

logger = logging.getLogger(__name__)

#: Longest argument text logged (arguments may be large or carry secrets: DEBUG only).
_MAX_LOGGED_ARGUMENTS = 256


def _truncate(text: str, limit: int = _MAX_LOGGED_ARGUMENTS) -> str:
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text)} chars)"


class Executor(executor.Executor):
    """Executes every task at submission, in this process.

    Differences with SWF, by design: the workflow hooks (``before_replay``,
    ``after_replay``, ``on_completed``, ``after_closed``) are not called and
    ``Workflow.fail()`` is a no-op (as in 0.11.9); child workflows are not supported.

    Change from 0.11.9: an activity's ``retry`` is applied (up to ``retry + 1`` attempts
    in a row, without delay), as on SWF. 0.11.9 ran each task once.
    """

    # 0.11.9 names the first parameter ``func`` here (``task`` in the base class).
    def submit(self, func: Any, *args: Any, **kwargs: Any) -> futures.Future:  # type: ignore[override]
        """Run ``func(*args, **kwargs)`` now and return its finished future.

        Raises:
            TypeError: ``func`` is not an ``Activity`` (child workflows don't run locally).
            ExecutionBlocked: an argument is a future that is not finished.
            TaskFailed: the activity failed on every attempt and has ``raises_on_failure``.
        """
        from simpleflow.workflow import Workflow

        if issubclass_(func, Workflow):
            raise TypeError(
                f"cannot submit workflow {func.__name__} to the local executor: "
                "child workflows only run on SWF"
            )
        logger.info("executing task %s", getattr(func, "name", func))
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "task %s arguments: args=%s, kwargs=%s",
                getattr(func, "name", func),
                _truncate(repr(args)),
                _truncate(repr(kwargs)),
            )
        task = ActivityTask(func, *args, **kwargs)
        future = futures.Future()
        attempts = max(int(func.retry or 0), 0) + 1
        for attempt in range(1, attempts + 1):
            try:
                result = task.execute()
            except exceptions.ExecutionBlocked:
                raise
            except Exception as err:
                if attempt < attempts:
                    logger.warning(
                        "task %s failed (attempt %d of %d), retrying: %s",
                        func.name,
                        attempt,
                        attempts,
                        err,
                    )
                    continue
                logger.warning("task %s failed: %s: %s", func.name, type(err).__name__, err)
                logger.debug("traceback of task %s", func.name, exc_info=True)
                future._set_exception(err)
                if func.raises_on_failure:
                    raise exceptions.TaskFailed(func.name, str(err)) from err
            else:
                future._set_result(result)
                break
        return future

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
        result = self.run_workflow(*args, **kwargs)
        self.after_replay()
        self.on_completed()
        self.after_closed()
        return result
