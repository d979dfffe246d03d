"""Local (in-process) execution of workflows."""

from __future__ import annotations

from simpleflow.local.executor import Executor

__all__ = ["Executor"]
