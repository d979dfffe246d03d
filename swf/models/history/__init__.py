"""Workflow execution histories (and, in ``builder``, synthetic ones for tests)."""

from __future__ import annotations

from swf.models.history.base import History

__all__ = ["History"]
