"""Entry dicts whose costly values are computed on first read.

A decision replays the whole history, yet reads only the states, ids and results of its
tasks: decoding every activity's ``input`` and ``control`` and converting every timestamp
to a datetime would cost more than the rest of the history parsing. An `Entry` holds such
values as `Lazy` placeholders, each naming an attribute of its event (``input``,
``control``, ``timestamp``: the `swf` event decodes or converts it once, on first access),
and swaps the placeholder for the value when it is read. Every way of reading a dict
(``entry[key]``, ``get``, ``items``, ``values``, comparison, ``repr``, copying, ``dict(entry)``,
``json.dumps``) returns the values, so user code sees a plain dict of decoded values.
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterator, ValuesView
from typing import Any

__all__ = ["Entry", "Lazy"]


class Lazy:
    """The attribute `name` of `event`, read when the entry holding it is read."""

    __slots__ = ("event", "name")

    def __init__(self, event: Any, name: str) -> None:
        self.event = event
        self.name = name

    def value(self) -> Any:
        return getattr(self.event, self.name)

    def __repr__(self) -> str:
        return f"<Lazy {self.name} of event {getattr(self.event, 'id', None)}>"


class Entry(dict[str, Any]):
    """A history entry: a dict whose `Lazy` values are resolved on read."""

    __slots__ = ()

    def __getitem__(self, key: str) -> Any:
        value = dict.__getitem__(self, key)
        if value.__class__ is Lazy:
            value = value.value()
            dict.__setitem__(self, key, value)
        return value

    def get(self, key: str, default: Any = None) -> Any:
        value = dict.get(self, key, default)
        if value.__class__ is Lazy:
            value = value.value()
            dict.__setitem__(self, key, value)
        return value

    def resolve(self) -> Entry:
        """Replace every placeholder by its value; return the entry."""
        for key, value in list(dict.items(self)):
            if value.__class__ is Lazy:
                dict.__setitem__(self, key, value.value())
        return self

    # Every other read goes through `resolve`. Defining `__iter__` also makes
    # `dict(entry)`, `{**entry}` and `update(entry)` read through `keys()` and
    # `__getitem__` instead of copying the stored placeholders.
    def __iter__(self) -> Iterator[str]:
        return dict.__iter__(self)

    def items(self) -> ItemsView[str, Any]:  # type: ignore[override]
        return dict.items(self.resolve())

    def values(self) -> ValuesView[Any]:  # type: ignore[override]
        return dict.values(self.resolve())

    def copy(self) -> dict[str, Any]:
        return dict.copy(self.resolve())

    def pop(self, key: str, *default: Any) -> Any:
        value = dict.pop(self, key, *default)
        return value.value() if value.__class__ is Lazy else value

    def popitem(self) -> tuple[str, Any]:
        key, value = dict.popitem(self)
        return key, (value.value() if value.__class__ is Lazy else value)

    def setdefault(self, key: str, default: Any = None) -> Any:
        if key in self:
            return self[key]
        dict.__setitem__(self, key, default)
        return default

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Entry):
            other.resolve()
        return dict.__eq__(self.resolve(), other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None

    def __or__(self, other: Any) -> dict[str, Any]:  # type: ignore[override]
        return dict.__or__(self.resolve(), other)

    def __ror__(self, other: Any) -> dict[str, Any]:  # type: ignore[override]
        return dict.__ror__(self.resolve(), other)

    def __repr__(self) -> str:
        return dict.__repr__(self.resolve())

    def __reduce__(self) -> tuple[Any, ...]:
        # Copies and pickles are plain dicts of the values.
        return (dict, (dict(self.items()),))
