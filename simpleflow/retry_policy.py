"""``RetryPolicy``: declarative retries with backoff, on SWF timers (features §9.4) [ours]."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

__all__ = ["RetryPolicy"]


def _seconds(value: Any, what: str) -> float:
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(
            f"RetryPolicy {what} must be a number of seconds or a timedelta, got {value!r}"
        )
    return float(value)


@dataclass(frozen=True)
class RetryPolicy:
    """How an activity or a child workflow is retried after a failure or a timeout.

    Modelled on Temporal's retry policy. The k-th retry (k failed attempts so far) waits
    ``min(initial_interval * backoff_coefficient ** (k - 1), maximum_interval)`` seconds,
    rounded up (SWF timers count whole seconds); 0 retries at once, without a timer.

    Args:
        initial_interval: seconds (or a timedelta) before the first retry, >= 0.
        backoff_coefficient: growth of the delay per retry, >= 1.
        maximum_interval: cap of the delay; default 100 x ``initial_interval``.
        maximum_attempts: total attempts; 0 = unlimited (bounded in practice by the
            execution timeout and SWF's 25,000-event history); 1 = no retry.
        non_retryable_error_types: exception type names that are never retried (exact
            match: ``'ValueError'``, ``'builtins.ValueError'``, ``'TimeoutError'``,
            ``'TimeoutError.START_TO_CLOSE'``, ``'TaskCanceled'``...).

    Raises:
        ValueError: a value out of range (checked at construction).
    """

    initial_interval: float | timedelta = 1
    backoff_coefficient: float = 2.0
    maximum_interval: float | timedelta | None = None
    maximum_attempts: int = 0
    non_retryable_error_types: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        initial = _seconds(self.initial_interval, "initial_interval")
        if initial < 0:
            raise ValueError(f"RetryPolicy initial_interval must be >= 0, got {initial!r}")
        object.__setattr__(self, "initial_interval", initial)
        coefficient = self.backoff_coefficient
        if isinstance(coefficient, bool) or not isinstance(coefficient, (int, float)):
            raise ValueError(
                f"RetryPolicy backoff_coefficient must be a number, got {coefficient!r}"
            )
        if coefficient < 1:
            raise ValueError(f"RetryPolicy backoff_coefficient must be >= 1, got {coefficient!r}")
        if self.maximum_interval is None:
            maximum = 100 * initial
        else:
            maximum = _seconds(self.maximum_interval, "maximum_interval")
            if maximum < initial:
                raise ValueError(
                    f"RetryPolicy maximum_interval ({maximum!r}) must be >= initial_interval "
                    f"({initial!r})"
                )
        object.__setattr__(self, "maximum_interval", maximum)
        attempts = self.maximum_attempts
        if isinstance(attempts, bool) or not isinstance(attempts, int) or attempts < 0:
            raise ValueError(
                f"RetryPolicy maximum_attempts must be an integer >= 0 (0: unlimited), got "
                f"{attempts!r}"
            )
        names = self.non_retryable_error_types
        if isinstance(names, str) or not all(isinstance(name, str) for name in names):
            raise ValueError(
                "RetryPolicy non_retryable_error_types must be a tuple of type names, got "
                f"{names!r}"
            )
        object.__setattr__(self, "non_retryable_error_types", tuple(names))

    def next_delay(self, attempt: int) -> int | None:
        """Seconds before the next attempt after ``attempt`` failed ones; None: no more."""
        if self.maximum_attempts and attempt >= self.maximum_attempts:
            return None
        initial = float(self.initial_interval)  # type: ignore[arg-type]
        maximum = float(self.maximum_interval)  # type: ignore[arg-type]
        try:
            delay = initial * self.backoff_coefficient ** (attempt - 1)
        except OverflowError:
            delay = maximum
        return math.ceil(min(delay, maximum))
