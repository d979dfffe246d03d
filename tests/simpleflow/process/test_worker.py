from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest

import swf.actors
from simpleflow.swf.process.worker import base
from simpleflow.swf.process.worker.base import ActivityPoller, process_task, spawn
from swf.exceptions import DoesNotExistError, ResponseError
from swf.models import ActivityTask, ActivityType, Domain, WorkflowExecution
from tests.data import process_activities
from tests.simpleflow.process._helpers import read_pids, wait_until

_PREFIX = "tests.data.process_activities."


class _StubPoller:
    """Stands in for ``ActivityPoller``: records every report in a JSON-lines file.

    Reports come from the activity child (complete/fail) or from the parent (fail after a
    crash, heartbeat, cancel), so they are written to a file shared by both processes.
    """

    name = "StubPoller(test)"
    _workflow = None

    def __init__(self, log: Path, heartbeats: list[Any] | None = None) -> None:
        self.log = log
        self.heartbeats = list(heartbeats or [])

    def _record(self, call: str, **values: Any) -> None:
        with self.log.open("a") as stream:
            stream.write(json.dumps({"call": call, "pid": os.getpid(), **values}) + "\n")

    def _complete(self, token: str, result: Any) -> None:
        self._record("complete", token=token, result=result)

    def fail(
        self, token: str, task: Any, reason: str | None = None, details: str | None = None
    ) -> None:
        self._record("fail", token=token, reason=reason, details=details)

    def cancel(self, token: str, details: str | None = None) -> None:
        self._record("cancel", token=token, details=details)

    def heartbeat(self, token: str, details: str | None = None) -> Any:
        self._record("heartbeat", token=token)
        answer = self.heartbeats.pop(0) if self.heartbeats else {"cancelRequested": False}
        if callable(answer):
            answer = answer()
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def calls(self) -> list[dict[str, Any]]:
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text().splitlines()]

    def reports(self) -> list[dict[str, Any]]:
        return [c for c in self.calls() if c["call"] != "heartbeat"]


def _task(name: str, input: Any = None, raw_input: str | None = None) -> ActivityTask:
    domain = Domain("process-test")
    return ActivityTask(
        domain,
        "tasks",
        task_token="tok",
        activity_type=ActivityType(domain, name, "1"),
        workflow_execution=WorkflowExecution(domain, "wf-id", "run-id"),
        input=raw_input
        if raw_input is not None
        else (json.dumps(input) if input is not None else None),
        activity_id="activity-7",
        started_event_id=3,
    )


@pytest.fixture(autouse=True)
def _no_titles(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIMPLEFLOW_DISABLE_SETPROCTITLE", "1")
    assert process_activities.TASK_LIST  # registers the activities


@pytest.fixture
def poller(tmp_path: Path) -> _StubPoller:
    return _StubPoller(tmp_path / "calls.jsonl")


def _is_running(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


# -- child outcome -------------------------------------------------------------------


def test_successful_activity_is_completed_by_the_parent(poller: _StubPoller) -> None:
    spawn(poller, "tok", _task(_PREFIX + "double", {"args": [21]}), heartbeat=0)  # type: ignore[arg-type]
    [report] = poller.reports()
    assert report["call"] == "complete"
    assert report["result"] == "42"
    # The child sent its outcome back: it never builds an SWF client of its own.
    assert report["pid"] == os.getpid()


@pytest.mark.parametrize(
    ("name", "input", "result"),
    [
        ("double", [4], "8"),
        ("double", {"kwargs": {"x": 5}}, "10"),
        ("Multiply", {"args": [3], "kwargs": {"y": 4}}, "12"),
        ("when", None, '"2020-01-02T03:04:05.000006"'),
        ("sleep", {"args": [0]}, '"slept"'),
    ],
)
def test_inputs_and_results_are_json(
    poller: _StubPoller, name: str, input: Any, result: str
) -> None:
    spawn(poller, "tok", _task(_PREFIX + name, input), heartbeat=0)  # type: ignore[arg-type]
    assert [(r["call"], r["result"]) for r in poller.reports()] == [("complete", result)]


def test_result_at_swf_size_limit_crosses_the_outcome_pipe(poller: _StubPoller) -> None:
    spawn(poller, "tok", _task(_PREFIX + "double", ["ab" * 8000]), heartbeat=0.05)  # type: ignore[arg-type]
    [report] = poller.reports()
    assert report["call"] == "complete"
    assert json.loads(report["result"]) == "ab" * 16000


@pytest.mark.parametrize("requested", [False, True])
def test_activity_context_heartbeats_from_the_child(tmp_path: Path, requested: bool) -> None:
    poller = _StubPoller(tmp_path / "calls.jsonl", heartbeats=[{"cancelRequested": requested}])
    spawn(poller, "tok", _task(_PREFIX + "AskCancel"), heartbeat=0)  # type: ignore[arg-type]
    heartbeat, report = poller.calls()
    assert heartbeat["call"] == "heartbeat" and heartbeat["pid"] != os.getpid()
    assert (report["call"], report["result"]) == ("complete", json.dumps(requested))


def test_raising_activity_fails_with_reason_and_traceback(poller: _StubPoller) -> None:
    spawn(poller, "tok", _task(_PREFIX + "fail", {"args": ["boom"]}), heartbeat=0)  # type: ignore[arg-type]
    [report] = poller.reports()
    assert report["call"] == "fail"
    assert report["reason"] == "boom"
    assert report["details"].startswith("Traceback")
    assert "ValueError: boom" in report["details"]


def test_exception_without_message_uses_class_name(poller: _StubPoller) -> None:
    spawn(poller, "tok", _task(_PREFIX + "fail_without_message"), heartbeat=0)  # type: ignore[arg-type]
    assert [(r["call"], r["reason"]) for r in poller.reports()] == [("fail", "KeyError")]


@pytest.mark.parametrize("name", ["not_json", "too_big"])
def test_unencodable_or_oversized_result_fails_the_task(poller: _StubPoller, name: str) -> None:
    spawn(poller, "tok", _task(_PREFIX + name), heartbeat=0)  # type: ignore[arg-type]
    [report] = poller.reports()
    assert report["call"] == "fail"
    assert report["reason"].startswith("cannot complete task activity-7: ")


def test_unknown_activity_fails_the_task(poller: _StubPoller) -> None:
    spawn(poller, "tok", _task("nope.missing"), heartbeat=0)  # type: ignore[arg-type]
    [report] = poller.reports()
    assert (report["call"], report["reason"]) == ("fail", "unknown activity nope.missing")


@pytest.mark.parametrize("raw", ["{not json", "42", '{"args": 1}', '{"kwargs": []}'])
def test_undecodable_input_fails_the_task(poller: _StubPoller, raw: str) -> None:
    spawn(poller, "tok", _task(_PREFIX + "double", raw_input=raw), heartbeat=0)  # type: ignore[arg-type]
    [report] = poller.reports()
    assert report["call"] == "fail"
    assert report["reason"].startswith("invalid activity input: ")


def test_killed_child_is_reported_with_its_exit_code(poller: _StubPoller, tmp_path: Path) -> None:
    spawn(poller, "tok", _task(_PREFIX + "kill_self", [str(tmp_path)]), heartbeat=0)  # type: ignore[arg-type]
    [pid] = read_pids(tmp_path, "activity")
    [report] = poller.reports()
    assert report["call"] == "fail"
    assert report["reason"] == f"process {pid} died: exit code -9"
    assert report["pid"] == os.getpid()  # reported by the parent


def test_crashing_child_is_reported(poller: _StubPoller) -> None:
    spawn(poller, "tok", _task(_PREFIX + "segfault", []), heartbeat=0)  # type: ignore[arg-type]
    [report] = poller.reports()
    assert report["call"] == "fail"
    assert report["reason"].endswith("died: exit code -11")


@pytest.mark.parametrize(
    ("name", "args", "code"),
    [("exit_process", [0], "0"), ("exit_process", [3], "3"), ("builtin_exit", [], "None")],
)
def test_activity_calling_exit_is_failed_at_once_naming_the_exit(
    poller: _StubPoller, name: str, args: list[Any], code: str
) -> None:
    spawn(poller, "tok", _task(_PREFIX + name, args), heartbeat=0)  # type: ignore[arg-type]
    [report] = poller.reports()
    assert report["call"] == "fail"
    assert report["reason"] == (
        f"activity {_PREFIX}{name} exited: sys.exit({code}) or exit() was called"
    )
    assert "SystemExit" in report["details"]


def test_child_ending_with_status_0_without_a_report_is_failed(poller: _StubPoller) -> None:
    spawn(poller, "tok", _task(_PREFIX + "vanish", []), heartbeat=0)  # type: ignore[arg-type]
    [report] = poller.reports()
    assert report["call"] == "fail"
    assert report["reason"].endswith("exited with status 0 without reporting a result")
    assert report["pid"] == os.getpid()  # reported by the parent


def test_activity_child_has_default_signal_handlers(poller: _StubPoller) -> None:
    previous = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
    for signum in previous:
        signal.signal(signum, lambda *_: None)  # as in a poller process
    try:
        spawn(poller, "tok", _task(_PREFIX + "signal_dispositions"), heartbeat=0)  # type: ignore[arg-type]
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    [report] = poller.reports()
    assert json.loads(report["result"]) == {"SIGTERM": True, "SIGINT": True}


def test_activity_reads_an_empty_stdin(poller: _StubPoller) -> None:
    spawn(poller, "tok", _task(_PREFIX + "read_stdin"), heartbeat=0)  # type: ignore[arg-type]
    [report] = poller.reports()
    assert json.loads(report["result"]) == ""


def test_outcome_is_reported_then_a_lingering_child_is_stopped(
    poller: _StubPoller,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(base, "OUTCOME_EXIT_WAIT_SEC", 0.3)
    spawn(poller, "tok", _task(_PREFIX + "linger_after_result", [str(tmp_path)]), heartbeat=0)  # type: ignore[arg-type]
    [pid] = read_pids(tmp_path, "activity")
    [report] = poller.reports()
    assert (report["call"], json.loads(report["result"])) == ("complete", "done")
    assert f"process {pid} still running 0.3 s after sending its outcome" in caplog.text
    assert not _is_running(pid)
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped by spawn


# -- heartbeats ------------------------------------------------------------------------


def test_heartbeats_while_the_activity_runs(poller: _StubPoller, tmp_path: Path) -> None:
    spawn(poller, "tok", _task(_PREFIX + "sleep", [0.6]), heartbeat=0.1)  # type: ignore[arg-type]
    calls = poller.calls()
    heartbeats = [c for c in calls if c["call"] == "heartbeat"]
    assert len(heartbeats) >= 3
    assert {c["pid"] for c in heartbeats} == {os.getpid()}
    assert [r["call"] for r in poller.reports()] == ["complete"]


def test_heartbeat_zero_disables_heartbeats(poller: _StubPoller) -> None:
    spawn(poller, "tok", _task(_PREFIX + "sleep", [0.3]), heartbeat=0)  # type: ignore[arg-type]
    assert [c["call"] for c in poller.calls()] == ["complete"]


def test_transient_heartbeat_errors_are_tolerated(tmp_path: Path) -> None:
    poller = _StubPoller(tmp_path / "calls.jsonl", [ResponseError("throttled"), RuntimeError("x")])
    spawn(poller, "tok", _task(_PREFIX + "sleep", [0.5]), heartbeat=0.1)  # type: ignore[arg-type]
    assert [r["call"] for r in poller.reports()] == ["complete"]


def _tree_started(directory: Path) -> bool:
    return bool(read_pids(directory, "activity")) and bool(read_pids(directory, "grandchild"))


@pytest.fixture
def tree_dir(tmp_path: Path) -> Iterator[Path]:
    directory = tmp_path / "tree"
    directory.mkdir()
    yield directory
    for pid in read_pids(directory, "activity") + read_pids(directory, "grandchild"):
        if _is_running(pid):
            os.kill(pid, signal.SIGKILL)


def test_cancel_requested_kills_the_tree_and_reports_canceled(
    tmp_path: Path, tree_dir: Path
) -> None:
    def cancel_once_started() -> dict[str, bool]:
        return {"cancelRequested": _tree_started(tree_dir)}

    poller = _StubPoller(tmp_path / "calls.jsonl", [cancel_once_started] * 200)
    spawn(poller, "tok", _task(_PREFIX + "sleep_with_grandchild", [str(tree_dir)]), heartbeat=0.05)  # type: ignore[arg-type]
    pids = read_pids(tree_dir, "activity") + read_pids(tree_dir, "grandchild")
    assert len(pids) == 2
    wait_until(lambda: not any(map(_is_running, pids)), what="activity tree stopped")
    assert [r["call"] for r in poller.reports()] == ["cancel"]
    details = json.loads(poller.reports()[0]["details"])
    assert details["reason"] == "cancel requested" and details["pid"] == pids[0]


def test_activity_raising_task_canceled_is_reported_canceled(tmp_path: Path) -> None:
    poller = _StubPoller(tmp_path / "calls.jsonl")
    spawn(poller, "tok", _task(_PREFIX + "stops_on_request", []), heartbeat=0.05)  # type: ignore[arg-type]
    assert [(r["call"], r["details"]) for r in poller.reports()] == [("cancel", "cleaned up")]


def test_task_gone_on_heartbeat_kills_the_tree(tmp_path: Path, tree_dir: Path) -> None:
    def gone_once_started() -> Any:
        if _tree_started(tree_dir):
            return DoesNotExistError("Unable to send heartbeat.\n", "Unknown execution: x")
        return {"cancelRequested": False}

    poller = _StubPoller(tmp_path / "calls.jsonl", [gone_once_started] * 200)
    spawn(poller, "tok", _task(_PREFIX + "sleep_with_grandchild", [str(tree_dir)]), heartbeat=0.05)  # type: ignore[arg-type]
    pids = read_pids(tree_dir, "activity") + read_pids(tree_dir, "grandchild")
    assert len(pids) == 2
    wait_until(lambda: not any(map(_is_running, pids)), what="activity tree stopped")
    assert poller.reports() == []


def test_process_task_runs_in_the_current_process(poller: _StubPoller) -> None:
    process_task(poller, "tok", _task(_PREFIX + "double", [1]))  # type: ignore[arg-type]
    assert [(r["call"], r["pid"]) for r in poller.reports()] == [("complete", os.getpid())]


# -- ActivityPoller ----------------------------------------------------------------------


class _Workflow:
    name = "process-wf"


class _Executor:
    _workflow = _Workflow()


def test_activity_poller_name_and_attributes() -> None:
    poller = ActivityPoller(Domain("process-test"), "tasks", _Executor(), heartbeat=5)
    assert poller.name == "ActivityPoller(process-wf)"
    assert poller.nb_retries == 3
    assert poller.task_list == "tasks"
    assert poller._heartbeat == 5


def test_fail_cuts_reason_and_details(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    sent: list[tuple[str | None, str | None]] = []

    def record(
        self: Any, token: str, details: str | None = None, reason: str | None = None
    ) -> None:
        sent.append((reason, details))

    monkeypatch.setattr(swf.actors.ActivityWorker, "fail", record)
    poller = ActivityPoller(Domain("process-test"), "tasks", _Executor())
    poller.fail("tok", _task("x.y"), reason="r" * 300, details="d" * 40000)
    assert sent == [("r" * 256, "d" * 32768)]
    assert "reason too long (300 > 256 characters), truncated" in caplog.text


def test_fail_errors_are_logged_not_raised(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def gone(self: Any, token: str, details: str | None = None, reason: str | None = None) -> None:
        raise DoesNotExistError("Unable to fail activity task.\n", "Unknown execution: x")

    monkeypatch.setattr(swf.actors.ActivityWorker, "fail", gone)
    poller = ActivityPoller(Domain("process-test"), "tasks", _Executor())
    poller.fail("tok", _task("x.y"), reason="r")
    assert "cannot fail task x.y" in caplog.text
