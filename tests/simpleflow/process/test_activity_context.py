"""The context a worker gives class-based activities (features §6.4)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from simpleflow import activity
from simpleflow.swf.process.worker._context import activity_context
from simpleflow.task import ActivityTask
from swf.exceptions import DoesNotExistError


class _Poller:
    def __init__(self, answer: Any) -> None:
        self.answer = answer
        self.tokens: list[str] = []

    def heartbeat(self, token: str) -> Any:
        self.tokens.append(token)
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def _task() -> Any:
    return SimpleNamespace(
        activity_type=SimpleNamespace(name="pkg.job", version="2"),
        activity_id="activity-pkg.job-1",
        workflow_execution=SimpleNamespace(workflow_id="w", run_id="r"),
    )


def test_the_context_names_the_task_and_its_execution() -> None:
    context = activity_context(_Poller({}), "tok", _task(), [1], {"k": 2})
    assert {key: value for key, value in context.items() if key != "cancel_requested"} == {
        "name": "pkg.job",
        "version": "2",
        "activity_id": "activity-pkg.job-1",
        "input": {"args": [1], "kwargs": {"k": 2}},
        "workflow_id": "w",
        "run_id": "r",
    }


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ({"cancelRequested": False}, False),
        ({"cancelRequested": True}, True),
        (DoesNotExistError("gone"), True),  # timed out or closed: the result is moot
        (ConnectionError("down"), False),  # unreachable: go on, ask again later
    ],
)
def test_cancel_requested_heartbeats_and_returns_the_flag(answer: Any, expected: bool) -> None:
    poller = _Poller(answer)
    context = activity_context(poller, "tok", _task(), [], {})
    assert context["cancel_requested"]() is expected
    assert poller.tokens == ["tok"]


@activity.with_attributes(task_list="t", version="1")
class _Job:
    def __init__(self, x: int) -> None:
        self.x = x

    def execute(self) -> Any:
        return [self.x, self.context["activity_id"]]


def test_activity_task_hands_the_context_to_a_class_based_activity() -> None:
    task = ActivityTask(_Job, 3, context={"activity_id": "a-1"})
    assert task.kwargs == {}
    assert task.execute() == [3, "a-1"]
