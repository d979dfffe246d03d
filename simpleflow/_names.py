"""Checks of the names and ids the library sends to SWF, made at the call (features §18).

SWF refuses a whole `RespondDecisionTaskCompleted` for one bad value; checking when the
workflow builds the task gives one clear error at the faulty line instead.
"""

from __future__ import annotations

from typing import Any

#: SWF's length limit for ids (activity, workflow, timer) and names (signal, marker).
MAX_NAME_LENGTH = 256


def check_name(value: Any, what: str) -> str:
    """Return ``value`` if SWF accepts it as a ``what`` (1–256 characters).

    Raises:
        TypeError: ``value`` is not a string.
        ValueError: ``value`` is empty or longer than 256 characters.
    """
    if not isinstance(value, str):
        raise TypeError(f"the {what} must be a string, got {value!r} ({type(value).__name__})")
    if not value:
        raise ValueError(f"the {what} must not be empty: SWF accepts 1 to 256 characters")
    if len(value) > MAX_NAME_LENGTH:
        raise ValueError(
            f"the {what} {value[:40]!r}... has {len(value)} characters: SWF accepts at most "
            f"{MAX_NAME_LENGTH}; use a shorter one"
        )
    return value


def check_timeout(value: Any, what: str) -> int:
    """Return ``value`` as whole seconds (an int, or a string of digits, >= 0).

    Raises:
        TypeError: ``value`` is not an int or a string of digits.
        ValueError: ``value`` is negative.
    """
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TypeError(
            f"the {what} must be whole seconds (an int or a string of digits), got {value!r}"
        )
    if isinstance(value, str):
        if not value.strip().lstrip("-").isdigit():
            raise TypeError(
                f"the {what} must be whole seconds (an int or a string of digits), got {value!r}"
            )
        value = int(value)
    if value < 0:
        raise ValueError(f"the {what} must be 0 or more seconds, got {value!r}")
    return value
