"""Child side of ``simpleflow.execute.python``: ``python -m simpleflow.execute``.

Usage::

    python -m simpleflow.execute [--result-file PATH] [--arguments-fd FD] FUNCNAME [FUNCARGS]

``FUNCARGS`` is ``{"args": [...], "kwargs": {...}}`` as JSON; with
``--arguments-fd`` the same JSON is read from that file descriptor instead
(the parent uses a pipe so that large arguments never hit the OS limit on
command-line length). With ``--result-file`` the outcome is written there as
one record (see ``simpleflow._execute_protocol``); without it, the JSON result
is printed as the last line of stdout and an error record goes to stderr, as
in 0.11.9's command line. The exit status is 0 on success and 1 on error.

Only the standard library and simpleflow's pure modules are imported here,
so any interpreter that can import ``simpleflow`` (e.g. another Python
version with ``PYTHONPATH`` pointing at the sources) can run callables.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

from simpleflow import _execute_protocol as protocol

_MAX_QUOTED_ARGUMENTS = 200


def _parse_options(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m simpleflow.execute",
        description="Run a Python callable with JSON arguments (simpleflow.execute.python).",
    )
    parser.add_argument(
        protocol.RESULT_FILE_OPTION,
        dest="result_file",
        metavar="PATH",
        help="write the result or error record to PATH instead of stdout/stderr",
    )
    parser.add_argument(
        protocol.ARGUMENTS_FD_OPTION,
        dest="arguments_fd",
        metavar="FD",
        type=int,
        help="read FUNCARGS from this file descriptor",
    )
    parser.add_argument("funcname", metavar="FUNCNAME", help="dotted name of the callable")
    parser.add_argument(
        "funcargs",
        metavar="FUNCARGS",
        nargs="?",
        help='JSON object {"args": [...], "kwargs": {...}}',
    )
    options = parser.parse_args(argv)
    if (options.funcargs is None) == (options.arguments_fd is None):
        parser.error(f"pass either FUNCARGS or {protocol.ARGUMENTS_FD_OPTION}, not both or none")
    return options


def _read_arguments_fd(fd: int) -> str:
    with os.fdopen(fd, "rb") as stream:
        return stream.read().decode("utf-8")


def load_arguments(text: str) -> tuple[list[Any], dict[str, Any]]:
    """Parse ``FUNCARGS``; return ``(args, kwargs)``.

    Raises:
        ValueError: ``cannot load arguments from <text>`` (text truncated).
    """
    try:
        arguments = json.loads(text)
    except ValueError:
        arguments = None
    if isinstance(arguments, dict):
        args = arguments.get("args", ())
        kwargs = arguments.get("kwargs", {})
        if isinstance(args, list | tuple) and isinstance(kwargs, dict):
            return list(args), kwargs
    quoted = text if len(text) <= _MAX_QUOTED_ARGUMENTS else text[:_MAX_QUOTED_ARGUMENTS] + "..."
    raise ValueError(f"cannot load arguments from {quoted}")


def unwrap(obj: Any) -> Any:
    """Return the user callable behind a module attribute, avoiding recursion.

    An ``Activity`` is replaced by its ``_callable``; then the chain of
    ``__wrapped__`` is followed down to the innermost wrapper made by
    ``simpleflow.execute.python`` (``functools.wraps`` copies its mark onto
    outer decorators, hence *innermost*), and that wrapper is replaced by the
    object it wraps: calling it would start yet another interpreter.
    Decorators applied *inside* ``execute.python`` are kept. An object with
    no such wrapper in its chain is returned unchanged.
    """
    inner = getattr(obj, "_callable", None)
    if inner is not None and callable(inner) and not isinstance(obj, type):
        obj = inner
    found = None
    candidate = obj
    seen: set[int] = set()
    while id(candidate) not in seen and hasattr(candidate, "__wrapped__"):
        seen.add(id(candidate))
        if getattr(candidate, protocol.WRAPPER_ATTRIBUTE, False):
            found = candidate
        candidate = candidate.__wrapped__
    return obj if found is None else found.__wrapped__


def run(funcname: str, text: str) -> Any:
    """Resolve ``funcname``, call it with the JSON arguments ``text``, return its result."""
    from simpleflow.execute import make_callable

    args, kwargs = load_arguments(text)
    func = unwrap(make_callable(funcname))
    if isinstance(func, type):
        return func(*args, **kwargs).execute()
    return func(*args, **kwargs)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m simpleflow.execute``; returns the exit status."""
    options = _parse_options(argv)
    if options.arguments_fd is not None:
        os.set_inheritable(options.arguments_fd, False)
    try:
        if options.arguments_fd is not None:
            text = _read_arguments_fd(options.arguments_fd)
        else:
            text = options.funcargs
        result = run(options.funcname, text)
        record = protocol.encode_result(result)
        status = 0
    except BaseException as exc:  # noqa: BLE001 - reported to the parent as an error record
        record = protocol.encode_error(exc)
        status = 1

    if options.result_file is not None:
        with open(options.result_file, "w", encoding="utf-8") as channel:
            channel.write(record)
    elif status == 0:
        sys.stdout.flush()
        # The result must be the last line even if the callable left a partial line.
        sys.stdout.write("\n" + json.dumps(result) + "\n")
        sys.stdout.flush()
    else:
        sys.stderr.write(record + "\n")
        sys.stderr.flush()
    return status
