"""Marker decisions."""

from __future__ import annotations

from typing import Any

from swf.models.decision.base import Decision, decision_action

__all__ = ["MarkerDecision"]


class MarkerDecision(Decision):
    """Builds ``RecordMarker`` decisions."""

    _base_type = "Marker"

    @decision_action
    def record(self, name: str, details: Any = None) -> None:
        """Record a marker named ``name`` with optional ``details``."""
        self.update_attributes({"markerName": name, "details": details})
