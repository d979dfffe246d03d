"""Connection base of the ``swf`` object layer: settings and ``ConnectedSWFObject``.

``SETTINGS`` holds the AWS settings read once when this module is imported (the legacy
``~/.swf`` file, else the ``AWS_*`` variables; see ``swf.settings``), and ``swf.settings.set``
updates it in place. ``RETRIES`` bounds the constructor retry of ``ConnectedSWFObject``.
"""

from __future__ import annotations

import logging
import os
import random  # noqa: F401 - tests patch ``swf.core.random.random``
import time  # noqa: F401 - tests patch ``swf.core.time.sleep``
from typing import Any

import swf.transport as transport
from swf import settings as _settings
from swf._retry import call_with_retries, exponential_jitter
from swf.exceptions import InvalidCredentialsError

logger = logging.getLogger(__name__)

_CREDENTIAL_KEYS = ("aws_access_key_id", "aws_secret_access_key")


def _load_settings() -> dict[str, Any]:
    """Read the settings once, at import: 0.11.9 exposes them as ``swf.core.SETTINGS``."""
    return _settings.get()


SETTINGS: dict[str, Any] = _load_settings()
RETRIES = int(os.environ.get("SWF_CONNECTION_RETRIES", "5"))


class ConnectedSWFObject:
    """Base of every model, queryset and actor: holds ``region`` and ``connection``.

    Positional arguments are accepted and ignored (0.11.9 callers pass some). Keyword
    arguments: ``aws_access_key_id``, ``aws_secret_access_key`` and ``region`` (values in
    ``SETTINGS`` take precedence, as in 0.11.9), and ``connection``, any object with the
    method interface of ``swf.transport.SWFConnection`` (for injection and mocking).

    Building the connection is retried up to ``RETRIES`` times on ``TypeError`` and on
    ``InvalidCredentialsError``, sleeping ``random.random() * 2 ** n`` seconds before retry
    ``n``; the last error is re-raised. (The transport creates botocore clients lazily, so
    today only an injected or patched factory can fail here; the retry is 0.11.9's
    contract, kept through the shared retry helper.)

    Raises:
        ValueError: the region is invalid (or the connection factory returned nothing).
    """

    __slots__ = ["region", "connection"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        call_with_retries(
            lambda: self._connect(kwargs),
            attempts=max(RETRIES, 1),
            retry_on=(TypeError, InvalidCredentialsError),
            delay=exponential_jitter,
            on_retry=self._log_retry,
        )

    @staticmethod
    def _log_retry(error: BaseException, attempt: int, seconds: float) -> None:
        logger.warning(
            "cannot create the SWF connection (attempt %d of %d, retrying in %.1f s): %s",
            attempt + 1,
            max(RETRIES, 1),
            seconds,
            error,
        )

    def _connect(self, kwargs: dict[str, Any]) -> None:
        credentials = {
            key: SETTINGS[key] if key in SETTINGS else kwargs.get(key) for key in _CREDENTIAL_KEYS
        }
        self.region = SETTINGS.get("region") or kwargs.get("region") or transport.default_region()
        connection = kwargs.get("connection") or transport.connect(self.region, **credentials)
        if not connection:
            raise ValueError(f"invalid region: {self.region}")
        self.connection = connection
