"""The ``Decision`` dict and the ``decision_action`` decorator of its builder methods."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from swf.utils import decapitalize, underscore_to_camel

__all__ = ["Decision", "decision_action", "format_priority"]

# SWF's taskPriority is a signed 32-bit integer; a value outside is refused as a validation
# error of the whole RespondDecisionTaskCompleted (features §8.2).
_PRIORITY_MIN = -(2**31)
_PRIORITY_MAX = 2**31 - 1


def format_priority(priority: Any) -> str | None:
    """Return ``taskPriority`` for ``priority``: None stays None, else ``str(int(p))``.

    Raises:
        ValueError: ``priority`` is not an integer, or not a signed 32-bit one.
    """
    if priority is None:
        return None
    if isinstance(priority, bool) or not isinstance(priority, (int, str)):
        raise ValueError(f"task priority must be an integer, got {priority!r}")
    try:
        value = int(priority)
    except ValueError:
        raise ValueError(f"task priority must be an integer, got {priority!r}") from None
    if not _PRIORITY_MIN <= value <= _PRIORITY_MAX:
        raise ValueError(
            f"task priority {value} is out of SWF's range "
            f"({_PRIORITY_MIN} to {_PRIORITY_MAX}); use a smaller value"
        )
    return str(value)


_F = TypeVar("_F", bound=Callable[..., Any])

# (method name, base type) -> (decisionType, attributes key); a handful of entries.
_NAMES: dict[tuple[str, str], tuple[str, str]] = {}


def _decision_names(action: str, base_type: str, suffix: str) -> tuple[str, str]:
    try:
        return _NAMES[action, base_type]
    except KeyError:
        decision_type = underscore_to_camel(action) + base_type
        names = (decision_type, decapitalize(decision_type + suffix))
        _NAMES[action, base_type] = names
        return names


def decision_action(func: _F) -> _F:
    """Mark a builder method of a ``Decision`` subclass.

    Before the method body runs, the decision is emptied, then gets its ``decisionType``
    (``underscore_to_camel(<method name>) + _base_type``, e.g. ``'ScheduleActivityTask'``)
    and an empty attributes dict under ``decapitalize(type + 'DecisionAttributes')``. The
    instance attributes ``type`` and ``attributes_key`` hold the same two names.
    """

    @functools.wraps(func)
    def wrapper(self: Decision, *args: Any, **kwargs: Any) -> Any:
        decision_type, attributes_key = _decision_names(
            func.__name__, self._base_type, self._attributes_key_suffix
        )
        # 0.11.9 left the previous action's attributes behind; start afresh instead.
        self.clear()
        self.type = decision_type
        self.attributes_key = attributes_key
        self["decisionType"] = decision_type
        self[attributes_key] = {}
        return func(self, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


class Decision(dict[str, Any]):
    """One entry of the ``decisions`` list of ``RespondDecisionTaskCompleted``.

    A plain ``dict`` (compared as such) built by the subclasses' action methods.
    ``Decision('schedule', ...)`` runs the action named by its first argument at once; an
    unknown action name is ignored, as in 0.11.9.
    """

    _attributes_key_suffix = "DecisionAttributes"
    _base_type: str = ""

    type: str
    attributes_key: str

    def __init__(self, action: str | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__()
        if action:
            method = getattr(self, action, None)
            if callable(method):
                method(*args, **kwargs)

    def update_attributes(self, data: Mapping[str, Any]) -> None:
        """Copy the truthy entries of ``data`` into the decision's attributes.

        ``None``, ``''``, ``0``, ``[]``, ``{}`` and dicts without a truthy value (such as
        ``{'name': None}``) are dropped (SWF rejects some of them; features §1.7).

        Raises:
            AttributeError: no action method has been called yet.
        """
        try:
            attributes_key = self.attributes_key
        except AttributeError:
            raise AttributeError(
                f"{type(self).__name__} has no action yet: call one of its action methods "
                "(for instance schedule() or complete()) before update_attributes()"
            ) from None
        attributes = self[attributes_key]
        for key, value in data.items():
            # `{'name': None}` (a task list without name) is dropped as a whole.
            if value and not (value.__class__ is dict and not any(value.values())):
                attributes[key] = value
