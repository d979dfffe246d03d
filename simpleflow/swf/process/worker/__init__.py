"""Activity worker processes: ``Worker`` supervisor, ``ActivityPoller``, ``ActivityWorker``."""

from __future__ import annotations

from simpleflow.swf.process.worker.base import ActivityPoller, ActivityWorker, Worker

__all__ = ["ActivityPoller", "ActivityWorker", "Worker"]
