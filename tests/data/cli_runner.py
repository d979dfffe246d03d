"""Helpers of the CLI integration tests: run ``simpleflow`` for real and inspect SWF."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, TypeVar

import psutil

REPO = Path(__file__).resolve().parents[2]
SIMPLEFLOW = [sys.executable, "-m", "simpleflow"]

_T = TypeVar("_T")


def run_cli(
    *args: str, timeout: float = 120, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``simpleflow ARGS`` from the repository root and capture its output."""
    return subprocess.run(
        [*SIMPLEFLOW, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


class Background:
    """``simpleflow ARGS`` running in its own session, output captured in files."""

    def __init__(self, directory: Path, name: str, *args: str) -> None:
        self.stdout_path = directory / f"{name}.stdout"
        self.stderr_path = directory / f"{name}.stderr"
        self._stdout: IO[str] = open(self.stdout_path, "w", encoding="utf-8")
        self._stderr: IO[str] = open(self.stderr_path, "w", encoding="utf-8")
        self.process = subprocess.Popen(
            [*SIMPLEFLOW, *args],
            cwd=REPO,
            stdout=self._stdout,
            stderr=self._stderr,
            text=True,
            start_new_session=True,
        )
        self.pid = self.process.pid

    @property
    def stdout(self) -> str:
        return self.stdout_path.read_text(encoding="utf-8")

    @property
    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8")

    def wait(self, timeout: float) -> int:
        try:
            return self.process.wait(timeout)
        finally:
            if self.process.returncode is not None:
                self._close()

    def _close(self) -> None:
        self._stdout.close()
        self._stderr.close()

    def kill_group(self) -> None:
        """SIGKILL the whole session (the command and every process it started)."""
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(10)
        self._close()

    def descendants(self) -> set[int]:
        try:
            return {child.pid for child in psutil.Process(self.pid).children(recursive=True)}
        except psutil.NoSuchProcess:
            return set()


def is_alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def session_processes(sid: int) -> list[int]:
    """Pids of the live processes of a session (a ``start_new_session`` process's pid)."""
    pids = []
    for proc in psutil.process_iter():
        try:
            if os.getsid(proc.pid) == sid and proc.status() != psutil.STATUS_ZOMBIE:
                pids.append(proc.pid)
        except (ProcessLookupError, PermissionError, psutil.NoSuchProcess):
            continue
    return pids


def wait_for(
    probe: Callable[[], _T | None], timeout: float, message: str, interval: float = 0.2
) -> _T:
    """Call ``probe`` until it returns something truthy; fail with ``message`` at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout} s: {message}")
        time.sleep(interval)


def swf_client() -> Any:
    import boto3

    return boto3.client(
        "swf", endpoint_url=os.environ["AWS_ENDPOINT_URL_SWF"], region_name="us-east-1"
    )


def describe(domain: str, workflow_id: str, run_id: str) -> dict[str, Any]:
    execution = {"workflowId": workflow_id, "runId": run_id}
    info: dict[str, Any] = swf_client().describe_workflow_execution(
        domain=domain, execution=execution
    )["executionInfo"]
    return info


def history(domain: str, workflow_id: str, run_id: str) -> list[dict[str, Any]]:
    execution = {"workflowId": workflow_id, "runId": run_id}
    events: list[dict[str, Any]] = swf_client().get_workflow_execution_history(
        domain=domain, execution=execution
    )["events"]
    return events


def wait_closed(domain: str, workflow_id: str, run_id: str, timeout: float) -> dict[str, Any]:
    return wait_for(
        lambda: (
            (info := describe(domain, workflow_id, run_id))["executionStatus"] == "CLOSED" and info
        ),
        timeout,
        f"execution {workflow_id} {run_id} did not close",
        interval=0.5,
    )


def scheduled_task_lists(events: list[dict[str, Any]], activity_name: str) -> list[str]:
    """Task lists of the ActivityTaskScheduled events of an activity type."""
    return [
        attrs["taskList"]["name"]
        for event in events
        if event["eventType"] == "ActivityTaskScheduled"
        and (attrs := event["activityTaskScheduledEventAttributes"])["activityType"]["name"]
        == activity_name
    ]


def parse_start_line(stdout: str) -> tuple[str, str]:
    """The ``<workflow_id> <run_id>`` line (first line of stdout)."""
    workflow_id, run_id = stdout.splitlines()[0].split(" ")
    return workflow_id, run_id
