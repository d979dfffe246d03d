"""Activity task processes: ``Worker`` (supervisor), ``ActivityPoller``, ``ActivityWorker``.

Each activity runs in its own forked child while the poller process waits for it,
heartbeats, and reports the outcome the child sent back (``spawn``): exactly one activity
per poller at a time.
"""

from __future__ import annotations

import json
import logging
import time
import traceback
from typing import Any

import swf.actors
from simpleflow import format as _format
from simpleflow import storage
from simpleflow.exceptions import TaskCanceled
from simpleflow.format import JumboTooLargeError
from simpleflow.swf.process._naming import (
    reset_signal_handlers,
    set_process_title,
    with_state,
)
from simpleflow.swf.process._poller import Poller
from simpleflow.swf.process._supervisor import Supervisor
from simpleflow.swf.process._tree import terminate_tree
from simpleflow.swf.process.worker import _cancel, _context
from simpleflow.swf.process.worker._fork import ForkedChild
from simpleflow.swf.process.worker.dispatch.exceptions import DispatchError
from simpleflow.swf.process.worker.dispatch.from_task_registry import RegistryDispatcher
from swf.exceptions import DoesNotExistError, PollTimeout
from swf.models import Domain

logger = logging.getLogger(__name__)

__all__ = [
    "ActivityPoller",
    "ActivityWorker",
    "Worker",
    "monitor_child",
    "process_task",
    "spawn",
]


#: Seconds an activity process may take to exit after sending its outcome (already
#: reported): then its process tree is terminated.
OUTCOME_EXIT_WAIT_SEC = 10.0


def _workflow_name(workflow: Any) -> str:
    """The name of a workflow given as an executor, a class, or a name."""
    instance = getattr(workflow, "_workflow", None)
    if instance is not None:
        return str(instance.name)
    name = getattr(workflow, "name", None)
    return str(name) if name else str(workflow)


def _activity_name(task: Any) -> str:
    try:
        return str(task.activity_type.name)
    except AttributeError:
        return "<unknown activity>"


class Worker(Supervisor):
    """Supervisor running ``poller.start`` in ``nb_children`` processes (one per CPU by default)."""

    def __init__(self, poller: ActivityPoller, nb_children: int | None = None) -> None:
        self._poller = poller
        self._poller.is_alive = True
        super().__init__(payload=self._poller.start, nb_children=nb_children)


class ActivityPoller(Poller, swf.actors.ActivityWorker):
    """Polls activity tasks and runs each one in a child process.

    Args:
        domain: the ``swf.models.Domain`` (or name).
        task_list: the activity task list polled.
        workflow: the workflow (executor) whose module registered the activities; names
            the processes.
        heartbeat: seconds between heartbeats while an activity runs (``0``/``None``: none).
    """

    def __init__(
        self,
        domain: Domain | str,
        task_list: str | None,
        workflow: Any,
        heartbeat: int | float | None = 60,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        self._workflow = workflow
        self._heartbeat = heartbeat
        self.nb_retries = 3
        super().__init__(domain, task_list)

    @property
    def name(self) -> str:
        return f"{type(self).__name__}({_workflow_name(self._workflow)})"

    def poll(self, task_list: str | None = None, identity: str | None = None) -> Any:
        """Poll one activity task.

        Returns:
            ``(token, swf.models.ActivityTask)``.

        Raises:
            PollTimeout: no task (missing or empty ``taskToken``).
        """
        token, task = swf.actors.ActivityWorker.poll(self, task_list, identity)
        if not token:
            raise PollTimeout("no activity task")
        return token, task

    @with_state("processing task")
    def process(self, response: Any) -> None:
        """Run the task in a child process and wait for it (see :func:`spawn`)."""
        token, task = response
        logger.info(
            "%s: processing task %s (activity id %s) of workflow %s",
            self.name,
            _activity_name(task),
            getattr(task, "activity_id", None),
            getattr(getattr(task, "workflow_execution", None), "workflow_id", None),
        )
        spawn(self, token, task, self._heartbeat)

    def heartbeat(self, token: str, details: str | None = None) -> Any:
        """``RecordActivityTaskHeartbeat``; long ``details`` go to S3 (or are cut)."""
        return swf.actors.ActivityWorker.heartbeat(self, token, _format.heartbeat_details(details))

    @with_state("completing")
    def complete(self, token: str, result: Any = None) -> None:
        """``RespondActivityTaskCompleted`` with ``result`` (JSON text)."""
        swf.actors.ActivityWorker.complete(self, token, result)

    @with_state("failing")
    def fail(  # type: ignore[override]  # 0.11.9 signature: the task comes second
        self,
        token: str,
        task: Any,
        reason: str | None = None,
        details: str | None = None,
    ) -> None:
        """``RespondActivityTaskFailed``; ``reason``/``details`` cut to SWF's limits.

        Errors are logged (after ``nb_retries`` attempts for transient ones), never raised.
        """
        activity = _activity_name(task)
        # Over SWF's limits: on S3 with a jumbo bucket, else cut (features §11, G7).
        reason = _format.reason(reason)
        details = _format.details(details)

        def respond() -> None:
            swf.actors.ActivityWorker.fail(self, token, details=details, reason=reason)

        try:
            if not self._call_with_retries("fail", respond):
                logger.error("cannot fail task %s: giving up", activity)
        except Exception as err:
            logger.exception("cannot fail task %s: %s", activity, err)


class ActivityWorker:
    """Runs one activity task and reports its outcome (in the activity child process).

    Args:
        workflow: accepted for compatibility; activities are found in the registry.
    """

    def __init__(self, workflow: Any) -> None:
        from simpleflow.registry import registry

        self._workflow = workflow
        self._dispatcher = RegistryDispatcher(registry, None, workflow)

    def dispatch(self, task: Any) -> Any:
        """The ``Activity`` for ``task.activity_type.name``.

        Raises:
            DispatchError: unknown activity name.
        """
        return self._dispatcher.dispatch_activity(task.activity_type.name)

    def process(self, poller: Any, token: str, task: Any) -> None:
        """Run the activity of ``task`` and complete or fail the task on SWF."""
        name = _activity_name(task)
        try:
            activity = self.dispatch(task)
        except DispatchError as err:
            logger.error("cannot run task %s: %s", name, err)
            poller.fail(token, task, reason=f"unknown activity {name}", details=str(err))
            return
        # Jumbo fields (features §11): each task starts with an empty memory cache, and an
        # input stored on S3 is fetched here.
        storage.clear_memory_cache()
        try:
            args, kwargs = _decode_input(_format.resolve_text(task.input))
        except storage.StorageError as err:
            logger.error("cannot run task %s: cannot read its input: %s", name, err)
            poller.fail(token, task, reason=f"cannot read the input of task {name}: {err}")
            return
        except ValueError as err:
            logger.error("cannot run task %s: invalid input: %s", name, err)
            poller.fail(token, task, reason=f"invalid activity input: {err}")
            return
        try:
            context = _context.activity_context(poller, token, task, args, kwargs)
            result = _execute(activity, args, kwargs, context)
        except TaskCanceled as err:
            # The activity noticed the cancel request and stopped (features §6.4).
            details = None if err.details is None else str(err.details)
            _cancel.report_canceled(poller, token, details, name)
            return
        except SystemExit as err:
            # sys.exit()/exit() in an activity: without this the child would end quietly
            # and SWF would wait for the heartbeat timeout.
            reason = f"activity {name} exited: sys.exit({err.code!r}) or exit() was called"
            logger.error("%s (id %s)", reason, task.activity_id)
            poller.fail(token, task, reason=reason, details=traceback.format_exc())
            return
        except Exception as err:
            logger.exception("activity %s (id %s) failed", name, task.activity_id)
            poller.fail(
                token,
                task,
                reason=str(err) or type(err).__name__,
                details=traceback.format_exc(),
            )
            return
        try:
            text = _encode_result(result)
        except (TypeError, ValueError, storage.StorageError) as err:
            why = f"{type(err).__name__} {err}" if isinstance(err, JumboTooLargeError) else str(err)
            logger.error("cannot complete task %s (id %s): %s", name, task.activity_id, why)
            poller.fail(
                token, task, reason=f"cannot complete task {task.activity_id}: {why}", details=why
            )
            return
        logger.info("activity %s (id %s) completed", name, task.activity_id)
        poller._complete(token, text)


def _decode_input(raw: Any) -> tuple[list[Any], dict[str, Any]]:
    """``(args, kwargs)`` of an activity task input (JSON text; ``None``/empty → none)."""
    if isinstance(raw, (bytes, bytearray)):
        raw = raw.decode("utf-8", errors="replace")
    if isinstance(raw, str):
        if not raw.strip():
            return [], {}
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as err:
            raise ValueError(str(err)) from err
    else:
        value = raw  # already decoded (or None)
    if value is None:
        return [], {}
    if isinstance(value, list):
        return value, {}
    if not isinstance(value, dict):
        raise ValueError(
            f"expected a JSON object with 'args'/'kwargs' or an array, got {type(value).__name__}"
        )
    args = value.get("args", [])
    kwargs = value.get("kwargs", {})
    if not isinstance(args, list):
        raise ValueError(f"'args' must be a JSON array, got {type(args).__name__}")
    if not isinstance(kwargs, dict):
        raise ValueError(f"'kwargs' must be a JSON object, got {type(kwargs).__name__}")
    return args, kwargs


def _execute(
    activity: Any, args: list[Any], kwargs: dict[str, Any], context: dict[str, Any] | None = None
) -> Any:
    from simpleflow.task import ActivityTask

    # ``context`` is reserved (never an activity argument): the worker's replaces any.
    return ActivityTask(activity, *args, **{**kwargs, "context": context}).execute()


def _encode_result(result: Any) -> str:
    # Over SWF's limit: a jumbo field on S3, or JumboTooLargeError without a bucket (cut
    # JSON would be corrupt).
    return _format.result(result)


def process_task(poller: ActivityPoller, token: str, task: Any) -> None:
    """Entry point of the activity child process: run and report one task."""
    set_process_title(f"{poller.name}[activity {_activity_name(task)}]")
    ActivityWorker(poller._workflow).process(poller, token, task)


class _OutcomePipe:
    """Stands in for the poller in the activity child: the outcome goes to the parent.

    The child never talks to SWF itself. Building a botocore client in every forked child
    cost about 60 ms of CPU per activity; the parent already has one. The outcome crosses
    the process boundary as JSON (never pickle).
    """

    def __init__(self, poller: Any, connection: Any) -> None:
        self.name = poller.name
        self._workflow = poller._workflow
        self._poller = poller
        self._connection = connection

    def heartbeat(self, token: str, details: str | None = None) -> Any:
        # The activity's own heartbeats (``context["cancel_requested"]``) go to SWF from
        # here: the child builds a client only if the activity asks for one.
        return self._poller.heartbeat(token, details)

    def _send(self, outcome: dict[str, Any]) -> None:
        self._connection.send_bytes(json.dumps(outcome).encode("utf-8"))

    def _complete(self, token: str, result: Any = None) -> None:
        self._send({"complete": result})

    def fail(
        self, token: str, task: Any, reason: str | None = None, details: str | None = None
    ) -> None:
        self._send({"fail": {"reason": reason, "details": details}})

    def cancel(self, token: str, details: str | None = None) -> None:
        self._send({"cancel": details})


def _child_main(poller: ActivityPoller, token: str, task: Any, connection: Any) -> None:
    process_task(_OutcomePipe(poller, connection), token, task)  # type: ignore[arg-type]
    connection.close()


def _decode_outcome(data: bytes | None) -> dict[str, Any] | None:
    """The child's outcome, ``None`` when it closed the pipe without one."""
    if data is None:
        return None
    try:
        outcome = json.loads(data)
    except ValueError:
        logger.error("unreadable outcome from the activity process: %r", data[:200])
        return None
    return outcome if isinstance(outcome, dict) else None


def _report(poller: ActivityPoller, token: str, task: Any, outcome: dict[str, Any]) -> None:
    if "complete" in outcome:
        poller._complete(token, outcome["complete"])
        return
    if "cancel" in outcome:  # the activity raised TaskCanceled
        _cancel.report_canceled(poller, token, outcome["cancel"], _activity_name(task))
        return
    failure = outcome.get("fail") or {}
    poller.fail(token, task, reason=failure.get("reason"), details=failure.get("details"))


def monitor_child(pid: int, info: Any) -> None:
    """Kept from 0.11.9 as a no-op: ``spawn`` watches its child itself.

    (0.11.9 installed a SIGCHLD handler reaping children with ``os.waitpid``, which raced
    with ``multiprocessing`` and lost exit codes.)
    """


def spawn(
    poller: ActivityPoller, token: str, task: Any, heartbeat: int | float | None = 60
) -> None:
    """Run ``task`` in a child process; wait for it, heartbeating every ``heartbeat`` s.

    Returns when the child is finished or abandoned:

    * the child sent its outcome (result, or failure reason and traceback) through a pipe:
      this process completes or fails the task on SWF at once (the child never talks to
      SWF: no client to build per activity), then reaps the child; one still running
      ``OUTCOME_EXIT_WAIT_SEC`` later has its process tree terminated (a warning);
    * it exited with 0 without an outcome (``os._exit(0)``): the task is failed;
    * it exited otherwise: the task is failed with ``process <pid> died: exit code <n>``;
    * SWF answered a heartbeat with ``cancelRequested``: the child's process tree is
      terminated and the task reported canceled;
    * the heartbeat got ``DoesNotExistError`` (timed out, execution closed): the child's
      tree is terminated;
    * other heartbeat errors are logged and the wait continues.
    """
    # The child must not inherit the poller's graceful-stop handlers: SIGTERM stops it.
    target = reset_signal_handlers(_child_main)
    child = ForkedChild(
        lambda writer: target(poller, token, task, writer),
        name=f"activity-{getattr(task, 'activity_id', '')}",
    )
    try:
        outcome = _wait_outcome(poller, token, task, child, heartbeat)
        if outcome is _ABANDONED:
            return
        activity = _activity_name(task)
        if outcome is not None:
            # The activity finished and said how: report now, the child exits meanwhile.
            _report(poller, token, task, outcome)
            _reap_after_outcome(child, activity)
            return
        code = child.exitcode
        if code != 0:
            logger.error("activity %s: process %s died: exit code %s", activity, child.pid, code)
            poller.fail(token, task, reason=f"process {child.pid} died: exit code {code}")
        else:
            reason = f"process {child.pid} exited with status 0 without reporting a result"
            logger.error("activity %s: %s", activity, reason)
            poller.fail(token, task, reason=reason)
    finally:
        child.close()


_ABANDONED: Any = object()  # the child was stopped after a heartbeat: nothing to report


def _wait_outcome(
    poller: ActivityPoller, token: str, task: Any, child: ForkedChild, heartbeat: Any
) -> Any:
    """The child's outcome once sent, ``None`` once it exited without one, or ``_ABANDONED``."""
    interval = heartbeat if heartbeat and heartbeat > 0 else None
    # The first heartbeat comes one interval after the start: a millisecond activity
    # sends none.
    next_heartbeat = time.monotonic() + interval if interval else None
    while True:
        timeout = None
        if next_heartbeat is not None:
            timeout = max(0.0, next_heartbeat - time.monotonic())
        readable, exited = child.wait(timeout)
        if readable:
            outcome = _decode_outcome(child.read_message())
            if outcome is not None:
                return outcome
        if exited:
            child.join()
            return None
        if readable or next_heartbeat is None or time.monotonic() < next_heartbeat:
            continue
        next_heartbeat = time.monotonic() + interval if interval else None
        if not _heartbeat(poller, token, _activity_name(task), child):
            return _ABANDONED


def _reap_after_outcome(child: ForkedChild, activity: str) -> None:
    code = child.join(OUTCOME_EXIT_WAIT_SEC)
    if code is None:
        logger.warning(
            "activity %s: process %s still running %.1f s after sending its outcome, "
            "stopping its process tree",
            activity,
            child.pid,
            OUTCOME_EXIT_WAIT_SEC,
        )
        _stop_child(child)
    elif code != 0:
        # A crash while exiting changes nothing to the outcome.
        logger.warning(
            "activity %s: process %s exited with code %s after its outcome",
            activity,
            child.pid,
            code,
        )


def _heartbeat(poller: ActivityPoller, token: str, activity: str, child: Any) -> bool:
    """Send one heartbeat; ``False`` when the child was stopped (cancelled or task gone)."""
    try:
        response = poller.heartbeat(token)
        logger.debug("activity %s: heartbeat sent (answer %s)", activity, response)
    except DoesNotExistError as err:
        logger.warning(
            "activity %s: the task no longer exists on SWF (timed out or execution "
            "closed), stopping process %s: %s",
            activity,
            child.pid,
            err,
        )
        _stop_child(child)
        return False
    except Exception as err:  # noqa: BLE001 - transient: the activity keeps running
        logger.warning("activity %s: heartbeat failed, will retry: %s", activity, err)
        return True
    if response and response.get("cancelRequested"):
        logger.info("activity %s: cancel requested, stopping process %s", activity, child.pid)
        pid = child.pid
        _stop_child(child)
        _cancel.report_canceled(poller, token, _cancel.cancel_details(pid), activity)
        return False
    return True


def _stop_child(child: Any) -> None:
    if child.pid is not None:
        terminate_tree(child.pid, _cancel.ACTIVITY_SIGTERM_WAIT_SEC)
    child.join()
