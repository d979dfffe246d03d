"""Decider processes: ``Decider`` supervisor, ``DeciderPoller``, ``DeciderWorker``."""

from __future__ import annotations

from simpleflow.swf.process.decider.base import Decider, DeciderPoller, DeciderWorker

__all__ = ["Decider", "DeciderPoller", "DeciderWorker"]
