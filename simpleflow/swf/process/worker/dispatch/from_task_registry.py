"""Dispatch activity names through the activity registry."""

from __future__ import annotations

from typing import Any

from simpleflow.swf.process.worker.dispatch.exceptions import DispatchError

__all__ = ["RegistryDispatcher"]


class RegistryDispatcher:
    """Looks activities up in ``registry[label]`` (a ``{name: Activity}`` mapping).

    Args:
        registry: usually ``simpleflow.registry.registry``; every ``Activity`` registers
            itself there under label ``None`` when its module is imported.
        label: the registry label.
        workflow: accepted for compatibility and ignored.
    """

    def __init__(self, registry: Any, label: str | None, workflow: Any) -> None:
        self._registry = registry
        self._label = label
        self._workflow = workflow

    def dispatch_activity(self, name: str) -> Any:
        """The ``Activity`` registered as ``name``.

        Raises:
            DispatchError: no such activity (is its module imported by the workflow's?).
        """
        try:
            return self._registry[self._label][name]
        except KeyError:
            raise DispatchError(
                f"cannot dispatch {name!r}: no activity with this name is registered; import "
                "the module that defines it from the workflow's module"
            ) from None

    def dispatch(self, name: str) -> Any:
        """The underlying callable of the activity registered as ``name``."""
        return self.dispatch_activity(name)._callable
