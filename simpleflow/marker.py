"""Markers recorded in a workflow history (features §4)."""

from __future__ import annotations

from typing import Any

__all__ = ["Marker"]


class Marker:
    """A recorded marker: its ``name`` and decoded ``details``."""

    def __init__(self, name: str, details: Any) -> None:
        self.name = name
        self.details = details

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Marker) and (self.name, self.details) == (
            other.name,
            other.details,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<Marker {self.name!r} details={self.details!r}>"
