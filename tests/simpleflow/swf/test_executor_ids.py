"""Task ids assigned during replay (spec §16.4)."""

from __future__ import annotations

from typing import Any

from simpleflow.activity import Activity
from tests.simpleflow.swf._workflows import (
    BaseTestWorkflow,
    ChildWorkflow,
    double,
    increment,
    new_history,
    replay,
    resize,
    square,
)


def scheduled_ids(decisions: list[Any]) -> list[str]:
    ids = []
    for decision in decisions:
        if decision.type == "ScheduleActivityTask":
            ids.append(decision["scheduleActivityTaskDecisionAttributes"]["activityId"])
        elif decision.type == "StartChildWorkflowExecution":
            ids.append(decision["startChildWorkflowExecutionDecisionAttributes"]["workflowId"])
    return ids


class SubmitManyWorkflow(BaseTestWorkflow):
    """Submits the `(activity, args)` pairs of `calls` then blocks."""

    calls: list[tuple[Any, tuple[Any, ...]]] = []

    def run(self) -> None:
        futures = [self.submit(activity, *args) for activity, args in self.calls]
        futures[-1].result  # noqa: B018 - blocks: the tasks are only scheduled


def ids_of(*calls: tuple[Any, tuple[Any, ...]]) -> list[str]:
    workflow = type("W", (SubmitManyWorkflow,), {"calls": list(calls)})
    return scheduled_ids(replay(workflow, new_history(workflow)))


def test_non_idempotent_tasks_are_numbered_per_name() -> None:
    assert ids_of((increment, (0,)), (increment, (0,))) == [
        "activity-pkg.tasks.increment-1",
        "activity-pkg.tasks.increment-2",
    ]


def test_counters_of_different_names_do_not_interfere() -> None:
    assert ids_of((increment, (0,)), (double, (1,)), (increment, (2,)), (double, (3,))) == [
        "activity-pkg.tasks.increment-1",
        "activity-pkg.tasks.double-1",
        "activity-pkg.tasks.increment-2",
        "activity-pkg.tasks.double-2",
    ]


def test_idempotent_ids_are_the_md5_of_the_json_arguments() -> None:
    assert ids_of((square, (1,)), (square, (2,))) == [
        "activity-pkg.tasks.square-deb8adb88b687c0df408628aa69b1377",
        "activity-pkg.tasks.square-d269dc325a06c6ad32888f450ee8dd30",
    ]


def test_identical_idempotent_submissions_schedule_once() -> None:
    # features §1.9: the second schedule was always refused by SWF (ACTIVITY_ID_ALREADY_IN_USE).
    ids = ids_of((square, (2,)), (square, (2,)))
    assert ids == ["activity-pkg.tasks.square-d269dc325a06c6ad32888f450ee8dd30"]


def test_class_activity_and_child_workflow_ids() -> None:
    assert ids_of((resize, (10,)), (ChildWorkflow, (1,))) == [
        "activity-pkg.tasks.Resize-1",
        "workflow-child-None--0--1",
    ]


def test_a_blocked_submission_consumes_no_counter_value() -> None:
    class Blocked(BaseTestWorkflow):
        def run(self) -> None:
            a = self.submit(increment, 1)
            self.submit(double, a)  # `a` is pending: no id, nothing scheduled
            self.submit(double, 3)
            a.result  # noqa: B018

    assert scheduled_ids(replay(Blocked, new_history(Blocked))) == [
        "activity-pkg.tasks.increment-1",
        "activity-pkg.tasks.double-1",
    ]


def test_ids_are_assigned_identically_on_every_replay() -> None:
    workflow = type("W", (SubmitManyWorkflow,), {"calls": [(increment, (0,)), (increment, (1,))]})
    history = new_history(workflow)
    from simpleflow.swf.executor import Executor
    from tests.simpleflow.swf._workflows import FakeDomain

    executor = Executor(FakeDomain(), workflow)
    first = scheduled_ids(replay(workflow, history, executor))
    second = scheduled_ids(replay(workflow, history, executor))
    assert first == second == ["activity-pkg.tasks.increment-1", "activity-pkg.tasks.increment-2"]


def test_ids_longer_than_swf_limit_are_shortened_uniquely() -> None:
    def _noop(*args: Any) -> None:
        return None

    long_name = "pkg." + "x" * 300
    long_activity = Activity(_noop, long_name, "1", "default")
    ids = ids_of((long_activity, (0,)), (long_activity, (1,)))
    assert all(len(task_id) == 256 for task_id in ids)
    assert ids[0] != ids[1]
    assert ids[0].startswith(f"activity-{long_name}"[:223] + "-")
