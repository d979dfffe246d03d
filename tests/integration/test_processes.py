"""Decider and worker processes against moto's SWF server (real forked processes)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = "tests.data.process_workflows"
DECISIONS = "process-decisions"
ACTIVITIES = "process-activities"


def wait_until(predicate: Callable[[], Any], timeout: float = 30.0, what: str = "") -> Any:
    """Poll ``predicate`` until it returns something truthy (returned); fail at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or predicate}")
        time.sleep(0.1)


def _client(endpoint: str) -> Any:
    import boto3

    return boto3.client("swf", endpoint_url=endpoint, region_name="us-east-1")


class _Processes:
    """Starts ``python -c`` processes running the decider/worker commands; cleans up."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.started: list[tuple[subprocess.Popen[bytes], Path]] = []

    def run(self, code: str, **env_overrides: str) -> subprocess.Popen[bytes]:
        log = self.tmp_path / f"process-{len(self.started)}.log"
        env = dict(
            os.environ, SIMPLEFLOW_DISABLE_SETPROCTITLE="1", LOG_LEVEL="DEBUG", **env_overrides
        )
        with log.open("wb") as stream:
            process = subprocess.Popen(
                [sys.executable, "-c", code], cwd=ROOT, env=env, stderr=stream, stdout=stream
            )
        self.started.append((process, log))
        return process

    def decider(self, domain: str, workflows: list[str]) -> subprocess.Popen[bytes]:
        paths = [f"{WORKFLOWS}.{name}" for name in workflows]
        return self.run(
            "from simpleflow.swf.process.decider import command; "
            f"command.start({paths!r}, {domain!r}, {DECISIONS!r}, nb_processes=1)"
        )

    def worker(
        self, domain: str, workflow: str, heartbeat: int = 60, **env: str
    ) -> subprocess.Popen[bytes]:
        return self.run(
            "from simpleflow.swf.process.worker import command; "
            f"command.start({WORKFLOWS + '.' + workflow!r}, {domain!r}, {ACTIVITIES!r}, 1, "
            f"{heartbeat})",
            **env,
        )

    def log(self, process: subprocess.Popen[bytes]) -> str:
        for candidate, log in self.started:
            if candidate is process:
                return log.read_text(errors="replace")
        raise KeyError(process)

    def stop_all(self) -> None:
        for process, _ in self.started:
            tree = _tree(process.pid)
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    pass
            for item in tree:
                try:
                    item.kill()
                except psutil.NoSuchProcess:
                    pass
            if process.poll() is None:
                process.kill()
                process.wait()


def _tree(pid: int) -> list[psutil.Process]:
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _alive(processes: list[psutil.Process]) -> list[psutil.Process]:
    alive = []
    for process in processes:
        try:
            if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                alive.append(process)
        except psutil.NoSuchProcess:
            pass
    return alive


@pytest.fixture
def processes(tmp_path: Path) -> Iterator[_Processes]:
    manager = _Processes(tmp_path)
    try:
        yield manager
    finally:
        manager.stop_all()


def _start_execution(endpoint: str, domain: str, workflow: Any, input: Any) -> tuple[str, str]:
    client = _client(endpoint)
    client.register_workflow_type(
        domain=domain,
        name=workflow.name,
        version=workflow.version,
        defaultTaskList={"name": DECISIONS},
        defaultExecutionStartToCloseTimeout="300",
        defaultTaskStartToCloseTimeout="60",
        defaultChildPolicy="TERMINATE",
    )
    workflow_id = f"{workflow.name}-{uuid.uuid4().hex[:8]}"
    run = client.start_workflow_execution(
        domain=domain,
        workflowId=workflow_id,
        workflowType={"name": workflow.name, "version": workflow.version},
        taskList={"name": DECISIONS},
        input=json.dumps(input),
    )
    return workflow_id, run["runId"]


def _wait_closed(
    endpoint: str, domain: str, execution: tuple[str, str], timeout: float = 60
) -> Any:
    client = _client(endpoint)

    def closed() -> Any:
        info = client.describe_workflow_execution(
            domain=domain, execution={"workflowId": execution[0], "runId": execution[1]}
        )["executionInfo"]
        return info if info["executionStatus"] == "CLOSED" else None

    return wait_until(closed, timeout, what=f"execution {execution} to close")


def _history(endpoint: str, domain: str, execution: tuple[str, str]) -> list[dict[str, Any]]:
    return _client(endpoint).get_workflow_execution_history(
        domain=domain, execution={"workflowId": execution[0], "runId": execution[1]}
    )["events"]


def _of_type(events: list[dict[str, Any]], event_type: str) -> list[dict[str, Any]]:
    key = event_type[0].lower() + event_type[1:] + "EventAttributes"
    return [event[key] for event in events if event["eventType"] == event_type]


def _stop(process: subprocess.Popen[bytes]) -> int:
    process.send_signal(signal.SIGTERM)
    return process.wait(timeout=20)


# -- tests -------------------------------------------------------------------------------


def test_empty_polls_raise_poll_timeout(domain_name: str) -> None:
    from simpleflow.swf.process.decider import DeciderPoller
    from simpleflow.swf.process.decider.helpers import load_workflow
    from simpleflow.swf.process.worker.command import make_worker_poller
    from swf.exceptions import PollTimeout
    from swf.models import Domain

    executor = load_workflow(domain_name, f"{WORKFLOWS}.DoubleWorkflow")
    decider = DeciderPoller([executor], Domain(domain_name), None)
    with pytest.raises(PollTimeout):
        decider.poll(decider.task_list, decider.identity)
    worker = make_worker_poller(f"{WORKFLOWS}.DoubleWorkflow", domain_name, ACTIVITIES, 60)
    with pytest.raises(PollTimeout):
        worker.poll(worker.task_list, worker.identity)


def test_basic_workflow_completes(
    swf_endpoint: str, domain_name: str, processes: _Processes
) -> None:
    from tests.data.process_workflows import DoubleWorkflow

    decider = processes.decider(domain_name, ["DoubleWorkflow"])
    worker = processes.worker(domain_name, "DoubleWorkflow")
    execution = _start_execution(swf_endpoint, domain_name, DoubleWorkflow, {"args": [4]})
    info = _wait_closed(swf_endpoint, domain_name, execution)
    assert info["closeStatus"] == "COMPLETED", processes.log(decider) + processes.log(worker)
    events = _history(swf_endpoint, domain_name, execution)
    [completed] = _of_type(events, "WorkflowExecutionCompleted")
    assert completed["result"] == "8"
    [started] = _of_type(events, "DecisionTaskStarted")[:1]
    assert json.loads(started["identity"])["pid"] in {p.pid for p in _tree(decider.pid)}
    [activity_started] = _of_type(events, "ActivityTaskStarted")
    assert json.loads(activity_started["identity"])["pid"] in {p.pid for p in _tree(worker.pid)}
    assert _stop(decider) == 0
    assert _stop(worker) == 0


def test_failing_activity_fails_the_task_and_worker_continues(
    swf_endpoint: str, domain_name: str, processes: _Processes
) -> None:
    from tests.data.process_workflows import FailThenDoubleWorkflow

    processes.decider(domain_name, ["FailThenDoubleWorkflow"])
    worker = processes.worker(domain_name, "FailThenDoubleWorkflow")
    execution = _start_execution(swf_endpoint, domain_name, FailThenDoubleWorkflow, {"args": [5]})
    info = _wait_closed(swf_endpoint, domain_name, execution)
    events = _history(swf_endpoint, domain_name, execution)
    assert info["closeStatus"] == "COMPLETED", processes.log(worker)
    [failed] = _of_type(events, "ActivityTaskFailed")
    assert failed["reason"] == "boom"
    assert "ValueError: boom" in failed["details"]
    assert [c["result"] for c in _of_type(events, "ActivityTaskCompleted")] == ["10"]
    assert worker.poll() is None  # the same worker process ran both tasks and is still up
    assert _stop(worker) == 0


def test_raising_workflow_fails_the_execution_and_decider_survives(
    swf_endpoint: str, domain_name: str, processes: _Processes
) -> None:
    from tests.data.process_workflows import DoubleWorkflow, RaisingWorkflow

    decider = processes.decider(domain_name, ["RaisingWorkflow", "DoubleWorkflow"])
    processes.worker(domain_name, "DoubleWorkflow")
    failing = _start_execution(swf_endpoint, domain_name, RaisingWorkflow, {})
    assert _wait_closed(swf_endpoint, domain_name, failing)["closeStatus"] == "FAILED"
    events = _history(swf_endpoint, domain_name, failing)
    [failed] = _of_type(events, "WorkflowExecutionFailed")
    assert "workflow code is broken" in failed["reason"] + failed.get("details", "")
    working = _start_execution(swf_endpoint, domain_name, DoubleWorkflow, {"args": [1]})
    assert _wait_closed(swf_endpoint, domain_name, working)["closeStatus"] == "COMPLETED"
    assert decider.poll() is None


def test_sigterm_to_worker_lets_the_activity_finish(
    swf_endpoint: str, domain_name: str, processes: _Processes, tmp_path: Path
) -> None:
    from tests.data.process_workflows import SleepWorkflow

    marks = tmp_path / "marks"
    marks.mkdir()
    processes.decider(domain_name, ["SleepWorkflow"])
    worker = processes.worker(domain_name, "SleepWorkflow", heartbeat=1)
    execution = _start_execution(
        swf_endpoint, domain_name, SleepWorkflow, {"args": [3, str(marks)]}
    )
    wait_until(lambda: list(marks.glob("*.activity")), what="activity started")
    tree = _tree(worker.pid)
    assert len(tree) == 3  # supervisor, poller, activity child
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(timeout=30) == 0
    assert [p.name for p in marks.glob("*.done")], "the activity was not allowed to finish"
    wait_until(lambda: not _alive(tree), timeout=10, what="worker processes gone")
    info = _wait_closed(swf_endpoint, domain_name, execution)
    assert info["closeStatus"] == "COMPLETED", processes.log(worker)
    events = _history(swf_endpoint, domain_name, execution)
    assert [c["result"] for c in _of_type(events, "ActivityTaskCompleted")] == ['"slept"']
    assert "heartbeat sent" in processes.log(worker)  # heartbeats ran during the activity


def test_sigterm_to_decider_exits_0_without_orphans(
    domain_name: str, processes: _Processes
) -> None:
    decider = processes.decider(domain_name, ["DoubleWorkflow"])
    tree = wait_until(lambda: len(_tree(decider.pid)) == 2 and _tree(decider.pid))
    wait_until(lambda: "no task" in processes.log(decider), what="first empty poll")
    assert _stop(decider) == 0
    wait_until(lambda: not _alive(tree), timeout=10, what="decider processes gone")


def test_unknown_domain_exits_1_with_a_clear_error(
    swf_endpoint: str, processes: _Processes
) -> None:
    worker = processes.worker("no-such-domain", "DoubleWorkflow")
    assert worker.wait(timeout=30) == 1
    assert "cannot poll domain 'no-such-domain'" in processes.log(worker)


def test_unreachable_endpoint_is_retried_until_stopped(processes: _Processes) -> None:
    # Port 9 (discard) on loopback: nothing listens, connections are refused at once.
    worker = processes.worker(
        "any-domain",
        "DoubleWorkflow",
        AWS_ENDPOINT_URL_SWF="http://127.0.0.1:9",
        AWS_MAX_ATTEMPTS="1",
    )
    wait_until(
        lambda: processes.log(worker).count("poll failed") >= 2,
        what="two failed polls, retried with backoff",
    )
    assert worker.poll() is None  # still running
    assert _stop(worker) == 0
