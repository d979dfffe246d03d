"""S3 unreachable or refusing: readable reasons, and no task lost (features §11.4)."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from simpleflow import format, storage
from simpleflow.swf.executor import Executor
from simpleflow.swf.process.worker.base import ActivityWorker
from swf.models import Domain
from swf.models.activity import ActivityTask as SwfActivityTask
from swf.responses import Response
from tests.simpleflow.swf._workflows import (
    ChainWorkflow,
    FakeDomain,
    increment,
    new_history,
)

pytestmark = pytest.mark.integration

REFERENCE = "simpleflow+s3://some-bucket/0b8e5a4e-8b53-4d7c-9bb3-0e0b5e2b3d6a 40000"


class _Denied(http.server.BaseHTTPRequestHandler):
    """An S3 endpoint that answers 403 AccessDenied to everything."""

    def _deny(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        body = (
            b'<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code>'
            b"<Message>Access Denied</Message></Error>"
        )
        self.send_response(403)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_PUT = do_HEAD = do_POST = _deny

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def denied_s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Denied)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", url)
    monkeypatch.setenv("SIMPLEFLOW_JUMBO_FIELDS_BUCKET", "some-bucket")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture
def unreachable_s3(monkeypatch: pytest.MonkeyPatch) -> str:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", url)
    monkeypatch.setenv("SIMPLEFLOW_JUMBO_FIELDS_BUCKET", "some-bucket")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    return url


def test_unreachable_s3_is_a_readable_storage_error(unreachable_s3: str) -> None:
    with pytest.raises(storage.StorageError) as info:
        format.result("x" * 40_000)
    message = str(info.value)
    assert message.startswith(f"cannot reach S3 at {unreachable_s3} to store s3://some-bucket/")
    assert "AWS_ENDPOINT_URL_S3" in message


def test_access_denied_names_the_permissions(denied_s3: str) -> None:
    with pytest.raises(storage.StorageError) as info:
        format.decode(REFERENCE)
    message = str(info.value)
    assert "access denied to read s3://some-bucket/0b8e5a4e" in message
    assert "s3:GetObject, s3:PutObject" in message


class _Poller:
    """The reporting side of the activity poller: records what reaches SWF."""

    def __init__(self) -> None:
        self.failed: list[tuple[str | None, str | None]] = []
        self.completed: list[str] = []

    def fail(self, token: str, task: Any, reason: str | None = None, details: Any = None) -> None:
        self.failed.append((reason, details))

    def _complete(self, token: str, result: str) -> None:
        self.completed.append(result)


def _activity_task(input: str) -> SwfActivityTask:
    data = {
        "activityId": "activity-1",
        "activityType": {"name": increment.name, "version": increment.version},
        "input": input,
        "startedEventId": 3,
        "workflowExecution": {"workflowId": "w", "runId": "r"},
        "taskToken": "token",
    }
    return SwfActivityTask.from_poll(Domain("jumbo-test"), "default", data)


@pytest.fixture
def registered_increment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ActivityWorker, "dispatch", lambda self, task: increment)


def test_worker_fails_the_task_when_its_input_cannot_be_read(
    unreachable_s3: str, registered_increment: None
) -> None:
    poller = _Poller()
    ActivityWorker(None).process(poller, "token", _activity_task(REFERENCE))

    assert poller.completed == []
    [(reason, _)] = poller.failed
    assert reason is not None
    assert reason.startswith(f"cannot read the input of task {increment.name}: cannot reach S3")


def test_worker_fails_the_task_when_its_result_cannot_be_stored(
    denied_s3: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = type(increment)(lambda: "x" * 40_000, "pkg.tasks.big", "default", "default")
    monkeypatch.setattr(ActivityWorker, "dispatch", lambda self, task: big)
    poller = _Poller()
    ActivityWorker(None).process(poller, "token", _activity_task('{"args": []}'))

    assert poller.completed == []
    [(reason, details)] = poller.failed
    assert reason is not None and reason.startswith("cannot complete task activity-1: ")
    assert "access denied to store" in str(details)


def test_decider_leaves_the_decision_task_unanswered_when_s3_is_down(
    unreachable_s3: str,
) -> None:
    history = new_history(ChainWorkflow)
    history.add_decision_task_completed()
    history.add_activity_task(
        increment, decision_id=history.last_id, activity_id="activity-pkg.tasks.increment-1",
        input={"args": [1], "kwargs": {}}, result=2,
    )  # fmt: skip
    completed = history.events[-1]
    completed.result = REFERENCE
    history.add_decision_task_scheduled().add_decision_task_started()

    # No FailWorkflowExecution: the error reaches the decider loop, which logs it and does
    # not answer; SWF times the decision task out and schedules a new one.
    with pytest.raises(storage.StorageError, match="cannot reach S3"):
        Executor(FakeDomain(), ChainWorkflow).replay(Response(history=history))
