"""SWF commands run for real against moto's server: terminate, restart, decider/worker
processes killed mid-work, unknown domains, and ``server.start``."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.data.cli_runner import (
    REPO,
    SIMPLEFLOW,
    Background,
    describe,
    history,
    is_alive,
    parse_start_line,
    run_cli,
    wait_closed,
    wait_for,
)

pytestmark = pytest.mark.integration

HANGING = "tests.data.cli_workflows.HangingWorkflow"
ACTIVITY_TASK_LIST = "cli-tests"


@pytest.fixture
def background(tmp_path: Path) -> Iterator[list[Background]]:
    """Background commands to kill (whole sessions) after the test."""
    started: list[Background] = []
    yield started
    for command in started:
        if command.process.poll() is None:
            command.kill_group()


def _start(domain: str, workflow: str, *args: str) -> tuple[str, str]:
    result = run_cli("workflow.start", "--domain", domain, workflow, *args)
    assert result.returncode == 0, result.stderr
    return parse_start_line(result.stdout)


def test_terminate_closes_an_open_execution_then_refuses_a_closed_one(domain_name: str) -> None:
    workflow_id, run_id = _start(domain_name, HANGING, "--input", '["/nonexistent"]')

    result = run_cli("workflow.terminate", domain_name, workflow_id)

    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    info = describe(domain_name, workflow_id, run_id)
    assert (info["executionStatus"], info["closeStatus"]) == ("CLOSED", "TERMINATED")

    again = run_cli("workflow.terminate", domain_name, workflow_id, run_id)

    assert again.returncode == 1
    assert f"Error: execution {workflow_id} {run_id} is already closed" in again.stderr
    assert "Traceback" not in again.stderr


def test_terminate_an_unknown_execution_is_an_error(domain_name: str) -> None:
    result = run_cli("workflow.terminate", domain_name, "no-such-workflow")

    assert result.returncode == 1
    assert result.stderr.startswith("Error: ") or "\nError: " in result.stderr
    assert "no-such-workflow" in result.stderr
    assert "Traceback" not in result.stderr


def test_restart_starts_a_new_run_with_the_same_parameters(domain_name: str) -> None:
    workflow_input = '{"args": ["/nonexistent"], "kwargs": {}}'
    workflow_id, run_id = _start(
        domain_name,
        HANGING,
        "--workflow-id",
        "restarted",
        "--input",
        workflow_input,
        "--tags",
        "a,b",
        "--task-list",
        "restart-decisions",
        "--execution-timeout",
        "120",
    )

    result = run_cli("workflow.restart", domain_name, workflow_id)

    assert result.returncode == 0, result.stderr
    new_workflow_id, new_run_id = parse_start_line(result.stdout)
    assert new_workflow_id == "restarted"
    assert new_run_id != run_id
    assert describe(domain_name, workflow_id, run_id)["closeStatus"] == "TERMINATED"
    info = describe(domain_name, workflow_id, new_run_id)
    assert info["executionStatus"] == "OPEN"
    assert info["tagList"] == ["a", "b"]  # moto leaves tagList out of the started event
    (started,) = history(domain_name, workflow_id, new_run_id)[:1]
    attributes = started["workflowExecutionStartedEventAttributes"]
    assert json.loads(attributes["input"]) == json.loads(workflow_input)
    assert attributes["taskList"]["name"] == "restart-decisions"
    assert attributes["executionStartToCloseTimeout"] == "120"
    assert attributes["workflowType"]["name"] == "cli-hanging"


def test_restart_of_a_closed_execution_does_not_terminate_it(domain_name: str) -> None:
    workflow_id, run_id = _start(domain_name, HANGING, "--input", '["/nonexistent"]')
    assert run_cli("workflow.terminate", domain_name, workflow_id).returncode == 0

    result = run_cli("workflow.restart", domain_name, workflow_id, run_id)

    assert result.returncode == 0, result.stderr
    assert parse_start_line(result.stdout)[0] == workflow_id


@pytest.mark.parametrize(
    "args",
    [
        ("decider.start", "--domain", "nope", "examples.basic.BasicWorkflow"),
        ("worker.start", "--domain", "nope", "--task-list", "q", "examples.basic.BasicWorkflow"),
        ("standalone", "--domain", "nope", "examples.canvas.CanvasWorkflow"),
        ("workflow.terminate", "nope", "wid"),
        ("workflow.restart", "nope", "wid"),
    ],
    ids=lambda args: args[0],
)
def test_unknown_domain_is_reported_in_one_line(swf_endpoint: str, args: tuple[str, ...]) -> None:
    result = run_cli(*args, timeout=60)

    assert result.returncode == 1, result.stderr
    assert "Error: domain 'nope' does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def _processes(
    background: list[Background], tmp_path: Path, domain: str, workflow: str, name: str
) -> tuple[Background, Background]:
    decider = Background(
        tmp_path, f"decider-{name}", "decider.start", "-d", domain, "-N", "1", workflow
    )
    worker = Background(
        tmp_path,
        f"worker-{name}",
        "worker.start",
        "-d",
        domain,
        "--task-list",
        ACTIVITY_TASK_LIST,
        "-N",
        "1",
        "--heartbeat",
        "1",
        workflow,
    )
    background.extend([decider, worker])
    return decider, worker


def _marker_pid(path: Path) -> int:
    wait_for(path.exists, 60, f"{path.name} marker not written")
    return int(wait_for(lambda: path.read_text(encoding="utf-8"), 5, "empty marker"))


def test_killed_worker_task_times_out_on_heartbeat_and_the_retry_completes(
    domain_name: str, tmp_path: Path, background: list[Background]
) -> None:
    workflow = "tests.data.cli_workflows.HeartbeatWorkflow"
    _, worker = _processes(background, tmp_path, domain_name, workflow, "first")
    workflow_id, run_id = _start(domain_name, workflow, "--input", json.dumps([str(tmp_path)]))
    activity_pid = _marker_pid(tmp_path / "started")

    worker.kill_group()  # supervisor, poller and activity: SIGKILL, no report to SWF
    wait_for(lambda: not is_alive(activity_pid), 10, "the activity survived SIGKILL")
    background.append(
        Background(
            tmp_path,
            "worker-second",
            "worker.start",
            "-d",
            domain_name,
            "--task-list",
            ACTIVITY_TASK_LIST,
            "-N",
            "1",
            workflow,
        )
    )

    info = wait_closed(domain_name, workflow_id, run_id, timeout=60)

    assert info["closeStatus"] == "COMPLETED"
    events = history(domain_name, workflow_id, run_id)
    timeouts = [
        e["activityTaskTimedOutEventAttributes"]["timeoutType"]
        for e in events
        if e["eventType"] == "ActivityTaskTimedOut"
    ]
    assert timeouts == ["HEARTBEAT"]
    assert events[-1]["workflowExecutionCompletedEventAttributes"]["result"] == ('"second attempt"')


def test_killed_decider_is_replaced_and_the_execution_completes(
    domain_name: str, tmp_path: Path, background: list[Background]
) -> None:
    workflow = "tests.data.cli_workflows.SlowDecisionWorkflow"
    decider, _ = _processes(background, tmp_path, domain_name, workflow, "first")
    workflow_id, run_id = _start(domain_name, workflow, "--input", json.dumps([str(tmp_path)]))
    deciding_pid = _marker_pid(tmp_path / "deciding")  # the decider is inside a decision

    decider.kill_group()
    wait_for(lambda: not is_alive(deciding_pid), 10, "the decider survived SIGKILL")
    background.append(
        Background(tmp_path, "decider-second", "decider.start", "-d", domain_name, workflow)
    )

    info = wait_closed(domain_name, workflow_id, run_id, timeout=60)

    assert info["closeStatus"] == "COMPLETED"
    events = history(domain_name, workflow_id, run_id)
    assert any(e["eventType"] == "DecisionTaskTimedOut" for e in events)
    assert events[-1]["workflowExecutionCompletedEventAttributes"]["result"] == "3"


def test_server_start_prints_the_endpoint_and_serves_until_interrupted() -> None:
    server = subprocess.Popen(
        [*SIMPLEFLOW, "server.start", "--port", "0"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        assert line.startswith("export AWS_ENDPOINT_URL_SWF=http://127.0.0.1:"), line
        endpoint = line.strip().split("=", 1)[1]
        env = {**os.environ, "AWS_ENDPOINT_URL_SWF": endpoint}
        probe = subprocess.run(
            [
                sys.executable,
                "-c",
                "import boto3; boto3.client('swf').register_domain("
                "name='probe', workflowExecutionRetentionPeriodInDays='1')",
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert probe.returncode == 0, probe.stderr

        server.send_signal(signal.SIGINT)
        assert server.wait(30) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(10)
        for stream in (server.stdout, server.stderr):
            if stream is not None:
                stream.close()
