"""Reserved keyword arguments of ``Workflow.submit``: ``__priority``, ``__retry_policy``.

Written literally inside a class body, Python renames ``__priority`` to
``_<ClassName>__priority``; both spellings are accepted ([fix] of 0.36, features §8.2).
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["NOT_GIVEN", "pop_reserved"]

#: The keyword was not given (None is a value: "no priority").
NOT_GIVEN: Any = object()


def pop_reserved(kwargs: dict[str, Any], name: str) -> Any:
    """Pop ``__<name>`` (or its mangled form) from ``kwargs``; ``NOT_GIVEN`` if absent.

    Raises:
        TypeError: both spellings, or two mangled ones, are given.
    """
    pattern = re.compile(rf"^(?:_[A-Za-z0-9_]*)?__{name}$")
    keys = [key for key in kwargs if pattern.match(key)]
    if not keys:
        return NOT_GIVEN
    if len(keys) > 1:
        raise TypeError(f"{' and '.join(sorted(keys))} given: pass __{name} once")
    return kwargs.pop(keys[0])
