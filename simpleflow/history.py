"""Per-task view of an SWF workflow history (spec §12).

`History` aggregates the raw events of a workflow execution into one dict per activity id
and per child-workflow id. The dict fields are a contract read by the SWF executor, the
stats formatters and user code (`history._activities`, `history._tasks`...).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from simpleflow.swf import _history_records

__all__ = ["History"]


class History:
    """Activity and child-workflow entries of a workflow execution history.

    Args:
        history: an `swf` history container (`swf.models.history.base.History` or the
            builder's), whose `.events` is the complete list of events in id order.

    Call `parse()` before reading `_activities`, `_child_workflows` or `_tasks`.
    """

    def __init__(self, history: Any) -> None:
        self._history = history
        self._activities: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._child_workflows: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._tasks: list[dict[str, Any]] = []

    @property
    def events(self) -> Sequence[Any]:
        """The events of the underlying `swf` history."""
        events: Sequence[Any] = self._history.events
        return events

    def parse(self) -> None:
        """Build the entries from every event, once (O(events)).

        Idempotent: the containers are rebuilt on each call, so `retry` counts are not
        doubled (a 0.11.9 defect).
        """
        self._activities = OrderedDict()
        self._child_workflows = OrderedDict()
        self._tasks = []
        _history_records.apply_records(
            _history_records.parse_events(self.events),
            self._activities,
            self._child_workflows,
            self._tasks,
        )

    def parse_activity_event(self, events: Sequence[Any], event: Any) -> None:
        """Update the entries with one `ActivityTask*` event of `events`."""
        self._parse_one(events, event)

    def parse_child_workflow_event(self, events: Sequence[Any], event: Any) -> None:
        """Update the entries with one `ChildWorkflowExecution*` event of `events`."""
        self._parse_one(events, event)

    def _parse_one(self, events: Sequence[Any], event: Any) -> None:
        record = _history_records.parse_event(events, event)
        if record is not None:
            _history_records.apply_record(
                record, self._activities, self._child_workflows, self._tasks
            )
