"""S3 storage of jumbo fields (features §11.4): the S3 transport and its caches.

This module is the S3 counterpart of ``swf.transport``: the only one that talks to S3, and it
imports botocore inside functions, so importing it (or :mod:`simpleflow.format`) loads no AWS
library. The client is botocore's S3 client, the very one boto3's ``client("s3")`` returns;
botocore is already the project's runtime dependency, so jumbo fields need no extra.

Rules shared with the SWF transport:

* one client per process and region, created on first use, never reused across a fork;
* ``AWS_ENDPOINT_URL_S3`` (else ``AWS_ENDPOINT_URL``) is honoured by botocore itself, which
  is how the local engine's S3 backs tests and ``standalone --local-server``;
* every botocore error becomes a :class:`StorageError` whose message says what to do.

Caches: a memory cache (``<bucket>/<key>`` -> text), filled on push and pull and cleared by
:func:`clear_memory_cache` at the start of every decision task and activity task; and, when
``SIMPLEFLOW_ENABLE_DISK_CACHE`` is truthy, an SQLite cache in ``/tmp/simpleflow-cache``
(key ``jumbo_fields/<uuid>``, entries expire after 3 hours). An SQLite error is logged and
the disk cache is skipped.

Settings are environment variables read at each use: ``SIMPLEFLOW_S3_SSE`` (true: uploads ask
for ``AES256`` server-side encryption), ``SIMPLEFLOW_S3_HOST`` (endpoint host used when
``GetBucketLocation`` is denied, default ``s3.amazonaws.com``), ``SIMPLEFLOW_ENABLE_DISK_CACHE``.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from typing import Any

logger = logging.getLogger(__name__)

__all__ = [
    "StorageError",
    "clear_memory_cache",
    "pull_content",
    "push_content",
]

#: Directory of the optional disk cache (features §11.4).
DISK_CACHE_DIR = "/tmp/simpleflow-cache"
#: Seconds a disk-cache entry stays valid.
DISK_CACHE_EXPIRY = 3 * 3600
_DISK_CACHE_FILE = "jumbo_fields.sqlite3"
_DEFAULT_S3_HOST = "s3.amazonaws.com"
_DEFAULT_REGION = "us-east-1"
_CONNECT_TIMEOUT = 5.0
_READ_TIMEOUT = 60.0
_TRUE = frozenset({"1", "true", "yes", "on"})


class StorageError(RuntimeError):
    """S3 could not store or return a jumbo field; the message says what to do."""


_lock = threading.Lock()
_memory_cache: dict[str, str] = {}
# (pid, region, endpoint) -> client; regions by bucket. Both forgotten after a fork.
_clients: dict[tuple[int, str, str | None], Any] = {}
_regions: dict[str, tuple[str, str | None]] = {}


def _reset_after_fork() -> None:
    # A parent's client (and its connection pool) must never be used in a child.
    global _lock
    _lock = threading.Lock()
    _clients.clear()
    _regions.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reset_after_fork)


def is_true(value: str | None) -> bool:
    """Whether an environment value means "on" (``1``, ``true``, ``yes``, ``on``)."""
    return (value or "").strip().lower() in _TRUE


def clear_memory_cache() -> None:
    """Forget the contents kept in memory (called when a decision or activity task starts)."""
    _memory_cache.clear()


def clear_client_cache() -> None:
    """Forget the S3 clients and bucket regions (after changing ``AWS_*`` variables)."""
    with _lock:
        _clients.clear()
        _regions.clear()


# -- public operations --


def push_content(bucket: str, key: str, text: str) -> None:
    """Store ``text`` (UTF-8) as the object ``key`` of ``bucket``.

    Raises:
        StorageError: S3 refused or could not be reached.
    """
    extra: dict[str, Any] = {}
    if is_true(os.environ.get("SIMPLEFLOW_S3_SSE")):
        extra["ServerSideEncryption"] = "AES256"
    body = text.encode("utf-8")
    with _errors("store", bucket, key):
        _client(bucket).put_object(Bucket=bucket, Key=key, Body=body, **extra)
    logger.debug("stored %d characters in s3://%s/%s", len(text), bucket, key)
    _memory_cache[f"{bucket}/{key}"] = text
    _disk_set(key, text)


def pull_content(bucket: str, key: str) -> str:
    """The text stored as the object ``key`` of ``bucket`` (from a cache when possible).

    Raises:
        StorageError: the object is missing, S3 refused or could not be reached.
    """
    cache_key = f"{bucket}/{key}"
    text = _memory_cache.get(cache_key)
    if text is not None:
        return text
    text = _disk_get(key)
    if text is None:
        with _errors("read", bucket, key):
            response = _client(bucket).get_object(Bucket=bucket, Key=key)
            data = response["Body"].read()
        text = data.decode("utf-8")
        _disk_set(key, text)
    _memory_cache[cache_key] = text
    return text


# -- client and region --


def _client(bucket: str) -> Any:
    region, endpoint = _bucket_region(bucket)
    return _client_for(region, endpoint)


def _client_for(region: str, endpoint: str | None) -> Any:
    cache_key = (os.getpid(), region, endpoint)
    client = _clients.get(cache_key)
    if client is not None:
        return client
    with _lock:
        client = _clients.get(cache_key)
        if client is None:
            client = _create_client(region, endpoint)
            _clients[cache_key] = client
    return client


def _create_client(region: str, endpoint: str | None) -> Any:
    import botocore.session
    from botocore.config import Config

    session = botocore.session.get_session()
    config = Config(
        connect_timeout=_CONNECT_TIMEOUT,
        read_timeout=_READ_TIMEOUT,
        # botocore's standard retries (throttling, 5xx, connection errors); the number of
        # attempts follows AWS_MAX_ATTEMPTS or the profile, default 3.
        retries={"mode": "standard"},
        s3={"addressing_style": "path"} if _endpoint_from_env() else None,
    )
    logger.debug("creating an S3 client (region %s, endpoint %s)", region, endpoint)
    # endpoint_url=None lets botocore apply AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL.
    return session.create_client("s3", region_name=region, endpoint_url=endpoint, config=config)


def _endpoint_from_env() -> str | None:
    return os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")


def _bucket_region(bucket: str) -> tuple[str, str | None]:
    """``(region, endpoint override)`` of ``bucket``, found once per process."""
    found = _regions.get(bucket)
    if found is not None:
        return found
    default = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    region = default or _DEFAULT_REGION
    endpoint: str | None = None
    # Other errors reach the caller's `_errors`, which names the push or pull that failed.
    try:
        answer = _client_for(region, None).get_bucket_location(Bucket=bucket)
    except Exception as err:
        if not _is_access_denied(err):
            raise
        # No s3:GetBucketLocation: use the configured host, as 0.36 did.
        host = os.environ.get("SIMPLEFLOW_S3_HOST") or _DEFAULT_S3_HOST
        if not _endpoint_from_env() and host != _DEFAULT_S3_HOST:
            endpoint = host if "://" in host else f"https://{host}"
    else:
        # An empty LocationConstraint means us-east-1 (S3's historical default).
        region = answer.get("LocationConstraint") or _DEFAULT_REGION
    _regions[bucket] = (region, endpoint)
    return region, endpoint


# -- errors --


class _errors:
    """Translate botocore errors of one S3 call into :class:`StorageError`."""

    def __init__(self, action: str, bucket: str, key: str | None) -> None:
        self.action = action
        self.bucket = bucket
        self.key = key

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> None:
        if exc is None or not isinstance(exc, Exception):
            return
        error = _translate(exc, self.action, self.bucket, self.key)
        if error is not None:
            raise error from exc


def _error_code(exc: BaseException) -> str:
    response = getattr(exc, "response", None) or {}
    return str((response.get("Error") or {}).get("Code") or "")


def _is_access_denied(exc: BaseException) -> bool:
    return _error_code(exc) in {"AccessDenied", "403", "Forbidden"}


def _translate(exc: BaseException, action: str, bucket: str, key: str | None) -> Any:
    import botocore.exceptions as bex

    where = f"s3://{bucket}/{key}" if key else f"bucket {bucket!r}"
    endpoint = _endpoint_from_env() or "AWS's S3 endpoint"
    if isinstance(exc, (bex.EndpointConnectionError, bex.ConnectTimeoutError)):
        return StorageError(
            f"cannot reach S3 at {endpoint} to {action} {where} ({exc}): check the network, "
            "AWS_ENDPOINT_URL_S3 and that the S3 service is up"
        )
    if isinstance(exc, (bex.ReadTimeoutError, bex.ConnectionClosedError)):
        return StorageError(f"S3 at {endpoint} did not answer to {action} {where} ({exc})")
    if isinstance(exc, (bex.NoCredentialsError, bex.PartialCredentialsError)):
        return StorageError(
            f"no AWS credentials to {action} {where} on S3: set AWS_ACCESS_KEY_ID and "
            "AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or an instance role"
        )
    if isinstance(exc, bex.ClientError):
        code = _error_code(exc)
        message = (getattr(exc, "response", None) or {}).get("Error", {}).get("Message", "")
        if _is_access_denied(exc):
            return StorageError(
                f"access denied to {action} {where} on S3 ({code}: {message}): the credentials "
                "need s3:GetObject, s3:PutObject and s3:GetBucketLocation on that bucket"
            )
        if code == "NoSuchBucket":
            return StorageError(
                f"the S3 bucket {bucket!r} does not exist: create it, or set "
                "SIMPLEFLOW_JUMBO_FIELDS_BUCKET to an existing bucket"
            )
        if code in {"NoSuchKey", "404"}:
            return StorageError(
                f"the jumbo field {where} is missing on S3 (deleted by a lifecycle rule, or "
                "another bucket?): the value cannot be read back"
            )
        return StorageError(f"S3 refused to {action} {where}: {code}: {message}")
    if isinstance(exc, bex.BotoCoreError):
        return StorageError(f"cannot {action} {where} on S3: {exc}")
    return None


# -- disk cache --


def _disk_cache_key(key: str) -> str:
    return "jumbo_fields/" + key.rsplit("/", 1)[-1]


def _disk_connection() -> sqlite3.Connection | None:
    if not is_true(os.environ.get("SIMPLEFLOW_ENABLE_DISK_CACHE")):
        return None
    os.makedirs(DISK_CACHE_DIR, exist_ok=True)
    connection = sqlite3.connect(os.path.join(DISK_CACHE_DIR, _DISK_CACHE_FILE), timeout=5)
    connection.execute(
        "CREATE TABLE IF NOT EXISTS cache (key TEXT PRIMARY KEY, value TEXT, expires REAL)"
    )
    return connection


def _disk_get(key: str) -> str | None:
    try:
        connection = _disk_connection()
        if connection is None:
            return None
        with connection:
            row = connection.execute(
                "SELECT value FROM cache WHERE key = ? AND expires > ?",
                (_disk_cache_key(key), time.time()),
            ).fetchone()
        connection.close()
    except (sqlite3.Error, OSError) as err:
        logger.warning("disk cache skipped (%s: %s)", type(err).__name__, err)
        return None
    return None if row is None else str(row[0])


def _disk_set(key: str, text: str) -> None:
    try:
        connection = _disk_connection()
        if connection is None:
            return
        now = time.time()
        with connection:
            connection.execute("DELETE FROM cache WHERE expires <= ?", (now,))
            connection.execute(
                "INSERT OR REPLACE INTO cache (key, value, expires) VALUES (?, ?, ?)",
                (_disk_cache_key(key), text, now + DISK_CACHE_EXPIRY),
            )
        connection.close()
    except (sqlite3.Error, OSError) as err:
        logger.warning("disk cache skipped (%s: %s)", type(err).__name__, err)
