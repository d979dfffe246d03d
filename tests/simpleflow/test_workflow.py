from __future__ import annotations

import warnings

import pytest

from simpleflow import activity, futures
from simpleflow.canvas import Chain, Group, GroupFuture
from simpleflow.exceptions import ExecutionBlocked
from simpleflow.task import ActivityTask, WorkflowTask
from simpleflow.workflow import Workflow
from tests.simpleflow._stub import StubExecutor


@activity.with_attributes(name="tests.workflow.increment")
def increment(x: int) -> int:
    return x + 1


@activity.with_attributes(name="tests.workflow.add")
def add(a: int, b: int) -> int:
    return a + b


class Child(Workflow):
    name = "child"


class Recorder(Workflow):
    def run(self) -> None:
        pass


def make() -> tuple[Recorder, StubExecutor]:
    executor = StubExecutor(Recorder)
    workflow = executor._workflow
    assert isinstance(workflow, Recorder)
    return workflow, executor


@pytest.mark.parametrize(
    "attribute",
    [
        "name",
        "version",
        "task_list",
        "execution_timeout",
        "decision_tasks_timeout",
        "tag_list",
        "child_policy",
    ],
)
def test_class_attributes_default_to_none(attribute: str) -> None:
    assert getattr(Workflow, attribute) is None
    assert getattr(Recorder, attribute) is None


def test_executor_is_stored() -> None:
    workflow, executor = make()
    assert workflow._executor is executor


def test_submit_activity() -> None:
    workflow, executor = make()
    future = workflow.submit(increment, 1)
    assert future.result == 2
    assert executor.submitted == [(increment, (1,), {})]


def test_submit_workflow_class() -> None:
    workflow, executor = make()
    workflow.submit(Child, 1, k=2)
    assert executor.submitted == [(Child, (1,), {"k": 2})]


def test_submit_activity_task_ignores_extra_arguments() -> None:
    workflow, executor = make()
    workflow.submit(ActivityTask(add, 1, b=2), 99)
    assert executor.submitted == [(add, (1,), {"b": 2})]


def test_submit_workflow_task_passes_the_task_itself() -> None:
    # features §1.2: a task is handed to the executor as is (its task list travels with it).
    workflow, executor = make()
    child_task = WorkflowTask(Child, 1, workflow_task_list="tl")
    workflow.submit(child_task, 99)
    assert executor.submitted == [(child_task, (), {})]
    assert (child_task.args, child_task.task_list) == ([1], "tl")


@pytest.mark.parametrize("group_class", [Group, Chain])
def test_submit_group_returns_group_future(group_class: type[Group]) -> None:
    workflow, executor = make()
    future = workflow.submit(group_class(ActivityTask(increment, 1), ActivityTask(increment, 2)))
    assert isinstance(future, GroupFuture)
    assert future.result == [2, 3]


@pytest.mark.parametrize("bad", [42, "name", increment._callable])
def test_submit_rejects_other_types(bad: object) -> None:
    workflow, _ = make()
    with pytest.raises(TypeError, match=r"^Bad type for .* activity \(<class '.*'>\)$"):
        workflow.submit(bad)


def test_map_returns_one_future_per_item() -> None:
    workflow, executor = make()
    result = workflow.map(increment, [1, 2, 3])
    assert isinstance(result, list)
    assert [f.result for f in result] == [2, 3, 4]
    assert [call[1] for call in executor.submitted] == [(1,), (2,), (3,)]


def test_starmap_unpacks_items() -> None:
    workflow, _ = make()
    assert [f.result for f in workflow.starmap(add, [(1, 2), (3, 4)])] == [3, 7]


def test_map_raises_blocked_on_pending_item() -> None:
    workflow, _ = make()
    with pytest.raises(ExecutionBlocked):
        workflow.map(increment, [1, futures.Future()])


def test_fail_delegates_to_executor() -> None:
    workflow, executor = make()
    workflow.fail("reason", "details")
    assert executor.failures == [("reason", "details")]


def test_run_and_default_handlers_are_not_implemented() -> None:
    workflow = Workflow(StubExecutor())
    with pytest.raises(NotImplementedError):
        workflow.run()
    with pytest.raises(NotImplementedError):
        workflow.on_failure(None, "reason")
    with pytest.raises(NotImplementedError):
        workflow.on_completed(None)


def test_default_hooks_are_no_ops() -> None:
    workflow, _ = make()
    assert workflow.before_replay(None) is None
    assert workflow.after_replay(None) is None
    assert workflow.after_closed(None) is None


@pytest.mark.parametrize(
    ("alias", "target"), [("before_run", "before_replay"), ("after_run", "after_closed")]
)
def test_deprecated_aliases_warn_and_delegate(alias: str, target: str) -> None:
    calls: list[object] = []

    class Hooked(Workflow):
        pass

    setattr(Hooked, target, lambda self, history: calls.append(history))
    workflow = Hooked(StubExecutor())
    filters_before = list(warnings.filters)
    with pytest.warns(
        DeprecationWarning, match=f"^Call to deprecated function {alias}.$"
    ) as record:
        getattr(workflow, alias)("history")
    assert calls == ["history"]
    assert record[0].filename == __file__  # stacklevel=2: points at the caller
    assert warnings.filters == filters_before
