"""Schedule failures: activity type registration and re-scheduling (spec §16.8)."""

from __future__ import annotations

import logging
from typing import Any
from unittest import mock

import pytest

import swf.exceptions
from simpleflow.activity import Activity
from simpleflow.swf._replay import RegisterActivityType
from simpleflow.swf.executor import Executor
from swf.responses import Response
from tests.simpleflow.swf._workflows import (
    FakeDomain,
    MapWorkflow,
    increment,
    new_history,
    schedule_decision,
    single,
)

TASK_ID = "activity-pkg.tasks.increment-1"
INCREMENT_TYPE = {"name": "pkg.tasks.increment", "version": "default"}


def schedule_failed(
    h: Any, activity_id: str, cause: str, activity_type: dict[str, str] = INCREMENT_TYPE
) -> None:
    h.add_decision_task_completed()
    h.add_activity_task_schedule_failed(
        activity_id=activity_id, decision_id=h.last_id, activity_type=activity_type, cause=cause
    )
    h.add_decision_task_scheduled().add_decision_task_started()


def test_unknown_type_is_registered_once_and_tasks_rescheduled() -> None:
    h = new_history(MapWorkflow, 2)
    schedule_failed(h, TASK_ID, "ACTIVITY_TYPE_DOES_NOT_EXIST")
    schedule_failed(h, "activity-pkg.tasks.increment-2", "ACTIVITY_TYPE_DOES_NOT_EXIST")
    executor = Executor(FakeDomain(), MapWorkflow)

    outcome = executor._replay_history(Response(history=h))

    assert outcome.decisions == [
        schedule_decision(TASK_ID, increment, '{"args": [0], "kwargs": {}}'),
        schedule_decision(
            "activity-pkg.tasks.increment-2", increment, '{"args": [1], "kwargs": {}}'
        ),
    ]
    # registered with the activity's own task list and timeouts, once per type
    assert outcome.effects == (
        RegisterActivityType(
            name="pkg.tasks.increment",
            version="default",
            task_list="default",
            heartbeat_timeout="300",
            schedule_to_close_timeout="300",
            schedule_to_start_timeout="300",
            start_to_close_timeout="300",
        ),
    )


def test_replay_registers_the_type_through_the_model(caplog: Any) -> None:
    h = new_history(MapWorkflow, 1)
    schedule_failed(h, TASK_ID, "ACTIVITY_TYPE_DOES_NOT_EXIST")
    domain = FakeDomain()
    with mock.patch("swf.models.ActivityType") as activity_type, caplog.at_level(logging.INFO):
        decisions, _ = Executor(domain, MapWorkflow).replay(Response(history=h))

    activity_type.assert_called_once_with(
        domain,
        "pkg.tasks.increment",
        version="default",
        task_list="default",
        task_heartbeat_timeout="300",
        task_schedule_to_close_timeout="300",
        task_schedule_to_start_timeout="300",
        task_start_to_close_timeout="300",
    )
    activity_type.return_value.save.assert_called_once_with()
    assert "creating activity type pkg.tasks.increment in domain TestDomain" in caplog.text
    assert decisions == [schedule_decision(TASK_ID, increment, '{"args": [0], "kwargs": {}}')]


def test_activity_without_defaults_registers_without_them() -> None:
    bare = Activity(lambda: None, "pkg.tasks.bare_type", "2")
    Workflow = single(bare)
    h = new_history(Workflow)
    schedule_failed(
        h,
        "activity-pkg.tasks.bare_type-1",
        "ACTIVITY_TYPE_DOES_NOT_EXIST",
        {"name": "pkg.tasks.bare_type", "version": "2"},
    )
    outcome = Executor(FakeDomain(), Workflow)._replay_history(Response(history=h))
    assert outcome.effects == (RegisterActivityType("pkg.tasks.bare_type", "2"),)


def test_already_registered_type_is_ignored(caplog: Any) -> None:
    h = new_history(MapWorkflow, 1)
    schedule_failed(h, TASK_ID, "ACTIVITY_TYPE_DOES_NOT_EXIST")
    with mock.patch("swf.models.ActivityType") as activity_type, caplog.at_level(logging.INFO):
        activity_type.return_value.save.side_effect = swf.exceptions.AlreadyExistsError("x")
        decisions, _ = Executor(FakeDomain(), MapWorkflow).replay(Response(history=h))
    assert "already exists" in caplog.text
    assert len(decisions) == 1


def test_registration_error_is_logged_and_the_task_still_rescheduled(caplog: Any) -> None:
    h = new_history(MapWorkflow, 1)
    schedule_failed(h, TASK_ID, "ACTIVITY_TYPE_DOES_NOT_EXIST")
    with mock.patch("swf.models.ActivityType") as activity_type:
        activity_type.return_value.save.side_effect = swf.exceptions.ResponseError("throttled")
        decisions, _ = Executor(FakeDomain(), MapWorkflow).replay(Response(history=h))
    assert "cannot register activity type pkg.tasks.increment" in caplog.text
    assert len(decisions) == 1


@pytest.mark.parametrize("cause", ["OPEN_ACTIVITIES_LIMIT_EXCEEDED", "ACTIVITY_ID_ALREADY_IN_USE"])
def test_other_causes_are_logged_at_warning_and_rescheduled(caplog: Any, cause: str) -> None:
    h = new_history(MapWorkflow, 1)
    schedule_failed(h, TASK_ID, cause)
    executor = Executor(FakeDomain(), MapWorkflow)
    with caplog.at_level(logging.WARNING, logger="simpleflow.swf._replay"):
        outcome = executor._replay_history(Response(history=h))
    assert outcome.effects == ()
    assert outcome.decisions == [
        schedule_decision(TASK_ID, increment, '{"args": [0], "kwargs": {}}')
    ]
    [record] = [r for r in caplog.records if "failed to schedule" in r.getMessage()]
    assert record.levelno == logging.WARNING
    assert record.getMessage() == f"failed to schedule pkg.tasks.increment: {cause}"


def test_effects_are_dropped_when_the_workflow_closes_in_the_same_replay() -> None:
    class Forget(MapWorkflow):
        def run(self, count: int) -> int:
            self.map(increment, range(count))
            return 0

    h = new_history(Forget, 1)
    schedule_failed(h, TASK_ID, "ACTIVITY_TYPE_DOES_NOT_EXIST")
    outcome = Executor(FakeDomain(), Forget)._replay_history(Response(history=h))
    assert [d.type for d in outcome.decisions] == ["CompleteWorkflowExecution"]
    assert outcome.effects == ()
