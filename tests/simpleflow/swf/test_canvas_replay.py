"""Canvas additions replayed on synthetic histories (features §10)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from simpleflow.canvas import Chain, FuncGroup, Group
from simpleflow.exceptions import AggregateException
from simpleflow.local import Executor as LocalExecutor
from simpleflow.task import ActivityTask
from swf.models.history import builder
from tests.simpleflow.swf._workflows import (
    BaseTestWorkflow,
    ChildWorkflow,
    complete_decision,
    increment,
    make_activity,
    replay,
)

flaky = make_activity(lambda: None, "pkg.tasks.canvas_flaky", raises_on_failure=False)


def ids(decisions: list[Any]) -> list[str]:
    out = []
    for d in decisions:
        attributes = next(v for k, v in d.items() if k.endswith("DecisionAttributes"))
        out.append(attributes.get("activityId") or attributes.get("workflowId"))
    return out


class Parallel(BaseTestWorkflow):
    def run(self) -> Any:
        group = Group(max_parallel=2)
        group.extend((increment, i) for i in range(5))
        return self.submit(group).result


def test_max_parallel_walks_the_members_in_order_and_frees_slots() -> None:
    h = builder.History(Parallel, input={})
    assert ids(replay(Parallel, h)) == [
        "activity-pkg.tasks.increment-1",
        "activity-pkg.tasks.increment-2",
    ]
    h.add_decision_task_completed()
    h.add_activity_task(
        increment, h.last_id, "completed", activity_id="activity-pkg.tasks.increment-1", result=1
    )
    h.add_activity_task(increment, 4, "started", activity_id="activity-pkg.tasks.increment-2")
    assert ids(replay(Parallel, h)) == ["activity-pkg.tasks.increment-3"]


class Overridden(BaseTestWorkflow):
    def run(self) -> Any:
        group = self.submit(Group(ActivityTask(flaky), raises_on_failure=True))
        return repr(group.exception)


def test_group_raises_on_failure_is_stored_on_the_task_not_the_shared_activity() -> None:
    h = builder.History(Overridden, input={})
    h.add_activity_task(flaky, 4, "failed", activity_id="activity-pkg.tasks.canvas_flaky-1")
    [decision] = replay(Overridden, h)
    assert decision["decisionType"] == "FailWorkflowExecution"
    assert flaky.raises_on_failure is False


class Aggregated(BaseTestWorkflow):
    def run(self) -> Any:
        group = self.submit(Group(ActivityTask(flaky), ActivityTask(increment, 1)))
        exception = group.exception
        assert isinstance(exception, AggregateException)
        return [group.result, [repr(e) if e else None for e in exception.exceptions]]


def test_group_exception_aggregates_its_members() -> None:
    h = builder.History(Aggregated, input={})
    h.add_activity_task(flaky, 4, "failed", activity_id="activity-pkg.tasks.canvas_flaky-1")
    h.add_activity_task(
        increment, 4, "completed", activity_id="activity-pkg.tasks.increment-1", result=2
    )
    [decision] = replay(Aggregated, h)
    result = json.loads(decision["completeWorkflowExecutionDecisionAttributes"]["result"])
    assert result == [[None, 2], ['TaskFailed (activity-pkg.tasks.canvas_flaky-1, "REASON")', None]]


class Children(BaseTestWorkflow):
    def run(self) -> Any:
        return self.submit(Group(ChildWorkflow, (ChildWorkflow, 2))).result


def test_workflow_classes_inside_a_group_start_children() -> None:
    decisions = replay(Children, builder.History(Children, input={}))
    assert [d["decisionType"] for d in decisions] == ["StartChildWorkflowExecution"] * 2


def test_chain_options_and_funcgroup_none() -> None:
    with pytest.raises(
        ValueError, match="Cannot combine send_result=True with break_on_failure=False"
    ):
        Chain(send_result=True, break_on_failure=False)
    assert Chain(raises_on_failure=False).bubbles_exception_on_failure is False

    class Maybe(BaseTestWorkflow):
        def run(self) -> Any:
            return self.submit(FuncGroup(lambda: None, _allow_none=True))

    assert replay(Maybe, builder.History(Maybe, input={})) == [complete_decision("null")]
    with pytest.raises(ValueError, match="args, kwargs not supported"):
        Group().append(Group(), 1)


def test_local_executor_runs_the_canvas_identically() -> None:
    assert LocalExecutor(Parallel).run() == [1, 2, 3, 4, 5]
