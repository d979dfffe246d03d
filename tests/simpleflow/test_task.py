from __future__ import annotations

import json

import pytest

from simpleflow import activity, futures
from simpleflow._execute_protocol import WRAPPER_ATTRIBUTE
from simpleflow.activity import Activity
from simpleflow.exceptions import ExecutionBlocked
from simpleflow.task import ActivityTask, Task, WorkflowTask, get_actual_value
from simpleflow.workflow import Workflow


@activity.with_attributes(name="tests.task.add")
def add(a: int, b: int = 0) -> int:
    return a + b


@activity.with_attributes(name="tests.task.Square")
class Square:
    def __init__(self, x: int) -> None:
        self.x = x

    def execute(self) -> int:
        return self.x * self.x


class Child(Workflow):
    name = "child"


def finished(value: object) -> futures.Future:
    future = futures.Future()
    future._set_result(value)
    return future


def test_get_actual_value_returns_plain_values_unchanged() -> None:
    value = [1, 2]
    assert get_actual_value(value) is value


def test_get_actual_value_unwraps_finished_future() -> None:
    assert get_actual_value(finished(3)) == 3


def test_get_actual_value_blocks_on_pending_future() -> None:
    with pytest.raises(ExecutionBlocked):
        get_actual_value(futures.Future())


def test_get_actual_value_does_not_unwrap_nested_futures() -> None:
    nested = [finished(1)]
    assert get_actual_value(nested) is nested


def test_task_is_abstract() -> None:
    with pytest.raises(TypeError):
        Task()  # type: ignore[abstract]


def test_activity_task_rejects_non_activity() -> None:
    with pytest.raises(
        TypeError, match=r"Wrong value for `activity`, got <class 'function'> instead"
    ):
        ActivityTask(lambda: None)  # type: ignore[arg-type]


def test_activity_task_resolves_arguments_at_construction() -> None:
    task = ActivityTask(add, finished(1), b=finished(2))
    assert task.args == [1]
    assert isinstance(task.args, list)
    assert task.kwargs == {"b": 2}
    assert task.id is None
    assert task.idempotent is None
    assert task.activity is add


def test_activity_task_blocks_on_pending_argument() -> None:
    with pytest.raises(ExecutionBlocked):
        ActivityTask(add, futures.Future())


def test_activity_task_name_and_repr() -> None:
    task = ActivityTask(add, 1, b=2)
    assert task.name == "activity-tests.task.add"
    assert repr(task) == (
        "ActivityTask(activity=Activity(name=tests.task.add, version=default, "
        "task_list=default), args=[1], kwargs={'b': 2}, id=None)"
    )


def test_activity_task_idempotent_follows_activity() -> None:
    act = Activity(lambda: None, name="tests.task.idem", idempotent=True)
    assert ActivityTask(act).idempotent is True


def test_execute_function_activity() -> None:
    assert ActivityTask(add, 1, b=2).execute() == 3


def test_execute_class_activity_calls_execute() -> None:
    assert ActivityTask(Square, 4).execute() == 16


def test_execute_treats_marked_execute_python_wrapper_as_function() -> None:
    def wrapper(x: int) -> int:
        return x + 100

    wrapper.execute = lambda: pytest.fail("must not be called")  # type: ignore[attr-defined]
    setattr(wrapper, WRAPPER_ATTRIBUTE, True)
    act = Activity(wrapper, name="tests.task.wrapped")
    assert ActivityTask(act, 1).execute() == 101


def test_serialize_uses_json() -> None:
    assert ActivityTask(add, 1).serialize({"a": (1, 2)}) == json.dumps({"a": [1, 2]})


def test_workflow_task() -> None:
    task = WorkflowTask(Child, finished(1), k=finished("v"))
    assert task.workflow is Child
    assert task.idempotent is False
    assert task.args == [1]
    assert task.kwargs == {"k": "v"}
    assert task.id is None
    assert task.name == "workflow-child"
    assert repr(task) == f"WorkflowTask(workflow={Child}, args=[1], kwargs={{'k': 'v'}}, id=None)"
