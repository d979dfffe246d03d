"""Payload fields within SWF's limits: jumbo fields on S3 (features §11).

A value longer than its SWF field allows is stored on S3 when
``SIMPLEFLOW_JUMBO_FIELDS_BUCKET`` is set (``<bucket>`` or ``<bucket>/<prefix>``), and the
field holds a reference instead::

    simpleflow+s3://<bucket>/<optional/prefix/><uuid4> <length>

``<length>`` is the number of characters of the stored string; readers ignore it. Without a
bucket, JSON fields (``input``, ``result``, ``control``) over their limit raise
:class:`JumboTooLargeError`, which names the field, the size, the limit and the variable;
free-text fields (``reason``, ``details``, ``execution_context``, ``heartbeat_details``) are
cut with a warning, as before (features G7).

Histories are decoded by :func:`resolve_events` before they are replayed, so the replay core
reads the stored values and never talks to S3 itself.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from collections.abc import Iterable
from typing import Any

from simpleflow import storage
from simpleflow.utils import json_dumps

logger = logging.getLogger(__name__)

__all__ = [
    "JUMBO_FIELDS_MAX_SIZE",
    "JumboTooLargeError",
    "control",
    "decode",
    "details",
    "encode",
    "execution_context",
    "heartbeat_details",
    "identity",
    "input",
    "reason",
    "result",
]

#: The prefix of a reference to a value stored on S3.
REFERENCE_PREFIX = "simpleflow+s3://"
#: The longest string stored on S3, in characters.
JUMBO_FIELDS_MAX_SIZE = 5 * 1024**2
#: SWF's limits, in characters (features §18).
MAX_INPUT_LENGTH = 32768
MAX_RESULT_LENGTH = 32768
MAX_CONTROL_LENGTH = 32768
MAX_DETAILS_LENGTH = 32768
MAX_EXECUTION_CONTEXT_LENGTH = 32768
MAX_HEARTBEAT_DETAILS_LENGTH = 2048
MAX_REASON_LENGTH = 256
MAX_IDENTITY_LENGTH = 256

_BUCKET_VARIABLE = "SIMPLEFLOW_JUMBO_FIELDS_BUCKET"
_PREVIEW_LENGTH = 200


class JumboTooLargeError(ValueError):
    """A value does not fit its SWF field, even as a jumbo field."""


def jumbo_location() -> tuple[str, str] | None:
    """``(bucket, prefix)`` from ``SIMPLEFLOW_JUMBO_FIELDS_BUCKET`` (read now), None if unset."""
    value = os.environ.get(_BUCKET_VARIABLE, "").strip()
    if value.endswith("/"):
        value = value[:-1]
    if not value:
        return None
    bucket, _, prefix = value.partition("/")
    return bucket, prefix


# -- encoding --


def encode(message: Any, max_length: int, allow_jumbo_fields: bool = True) -> Any:
    """``message`` itself when it fits ``max_length``, else a reference to it on S3.

    Args:
        message: the string to send to SWF; empty or None is returned unchanged.
        max_length: the SWF limit of the field, in characters.
        allow_jumbo_fields: False: never store on S3 (raise instead).

    Raises:
        JumboTooLargeError: the message does not fit and cannot be stored (no bucket, longer
            than ``JUMBO_FIELDS_MAX_SIZE``, or a reference longer than the field).
        simpleflow.storage.StorageError: S3 refused or could not be reached.
    """
    return _encode(message, max_length, None, allow_jumbo_fields, truncate=False)


def _encode(
    message: Any, max_length: int, field: str | None, allow_jumbo: bool, truncate: bool
) -> Any:
    if not message or len(message) <= max_length:
        return message
    length = len(message)
    location = jumbo_location() if allow_jumbo else None
    if location is None:
        if truncate:
            logger.warning(
                "%s too long (%d > %d characters), truncated (set %s to store it on S3); "
                "it started with: %r",
                field or "message",
                length,
                max_length,
                _BUCKET_VARIABLE,
                message[:_PREVIEW_LENGTH],
            )
            return message[:max_length]
        raise JumboTooLargeError(_too_long(length, max_length, field))
    if length > JUMBO_FIELDS_MAX_SIZE:
        raise JumboTooLargeError(
            f"Message too long even for a jumbo field ({length} chars)"
            + (f" in field {field!r}" if field else "")
            + f": the limit on S3 is {JUMBO_FIELDS_MAX_SIZE} characters"
        )
    bucket, prefix = location
    key = f"{prefix}/{uuid.uuid4()}" if prefix else str(uuid.uuid4())
    reference = f"{REFERENCE_PREFIX}{bucket}/{key} {length}"
    if len(reference) > max_length:
        raise JumboTooLargeError(
            "Jumbo field signature is longer than the max allowed length for this field: "
            f"{reference}; reduce jumbo bucket length?"
        )
    try:
        storage.push_content(bucket, key, message)
    except storage.StorageError:
        if not truncate:
            raise
        logger.warning(
            "cannot store %s on S3, truncated to %d characters instead", field, max_length
        )
        return message[:max_length]
    logger.debug("%s of %d characters stored as %s", field or "message", length, reference)
    return reference


def _too_long(length: int, max_length: int, field: str | None) -> str:
    # The variable comes early: a failure reason that quotes this one is cut at 256.
    name = f" for field {field!r}" if field else ""
    return (
        f"Message too long ({length} chars){name}: set {_BUCKET_VARIABLE} to store it on S3 "
        f"(SWF's limit: {max_length} chars)"
    )


def input(obj: Any) -> str:
    """The JSON of ``obj`` for an ``input`` field (32768 characters, jumbo allowed)."""
    return str(_encode(json_dumps(obj), MAX_INPUT_LENGTH, "input", True, truncate=False))


def result(obj: Any) -> str:
    """The JSON of ``obj`` for a ``result`` field (32768 characters, jumbo allowed)."""
    return str(_encode(json_dumps(obj), MAX_RESULT_LENGTH, "result", True, truncate=False))


def control(obj: Any) -> str:
    """The JSON of ``obj`` for a ``control`` field (32768 characters, jumbo allowed)."""
    return str(_encode(json_dumps(obj), MAX_CONTROL_LENGTH, "control", True, truncate=False))


def encode_json_text(text: str | None, max_length: int, field: str) -> str | None:
    """Already encoded JSON ``text`` within ``max_length``: itself, or its reference.

    Raises:
        JumboTooLargeError: too long and no bucket (JSON is never cut).
    """
    value: str | None = _encode(text, max_length, field, True, truncate=False)
    return value


def details(message: str | None) -> str | None:
    """Failure or marker details (32768 characters, jumbo allowed, else cut)."""
    value: str | None = _encode(message, MAX_DETAILS_LENGTH, "details", True, truncate=True)
    return value


def execution_context(message: str | None) -> str | None:
    """An execution context (32768 characters, jumbo allowed, else cut)."""
    value: str | None = _encode(
        message, MAX_EXECUTION_CONTEXT_LENGTH, "execution_context", True, truncate=True
    )
    return value


def heartbeat_details(message: str | None) -> str | None:
    """Heartbeat details (2048 characters, jumbo allowed, else cut)."""
    value: str | None = _encode(
        message, MAX_HEARTBEAT_DETAILS_LENGTH, "heartbeat details", True, truncate=True
    )
    return value


def reason(message: str | None) -> str | None:
    """A failure reason (256 characters, jumbo allowed, else cut)."""
    value: str | None = _encode(message, MAX_REASON_LENGTH, "reason", True, truncate=True)
    return value


def identity(message: str | None) -> str | None:
    """A poller identity: 256 characters, never on S3 (cut to 252 + ``' ...'``)."""
    if message and len(message) > MAX_IDENTITY_LENGTH:
        return message[: MAX_IDENTITY_LENGTH - 4] + " ..."
    return message


# -- decoding --


def is_reference(value: Any) -> bool:
    """Whether ``value`` is a jumbo-field reference."""
    return value.__class__ is str and value.startswith(REFERENCE_PREFIX)


def _pull(reference: str) -> str:
    location = reference[len(REFERENCE_PREFIX) :].split(" ", 1)[0]
    bucket, _, key = location.partition("/")
    return storage.pull_content(bucket, key)


def decode(content: Any, parse_json: bool = True, use_proxy: bool = True) -> Any:
    """The value of a field: fetched from S3 when it is a reference, JSON-parsed if asked.

    Args:
        content: the text of the field (None gives None).
        parse_json: parse the (fetched) text as JSON; text that is not JSON is returned raw.
        use_proxy: accepted for 0.36 compatibility and ignored: values are fetched at once.

    Raises:
        simpleflow.storage.StorageError: S3 could not return a referenced value.
    """
    if content is None:
        return None
    if is_reference(content):
        content = _pull(content)
    if parse_json and isinstance(content, str):
        try:
            return json.loads(content)
        except ValueError:
            return content
    return content


def resolve_text(value: Any) -> Any:
    """``value`` with a reference replaced by the stored text (anything else unchanged)."""
    return _pull(value) if is_reference(value) else value


# Attributes of `swf.models.event.Event` that may hold a reference. `input` and `control`
# are JSON, kept as text until first read (`Event._raw_json`), in `_raw_input`/`_raw_control`.
_EVENT_JSON_FIELDS = {"_raw_input": "input", "_raw_control": "control"}
_EVENT_TEXT_FIELDS = ("result", "details", "reason")
# Every instance attribute to test: one C-level set intersection per event finds those
# present, so an event holding none of them costs no Python-level test at all.
_EVENT_CANDIDATES = frozenset(_EVENT_TEXT_FIELDS) | frozenset(_EVENT_JSON_FIELDS)


def resolve_events(events: Iterable[Any]) -> int:
    """Replace, in place, the references held by history events with the stored values.

    Works on ``swf.models.event.Event`` objects: ``input`` and ``control`` get the decoded
    JSON, ``result``, ``details`` and ``reason`` the stored text, as if SWF had held the
    values; the raw attribute dicts are updated too. A history without references costs one
    set intersection per event.

    Returns:
        The number of references resolved.

    Raises:
        simpleflow.storage.StorageError: S3 could not return a referenced value.
    """
    count = 0
    candidates = _EVENT_CANDIDATES.intersection
    for event in events:
        state = event.__dict__
        for slot in candidates(state):
            value = state[slot]
            if value.__class__ is not str or not value.startswith(REFERENCE_PREFIX):
                continue
            name = _EVENT_JSON_FIELDS.get(slot)
            if name is None:
                state[slot] = text = _pull(value)
                _set_raw(event, slot, text)
                count += 1
                continue
            # A JSON field counts only while undecoded (`_raw_json` gives its text).
            raw_json = getattr(event, "_raw_json", None)
            if raw_json is None or raw_json(name) is not value:
                continue
            text = _pull(value)
            event._set_raw_json(name, text)
            _set_raw(event, name, text)
            count += 1
    return count


def _set_raw(event: Any, name: str, text: str) -> None:
    raw = getattr(event, "raw", None)
    key = getattr(event, "_attributes_key", None)
    if isinstance(raw, dict) and key and isinstance(raw.get(key), dict) and name in raw[key]:
        raw[key][name] = text


def resolve_raw_events(events: Iterable[dict[str, Any]]) -> None:
    """Replace, in place, references in raw SWF event dicts (``...EventAttributes``)."""
    for event in events:
        for key, attributes in event.items():
            if key.endswith("EventAttributes") and isinstance(attributes, dict):
                for name in ("input", "control", "result", "details", "reason"):
                    value = attributes.get(name)
                    if is_reference(value):
                        attributes[name] = _pull(str(value))
