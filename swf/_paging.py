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


def newest_events(
    call: Callable[..., Any],
    *args: Any,
    after: int,
    page_size: int,
    **kwargs: Any,
) -> list[dict[str, Any]] | None:
    """The events of a history whose ``eventId`` is above ``after``, oldest first.

    Reads the history backwards (``reverse_order=True``, pages of ``page_size``) and stops
    at the first page that reaches ``after``: following a growing history costs the new
    events only, not the whole history again. ``call`` is a history method of the
    connection (``get_workflow_execution_history``), given ``*args`` and ``**kwargs``.

    Returns:
        The new events (raw dicts, ascending ids), or ``None`` when the pages do not read
        as one descending run of ids (a backend ignoring ``reverseOrder``): the caller
        then reads the whole history the ordinary way.
    """
    if page_size < 2:
        raise ValueError("page_size must be at least 2: a page must show the order of its ids")
    found: list[dict[str, Any]] = []
    expected: int | None = None
    for page in pages(call, *args, maximum_page_size=page_size, reverse_order=True, **kwargs):
        done = False
        for event in page.get("events", []):
            event_id = event.get("eventId")
            if not isinstance(event_id, int) or (expected is not None and event_id != expected):
                return None
            expected = event_id - 1
            if event_id > after:
                found.append(event)
            else:
                done = True  # the rest of the page checks the order only
        if done:
            break
    else:
        if expected not in (None, 0):
            return None  # the pages ended before the first event
    found.reverse()
    return found
