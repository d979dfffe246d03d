"""The progress line: its text, and the plain lines written while following a real
execution on the local SWF server."""

from __future__ import annotations

import io
import time
import uuid
from typing import Any

import boto3
import pytest

from simpleflow._progress import format_elapsed, format_line, progress_display
from simpleflow._task_rows import ProgressCounts


def test_line_shows_elapsed_time_and_counts() -> None:
    counts = ProgressCounts(scheduled=1, running=2, completed=3, failed=0, retried=1)
    assert format_line(counts, 3725.9) == (
        "1:02:05 activities: 1 scheduled, 2 running, 3 completed, 0 failed, 1 retried"
    )


def test_line_adds_open_children_and_timers_when_the_history_has_any() -> None:
    counts = ProgressCounts(completed=1, children=1, timers=0)
    assert format_line(counts, 7).endswith("; children: 1 open; timers: 0 open")
    assert format_line(None, 7) == "0:00:07 waiting for the history"
    assert format_elapsed(59.99) == "0:00:59"


def test_disabled_progress_writes_nothing() -> None:
    stream = io.StringIO()
    with progress_display(False, stream=stream) as progress:
        progress.watch(object())
        progress.finish()
    assert stream.getvalue() == ""


def _client(endpoint: str) -> Any:
    return boto3.client("swf", endpoint_url=endpoint, region_name="us-east-1")


def _poll(call: Any, **kwargs: Any) -> dict[str, Any]:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        task: dict[str, Any] = call(**kwargs)
        if task.get("taskToken"):
            return task
        time.sleep(0.05)
    raise AssertionError(f"no task for {kwargs}")


@pytest.mark.integration
def test_plain_lines_follow_a_real_execution_until_it_closes(
    visual_env: str, moto_server: str
) -> None:
    from swf.models import Domain, WorkflowExecution

    client = _client(moto_server)
    domain = visual_env
    name = f"progress-{uuid.uuid4().hex[:6]}"
    client.register_workflow_type(
        domain=domain,
        name=name,
        version="1",
        defaultTaskList={"name": name},
        defaultExecutionStartToCloseTimeout="60",
        defaultTaskStartToCloseTimeout="30",
        defaultChildPolicy="TERMINATE",
    )
    client.register_activity_type(
        domain=domain,
        name="step",
        version=name,
        defaultTaskList={"name": name},
        defaultTaskStartToCloseTimeout="30",
        defaultTaskScheduleToStartTimeout="30",
        defaultTaskScheduleToCloseTimeout="60",
        defaultTaskHeartbeatTimeout="30",
    )
    run_id = client.start_workflow_execution(
        domain=domain, workflowId=name, workflowType={"name": name, "version": "1"}
    )["runId"]
    execution = WorkflowExecution(Domain(domain), name, run_id)
    stream = io.StringIO()
    with progress_display(True, stream=stream, fetch_period=0.05, plain_period=0.2) as progress:
        progress.watch(execution)
        decision = _poll(client.poll_for_decision_task, domain=domain, taskList={"name": name})
        client.respond_decision_task_completed(
            taskToken=decision["taskToken"],
            decisions=[
                {
                    "decisionType": "ScheduleActivityTask",
                    "scheduleActivityTaskDecisionAttributes": {
                        "activityType": {"name": "step", "version": name},
                        "activityId": "step-1",
                    },
                }
            ],
        )
        activity = _poll(client.poll_for_activity_task, domain=domain, taskList={"name": name})
        deadline = time.monotonic() + 10
        while "1 running" not in stream.getvalue():  # a plain line while it runs
            assert time.monotonic() < deadline, stream.getvalue()
            time.sleep(0.05)
        client.respond_activity_task_completed(taskToken=activity["taskToken"], result="1")
        decision = _poll(client.poll_for_decision_task, domain=domain, taskList={"name": name})
        client.respond_decision_task_completed(
            taskToken=decision["taskToken"],
            decisions=[{"decisionType": "CompleteWorkflowExecution"}],
        )
        progress.finish()
        assert progress.counts == ProgressCounts(completed=1)
    lines = stream.getvalue().splitlines()
    assert all(line.startswith("progress: ") for line in lines)
    assert any("activities: 0 scheduled, 1 running, 0 completed" in line for line in lines[:-1])
    assert lines[-1].endswith(
        "activities: 0 scheduled, 0 running, 1 completed, 0 failed, 0 retried"
    )
