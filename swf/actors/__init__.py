"""Actors: the decider and the activity worker."""

from __future__ import annotations

from swf.actors.core import Actor
from swf.actors.decider import Decider
from swf.actors.worker import ActivityWorker

__all__ = ["ActivityWorker", "Actor", "Decider"]
