"""Small helpers: ``json_dumps``, ``issubclass_`` and the ``retry`` submodule."""

from __future__ import annotations

from typing import Any

from simpleflow.utils import retry
from simpleflow.utils._json import json_dumps


def issubclass_(arg1: Any, arg2: Any) -> bool:
    """``issubclass(arg1, arg2)``, but ``False`` when ``arg1`` is not a class."""
    try:
        return issubclass(arg1, arg2)
    except TypeError:
        return False


__all__ = ["issubclass_", "json_dumps", "retry"]
