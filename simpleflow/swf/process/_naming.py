"""Process identity, names, titles and states shared by supervisors and pollers."""

from __future__ import annotations

import functools
import getpass
import json
import logging
import os
import signal
import socket
from collections.abc import Callable
from typing import Any, TypeVar

logger = logging.getLogger(__name__)

_F = TypeVar("_F", bound=Callable[..., Any])

#: SWF accepts identities of at most 256 characters.
MAX_IDENTITY_LENGTH = 256

_DISABLE_TITLE_VARIABLE = "SIMPLEFLOW_DISABLE_SETPROCTITLE"


def get_hostname() -> str:
    """The host name recorded in the SWF identity of this process."""
    return socket.gethostname()


def _get_login() -> str:
    """The login name of the current user, or the numeric uid when it has none.

    In containers the uid often has no passwd entry: ``getpass.getuser()`` then raises
    ``KeyError`` (``OSError`` on Python 3.13+).
    """
    try:
        return getpass.getuser()
    except (KeyError, OSError, ImportError):
        return str(os.getuid())


def swf_identity() -> str:
    """The identity sent with every poll: ``{"user": ..., "hostname": ..., "pid": ...}``.

    Returns:
        The JSON text (default separators, keys in that order), cut to 256 characters.
    """
    identity = {"user": _get_login(), "hostname": get_hostname(), "pid": os.getpid()}
    return json.dumps(identity)[:MAX_IDENTITY_LENGTH]


def get_payload_name(payload: Any) -> str:
    """A readable name for a supervisor payload.

    Returns:
        ``<InstanceClass>.<method>`` for a bound method, the function name for a function.

    Raises:
        TypeError: ``payload`` is neither a bound method nor a function.
    """
    owner = getattr(payload, "__self__", None)
    func = getattr(payload, "__func__", None)
    if owner is not None and func is not None:
        return f"{type(owner).__name__}.{func.__name__}"
    if callable(payload) and hasattr(payload, "__name__"):
        return str(payload.__name__)
    raise TypeError(f"cannot name payload {payload!r}: expected a function or a bound method")


_last_title: tuple[Any, str] | None = None  # (setproctitle function, title) last set


def set_process_title(title: str) -> None:
    """Set the process title (``ps``), unless disabled or ``setproctitle`` is missing.

    A title equal to the one last set is not set again (inherited across forks too, as
    the title is).
    """
    global _last_title
    if os.environ.get(_DISABLE_TITLE_VARIABLE):
        return
    try:
        from setproctitle import setproctitle
    except ImportError:  # optional at runtime: titles are a convenience only
        return
    if _last_title == (setproctitle, title):
        return
    setproctitle(title)
    _last_title = (setproctitle, title)


class NamedMixin:
    """Gives a process a ``name`` and a ``state``; the state is shown in the process title.

    Subclasses override the ``name`` property; setting ``state`` sets the title to
    ``<name>[<state>]``.
    """

    _name: str | None = None
    _state: str | None = None

    @property
    def name(self) -> str:
        return self._name or type(self).__name__

    @property
    def state(self) -> str | None:
        return self._state

    @state.setter
    def state(self, value: str) -> None:
        self._state = value
        set_process_title(f"{self.name}[{value}]")


def with_state(state: str) -> Callable[[_F], _F]:
    """Decorator of ``NamedMixin`` methods: enter ``state`` before running the method."""

    def decorator(method: _F) -> _F:
        @functools.wraps(method)
        def wrapper(self: NamedMixin, *args: Any, **kwargs: Any) -> Any:
            logger.debug("%s: entering state %r (%s)", self.name, state, method.__name__)
            self.state = state
            return method(self, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator


def reset_signal_handlers(func: _F) -> _F:
    """Decorator: restore the default SIGTERM/SIGINT dispositions, then run ``func``.

    Used as the target of forked children, which otherwise inherit the parent's handlers.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
