"""Small helpers: ``json_dumps``, ``issubclass_`` and the ``retry`` submodule."""

from __future__ import annotations

from typing import Any

from simpleflow.utils import retry

# As in 0.11.9, the function shadows the submodule ``simpleflow.utils.json_dumps``.
from simpleflow.utils.json_dumps import json_dumps


def issubclass_(arg1: Any, arg2: Any) -> bool:
    """``issubclass(arg1, arg2)``, but ``False`` when ``arg1`` is not a class."""
    try:
        return issubclass(arg1, arg2)
    except TypeError:
        return False


__all__ = ["issubclass_", "json_dumps", "retry"]
