"""``History``: the events of a workflow execution, in history order."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from typing import Any, overload

from swf.models.event.base import Event
from swf.models.event.compiler import CompiledEvent
from swf.models.event.factory import CompiledEventFactory, _event_from_raw
from swf.models.event.workflow import WorkflowExecutionEvent
from swf.utils import cached_property

__all__ = ["History"]

_FINAL_STATES = frozenset({"completed", "failed", "canceled", "terminated"})


class History:
    """A sequence of ``Event`` objects.

    Args:
        events: the events (a fresh empty list by default).
        raw: the raw event dicts they were built from, if any.
        memo: values derived from the events, kept with them: the decider's history
            cache gives every decision task of a run it holds the same dict, so that what
            was derived from the run's older events is not derived again (simpleflow keeps
            the records of its history parsing there). ``None``: nothing is kept.
    """

    def __init__(
        self,
        *args: Any,
        events: list[Event] | None = None,
        raw: Sequence[Any] | None = None,
        memo: dict[str, Any] | None = None,
    ) -> None:
        self.events: list[Event] = [] if events is None else events
        self.raw = raw
        self.memo = memo

    def __len__(self) -> int:
        return len(self.events)

    @overload
    def __getitem__(self, val: int) -> Event: ...

    @overload
    def __getitem__(self, val: slice) -> History: ...

    def __getitem__(self, val: int | slice) -> Event | History:
        if isinstance(val, int):
            return self.events[val]
        if isinstance(val, slice):
            return History(events=self.events[val])
        raise TypeError(
            f"History indices must be integers or slices, not {type(val).__name__}: {val!r}"
        )

    def __iter__(self) -> Iterator[Event]:
        return iter(self.events)

    @property
    def last(self) -> Event:
        """The last event."""
        return self.events[-1]

    @property
    def first(self) -> Event:
        """The first event."""
        return self.events[0]

    def latest(self, n: int) -> list[Event]:
        """The ``n`` last events (``events[len - n:len]``, as in 0.11.9)."""
        end = len(self.events)
        return self.events[end - n : end]

    @property
    def finished(self) -> bool:
        """Whether the last event closes the execution (completed, failed, canceled...)."""
        if not self.events:
            return False
        last = self.events[-1]
        return isinstance(last, WorkflowExecutionEvent) and last.state in _FINAL_STATES

    def filter(self, **kwargs: Any) -> list[Event]:
        """Return the events whose attributes equal every keyword argument."""
        return [
            event
            for event in self.events
            if all(getattr(event, key) == value for key, value in kwargs.items())
        ]

    @property
    def reversed(self) -> Iterator[Event]:
        """Yield the events from the last to the first."""
        yield from reversed(self.events)

    @property
    def distinct(self) -> list[list[Event]]:
        """Group consecutive events by type.

        A lone ``WorkflowExecution`` event met after the first group joins the first
        group, so the execution's own events stay together.
        """
        groups: list[list[Event]] = []
        for _, grouped in itertools.groupby(self.events, key=lambda event: event.type):
            group = list(grouped)
            if len(group) == 1 and groups and group[0].type == "WorkflowExecution":
                groups[0].extend(group)
            else:
                groups.append(group)
        return groups

    def compile(self) -> History:
        """Return a ``History`` of compiled events, one per group of ``distinct``.

        Raises:
            InconsistentStateError: a group does not start in its initial state.
            TransitionError: a group holds a transition its state machine forbids.
        """
        compiled_events: list[Event] = []
        for group in self.distinct:
            compiled: CompiledEvent = CompiledEventFactory(group[0])
            for event in group[1:]:
                compiled.transit(event)
            compiled_events.append(compiled)
        return History(events=compiled_events)

    @cached_property
    def compiled(self) -> History:
        """``compile()``, computed once."""
        return self.compile()

    @classmethod
    def from_event_list(cls, data: Sequence[Any]) -> History:
        """Build a history from raw SWF event dicts (``EventFactory`` on each)."""
        return cls(events=[_event_from_raw(raw_event) for raw_event in data], raw=data)

    def __repr__(self) -> str:
        return "<History\n\t" + "\n\t".join(repr(event) for event in self.events) + "\n>"
