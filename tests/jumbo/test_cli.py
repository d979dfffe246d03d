"""The CLI with jumbo fields: server.start --s3-bucket, workflow.start, history views."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from typing import Any

import boto3
import pytest
from click.testing import CliRunner

from simpleflow import format as jformat
from simpleflow.command import cli

pytestmark = pytest.mark.integration

WORKFLOW = "tests.data.jumbo_workflows.LargePayloadWorkflow"
BIG_INPUT = json.dumps({"args": [1, "i" * 40_000], "kwargs": {}})


def test_server_start_with_a_bucket_prints_the_s3_exports() -> None:
    command = [sys.executable, "-m", "simpleflow", "server.start", "--port", "0"]
    server = subprocess.Popen(
        [*command, "--s3-bucket", "my-jumbo-bucket"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        lines = [server.stdout.readline().strip() for _ in range(6)]
        exports = dict(line.removeprefix("export ").split("=", 1) for line in lines)
        assert exports["AWS_ENDPOINT_URL_S3"] == exports["AWS_ENDPOINT_URL_SWF"]
        assert exports["SIMPLEFLOW_JUMBO_FIELDS_BUCKET"] == "my-jumbo-bucket"
        s3 = boto3.client(
            "s3", endpoint_url=exports["AWS_ENDPOINT_URL_S3"], region_name="us-east-1"
        )
        s3.head_bucket(Bucket="my-jumbo-bucket")  # raises if missing
    finally:
        server.send_signal(signal.SIGINT)
        server.communicate(timeout=30)
    assert server.returncode == 0


def test_server_start_refuses_an_invalid_bucket_name() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "simpleflow", "server.start", "--port", "0", "--s3-bucket", "B"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("Error: invalid S3 bucket name 'B'")


def test_workflow_start_without_a_bucket_is_one_error_line() -> None:
    result = CliRunner().invoke(
        cli, ["workflow.start", "--domain", "D", WORKFLOW, "--input", BIG_INPUT]
    )
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Error: Message too long (40031 chars) for field 'workflow input': set "
        "SIMPLEFLOW_JUMBO_FIELDS_BUCKET to store it on S3 (SWF's limit: 32768 chars)"
    ]


def _swf(endpoint: str) -> Any:
    return boto3.client("swf", endpoint_url=endpoint, region_name="us-east-1")


def test_start_with_a_bucket_then_history_views_and_task_info_show_the_values(
    jumbo_bucket: str, domain_name: str, swf_endpoint: str
) -> None:
    runner = CliRunner()
    started = runner.invoke(
        cli, ["workflow.start", "--domain", domain_name, WORKFLOW, "--input", BIG_INPUT]
    )
    assert started.exit_code == 0, started.output
    workflow_id, run_id = started.stdout.splitlines()[-1].split()
    client = _swf(swf_endpoint)
    events = client.get_workflow_execution_history(
        domain=domain_name, execution={"workflowId": workflow_id, "runId": run_id}
    )["events"]
    recorded = events[0]["workflowExecutionStartedEventAttributes"]["input"]
    assert jformat.is_reference(recorded)  # SWF holds the reference, S3 the value

    # Play decider and worker by hand, with references as simpleflow would send them.
    client.register_activity_type(
        domain=domain_name, name="jumbo.grow", version="1",
        defaultTaskStartToCloseTimeout="300", defaultTaskScheduleToStartTimeout="300",
        defaultTaskScheduleToCloseTimeout="600", defaultTaskHeartbeatTimeout="300",
    )  # fmt: skip
    task = client.poll_for_decision_task(domain=domain_name, taskList={"name": "jumbo-decisions"})
    client.respond_decision_task_completed(
        taskToken=task["taskToken"],
        decisions=[
            {
                "decisionType": "ScheduleActivityTask",
                "scheduleActivityTaskDecisionAttributes": {
                    "activityId": "activity-grow-1",
                    "activityType": {"name": "jumbo.grow", "version": "1"},
                    "taskList": {"name": "jumbo"},
                    "input": jformat.input({"args": ["a" * 40_000], "kwargs": {}}),
                },
            }
        ],
    )
    activity = client.poll_for_activity_task(domain=domain_name, taskList={"name": "jumbo"})
    client.respond_activity_task_completed(
        taskToken=activity["taskToken"], result=jformat.result("r" * 40_000)
    )

    for view in ("events", "raw", "cooked"):
        shown = runner.invoke(
            cli, ["workflow.history", workflow_id, "--domain", domain_name, "-o", view]
        )
        assert shown.exit_code == 0, shown.output
        assert "simpleflow+s3://" not in shown.output, view
        assert "r" * 40_000 in shown.output and "i" * 40_000 in shown.output, view
    info = runner.invoke(
        cli, ["--format", "json", "task.info", domain_name, workflow_id, "activity-grow-1"]
    )
    assert info.exit_code == 0, info.output
    assert "simpleflow+s3://" not in info.output
    assert "r" * 40_000 in info.output and "a" * 40_000 in info.output


def test_workflow_signal_with_a_large_input(
    jumbo_bucket: str, domain_name: str, swf_endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    started = runner.invoke(cli, ["workflow.start", "--domain", domain_name, WORKFLOW])
    assert started.exit_code == 0, started.output
    workflow_id, run_id = started.stdout.splitlines()[-1].split()
    big = json.dumps(["s" * 40_000])
    sent = runner.invoke(
        cli, ["workflow.signal", workflow_id, "go", "--domain", domain_name, "--input", big]
    )
    assert sent.exit_code == 0, sent.output
    events = _swf(swf_endpoint).get_workflow_execution_history(
        domain=domain_name, execution={"workflowId": workflow_id, "runId": run_id}
    )["events"]
    [signaled] = [e for e in events if e["eventType"] == "WorkflowExecutionSignaled"]
    reference = signaled["workflowExecutionSignaledEventAttributes"]["input"]
    assert jformat.decode(reference)["args"] == ["s" * 40_000]

    monkeypatch.delenv("SIMPLEFLOW_JUMBO_FIELDS_BUCKET")
    refused = runner.invoke(
        cli, ["workflow.signal", workflow_id, "go", "--domain", domain_name, "--input", big]
    )
    assert refused.exit_code == 1
    assert refused.output.splitlines()[-1].startswith(
        "Error: Message too long (40050 chars) for field 'input': set "
        "SIMPLEFLOW_JUMBO_FIELDS_BUCKET"
    )
