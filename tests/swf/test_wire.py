"""The lean request path (swf._wire) against botocore's, on the local engine and real sockets."""

from __future__ import annotations

import datetime
import http.server
import json
import os
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import botocore.auth
import botocore.awsrequest
import pytest

from simpleflow.local_server import LocalSWFServer
from swf import _wire, transport
from swf.exceptions import SWFConnectionError, SWFResponseError
from swf.transport import SWFConnection

DOMAIN = "wire-domain"
TASK_LIST = "wire-list"


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    for name in ("AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_MAX_ATTEMPTS", "AWS_RETRY_MODE"):
        monkeypatch.delenv(name, raising=False)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("SWF_LEAN_TRANSPORT", raising=False)
    transport.clear_client_cache()
    yield
    transport.clear_client_cache()


@pytest.fixture(scope="module")
def engine() -> Iterator[LocalSWFServer]:
    with LocalSWFServer(port=0) as server:
        server.register_domain(DOMAIN)
        yield server


@pytest.fixture
def conn(engine: LocalSWFServer, monkeypatch: pytest.MonkeyPatch) -> SWFConnection:
    monkeypatch.setenv("AWS_ENDPOINT_URL_SWF", engine.endpoint_url)
    connection = transport.connect()
    for name, version in (("wf", "1"), ("act", "1")):
        try:
            if name == "wf":
                connection.register_workflow_type(
                    DOMAIN, name, version, task_list=TASK_LIST, default_child_policy="TERMINATE",
                    default_execution_start_to_close_timeout=3600,
                    default_task_start_to_close_timeout=300,
                )  # fmt: skip
            else:
                connection.register_activity_type(
                    DOMAIN, name, version, task_list=TASK_LIST,
                    default_task_heartbeat_timeout=60, default_task_schedule_to_close_timeout=120,
                    default_task_schedule_to_start_timeout=60,
                    default_task_start_to_close_timeout=60,
                )  # fmt: skip
        except SWFResponseError as err:
            assert err.error_code == "TypeAlreadyExistsFault"
    return connection


def set_lean(monkeypatch: pytest.MonkeyPatch, on: bool) -> None:
    monkeypatch.setenv("SWF_LEAN_TRANSPORT", "1" if on else "0")


def count_botocore_calls(connection: SWFConnection) -> list[str]:
    """Names of the operations that went through botocore's client machinery."""
    seen: list[str] = []

    def handler(model: Any, **kwargs: Any) -> None:
        seen.append(model.name)

    for client in (connection.client, connection.poll_client):
        client.meta.events.register("before-call.swf.*", handler)
    return seen


def run_scenario(connection: SWFConnection, workflow_id: str) -> dict[str, Any]:
    """One workflow through every lean operation; returns the answers, ids normalised."""
    task_list = workflow_id  # its own task list: no task of another run
    run_id = connection.start_workflow_execution(DOMAIN, workflow_id, "wf", "1", task_list)["runId"]
    answers: dict[str, Any] = {}
    decision = connection.poll_for_decision_task(DOMAIN, task_list, identity="decider")
    answers["decision"] = decision
    schedule = {
        "decisionType": "ScheduleActivityTask",
        "scheduleActivityTaskDecisionAttributes": {
            "activityId": "a1",
            "activityType": {"name": "act", "version": "1"},
            "taskList": {"name": task_list},
            "input": "[1, 2]",
        },
    }
    answers["respond_decision"] = connection.respond_decision_task_completed(
        decision["taskToken"], [schedule], execution_context="ctx"
    )
    activity = connection.poll_for_activity_task(DOMAIN, task_list, identity="worker")
    answers["activity"] = activity
    answers["heartbeat"] = connection.record_activity_task_heartbeat(activity["taskToken"], "hb")
    answers["complete"] = connection.respond_activity_task_completed(activity["taskToken"], "3")
    answers["history"] = connection.get_workflow_execution_history(
        DOMAIN, run_id, workflow_id, maximum_page_size=100
    )
    return normalise(answers, {run_id: "RUN", workflow_id: "WID", task_list: "LIST"})


def normalise(value: Any, replacements: dict[str, str]) -> Any:
    """Tokens, times and ids differ between two runs; types and structure must not."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in ("taskToken", "eventTimestamp", "startedEventId", "previousStartedEventId"):
                out[key] = type(item).__name__
            else:
                out[key] = normalise(item, replacements)
        return out
    if isinstance(value, list):
        return [normalise(item, replacements) for item in value]
    if isinstance(value, str):
        return replacements.get(value, value)
    return value


# -- results and errors: lean equals botocore ------------------------------------------------


def test_every_lean_operation_answers_like_botocore(
    conn: SWFConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    botocore_calls = count_botocore_calls(conn)
    set_lean(monkeypatch, True)
    lean = run_scenario(conn, "lean-run")
    assert botocore_calls == ["StartWorkflowExecution"]  # the rest went the lean way

    set_lean(monkeypatch, False)
    reference = run_scenario(conn, "botocore-run")
    assert botocore_calls[1:] == [
        "StartWorkflowExecution",
        "PollForDecisionTask",
        "RespondDecisionTaskCompleted",
        "PollForActivityTask",
        "RecordActivityTaskHeartbeat",
        "RespondActivityTaskCompleted",
        "GetWorkflowExecutionHistory",
    ]

    assert lean == reference
    assert lean["heartbeat"] == {"cancelRequested": False}
    assert lean["respond_decision"] is None and lean["complete"] is None
    assert "ResponseMetadata" not in lean["history"]


def test_same_history_page_either_way(conn: SWFConnection, monkeypatch: pytest.MonkeyPatch) -> None:
    run_id = conn.start_workflow_execution(DOMAIN, "history-run", "wf", "1", TASK_LIST)["runId"]
    pages = []
    for on in (True, False):
        set_lean(monkeypatch, on)
        pages.append(conn.get_workflow_execution_history(DOMAIN, run_id, "history-run"))
    assert pages[0] == pages[1]
    assert pages[0]["events"][0]["eventType"] == "WorkflowExecutionStarted"


def error_of(call: Callable[[], Any]) -> SWFResponseError:
    with pytest.raises(SWFResponseError) as info:
        call()
    return info.value


def describe(err: SWFResponseError) -> tuple[Any, ...]:
    # request ids are unique per request: both paths must report one, or neither
    return (type(err), err.status, err.reason, err.body, err.error_code, bool(err.request_id))


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.respond_activity_task_completed("unknown-token", "x"),
        lambda c: c.respond_activity_task_failed("unknown-token", reason="r"),
        lambda c: c.record_activity_task_heartbeat("unknown-token"),
        lambda c: c.respond_decision_task_completed("unknown-token", []),
        lambda c: c.get_workflow_execution_history(DOMAIN, "no-run", "no-workflow"),
        lambda c: c.poll_for_activity_task("no-such-domain", TASK_LIST),
    ],
)
def test_faults_raise_the_same_exception_either_way(
    conn: SWFConnection, monkeypatch: pytest.MonkeyPatch, call: Callable[[SWFConnection], Any]
) -> None:
    set_lean(monkeypatch, True)
    lean = error_of(lambda: call(conn))
    set_lean(monkeypatch, False)
    reference = error_of(lambda: call(conn))
    assert describe(lean) == describe(reference)
    assert lean.status == 400 and lean.body["__type"].startswith("com.amazonaws.swf.base.model#")


def test_client_side_validation_error_is_botocores(
    conn: SWFConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad_decision = [{"decisionType": "ScheduleActivityTask", "unknownAttributes": {"x": 1}}]
    set_lean(monkeypatch, True)
    lean = error_of(lambda: conn.respond_decision_task_completed("token", [{**bad_decision[0]}]))
    set_lean(monkeypatch, False)
    reference = error_of(lambda: conn.respond_decision_task_completed("token", bad_decision))
    assert describe(lean) == describe(reference)
    assert lean.error_code == "ValidationException"


# -- the request on the wire -----------------------------------------------------------------


FROZEN = datetime.datetime(2026, 3, 4, 5, 6, 7, tzinfo=datetime.timezone.utc)


def capture_sent(connection: SWFConnection) -> list[Any]:
    """Record each prepared request at botocore's before-send event, answering ``{}``."""
    sent: list[Any] = []

    def handler(request: Any, **kwargs: Any) -> Any:
        sent.append(request)
        raw = botocore.awsrequest.AWSResponse(request.url, 200, {}, None)
        raw._content = b"{}"
        return raw

    for client in (connection.client, connection.poll_client):
        client.meta.events.register_first("before-send.swf.*", handler)
    return sent


CALLS: list[Callable[[SWFConnection], Any]] = [
    lambda c: c.poll_for_activity_task(DOMAIN, TASK_LIST, identity="me"),
    lambda c: c.respond_activity_task_completed("tok", result="é \u2603"),
    lambda c: c.respond_activity_task_failed("tok", details="d", reason="r"),
    lambda c: c.respond_activity_task_canceled("tok", details="d"),
    lambda c: c.record_activity_task_heartbeat("tok", details="d"),
    lambda c: c.poll_for_decision_task(DOMAIN, TASK_LIST, "me", 100, "page", True),
    lambda c: c.respond_decision_task_completed(
        "tok",
        [
            {
                "decisionType": "ScheduleActivityTask",
                "scheduleActivityTaskDecisionAttributes": {
                    "activityId": "a",
                    "activityType": {"name": "act", "version": "1"},
                    "startToCloseTimeout": 30,
                    "input": None,
                },
            }
        ],
        "ctx",
    ),
    lambda c: c.get_workflow_execution_history(DOMAIN, "run", "wid", 10, "page", False),
]


@pytest.mark.parametrize("endpoint", [None, "http://127.0.0.1:4599"])
def test_lean_request_is_botocores_byte_for_byte(
    monkeypatch: pytest.MonkeyPatch, endpoint: str | None
) -> None:
    """Same URL, body, target, content type and signature (same credentials, same time)."""
    if endpoint is None:
        monkeypatch.delenv("AWS_ENDPOINT_URL_SWF", raising=False)
        monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    else:
        monkeypatch.setenv("AWS_ENDPOINT_URL_SWF", endpoint)
    monkeypatch.setenv("AWS_SESSION_TOKEN", "session-token")
    monkeypatch.setattr(botocore.auth, "get_current_datetime", lambda: FROZEN.replace(tzinfo=None))
    requests: dict[bool, list[Any]] = {}
    for on in (True, False):
        set_lean(monkeypatch, on)
        transport.clear_client_cache()
        connection = transport.connect()
        requests[on] = capture_sent(connection)
        for call in CALLS:
            call(connection)
    signed = ("X-Amz-Target", "Content-Type", "X-Amz-Date", "X-Amz-Security-Token")
    assert len(requests[True]) == len(requests[False]) == len(CALLS)
    for lean, reference in zip(requests[True], requests[False], strict=True):
        assert (lean.method, lean.url, lean.body) == (
            reference.method,
            reference.url,
            reference.body,
        )
        for name in (*signed, "Authorization", "User-Agent"):
            assert text(lean.headers[name]) == text(reference.headers[name]), name
        assert "Signature=" in lean.headers["Authorization"]
    expected_url = endpoint + "/" if endpoint else "https://swf.us-east-1.amazonaws.com/"
    assert requests[True][0].url == expected_url
    body = json.loads(requests[True][6].body)
    timeout = body["decisions"][0]["scheduleActivityTaskDecisionAttributes"]["startToCloseTimeout"]
    assert timeout == "30"


def text(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else value


# -- faults: a real socket server answering what we ask ---------------------------------------


class FaultServer:
    """An HTTP/1.1 keep-alive server in a thread answering queued (status, body) pairs."""

    def __init__(self) -> None:
        self.answers: list[tuple[int, dict[str, Any]]] = []
        self.requests: list[tuple[str, Any]] = []  # (X-Amz-Target, client address)
        self.close_after = False
        self.closed: list[Any] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                self.rfile.read(length)
                outer.requests.append((self.headers["X-Amz-Target"], self.client_address))
                status, body = outer.answers.pop(0) if outer.answers else (200, {})
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/x-amz-json-1.0")
                self.send_header("Content-Length", str(len(payload)))
                self.send_header("x-amzn-RequestId", f"req-{len(outer.requests)}")
                self.end_headers()
                self.wfile.write(payload)
                if outer.close_after:
                    self.close_connection = True
                    outer.closed.append(self.client_address)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FaultServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def faults(monkeypatch: pytest.MonkeyPatch) -> Iterator[FaultServer]:
    with FaultServer() as server:
        monkeypatch.setenv("AWS_ENDPOINT_URL_SWF", server.url)
        yield server


SERVICE_UNAVAILABLE = (503, {"__type": "ServiceUnavailable", "message": "try later"})
THROTTLED = (
    400,
    {"__type": "com.amazon.coral.availability#ThrottlingException", "message": "slow"},
)


@pytest.mark.parametrize("fault", [SERVICE_UNAVAILABLE, THROTTLED], ids=["5xx", "throttling"])
def test_retryable_fault_is_handed_to_botocores_retries(
    faults: FaultServer, fault: tuple[int, dict[str, Any]]
) -> None:
    connection = transport.connect()
    botocore_calls = count_botocore_calls(connection)
    faults.answers = [fault, fault]
    assert connection.record_activity_task_heartbeat("tok") == {}
    # lean attempt, then botocore: one failed attempt and its retry
    assert [target for target, _ in faults.requests] == [
        "SimpleWorkflowService.RecordActivityTaskHeartbeat"
    ] * 3
    assert botocore_calls == ["RecordActivityTaskHeartbeat"]


@pytest.mark.parametrize("fault", [SERVICE_UNAVAILABLE, THROTTLED], ids=["5xx", "throttling"])
def test_retryable_fault_on_a_poll_is_raised_once_as_today(
    faults: FaultServer, monkeypatch: pytest.MonkeyPatch, fault: tuple[int, dict[str, Any]]
) -> None:
    errors = []
    for on in (True, False):
        set_lean(monkeypatch, on)
        faults.requests.clear()
        faults.answers = [fault]
        errors.append(error_of(lambda: transport.connect().poll_for_activity_task(DOMAIN, "l")))
        assert len(faults.requests) == 1  # a poll is never sent twice
    assert describe(errors[0]) == describe(errors[1])
    assert errors[0].status == fault[0]


def test_keep_alive_reuses_one_connection(faults: FaultServer) -> None:
    connection = transport.connect()
    for _ in range(3):
        connection.respond_activity_task_completed("tok")
    addresses = {address for _, address in faults.requests}
    assert len(faults.requests) == 3 and len(addresses) == 1


def closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.mark.parametrize("poll", [True, False])
def test_connection_refused_gives_todays_error(monkeypatch: pytest.MonkeyPatch, poll: bool) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_SWF", f"http://127.0.0.1:{closed_port()}")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "2")  # keep botocore's backoff short

    def call() -> None:
        connection = transport.connect()
        if poll:
            connection.poll_for_decision_task(DOMAIN, TASK_LIST)
        else:
            connection.respond_activity_task_completed("tok")

    messages = []
    for on in (True, False):
        set_lean(monkeypatch, on)
        transport.clear_client_cache()
        with pytest.raises(SWFConnectionError) as info:
            call()
        messages.append(str(info.value))
    assert messages[0] == messages[1]
    assert "EndpointConnectionError" in messages[0]


def test_idle_connection_closed_by_the_server_is_not_reused(faults: FaultServer) -> None:
    connection = transport.connect()
    botocore_calls = count_botocore_calls(connection)
    faults.close_after = True  # closes each socket after answering, without saying so
    connection.respond_activity_task_completed("tok")
    wait_until(lambda: len(faults.closed) == 1)
    connection.respond_activity_task_completed("tok")
    assert len({address for _, address in faults.requests}) == 2
    assert botocore_calls == []  # detected before sending: no failed attempt, no fallback


def wait_until(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


# -- configuration ---------------------------------------------------------------------------


def test_credentials_are_refreshed_per_call(
    faults: FaultServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A credential_process profile: credentials expire at once, each call gets new ones."""
    counter = tmp_path / "count"
    script = tmp_path / "creds.py"
    script.write_text(
        "import datetime, json, pathlib\n"
        f"path = pathlib.Path({str(counter)!r})\n"
        "n = int(path.read_text()) + 1 if path.exists() else 1\n"
        "path.write_text(str(n))\n"
        "expires = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=1)\n"
        "print(json.dumps({'Version': 1, 'AccessKeyId': f'KEY{n}', 'SecretAccessKey': 's',"
        " 'Expiration': expires.isoformat()}))\n"
    )
    config = tmp_path / "config"
    config.write_text(f"[profile rotating]\ncredential_process = {sys.executable} {script}\n")
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_PROFILE", "rotating")
    connection = transport.connect()
    sent = []

    def spy(request: Any, **kwargs: Any) -> None:
        sent.append(request.headers["Authorization"])

    connection.client.meta.events.register("before-send.swf.*", spy)
    connection.respond_activity_task_completed("tok")
    connection.respond_activity_task_completed("tok")
    assert connection._wire is not None
    keys = [auth.split("Credential=")[1].split("/")[0] for auth in sent]
    assert len(keys) == 2 and keys[0] != keys[1]  # a fresh key for each call
    assert int(counter.read_text()) >= 2


def test_forked_child_never_uses_the_parents_connection(faults: FaultServer) -> None:
    connection = transport.connect()
    connection.respond_activity_task_completed("parent")
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: report, then leave without running pytest's teardown
        try:
            connection.respond_activity_task_completed("child")
            os.write(write_fd, b"done")
        finally:
            os._exit(0)
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as reader:
        assert reader.read() == b"done"
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    connection.respond_activity_task_completed("parent")
    parent_first, child, parent_again = (address for _, address in faults.requests)
    assert child != parent_first
    assert parent_again == parent_first  # the parent's connection survived the child


def test_opt_out_variable_sends_everything_through_botocore(
    faults: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    connection = transport.connect()
    botocore_calls = count_botocore_calls(connection)
    for value in ("0", "false", "off"):
        monkeypatch.setenv("SWF_LEAN_TRANSPORT", value)
        connection.respond_activity_task_completed("tok")
    monkeypatch.setenv("SWF_LEAN_TRANSPORT", "1")
    connection.respond_activity_task_completed("tok")
    assert botocore_calls == ["RespondActivityTaskCompleted"] * 3
    assert len(faults.requests) == 4


def test_proxies_and_other_retry_modes_keep_botocore(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_SWF", "http://10.1.2.3:4566")
    default = transport.connect()
    assert default.client is not None and default._wire is not None
    for name, value in (("HTTP_PROXY", "http://proxy.invalid:3128"), ("AWS_RETRY_MODE", "legacy")):
        transport.clear_client_cache()
        with monkeypatch.context() as patch:
            patch.setenv(name, value)
            connection = transport.connect()
            assert connection.client is not None
            assert connection._wire is None, name


def test_wire_is_disabled_by_recognised_values(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _wire.is_enabled()
    for value, enabled in (("0", False), ("No", False), ("1", True), ("yes", True)):
        monkeypatch.setenv("SWF_LEAN_TRANSPORT", value)
        assert _wire.is_enabled() is enabled
