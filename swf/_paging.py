"""Following ``nextPageToken``: the one pagination helper of the project."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any


def pages(
    call: Callable[..., Any],
    *args: Any,
    first: dict[str, Any] | None = None,
    **kwargs: Any,
) -> Iterator[dict[str, Any]]:
    """Yield every page of a paginated SWF call.

    ``call(*args, next_page_token=<token>, **kwargs)`` is repeated while the last page
    holds a non-empty ``nextPageToken`` (0.11.9 went on while the key merely existed).

    Args:
        call: the connection method (one page per call).
        first: a first page already fetched (e.g. the poll that returned a decision
            task); it is yielded first, and the next call uses its token.
    """
    page = first if first is not None else call(*args, next_page_token=None, **kwargs)
    while True:
        yield page
        token = page.get("nextPageToken")
        if not token:
            return
        page = call(*args, next_page_token=token, **kwargs)
