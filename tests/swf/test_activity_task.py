from __future__ import annotations

from typing import Any
from unittest import mock

import pytest

from swf.models import ActivityTask, ActivityType, Domain, WorkflowExecution


def _poll_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "taskToken": "token",
        "activityId": "act-1",
        "startedEventId": 6,
        "workflowExecution": {"workflowId": "wid", "runId": "rid"},
        "activityType": {"name": "act", "version": "1"},
        "input": '{"args": [1]}',
    }
    data.update(overrides)
    return data


def test_activity_task_has_no_connection() -> None:
    task = ActivityTask(Domain("dom", connection=mock.Mock()), "tl")

    assert not hasattr(task, "connection")
    assert (task.task_token, task.activity_type, task.input) == (None, None, None)


def test_from_poll_builds_the_task() -> None:
    domain = Domain("dom", connection=mock.Mock())

    task = ActivityTask.from_poll(domain, "tl", _poll_data())

    assert (task.domain, task.task_list, task.task_token) == (domain, "tl", "token")
    assert (task.activity_id, task.started_event_id) == ("act-1", 6)
    assert task.input == '{"args": [1]}'
    assert isinstance(task.activity_type, ActivityType)
    assert (task.activity_type.name, task.activity_type.version) == ("act", "1")
    assert isinstance(task.workflow_execution, WorkflowExecution)
    assert (task.workflow_execution.workflow_id, task.workflow_execution.run_id) == ("wid", "rid")


def test_from_poll_without_input_gives_none() -> None:
    data = _poll_data()
    del data["input"]

    assert ActivityTask.from_poll(Domain("dom", connection=mock.Mock()), "tl", data).input is None


def test_activity_task_is_immutable() -> None:
    task = ActivityTask(Domain("dom", connection=mock.Mock()), "tl")
    with pytest.raises(AttributeError):
        task.task_token = "x"  # type: ignore[misc]
