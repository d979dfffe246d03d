"""The whole loop on the local engine, with real decider, worker and `simpleflow` processes:
run an example, record its history, replay it unchanged (exit 0) and changed (exit 1);
`workflow.history`, `activity.rerun`, and the `simpleflow_env` fixture."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from examples.basic import BasicWorkflow
from examples.failing import FailingWorkflow
from simpleflow.testing import WorkflowEnvironment, WorkflowRun
from tests.data.cli_runner import run_cli

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def basic() -> Iterator[tuple[WorkflowEnvironment, WorkflowRun]]:
    with WorkflowEnvironment() as env:
        yield env, env.run(BasicWorkflow, 3, t=0, timeout=60)


@pytest.fixture
def engine(
    basic: tuple[WorkflowEnvironment, WorkflowRun], monkeypatch: pytest.MonkeyPatch
) -> WorkflowEnvironment:
    env, _ = basic
    assert env.endpoint_url is not None
    monkeypatch.setenv("AWS_ENDPOINT_URL_SWF", env.endpoint_url)
    return env


def _decision_point_of(events: list[dict[str, Any]], activity_id: str) -> int:
    for event in events:
        attributes = event.get("activityTaskScheduledEventAttributes") or event.get(
            "scheduleActivityTaskFailedEventAttributes"
        )
        if attributes and attributes["activityId"] == activity_id:
            point: int = attributes["decisionTaskCompletedEventId"]
            return point
    raise AssertionError(f"{activity_id} was never scheduled")


def test_run_record_change_replay(
    basic: tuple[WorkflowEnvironment, WorkflowRun], engine: WorkflowEnvironment, tmp_path: Path
) -> None:
    _, run = basic
    assert (run.close_status, run.result) == ("COMPLETED", 8)
    history = tmp_path / "basic.json"
    recorded = run_cli(
        "workflow.history",
        run.workflow_id,
        "--domain",
        engine.domain,
        "--output-format",
        "events",
        "--output",
        str(history),
    )
    assert recorded.returncode == 0, recorded.stderr
    events = json.loads(history.read_text())
    assert [e["eventId"] for e in events] == list(range(1, len(run.events) + 1))

    unchanged = run_cli(
        "workflow.replay", "examples.basic.BasicWorkflow", "--history", str(history)
    )
    assert unchanged.returncode == 0, unchanged.stdout + unchanged.stderr
    assert "decision points agree" in unchanged.stdout

    swapped = run_cli(
        "workflow.replay",
        "tests.testing._workflows.SwappedBasicWorkflow",
        "--history",
        str(history),
    )
    assert swapped.returncode == 1, swapped.stdout + swapped.stderr
    point = _decision_point_of(events, "activity-examples.basic.Delay-1")
    assert f"at decision point {point} (DecisionTaskCompleted)" in swapped.stdout
    assert "hint: tasks reordered" in swapped.stdout


def test_replay_fetches_the_history_from_the_domain(
    basic: tuple[WorkflowEnvironment, WorkflowRun], engine: WorkflowEnvironment
) -> None:
    _, run = basic
    fetched = run_cli(
        "--format",
        "json",
        "workflow.replay",
        "examples.basic.BasicWorkflow",
        "--domain",
        engine.domain,
        "--workflow-id",
        run.workflow_id,
    )
    assert fetched.returncode == 0, fetched.stderr
    report = json.loads(fetched.stdout)
    assert report["ok"] is True and report["events"] == len(run.events)
    missing = run_cli(
        "workflow.replay",
        "examples.basic.BasicWorkflow",
        "--domain",
        engine.domain,
        "--workflow-id",
        "nope",
    )
    assert missing.returncode == 2  # status 1 means "diverges"
    assert missing.stderr.strip().splitlines()[-1] == "Error: Workflow nope not found"


def test_history_views(
    basic: tuple[WorkflowEnvironment, WorkflowRun], engine: WorkflowEnvironment
) -> None:
    _, run = basic
    common = [run.workflow_id, run.run_id, "--domain", engine.domain]
    raw = run_cli("workflow.history", *common)
    assert raw.returncode == 0, raw.stderr
    assert raw.stdout.count("\n") == 1  # one line of compact JSON
    parsed = json.loads(raw.stdout)
    assert parsed[0]["id"] == 1 and parsed[0]["state"] == "started"
    assert parsed[0]["input"] == {"args": [3], "kwargs": {"t": 0}}
    assert parsed[0]["timestamp"].endswith("Z") and "raw" not in parsed[0]
    reverse = json.loads(
        run_cli("workflow.history", *common, "-o", "events", "--reverse-order").stdout
    )
    assert [e["eventId"] for e in reverse] == list(range(len(run.events), 0, -1))
    cooked = json.loads(run_cli("workflow.history", *common, "--of", "cooked").stdout)
    assert cooked["activities"]["activity-examples.basic.double-1"]["result"] == "8"
    assert set(cooked) >= {"workflow", "activities", "child_workflows", "markers", "timers"}
    missing = run_cli("workflow.history", "nope", "--domain", engine.domain)
    assert missing.returncode == 1
    assert missing.stderr.strip().splitlines()[-1] == "Error: Workflow nope not found"


def test_activity_rerun(
    basic: tuple[WorkflowEnvironment, WorkflowRun], engine: WorkflowEnvironment
) -> None:
    _, run = basic
    common = ["activity.rerun", "--workflow-id", run.workflow_id, "--domain", engine.domain]
    again = run_cli(*common, "--activity-id", "activity-examples.basic.increment-1")
    assert again.returncode == 0, again.stderr
    assert "Result (JSON): 4" in again.stderr
    assert f"Found execution: workflowId={run.workflow_id} runId={run.run_id}" in again.stderr
    other = run_cli(
        *common, "--activity-id", "activity-examples.basic.Delay-1", "--input", "[0, 7]"
    )
    assert "Result (JSON): 7" in other.stderr, other.stderr
    assert "NB: input will be overridden with the passed one!" in other.stderr
    neither = run_cli(*common)
    assert neither.returncode == 1
    assert "Please supply --scheduled-id or --activity-id." in neither.stderr
    unknown = run_cli(*common, "--scheduled-id", "9999")
    assert unknown.returncode == 1
    assert unknown.stderr.strip().splitlines()[-1] == "Error: Couldn't find activity."


def test_the_fixture_runs_a_failing_execution_to_its_end(
    simpleflow_env: WorkflowEnvironment,
) -> None:
    run = simpleflow_env.run(FailingWorkflow, timeout=60)
    assert run.close_status == "FAILED"
    assert run.reason is not None and "fail_and_raise" in run.reason
    assert run.result is None
    assert run.events[-1]["eventType"] == "WorkflowExecutionFailed"
