"""Sorting SWF errors into transient (retry later) and fatal (stop the process) ones.

The ``swf`` actors translate transport errors into ``DoesNotExistError`` and
``ResponseError`` chained (``raise ... from``) to the original ``SWFResponseError``,
which carries the fault code and the HTTP status. The chain is walked to find them.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator

from swf._retry import capped_backoff, exponential_jitter
from swf.exceptions import (
    DoesNotExistError,
    InvalidCredentialsError,
    SWFConnectionError,
    SWFResponseError,
)

#: Fault codes after which retrying the same call later may succeed.
_TRANSIENT_CODES = frozenset(
    {
        "ThrottlingException",
        "Throttling",
        "ThrottledException",
        "RequestLimitExceeded",
        "TooManyRequestsException",
        "ServiceUnavailable",
        "ServiceUnavailableException",
        "InternalFailure",
        "InternalServerError",
        "InternalError",
        "RequestTimeout",
        "RequestTimeoutException",
        "PriorRequestNotComplete",
        "LimitExceededFault",
    }
)

#: Fault codes that a retry cannot fix: bad credentials, permissions, invalid requests.
_FATAL_CODES = frozenset(
    {
        "UnknownResourceFault",
        "ValidationException",
        "UnrecognizedClientException",
        "AccessDeniedException",
        "InvalidClientTokenId",
        "IncompleteSignature",
        "InvalidSignatureException",
        "SignatureDoesNotMatch",
        "MissingAuthenticationToken",
        "ExpiredTokenException",
        "OperationNotPermittedFault",
        "DomainDeprecatedFault",
        "TypeDeprecatedFault",
    }
)

# botocore errors that may escape the transport untranslated; recognised by class name
# because nothing outside ``swf.transport`` may import botocore.
_BOTOCORE_TRANSIENT_NAMES = frozenset(
    {"HTTPClientError", "ConnectionError", "ReadTimeoutError", "ConnectTimeoutError"}
)
_BOTOCORE_FATAL_NAMES = frozenset(
    {"NoCredentialsError", "PartialCredentialsError", "NoRegionError", "ParamValidationError"}
)

#: Cap of the backoff delay between retries of a throttled poll (seconds).
MAX_BACKOFF = 30.0
#: Cap of the delay between polls while the endpoint is unreachable or failing (seconds):
#: the first task after an outage is taken at most about this long after it ends.
RECOVERY_BACKOFF = 2.0

_THROTTLING_CODES = frozenset(
    {
        "ThrottlingException",
        "Throttling",
        "ThrottledException",
        "RequestLimitExceeded",
        "TooManyRequestsException",
        "LimitExceededFault",
    }
)


class ErrorKind(enum.Enum):
    """How a poller reacts to an error."""

    TRANSIENT = "transient"
    FATAL = "fatal"


def _error_chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _is_botocore(error: BaseException, names: frozenset[str]) -> bool:
    return any(
        cls.__module__.startswith("botocore") and cls.__name__ in names
        for cls in type(error).__mro__
    )


def classify_error(error: BaseException) -> ErrorKind:
    """Whether ``error`` (raised by a poll or a heartbeat) is transient or fatal.

    Unknown domains, validation errors and credential problems are fatal; throttling,
    server errors (HTTP 5xx) and connection problems are transient. Anything else (a bug,
    a malformed answer) counts as transient: the poller logs it and retries with backoff
    rather than dying.
    """
    for item in _error_chain(error):
        if isinstance(item, (InvalidCredentialsError, DoesNotExistError)):
            return ErrorKind.FATAL
        if isinstance(item, (SWFConnectionError, ConnectionError, TimeoutError)):
            return ErrorKind.TRANSIENT
        if _is_botocore(item, _BOTOCORE_FATAL_NAMES):
            return ErrorKind.FATAL
        if _is_botocore(item, _BOTOCORE_TRANSIENT_NAMES):
            return ErrorKind.TRANSIENT
        if isinstance(item, SWFResponseError):
            code = item.error_code or ""
            status = item.status if isinstance(item.status, int) else 0
            if code in _TRANSIENT_CODES or status >= 500 or status == 429:
                return ErrorKind.TRANSIENT
            if code in _FATAL_CODES or 400 <= status < 500:
                return ErrorKind.FATAL
            return ErrorKind.TRANSIENT
    return ErrorKind.TRANSIENT


def backoff_delay(attempt: int, cap: float = MAX_BACKOFF) -> float:
    """Jittered exponential delay before retry number ``attempt`` (0-based), at most ``cap``."""
    return capped_backoff(attempt, cap)


def retry_delay(attempt: int) -> float:
    """0.11.9's completion delay: ``random() * 2 ** attempt`` seconds."""
    return exponential_jitter(attempt)


def is_throttling(error: BaseException) -> bool:
    """Whether SWF asked to slow down (as opposed to being unreachable or failing)."""
    for item in _error_chain(error):
        if isinstance(item, SWFResponseError):
            code = item.error_code or ""
            return code in _THROTTLING_CODES or item.status == 429
    return False


def poll_backoff_cap(error: BaseException) -> float:
    """The longest wait before retrying a poll that failed with ``error``.

    Throttling gets the full backoff; an endpoint that is unreachable or failing gets
    short waits, so that work resumes within ~``RECOVERY_BACKOFF`` s once it is back.
    Polls are the only layer of retries for polls: botocore does not retry them.
    """
    return MAX_BACKOFF if is_throttling(error) else RECOVERY_BACKOFF
