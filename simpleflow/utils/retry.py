"""Retry a function call with a delay between attempts."""

from __future__ import annotations

import functools
import logging
import random
import time
from collections.abc import Callable, Sequence
from typing import Any

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
            last_error: BaseException | None = None
            for attempt in range(nb_times):
                try:
                    return func(*args, **kwargs)
                except exceptions as error:
                    last_error = error
                    seconds = delay(attempt)
                    log(f'error "{error}": retrying in {seconds:.2f} seconds')
                    time.sleep(seconds)
            assert last_error is not None
            raise last_error

        return decorated

    return decorator
