"""Exceptions of the ``swf`` package, and the helpers models use to translate them.

Hierarchy::

    Exception
    ├── SWFError                        library error: message + parsed SWF fault text
    │   ├── PollTimeout                 a poll returned no task
    │   ├── InvalidCredentialsError     no usable AWS credentials (missing, partial, bad profile)
    │   ├── ResponseError               a failed SWF call, translated by a model
    │   ├── DoesNotExistError           an unknown remote resource
    │   │   └── (models) DomainDoesNotExist, WorkflowTypeDoesNotExist, ...
    │   ├── AlreadyExistsError          the remote resource already exists
    │   ├── InvalidKeywordArgumentError bad queryset filter keyword arguments
    │   └── SWFConnectionError          the SWF endpoint cannot be reached (new;
    │                                   also a builtin ``ConnectionError``)
    └── SWFResponseError                an SWF fault, as boto 2 raised it (transport)
        ├── SWFDomainAlreadyExistsError              DomainAlreadyExistsFault
        ├── SWFLimitExceededError                    LimitExceededFault
        ├── SWFOperationNotPermittedError            OperationNotPermittedFault
        ├── SWFTypeAlreadyExistsError                TypeAlreadyExistsFault
        └── SWFWorkflowExecutionAlreadyStartedError  WorkflowExecutionAlreadyStartedFault

The transport (``swf.transport``) raises the ``SWFResponseError`` family for SWF faults,
``SWFConnectionError`` when the endpoint cannot be reached and ``InvalidCredentialsError``
when boto3 finds no credentials. Models translate transport errors into the
``SWFError`` family with the decorator helpers below (``catch``, ``raises``, ``is_unknown``,
``translate`` ...), whose exact outcomes are part of the 0.11.9 interface.

This module never imports botocore.
"""

from __future__ import annotations

import functools
import logging
import re
import types
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TypeVar

logger = logging.getLogger(__name__)

_F = TypeVar("_F", bound=Callable[..., Any])

_ERROR_CODE_PREFIX = "com.amazonaws.swf.base.model#"
_UNKNOWN_RESOURCE_FAULT = "UnknownResourceFault"
# Trailing punctuation of the comma form ``Unknown execution, workflowId = <id>``.
_RESOURCE_PUNCTUATION = ",;.:"


class SWFError(Exception):
    """Base of the library errors: a message plus an optional SWF fault text.

    Args:
        message: the human-readable message, exposed as ``.message``.
        raw_error: an SWF fault text such as ``'Unknown execution: WorkflowExecution=[...]'``;
            split once on the first ``':'`` into ``.kind`` and ``.details``.
        error_code: optional fault code kept as ``.error_code`` (keyword only).
    """

    def __init__(
        self, message: Any, raw_error: str | None = "", *args: Any, error_code: str = ""
    ) -> None:
        Exception.__init__(self, message, *args)
        self.message = message
        self.error_code = error_code
        kind, sep, details = (raw_error or "").partition(":")
        self.kind = kind.strip()
        self.details = details.strip() if sep else ""
        self.type_: str | None = self.kind.lower().strip().replace(" ", "_") or None

    def __str__(self) -> str:
        text = "" if self.message is None else str(self.message)
        if self.kind and self.details:
            text += f"\nReason: {self.kind}, {self.details}"
        return text

    __repr__ = __str__


class PollTimeout(SWFError):
    """A poll returned no task (empty or missing ``taskToken``)."""


class InvalidCredentialsError(SWFError):
    """No usable AWS credentials were found (missing, partial, or an unknown profile)."""


class ResponseError(SWFError):
    """A failed SWF call, translated by a model."""


class DoesNotExistError(SWFError):
    """The remote resource does not exist."""


class AlreadyExistsError(SWFError):
    """The remote resource already exists."""


class InvalidKeywordArgumentError(SWFError):
    """A queryset filter got keyword arguments it does not know."""


class SWFConnectionError(SWFError, ConnectionError):
    """The SWF endpoint cannot be reached (refused, timed out, closed the connection).

    Not an SWF fault: the message names the endpoint URL and says what to check.
    It is also a builtin ``ConnectionError``, so callers can treat it as transient.
    """

    def __init__(self, message: Any, raw_error: str | None = "", *args: Any) -> None:
        # Skip OSError's argument parsing (errno/strerror): this is a plain message.
        SWFError.__init__(self, message, raw_error, *args)

    def __str__(self) -> str:
        return SWFError.__str__(self)

    __repr__ = __str__


class SWFResponseError(Exception):
    """An SWF fault, shaped like boto 2's ``boto.exception.SWFResponseError``.

    Args:
        status: the HTTP status code.
        reason: the HTTP reason phrase, e.g. ``'Bad Request'``.
        body: a dict holding ``'__type'`` (the fault type) and ``'message'``.
        *args: a first extra argument, when given, is the fault code; it is used when
            ``body`` has no ``'__type'``.

    Attributes:
        error_code: the fault name (``body['__type']`` after the last ``'#'``), or ``None``.
        message: the fault message (``body.get('message')``), same as ``error_message``.
        request_id: the AWS request id, when known.
    """

    def __init__(self, status: int, reason: str, body: dict[str, Any] | None = None, *args: Any):
        super().__init__(status, reason, body, *args)
        self.status = status
        self.reason = reason
        self.body: dict[str, Any] = body if body is not None else {}
        self.request_id: str | None = None
        fault_type = self.body.get("__type")
        if fault_type:
            self.error_code: str | None = str(fault_type).rsplit("#", 1)[-1]
        elif args and isinstance(args[0], str) and args[0]:
            self.error_code = args[0]
        else:
            self.error_code = None
        self.error_message: str | None = self.body.get("message")

    @property
    def message(self) -> str | None:
        """The fault message (alias of ``error_message``)."""
        return self.error_message

    @message.setter
    def message(self, value: str | None) -> None:
        self.error_message = value

    def __str__(self) -> str:
        return f"{type(self).__name__}: {self.status} {self.reason}\n{self.body}"

    __repr__ = __str__


class SWFDomainAlreadyExistsError(SWFResponseError):
    """``DomainAlreadyExistsFault``: the domain is already registered."""


class SWFLimitExceededError(SWFResponseError):
    """``LimitExceededFault``: an SWF limit was reached."""


class SWFOperationNotPermittedError(SWFResponseError):
    """``OperationNotPermittedFault``: the caller may not perform this action."""


class SWFTypeAlreadyExistsError(SWFResponseError):
    """``TypeAlreadyExistsFault``: the activity or workflow type is already registered."""


class SWFWorkflowExecutionAlreadyStartedError(SWFResponseError):
    """``WorkflowExecutionAlreadyStartedFault``: an open execution has this workflow id."""


_FAULT_CLASSES: dict[str, type[SWFResponseError]] = {
    "DomainAlreadyExistsFault": SWFDomainAlreadyExistsError,
    "LimitExceededFault": SWFLimitExceededError,
    "OperationNotPermittedFault": SWFOperationNotPermittedError,
    "TypeAlreadyExistsFault": SWFTypeAlreadyExistsError,
    "WorkflowExecutionAlreadyStartedFault": SWFWorkflowExecutionAlreadyStartedError,
}


def _response_error_class(code: str | None) -> type[SWFResponseError]:
    """The ``SWFResponseError`` class boto 2 raised for the fault ``code``."""
    return _FAULT_CLASSES.get(code or "", SWFResponseError)


# ---------------------------------------------------------------------------
# Predicates and decorator helpers (0.11.9 interface, swf.md section 4.2)
# ---------------------------------------------------------------------------


def ignore(*args: Any, **kwargs: Any) -> None:
    """Accept anything and return ``None``."""
    return None


#: Captures the second word of a fault message: ``'Unknown domain: foo'`` gives ``'domain'``.
REGEX_UNKNOWN_RESOURCE = re.compile(r"^[^\s]+\s+([^\s:]+)")

#: Captures ``X`` in ``'Unknown type: X=['`` or ``'Unknown execution: X=['``.
REGEX_NESTED_RESOURCE = re.compile(r"^[^\s]+\s+[^\s:]+:\s*([^\s=]+)=")

# ``Unknown execution, workflowId = <id>``: SWF's form when no run id was given.
_REGEX_EXECUTION_COMMA_FORM = re.compile(r"^[^\s]+\s+execution,")


def match_equals(regex: re.Pattern[str], string: str | None, values: str | Sequence[str]) -> bool:
    """Whether the first match of ``regex`` in ``string`` is (one of) ``values``.

    Args:
        regex: a compiled pattern with one group.
        string: the text to search; ``None`` never matches.
        values: a single ``str`` (exact equality) or a sequence of accepted values.
    """
    if string is None:
        return False
    matches = regex.findall(string)
    if not matches:
        return False
    return _is_one_of(matches[0], values)


def _is_one_of(name: str | None, values: str | Sequence[str]) -> bool:
    if name is None:
        return False
    if isinstance(values, str):
        return name == values
    return name in values


def is_swf_response_error(error: BaseException) -> bool:
    """Whether ``error`` is a transport error (``SWFResponseError``)."""
    return isinstance(error, SWFResponseError)


def is_unknown_resource_raised(error: BaseException, *args: Any, **kwargs: Any) -> bool:
    """Whether ``error`` is a transport error with the code ``UnknownResourceFault``."""
    return (
        is_swf_response_error(error)
        and getattr(error, "error_code", None) == _UNKNOWN_RESOURCE_FAULT
    )


def _fault_message(error: BaseException) -> str | None:
    body = getattr(error, "body", None)
    if not isinstance(body, dict):
        return None
    message = body.get("message")
    return message if isinstance(message, str) else None


def _generic_resource(message: str | None) -> str | None:
    """The second word of a fault message, without trailing punctuation."""
    if message is None:
        return None
    matches = REGEX_UNKNOWN_RESOURCE.findall(message)
    if not matches:
        return None
    return str(matches[0]).rstrip(_RESOURCE_PUNCTUATION) or None


def is_unknown(resource: str | Sequence[str]) -> Callable[..., bool]:
    """Build a predicate telling whether an error is an unknown ``resource`` fault.

    Args:
        resource: the resource name (``'domain'``, ``'ActivityType'``, ``'WorkflowType'``,
            ``'WorkflowExecution'``...) or a tuple of accepted names.

    Returns:
        ``f(error, *args, **kwargs) -> bool``. For ``Unknown type: X=[...]`` and
        ``Unknown execution: X=[...]`` faults the nested name ``X`` is compared; for other
        faults the second word. SWF's comma form ``Unknown execution, workflowId = <id>``
        counts as ``WorkflowExecution``.
    """

    def predicate(error: BaseException, *args: Any, **kwargs: Any) -> bool:
        if not is_unknown_resource_raised(error):
            return False
        message = _fault_message(error)
        generic = _generic_resource(message)
        if generic in ("type", "execution"):
            if message is not None and _REGEX_EXECUTION_COMMA_FORM.match(message):
                return _is_one_of("WorkflowExecution", resource)
            return match_equals(REGEX_NESTED_RESOURCE, message, resource)
        return _is_one_of(generic, resource)

    return predicate


def always(value: Any) -> Callable[..., Any]:
    """Build a function that ignores its arguments and returns ``value``.

    A plain Python function (lambdas included) is called instead, on each call.
    """

    def constant(*args: Any, **kwargs: Any) -> Any:
        if isinstance(value, types.FunctionType):
            return value()
        return value

    return constant


def extract_resource(error: BaseException) -> str:
    """Describe the unknown resource of an ``UnknownResourceFault``.

    Returns:
        ``'Resource <name> does not exist'``, e.g. ``'Resource domain does not exist'``;
        ``<name>`` is ``'unknown'`` when the fault has no recognisable message.

    Raises:
        ValueError: ``error`` is not an ``UnknownResourceFault``.
    """
    if getattr(error, "error_code", None) != _UNKNOWN_RESOURCE_FAULT:
        raise ValueError(f"cannot extract resource from {error}")
    resource = _generic_resource(_fault_message(error)) or "unknown"
    return f"Resource {resource} does not exist"


def raises(
    exception: Callable[[Any], BaseException],
    when: Callable[..., bool],
    extract: Callable[[BaseException], Any] = str,
) -> Callable[..., NoReturn]:
    """Build a handler raising ``exception(extract(error))`` when ``when(error)`` is True.

    Otherwise the handler re-raises ``error`` itself (any exception, transport or not).
    """

    def handler(error: BaseException, *args: Any, **kwargs: Any) -> NoReturn:
        if when(error, *args, **kwargs) is True:
            raise exception(extract(error)) from error
        raise error

    return handler


def catch(
    exceptions: type[BaseException] | Sequence[type[BaseException]],
    handle_with: Callable[..., Any] | None = None,
    log: bool = False,
) -> Callable[[_F], _F]:
    """Decorator factory: handle the listed exceptions raised by the decorated function.

    Args:
        exceptions: an exception class or a sequence of classes.
        handle_with: ``handler(err, *args, **kwargs)`` called with the original call's
            arguments (``self`` included); its result is returned. ``None`` re-raises.
        log: log an error line naming the function and the exception.
    """
    if isinstance(exceptions, type):
        caught: tuple[type[BaseException], ...] = (exceptions,)
    else:
        caught = tuple(exceptions)

    def decorator(func: _F) -> _F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return func(*args, **kwargs)
            except caught as err:
                if log:
                    logger.error("call to %s raised %r", func.__name__, err)
                if handle_with is None:
                    raise
                return handle_with(err, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator


#: Alias of :func:`catch`.
when = catch


def is_not(
    exceptions: type[BaseException] | Sequence[type[BaseException]], log: bool = False
) -> Callable[[_F], _F]:
    """Decorator factory: turn the listed exceptions into a ``False`` return value."""
    return catch(exceptions, handle_with=always(False), log=log)


def translate(
    exceptions: type[BaseException] | Sequence[type[BaseException]],
    to: Callable[[Any], BaseException],
) -> Callable[[_F], _F]:
    """Decorator factory: re-raise the listed exceptions as ``to(err.message)``."""

    def handler(error: BaseException, *args: Any, **kwargs: Any) -> NoReturn:
        raise to(getattr(error, "message", str(error))) from error

    return catch(exceptions, handle_with=handler)
