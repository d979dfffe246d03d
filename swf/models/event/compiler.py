"""Compiled (stateful) events: one object following an SWF entity through its states."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from swf.models.event.base import Event

__all__ = ["CompiledEvent", "InconsistentStateError", "Stateful", "TransitionError"]


class InconsistentStateError(Exception):
    """An event does not start in the state machine's initial state."""


class TransitionError(Exception):
    """An event's state is not reachable from the compiled event's current state."""


class Stateful:
    """A state machine description: its states and the allowed next states of each."""

    states: ClassVar[tuple[str, ...]] = ()
    transitions: ClassVar[Mapping[str, tuple[str, ...]]] = {}


class CompiledEvent(Event, Stateful):
    """An event that absorbs the following events of the same entity through ``transit``.

    Args:
        event: the first event; its state must be the class's ``initial_state``.

    Raises:
        InconsistentStateError: ``event`` is not in the initial state.
    """

    initial_state: ClassVar[str | None] = None

    def __init__(self, event: Event) -> None:
        # Event.__init__ is not called: the compiled event copies the parsed event's fields.
        if event.state != self.initial_state:
            raise InconsistentStateError(
                f"{type(self).__name__} must start in state {self.initial_state!r}, "
                f"got event {event.id} in state {event.state!r}"
            )
        self.__dict__.update(event.__dict__)

    @property
    def next_states(self) -> tuple[str, ...]:
        """The states reachable from the current one (empty for a final state)."""
        return self.transitions.get(self.state or "", ())

    def transit(self, event: Event) -> None:
        """Move to ``event``'s state and take its attributes.

        Raises:
            TransitionError: ``event``'s state is not reachable from the current one.
        """
        if event.state not in self.next_states:
            raise TransitionError(
                f"{self.type} event {event.id} cannot go from state {self.state!r} "
                f"to {event.state!r}; allowed next states: {list(self.next_states)!r}"
            )
        self.__dict__ = dict(event.__dict__)

    def __repr__(self) -> str:
        return f"<CompiledEvent {self.type} {self.state}>"


class _CompiledUnknownEvent(CompiledEvent):
    """Fallback for event types without a state machine (Lambda functions, new types)."""

    def __init__(self, event: Event) -> None:
        self.__dict__.update(event.__dict__)

    def transit(self, event: Event) -> None:
        self.__dict__ = dict(event.__dict__)
