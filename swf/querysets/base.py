"""Base of the querysets, which list and fetch SWF resources as models."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from swf.core import ConnectedSWFObject

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


def _pages(call: Callable[..., Any], *args: Any, **kwargs: Any) -> Iterator[dict[str, Any]]:
    """Yield every page of a paginated SWF list call.

    ``call(*args, next_page_token=<token>, **kwargs)`` is repeated while the response
    holds a non-empty ``nextPageToken`` (0.11.9 went on while the key merely existed).
    """
    token = None
    while True:
        page = call(*args, next_page_token=token, **kwargs)
        yield page
        token = page.get("nextPageToken")
        if not token:
            return
