"""The one place that imports moto: the version gate, the SWF fault types and lookups.

The engine is proven on moto ``>=5.2.5,<5.3`` (:data:`SUPPORTED_MOTO`). Outside that range
the server refuses to start with one :class:`LocalServerError` naming the installed version,
because every extension relies on moto internals (module paths, class attributes) that a
minor release may move.
"""

from __future__ import annotations

import json
from typing import Any

#: The moto versions the extensions are proven on (lower bound inclusive, upper exclusive).
SUPPORTED_MOTO = ((5, 2, 5), (5, 3, 0))
SUPPORTED_MOTO_TEXT = ">=5.2.5,<5.3"

_MISSING_MOTO = (
    "the local SWF server needs moto's server: install the 'local' extra, "
    "e.g. pip install 'simpleflow[local]'"
)


class LocalServerError(RuntimeError):
    """The local SWF server cannot be started."""


def _version_tuple(text: str) -> tuple[int, ...]:
    parts: list[int] = []
    for piece in text.split(".")[:3]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts)


def moto_version() -> str:
    """The installed moto version, or raise :class:`LocalServerError` when moto is missing."""
    try:
        import moto
    except ImportError as err:
        raise LocalServerError(f"{_MISSING_MOTO} ({err})") from err
    return str(getattr(moto, "__version__", "0"))


def check_moto_version(version: str | None = None) -> None:
    """Refuse a moto outside :data:`SUPPORTED_MOTO`.

    Raises:
        LocalServerError: moto is missing or its version is outside the proven range.
    """
    text = moto_version() if version is None else version
    low, high = SUPPORTED_MOTO
    found = _version_tuple(text)
    if not (low <= found < high):
        raise LocalServerError(
            f"the local SWF engine is proven on moto {SUPPORTED_MOTO_TEXT}, but moto {text} "
            f"is installed: install a supported version (pip install 'moto[server]"
            f"{SUPPORTED_MOTO_TEXT}') or the 'local' extra of simpleflow"
        )


def import_werkzeug_app() -> Any:
    try:
        from moto.moto_server import werkzeug_app
    except ImportError as err:  # moto or its server extra (flask, werkzeug) missing
        raise LocalServerError(f"{_MISSING_MOTO} ({err})") from err
    return werkzeug_app


def fault_class() -> type[Exception]:
    """moto's SWF client-error base (a JSON 400 error with an ``__type``)."""
    from moto.swf.exceptions import SWFClientError

    return SWFClientError


_FAULT_CACHE: dict[str, type[Exception]] = {}


def fault(name: str, message: str) -> Exception:
    """An SWF error answered as HTTP 400 with ``__type`` ``...#<name>``.

    ``ValidationException`` and ``SerializationException`` use the coral prefix real SWF
    answers with; every other name is an SWF modelled fault (``UnknownResourceFault``...).
    """
    base = fault_class()
    prefix = (
        "com.amazon.coral.validate#"
        if name in ("ValidationException", "SerializationException")
        else "com.amazonaws.swf.base.model#"
    )
    cls = _FAULT_CACHE.get(name)
    if cls is None:
        cls = type(name, (base,), {})
        _FAULT_CACHE[name] = cls
    error = cls.__new__(cls)
    base.__init__(error, prefix + name, message)
    return error


def validation(message: str) -> Exception:
    return fault("ValidationException", message)


def unknown(message: str) -> Exception:
    return fault("UnknownResourceFault", message)


def swf_backend(account_id: str, region: str) -> Any:
    from moto.swf.models import swf_backends

    return swf_backends[account_id][region]


def get_domain(backend: Any, name: str) -> Any:
    """moto's ``Domain`` (types registry) or ``UnknownResourceFault``."""
    domain = backend._get_domain(name, ignore_empty=True)
    if domain is None:
        raise unknown(f"Unknown domain: {name}")
    return domain


def get_type(domain: Any, kind: str, name: str, version: str) -> Any | None:
    return domain.get_type(kind, name, version, ignore_empty=True)


def dumps(payload: Any) -> str:
    return json.dumps(payload)
