"""The pure replay core of the SWF executor (spec §16).

A decision task's history goes in; the decisions and a list of requested side effects
(register an activity type, start a repair-mode fake worker) come out. Nothing here talks to
the network, starts processes, reads the clock or draws random numbers: the public
`simpleflow.swf.executor.Executor` runs this core and then carries out the effects.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import swf.constants
import swf.format
from simpleflow import executor, futures
from simpleflow.activity import Activity
from simpleflow.exceptions import ExecutionBlocked, TaskException, TaskFailed, TimeoutError
from simpleflow.history import History
from simpleflow.swf import constants
from simpleflow.swf.task import ActivityTask, WorkflowTask
from simpleflow.task import ActivityTask as BaseActivityTask
from simpleflow.task import WorkflowTask as BaseWorkflowTask
from simpleflow.task import get_actual_value
from simpleflow.utils import issubclass_, json_dumps
from simpleflow.workflow import Workflow
from swf.models.decision import TimerDecision, WorkflowExecutionDecision

logger = logging.getLogger(__name__)

__all__ = [
    "RegisterActivityType",
    "ReplayExecutor",
    "ReplayResult",
    "StartFakeWorker",
    "TaskRegistry",
]

#: SWF rejects activity and workflow ids longer than this.
MAX_TASK_ID_LENGTH = 256
#: Prefix of the task lists that repair-mode fake workers serve.
FAKE_TASK_LIST_PREFIX = "FAKE-"


def _md5_hex(text: str) -> str:
    # Identifiers only, not security: FIPS hosts reject md5 unless told so.
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()


# --- requested side effects -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RegisterActivityType:
    """Register an activity type SWF did not know (`ACTIVITY_TYPE_DOES_NOT_EXIST`).

    The defaults are the activity's own task list and timeouts (0.11.9 registered `'None'`
    and `'0'`); None values are left unset.
    """

    name: str
    version: str
    task_list: str | None = None
    heartbeat_timeout: str | None = None
    schedule_to_close_timeout: str | None = None
    schedule_to_start_timeout: str | None = None
    start_to_close_timeout: str | None = None


@dataclass(frozen=True, slots=True)
class StartFakeWorker:
    """Start a process that completes the task scheduled on `task_list` (repair mode).

    `former_event` is the completed entry (activity or child-workflow dict) of the
    execution being repaired; its `result` is reused.
    """

    task_list: str
    former_event: dict[str, Any] = field(hash=False, compare=True)


Effect = RegisterActivityType | StartFakeWorker


@dataclass(frozen=True, slots=True)
class ReplayResult:
    """What one replay produced: the decisions to send, then the effects to carry out."""

    decisions: list[Any]
    effects: tuple[Effect, ...] = ()


# --- task ids ---------------------------------------------------------------------------


class TaskRegistry(dict[str, int]):
    """Per task name counters used for the ids of non-idempotent tasks."""

    def add(self, task: Any) -> int:
        """Increment and return the counter of `task.name` (starting at 1)."""
        count: int = self.get(task.name, 0) + 1
        self[task.name] = count
        return count


def _shorten_task_id(task_id: str) -> str:
    # 0.11.9 sent ids longer than SWF's limit, which SWF rejected: keep a readable prefix and
    # make the id unique with the md5 of the whole id (223 + 1 + 32 = 256 characters).
    if len(task_id) <= MAX_TASK_ID_LENGTH:
        return task_id
    return f"{task_id[:223]}-{_md5_hex(task_id)}"


def _workflow_arguments(history: History) -> tuple[Iterable[Any], dict[str, Any]]:
    events = history.events
    if not events:
        raise ValueError("the history has no events; expected WorkflowExecutionStarted first")
    workflow_input = events[0].input
    if workflow_input is None:
        workflow_input = {}
    if not isinstance(workflow_input, dict):
        raise TypeError(
            "the workflow input must be a JSON object with optional keys 'args' (a list) "
            f"and 'kwargs' (an object), got {workflow_input!r}"
        )
    args = workflow_input.get("args", ())
    kwargs = workflow_input.get("kwargs", {})
    if args is None:
        args = ()
    if kwargs is None:
        kwargs = {}
    if not isinstance(args, (list, tuple)):
        raise TypeError(f"the workflow input 'args' must be a list, got {args!r}")
    if not isinstance(kwargs, dict):
        raise TypeError(f"the workflow input 'kwargs' must be an object, got {kwargs!r}")
    return args, kwargs


def _finished(result: Any = None, exception: BaseException | None = None) -> futures.Future:
    future = futures.Future()
    if exception is None:
        future._set_result(result)
    else:
        future._set_exception(exception)
    return future


def _running() -> futures.Future:
    future = futures.Future()
    future._set_running()
    return future


def _cancelled() -> futures.Future:
    future = futures.Future()
    future._set_cancelled()
    return future


def _decode_result(result: str | None) -> Any:
    return json.loads(result) if result else None


# --- the core ---------------------------------------------------------------------------


class ReplayExecutor(executor.Executor):
    """Replays a workflow against the history of one decision task (pure).

    Public behaviour is documented on `simpleflow.swf.executor.Executor`, which adds the
    side effects to this class.
    """

    def __init__(
        self,
        domain: Any,
        workflow: type[Workflow],
        task_list: str | None = None,
        repair_with: History | None = None,
        force_activities: str | None = None,
    ) -> None:
        self.domain = domain
        self.task_list = task_list
        self.repair_with = repair_with
        self.force_activities: re.Pattern[str] | None = (
            re.compile(force_activities) if force_activities else None
        )
        self._history: History | None = None
        self.reset()
        super().__init__(workflow)

    # -- per-replay state --

    def reset(self) -> None:
        """Clear the per-replay state, so ids are assigned identically on every replay."""
        self._open_activity_count = 0
        self._decisions: list[Any] = []
        self._tasks = TaskRegistry()
        self._effects: list[Effect] = []
        self._types_to_register: set[tuple[str, str]] = set()

    # -- hooks: delegate to the workflow with the current history --

    def before_replay(self) -> None:
        self._workflow.before_replay(self._history)

    def after_replay(self) -> None:
        self._workflow.after_replay(self._history)

    def after_closed(self) -> None:
        self._workflow.after_closed(self._history)

    def on_failure(self, reason: str, details: Any = None) -> None:
        try:
            self._workflow.on_failure(self._history, reason, details)
        except NotImplementedError:
            pass

    def on_completed(self) -> None:
        try:
            self._workflow.on_completed(self._history)
        except NotImplementedError:
            pass

    # -- task ids and lookups --

    def _make_task_id(self, task: Any, *args: Any, **kwargs: Any) -> str:
        """`<task name>-<counter>`, or `<task name>-<md5 of the arguments>` if idempotent."""
        if not task.idempotent:
            suffix: Any = self._tasks.add(task)
        else:
            suffix = _md5_hex(json_dumps({"args": args, "kwargs": kwargs}))
        return _shorten_task_id(f"{task.name}-{suffix}")

    @staticmethod
    def find_activity_event(task: Any, history: History) -> dict[str, Any] | None:
        return history._activities.get(task.id)

    @staticmethod
    def find_child_workflow_event(task: Any, history: History) -> dict[str, Any] | None:
        return history._child_workflows.get(task.id)

    def find_event(self, task: Any, history: History) -> dict[str, Any] | None:
        """The entry of `history` with the id of `task`, or None."""
        if isinstance(task, BaseActivityTask):
            return self.find_activity_event(task, history)
        if isinstance(task, BaseWorkflowTask):
            return self.find_child_workflow_event(task, history)
        raise TypeError(f"invalid type {type(task)} for task {task}")

    # -- history entry -> future --

    def _get_future_from_activity_event(self, event: dict[str, Any]) -> futures.Future | None:
        """The future of an activity entry (spec §16.5); None if it is not in SWF."""
        state = event["state"]
        if state == "completed":
            return _finished(_decode_result(event["result"]))
        if state == "scheduled":
            return futures.Future()
        if state == "started":
            return _running()
        if state == "failed":
            return _finished(
                exception=TaskFailed(
                    name=event["id"], reason=event["reason"], details=event.get("details")
                )
            )
        if state == "timed_out":
            return _finished(exception=TimeoutError(event["timeout_type"], event["timeout_value"]))
        if state == "canceled":
            return _cancelled()
        if state == "schedule_failed":
            return None
        return futures.Future()

    @staticmethod
    def _get_future_from_child_workflow_event(event: dict[str, Any]) -> futures.Future:
        """The future of a child-workflow entry (spec §16.5 and §22.2-5)."""
        state = event["state"]
        workflow_id = event.get("id")
        if state == "completed":
            return _finished(_decode_result(event.get("result")))
        if state == "started":
            return _running()
        if state == "failed":
            return _finished(
                exception=TaskFailed(workflow_id, event.get("reason"), event.get("details"))
            )
        if state == "timed_out":
            return _finished(exception=TimeoutError(event.get("timeout_type"), None))
        if state == "terminated":
            return _finished(exception=TaskFailed(workflow_id, "terminated"))
        if state == "start_failed":
            return _finished(exception=TaskFailed(workflow_id, event.get("cause")))
        if state == "canceled":
            return _cancelled()
        return futures.Future()  # start_initiated, or a state this version does not know

    def resume_activity(self, task: Any, event: dict[str, Any]) -> futures.Future | None:
        """The future of an activity found in history, or None to (re)schedule it."""
        if event["state"] == "schedule_failed":
            self._handle_schedule_failure(task, event)
            return None
        future = self._get_future_from_activity_event(event)
        if future is None or future._state != futures.FINISHED or future._exception is None:
            return future
        activity = task.activity
        # `>=` on purpose: lowering `retry` in redeployed code must not retry forever.
        if event.get("retry", 0) >= activity.retry:
            if activity.raises_on_failure:
                raise TaskException(task, future._exception)
            return future
        return None  # a retry is due: schedule again with the same id

    def resume_child_workflow(self, task: Any, event: dict[str, Any]) -> futures.Future:
        """The future of a child workflow found in history (no retry)."""
        return self._get_future_from_child_workflow_event(event)

    def _handle_schedule_failure(self, task: Any, event: dict[str, Any]) -> None:
        activity_type = event.get("activity_type") or {}
        name = activity_type.get("name", task.activity.name)
        version = activity_type.get("version", task.activity.version)
        cause = event.get("cause")
        if cause == "ACTIVITY_TYPE_DOES_NOT_EXIST":
            if (name, version) not in self._types_to_register:
                self._types_to_register.add((name, version))
                activity = task.activity
                self._effects.append(
                    RegisterActivityType(
                        name=name,
                        version=version,
                        task_list=_text(activity.task_list),
                        heartbeat_timeout=_text(activity.task_heartbeat_timeout),
                        schedule_to_close_timeout=_text(activity.task_schedule_to_close_timeout),
                        schedule_to_start_timeout=_text(activity.task_schedule_to_start_timeout),
                        start_to_close_timeout=_text(activity.task_start_to_close_timeout),
                    )
                )
            return
        # Kept from 0.11.9: scheduled again at once, even for causes that will fail again
        # (OPEN_ACTIVITIES_LIMIT_EXCEEDED, ACTIVITY_ID_ALREADY_IN_USE...).
        logger.warning("failed to schedule %s: %s", name, cause)

    # -- submission --

    def submit(self, func: Any, *args: Any, **kwargs: Any) -> futures.Future:  # type: ignore[override]
        """Submit an activity or a child workflow; returns its future (spec §16.3)."""
        try:
            if isinstance(func, Activity):
                task: Any = ActivityTask(func, *args, **kwargs)
            elif issubclass_(func, Workflow):
                task = WorkflowTask(func, *args, **kwargs)
            else:
                raise TypeError(f"invalid type {type(func)} for {func}")
        except ExecutionBlocked:
            # An argument is a pending future: the task does not exist yet in this replay
            # and consumes no counter value.
            return futures.Future()
        return self.resume(task, *task.args, **task.kwargs)

    def resume(self, task: Any, *args: Any, **kwargs: Any) -> futures.Future:
        """Give `task` its id, then return its future from history or schedule it."""
        task.id = self._make_task_id(task, *args, **kwargs)
        history = self._history
        assert history is not None, "resume() runs during a replay only"
        event = self.find_event(task, history)
        future: futures.Future | None = None

        forced = self.force_activities is not None and self.force_activities.search(task.id)
        if event is None and self.repair_with is not None and not forced:
            future = self._resume_from_former_run(task)

        if event is not None:
            if event["type"] == "activity":
                future = self.resume_activity(task, event)
                if future is not None and future._state in (futures.PENDING, futures.RUNNING):
                    self._open_activity_count += 1
            elif event["type"] == "child_workflow":
                future = self.resume_child_workflow(task, event)

        if future is None:
            # Children always start on their own class's task list; `task_list` only
            # redirects activities (spec §16.1).
            task_list = self.task_list if isinstance(task, BaseActivityTask) else None
            self.schedule_task(task, task_list=task_list)
            future = futures.Future()

        limit = constants.MAX_OPEN_ACTIVITY_COUNT
        if self._open_activity_count >= limit:
            logger.warning("limit of %s open activities reached", limit)
            raise ExecutionBlocked(f"limit of {limit} open activities reached")
        return future

    def _resume_from_former_run(self, task: Any) -> futures.Future | None:
        """Repair mode: reuse the result of a task completed in the repaired execution."""
        assert self.repair_with is not None
        former = self.find_event(task, self.repair_with)
        if former is None or former.get("state") != "completed":
            return None
        logger.info("faking task completed successfully in previous workflow: %s", former["id"])
        fake_task_list = FAKE_TASK_LIST_PREFIX + _md5_hex(json_dumps(former))
        # Requested before scheduling: reaching the 100-decision limit raises there, and the
        # task must not sit on a FAKE- list nobody serves.
        self._effects.append(StartFakeWorker(task_list=fake_task_list, former_event=former))
        self.schedule_task(task, task_list=fake_task_list)
        return futures.Future()

    def schedule_task(self, task: Any, task_list: str | None = None) -> None:
        """Add the schedule decision of `task`; at 99 decisions add a timer and block."""
        logger.debug("scheduling task %s on task list %s", task.id, task_list)
        self._decisions.extend(task.schedule(self.domain, task_list))
        self._open_activity_count += 1
        if len(self._decisions) >= constants.MAX_DECISIONS - 1:
            # SWF takes at most 100 decisions per response: the timer fires at once and
            # triggers a new decision task, whose replay schedules the rest.
            timer = TimerDecision("start", id=f"resume-after-{task.id}", start_to_fire_timeout="0")
            self._decisions.append(timer)
            raise ExecutionBlocked(f"limit of {constants.MAX_DECISIONS} decisions reached")

    def map(self, callable: Any, iterable: Any) -> list[futures.Future]:
        return super().map(callable, get_actual_value(iterable))

    def starmap(self, callable: Any, iterable: Any) -> list[futures.Future]:
        return super().starmap(callable, get_actual_value(iterable))

    def fail(self, reason: str, details: Any = None) -> None:
        """Fail the workflow: the fail decision follows the decisions made so far."""
        self.on_failure(reason, details)
        decision = WorkflowExecutionDecision()
        decision.fail(
            reason=swf.format.reason(f"Workflow execution failed: {reason}"),
            details=swf.format.details(details),
        )
        self._decisions.append(decision)
        raise ExecutionBlocked("workflow execution failed")

    # -- the replay --

    def _replay_history(self, decision_response: Any) -> ReplayResult:
        """Run the workflow from the start against the decision task's history."""
        self.reset()
        try:
            self._history = History(decision_response.history)
            self._history.parse()
            args, kwargs = _workflow_arguments(self._history)
            self.before_replay()
            value = self.run_workflow(*args, **kwargs)
            result = json_dumps(value)
        except ExecutionBlocked:
            logger.info(
                "%s open activities (%s decisions)",
                self._open_activity_count,
                len(self._decisions),
            )
            self.after_replay()
            return ReplayResult(list(self._decisions), tuple(self._effects))
        except TaskException as err:
            return self._task_failure(err)
        except Exception as err:
            # The replay boundary: whatever workflow code (or a malformed history or input)
            # raises must become a FailWorkflowExecution decision with a readable reason and
            # the traceback, rather than crash the decider and leave the execution stuck.
            reason = f"Cannot replay the workflow: {type(err).__name__}({err})"
            details = f"Traceback:\n{traceback.format_exc()}"
            logger.exception("%s", reason)
            self.on_failure(reason)
            return self._closed(_fail_decision(reason, details))

        self.after_replay()
        if len(result) > swf.constants.MAX_RESULT_LENGTH:
            # 0.11.9 cut the JSON, which produced an invalid result: fail explicitly.
            reason = (
                f"Workflow result too large: {len(result)} characters of JSON, SWF accepts "
                f"{swf.constants.MAX_RESULT_LENGTH}; return a smaller value (e.g. a reference "
                "to data stored elsewhere)"
            )
            logger.error("%s", reason)
            self.on_failure(reason)
            return self._closed(_fail_decision(reason))
        decision = WorkflowExecutionDecision()
        decision.complete(result=result)
        self.on_completed()
        return self._closed(decision)

    def _task_failure(self, err: TaskException) -> ReplayResult:
        wrapped = err.exception
        reason = 'Workflow execution error in task {}: "{}"'.format(
            err.task.name, getattr(wrapped, "reason", repr(wrapped))
        )
        details = getattr(wrapped, "details", None)
        logger.exception("%s", reason)
        self.on_failure(reason, details)
        # The decision carries the reason only, as in 0.11.9 (spec §22.3).
        return self._closed(_fail_decision(reason))

    def _closed(self, decision: Any) -> ReplayResult:
        # Whatever was scheduled in this replay is discarded with its effects.
        self.after_closed()
        return ReplayResult([decision])


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _fail_decision(reason: str, details: str | None = None) -> Any:
    decision = WorkflowExecutionDecision()
    decision.fail(reason=swf.format.reason(reason), details=swf.format.details(details))
    return decision
