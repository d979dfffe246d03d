"""The execution engine behind one :class:`~simpleflow.local_server.LocalSWFServer`.

moto keeps the registry (domains, activity and workflow types) and the HTTP layer; this
engine owns everything that happens to executions (see :mod:`.routes` for why moto's
execution model was replaced rather than patched). All state is guarded by one re-entrant
lock; long polls and the scheduler wait on conditions built on that lock.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from typing import Any

from . import _moto
from .clock import Clock
from .execution import (
    CLOSE_EVENTS,
    TRIGGERS,
    ActivityTask,
    DecisionTask,
    Execution,
    attributes_key,
)
from .limits import EngineSettings
from .polling import TaskQueue
from .timeouts import Scheduler

logger = logging.getLogger(__name__)


class Engine:
    """Executions, task lists, tokens and the clock of one local server."""

    def __init__(self, settings: EngineSettings, clock: Clock) -> None:
        self.settings = settings
        self.clock = clock
        self.lock = threading.RLock()
        self.scheduler = Scheduler(self)
        self._stopped = False
        self.reset()

    def reset(self) -> None:
        """Forget every execution (``/moto-api/reset``); waiting polls return empty."""
        with self.lock:
            for queue in getattr(self, "_queues", {}).values():
                queue.condition.notify_all()
            self.executions: dict[str, dict[str, Execution]] = {}  # domain -> run id -> ex
            self.open_by_id: dict[tuple[str, str], Execution] = {}
            self._queues: dict[tuple[str, str, str], TaskQueue] = {}
            self.decision_tokens: dict[str, DecisionTask] = {}
            self.activity_tokens: dict[str, ActivityTask] = {}
            self.busy = 0  # decision + activity tasks scheduled or started, engine-wide
            self.deferred: list[Callable[[], None]] = []
            # decision-task token -> task, for the next pages of PollForDecisionTask (§14)
            self.page_tasks: dict[str, DecisionTask] = {}

    def start(self) -> None:
        self._stopped = False
        self.scheduler.start()

    def stop(self) -> None:
        with self.lock:
            self._stopped = True
            for queue in self._queues.values():
                queue.condition.notify_all()
        self.scheduler.stop()

    @property
    def stopped(self) -> bool:
        return self._stopped

    # -- lookups ---------------------------------------------------------------------------

    def queue(self, kind: str, domain: str, task_list: str) -> TaskQueue:
        key = (kind, domain, task_list)
        queue = self._queues.get(key)
        if queue is None:
            queue = self._queues[key] = TaskQueue(self.lock)
        return queue

    def find(self, domain: str, workflow_id: str, run_id: str | None = None) -> Execution | None:
        if not run_id:
            return self.open_by_id.get((domain, workflow_id))
        execution = self.executions.get(domain, {}).get(run_id)
        if execution is None or execution.workflow_id != workflow_id:
            return None
        return execution

    def get(self, domain: str, ref: Any, must_be_open: bool = False) -> Execution:
        if not isinstance(ref, dict) or not ref.get("workflowId"):
            raise _moto.validation("execution.workflowId is required")
        execution = self.find(domain, ref["workflowId"], ref.get("runId"))
        if execution is None or (must_be_open and not execution.is_open):
            run = f", runId={ref['runId']}" if ref.get("runId") else ""
            raise _moto.unknown(
                f"Unknown execution: WorkflowExecution=[workflowId={ref['workflowId']}{run}]"
            )
        return execution

    def is_idle(self) -> bool:
        return self.busy == 0

    def count_open(self, domain: str) -> int:
        return sum(1 for (name, _), _ex in self.open_by_id.items() if name == domain)

    # -- history ---------------------------------------------------------------------------

    def record(self, execution: Execution, event_type: str, attributes: dict[str, Any]) -> int:
        """Append an event; a triggering event schedules a decision task (§13.1, §13.2).

        Nothing is recorded on a closed execution (§20.12): the call returns 0.
        """
        if not execution.is_open:
            return 0
        event_id = execution.next_event_id
        execution.events.append(
            {
                "eventId": event_id,
                "eventTimestamp": self.clock.now(),
                "eventType": event_type,
                attributes_key(event_type): {
                    key: value for key, value in attributes.items() if value is not None
                },
            }
        )
        if event_type in TRIGGERS:
            if execution.in_batch:
                execution.batch_triggered = True
            else:
                if execution.decision_started is not None:
                    execution.decision_started.has_new_events = True
                from .decision_tasks import schedule_decision_task

                schedule_decision_task(self, execution)
        self._check_event_limit(execution)
        return event_id

    def _check_event_limit(self, execution: Execution) -> None:
        # §18: the history is capped (25,000 events); SWF terminates the execution with
        # cause EVENT_LIMIT_EXCEEDED. One slot is kept for the terminated event itself.
        if execution.is_open and len(execution.events) >= self.settings.max_history_events - 1:
            from .children import apply_child_policy

            self.close(
                execution,
                "TERMINATED",
                {"childPolicy": execution.child_policy, "cause": "EVENT_LIMIT_EXCEEDED"},
            )
            apply_child_policy(self, execution, execution.child_policy)

    # -- lifecycle -------------------------------------------------------------------------

    def new_execution(self, run_id: str | None = None, **fields: Any) -> Execution:
        execution = Execution(
            run_id=run_id or uuid.uuid4().hex, start_timestamp=self.clock.now(), **fields
        )
        self.executions.setdefault(execution.domain, {})[execution.run_id] = execution
        self.open_by_id[(execution.domain, execution.workflow_id)] = execution
        return execution

    def close(self, execution: Execution, close_status: str, attributes: dict[str, Any]) -> int:
        """Record the closing event and drop everything still open (§13.3.6)."""
        if not execution.is_open:
            return 0
        event_type = CLOSE_EVENTS[close_status]
        # Record first (the execution is still open), then close: closing events trigger
        # nothing (§13.2), so no decision task can follow.
        event_id = execution.next_event_id
        execution.events.append(
            {
                "eventId": event_id,
                "eventTimestamp": self.clock.now(),
                "eventType": event_type,
                attributes_key(event_type): {
                    key: value for key, value in attributes.items() if value is not None
                },
            }
        )
        execution.status = "CLOSED"
        execution.close_status = close_status
        execution.close_timestamp = self.clock.now()
        self.open_by_id.pop((execution.domain, execution.workflow_id), None)
        for task in (execution.decision_scheduled, execution.decision_started):
            if task is not None and task.state != "closed":
                task.state = "closed"
                self.decision_tokens.pop(task.token, None)
                self.busy -= 1
        execution.decision_scheduled = execution.decision_started = None
        for activity in execution.activities.values():
            activity.state = "closed"
            self.activity_tokens.pop(activity.token, None)
            self.busy -= 1
        execution.activities.clear()
        execution.timers.clear()
        self.scheduler.poke()
        from .children import notify_parent

        notify_parent(self, execution)
        return event_id

    def defer(self, effect: Callable[[], None]) -> None:
        """Run ``effect`` once the current request's batch is applied (asynchronous events)."""
        self.deferred.append(effect)

    def run_deferred(self) -> None:
        while self.deferred:
            effect = self.deferred.pop(0)
            effect()

    # -- moto's registry -------------------------------------------------------------------

    #: moto's ``SWFBackend`` of the request being served (set by :mod:`.routes`).
    backend: Any = None

    def domain_of(self, name: str) -> Any:
        """moto's ``Domain`` (types registry), or ``UnknownResourceFault``."""
        return _moto.get_domain(self.backend, name)
