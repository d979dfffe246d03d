"""Client-side check of SWF resource names.

SWF rejects names (domains, types, versions, workflow ids) that are empty, longer than
256 characters, contain ``:``, ``/``, ``|`` or a control character, or equal ``arn``.
Local SWF-compatible servers (moto) accept them, so the check is made here, before the
request, and fails the way SWF does: with a ``ValidationException`` fault.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from swf.exceptions import SWFResponseError

_MAX_NAME_LENGTH = 256
_FORBIDDEN_CHARACTERS = frozenset(":/|")


def _name_problem(value: str) -> str | None:
    if not value:
        return "is empty"
    if len(value) > _MAX_NAME_LENGTH:
        return f"has {len(value)} characters (at most {_MAX_NAME_LENGTH})"
    if value.strip() != value:
        return "starts or ends with whitespace"
    if value == "arn":
        return "is the reserved word 'arn'"
    for character in value:
        if character in _FORBIDDEN_CHARACTERS:
            return f"contains {character!r}"
        if unicodedata.category(character) == "Cc":
            return f"contains the control character {character!r}"
    return None


def _check_names(**names: Any) -> None:
    """Raise SWF's ``ValidationException`` for the first invalid ``str`` name.

    Non-``str`` values are left to SWF (0.11.9 did no type validation).

    Raises:
        SWFResponseError: a name breaks SWF's naming rules.
    """
    for label, value in names.items():
        if not isinstance(value, str):
            continue
        problem = _name_problem(value)
        if problem is not None:
            preview = value if len(value) <= 40 else value[:40] + "..."
            message = (
                f"invalid {label.replace('_', ' ')} {preview!r}: it {problem}; SWF names are "
                "1 to 256 characters without ':', '/', '|', control characters or "
                "surrounding whitespace, and not 'arn'"
            )
            raise SWFResponseError(
                400, "Bad Request", {"__type": "ValidationException", "message": message}
            )
