"""Per-task view of an SWF workflow history (spec §12, features §1.5).

`History` aggregates the raw events of a workflow execution into one dict per activity id,
child-workflow id, signal, marker, timer and request sent to another execution. The dict
fields are a contract read by the SWF executor, the stats formatters and user code
(`history.activities`, and the 0.11.9 underscore names `history._activities`...).
"""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from collections.abc import Sequence
from typing import Any

from simpleflow import _history

__all__ = ["History"]

# Keys tried, in order, by `History.get_event_id` (features §1.5).
_EVENT_ID_KEYS = (
    "scheduled_id",
    "initiated_event_id",
    "event_id",
    "started_event_id",
    "cancel_failed_event_id",
)


class History:
    """The entries of a workflow execution history.

    Args:
        history: an `swf` history container (`swf.models.history.base.History` or the
            builder's), whose `.events` is the complete list of events in id order.

    Call `parse()` before reading the entries.
    """

    def __init__(self, history: Any) -> None:
        self._history = history
        self._set_state(_history.HistoryState())
        self.last_event_id: int | None = None

    def _set_state(self, state: _history.HistoryState) -> None:
        self._state = state
        # Plain attributes rather than properties: the replay reads them once per task.
        self._activities: OrderedDict[str, dict[str, Any]] = state.activities
        self._child_workflows: OrderedDict[str, dict[str, Any]] = state.child_workflows
        self._tasks: list[dict[str, Any]] = state.tasks
        self._signals = state.signals
        self._signal_lists = state.signal_lists
        self._signaled_workflows = state.signaled_workflows
        self._external_workflows_signaling = state.external_workflows_signaling
        self._external_workflows_canceling = state.external_workflows_canceling
        self._markers = state.markers
        self._timers = state.timers
        self.started_decision_id: int | None = state.started_decision_id
        self.completed_decision_id: int | None = state.completed_decision_id

    # -- read-only views (features §1.5) --

    @property
    def swf_history(self) -> Any:
        """The underlying `swf` history."""
        return self._history

    @property
    def events(self) -> Sequence[Any]:
        """The events of the underlying `swf` history."""
        events: Sequence[Any] = self._history.events
        return events

    @property
    def activities(self) -> OrderedDict[str, dict[str, Any]]:
        """Activity entries by activity id."""
        return self._state.activities

    @property
    def child_workflows(self) -> OrderedDict[str, dict[str, Any]]:
        """Child-workflow entries by workflow id."""
        return self._state.child_workflows

    @property
    def tasks(self) -> list[dict[str, Any]]:
        """Activity, child and signal entries in first-seen order."""
        return self._state.tasks

    @property
    def signals(self) -> dict[str, dict[str, Any]]:
        """The latest `WorkflowExecutionSignaled` entry of each signal name."""
        return self._state.signals

    @property
    def signal_lists(self) -> defaultdict[str, list[dict[str, Any]]]:
        """Every signal entry of each name, in order."""
        return self._state.signal_lists

    @property
    def signaled_workflows(self) -> defaultdict[str, list[dict[str, Any]]]:
        """Signals sent by this execution and delivered, by signal name."""
        return self._state.signaled_workflows

    @property
    def external_workflows_signaling(self) -> dict[int, dict[str, Any]]:
        """Signals sent by this execution, by initiated event id."""
        return self._state.external_workflows_signaling

    @property
    def external_workflows_canceling(self) -> dict[str, dict[str, Any]]:
        """Cancellation requests sent by this execution, by target workflow id."""
        return self._state.external_workflows_canceling

    @property
    def markers(self) -> dict[str, list[dict[str, Any]]]:
        """Marker entries of each name, in event order."""
        return self._state.markers

    @property
    def timers(self) -> dict[str, dict[str, Any]]:
        """The latest entry of each timer id."""
        return self._state.timers

    @property
    def workflow(self) -> dict[str, Any]:
        """The state of the execution itself (started, closed...)."""
        return self._state.workflow

    @property
    def cancel_requested(self) -> dict[str, Any] | None:
        """The latest `WorkflowExecutionCancelRequested`, or None."""
        return self._state.cancel_requested

    @property
    def cancel_failed(self) -> dict[str, Any] | None:
        """The latest `CancelWorkflowExecutionFailed`, or None."""
        return self._state.cancel_failed

    @property
    def cancel_requested_id(self) -> int | None:
        """The event id of the latest cancel request, or None."""
        return self._state.cancel_requested_id

    @property
    def cancel_failed_decision_task_completed_event_id(self) -> int | None:
        """The decision of the latest failed cancel decision, or None."""
        return self._state.cancel_failed_decision_task_completed_event_id

    @property
    def last_execution_context(self) -> str | None:
        """The `executionContext` of the last `DecisionTaskCompleted`."""
        return self._state.last_execution_context

    @staticmethod
    def get_event_id(entry: dict[str, Any]) -> Any:
        """The first truthy id among the entry's event-id keys (features §1.5)."""
        for key in _EVENT_ID_KEYS:
            value = entry.get(key)
            if value:
                return value
        return None

    # -- parsing --

    def parse(self) -> None:
        """Build the entries from every event, once (O(events)).

        Idempotent: the containers are rebuilt on each call, so `retry` counts are not
        doubled (a 0.11.9 defect).
        """
        events = self.events
        # Kept by the decider's history cache: the records of the run's older events.
        memo = getattr(self._history, "memo", None)
        if not isinstance(memo, dict):
            memo = None
        self._set_state(_history.parse_history(events, memo))
        self.last_event_id = events[-1].id if events else None

    def parse_activity_event(self, events: Sequence[Any], event: Any) -> None:
        """Update the entries with one `ActivityTask*` event of `events`."""
        self._parse_one(events, event)

    def parse_child_workflow_event(self, events: Sequence[Any], event: Any) -> None:
        """Update the entries with one `ChildWorkflowExecution*` event of `events`."""
        self._parse_one(events, event)

    def _parse_one(self, events: Sequence[Any], event: Any) -> None:
        record = _history.parse_event(events, event)
        if record is not None:
            _history.apply_record(record, self._state)
