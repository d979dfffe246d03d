"""Base of the connected models, and the local/remote difference they report."""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterator
from typing import Any, NoReturn

from swf.core import ConnectedSWFObject
from swf.exceptions import (
    DoesNotExistError,
    ResponseError,
    SWFResponseError,
    is_unknown_resource_raised,
)

__all__ = ["BaseModel", "Difference", "ModelDiff"]

#: One differing attribute: its name, the local value and the remote (upstream) value.
Difference = namedtuple("Difference", ("attr", "local", "upstream"))


class ModelDiff:
    """The attributes whose local and remote values differ, in input order.

    Args:
        *input: ``(attr, local, upstream)`` triples; only those with ``local != upstream``
            are kept (plain ``!=``: ``30`` differs from ``'30'``).

    ``len(diff)`` counts the differences, ``attr in diff`` tests an attribute name and
    ``diff[i]`` is the i-th :data:`Difference`.
    """

    def __init__(self, *input: tuple[str, Any, Any]) -> None:
        self.container: dict[str, tuple[Any, Any]] = {}
        self.add_input(*input)

    def add_input(self, *input: tuple[str, Any, Any]) -> None:
        """Add more ``(attr, local, upstream)`` triples, keeping only differing ones."""
        for attr, local, upstream in input:
            if local != upstream:
                self.container[attr] = (local, upstream)

    def merge(self, other: ModelDiff) -> None:
        """Add every entry of another diff to this one."""
        for attr, (local, upstream) in other.container.items():
            self.container[attr] = (local, upstream)

    def differing_fields(self) -> list[str]:
        """The names of the differing attributes."""
        return list(self.container)

    def as_list(self) -> list[Difference]:
        """The differences, as a list of :data:`Difference` tuples."""
        return [
            Difference(attr, local, upstream) for attr, (local, upstream) in self.container.items()
        ]

    def __contains__(self, attr: object) -> bool:
        return attr in self.container

    def __len__(self) -> int:
        return len(self.container)

    def __getitem__(self, index: int) -> Difference:
        return self.as_list()[index]

    def __iter__(self) -> Iterator[Difference]:
        return iter(self.as_list())

    def __repr__(self) -> str:
        return "ModelDiff({})".format(", ".join(repr(diff) for diff in self.as_list()))


class BaseModel(ConnectedSWFObject):
    """Base of the models: a local object that mirrors a remote SWF resource.

    Subclasses implement ``_diff``, ``exists`` and, where SWF allows it, ``save``,
    ``delete`` and ``upstream``.
    """

    # Upstream also listed ``exists``, ``is_synced`` and ``changes`` here, which Python 3
    # rejects (a slot clashing with a class attribute).
    __slots__ = ()

    def _diff(self) -> ModelDiff:
        """Compare the local object with the remote one.

        Raises:
            DoesNotExistError: the remote object does not exist.
            ResponseError: SWF answered with another error.
        """
        raise NotImplementedError

    @property
    def exists(self) -> bool:
        """Whether the remote object exists."""
        raise NotImplementedError

    @property
    def is_synced(self) -> bool:
        """Whether the remote object exists and has the local values."""
        try:
            return not self._diff()
        except DoesNotExistError:
            return False

    @property
    def changes(self) -> ModelDiff:
        """The differences between the local object and the remote one."""
        return self._diff()

    def save(self) -> None:
        """Create the remote object."""
        raise NotImplementedError

    def delete(self) -> None:
        """Deprecate the remote object."""
        raise NotImplementedError

    def upstream(self) -> Any:
        """A fresh model built from the remote object."""
        raise NotImplementedError


def _raise_response_error(err: SWFResponseError, missing: str) -> NoReturn:
    """Translate an error of a describe call made by ``_diff``.

    An ``UnknownResourceFault`` becomes ``DoesNotExistError(missing)``; any other fault
    becomes ``ResponseError`` with the fault message.
    """
    if is_unknown_resource_raised(err):
        raise DoesNotExistError(missing, err.message) from err
    raise ResponseError(err.message) from err
