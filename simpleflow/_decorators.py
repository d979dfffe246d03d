"""Internal decorators."""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

_F = TypeVar("_F", bound=Callable[..., Any])


def deprecated(func: _F) -> _F:
    """Emit ``DeprecationWarning("Call to deprecated function <name>.")`` on each call.

    The warning points at the caller (``stacklevel=2``). Unlike 0.11.9, the global warning
    filters are left alone: Python shows it by default when the caller is ``__main__``, in
    test runners, and with ``-W default``.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        warnings.warn(
            f"Call to deprecated function {func.__name__}.",
            category=DeprecationWarning,
            stacklevel=2,
        )
        return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
