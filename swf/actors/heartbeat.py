"""A decorator that heartbeats in the background while a function runs."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from swf.actors.helpers import Every, meanwhile

__all__ = ["heartbeat_on"]


class heartbeat_on:
    """Decorator: call ``heartbeat`` every ``interval`` seconds while the function runs.

    ``heartbeat`` receives the same arguments as the decorated function.

    Args:
        heartbeat: the function that records a heartbeat.
        interval: seconds between two heartbeats.
    """

    def __init__(self, heartbeat: Callable[..., Any], interval: float) -> None:
        self.heartbeat = heartbeat
        self.interval = interval

    def __call__(self, func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def with_heartbeat(*args: Any, **kwargs: Any) -> Any:
            return meanwhile(
                Every(self.interval, self.heartbeat, *args, **kwargs), func, *args, **kwargs
            )

        return with_heartbeat
