"""One scheduler thread fires every timer and timeout on time, driven by the clock.

moto evaluates timeouts lazily, when some API call happens to look, and fires each timer on
its own ``threading.Timer`` (wall time, and even after the execution closed). Real SWF fires
them on time: a timeout records its events and wakes pollers although nobody calls the API.
Here every deadline (timer, decision/activity timeouts, execution timeout) is an entry of one
heap; the thread sleeps on a condition until the earliest one, under the engine lock.

With a skipping clock (:mod:`.clock`), when the engine is idle (no decision task and no
activity task scheduled or running) the thread moves the clock to the next live deadline
instead of sleeping.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .execution import ActivityTask, DecisionTask, Execution, seconds

if TYPE_CHECKING:
    from .engine import Engine

logger = logging.getLogger(__name__)

_sequence = itertools.count()


class Scheduler:
    """Deadlines ``(when, callback, is_live)``; ``callback`` runs under the engine lock."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._heap: list[tuple[float, int, Callable[[], None], Callable[[], bool]]] = []
        self._wake = threading.Condition(engine.lock)
        self._stopped = False
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="simpleflow-swf-clock", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        with self._wake:
            self._stopped = True
            self._wake.notify_all()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)

    def at(self, when: float, callback: Callable[[], None], is_live: Callable[[], bool]) -> None:
        """Run ``callback`` at clock time ``when`` unless ``is_live()`` is false by then."""
        heapq.heappush(self._heap, (when, next(_sequence), callback, is_live))
        self._wake.notify_all()

    def poke(self) -> None:
        """Re-evaluate (the engine became idle: a skipping clock may jump)."""
        self._wake.notify_all()

    def _next_live(self) -> float | None:
        while self._heap and not self._heap[0][3]():
            heapq.heappop(self._heap)
        return self._heap[0][0] if self._heap else None

    def _run(self) -> None:
        clock = self.engine.clock
        with self._wake:
            while not self._stopped:
                when = self._next_live()
                if when is None:
                    self._wake.wait()
                    continue
                now = clock.now()
                if when > now and clock.time_skipping and self.engine.is_idle():
                    clock.skip_to(when)
                    now = clock.now()
                if when > now:
                    self._wake.wait(min(when - now, 3600.0))
                    continue
                _, _, callback, is_live = heapq.heappop(self._heap)
                if not is_live():
                    continue
                try:
                    callback()
                except Exception:  # one broken deadline must not stop the clock
                    logger.exception("local SWF engine: a scheduled deadline failed")


# -- the deadlines ---------------------------------------------------------------------------


def watch_decision_started(engine: Engine, task: DecisionTask) -> None:
    limit = seconds(task.execution.task_timeout)
    if limit is None:
        return
    engine.scheduler.at(
        engine.clock.now() + limit,
        lambda: _decision_timed_out(engine, task, "START_TO_CLOSE"),
        lambda: task.state == "started",
    )


def watch_decision_scheduled(engine: Engine, task: DecisionTask) -> None:
    limit = seconds(task.execution.decision_schedule_to_start)
    if limit is None:
        return
    engine.scheduler.at(
        engine.clock.now() + limit,
        lambda: _decision_timed_out(engine, task, "SCHEDULE_TO_START"),
        lambda: task.state == "scheduled",
    )


def _decision_timed_out(engine: Engine, task: DecisionTask, timeout_type: str) -> None:
    from .decision_tasks import time_out_decision_task

    time_out_decision_task(engine, task, timeout_type)


def watch_activity_scheduled(engine: Engine, task: ActivityTask) -> None:
    now = engine.clock.now()
    to_start = task.timeouts.get("SCHEDULE_TO_START")
    if to_start is not None:
        engine.scheduler.at(
            now + to_start,
            lambda: time_out_activity(engine, task, "SCHEDULE_TO_START"),
            lambda: task.state == "scheduled",
        )
    to_close = task.timeouts.get("SCHEDULE_TO_CLOSE")
    if to_close is not None:
        engine.scheduler.at(
            now + to_close,
            lambda: time_out_activity(engine, task, "SCHEDULE_TO_CLOSE"),
            lambda: task.state != "closed",
        )


def watch_activity_started(engine: Engine, task: ActivityTask) -> None:
    now = engine.clock.now()
    limit = task.timeouts.get("START_TO_CLOSE")
    if limit is not None:
        engine.scheduler.at(
            now + limit,
            lambda: time_out_activity(engine, task, "START_TO_CLOSE"),
            lambda: task.state == "started",
        )
    _watch_heartbeat(engine, task)


def _watch_heartbeat(engine: Engine, task: ActivityTask) -> None:
    limit = task.timeouts.get("HEARTBEAT")
    if limit is None:
        return
    beat = task.last_heartbeat

    def fire() -> None:
        if task.last_heartbeat != beat:  # a heartbeat came in: watch from that one
            _watch_heartbeat(engine, task)
            return
        time_out_activity(engine, task, "HEARTBEAT")

    engine.scheduler.at(beat + limit, fire, lambda: task.state == "started")


def time_out_activity(engine: Engine, task: ActivityTask, timeout_type: str) -> None:
    from .activities import close_activity

    attributes: dict[str, Any] = {
        "timeoutType": timeout_type,
        "scheduledEventId": task.scheduled_event_id,
        "startedEventId": task.started_event_id,
        "details": task.heartbeat_details,
    }
    close_activity(engine, task, "ActivityTaskTimedOut", attributes)


def watch_execution(engine: Engine, execution: Execution) -> None:
    limit = seconds(execution.execution_timeout)
    if limit is None:
        return
    engine.scheduler.at(
        execution.start_timestamp + limit,
        lambda: _execution_timed_out(engine, execution),
        lambda: execution.is_open,
    )


def _execution_timed_out(engine: Engine, execution: Execution) -> None:
    from .children import apply_child_policy

    engine.close(
        execution,
        "TIMED_OUT",
        {"timeoutType": "START_TO_CLOSE", "childPolicy": execution.child_policy},
    )
    apply_child_policy(engine, execution, execution.child_policy)
