"""Dispatchers: find the callable of an activity from its name."""

from __future__ import annotations

from simpleflow.swf.process.worker.dispatch.by_module import ModuleDispatcher
from simpleflow.swf.process.worker.dispatch.dry_run import DryRunDispatcher
from simpleflow.swf.process.worker.dispatch.exceptions import DispatchError
from simpleflow.swf.process.worker.dispatch.from_task_registry import RegistryDispatcher

__all__ = ["DispatchError", "DryRunDispatcher", "ModuleDispatcher", "RegistryDispatcher"]
