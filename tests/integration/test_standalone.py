"""``simpleflow standalone`` run for real: local server, moto endpoint, repair, shutdown."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import psutil
import pytest

from tests.data.cli_runner import (
    Background,
    describe,
    history,
    is_alive,
    parse_start_line,
    run_cli,
    scheduled_task_lists,
    session_processes,
    wait_for,
)

pytestmark = pytest.mark.integration

LOCAL = ("standalone", "--local-server", "--domain", "TestDomain", "--nb-workers", "1")


def _run_watching_processes(
    tmp_path: Path, *args: str, timeout: float = 90
) -> tuple[Background, int, set[int]]:
    """Run a command in the background, recording every descendant seen while it runs."""
    command = Background(tmp_path, "standalone", *args)
    seen: set[int] = set()
    deadline = time.monotonic() + timeout
    try:
        while command.process.poll() is None:
            assert time.monotonic() < deadline, f"{args} did not finish in {timeout} s"
            seen |= command.descendants()
            time.sleep(0.05)
        return command, command.wait(10), seen
    finally:
        if command.process.poll() is None:
            command.kill_group()


def test_local_server_runs_the_basic_example_and_leaves_no_process(tmp_path: Path) -> None:
    command, status, seen = _run_watching_processes(
        tmp_path, *LOCAL, "examples.basic.BasicWorkflow", "--input", "[1, 5]"
    )

    assert status == 0, command.stderr
    lines = command.stdout.splitlines()
    assert len(lines) == 2, command.stdout
    workflow_id, run_id = parse_start_line(command.stdout)
    assert workflow_id == "basic" and run_id
    assert lines[1] == "4"  # the execution result, JSON
    assert "(1 + 1) * 2 = 4" in command.stderr  # what the workflow prints goes to stderr
    assert "starting workflow examples.basic.BasicWorkflow" in command.stderr
    assert "execution basic finished" in command.stderr
    # decider supervisor + poller, worker supervisor + poller; the three activity children
    # last a few milliseconds and may fall between two samples (each activity's own
    # process is checked in tests/simpleflow/process/test_worker.py)
    assert len(seen) >= 4, seen
    assert [pid for pid in seen if is_alive(pid)] == []
    assert session_processes(command.pid) == []


def test_local_server_runs_the_canvas_example(tmp_path: Path) -> None:
    result = run_cli(*LOCAL, "examples.canvas.CanvasWorkflow", "--display-status", "true")

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == "24"
    assert "(1+1)*(2+1)*(3+1) = 24" in result.stderr
    assert "status: OPEN" in result.stderr


def test_failed_execution_exits_1_with_the_reason(tmp_path: Path) -> None:
    result = run_cli(*LOCAL, "examples.failing.FailingWorkflow")

    assert result.returncode == 1, result.stderr
    assert len(result.stdout.splitlines()) == 1  # only the start line: there is no result
    assert "closed as FAILED" in result.stderr
    assert "activity-examples.failing.fail_and_raise" in result.stderr
    assert "YOU SHOULD NEVER SEE THIS" not in result.stderr


def test_failed_activity_is_retried_until_it_succeeds(tmp_path: Path) -> None:
    attempts = tmp_path / "attempts"
    result = run_cli(
        *LOCAL, "tests.data.behaviour.RetryWorkflow", "--input", json.dumps([str(attempts), 2])
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == "3"
    assert attempts.read_text(encoding="utf-8").splitlines() == ["attempt"] * 3


def test_idempotent_task_runs_once_for_the_same_arguments(tmp_path: Path) -> None:
    workflow = "tests.data.cli_workflows.IdempotentWorkflow"
    result = run_cli(*LOCAL, workflow, "--input", json.dumps([str(tmp_path)]))

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[1]) == [10, 10, 20]
    runs = (tmp_path / "runs.log").read_text(encoding="utf-8").splitlines()
    assert sorted(runs) == ["idempotent 1", "idempotent 2"]


def test_map_of_250_activities_crosses_the_decision_batch_limit() -> None:
    result = run_cli(*LOCAL, "tests.data.cli_workflows.MapWorkflow", "--input", "[250]")

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == str(sum(range(1, 251)))


REPAIR = "tests.data.cli_workflows.RepairWorkflow"


def test_repair_reuses_completed_activities_unless_forced(domain_name: str, tmp_path: Path) -> None:
    base = ("standalone", "--domain", domain_name, "--nb-workers", "1")
    runs = tmp_path / "runs.log"

    failed = run_cli(*base, REPAIR, "--input", json.dumps([str(tmp_path)]))
    assert failed.returncode == 1, failed.stderr
    assert "step two is not allowed yet" in failed.stderr
    assert runs.read_text(encoding="utf-8").splitlines() == ["one", "two"]

    (tmp_path / "allow").touch()
    repaired = run_cli(*base, "--repair", "cli-repair", REPAIR)  # input of the failed run

    assert repaired.returncode == 0, repaired.stderr
    assert repaired.stdout.splitlines()[1] == "2"
    assert runs.read_text(encoding="utf-8").splitlines() == ["one", "two", "two"]
    workflow_id, run_id = parse_start_line(repaired.stdout)
    events = history(domain_name, workflow_id, run_id)
    (faked,) = scheduled_task_lists(events, "tests.data.cli_workflows.step_one")
    assert faked.startswith("FAKE-")
    (rerun,) = scheduled_task_lists(events, "tests.data.cli_workflows.step_two")
    assert rerun.startswith("cli-repair-")  # the private task list

    forced = run_cli(
        *base, "--repair", f"{workflow_id} {run_id}", "--force-activities", "step_one", REPAIR
    )

    assert forced.returncode == 0, forced.stderr
    assert runs.read_text(encoding="utf-8").splitlines() == ["one", "two", "two", "one"]
    events = history(domain_name, *parse_start_line(forced.stdout))
    (forced_list,) = scheduled_task_lists(events, "tests.data.cli_workflows.step_one")
    assert not forced_list.startswith("FAKE-")
    (faked,) = scheduled_task_lists(events, "tests.data.cli_workflows.step_two")
    assert faked.startswith("FAKE-")


def _wait_started(directory: Path) -> int:
    """The pid written by a hanging activity once it runs."""
    marker = directory / "started"
    wait_for(marker.exists, 60, "the activity did not start")
    return int(wait_for(lambda: marker.read_text(encoding="utf-8"), 5, "empty marker"))


def test_sigint_stops_every_process_and_leaves_the_execution_open(
    domain_name: str, tmp_path: Path
) -> None:
    command = Background(
        tmp_path,
        "standalone",
        "standalone",
        "--domain",
        domain_name,
        "--nb-workers",
        "1",
        "tests.data.cli_workflows.HangingWorkflow",
        "--input",
        json.dumps([str(tmp_path)]),
    )
    try:
        activity_pid = _wait_started(tmp_path)
        seen = command.descendants()
        assert activity_pid in seen

        os.kill(command.pid, signal.SIGINT)
        status = command.wait(60)
    finally:
        if command.process.poll() is None:
            command.kill_group()

    assert status == 130, command.stderr
    workflow_id, run_id = parse_start_line(command.stdout)
    assert f"execution {workflow_id} {run_id} is left open" in command.stderr
    assert describe(domain_name, workflow_id, run_id)["executionStatus"] == "OPEN"
    assert [pid for pid in seen if is_alive(pid)] == []
    assert session_processes(command.pid) == []


def test_supervisor_that_dies_fails_the_run_without_orphans(
    domain_name: str, tmp_path: Path
) -> None:
    command = Background(
        tmp_path,
        "standalone",
        "standalone",
        "--domain",
        domain_name,
        "--nb-workers",
        "1",
        "tests.data.cli_workflows.HangingWorkflow",
        "--input",
        json.dumps([str(tmp_path)]),
    )
    try:
        activity_pid = _wait_started(tmp_path)
        seen = command.descendants()
        poller = psutil.Process(activity_pid).parent()
        assert poller is not None
        supervisor = poller.parent()
        assert supervisor is not None and supervisor.ppid() == command.pid

        supervisor.kill()  # its poller and the activity are orphaned
        status = command.wait(60)
    finally:
        if command.process.poll() is None:
            command.kill_group()

    assert status == 1, command.stderr
    assert "Error: the worker process exited (exit code -9) before execution" in command.stderr
    assert [pid for pid in seen if is_alive(pid)] == []
    assert session_processes(command.pid) == []


def test_local_server_with_format_json_prints_one_object(tmp_path: Path) -> None:
    command, status, _ = _run_watching_processes(
        tmp_path, "--format", "json", *LOCAL, "examples.basic.BasicWorkflow", "--input", "[1, 0]"
    )

    assert status == 0, command.stderr
    outcome = json.loads(command.stdout)
    assert list(outcome) == ["workflow_id", "run_id", "status", "result", "reason"]
    assert outcome["workflow_id"] == "basic" and outcome["run_id"]
    assert (outcome["status"], outcome["result"], outcome["reason"]) == ("COMPLETED", 4, None)


def test_sigint_with_local_server_says_what_it_does_and_not_left_open(tmp_path: Path) -> None:
    command = Background(
        tmp_path,
        "standalone",
        *LOCAL,
        "tests.data.cli_workflows.HangingWorkflow",
        "--input",
        json.dumps([str(tmp_path)]),
    )
    try:
        _wait_started(tmp_path)
        os.kill(command.pid, signal.SIGINT)
        # Said at once, before the (up to 10 s) shutdown; a second Ctrl-C hurries it.
        wait_for(lambda: "stopping the decider" in command.stderr, 5, "no announcement")
        os.kill(command.pid, signal.SIGINT)
        status = command.wait(60)
    finally:
        if command.process.poll() is None:
            command.kill_group()

    assert status == 130, command.stderr
    workflow_id, run_id = parse_start_line(command.stdout)
    stderr = command.stderr
    announced = stderr.index("interrupted by SIGINT: stopping the decider and the worker")
    assert announced < stderr.index("stopped ") < stderr.index("is discarded with the local server")
    assert f"execution {workflow_id} {run_id} is discarded with the local server" in stderr
    assert "left open" not in stderr
    assert session_processes(command.pid) == []
