"""Task priorities and tag lists on synthetic histories (features §8)."""

from __future__ import annotations

from typing import Any

import pytest

from simpleflow.activity import PRIORITY_NOT_SET
from simpleflow.local import Executor as LocalExecutor
from simpleflow.swf.executor import Executor
from swf.models.history import builder
from swf.responses import Response
from tests.simpleflow.swf._workflows import (
    BaseTestWorkflow,
    ChildWorkflow,
    FakeDomain,
    increment,
    make_activity,
    replay,
)

urgent = make_activity(lambda x: x, "pkg.tasks.urgent", task_priority=9)
unprioritized = make_activity(lambda x: x, "pkg.tasks.unprioritized", task_priority=None)


def priorities(decisions: list[Any]) -> list[Any]:
    result = []
    for decision in decisions:
        attributes = next(v for k, v in decision.items() if k.endswith("DecisionAttributes"))
        result.append(attributes.get("taskPriority"))
    return result


class Prioritized(BaseTestWorkflow):
    task_priority = 3

    def run(self) -> Any:
        self.submit(increment, 1)  # the workflow's
        self.submit(urgent, 2)  # the activity's
        self.submit(unprioritized, 3)  # None: none, even though the workflow has one
        self.submit(increment, 4, __priority=12)  # explicit wins
        self.submit(increment, 5, __priority=None)  # mangled to _Prioritized__priority
        self.submit(ChildWorkflow, 6)  # a child without priority: the parent's
        return self.submit(increment, 7).result


def test_priority_precedence_and_the_mangled_keyword() -> None:
    decisions = replay(Prioritized, builder.History(Prioritized, input={}))
    assert priorities(decisions) == ["3", "9", None, "12", None, "3", "3"]
    assert all('"__priority"' not in str(d) for d in decisions)


def test_priority_sentinel_repr() -> None:
    assert repr(PRIORITY_NOT_SET) == "<Priority Not Set>"


@pytest.mark.parametrize("value", ["high", 2**31])
def test_a_bad_priority_fails_at_the_submit_call(value: Any) -> None:
    class Bad(BaseTestWorkflow):
        def run(self) -> Any:
            try:
                self.submit(increment, 1, __priority=value)
            except ValueError as err:
                return str(err)
            return "accepted"

    [decision] = replay(Bad, builder.History(Bad, input={}))
    assert "task priority" in decision["completeWorkflowExecutionDecisionAttributes"]["result"]


def test_two_spellings_of_the_reserved_keyword_are_refused() -> None:
    class Twice(BaseTestWorkflow):
        def run(self) -> Any:
            return self.submit(increment, 1, __priority=1, _X__priority=2).result

    [decision] = replay(Twice, builder.History(Twice, input={}))
    assert "pass __priority once" in decision["failWorkflowExecutionDecisionAttributes"]["reason"]


class Execution:
    workflow_id, run_id = "w", "r"


class Tagged(ChildWorkflow):
    tag_list = [ChildWorkflow.INHERIT_TAG_LIST, "child", "a"]


class TooMany(ChildWorkflow):
    tag_list = ["1", "2", "3", "4", "5", "6"]


class Parent(BaseTestWorkflow):
    child: Any = Tagged

    def run(self) -> Any:
        try:
            return self.submit(self.child, 1).result
        except ValueError as err:
            return str(err)


def test_inherited_tags_expand_in_place_without_duplicates() -> None:
    h = builder.History(Parent, input={}, tag_list=["a", "b"])
    decisions, _ = Executor(FakeDomain(), Parent).replay(Response(history=h, execution=Execution()))
    attributes = decisions[0]["startChildWorkflowExecutionDecisionAttributes"]
    assert attributes["tagList"] == ["a", "b", "child"]


def test_more_than_5_tags_is_refused_at_submit() -> None:
    parent = type("P", (Parent,), {"child": TooMany})
    [decision] = replay(parent, builder.History(parent, input={}))
    result = decision["completeWorkflowExecutionDecisionAttributes"]["result"]
    assert "at most 5 tags" in result


def test_local_executor_ignores_priorities() -> None:
    class Local(BaseTestWorkflow):
        def run(self) -> Any:
            return self.submit(increment, 1, __priority=5).result

    assert LocalExecutor(Local).run() == 2
