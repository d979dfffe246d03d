"""Marker events."""

from __future__ import annotations

from swf.models.event.base import Event
from swf.models.event.compiler import CompiledEvent

__all__ = ["CompiledMarkerEvent", "MarkerEvent"]


class MarkerEvent(Event):
    """``MarkerRecorded`` and ``RecordMarkerFailed`` events."""

    _type = "Marker"


class CompiledMarkerEvent(CompiledEvent):
    """A recorded marker (no transitions)."""

    _type = "Marker"
    states = ("recorded",)
    transitions = {}
    initial_state = "recorded"
