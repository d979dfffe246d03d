from __future__ import annotations

from typing import Any

import pytest

from simpleflow import executor
from simpleflow.workflow import Workflow


class Echo(executor.Executor):
    def submit(self, task: Any, *args: Any, **kwargs: Any) -> Any:
        return (task, args, kwargs)

    def run(self, *args: Any, **kwargs: Any) -> Any:
        return self.run_workflow(*args, **kwargs)


class Sum(Workflow):
    def run(self, *values: int) -> int:
        return sum(values)


def test_executor_is_abstract() -> None:
    with pytest.raises(TypeError):
        executor.Executor(Sum)  # type: ignore[abstract]


def test_workflow_instance_is_built_with_the_executor() -> None:
    ex = Echo(Sum)
    assert isinstance(ex._workflow, Sum)
    assert ex._workflow._executor is ex
    assert ex.run(1, 2) == 3


def test_map_and_starmap() -> None:
    ex = Echo(Sum)
    assert ex.map("t", [1, 2]) == [("t", (1,), {}), ("t", (2,), {})]
    assert ex.starmap("t", [(1, 2)]) == [("t", (1, 2), {})]


def test_hooks_are_no_ops() -> None:
    ex = Echo(Sum)
    assert ex.on_failure("r") is None
    assert ex.on_completed() is None
    assert ex.fail("r", "d") is None
    assert ex.before_replay() is None
    assert ex.after_replay() is None
    assert ex.after_closed() is None


@pytest.mark.parametrize("alias", ["before_run", "after_run"])
def test_deprecated_aliases(alias: str) -> None:
    with pytest.warns(DeprecationWarning, match=f"Call to deprecated function {alias}."):
        assert getattr(Echo(Sum), alias)() is None


def test_all() -> None:
    assert executor.__all__ == ["Executor"]
