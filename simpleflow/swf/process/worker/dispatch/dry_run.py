"""A dispatcher whose activities do nothing (dry runs)."""

from __future__ import annotations

from typing import Any

__all__ = ["DryRunDispatcher", "do_nothing"]


def do_nothing(*args: Any, **kwargs: Any) -> dict[str, Any]:
    """Accept any arguments and return ``{}``."""
    return {}


class DryRunDispatcher:
    """Dispatches every name to :func:`do_nothing`."""

    def dispatch(self, name: str) -> Any:
        return do_nothing
