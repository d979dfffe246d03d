"""Submittables: what a workflow can hand to its executor (features §1.1)."""

from __future__ import annotations

from typing import Any

__all__ = ["Submittable", "SubmittableContainer"]


class Submittable:
    """An object the executor schedules directly (a task, a signal wait, a workflow)."""

    def propagate_attribute(self, attr: str, val: Any) -> None:
        """Set an attribute given by an enclosing group (default: ignore it)."""


class SubmittableContainer:
    """An object that submits other objects (``Group``, ``Chain``, ``FuncGroup``)."""

    def submit(self, executor: Any) -> Any:
        """Submit the members through ``executor``; return the container's future."""
        raise NotImplementedError

    def propagate_attribute(self, attr: str, val: Any) -> None:
        """Set an attribute on every member (default: ignore it)."""
