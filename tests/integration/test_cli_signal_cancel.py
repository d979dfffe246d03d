"""``workflow.signal`` and ``workflow.cancel`` run for real against the local SWF server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.data.cli_runner import (
    Background,
    history,
    parse_start_line,
    run_cli,
    swf_client,
    wait_closed,
    wait_for,
)

pytestmark = pytest.mark.integration

HANGING = "tests.data.cli_workflows.HangingWorkflow"


def _start(domain: str) -> tuple[str, str]:
    result = run_cli("workflow.start", "--domain", domain, HANGING, "--input", '["/nonexistent"]')
    assert result.returncode == 0, result.stderr
    return parse_start_line(result.stdout)


def test_signal_records_the_signal_with_its_input(domain_name: str) -> None:
    workflow_id, run_id = _start(domain_name)
    result = run_cli(
        "workflow.signal", workflow_id, "go", "--domain", domain_name, "--input", '{"x": 1}'
    )
    assert (result.returncode, result.stdout) == (0, ""), result.stderr
    listed = run_cli(
        "workflow.signal", workflow_id, "again", "--domain", domain_name,
        "--run-id", run_id, "--input", "[1, 2]", "--propagate",
    )  # fmt: skip
    assert listed.returncode == 0, listed.stderr

    events = [e for e in history(domain_name, workflow_id, run_id) if "Signaled" in e["eventType"]]
    inputs = [
        (e["workflowExecutionSignaledEventAttributes"]["signalName"],
         json.loads(e["workflowExecutionSignaledEventAttributes"]["input"]))
        for e in events
    ]  # fmt: skip
    assert inputs == [
        ("go", {"args": [], "kwargs": {"x": 1}, "__propagate": False}),
        ("again", {"args": [1, 2], "kwargs": {}, "__propagate": True}),
    ]
    run_cli("workflow.terminate", domain_name, workflow_id)


def test_signal_of_an_unknown_execution_fails_with_one_line(domain_name: str) -> None:
    # workflow.cancel is checked end to end once the local engine implements
    # RequestCancelWorkflowExecution (moto 5.2.5 answers 500, features §19.3).
    result = run_cli("workflow.signal", "no-such-workflow", "go", "--domain", domain_name)
    assert result.returncode == 1, result.stderr
    assert "Error: Execution not found" in result.stderr
    assert "Traceback" not in result.stderr


def test_signal_refuses_bad_input_before_calling_swf(domain_name: str) -> None:
    result = run_cli("workflow.signal", "w", "go", "--domain", domain_name, "--input", "3")
    assert result.returncode == 2
    assert "must be a JSON list" in result.stderr


def test_a_waiting_workflow_is_woken_by_workflow_signal(domain_name: str, tmp_path: Path) -> None:
    # Real decider process, API signal (moto supports both): the decision's execution
    # context names the waited signal, then the signal's input becomes the result.
    decider = Background(
        tmp_path, "decider", "decider.start", "-d", domain_name, "-N", "1",
        "tests.data.feature_workflows.WaitForGo",
    )  # fmt: skip
    try:
        result = run_cli(
            "workflow.start", "--domain", domain_name, "tests.data.feature_workflows.WaitForGo"
        )
        assert result.returncode == 0, result.stderr
        workflow_id, run_id = parse_start_line(result.stdout)
        execution = {"workflowId": workflow_id, "runId": run_id}
        context = wait_for(
            lambda: (
                swf_client()
                .describe_workflow_execution(domain=domain_name, execution=execution)
                .get("latestExecutionContext")
            ),
            30,
            "the decider did not answer the first decision task",
        )
        assert json.loads(context) == {"waiting_signals": ["go"]}

        sent = run_cli(
            "workflow.signal", workflow_id, "go", "--domain", domain_name, "--input", '{"x": 1}'
        )
        assert sent.returncode == 0, sent.stderr
        info = wait_closed(domain_name, workflow_id, run_id, timeout=30)
        assert info["closeStatus"] == "COMPLETED", decider.stderr
        events = history(domain_name, workflow_id, run_id)
        result_text = events[-1]["workflowExecutionCompletedEventAttributes"]["result"]
        assert json.loads(result_text) == {"args": [], "kwargs": {"x": 1}, "__propagate": False}
    finally:
        decider.kill_group()


def test_workflow_cancel_closes_the_execution_as_canceled(domain_name: str, tmp_path: Path) -> None:
    decider = Background(
        tmp_path, "decider", "decider.start", "-d", domain_name, "-N", "1",
        "tests.data.feature_workflows.WaitForGo",
    )  # fmt: skip
    try:
        result = run_cli(
            "workflow.start", "--domain", domain_name, "tests.data.feature_workflows.WaitForGo"
        )
        assert result.returncode == 0, result.stderr
        workflow_id, run_id = parse_start_line(result.stdout)
        canceled = run_cli("workflow.cancel", workflow_id, "--domain", domain_name)
        assert (canceled.returncode, canceled.stdout) == (0, ""), canceled.stderr
        info = wait_closed(domain_name, workflow_id, run_id, timeout=30)
        assert info["closeStatus"] == "CANCELED", decider.stderr
        again = run_cli("workflow.cancel", workflow_id, run_id, "--domain", domain_name)
        assert again.returncode == 1
        assert "Error: Execution not found" in again.stderr
    finally:
        decider.kill_group()


def _run_to_completion(
    domain: str, tmp_path: Path, workflow: str, heartbeat: str
) -> tuple[str, list[dict[str, Any]]]:
    """Run ``workflow`` with a real decider and worker; its id and history once COMPLETED."""
    decider = Background(tmp_path, "decider", "decider.start", "-d", domain, workflow)
    worker = Background(
        tmp_path, "worker", "worker.start", "-d", domain,
        "--task-list", "feature-tests-activities", "--heartbeat", heartbeat, workflow,
    )  # fmt: skip
    try:
        result = run_cli("workflow.start", "--domain", domain, workflow)
        assert result.returncode == 0, result.stderr
        workflow_id, run_id = parse_start_line(result.stdout)
        info = wait_closed(domain, workflow_id, run_id, timeout=45)
        assert info["closeStatus"] == "COMPLETED", decider.stderr + worker.stderr
        return workflow_id, history(domain, workflow_id, run_id)
    finally:
        decider.kill_group()
        worker.kill_group()


def _attributes(events: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    event = next(e for e in events if e["eventType"] == kind)
    return event[f"{kind[0].lower()}{kind[1:]}EventAttributes"]


def test_cancel_task_stops_a_running_activity_through_its_heartbeat(
    domain_name: str, tmp_path: Path
) -> None:
    # features §6.4-6.5: RequestCancelActivityTask; the worker's heartbeat answers
    # cancelRequested, the process is killed and the task reported canceled.
    workflow = "tests.data.feature_workflows.CancelRunning"
    _, events = _run_to_completion(domain_name, tmp_path, workflow, heartbeat="1")
    assert "ActivityTaskCancelRequested" in [e["eventType"] for e in events]
    details = json.loads(_attributes(events, "ActivityTaskCanceled")["details"])
    assert details["reason"] == "cancel requested"
    result = _attributes(events, "WorkflowExecutionCompleted")["result"]
    assert json.loads(result) == "CANCELLED"


def test_an_activity_polling_cancel_requested_stops_itself(
    domain_name: str, tmp_path: Path
) -> None:
    # features §6.4: context['cancel_requested']() heartbeats and returns the flag; the
    # activity raises TaskCanceled and the worker reports its details. Supervisor heartbeats
    # are off (--heartbeat 0), so only the activity can notice the request.
    workflow = "tests.data.feature_workflows.CancelCooperative"
    workflow_id, events = _run_to_completion(domain_name, tmp_path, workflow, heartbeat="0")
    details = json.loads(_attributes(events, "ActivityTaskCanceled")["details"])
    activity_id = _attributes(events, "ActivityTaskScheduled")["activityId"]
    assert details == {"cleaned_up": True, "workflow_id": workflow_id, "activity_id": activity_id}
    result = _attributes(events, "WorkflowExecutionCompleted")["result"]
    assert json.loads(result) == "CANCELLED"
