"""Errors of the activity dispatchers."""

from __future__ import annotations

__all__ = ["DispatchError"]


class DispatchError(Exception):
    """No activity (or callable) matches the requested name."""
