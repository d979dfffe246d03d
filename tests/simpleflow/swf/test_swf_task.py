"""`simpleflow.swf.task`: schedule decisions of activities and child workflows (spec §14)."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest

from simpleflow.activity import Activity
from simpleflow.swf.task import ActivityTask, WorkflowTask
from tests.simpleflow.swf._workflows import ChildWorkflow, FakeDomain, increment

DOMAIN = FakeDomain()


def _noop(*args: Any, **kwargs: Any) -> None:
    return None


def activity_task(activity: Activity, *args: Any, **kwargs: Any) -> ActivityTask:
    task = ActivityTask(activity, *args, **kwargs)
    task.id = f"{task.name}-1"
    return task


def test_activity_schedule_decision_is_exact() -> None:
    [decision] = activity_task(increment, 4).schedule(DOMAIN)
    assert decision == {
        "decisionType": "ScheduleActivityTask",
        "scheduleActivityTaskDecisionAttributes": {
            "activityId": "activity-pkg.tasks.increment-1",
            "activityType": {"name": "pkg.tasks.increment", "version": "default"},
            "heartbeatTimeout": "300",
            "input": '{"args": [4], "kwargs": {}}',
            "scheduleToCloseTimeout": "300",
            "scheduleToStartTimeout": "300",
            "startToCloseTimeout": "300",
            "taskList": {"name": "default"},
        },
    }
    assert decision.type == "ScheduleActivityTask"


def test_activity_schedule_uses_an_explicit_task_list() -> None:
    [decision] = activity_task(increment, 4).schedule(DOMAIN, task_list="other")
    assert decision["scheduleActivityTaskDecisionAttributes"]["taskList"] == {"name": "other"}


def test_activity_schedule_timeouts_can_be_overridden() -> None:
    [decision] = activity_task(increment, 4).schedule(
        DOMAIN,
        task_timeout=10,
        duration_timeout="20",
        schedule_timeout="30",
        heartbeat_timeout="40",
    )
    attributes = decision["scheduleActivityTaskDecisionAttributes"]
    assert attributes["startToCloseTimeout"] == "10"
    assert attributes["scheduleToCloseTimeout"] == "20"
    assert attributes["scheduleToStartTimeout"] == "30"
    assert attributes["heartbeatTimeout"] == "40"


def test_activity_without_timeouts_omits_them_instead_of_sending_none() -> None:
    bare = Activity(_noop, "pkg.tasks.bare")
    [decision] = activity_task(bare, x=1).schedule(DOMAIN)
    assert decision == {
        "decisionType": "ScheduleActivityTask",
        "scheduleActivityTaskDecisionAttributes": {
            "activityId": "activity-pkg.tasks.bare-1",
            "activityType": {"name": "pkg.tasks.bare", "version": None},
            "input": '{"args": [], "kwargs": {"x": 1}}',
        },
    }


def test_activity_input_encodes_datetimes_like_task_ids() -> None:
    when = datetime.datetime(2020, 1, 2, 3, 4, 5, 6)
    [decision] = activity_task(increment, when).schedule(DOMAIN)
    attributes = decision["scheduleActivityTaskDecisionAttributes"]
    assert attributes["input"] == '{"args": ["2020-01-02T03:04:05.000006"], "kwargs": {}}'


def test_activity_schedule_does_not_create_an_swf_connection() -> None:
    # Building decisions is pure: no model, no client (botocore is loaded lazily).
    from unittest import mock

    with mock.patch("swf.transport.connect", side_effect=AssertionError("connection")):
        activity_task(increment, 1).schedule(DOMAIN)
        workflow_task = WorkflowTask(ChildWorkflow, 1)
        workflow_task.id = "workflow-child-1"
        decisions = workflow_task.schedule(DOMAIN)
    assert decisions[0].type == "StartChildWorkflowExecution"


def test_child_workflow_start_decision_is_exact() -> None:
    task = WorkflowTask(ChildWorkflow, 1)
    task.id = "workflow-child-1"
    [decision] = task.schedule(DOMAIN)
    assert decision == {
        "decisionType": "StartChildWorkflowExecution",
        "startChildWorkflowExecutionDecisionAttributes": {
            "workflowId": "workflow-child-1",
            "workflowType": {"name": "child", "version": "v1"},
            "taskList": {"name": "child_tl"},
            "input": '{"args": [1], "kwargs": {}, "__extra": {"class": '
            '"tests.simpleflow.swf._workflows.ChildWorkflow"}}',
            "executionStartToCloseTimeout": "3600",
            "taskStartToCloseTimeout": "300",
        },
    }
    assert decision.type == "StartChildWorkflowExecution"


def test_child_workflow_schedule_honours_an_explicit_task_list() -> None:
    task = WorkflowTask(ChildWorkflow, 1)
    task.id = "workflow-child-1"
    [decision] = task.schedule(DOMAIN, task_list="FAKE-abc")
    attributes = decision["startChildWorkflowExecutionDecisionAttributes"]
    assert attributes["taskList"] == {"name": "FAKE-abc"}


def test_child_workflow_tags_policy_and_missing_timeout() -> None:
    class Tagged(ChildWorkflow):
        tag_list = ["a", "b"]
        child_policy = "ABANDON"
        execution_timeout = None

    task = WorkflowTask(Tagged, x=2)
    task.id = "workflow-child-1"
    [decision] = task.schedule(DOMAIN, tag_list=["a", "b"])
    attributes = decision["startChildWorkflowExecutionDecisionAttributes"]
    assert attributes["tagList"] == ["a", "b"]
    assert attributes["childPolicy"] == "ABANDON"
    assert "executionStartToCloseTimeout" not in attributes
    assert json.loads(attributes["input"])["kwargs"] == {"x": 2}


def test_pending_future_argument_blocks_task_construction() -> None:
    from simpleflow import futures
    from simpleflow.exceptions import ExecutionBlocked

    with pytest.raises(ExecutionBlocked):
        ActivityTask(increment, futures.Future())
