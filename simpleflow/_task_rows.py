"""The tasks of an execution as rows: one per activity, child workflow and timer.

Pure: SWF history events in (``swf.models.event.Event`` objects, as made by
``WorkflowExecution.history()`` or ``swf.models.history.builder``), frozen records out.
Shared by the live progress line, the timeline picture and the web view.

Each row holds its attempts in history order: an activity retried under the same activity
id (as the simpleflow executor does) gets a further attempt on the same row. Events are
matched by their SWF names (``ActivityTask*``, ``StartChildWorkflowExecutionInitiated`` and
``ChildWorkflowExecution*``, ``TimerStarted``/``TimerFired``/``TimerCanceled``,
``DecisionTask*``), so child workflows and timers show as soon as the history holds them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

__all__ = [
    "ACTIVITY",
    "CHILD",
    "OUTCOMES",
    "SCHEDULE_FAILED",
    "TIMER",
    "Attempt",
    "DecisionTask",
    "ExecutionRows",
    "ProgressCounts",
    "RowsBuilder",
    "TaskRow",
    "build_rows",
    "elapsed",
    "progress_counts",
]

ACTIVITY = "activity"
CHILD = "child"
TIMER = "timer"

#: The outcomes an attempt can have; each has its own colour in the pictures.
COMPLETED = "completed"
FAILED = "failed"
TIMED_OUT = "timed_out"
CANCELED = "canceled"
OPEN = "open"
OUTCOMES = (COMPLETED, FAILED, TIMED_OUT, CANCELED, OPEN)
SCHEDULE_FAILED = "schedule_failed"

# SWF state (snake case) -> outcome. Terminated children count as canceled: both were
# stopped from outside. Start/schedule failures are failures of the attempt.
_OUTCOME_OF_STATE = {
    "completed": COMPLETED,
    "fired": COMPLETED,
    "failed": FAILED,
    "schedule_failed": FAILED,
    "start_failed": FAILED,
    "timed_out": TIMED_OUT,
    "canceled": CANCELED,
    "terminated": CANCELED,
}

_EXECUTION_CLOSE = {
    "WorkflowExecutionCompleted": "COMPLETED",
    "WorkflowExecutionFailed": "FAILED",
    "WorkflowExecutionTimedOut": "TIMED_OUT",
    "WorkflowExecutionCanceled": "CANCELED",
    "WorkflowExecutionTerminated": "TERMINATED",
    "WorkflowExecutionContinuedAsNew": "CONTINUED_AS_NEW",
}


@dataclass(frozen=True, slots=True)
class Attempt:
    """One try of a task: scheduled (or initiated, or started for a timer), maybe started,
    maybe closed. ``number`` counts the tries from 1 (0 for a schedule failure, which is
    not a try).

    ``state`` is the last SWF state seen (``scheduled``, ``started``, ``completed``,
    ``failed``, ``timed_out``, ``canceled``, ``schedule_failed``, ``start_failed``,
    ``terminated``, ``fired``); ``outcome`` is one of ``OUTCOMES``.
    """

    number: int
    state: str
    outcome: str
    scheduled: datetime
    started: datetime | None
    closed: datetime | None
    input: Any = None
    result: Any = None
    reason: str | None = None
    details: str | None = None
    event_id: int | None = None

    @property
    def is_open(self) -> bool:
        """Whether the attempt has not closed yet."""
        return self.outcome == OPEN


@dataclass(frozen=True, slots=True)
class TaskRow:
    """One activity, child workflow or timer, with its attempts in history order.

    ``key`` is the activity id, the child's workflow id or the timer id; ``name`` the
    activity type name, the child's workflow type name, or ``'timer'``. ``run_id`` is the
    child's run id once it started.
    """

    kind: str
    key: str
    name: str
    version: str | None
    attempts: tuple[Attempt, ...]
    run_id: str | None = None

    @property
    def last(self) -> Attempt:
        """The latest attempt."""
        return self.attempts[-1]

    @property
    def state(self) -> str:
        """The SWF state of the latest attempt."""
        return self.last.state

    @property
    def outcome(self) -> str:
        """The outcome of the latest attempt."""
        return self.last.outcome

    @property
    def tries(self) -> tuple[Attempt, ...]:
        """The real attempts: all but the schedule failures (SWF refused to schedule; the
        executor registers the activity type and schedules it again)."""
        return tuple(attempt for attempt in self.attempts if attempt.state != SCHEDULE_FAILED)

    @property
    def retries(self) -> int:
        """Attempts beyond the first real one (schedule failures do not count)."""
        return max(0, len(self.tries) - 1)


@dataclass(frozen=True, slots=True)
class DecisionTask:
    """One decision task: a tick on the timeline."""

    scheduled: datetime
    started: datetime | None
    closed: datetime | None
    outcome: str


@dataclass(frozen=True, slots=True)
class ExecutionRows:
    """What an execution did, from its history.

    ``start``/``end`` are the first and last event times; ``close_status`` is ``None``
    while the execution is open.
    """

    workflow_type: str | None
    workflow_version: str | None
    start: datetime | None
    end: datetime | None
    close_status: str | None
    close_reason: str | None
    result: Any
    input: Any
    tags: tuple[str, ...]
    parent: tuple[str, str] | None
    rows: tuple[TaskRow, ...]
    decisions: tuple[DecisionTask, ...]
    event_count: int

    @property
    def is_open(self) -> bool:
        """Whether the history does not close the execution (yet)."""
        return self.close_status is None

    @property
    def duration(self) -> float:
        """Seconds between the first and the last event (0 for an empty history)."""
        if self.start is None or self.end is None:
            return 0.0
        return (self.end - self.start).total_seconds()


@dataclass(frozen=True, slots=True)
class ProgressCounts:
    """Counts of the live progress line.

    Activities by the state of their latest attempt (``scheduled`` = waiting for a worker,
    ``running`` = started, ``failed`` includes timed out and canceled), ``retried`` the
    attempts beyond the first; ``children``/``timers`` are ``None`` when the history has
    none, else the number still open.
    """

    scheduled: int = 0
    running: int = 0
    completed: int = 0
    failed: int = 0
    retried: int = 0
    children: int | None = None
    timers: int | None = None


@dataclass(slots=True)
class _MutableAttempt:
    number: int
    state: str
    scheduled: datetime
    started: datetime | None = None
    closed: datetime | None = None
    input: Any = None
    result: Any = None
    reason: str | None = None
    details: str | None = None
    event_id: int | None = None

    def freeze(self) -> Attempt:
        outcome = _OUTCOME_OF_STATE.get(self.state, OPEN)
        return Attempt(
            self.number,
            self.state,
            outcome,
            self.scheduled,
            self.started,
            self.closed,
            self.input,
            self.result,
            self.reason,
            self.details,
            self.event_id,
        )


@dataclass(slots=True)
class _MutableRow:
    kind: str
    key: str
    name: str
    version: str | None
    attempts: list[_MutableAttempt] = field(default_factory=list)
    run_id: str | None = None

    def freeze(self) -> TaskRow:
        return TaskRow(
            self.kind,
            self.key,
            self.name,
            self.version,
            tuple(attempt.freeze() for attempt in self.attempts),
            self.run_id,
        )


@dataclass(slots=True)
class _MutableDecision:
    scheduled: datetime
    started: datetime | None = None
    closed: datetime | None = None
    outcome: str = OPEN


class RowsBuilder:
    """Builds ``ExecutionRows`` from events fed in history order (incrementally).

    ``feed`` takes new events (ids already seen are skipped, so the whole history can be
    fed again); ``snapshot`` freezes what has been fed so far.
    """

    def __init__(self) -> None:
        self._rows: dict[tuple[str, str], _MutableRow] = {}
        # Event id of the scheduling/initiating/starting event -> its attempt.
        self._by_event: dict[int, _MutableAttempt] = {}
        self._decisions: dict[int, _MutableDecision] = {}
        self._last_id = 0
        self._count = 0
        self._start: datetime | None = None
        self._end: datetime | None = None
        self._type: dict[str, Any] = {}
        self._input: Any = None
        self._tags: tuple[str, ...] = ()
        self._parent: tuple[str, str] | None = None
        self._close_status: str | None = None
        self._close_reason: str | None = None
        self._result: Any = None

    @property
    def last_event_id(self) -> int:
        """The id of the last event fed (0 before any)."""
        return self._last_id

    def feed(self, events: Iterable[Any]) -> RowsBuilder:
        """Take the events (``Event`` objects) in history order; return ``self``."""
        handlers = _HANDLERS
        for event in events:
            event_id = event.id
            if isinstance(event_id, int):
                if event_id <= self._last_id:
                    continue
                self._last_id = event_id
            self._count += 1
            timestamp = event.timestamp
            if self._start is None:
                self._start = timestamp
            if self._end is None or timestamp > self._end:
                self._end = timestamp
            handler = handlers.get(event.name)
            if handler is not None:
                handler(self, event, timestamp)
        return self

    def snapshot(self) -> ExecutionRows:
        """The rows of the events fed so far."""
        parent = self._parent
        return ExecutionRows(
            workflow_type=self._type.get("name"),
            workflow_version=self._type.get("version"),
            start=self._start,
            end=self._end,
            close_status=self._close_status,
            close_reason=self._close_reason,
            result=self._result,
            input=self._input,
            tags=self._tags,
            parent=parent,
            rows=tuple(row.freeze() for row in self._rows.values()),
            decisions=tuple(
                DecisionTask(d.scheduled, d.started, d.closed, d.outcome)
                for d in self._decisions.values()
            ),
            event_count=self._count,
        )

    # --- helpers -------------------------------------------------------------------------

    def _new_attempt(
        self,
        kind: str,
        key: str,
        name: str,
        version: str | None,
        state: str,
        event: Any,
        timestamp: datetime,
    ) -> _MutableAttempt:
        row = self._rows.get((kind, key))
        if row is None:
            row = _MutableRow(kind, key, name, version)
            self._rows[(kind, key)] = row
        number = 0  # a schedule failure is not a try
        if state != SCHEDULE_FAILED:
            number = 1 + sum(1 for a in row.attempts if a.state != SCHEDULE_FAILED)
        attempt = _MutableAttempt(number, state, timestamp, event_id=event.id)
        row.attempts.append(attempt)
        if isinstance(event.id, int):
            self._by_event[event.id] = attempt
        return attempt

    def _close(
        self, event_id: Any, state: str, timestamp: datetime, **values: Any
    ) -> _MutableAttempt | None:
        attempt = self._by_event.get(event_id)
        if attempt is None:
            return None
        attempt.state = state
        attempt.closed = timestamp
        for name, value in values.items():
            setattr(attempt, name, value)
        return attempt

    # --- execution -----------------------------------------------------------------------

    def _execution_started(self, event: Any, timestamp: datetime) -> None:
        self._type = event.workflow_type or {}
        self._input = event.input
        self._tags = tuple(event.tag_list or ())
        parent = event.parent_workflow_execution
        if isinstance(parent, dict) and parent.get("workflowId"):
            self._parent = (parent["workflowId"], parent.get("runId") or "")

    def _execution_closed(self, event: Any, timestamp: datetime) -> None:
        self._close_status = _EXECUTION_CLOSE[event.name]
        self._result = event.result
        self._close_reason = event.reason or event.timeout_type or event.cause

    # --- activities ----------------------------------------------------------------------

    def _activity_scheduled(self, event: Any, timestamp: datetime) -> None:
        activity_type = event.activity_type or {}
        attempt = self._new_attempt(
            ACTIVITY,
            str(event.activity_id),
            activity_type.get("name", "?"),
            activity_type.get("version"),
            "scheduled",
            event,
            timestamp,
        )
        attempt.input = event.input

    def _activity_schedule_failed(self, event: Any, timestamp: datetime) -> None:
        activity_type = event.activity_type or {}
        attempt = self._new_attempt(
            ACTIVITY,
            str(event.activity_id),
            activity_type.get("name", "?"),
            activity_type.get("version"),
            SCHEDULE_FAILED,
            event,
            timestamp,
        )
        attempt.closed = timestamp
        attempt.reason = event.cause

    def _activity_started(self, event: Any, timestamp: datetime) -> None:
        attempt = self._by_event.get(event.scheduled_event_id)
        if attempt is not None:
            attempt.state = "started"
            attempt.started = timestamp

    def _activity_completed(self, event: Any, timestamp: datetime) -> None:
        self._close(event.scheduled_event_id, "completed", timestamp, result=event.result)

    def _activity_failed(self, event: Any, timestamp: datetime) -> None:
        self._close(
            event.scheduled_event_id,
            "failed",
            timestamp,
            reason=event.reason,
            details=event.details,
        )

    def _activity_timed_out(self, event: Any, timestamp: datetime) -> None:
        self._close(
            event.scheduled_event_id,
            "timed_out",
            timestamp,
            reason=event.timeout_type,
            details=event.details,
        )

    def _activity_canceled(self, event: Any, timestamp: datetime) -> None:
        self._close(event.scheduled_event_id, "canceled", timestamp, details=event.details)

    # --- child workflows -----------------------------------------------------------------

    def _child_initiated(self, event: Any, timestamp: datetime) -> None:
        workflow_type = event.workflow_type or {}
        attempt = self._new_attempt(
            CHILD,
            str(event.workflow_id),
            workflow_type.get("name", "?"),
            workflow_type.get("version"),
            "start_initiated",
            event,
            timestamp,
        )
        attempt.input = event.input

    def _child_start_failed(self, event: Any, timestamp: datetime) -> None:
        self._close(event.initiated_event_id, "start_failed", timestamp, reason=event.cause)

    def _child_started(self, event: Any, timestamp: datetime) -> None:
        attempt = self._by_event.get(event.initiated_event_id)
        if attempt is None:
            return
        attempt.state = "started"
        attempt.started = timestamp
        execution = event.workflow_execution or {}
        row = self._rows.get((CHILD, str(execution.get("workflowId"))))
        if row is not None and execution.get("runId") is not None:
            row.run_id = str(execution["runId"])

    # --- timers --------------------------------------------------------------------------

    def _timer_started(self, event: Any, timestamp: datetime) -> None:
        attempt = self._new_attempt(
            TIMER, str(event.timer_id), TIMER, None, "started", event, timestamp
        )
        attempt.started = timestamp
        attempt.input = event.start_to_fire_timeout

    def _timer_start_failed(self, event: Any, timestamp: datetime) -> None:
        attempt = self._new_attempt(
            TIMER, str(event.timer_id), TIMER, None, "start_failed", event, timestamp
        )
        attempt.closed = timestamp
        attempt.reason = event.cause

    # --- decision tasks ------------------------------------------------------------------

    def _decision_scheduled(self, event: Any, timestamp: datetime) -> None:
        self._decisions[event.id] = _MutableDecision(timestamp)

    def _decision_started(self, event: Any, timestamp: datetime) -> None:
        decision = self._decisions.get(event.scheduled_event_id)
        if decision is not None:
            decision.started = timestamp


_Handler = Callable[[RowsBuilder, Any, datetime], None]


def _child_closed(state: str) -> _Handler:
    def handle(builder: RowsBuilder, event: Any, timestamp: datetime) -> None:
        builder._close(
            event.initiated_event_id,
            state,
            timestamp,
            result=event.result,
            reason=event.reason or event.timeout_type,
            details=event.details,
        )

    return handle


def _timer_closed(state: str) -> _Handler:
    def handle(builder: RowsBuilder, event: Any, timestamp: datetime) -> None:
        builder._close(event.started_event_id, state, timestamp)

    return handle


def _decision_closed(outcome: str) -> _Handler:
    def handle(builder: RowsBuilder, event: Any, timestamp: datetime) -> None:
        decision = builder._decisions.get(event.scheduled_event_id)
        if decision is not None:
            decision.closed = timestamp
            decision.outcome = outcome

    return handle


_HANDLERS: dict[str, _Handler] = {
    "WorkflowExecutionStarted": RowsBuilder._execution_started,
    **{name: RowsBuilder._execution_closed for name in _EXECUTION_CLOSE},
    "ActivityTaskScheduled": RowsBuilder._activity_scheduled,
    "ScheduleActivityTaskFailed": RowsBuilder._activity_schedule_failed,
    "ActivityTaskStarted": RowsBuilder._activity_started,
    "ActivityTaskCompleted": RowsBuilder._activity_completed,
    "ActivityTaskFailed": RowsBuilder._activity_failed,
    "ActivityTaskTimedOut": RowsBuilder._activity_timed_out,
    "ActivityTaskCanceled": RowsBuilder._activity_canceled,
    "StartChildWorkflowExecutionInitiated": RowsBuilder._child_initiated,
    "StartChildWorkflowExecutionFailed": RowsBuilder._child_start_failed,
    "ChildWorkflowExecutionStarted": RowsBuilder._child_started,
    "ChildWorkflowExecutionCompleted": _child_closed("completed"),
    "ChildWorkflowExecutionFailed": _child_closed("failed"),
    "ChildWorkflowExecutionTimedOut": _child_closed("timed_out"),
    "ChildWorkflowExecutionCanceled": _child_closed("canceled"),
    "ChildWorkflowExecutionTerminated": _child_closed("terminated"),
    "TimerStarted": RowsBuilder._timer_started,
    "TimerFired": _timer_closed("fired"),
    "TimerCanceled": _timer_closed("canceled"),
    "StartTimerFailed": RowsBuilder._timer_start_failed,
    "DecisionTaskScheduled": RowsBuilder._decision_scheduled,
    "DecisionTaskStarted": RowsBuilder._decision_started,
    "DecisionTaskCompleted": _decision_closed(COMPLETED),
    "DecisionTaskTimedOut": _decision_closed(TIMED_OUT),
}


def build_rows(events: Iterable[Any]) -> ExecutionRows:
    """The rows of a whole history (``Event`` objects in history order)."""
    return RowsBuilder().feed(events).snapshot()


def progress_counts(rows: ExecutionRows) -> ProgressCounts:
    """The counts of the progress line for these rows."""
    counts = {"scheduled": 0, "running": 0, "completed": 0, "failed": 0}
    retried = 0
    children: int | None = None
    timers: int | None = None
    for row in rows.rows:
        if row.kind == ACTIVITY:
            retried += row.retries
            state = row.state
            if state == "scheduled":
                counts["scheduled"] += 1
            elif state == "started":
                counts["running"] += 1
            elif row.outcome == COMPLETED:
                counts["completed"] += 1
            else:
                counts["failed"] += 1
        elif row.kind == CHILD:
            children = (children or 0) + (1 if row.last.is_open else 0)
        else:
            timers = (timers or 0) + (1 if row.last.is_open else 0)
    return ProgressCounts(retried=retried, children=children, timers=timers, **counts)


def elapsed(rows: ExecutionRows, now: datetime) -> timedelta:
    """Time since the execution started (up to its close once closed)."""
    if rows.start is None:
        return timedelta(0)
    end = rows.end if not rows.is_open and rows.end is not None else now
    return max(timedelta(0), end - rows.start)
