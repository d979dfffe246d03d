"""Retry a function call with a delay between attempts (0.11.9's public helpers).

Built on ``swf._retry.call_with_retries``, the project's one retry loop.
"""

from __future__ import annotations

import functools
import logging
import random
import time  # noqa: F401 - tests patch ``retry.time.sleep`` (0.11.9 slept through it)
from collections.abc import Callable, Sequence
from typing import Any

from swf._retry import call_with_retries

logger = logging.getLogger(__name__)


def constant(value: float) -> Callable[..., float]:
    """Return a delay function that always returns ``value``."""

    def delay(*args: Any, **kwargs: Any) -> float:
        return value

    return delay


def exponential(value: float) -> float:
    """Random delay in ``[0, 2 ** value)`` seconds (``value`` is the attempt number)."""
    return random.random() * 2**value


def with_delay(
    nb_times: int = 1,
    delay: Callable[[int], float] = constant(1),  # noqa: B008 - 0.11.9 signature
    on_exceptions: type[BaseException] | Sequence[type[BaseException]] = Exception,
    log_with: Callable[..., Any] | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Retry the decorated function up to ``nb_times`` times on ``on_exceptions``.

    After each failed attempt ``k`` (0-based), log ``error "<err>": retrying in <d>
    seconds`` and sleep ``delay(k)``; this also happens after the *last* attempt (0.11.9
    timing, kept), then the last exception is re-raised. Other exceptions propagate at once.

    Raises:
        ValueError: ``nb_times`` is lower than 1.
    """
    if nb_times < 1:
        raise ValueError(f"nb_times must be at least 1, got {nb_times!r}")
    if isinstance(on_exceptions, Sequence):
        exceptions: tuple[type[BaseException], ...] = tuple(on_exceptions)
    else:
        exceptions = (on_exceptions,)
    log = log_with if log_with is not None else logger.info

    def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def decorated(*args: Any, **kwargs: Any) -> Any:
            return call_with_retries(
                lambda: func(*args, **kwargs),
                attempts=nb_times,
                retry_on=exceptions,
                delay=delay,
                on_retry=lambda error, attempt, seconds: log(
                    f'error "{error}": retrying in {seconds:.2f} seconds'
                ),
                sleep_after_last=True,
            )

        return decorated

    return decorator
