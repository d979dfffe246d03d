"""Run callables as external programs.

Two decorators:

- :func:`program` describes a command-line program with a Python signature:
  calling the decorated function runs the program (no shell) and returns its
  stdout as text.
- :func:`python` runs a Python function or class in a separate interpreter
  (``python -m simpleflow.execute``), e.g. another Python version, PyPy or a
  virtualenv. Arguments and results travel as JSON on dedicated channels (a
  pipe for the arguments, a private temporary file for the result or error
  record); the child's stdout and stderr are captured and logged at DEBUG
  (truncated), never parsed. See ``simpleflow._execute_runner`` and
  ``simpleflow._execute_protocol`` for the protocol.

Security notes: no shell is involved; positional values starting with ``-``
are seen as options by the target program of :func:`program`. Nothing the
child sends is evaluated or unpickled; exception classes are only looked up
among already-loaded modules. Argument payloads are logged at DEBUG only,
truncated.
"""

from __future__ import annotations

import builtins
import datetime
import functools
import importlib
import inspect
import json
import logging
import subprocess
import sys
import types
from collections.abc import Callable, Mapping
from typing import Any

from simpleflow import _execute_protocol as protocol

__all__ = ["program", "python"]

logger = logging.getLogger(__name__)

_MAX_LOGGED_COMMAND = 200


class RequiredArgument:
    """Sentinel used as a *default value* to mark a keyword argument of a
    :func:`program` as mandatory."""


def format_arguments(*args: Any, **kwargs: Any) -> list[str]:
    """Turn a call into command-line arguments.

    Keyword items come first, as ``-k="v"`` for a one-character key and
    ``--key="v"`` otherwise (the double quotes are part of the argument: no
    shell strips them), then ``str(a)`` for each positional.

    >>> format_arguments('a', 'b', c=1, val=2)
    ['-c="1"', '--val="2"', 'a', 'b']
    """
    options = [
        f'-{key}="{value}"' if len(key) == 1 else f'--{key}="{value}"'
        for key, value in kwargs.items()
    ]
    return options + [str(arg) for arg in args]


def zip_arguments_defaults(argspec: Any) -> list[tuple[str, Any]]:
    """Pairs ``(name, default)`` for the trailing positional parameters with defaults."""
    defaults = argspec.defaults or ()
    if not defaults:
        return []
    return list(zip(argspec.args[-len(defaults) :], defaults, strict=True))


def _varkw(argspec: Any) -> str | None:
    # ``inspect.getfullargspec`` says ``varkw``; 0.11.9's ``getargspec`` said ``keywords``.
    return getattr(argspec, "varkw", getattr(argspec, "keywords", None))


def check_arguments(argspec: Any, args: tuple[Any, ...] | list[Any]) -> None:
    """Check positional arguments against ``argspec`` (defaults are not counted, as in 0.11.9).

    Raises:
        TypeError: ``command does not take varargs`` or
            ``command takes <n> arguments: <m> passed``.
    """
    if argspec.varargs:
        return
    if not argspec.args and args:
        raise TypeError("command does not take varargs")
    if argspec.args and len(args) != len(argspec.args):
        raise TypeError(f"command takes {len(argspec.args)} arguments: {len(args)} passed")


def check_keyword_arguments(argspec: Any, kwargs: Mapping[str, Any]) -> None:
    """Check keyword arguments against ``argspec``.

    Keyword-only parameters count as accepting keywords; they are required when
    they have no default or when their default is :class:`RequiredArgument`.

    Raises:
        TypeError: ``command does not take keyword arguments``, or
            ``argument "<name>" not found`` / ``arguments "<n1>, <n2>" not found``
            (names in declaration order).
    """
    kwonlyargs = list(getattr(argspec, "kwonlyargs", None) or ())
    kwonlydefaults = getattr(argspec, "kwonlydefaults", None) or {}
    defaults = zip_arguments_defaults(argspec)
    if not _varkw(argspec) and not defaults and not kwonlyargs and kwargs:
        raise TypeError("command does not take keyword arguments")

    required = [name for name, default in defaults if default is RequiredArgument]
    required += [
        name
        for name in kwonlyargs
        if name not in kwonlydefaults or kwonlydefaults[name] is RequiredArgument
    ]
    missing = [name for name in required if name not in kwargs]
    if len(missing) == 1:
        raise TypeError(f'argument "{missing[0]}" not found')
    if missing:
        raise TypeError(f'arguments "{", ".join(missing)}" not found')


def _json_default(value: object) -> Any:
    if isinstance(value, range | types.GeneratorType):
        return list(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(
        f"Object of type {type(value).__name__} is not JSON serializable; "
        "simpleflow.execute.python passes arguments and results as JSON"
    )


def format_arguments_json(*args: Any, **kwargs: Any) -> str:
    """JSON of ``{'args': args, 'kwargs': kwargs}`` (standard-library separators).

    Ranges and generators become lists, dates and datetimes ISO strings.
    """
    return json.dumps({"args": args, "kwargs": kwargs}, default=_json_default)


def get_name(func: Any) -> str:
    """``'<module>.<name>'`` of a callable (``func.name`` when it has one).

    ``func.name`` is used only when it is a string (a class such as
    ``pathlib.Path`` has a ``name`` *property*, which 0.11.9 used verbatim).

    Raises:
        ValueError: ``func`` is not callable.
    """
    if not callable(func):
        raise ValueError(f"{func} is not callable")
    name = getattr(func, "name", None)
    if not isinstance(name, str):
        name = getattr(func, "__name__", None) or type(func).__name__
    return f"{func.__module__}.{name}"


def make_callable(funcname: str) -> Any:
    """Resolve a dotted name (no dot: a builtin) by importing its module.

    Raises:
        AttributeError: ``module <m> has no attribute <name>``.
        ImportError: the module cannot be imported.
    """
    if "." in funcname:
        module_name, name = funcname.rsplit(".", 1)
        module = importlib.import_module(module_name)
    else:
        module_name, name = builtins.__name__, funcname
        module = builtins
    try:
        return getattr(module, name)
    except AttributeError:
        raise AttributeError(f"module {module_name} has no attribute {name}") from None


def program(
    path: str | None = None,
    argument_format: Callable[..., list[str]] = format_arguments,
) -> Callable[[Callable[..., Any]], Callable[..., str]]:
    """Decorator: calling the function runs the program ``path`` (default: its name).

    The body of the decorated function is never executed; its signature is
    checked against each call (:func:`check_arguments`,
    :func:`check_keyword_arguments`). The program is looked up on ``PATH``,
    inherits the environment and cwd, and its stdout is returned as ``str``.

    Raises (when called):
        TypeError: the call does not match the declared signature.
        subprocess.CalledProcessError: the program exited with a non-zero status.
    """

    def wrap_callable(func: Callable[..., Any]) -> Callable[..., str]:
        argspec = inspect.getfullargspec(func)

        @functools.wraps(func)
        def execute(*args: Any, **kwargs: Any) -> str:
            check_arguments(argspec, args)
            check_keyword_arguments(argspec, kwargs)
            command = [path or func.__name__, *argument_format(*args, **kwargs)]
            if logger.isEnabledFor(logging.DEBUG):
                text = " ".join(command)
                if len(text) > _MAX_LOGGED_COMMAND:
                    text = text[:_MAX_LOGGED_COMMAND] + "..."
                logger.debug("running program: %s", text)
            return subprocess.check_output(command, text=True)

        return execute

    return wrap_callable


def python(
    interpreter: str | None = None,
    timeout: float | None = None,
    env: Mapping[str, str] | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorator: run a function, or a class's ``execute()``, in another interpreter.

    Args:
        interpreter: executable name (looked up on ``PATH``) or path; ``None``
            (the default; 0.11.9 used ``'python'``) means the running
            interpreter, ``sys.executable``. It must be able to import
            ``simpleflow`` and the module defining the callable.
        timeout: seconds before the child and its process group are killed
            (``None``: no limit).
        env: environment of the child (default: inherited).

    The decorated callable must be reachable as ``<module>.<name>`` at module
    level. A decorated class is instantiated with the arguments in the child
    and the value of its ``execute()`` is returned. Arguments and results must
    be JSON-serialisable.

    Raises (when called):
        Exception: the exception raised in the child, rebuilt as the same class
            when that class is a builtin or is defined in an already-imported
            module (the child traceback is attached as ``child_traceback`` and,
            on Python 3.11+, as a note).
        simpleflow.exceptions.ExecutionError: the class could not be rebuilt,
            the child crashed or timed out, or it reported a malformed record.
    """

    def wrap_callable(func: Callable[..., Any]) -> Callable[..., Any]:
        funcname = get_name(func)
        # A class's __dict__ is not copied onto the wrapper: copied methods such
        # as ``execute`` would make the wrapper look like a class-style activity.
        updated = () if isinstance(func, type) else functools.WRAPPER_UPDATES

        @functools.wraps(func, updated=updated)
        def execute(*args: Any, **kwargs: Any) -> Any:
            from simpleflow import _execute_runner

            payload = format_arguments_json(*args, **kwargs)
            return _execute_runner.call(interpreter, funcname, payload, timeout, env)

        setattr(execute, protocol.WRAPPER_ATTRIBUTE, True)
        return execute

    return wrap_callable


if __name__ == "__main__":
    from simpleflow._execute_child import main

    sys.exit(main())
