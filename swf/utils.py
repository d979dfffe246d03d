"""Small helpers shared by the ``swf`` package: naming, dates, enums, caching, immutability."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, TypeVar

__all__ = [
    "Enum",
    "_CachedProperty",
    "cached_property",
    "camel_to_underscore",
    "datetime_timestamp",
    "decapitalize",
    "get_subkey",
    "immutable",
    "past_day",
    "underscore_to_camel",
]

_C = TypeVar("_C", bound=type)


def decapitalize(s: str | None) -> str:
    """Lower-case the first character of ``s``; ``''`` for an empty or falsy value."""
    if not s:
        return ""
    return s[0].lower() + s[1:]


def past_day(d: int) -> datetime:
    """Return the naive local datetime ``d`` days before now."""
    return datetime.now() - timedelta(days=d)


def datetime_timestamp(dt: datetime) -> float:
    """Return the epoch of ``dt`` read as local time, without its sub-second part."""
    return time.mktime(dt.timetuple())


class Enum:
    """A bag of named constants.

    Positional names map to their 0-based index, keyword names keep their value.
    ``name in enum`` tests names and ``enum.has_member(value)`` tests values.
    """

    def __init__(self, *sequential: str, **named: Any) -> None:
        enums: dict[str, Any] = {name: index for index, name in enumerate(sequential)}
        enums.update(named)
        self.enums = enums
        for name, value in enums.items():
            setattr(self, name, value)

    def __contains__(self, name: object) -> bool:
        return name in self.enums

    def has_member(self, value: object) -> bool:
        """Tell whether ``value`` is one of the enum's values."""
        return value in self.enums.values()

    def __repr__(self) -> str:
        members = ", ".join(f"{name}={value!r}" for name, value in self.enums.items())
        return f"Enum({members})"


def get_subkey(d: Mapping[Any, Any], key_path: Sequence[Any]) -> Any:
    """Walk nested mappings along ``key_path``.

    Args:
        d: the outer mapping.
        key_path: the keys to follow. A string is a sequence of one-character keys, so a
            one-character string is a one-element path (0.11.9 behaviour).

    Returns:
        The value found, or ``None`` as soon as a level is missing or ``None``.
    """
    if len(key_path) > 1:
        value = d.get(key_path[0])
        if value is None:
            return None
        return get_subkey(value, key_path[1:])
    return d.get(key_path[0])


_MISSING = object()


class _CachedProperty(property):
    """A property computed once per instance and stored as ``_<name>_cache``.

    A setter, when given, runs and then refreshes the cache; a deleter, when given, runs
    and then drops it. The instance needs a ``__dict__`` or a slot for the cache name.
    """

    def __init__(
        self,
        fget: Callable[[Any], Any],
        fset: Callable[[Any, Any], None] | None = None,
        fdel: Callable[[Any], None] | None = None,
        doc: str | None = None,
    ) -> None:
        doc = doc if doc is not None else fget.__doc__
        super().__init__(fget, fset, fdel, doc)
        # property subclasses do not reliably expose the doc given to property.__init__.
        self.__doc__ = doc
        self._cache_name = f"_{fget.__name__}_cache"

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = getattr(instance, self._cache_name, _MISSING)
        if value is _MISSING:
            value = self.fget(instance)  # type: ignore[misc]
            setattr(instance, self._cache_name, value)
        return value

    def __set__(self, instance: Any, value: Any) -> None:
        super().__set__(instance, value)  # AttributeError when there is no setter
        setattr(instance, self._cache_name, self.fget(instance))  # type: ignore[misc]

    def __delete__(self, instance: Any) -> None:
        super().__delete__(instance)  # AttributeError when there is no deleter
        if getattr(instance, self._cache_name, _MISSING) is not _MISSING:
            delattr(instance, self._cache_name)


cached_property = _CachedProperty


# Attribute keys of SWF events form a small closed set; memoising their conversion keeps
# history parsing fast. The bound only protects against unbounded, unusual inputs.
_CAMEL_TO_UNDERSCORE: dict[str, str] = {}
_CAMEL_CACHE_SIZE = 4096


def camel_to_underscore(s: str) -> str:
    """Convert a camelCase or CapWords name to snake_case.

    Each upper-case character except the first becomes ``'_'`` plus its lower case:
    ``'ActivityTaskScheduled'`` gives ``'activity_task_scheduled'``, ``'startedEventId'``
    gives ``'started_event_id'``.
    """
    try:
        return _CAMEL_TO_UNDERSCORE[s]
    except KeyError:
        pass
    converted = "".join(
        "_" + char.lower() if char.isupper() and index else char.lower()
        for index, char in enumerate(s)
    )
    if len(_CAMEL_TO_UNDERSCORE) < _CAMEL_CACHE_SIZE:
        _CAMEL_TO_UNDERSCORE[s] = converted
    return converted


def underscore_to_camel(s: str) -> str:
    """Convert a snake_case name to CapWords.

    The first character and every character that follows an ``'_'`` are upper-cased and
    the underscores dropped: ``'request_cancel_workflow'`` gives ``'RequestCancelWorkflow'``,
    ``'a_b_c'`` gives ``'ABC'``; ``''`` stays ``''``.
    """
    if not s:
        return ""
    chars = [s[0].upper()]
    for previous, char in zip(s, s[1:], strict=False):
        if char == "_":
            continue
        chars.append(char.upper() if previous == "_" else char)
    return "".join(chars)


# --- immutable -------------------------------------------------------------------------

# Per-instance construction state: unset while building starts, _BUILDING inside nested
# __init__ calls (an immutable subclass of an immutable class), True once built.
_FROZEN_SLOT = "_immutable_frozen"
_BUILDING = "building"


def _slot_names(cls: type) -> tuple[str, ...]:
    slots = cls.__dict__.get("__slots__", ())
    if isinstance(slots, str):
        return (slots,)
    return tuple(slots)


def _is_frozen(instance: Any) -> bool:
    return getattr(instance, _FROZEN_SLOT, None) is True


def immutable(cls: _C) -> _C:
    """Make the instances of a ``__slots__`` class read-only once constructed.

    The returned class is a subclass of ``cls`` that keeps its name, module, qualified name
    and docstring. Construction runs ``cls.__init__`` normally; afterwards, assigning or
    deleting a slot or property declared in ``cls`` itself raises ``AttributeError``, while
    slots inherited from bases (such as ``region`` and ``connection``) stay writable.
    Calling ``__init__`` again on a built instance does nothing. Class attributes stay
    patchable, and instances can be subclassed, copied and pickled (0.11.9 swapped
    ``__class__`` instead, which broke all three).

    Raises:
        TypeError: ``cls`` is not a class, or declares no ``__slots__``.
    """
    if not isinstance(cls, type):
        raise TypeError(f"immutable() decorates classes, not {cls!r}")
    if "__slots__" not in vars(cls):
        raise TypeError(
            f"immutable() needs a class declaring __slots__; add __slots__ to {cls.__qualname__}"
        )

    protected = frozenset(_slot_names(cls)).union(
        name for name, value in vars(cls).items() if isinstance(value, property)
    ) | {_FROZEN_SLOT}
    original_init: Callable[..., None] = cls.__init__  # type: ignore[misc]
    base_setstate = (
        cls.__setstate__  # type: ignore[attr-defined]
        if any("__setstate__" in vars(klass) for klass in cls.__mro__[:-1])
        else None
    )

    @functools.wraps(original_init)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        state = getattr(self, _FROZEN_SLOT, None)
        if state is True:
            return
        if state is None:
            object.__setattr__(self, _FROZEN_SLOT, _BUILDING)
            original_init(self, *args, **kwargs)
            object.__setattr__(self, _FROZEN_SLOT, True)
        else:  # called from the __init__ of an immutable subclass still building
            original_init(self, *args, **kwargs)

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if name in protected and _is_frozen(self):
            raise AttributeError(
                f"{type(self).__name__}.{name} is read-only: build a new object instead"
            )
        super(wrapper, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if name in protected and _is_frozen(self):
            raise AttributeError(f"{type(self).__name__}.{name} is read-only")
        super(wrapper, self).__delattr__(name)

    def __setstate__(self: Any, state: Any) -> None:
        # pickle and copy rebuild the object without __init__: restore the state (which
        # may carry the frozen flag), then freeze.
        object.__setattr__(self, _FROZEN_SLOT, _BUILDING)
        dict_state, slot_state = state if isinstance(state, tuple) else (state, None)
        dict_state = _without_flag(dict_state)
        slot_state = _without_flag(slot_state)
        if base_setstate is not None:
            base_setstate(
                self, (dict_state, slot_state) if isinstance(state, tuple) else dict_state
            )
        else:
            for part in (dict_state, slot_state):
                for name, value in (part or {}).items():
                    object.__setattr__(self, name, value)
        object.__setattr__(self, _FROZEN_SLOT, True)

    has_flag_slot = any(_FROZEN_SLOT in _slot_names(klass) for klass in cls.__mro__)
    namespace: dict[str, Any] = {
        "__slots__": () if has_flag_slot else (_FROZEN_SLOT,),
        "__module__": cls.__module__,
        "__qualname__": cls.__qualname__,
        "__doc__": cls.__doc__,
        "__init__": __init__,
        "__setattr__": __setattr__,
        "__delattr__": __delattr__,
        "__setstate__": __setstate__,
    }
    wrapper: Any = type(cls)(cls.__name__, (cls,), namespace)
    return wrapper


def _without_flag(state: Any) -> Any:
    if isinstance(state, dict) and _FROZEN_SLOT in state:
        return {name: value for name, value in state.items() if name != _FROZEN_SLOT}
    return state
