"""Base of the querysets, which list and fetch SWF resources as models."""

from __future__ import annotations

from typing import Any, NoReturn

from swf._paging import pages
from swf.core import ConnectedSWFObject
from swf.exceptions import DoesNotExistError, ResponseError, SWFResponseError
from swf.models.domain import Domain

__all__ = ["BaseQuerySet"]


class BaseQuerySet(ConnectedSWFObject):
    """Base of the querysets: ``get``, ``get_or_create``, ``filter``, ``all``, ``create``.

    Args:
        *args: ignored.
        **kwargs: ``connection``, ``region`` and credentials (``ConnectedSWFObject``).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def get(self, *args: Any, **kwargs: Any) -> Any:
        """Fetch one resource as a model."""
        raise NotImplementedError

    def get_or_create(self, *args: Any, **kwargs: Any) -> Any:
        """Fetch one resource, registering it first when it does not exist."""
        raise NotImplementedError

    def filter(self, *args: Any, **kwargs: Any) -> Any:
        """List the resources matching the arguments."""
        raise NotImplementedError

    def all(self, *args: Any, **kwargs: Any) -> Any:
        """List every resource."""
        raise NotImplementedError

    def create(self, *args: Any, **kwargs: Any) -> Any:
        """Register a resource and return its model."""
        raise NotImplementedError


class _DomainQuerySet(BaseQuerySet):
    """A queryset bound to one ``Domain`` (activity types, workflow types, executions)."""

    _infos = "typeInfo"
    _infos_plural = "typeInfos"
    _domain: Domain | None

    @property
    def domain(self) -> Domain:
        """The domain the queryset works in."""
        if not hasattr(self, "_domain"):
            self._domain = None
        return self._domain  # type: ignore[return-value]

    @domain.setter
    def domain(self, value: Domain) -> None:
        if not isinstance(value, Domain):
            raise TypeError(f"domain must be a swf.models.Domain, not {type(value).__name__}")
        self._domain = value


def _raise_describe_error(err: SWFResponseError) -> NoReturn:
    """Translate a Describe* failure: unknown resource or any other SWF error."""
    if err.error_code == "UnknownResourceFault":
        raise DoesNotExistError(err.message) from err
    raise ResponseError(err.message) from err


#: The one pagination helper (``swf._paging.pages``), under its historical name here.
_pages = pages
