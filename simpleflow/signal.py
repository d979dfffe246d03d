"""Waiting for a signal (features §3.4)."""

from __future__ import annotations

from simpleflow import _names
from simpleflow.base import Submittable

__all__ = ["WaitForSignal"]


class WaitForSignal(Submittable):
    """Submitted, its future finishes with the input of the latest signal ``signal_name``.

    Raises:
        TypeError, ValueError: ``signal_name`` is not a name SWF accepts.
    """

    def __init__(self, signal_name: str) -> None:
        self.signal_name = _names.check_name(signal_name, "signal name")

    def __repr__(self) -> str:
        return f"WaitForSignal({self.signal_name!r})"
