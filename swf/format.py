"""Truncation helpers that keep payloads under SWF's size limits.

Lengths are counted in characters (``len`` of a ``str``), as in 0.11.9.
"""

from __future__ import annotations

import logging
from typing import Optional, TypeVar

from swf import constants

logger = logging.getLogger(__name__)

# How much of an oversize message the warning shows; the whole text can be megabytes.
_PREVIEW_LENGTH = 200

# Keeps callers typed: ``str`` in, ``str`` out; ``None`` in, ``None`` out.
_T = TypeVar("_T", str, None, Optional[str])  # noqa: UP045 (a union constraint needs Optional)


def wrap(message: _T, max_length: int) -> _T:
    """Truncate ``message`` to ``max_length`` characters.

    Args:
        message: the text to send to SWF. Falsy values (``None``, ``''``) are returned unchanged.
        max_length: the SWF limit for the field.

    Returns:
        ``message`` itself when short enough, else its first ``max_length`` characters.
    """
    if not message:
        return message
    length = len(message)
    if length > max_length:
        logger.warning(
            "message too long (%d > %d characters), truncated; it started with: %r",
            length,
            max_length,
            message[:_PREVIEW_LENGTH],
        )
        return message[:max_length]
    return message


def reason(message: _T) -> _T:
    """Truncate a failure reason to ``MAX_REASON_LENGTH`` characters."""
    return wrap(message, constants.MAX_REASON_LENGTH)


def details(message: _T) -> _T:
    """Truncate failure details to ``MAX_DETAILS_LENGTH`` characters."""
    return wrap(message, constants.MAX_DETAILS_LENGTH)


def input(message: _T) -> _T:
    """Truncate an input payload to ``MAX_INPUT_LENGTH`` characters."""
    return wrap(message, constants.MAX_INPUT_LENGTH)


def result(message: _T) -> _T:
    """Truncate a result payload to ``MAX_RESULT_LENGTH`` characters."""
    return wrap(message, constants.MAX_RESULT_LENGTH)
