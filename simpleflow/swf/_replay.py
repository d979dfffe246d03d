"""The pure replay core of the SWF executor (spec §16).

A decision task's history goes in; the decisions and a list of requested side effects
(register an activity type, start a repair-mode fake worker) come out. Nothing here talks to
the network, starts processes, reads the clock or draws random numbers: the public
`simpleflow.swf.executor.Executor` runs this core and then carries out the effects.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from simpleflow import _priority, executor, futures
from simpleflow import format as _format
from simpleflow import task as generic
from simpleflow._reserved import NOT_GIVEN, pop_reserved
from simpleflow.activity import Activity
from simpleflow.exceptions import (
    ExecutionBlocked,
    TaskCanceled,
    TaskException,
    TaskFailed,
    TaskTerminated,
    TimeoutError,
    WorkflowException,
)
from simpleflow.history import History
from simpleflow.signal import WaitForSignal
from simpleflow.storage import StorageError
from simpleflow.swf import (
    _cancel,
    _context,
    _continue_as_new,
    _failures,
    _markers,
    _outcomes,
    _signals,
    _tags,
    _timers,
    constants,
)
from simpleflow.swf._batch import DecisionBatch
from simpleflow.swf._ids import (
    MAX_TASK_ID_LENGTH,
    TaskRegistry,
    arguments_hash,
    hex_hash,
    md5_hex,
    shorten_task_id,
)
from simpleflow.swf.task import (
    ActivityTask,
    CancelTimerTask,
    MarkerTask,
    SignalTask,
    TimerTask,
    WorkflowTask,
)
from simpleflow.task import ActivityTask as BaseActivityTask
from simpleflow.task import WorkflowTask as BaseWorkflowTask
from simpleflow.task import get_actual_value
from simpleflow.utils import issubclass_, json_dumps
from simpleflow.workflow import Workflow
from swf._json import loads as _loads
from swf.models.decision import WorkflowExecutionDecision

logger = logging.getLogger(__name__)

__all__ = [
    "RegisterActivityType",
    "RegisterWorkflowType",
    "ReplayExecutor",
    "ReplayResult",
    "StartFakeWorker",
    "TaskRegistry",
]

#: `StartChildWorkflowExecutionFailed` causes after which the child is simply started again.
_CHILD_NOT_STARTED_CAUSES = frozenset(
    {"OPEN_CHILDREN_LIMIT_EXCEEDED", "CHILD_CREATION_RATE_EXCEEDED"}
)
#: Prefix of the task lists that repair-mode fake workers serve.
FAKE_TASK_LIST_PREFIX = "FAKE-"
# Re-exported names of the id module (used by tests and the repair helpers).
_md5_hex = md5_hex
_shorten_task_id = shorten_task_id
__all__ += ["MAX_TASK_ID_LENGTH"]


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
class RegisterWorkflowType:
    """Register a workflow type SWF did not know (`WORKFLOW_TYPE_DOES_NOT_EXIST`).

    The defaults are the child class's values (features §2.4).
    """

    name: str
    version: str
    task_list: str | None = None
    child_policy: str = "TERMINATE"
    execution_timeout: str = "300"
    decision_tasks_timeout: str = "300"


@dataclass(frozen=True, slots=True)
class StartFakeWorker:
    """Start a process that completes the task scheduled on `task_list` (repair mode).

    `former_event` is the completed entry (activity or child-workflow dict) of the
    execution being repaired; its `result` is reused.
    """

    task_list: str
    former_event: dict[str, Any] = field(hash=False, compare=True)


Effect = RegisterActivityType | RegisterWorkflowType | StartFakeWorker


@dataclass(frozen=True, slots=True)
class ReplayResult:
    """What one replay produced: the decisions to send, then the effects to carry out."""

    decisions: list[Any]
    effects: tuple[Effect, ...] = ()


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


class _RetryTimerKey:
    """De-duplication key of a delayed-retry timer (one per task per replay)."""

    idempotent = True

    def __init__(self, task_id: str) -> None:
        self.id = _failures.retry_timer_id(task_id)


class _ContinueAsNewFailed(Exception):
    """The previous continue-as-new was refused for good (unknown or deprecated type)."""


# Tasks whose id is their name (used for de-duplication only, features §1.10).
_NAMED_TASKS = (
    generic.SignalTask,
    generic.TimerTask,
    generic.CancelTimerTask,
    generic.CancelActivityTask,
    generic.CancelChildTask,
)

# What a task is, cached per class (`_task_kind`): the task classes are ABCs, and
# `isinstance` against an ABC is a Python-level `ABCMeta.__instancecheck__` call, which
# the replay would pay several times for every submitted task.
_KIND_ACTIVITY, _KIND_CHILD, _KIND_NAMED, _KIND_OTHER = range(4)
_TASK_KINDS: dict[type, int] = {}


def _task_kind(task: Any) -> int:
    cls = task.__class__
    kind = _TASK_KINDS.get(cls)
    if kind is None:
        if isinstance(task, BaseActivityTask):
            kind = _KIND_ACTIVITY
        elif isinstance(task, BaseWorkflowTask):
            kind = _KIND_CHILD
        elif isinstance(task, _NAMED_TASKS):
            kind = _KIND_NAMED
        else:
            kind = _KIND_OTHER
        _TASK_KINDS[cls] = kind
    return kind


_finished = _outcomes.finished
_running = _outcomes.running
_cancelled = _outcomes.cancelled


def _decode_result(result: str | None) -> Any:
    return _loads(result) if result else None


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
        repair_workflow_id: str | None = None,
        repair_run_id: str | None = None,
    ) -> None:
        self.domain = domain
        self.task_list = task_list
        self.repair_with = repair_with
        self.force_activities: re.Pattern[str] | None = (
            re.compile(force_activities) if force_activities else None
        )
        # In repair mode child ids embed the repaired execution's ids (features §1.10).
        self.repair_workflow_id = repair_workflow_id
        self.repair_run_id = repair_run_id
        self._history: History | None = None
        self._run_context: dict[str, Any] = {}
        self.reset()
        super().__init__(workflow)

    # -- per-replay state --

    def reset(self) -> None:
        """Clear the per-replay state, so ids are assigned identically on every replay."""
        self._open_activity_count = 0
        self._open_child_count = 0
        self._open_timer_count: int | None = None  # counted from history on first use
        self._batch = DecisionBatch()
        self._tasks = TaskRegistry()
        self._effects: list[Effect] = []
        self._types_to_register: set[tuple[str, str]] = set()
        self._timers_started: set[str] = set()
        self._failures: _failures.FailureHandler | None = None
        self._waiting_signals: set[str] = set()
        # id(future) -> (future, task id) of the futures returned in this replay, for
        # `cancel_task`/`cancel_child` (the future is kept so that its id stays unique).
        self._future_ids: dict[int, tuple[futures.Future, str]] = {}
        #: The `executionContext` of the last replay's batch (None: send none).
        self.execution_context: str | None = None
        # Resolved once per replay: read for every submitted activity.
        self._max_open_activity_count: int = constants.MAX_OPEN_ACTIVITY_COUNT

    @property
    def _decisions(self) -> list[Any]:
        """The decisions of the current replay (0.11.9 attribute name)."""
        return self._batch.decisions

    @property
    def history(self) -> History:
        """The parsed history of the current replay."""
        assert self._history is not None, "only during a replay"
        return self._history

    @property
    def workflow(self) -> Workflow:
        """The workflow instance (0.36 attribute name)."""
        return self._workflow

    # -- run context and event details (features §1.8) --

    def get_run_context(self) -> dict[str, Any]:
        """The context of this execution (`{}` when the decision task has no execution)."""
        return self._run_context

    def get_event_details(self, event_type: str, event_name: str) -> dict[str, Any] | None:
        """The history entry of a signal, the last recorded marker or a timer, or None.

        Raises:
            ValueError: `event_type` is not `'signal'`, `'marker'` or `'timer'`.
        """
        return _context.event_details(self.history, event_type, event_name)

    def list_markers(self, all: bool = False) -> list[Any]:
        """The latest recorded marker of each name, or every recorded marker (`all`)."""
        return _markers.list_markers(self.history, all=all)

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
        """The id of `task` (spec §16.4, features §1.10)."""
        return self._task_id(task, args, kwargs)

    def _task_id(self, task: Any, args: Any, kwargs: dict[str, Any]) -> str:
        # `_make_task_id` with its arguments as they are (no packing per task).
        kind = _task_kind(task)
        if kind == _KIND_CHILD:
            return self._make_child_id(task, args, kwargs)
        if kind == _KIND_NAMED:
            # Signals, timers and cancellations are identified by their name alone.
            return str(task.name)
        name = task.name
        get_task_id = _custom_task_id_function(task)
        if get_task_id is not None:
            suffix: Any = get_task_id(self._workflow, *args, **kwargs)
        elif not task.idempotent:
            # `TaskRegistry.add`, with the name computed once.
            tasks = self._tasks
            suffix = tasks[name] = tasks.get(name, 0) + 1
        else:
            suffix = arguments_hash(args, kwargs)
        task_id = f"{name}-{suffix}"
        return task_id if len(task_id) <= MAX_TASK_ID_LENGTH else shorten_task_id(task_id)

    def _make_child_id(self, task: Any, args: Any, kwargs: Any) -> str:
        """`get_workflow_id(...)` verbatim, else `workflow-<name>-<P>--<H>--<S>`.

        P and H identify the parent run, so two parents running at once never start
        children with the same id ([fix] of 0.11.9's `workflow-<name>-<n>`).
        """
        if task.custom_id:
            return str(task.custom_id)
        if task.workflow.name is None:
            _warn_nameless_child(task.workflow)
        parent_id: Any
        parent_run: Any
        repaired_id = self.repair_workflow_id or getattr(
            self.repair_with, "repaired_workflow_id", None
        )
        if repaired_id is not None:
            parent_id = repaired_id
            parent_run = self.repair_run_id or getattr(self.repair_with, "repaired_run_id", None)
        else:
            parent_id = self._run_context.get("workflow_id")
            parent_run = self._run_context.get("run_id")
        suffix: Any = arguments_hash(args, kwargs) if task.idempotent else self._tasks.add(task)
        return shorten_task_id(f"{task.name}-{parent_id}--{hex_hash(parent_run)}--{suffix}")

    @staticmethod
    def find_activity_event(task: Any, history: History) -> dict[str, Any] | None:
        return history._activities.get(task.id)

    @staticmethod
    def find_child_workflow_event(task: Any, history: History) -> dict[str, Any] | None:
        return history._child_workflows.get(task.id)

    def find_event(self, task: Any, history: History) -> dict[str, Any] | None:
        """The entry of `history` with the id of `task`, or None."""
        kind = _task_kind(task)
        if kind == _KIND_ACTIVITY:
            return self.find_activity_event(task, history)
        if kind == _KIND_CHILD:
            return self.find_child_workflow_event(task, history)
        raise TypeError(f"invalid type {type(task)} for task {task}")

    # -- history entry -> future --

    def _get_future_from_activity_event(self, event: dict[str, Any]) -> futures.Future | None:
        """The future of an activity entry (spec §16.5); None if it is not in SWF."""
        state = event["state"]
        if state == "completed":
            future = futures.Future()
            result = event["result"]
            future.set_finished(_loads(result) if result else None)
            return future
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
        """The future of a child-workflow entry (features §2.4)."""
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
            return _finished(exception=TaskTerminated())
        if state == "start_failed":
            return _finished(exception=TaskFailed(workflow_id, event.get("cause")))
        if state == "canceled":
            return _finished(exception=TaskCanceled(event.get("details")))
        return futures.Future()  # start_initiated, or a state this version does not know

    def resume_activity(self, task: Any, event: dict[str, Any]) -> futures.Future | None:
        """The future of an activity found in history, or None to (re)schedule it."""
        if event["state"] == "schedule_failed":
            self._handle_schedule_failure(task, event)
            return None
        future = self._get_future_from_activity_event(event)
        if future is None or future._state != futures.FINISHED or future._exception is None:
            return future
        return self._handle_failure(task, event, future)

    def resume_child_workflow(self, task: Any, event: dict[str, Any]) -> futures.Future | None:
        """The future of a child workflow found in history, or None to (re)start it."""
        if event["state"] == "start_failed":
            cause = event.get("cause")
            if cause == "WORKFLOW_TYPE_DOES_NOT_EXIST":
                self._register_child_type(task)
                return None
            if cause in _CHILD_NOT_STARTED_CAUSES:
                return None  # not started: try again (features §2.4) [ours]
        future = self._get_future_from_child_workflow_event(event)
        if future.state != futures.FINISHED or future.exception is None:
            return future
        return self._handle_failure(task, event, future)

    def _handle_failure(
        self, task: Any, event: dict[str, Any], future: futures.Future
    ) -> futures.Future | None:
        """`on_task_failure`, then a retry policy or the `retry` count (features §9)."""
        if self._failures is None:
            self._failures = _failures.FailureHandler(self._workflow, self.history)
        outcome = self._failures.handle(task, event, future)
        if isinstance(outcome, _failures.RetryLater):
            if not self._is_scheduled_already(_RetryTimerKey(task.id)):
                self._check_timer_cap()
                self._batch.add(outcome.decision(), task.id)
                assert self._open_timer_count is not None
                self._open_timer_count += 1
            return futures.Future()
        result: futures.Future | None = outcome
        return result

    @staticmethod
    def default_failure_handling(failure_context: Any) -> Any:
        """The 0.11.9 handling, for `on_task_failure` hooks to call (features §9.1).

        Returns:
            The context, with `future` None and `retry_now` when a retry is due, else
            `abort` (the caller raises or keeps the failed future).
        """
        task, event = failure_context.a_task, failure_context.event
        if event.get("retry", 0) < _failures._retry_count_limit(task):
            failure_context.future = None
            failure_context.decision = failure_context.Decision.retry_now
        else:
            failure_context.decision = failure_context.Decision.abort
        return failure_context

    def _register_child_type(self, task: Any) -> None:
        workflow = task.workflow
        key = (str(workflow.name), str(workflow.version))
        if key in self._types_to_register:
            return
        self._types_to_register.add(key)
        self._effects.append(
            RegisterWorkflowType(
                name=key[0],
                version=key[1],
                task_list=_text(getattr(workflow, "task_list", None)),
                child_policy=getattr(workflow, "child_policy", None) or "TERMINATE",
                execution_timeout=_text(getattr(workflow, "execution_timeout", None)) or "300",
                decision_tasks_timeout=_text(getattr(workflow, "decision_tasks_timeout", None))
                or "300",
            )
        )

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
        """Submit an activity, a child workflow or a task; returns its future (spec §16.3).

        Raises:
            TypeError: `func` is not something this executor can schedule.
        """
        if isinstance(func, WaitForSignal):
            return self._wait_signal(func.signal_name)
        priority = retry_policy = NOT_GIVEN
        if kwargs:
            priority = pop_reserved(kwargs, "priority")
            retry_policy = pop_reserved(kwargs, "retry_policy")
        try:
            task = self._to_task(func, args, kwargs)
        except ExecutionBlocked:
            # An argument is a pending future: the task does not exist yet in this replay
            # and consumes no counter value.
            return futures.Future()
        if _task_kind(task) <= _KIND_CHILD:  # an activity or a child workflow
            task.priority = _priority.resolve(task, priority, self._workflow)
            if retry_policy is not NOT_GIVEN:
                task.retry_policy = retry_policy
        return self._resume(task, task.args, task.kwargs)

    def _to_task(self, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """The SWF task of what the workflow submitted (features §1.1)."""
        if isinstance(func, Activity):
            return ActivityTask(func, *args, **kwargs)
        if issubclass_(func, Workflow):
            return WorkflowTask(func, *args, **kwargs)
        if isinstance(
            func, (ActivityTask, WorkflowTask, MarkerTask, TimerTask, CancelTimerTask, SignalTask)
        ):
            return func
        if isinstance(func, generic.SignalTask):
            return SignalTask(
                func.name,
                *func.args,
                workflow_id=func.workflow_id,
                run_id=func.run_id,
                control=func.control,
                extra_input=func.extra_input,
                **func.kwargs,
            )
        if isinstance(func, BaseActivityTask):
            task: Any = ActivityTask(func.activity, *func.args, **func.kwargs)
            task.raises_on_failure = func.raises_on_failure
            return task
        if isinstance(func, BaseWorkflowTask):
            task = WorkflowTask(func.workflow, *func.args, **func.kwargs)
            task.task_list = func.task_list
            task.custom_id = func.custom_id
            task.raises_on_failure = func.raises_on_failure
            return task
        if isinstance(func, generic.ContinueAsNewWorkflowTask):
            return func
        if isinstance(func, (generic.CancelActivityTask, generic.CancelChildTask)):
            return self._resolve_cancel_target(func)
        if isinstance(func, generic.MarkerTask):
            return MarkerTask(func.name, func.details)
        if isinstance(func, generic.TimerTask):
            return TimerTask(func.timer_id, func.timeout, func.control)
        if isinstance(func, generic.CancelTimerTask):
            return CancelTimerTask(func.timer_id)
        raise TypeError(f"invalid type {type(func)} for {func}")

    def resume(self, task: Any, *args: Any, **kwargs: Any) -> futures.Future:
        """Give `task` its id, then return its future from history or schedule it."""
        return self._resume(task, args, kwargs)

    def _resume(self, task: Any, args: Any, kwargs: dict[str, Any]) -> futures.Future:
        task.id = self._task_id(task, args, kwargs)
        history = self._history
        assert history is not None, "resume() runs during a replay only"
        kind = _task_kind(task)
        if kind > _KIND_CHILD:
            return self._resume_feature(task, history)
        event = self.find_event(task, history)
        future: futures.Future | None = None

        if event is None and self.repair_with is not None:
            forced = self.force_activities is not None and self.force_activities.search(task.id)
            if not forced:
                future = self._resume_from_former_run(task)

        is_activity = kind == _KIND_ACTIVITY
        if event is not None:
            entry_type = event["type"]
            if entry_type == "activity":
                future = self.resume_activity(task, event)
                if future is not None and future._state in (futures.PENDING, futures.RUNNING):
                    self._open_activity_count += 1
            elif entry_type == "child_workflow":
                future = self.resume_child_workflow(task, event)
                if future is not None and future._state in (futures.PENDING, futures.RUNNING):
                    self._open_child_count += 1

        if future is None:
            if self._is_scheduled_already(task):
                return futures.Future()
            if is_activity:
                # `task_list` only redirects activities (spec §16.1).
                self.schedule_task(task, task_list=self.task_list)
            else:
                self._check_child_cap()
                self.schedule_task(task, task_list=None)
            future = futures.Future()

        self._future_ids[id(future)] = (future, task.id)
        if is_activity:
            limit = self._max_open_activity_count
            if self._open_activity_count >= limit:
                logger.warning("limit of %s open activities reached", limit)
                raise ExecutionBlocked(f"limit of {limit} open activities reached")
        return future

    def _is_scheduled_already(self, task: Any) -> bool:
        """Idempotent tasks are scheduled at most once per replay (features §1.9)."""
        if not task.idempotent:
            return False
        key = (type(task), getattr(self.domain, "name", None), task.id)
        if key in self._batch.scheduled:
            logger.debug("not scheduling %s again in this replay", task.id)
            return True
        self._batch.scheduled.add(key)
        return False

    def _check_child_cap(self) -> None:
        limit = getattr(self._workflow, "max_open_child_count", None)
        if limit is None:
            limit = constants.MAX_OPEN_CHILD_COUNT
        if self._open_child_count >= limit:
            logger.warning(
                "limit of %s/%s open child workflows reached", self._open_child_count, limit
            )
            raise ExecutionBlocked(f"limit of {limit} open child workflows reached")

    def _check_timer_cap(self) -> None:
        if self._open_timer_count is None:
            self._open_timer_count = _timers.count_open_timers(self.history)
        limit = getattr(self._workflow, "max_open_timer_count", None)
        if limit is None:
            limit = constants.MAX_OPEN_TIMER_COUNT
        if self._open_timer_count >= limit:
            logger.warning("limit of %s/%s open timers reached", self._open_timer_count, limit)
            raise ExecutionBlocked(f"limit of {limit} open timers reached")

    def _resume_feature(self, task: Any, history: History) -> futures.Future:
        """Markers, timers and timer cancellations (features §4, §5)."""
        future: futures.Future | None
        if isinstance(task, MarkerTask):
            future = _markers.resume_marker(self, task)
            if future is None and not self._is_scheduled_already(task):
                self._add(task.schedule(), task.id)
                # A recorded marker triggers no decision task: wake the workflow up.
                self._batch.append_timer = True
        elif isinstance(task, TimerTask):
            future = _timers.resume_timer(history, task)
            if future is None and not self._is_scheduled_already(task):
                self._check_timer_cap()
                self._add(task.schedule(), task.id)
                self._timers_started.add(task.timer_id)
                assert self._open_timer_count is not None
                self._open_timer_count += 1
        elif isinstance(task, SignalTask):
            future = _signals.resume_signal(history, task, self._run_context)
            if future is None and not self._is_scheduled_already(task):
                workflow_id, run_id, _ = _signals.target(task, self._run_context)
                self._add(task.schedule(workflow_id, run_id), task.id)
        elif isinstance(task, generic.ContinueAsNewWorkflowTask):
            self._continue_as_new(task)
            future = None
        elif isinstance(task, generic.CancelActivityTask):
            target_id = str(task.target_id)
            future = _cancel.resume_cancel_activity(history, target_id)
            if future is None and not self._is_scheduled_already(task):
                self._batch.add(_cancel.request_cancel_activity(target_id), task.id)
                # `ActivityTaskCancelRequested` triggers no decision task.
                self._batch.append_timer = True
        elif isinstance(task, generic.CancelChildTask):
            target_id = str(task.target_id)
            future = _cancel.resume_cancel_child(history, target_id)
            if future is None and not self._is_scheduled_already(task):
                entry = history.child_workflows.get(target_id) or {}
                decision = _cancel.request_cancel_child(target_id, entry.get("run_id"))
                self._batch.add(decision, task.id)
        elif isinstance(task, CancelTimerTask):
            future = _timers.resume_cancel_timer(
                history, task, task.timer_id in self._timers_started
            )
            if future is None and not self._is_scheduled_already(task):
                self._add(task.schedule(), task.id)
                # `TimerCanceled` triggers no decision task.
                self._batch.append_timer = True
        else:  # pragma: no cover - _to_task only builds the kinds above
            raise TypeError(f"invalid type {type(task)} for task {task}")
        return future if future is not None else futures.Future()

    def _resolve_cancel_target(self, task: Any) -> Any:
        if isinstance(task.target, futures.Future):
            known = self._future_ids.get(id(task.target))
            if known is None or known[0] is not task.target:
                raise TypeError(
                    f"cannot cancel {task.target!r}: it was not returned by submit() in this "
                    "replay; pass the future itself, or the task's id string"
                )
            task.target_id = known[1]
        return task

    def _continue_as_new(self, task: Any) -> None:
        """Close this run with `ContinueAsNewWorkflowExecution`, the batch's last decision.

        Raises:
            ExecutionBlocked: always; the future stays pending.
            ValueError: the previous attempt failed for a cause retrying cannot cure.
        """
        cause = _continue_as_new.fatal_failure_cause(self.history)
        if cause is not None:
            raise _ContinueAsNewFailed(f"continue_as_new failed: {cause}")
        decision = _continue_as_new.continue_as_new_decision(
            task, self._workflow, self.history, self._run_context
        )
        self._batch.close(decision)
        raise ExecutionBlocked("continued as new")

    def _wait_signal(self, name: str) -> futures.Future:
        """The input of the latest signal `name`, or a pending future (never scheduled)."""
        signal = self.history.signals.get(name)
        if signal is not None:
            return _finished(signal["input"])
        self._waiting_signals.add(name)
        return futures.Future()

    def _propagate_signals(self) -> None:
        """Pass received signals on to the parent and the started children (§3.5).

        Raises:
            ExecutionBlocked: something was sent; the workflow does not run this replay.
        """
        history = self.history
        propagate_to_parent = getattr(self._workflow, "propagate_signals_to_parent", True)
        parent = None
        if propagate_to_parent is not False:
            parent = (
                self._run_context.get("parent_workflow_id"),
                self._run_context.get("parent_run_id"),
            )
        sent = False
        for name, signal in history.signals.items():
            payload = signal.get("input")
            if not isinstance(payload, dict) or not payload.get("__propagate"):
                continue
            for workflow_id, run_id in _signals.propagation_targets(history, name, signal, parent):
                task = SignalTask(
                    name,
                    *payload.get("args", ()),
                    workflow_id=workflow_id,
                    run_id=run_id,
                    extra_input={"__propagate": payload["__propagate"]},
                    **payload.get("kwargs", {}),
                )
                task.id = name
                if self._is_scheduled_already(task):
                    continue
                self._add(task.schedule(workflow_id, run_id), name)
                sent = True
        if sent:
            raise ExecutionBlocked("propagating signals")

    def _execution_context(self) -> str | None:
        """The `executionContext` to send with a blocked batch (features §3.4)."""
        if self._waiting_signals:
            return json_dumps({"waiting_signals": sorted(self._waiting_signals)})
        if self._history is not None and self._history.last_execution_context:
            return ""  # clear the previous one
        return None

    def _add(self, decisions: list[Any], task_id: str | None) -> None:
        for decision in decisions:
            self._batch.add(decision, task_id)

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
        decisions: list[Any]
        if isinstance(task, WorkflowTask):
            tags = _tags.resolve_tag_list(
                task.workflow, task.args, task.kwargs, self._run_context.get("tag_list") or []
            )
            decisions = task.schedule(
                self.domain, task_list, tag_list=tags, task_priority=task.priority
            )
            self._open_child_count += 1
        else:
            decisions = task.schedule(self.domain, task_list, task_priority=task.priority)
            self._open_activity_count += 1
        self._add(decisions, task.id)

    def map(self, callable: Any, iterable: Any) -> list[futures.Future]:
        return super().map(callable, get_actual_value(iterable))

    def starmap(self, callable: Any, iterable: Any) -> list[futures.Future]:
        return super().starmap(callable, get_actual_value(iterable))

    def fail(self, reason: str, details: Any = None) -> None:
        """Fail the workflow: the fail decision follows the decisions made so far."""
        self.on_failure(reason, details)
        decision = WorkflowExecutionDecision()
        decision.fail(
            reason=_format.reason(f"Workflow execution failed: {reason}"),
            details=_format.details(details),
        )
        self._batch.close(decision)
        raise ExecutionBlocked("workflow execution failed")

    # -- the replay --

    def _replay_history(self, decision_response: Any) -> ReplayResult:
        """Run the workflow from the start against the decision task's history."""
        self.reset()
        limit = getattr(self._workflow, "max_open_activity_count", None)
        if limit is not None:
            self._max_open_activity_count = limit
        try:
            self._history = History(decision_response.history)
            self._history.parse()
            self._run_context = _context.run_context(decision_response, self.domain, self._history)
            args, kwargs = _workflow_arguments(self._history)
            self.before_replay()
            if self._history.cancel_requested is not None:
                answer = _cancel.cancel_decisions(self._history, self._workflow)
                if answer is not None:
                    return self._answer_cancel(*answer)
            if self._history.signals:
                self._propagate_signals()
            value = self.run_workflow(*args, **kwargs)
            result = json_dumps(value)
        except ExecutionBlocked:
            logger.info(
                "%s open activities (%s decisions)",
                self._open_activity_count,
                len(self._decisions),
            )
            self.after_replay()
            decisions = self._batch.finish_blocked()
            self.execution_context = self._execution_context()
            return ReplayResult(decisions, tuple(self._effects))
        except (TaskException, WorkflowException) as err:
            return self._task_failure(err)
        except _ContinueAsNewFailed as err:
            logger.error("%s", err)
            self.on_failure(str(err))
            return self._closed(_fail_decision(str(err)))
        except StorageError:
            # S3 cannot store a jumbo field now: leave the decision task unanswered (SWF
            # times it out and schedules another) rather than fail the execution.
            raise
        except Exception as err:
            # The replay boundary: whatever workflow code (or a malformed history or input)
            # raises must become a FailWorkflowExecution decision with a readable reason and
            # the traceback, rather than crash the decider and leave the execution stuck.
            reason = f"Cannot replay the workflow: {type(err).__name__}({err})"
            details = f"Traceback:\n{traceback.format_exc()}"
            logger.exception("%s", reason)
            self.on_failure(reason)
            return self._closed(_fail_decision(reason, details))

        if self._batch.has_closing_decision():
            # `run` swallowed the ExecutionBlocked of continue_as_new: the run is closed.
            logger.warning("run() returned after continue_as_new: its value is ignored")
            self.after_replay()
            return ReplayResult(list(self._batch.decisions), tuple(self._effects))
        self.after_replay()
        try:
            # Over SWF's limit: a jumbo field on S3, or no bucket: fail explicitly (0.11.9
            # cut the JSON, which produced an invalid result).
            result = str(_format.encode_json_text(result, _format.MAX_RESULT_LENGTH, "result"))
        except _format.JumboTooLargeError as err:
            reason = f"Workflow result too large: {err}"
            logger.error("%s", reason)
            self.on_failure(reason)
            return self._closed(_fail_decision(reason))
        decision = WorkflowExecutionDecision()
        decision.complete(result=result)
        self.on_completed()
        return self._closed(decision)

    def _answer_cancel(self, decisions: list[Any], close: bool) -> ReplayResult:
        """The batch answering a cancel request; `run` is not executed (features §6)."""
        try:
            for decision in decisions:
                if decision.get("decisionType") == "CancelWorkflowExecution":
                    self._batch.close(decision)
                else:
                    self._batch.add(decision)
        except ExecutionBlocked:
            close = False  # the budget is spent: the next replay sends the rest
        if not close and any(d.get("decisionType") != "StartTimer" for d in self._batch.decisions):
            self._batch.append_timer = True
        self.after_replay()
        if close:
            self.after_closed()
            return ReplayResult(list(self._batch.decisions), tuple(self._effects))
        return ReplayResult(self._batch.finish_blocked(), tuple(self._effects))

    def _task_failure(self, err: TaskException | WorkflowException) -> ReplayResult:
        wrapped = err.exception
        # G3: the 0.11.9 wording, for activities and children alike.
        reason = 'Workflow execution error in task {}: "{}"'.format(
            err.payload.name, getattr(wrapped, "reason", repr(wrapped))
        )
        details = getattr(wrapped, "details", None)
        logger.exception("%s", reason)
        self.on_failure(reason, details)
        if isinstance(err, WorkflowException):
            # A child's details are passed on (features §2.5).
            return self._closed(_fail_decision(reason, details))
        # An activity's decision carries the reason only, as in 0.11.9 (spec §22.3).
        return self._closed(_fail_decision(reason))

    def _closed(self, decision: Any) -> ReplayResult:
        # Whatever was scheduled in this replay is discarded with its effects.
        self.after_closed()
        return ReplayResult([decision])


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _fail_decision(reason: str, details: str | None = None) -> Any:
    decision = WorkflowExecutionDecision()
    decision.fail(reason=_format.reason(reason), details=_format.details(details))
    return decision


_WARNED_NAMELESS: set[Any] = set()


def _warn_nameless_child(workflow: Any) -> None:
    if workflow not in _WARNED_NAMELESS:
        _WARNED_NAMELESS.add(workflow)
        logger.warning(
            "child workflow class %s has no name: its ids start with workflow-None-; "
            "set its `name` attribute",
            getattr(workflow, "__qualname__", workflow),
        )


def _custom_task_id_function(task: Any) -> Any:
    """The `get_task_id(workflow, *args, **kwargs)` of an activity's callable, or None."""
    activity = getattr(task, "activity", None)
    if activity is None:
        return None
    callable_ = activity._callable
    return getattr(callable_, "get_task_id", None)
