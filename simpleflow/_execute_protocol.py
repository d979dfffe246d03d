"""Wire format between ``simpleflow.execute.python`` and its child interpreter.

The child writes exactly one JSON *record* on a dedicated channel (a private
temporary file whose path the parent passes with ``--result-file``); the
child's stdout and stderr are never parsed. A record is either::

    {"result": <JSON value>}

or::

    {"error": {"module": "builtins", "qualname": "TypeError", "message": "...",
               "args": [...] | null, "attributes": {...}, "traceback": "..."}}

The parent turns an error record back into an exception without importing
or evaluating anything: the class is looked up in ``builtins`` or in a module
already present in ``sys.modules``, it must be an ``Exception`` subclass, and
it is instantiated with the recorded ``args`` only. Anything else becomes a
``simpleflow.exceptions.ExecutionError``. No pickle, no ``eval``.

This module is imported by the child interpreter too: it depends on the
standard library only, plus ``simpleflow.exceptions`` (pure) on the parent
path.
"""

from __future__ import annotations

import inspect
import json
import logging
import sys
import traceback
from collections.abc import Mapping
from typing import Any

logger = logging.getLogger(__name__)

#: Command-line options understood by ``python -m simpleflow.execute``.
RESULT_FILE_OPTION = "--result-file"
ARGUMENTS_FD_OPTION = "--arguments-fd"

#: Attribute marking the callables produced by ``simpleflow.execute.python``.
WRAPPER_ATTRIBUTE = "_simpleflow_execute_wrapper"

#: Longest traceback text carried in a record (the tail is kept).
MAX_TRACEBACK_CHARS = 64 * 1024

#: Attribute set on exceptions rebuilt in the parent, holding the child's traceback text.
CHILD_TRACEBACK_ATTRIBUTE = "child_traceback"

_NOTE_HEADER = "Traceback in the child interpreter (simpleflow.execute.python):\n"


class RecordError(ValueError):
    """The content of the result channel is not a valid record."""


def _is_json_serializable(value: object) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError, RecursionError):
        return False
    return True


def _safe_str(exc: BaseException) -> str:
    try:
        return str(exc)
    except Exception:  # noqa: BLE001 - a broken __str__ must not hide the original error
        return f"<unprintable {type(exc).__name__} object>"


def encode_result(result: object) -> str:
    """Return the JSON record of a successful call.

    Raises:
        TypeError: ``result`` is not JSON-serialisable.
    """
    return json.dumps({"result": result})


def describe_exception(exc: BaseException) -> dict[str, Any]:
    """Return the JSON-serialisable description of ``exc`` (the ``error`` object)."""
    cls = type(exc)
    args: list[Any] | None = list(exc.args)
    if not _is_json_serializable(args):
        args = None
    attributes: dict[str, Any] = {}
    for name, value in getattr(exc, "__dict__", {}).items():
        if isinstance(name, str) and _is_json_serializable(value):
            attributes[name] = value
    text = "".join(traceback.format_exception(cls, exc, exc.__traceback__))
    if len(text) > MAX_TRACEBACK_CHARS:
        text = "...\n" + text[-MAX_TRACEBACK_CHARS:]
    return {
        "module": cls.__module__,
        "qualname": cls.__qualname__,
        "message": _safe_str(exc),
        "args": args,
        "attributes": attributes,
        "traceback": text,
    }


def encode_error(exc: BaseException) -> str:
    """Return the JSON record describing the exception ``exc``."""
    return json.dumps({"error": describe_exception(exc)})


def decode_record(text: str) -> tuple[str, Any]:
    """Parse a record; return ``('result', value)`` or ``('error', description)``.

    Raises:
        RecordError: the text is not JSON or not shaped like a record.
    """
    try:
        record = json.loads(text)
    except ValueError as err:
        raise RecordError(f"the result channel does not hold JSON ({err})") from None
    if not isinstance(record, dict) or len(record) != 1:
        raise RecordError('expected an object with a single "result" or "error" key')
    ((kind, value),) = record.items()
    if kind == "result":
        return kind, value
    if kind != "error":
        raise RecordError(f'unknown record kind {kind!r}: expected "result" or "error"')
    _check_error_shape(value)
    return kind, value


def _check_error_shape(error: object) -> None:
    if not isinstance(error, dict):
        raise RecordError('"error" must be an object')
    for key in ("module", "qualname", "message"):
        if not isinstance(error.get(key), str):
            raise RecordError(f'"error.{key}" must be a string')
    expected: dict[str, tuple[type, ...]] = {
        "args": (list, type(None)),
        "attributes": (dict,),
        "traceback": (str,),
    }
    for key, types in expected.items():
        if key in error and not isinstance(error[key], types):
            raise RecordError(f'"error.{key}" has the wrong type')


def resolve_exception_class(module_name: str, qualname: str) -> type[Exception] | None:
    """Find an already-loaded ``Exception`` subclass; never import anything.

    Only ``builtins`` and modules present in ``sys.modules`` are searched, and
    the attributes are read statically (no module ``__getattr__``, no
    descriptors), so naming a class cannot trigger code in the parent.
    """
    module = sys.modules.get(module_name)
    if module is None or not qualname:
        return None
    obj: object = module
    for part in qualname.split("."):
        if not part.isidentifier():
            return None
        obj = inspect.getattr_static(obj, part, None)
        if obj is None:
            return None
    if isinstance(obj, type) and issubclass(obj, Exception):
        return obj
    return None


def _instantiate(cls: type[Exception], args: list[Any]) -> Exception | None:
    try:
        exc = cls(*args)
    except Exception:
        logger.debug("cannot call %s(*args); trying a bare instance", cls, exc_info=True)
    else:
        return exc if isinstance(exc, cls) else None
    try:
        exc = cls.__new__(cls)
        exc.args = tuple(args)
    except Exception:
        logger.debug("cannot create a bare %s instance", cls, exc_info=True)
        return None
    return exc


def _restore_attributes(exc: Exception, attributes: Mapping[str, Any]) -> None:
    for name, value in attributes.items():
        # Dunder attributes (``__class__``, ``__cause__``...) are not data; notes are.
        if name.startswith("__") and name.endswith("__") and name != "__notes__":
            continue
        try:
            setattr(exc, name, value)
        except Exception:
            logger.debug("cannot restore attribute %r on %s", name, type(exc), exc_info=True)


def attach_child_traceback(exc: BaseException, text: str) -> None:
    """Expose the child's traceback on ``exc`` (attribute and, on 3.11+, a note)."""
    if not text:
        return
    try:
        setattr(exc, CHILD_TRACEBACK_ATTRIBUTE, text)
    except Exception:
        logger.debug("cannot set %s on %s", CHILD_TRACEBACK_ATTRIBUTE, type(exc), exc_info=True)
    add_note = getattr(exc, "add_note", None)
    if add_note is not None:
        add_note(_NOTE_HEADER + text.rstrip("\n"))


def rebuild_exception(error: Mapping[str, Any]) -> Exception:
    """Turn an ``error`` description back into an exception instance.

    Returns an instance of the recorded class when it can be resolved safely
    (see :func:`resolve_exception_class`), else a
    ``simpleflow.exceptions.ExecutionError`` whose message is
    ``'<module>.<qualname>: <message>'``.
    """
    from simpleflow.exceptions import ExecutionError

    module_name = str(error["module"])
    qualname = str(error["qualname"])
    message = str(error["message"])
    args = error.get("args")
    text = error.get("traceback") or ""
    if text:
        logger.debug("child traceback of %s.%s:\n%s", module_name, qualname, text)

    exc: Exception | None = None
    cls = resolve_exception_class(module_name, qualname)
    if cls is not None:
        exc = _instantiate(cls, list(args) if isinstance(args, list) else [message])
        if exc is not None:
            _restore_attributes(exc, error.get("attributes") or {})
    if exc is None:
        exc = ExecutionError(f"{module_name}.{qualname}: {message}")
    attach_child_traceback(exc, text)
    return exc
