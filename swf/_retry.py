"""Retrying a call with a delay between attempts: the one retry helper of the project.

``simpleflow.utils.retry.with_delay`` (public, 0.11.9), the connection set-up of
``swf.core``, the completion calls of the pollers and the pollers' own backoff all use
these functions. They live at the bottom of the layers (no I/O, no botocore) so that
``swf`` and ``simpleflow`` can both use them.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any, TypeVar

_T = TypeVar("_T")

#: Delay before the first retry of a capped backoff (seconds).
BASE_BACKOFF = 1.0


def exponential_jitter(attempt: int) -> float:
    """0.11.9's delay: ``random() * 2 ** attempt`` seconds (``attempt`` is 0-based)."""
    return random.random() * 2**attempt


def capped_backoff(attempt: int, cap: float) -> float:
    """Jittered exponential delay before retry number ``attempt`` (0-based), at most ``cap``.

    Between half and all of ``min(cap, BASE_BACKOFF * 2 ** attempt)``.
    """
    ceiling = min(cap, BASE_BACKOFF * 2 ** min(attempt, 16))
    return ceiling * (0.5 + random.random() / 2)


def call_with_retries(
    func: Callable[[], _T],
    *,
    attempts: int,
    retry_on: type[BaseException] | tuple[type[BaseException], ...] = Exception,
    give_up_on: type[BaseException] | tuple[type[BaseException], ...] = (),
    delay: Callable[[int], float] = exponential_jitter,
    on_retry: Callable[[BaseException, int, float], Any] | None = None,
    sleep_after_last: bool = False,
) -> _T:
    """Call ``func()`` until it returns, at most ``attempts`` times.

    After failed attempt ``k`` (0-based) with an exception matching ``retry_on``,
    ``on_retry(error, k, seconds)`` is called and ``delay(k)`` seconds are slept before
    the next attempt. Other exceptions propagate at once. After the last attempt the last
    exception is re-raised, after one more sleep if ``sleep_after_last`` (the timing of
    0.11.9's ``with_delay``).

    Raises:
        ValueError: ``attempts`` is lower than 1.
    """
    if attempts < 1:
        raise ValueError(f"attempts must be at least 1, got {attempts!r}")
    for attempt in range(attempts):
        try:
            return func()
        except give_up_on:
            raise
        except retry_on as error:
            last = attempt + 1 >= attempts
            if last and not sleep_after_last:
                raise
            seconds = delay(attempt)
            if on_retry is not None:
                on_retry(error, attempt, seconds)
            time.sleep(seconds)
            if last:
                raise
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises
