"""The record format of simpleflow.execute.python, without child processes."""

from __future__ import annotations

import functools
import json
import sys
from typing import Any

import pytest

from simpleflow import _execute_child as child
from simpleflow import _execute_protocol as protocol
from simpleflow import _execute_runner as runner
from simpleflow import execute
from simpleflow.exceptions import ExecutionError
from simpleflow.exceptions import TimeoutError as SimpleflowTimeoutError


class _NeedsTwoArguments(Exception):
    def __init__(self, first: str, second: str) -> None:
        super().__init__(first, second)


class _Slotted(Exception):
    __slots__ = ()


def _error(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "module": "builtins",
        "qualname": "ValueError",
        "message": "bad",
        "args": ["bad"],
        "attributes": {},
        "traceback": "Traceback (most recent call last):\nValueError: bad\n",
    }
    base.update(fields)
    return base


def test_error_record_round_trip_keeps_class_args_and_attributes() -> None:
    try:
        raise SimpleflowTimeoutError("START_TO_CLOSE", 30)
    except SimpleflowTimeoutError as err:
        record = protocol.encode_error(err)
    kind, error = protocol.decode_record(record)
    assert kind == "error"
    assert error["module"] == "simpleflow.exceptions"
    assert error["qualname"] == "TimeoutError"
    assert error["attributes"] == {"timeout_type": "START_TO_CLOSE", "timeout_value": 30}
    rebuilt = protocol.rebuild_exception(error)
    assert type(rebuilt) is SimpleflowTimeoutError
    assert rebuilt.args == ("START_TO_CLOSE", 30)
    assert "test_error_record_round_trip" in rebuilt.child_traceback  # type: ignore[attr-defined]


def test_unserializable_args_and_attributes_are_dropped() -> None:
    err = ValueError(object())
    err.good = [1]  # type: ignore[attr-defined]
    err.bad = object()  # type: ignore[attr-defined]
    description = protocol.describe_exception(err)
    assert description["args"] is None
    assert description["attributes"] == {"good": [1]}
    rebuilt = protocol.rebuild_exception(description)
    assert type(rebuilt) is ValueError
    assert rebuilt.args == (description["message"],)


def test_result_record_round_trip() -> None:
    assert protocol.decode_record(protocol.encode_result({"a": [1, None]})) == (
        "result",
        {"a": [1, None]},
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not json",
        "[1]",
        "{}",
        '{"result": 1, "error": {}}',
        '{"value": 1}',
        '{"error": "boom"}',
        '{"error": {"module": "builtins", "qualname": "ValueError"}}',
        '{"error": {"module": "builtins", "qualname": 1, "message": "x"}}',
        '{"error": {"module": "builtins", "qualname": "ValueError", "message": "x", "args": 1}}',
    ],
)
def test_malformed_records_are_rejected(text: str) -> None:
    with pytest.raises(protocol.RecordError):
        protocol.decode_record(text)


@pytest.mark.parametrize(
    ("module", "qualname"),
    [
        ("builtins", "SystemExit"),  # BaseException only
        ("builtins", "KeyboardInterrupt"),
        ("os", "system"),  # a function: must never be called
        ("builtins", "eval"),
        ("builtins", "int"),  # a class, but not an exception
        ("builtins", "ValueError.__subclasses__"),
        ("simpleflow_never_imported_module", "Error"),
        ("builtins", ""),
        ("builtins", "..ValueError"),
    ],
)
def test_unsafe_or_unknown_classes_become_execution_error(module: str, qualname: str) -> None:
    rebuilt = protocol.rebuild_exception(_error(module=module, qualname=qualname))
    assert type(rebuilt) is ExecutionError
    assert str(rebuilt) == f"{module}.{qualname}: bad"
    assert "simpleflow_never_imported_module" not in sys.modules


def test_class_whose_constructor_rejects_the_args_is_built_bare() -> None:
    rebuilt = protocol.rebuild_exception(
        _error(module=__name__, qualname="_NeedsTwoArguments", args=["only one"])
    )
    assert type(rebuilt) is _NeedsTwoArguments
    assert rebuilt.args == ("only one",)


def test_dunder_attributes_are_not_restored_but_notes_are() -> None:
    rebuilt = protocol.rebuild_exception(
        _error(attributes={"__class__": "x", "__cause__": "y", "__notes__": ["n"], "k": 1})
    )
    assert type(rebuilt) is ValueError
    assert rebuilt.__cause__ is None
    assert rebuilt.k == 1  # type: ignore[attr-defined]
    assert getattr(rebuilt, "__notes__", None)[0] == "n"  # type: ignore[index]


def test_slotted_exception_without_traceback_attribute_is_still_raised() -> None:
    rebuilt = protocol.rebuild_exception(_error(module=__name__, qualname="_Slotted"))
    assert type(rebuilt) is _Slotted


def test_interpret_reports_crashes_and_bad_records() -> None:
    crashed = runner.ChildOutcome(-11, "", b"", b"Fatal Python error\n")
    with pytest.raises(ExecutionError) as excinfo:
        runner.interpret(crashed, "m.f", "python3")
    assert "was killed by signal SIGSEGV (11)" in str(excinfo.value)
    assert "Fatal Python error" in str(excinfo.value)

    garbage = runner.ChildOutcome(0, "{", b"", b"")
    with pytest.raises(ExecutionError, match="malformed record.*stderr was empty"):
        runner.interpret(garbage, "m.f", "python3")


def test_interpret_keeps_a_result_reported_before_a_late_crash(
    caplog: pytest.LogCaptureFixture,
) -> None:
    outcome = runner.ChildOutcome(-6, protocol.encode_result([1]), b"", b"")
    assert runner.interpret(outcome, "m.f", "python3") == [1]
    assert "SIGABRT" in caplog.text


def test_load_arguments_requires_the_documented_shape() -> None:
    assert child.load_arguments('{"args": [1], "kwargs": {"a": 2}}') == ([1], {"a": 2})
    assert child.load_arguments("{}") == ([], {})
    long_text = "x" * 1000
    with pytest.raises(ValueError) as excinfo:
        child.load_arguments(long_text)
    assert str(excinfo.value) == f"cannot load arguments from {'x' * 200}..."
    with pytest.raises(ValueError, match="cannot load arguments from"):
        child.load_arguments('{"args": 1}')


def _decorate(func: Any) -> Any:
    @functools.wraps(func)
    def decorated(*args: Any, **kwargs: Any) -> Any:
        return ("decorated", func(*args, **kwargs))

    return decorated


def _plain(x: int) -> int:
    return x


class _FakeActivity:
    def __init__(self, func: Any) -> None:
        self._callable = func


def test_unwrap_removes_only_the_execute_wrapper() -> None:
    inner = _decorate(_plain)
    wrapper = execute.python()(inner)
    assert child.unwrap(wrapper) is inner  # decorators inside execute.python are kept
    assert child.unwrap(_FakeActivity(wrapper)) is inner
    outer = _decorate(wrapper)  # a decorator around the wrapper is skipped too
    assert child.unwrap(outer) is inner
    assert child.unwrap(inner) is inner  # no execute wrapper: unchanged
    assert child.unwrap(_plain) is _plain


def test_run_calls_functions_and_class_style_callables() -> None:
    assert child.run("len", json.dumps({"args": [[1, 2]]})) == 2
    assert child.run("tests.data.execute_funcs.Adder", '{"args": [2], "kwargs": {"b": 5}}') == 7
