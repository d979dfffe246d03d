"""Boolean settings of the local executor, read from the environment when used."""

from __future__ import annotations

import os

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


def env_flag(variable: str, default: bool) -> bool:
    """The boolean value of `variable` (any case of 1/true/yes/on or 0/false/no/off).

    Raises:
        ValueError: the variable holds anything else.
    """
    text = os.environ.get(variable)
    if text is None or text == "":
        return default
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(
        f"{variable} must be a boolean (1/true/yes/on or 0/false/no/off), got {text!r}"
    )
