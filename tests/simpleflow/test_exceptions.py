from __future__ import annotations

import builtins

import pytest

from simpleflow import exceptions


def test_task_failed_keeps_name_reason_details() -> None:
    err = exceptions.TaskFailed("pkg.act", "boom", "trace")
    assert (err.name, err.reason, err.details) == ("pkg.act", "boom", "trace")
    assert err.args == ("pkg.act", "boom", "trace")
    assert repr(err) == 'TaskFailed (pkg.act, "boom")'


def test_task_failed_details_default_to_none() -> None:
    assert exceptions.TaskFailed("a", "b").details is None


def test_task_exception_repr_and_args() -> None:
    inner = ValueError("bad")
    err = exceptions.TaskException("task-1", inner)
    assert err.task == "task-1"
    assert err.exception is inner
    assert err.args == ("task-1", inner)
    assert repr(err) == "TaskException(task=task-1 exception=bad)"


def test_timeout_error_is_not_the_builtin() -> None:
    err = exceptions.TimeoutError("START_TO_CLOSE", "300")
    assert exceptions.TimeoutError is not builtins.TimeoutError
    assert not isinstance(err, builtins.TimeoutError)
    assert (err.timeout_type, err.timeout_value) == ("START_TO_CLOSE", "300")
    assert repr(err) == "TimeoutError(START_TO_CLOSE)"
    rebuilt = exceptions.TimeoutError(*err.args)
    assert (rebuilt.timeout_type, rebuilt.timeout_value) == ("START_TO_CLOSE", "300")


def test_timeout_error_defaults() -> None:
    err = exceptions.TimeoutError()
    assert (err.timeout_type, err.timeout_value) == ("unknown timeout", None)


@pytest.mark.parametrize(
    "cls",
    [
        exceptions.ExecutionBlocked,
        exceptions.TaskException,
        exceptions.TaskFailed,
        exceptions.TimeoutError,
        exceptions.ExecutionError,
    ],
)
def test_every_exception_is_an_exception_subclass(cls: type) -> None:
    assert issubclass(cls, Exception)
