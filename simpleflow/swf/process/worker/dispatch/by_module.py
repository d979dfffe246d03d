"""Dispatch ``"<attribute>.<function>"`` names through the attributes of a module."""

from __future__ import annotations

from collections.abc import Mapping
from types import ModuleType
from typing import Any

from simpleflow.swf.process.worker.dispatch.exceptions import DispatchError

__all__ = ["ModuleDispatcher"]


class ModuleDispatcher:
    """Finds ``sub.func`` as ``getattr(getattr(module, sub), func)``.

    Args:
        module: the module (or any object) searched.
        mapping: optional translation of the ``sub`` part before the lookup.
    """

    def __init__(self, module: ModuleType | Any, mapping: Mapping[str, str] | None = None) -> None:
        self._module = module
        self._mapping = mapping

    def dispatch(self, name: str) -> Any:
        """The callable for ``name``.

        Raises:
            DispatchError: ``name`` has no dot, its prefix is not in the mapping, or an
                attribute is missing.
        """
        prefix, _, func = name.rpartition(".")
        if not prefix or not func:
            raise DispatchError(f"cannot dispatch {name}: expected '<attribute>.<function>'")
        if self._mapping is not None:
            try:
                prefix = self._mapping[prefix]
            except KeyError:
                raise DispatchError(f"cannot dispatch {name}") from None
        try:
            return getattr(getattr(self._module, prefix), func)
        except AttributeError as err:
            raise DispatchError(f"cannot dispatch {name}: {err}") from err
