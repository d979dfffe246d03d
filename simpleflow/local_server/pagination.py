"""History pages: ``maximumPageSize`` (≤ 1000), ``nextPageToken``, ``reverseOrder`` (§14).

What moto does: the whole history in one answer, no token, for ``PollForDecisionTask`` and
``GetWorkflowExecutionHistory``. What real SWF does: pages of at most 1,000 events; the next
pages of a decision task come from ``PollForDecisionTask`` called again with the same
arguments plus the token (no new task is handed out), and tokens of the two calls are not
interchangeable; tokens expire after 24 h. What we change: both calls page.
"""

from __future__ import annotations

import base64
import json
import time
from typing import Any

from . import _moto
from .limits import EngineSettings

_EXPIRED = "Specified token has exceeded its maximum lifetime"


def page_size(value: Any, settings: EngineSettings) -> int:
    if value in (None, 0):
        return settings.max_page_size
    if not isinstance(value, int) or not 0 < value <= settings.max_page_size:
        raise _moto.validation(
            f"Value {value!r} at 'maximumPageSize' failed to satisfy constraint: Member must "
            f"have value between 0 and {settings.max_page_size}"
        )
    return value


def make_token(kind: str, key: str, offset: int, limit: int) -> str:
    raw = json.dumps({"k": kind, "r": key, "o": offset, "l": limit, "t": time.time()})
    return base64.urlsafe_b64encode(raw.encode()).decode()


def read_token(token: Any, kind: str, settings: EngineSettings) -> tuple[str, int, int]:
    """``(key, offset, limit)`` of a token of ``kind``; ``ValidationException`` otherwise."""
    try:
        data = json.loads(base64.urlsafe_b64decode(str(token).encode()))
        if data["k"] != kind:
            raise ValueError(kind)
        key, offset, limit, issued = str(data["r"]), int(data["o"]), int(data["l"]), data["t"]
    except (ValueError, KeyError, TypeError) as err:
        raise _moto.validation(f"Invalid nextPageToken for this call: {token!r}") from err
    if time.time() - float(issued) > settings.page_token_lifetime:
        raise _moto.validation(_EXPIRED)
    return key, offset, limit


def page(
    events: list[dict[str, Any]],
    offset: int,
    limit: int,
    reverse: bool,
    kind: str,
    key: str,
) -> dict[str, Any]:
    """One page of ``events`` starting at ``offset`` (in the requested order)."""
    ordered = events[::-1] if reverse else events
    chunk = ordered[offset : offset + limit]
    result: dict[str, Any] = {"events": chunk}
    if offset + limit < len(ordered):
        result["nextPageToken"] = make_token(kind, key, offset + limit, limit)
    return result
